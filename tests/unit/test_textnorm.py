from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.text.normalize import NormalizedText, fold_case, normalize_space, script_of, thai_digits_to_ascii


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


# A reference model: the plain character-by-character definition that the fast,
# regex-driven NormalizedText and fold_case must agree with on every input.
def _reference_view(original: str, join_thai: bool) -> tuple[str, list[int]]:
    chars: list[str] = []
    index: list[int] = []
    in_space = False
    for pos, ch in enumerate(original):
        if ch.isspace() or ch in "\u200b\ufeff":
            if not in_space:
                chars.append(" ")
                index.append(pos)
            in_space = True
        else:
            if join_thai and in_space and len(chars) >= 2 and "\u0e00" <= chars[-2] <= "\u0e7f" and "\u0e00" <= ch <= "\u0e7f":
                chars.pop()
                index.pop()
            chars.append(ch)
            index.append(pos)
            in_space = False
    return "".join(chars), index


def _reference_fold(text: str) -> str:
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


_SPACES = [chr(c) for c in range(0x3000 + 1) if chr(c).isspace()] + ["\u200b", "\ufeff"]


@settings(max_examples=600, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from([*_SPACES, "a", "Z", "ก", "้", "ข", "上", "İ", "Σ", "."]), max_size=24).map("".join), st.booleans())
def test_normalized_view_agrees_with_the_reference_model(original: str, join_thai: bool) -> None:
    view = NormalizedText(original, join_thai=join_thai)
    text, index = _reference_view(original, join_thai)
    assert view.text == text
    assert [view.index[i] for i in range(len(view.index))] == index
    assert fold_case(original) == _reference_fold(original)


def test_fold_case_agrees_with_the_reference_on_every_code_point() -> None:
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    assert fold_case(every) == _reference_fold(every)
    assert fold_case("ΟΔΟΣ") == "οδοσ"  # no context-dependent final sigma: one character, one fold


def test_offset_map_bounds() -> None:
    view = NormalizedText("a  b")
    assert view.index[-1] == 3
    with pytest.raises(IndexError):
        view.index[3]


def test_offset_map_is_a_sequence() -> None:
    view = NormalizedText("a \n b  c")
    assert list(view.index) == [0, 1, 4, 5, 7]
    assert view.index[1:] == [1, 4, 5, 7] and view.index[::-2] == [7, 4, 0]
