from __future__ import annotations

from kg.schema.model import Entity, Names, Where
from kg.text.mentions import MentionFinder

W = Where("t.yaml", 1)


def _finder(*entities: tuple[str, dict[str, str], dict[str, tuple[str, ...]]]) -> MentionFinder:
    return MentionFinder(Entity(i, "City", Names(pref, alt), W) for i, pref, alt in entities)


def test_latin_names_need_word_boundaries_and_ignore_case() -> None:
    finder = _finder(("cas", {"en": "Chinese Academy of Sciences"}, {"en": ("CAS",)}))
    found = finder.find("The CAS case: the chinese academy of sciences.")
    assert [(m.entity, m.name) for m in found] == [("cas", "CAS"), ("cas", "chinese academy of sciences")]


def test_longest_match_wins() -> None:
    finder = _finder(
        ("shanghai", {"en": "Shanghai", "zh": "上海"}, {}), ("ste", {"en": "Shanghai Technology Exchange", "zh": "上海技术交易所"}, {})
    )
    assert [m.entity for m in finder.find("上海技术交易所与上海")] == ["ste", "shanghai"]
    assert [m.entity for m in finder.find("Shanghai Technology Exchange in Shanghai")] == ["ste", "shanghai"]


def test_thai_names_match_across_wrap_spaces() -> None:
    finder = _finder(("mofcom", {"en": "MOFCOM", "th": "กระทรวงการพาณิชย์แห่งสาธารณรัฐประชาชนจีน"}, {}))
    text = "จัดโดยกระทรวงการพาณิชย์แห่งสาธารณรัฐ ประชาชนจีนและ"
    [m] = finder.find(text)
    assert text[m.start : m.end] == "กระทรวงการพาณิชย์แห่งสาธารณรัฐ ประชาชนจีน"


def test_ambiguous_names_are_reported() -> None:
    finder = _finder(("a", {"en": "Center"}, {}), ("b", {"en": "Hub"}, {"en": ("Center",)}))
    assert finder.ambiguous() == {"center": ("a", "b")}
    assert sorted(m.entity for m in finder.find("the Center")) == ["a", "b"]


def test_one_character_names_are_not_searched() -> None:
    finder = _finder(("shanghai", {"en": "Shanghai"}, {"zh": ("沪",)}))
    assert finder.find("沪") == []


def test_acronyms_match_only_in_capitals() -> None:
    finder = _finder(("most", {"en": "Ministry of Science and Technology"}, {"en": ("MOST",)}))
    assert [m.name for m in finder.find("the most important: MOST and the ministry of science and technology")] == [
        "MOST",
        "ministry of science and technology",
    ]
