from __future__ import annotations

from kg.textnorm import NormalizedText, fold_case, normalize_space, script_of, thai_digits_to_ascii


def test_nbsp_and_double_spaces_collapse_but_offsets_point_into_original() -> None:
    original = "Patent\u00a0 ownership\n\nper 10,000people"
    view = NormalizedText(original)
    assert view.text == "Patent ownership per 10,000people"
    [(start, end)] = view.find_original("ownership per 10,000people")
    assert original[start:end] == "ownership\n\nper 10,000people"
    assert view.line_of(start) == 1 and view.line_of(end - 1) == 3


def test_quote_with_its_own_whitespace_variants_matches() -> None:
    view = NormalizedText("กระทรวงการพาณิชย์แห่งสาธารณรัฐ ประชาชนจีน")
    assert view.find_original("กระทรวงการพาณิชย์แห่งสาธารณรัฐ\n  ประชาชนจีน") == [(0, 41)]


def test_join_thai_ignores_spaces_between_thai_characters_only() -> None:
    view = NormalizedText("สาธารณรัฐ ประชาชนจีน and China", join_thai=True)
    assert view.text == "สาธารณรัฐประชาชนจีน and China"
    start, end = view.to_original(0, len("สาธารณรัฐประชาชนจีน"))
    assert view.original[start:end] == "สาธารณรัฐ ประชาชนจีน"


def test_every_occurrence_is_found() -> None:
    assert NormalizedText("a b a  b").find_original("a b") == [(0, 3), (4, 8)]


def test_helpers() -> None:
    assert normalize_space("\u200b x \u00a0y ") == "x y"
    assert thai_digits_to_ascii("๒๕๖๑") == "2561"
    assert fold_case("İA") == "İa"  # length-preserving
    assert script_of("上海技术交易所") == "zh"
    assert script_of("ประเทศจีน (China)") == "th"
    assert script_of("US$4.72 billion") == "en"
