"""Linking a new text to the registry, candidates, and near-duplicate aliases."""

from __future__ import annotations

from kg.ingest.draft import cooccurring_pairs
from kg.ingest.link import Alias, candidates, link
from kg.ingest.split import sentences
from kg.schema.model import Entity, Names, Where
from kg.text.mentions import MentionFinder

_W = Where("x", 1)
ENTITIES = [
    Entity("shanghai", "Municipality", Names({"en": "Shanghai", "zh": "上海", "th": "นครเซี่ยงไฮ้"}, {"th": ("เซี่ยงไฮ้",)}), _W),
    Entity("vietnam", "Country", Names({"en": "Vietnam", "zh": "越南", "th": "เวียดนาม"}, {}), _W),
    Entity(
        "ste",
        "TechnologyExchange",
        Names({"en": "Shanghai Technology Exchange", "zh": "上海技术交易所"}, {"en": ("STEX",)}),
        _W,
    ),
]


def test_links_every_mention_with_offsets_leftmost_longest() -> None:
    text = "上海技术交易所与越南合作。Shanghai Technology Exchange (STEX) is in Shanghai."
    found = [(m.entity, m.start, m.end, text[m.start : m.end]) for m in link(text, MentionFinder(ENTITIES))]
    assert found == [
        ("ste", 0, 7, "上海技术交易所"),
        ("vietnam", 8, 10, "越南"),
        ("ste", 13, 41, "Shanghai Technology Exchange"),
        ("ste", 43, 47, "STEX"),
        ("shanghai", 55, 63, "Shanghai"),
    ]


def test_new_thai_spelling_of_shanghai_is_a_candidate_flagged_as_alias() -> None:
    text = "นครเซี่ยงไฮ เป็นเมืองใหญ่ นครเซี่ยงไฮ มีท่าเรือ"
    cands = candidates(text, MentionFinder(ENTITIES), ENTITIES)
    top = cands[0]
    assert top.text == "นครเซี่ยงไฮ"
    assert top.count == 2
    assert top.alias is not None
    assert top.alias.entity == "shanghai"
    assert top.alias.how == "similar" and top.alias.ratio >= 0.8


def test_english_candidate_without_alias_and_containment_aliases() -> None:
    """A new name gets no alias; names too unlike a registered one to be "similar" are still flagged by containment.

    "Shanghai Municipal Government" contains the registered "Shanghai" (similarity at most
    2*8/35, under the threshold); "Technology" is contained in "Shanghai Technology Exchange"
    (at most 2*10/36).
    """
    text = "The Mekong Innovation Centre met Shanghai Municipal Government officials, and Technology officers of Vietnam."
    cands = {c.text: c.alias for c in candidates(text, MentionFinder(ENTITIES), ENTITIES)}
    assert cands == {
        "Mekong Innovation Centre": None,
        "Shanghai Municipal Government": Alias("shanghai", "Shanghai", 0.0, "contains"),
        "Technology": Alias("ste", "Shanghai Technology Exchange", 0.0, "contained"),
    }


def test_a_lone_company_name_is_a_candidate_but_sentence_starts_and_common_words_are_not() -> None:
    text = (
        "Projects with Huawei grew, as did Alibaba's cloud. Firstly, Customs cleared the goods under customs rules.\n"
        "Growth came from High-end products and the Chinese market. Exports grew; Policy matters, "
        "and policy is made by Shanghai Technology Exchange staff, whom Huawei trains."
    )
    found = {c.text: c.count for c in candidates(text, MentionFinder(ENTITIES), ENTITIES)}
    assert found["Huawei"] == 2 and found["Alibaba"] == 1  # possessive dropped
    assert "Chinese" in found  # a demonym looks like a name: the ignore file takes it (with a reason)
    assert not {"Projects", "Firstly", "Customs", "Growth", "High", "Exports", "Policy"} & found.keys()
    # sentence starts, discourse adverbs, compound adjectives and words also written in lower case


def test_registered_names_are_not_candidates() -> None:
    text = "上海技术交易所与越南合作。"
    assert all(c.text != "上海技术交易所" for c in candidates(text, MentionFinder(ENTITIES), ENTITIES))


def test_cooccurring_pairs_are_per_sentence() -> None:
    text = "上海技术交易所与越南合作。上海很大。"
    mentions = link(text, MentionFinder(ENTITIES))
    pairs = cooccurring_pairs(text, mentions, sentences(text))
    assert [(p.a, p.b, p.sentence.text) for p in pairs] == [("ste", "vietnam", "上海技术交易所与越南合作。")]


def _reference_alias(text: str, names: list[tuple[str, str]]) -> tuple[str, str, float, str] | None:
    """The alias choice by a full scan: difflib ratio on every name, then containment."""
    import difflib

    from kg.ingest.link import ALIAS_RATIO, MIN_CONTAINED

    key = text.casefold().replace(" ", "")
    best: tuple[str, str, float, str] | None = None
    for ent_id, name in names:
        other = name.casefold().replace(" ", "")
        ratio = difflib.SequenceMatcher(None, key, other, autojunk=False).ratio()
        if ratio >= ALIAS_RATIO and (best is None or ratio > best[2]):
            best = (ent_id, name, round(ratio, 3), "similar")
    if best is not None:
        return best
    for ent_id, name in names:
        other = name.casefold().replace(" ", "")
        if len(other) >= MIN_CONTAINED and other in key:
            return (ent_id, name, 0.0, "contains")
        if len(key) >= MIN_CONTAINED and key in other:
            return (ent_id, name, 0.0, "contained")
    return None


def test_bounded_alias_search_chooses_what_a_full_scan_chooses() -> None:
    """The length and character-count bounds only skip names that could not win."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from kg.ingest.link import _best_alias, fold

    names = [("a", "Shanghai Technology Exchange"), ("b", "Shanghai"), ("c", "Shanghai Tech Exchange"), ("d", "STEX"), ("e", "Technology")]
    folded = [(i, n, fold(n)) for i, n in names]
    alphabet = st.sampled_from(list("ShanghiTecloyExSTX "))

    @settings(max_examples=400, deadline=None, derandomize=True)
    @given(
        st.one_of(st.sampled_from([n for _, n in names]), st.text(alphabet, min_size=1, max_size=30)).flatmap(
            lambda base: st.tuples(st.just(base), st.integers(0, len(base)), st.text(alphabet, max_size=4))
        )
    )
    def check(case: tuple[str, int, str]) -> None:
        base, at, insert = case
        text = (base[:at] + insert + base[at:]).strip() or "S"
        alias = _best_alias(text, folded)
        got = None if alias is None else (alias.entity, alias.name, alias.ratio, alias.how)
        assert got == _reference_alias(text, names)

    check()


def test_a_candidate_named_with_a_registered_entity_makes_a_statement_after_the_registered_ones() -> None:
    """Links to entities the registry lacks are proposed too, through the candidate's stub id."""
    from kg.ingest.analysis import analyse_text

    text = "Vietnam signed an agreement with Huawei on research. 上海技术交易所与越南合作。"
    found = analyse_text(text, ENTITIES, {})
    cands, pairs = found.candidates, found.pairs
    stubs = {c.text: c.stub for c in cands}
    assert stubs["Huawei"] == "huawei"
    # registered pairs first, though their sentence comes second
    assert [(p.a, p.b, p.new) for p in pairs] == [("ste", "vietnam", 0), ("huawei", "vietnam", 1)]
    assert pairs[1].sentence.text.startswith("Vietnam signed")


def test_a_stub_id_never_takes_a_registered_id() -> None:
    taken = [*ENTITIES, Entity("huawei", "Company", Names({"en": "Huawei Technologies"}, {}), _W)]
    cands = candidates("Vietnam works with Huawei, and Huawei grows.", MentionFinder(taken), taken)
    assert [c.stub for c in cands if c.text == "Huawei"] == ["candidate-1"]
