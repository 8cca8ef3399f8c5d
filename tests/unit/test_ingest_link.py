"""Linking a new text to the registry, candidates, and near-duplicate aliases."""

from __future__ import annotations

from kg.ingest.link import GENERIC_DF, Alias, Registry, candidates, english_label, guess_class, link, possible_alias
from kg.ingest.pairs import cooccurring_pairs
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


def test_containing_a_registered_name_is_no_alias() -> None:
    """A new name gets no alias, and neither does a name that merely contains or is contained in a registered one.

    "Shanghai Municipal Government" contains the registered "Shanghai" and is another thing;
    "Technology" is a word of "Shanghai Technology Exchange", not a short form of it.
    """
    text = "The Mekong Innovation Centre met Shanghai Municipal Government officials, and Technology officers of Vietnam."
    cands = {c.text: c.alias for c in candidates(text, MentionFinder(ENTITIES), ENTITIES)}
    assert cands == {"Mekong Innovation Centre": None, "Shanghai Municipal Government": None, "Technology": None}


def test_other_spellings_are_flagged_by_affix_initials_word_order_and_spelling() -> None:
    registry = [
        *ENTITIES,
        Entity("wu-qing", "Person", Names({"en": "Wu Qing", "zh": "吴清"}, {}), _W),
        Entity("plan", "Plan", Names({"en": "Belt and Road Science Cooperation Plan"}, {}), _W),
        Entity("lab", "Laboratory", Names({"en": "Zhangjiang Drug Laboratory"}, {}), _W),
        Entity("nas", "Academy", Names({"en": "National Academy of Sciences of Ukraine"}, {}), _W),
    ]
    reg = Registry.of(registry)
    assert possible_alias("上海市", "zh", reg) == Alias("shanghai", "上海", 0.0, "affix")
    assert possible_alias("Vice Mayor Wu Qing", "en", reg) == Alias("wu-qing", "Wu Qing", 0.0, "affix")
    assert possible_alias("NASU", "en", reg) == Alias("nas", "National Academy of Sciences of Ukraine", 0.0, "initials")
    assert possible_alias("Shanghai Technology Exchange Centre", "en", reg) is None
    moved = possible_alias("Plan for Science Cooperation on the Belt and Road", "en", reg)
    assert moved is not None and (moved.entity, moved.how) == ("plan", "word order")
    spelled = possible_alias("Zhang Jiang Drug Laboratory", "en", reg)
    assert spelled is not None and (spelled.entity, spelled.how) == ("lab", "similar")
    assert possible_alias("Zhangjiang Laboratory", "en", reg) is None  # "Drug" names another laboratory


def test_a_word_the_registry_uses_everywhere_singles_nothing_out() -> None:
    """Registered names made only of words many names share are not flagged as similar."""
    many = [Entity(f"e{k}", "Organisation", Names({"en": f"Shanghai Science Centre {k}"}, {}), _W) for k in range(GENERIC_DF)]
    reg = Registry.of([*many, Entity("c", "ResearchCentre", Names({"en": "Shanghai Science Centre"}, {}), _W)])
    assert reg.generic("shanghai", "en") and reg.generic("science", "en")
    assert possible_alias("Shanghai Sciences Centre", "en", reg) is None


def test_every_guessed_class_is_a_class_of_the_ontology() -> None:
    """The class tables and fallbacks name only classes the ontology declares."""
    from pathlib import Path

    from kg.ingest import link as module
    from kg.schema.ontology import load_ontology
    from kg.text.places import known_places

    onto = load_ontology(Path(__file__).resolve().parents[2] / "ontology" / "kg.ttl")
    used = {cls for cls, _ in module._ZH_HEADS.values()} | {cls for cls, _ in module._TH_HEADS.values()}
    used |= set(module._EN_HEADS.values()) | set(module._EN_HEADS_2.values()) | set(module._CATEGORY_CLASSES.values())
    used |= {p.cls for p in known_places().values()} | module.PLACE_CLASSES | {"PolicyDocument", "EconomicRegion"}
    assert used <= set(onto.entity_classes)


def test_class_guesses_places_heads_and_categories() -> None:
    reg = Registry.of(ENTITIES)
    guesses = {
        ("欧洲", "zh", "place"): "WorldRegion",
        ("Asia", "en", "name"): "WorldRegion",
        ("东盟", "zh", "place"): "InternationalOrganisation",
        ("越南社会主义共和国", "zh", "place"): "Country",
        ("มณฑลเซี่ยงไฮ้", "th", "place"): "Municipality",  # a registered place under a place word
        ("ภูมิภาคปักกิ่ง-เทียนจิน", "th", "place"): "EconomicRegion",
        ("东盟技术转移中心", "zh", "organisation"): "ResearchCentre",
        ("亚洲知识产权交易平台", "zh", "organisation"): "Platform",
        ("มหาวิทยาลัยฟูตัน", "th", "organisation"): "University",
        ("Ministry of Commerce", "en", "name"): "Ministry",
        ("Shanghai Pilot Free Trade Zone", "en", "name"): "FreeTradeZone",
        ("中俄科技企业研讨会", "zh", "event"): "Conference",
        ("Huawei", "en", "name"): "Actor",
    }
    assert {key: guess_class(*key, reg) for key in guesses} == guesses


def test_english_labels_from_known_parts_only() -> None:
    sjtu = Entity(
        "sjtu", "University", Names({"en": "Shanghai Jiao Tong University", "zh": "上海交通大学", "th": "มหาวิทยาลัยเจียวทง"}, {}), _W
    )
    fudan = Entity("fudan", "University", Names({"en": "Fudan", "th": "ฟูตัน"}, {}), _W)
    reg = Registry.of([*ENTITIES, sjtu, fudan])
    assert english_label("上海交通大学医学院", "zh", reg) == "Shanghai Jiao Tong University School of Medicine"
    assert english_label("越南技术转移中心", "zh", reg) == "Vietnam Technology Transfer Centre"
    assert english_label("上海交通大学附属医院", "zh", reg) is None  # 附属医院 is not a known part
    assert english_label("มหาวิทยาลัยฟูตัน", "th", reg) == "Fudan University"
    assert english_label("Mekong Innovation Centre", "en", reg) == "Mekong Innovation Centre"


def test_a_chinese_candidate_with_an_english_label_gets_its_slug_as_stub() -> None:
    text = "越南技术转移中心与越南合作。越南火炬研究院也来了。"
    cands = {c.text: c for c in candidates(text, MentionFinder(ENTITIES), ENTITIES)}
    centre = cands["越南技术转移中心"]
    assert (centre.label_en, centre.stub, centre.cls) == (
        "Vietnam Technology Transfer Centre",
        "vietnam-technology-transfer-centre",
        "ResearchCentre",
    )
    other = cands["越南火炬研究院"]
    assert other.label_en is None and other.stub.startswith("candidate-")


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
