"""Locating quotes: offsets are code points of the original file, whatever form the quote is written in."""

from __future__ import annotations

import pytest

from kg.errors import Problem
from kg.schema.model import EvidenceRef, Where
from kg.text.normalize import NormalizedText
from kg.text.quotes import Located, QuoteIndex, locate, pin

TEXT = "Transactions worth US\\$57.83 billion were reached,\u00a0 among which US\\$4.72 billion"


def _ref(quote: str) -> EvidenceRef:
    return EvidenceRef("d", quote, None, Where("c.yaml", 7, "statements[0].quote"))


def test_located_quote_records_original_offsets() -> None:
    found = locate(_ref("reached, among which"), QuoteIndex({"d": TEXT}))
    assert isinstance(found, Located)
    assert TEXT[found.start : found.end] == "reached,\u00a0 among which"
    assert found.exact == "reached,\u00a0 among which" and found.lang == "en" and found.occurrences == 1


def test_missing_quote_says_where_it_diverges() -> None:
    found = locate(_ref("Transactions worth US$57.83 billion"), QuoteIndex({"d": TEXT}))
    assert isinstance(found, Problem)
    assert found.file == "c.yaml" and found.line == 7 and found.field == "statements[0].quote"
    assert "the first 21 of 35 characters match at line 1" in found.message
    assert "where the quote has '$57.83 billi'" in found.message


def test_repeated_quote_takes_the_first_and_counts() -> None:
    found = locate(_ref("billion"), QuoteIndex({"d": TEXT}))
    assert isinstance(found, Located) and found.occurrences == 2 and found.start == TEXT.index("billion")


NOT_NFC = "Universite\u0301 de Gene\u0300ve and \uf900 (a CJK compatibility ideograph)"


@pytest.mark.parametrize(
    ("quote", "start", "end"),
    [
        ("Universite\u0301 de Gene\u0300ve", 0, 22),  # as in the file: 20 letters and 2 combining accents
        ("Universit\u00e9 de Gen\u00e8ve", 0, 22),  # NFC, 20 code points, still the file's 22
        ("\uf900 (a CJK", 27, 35),  # the compatibility ideograph itself (NFC would turn it into U+8C48)
    ],
)
def test_a_quote_from_a_document_that_is_not_nfc_is_found_at_code_points_of_the_file(quote: str, start: int, end: int) -> None:
    found = locate(_ref(quote), QuoteIndex({"d": NOT_NFC}))
    assert isinstance(found, Located), quote
    assert (found.start, found.end) == (start, end)
    assert found.exact == NOT_NFC[start:end]  # the evidence is the file's own text, not the quote's form


# -- pin: a quote grown until it occurs once -------------------------------------------


def _pin(text: str, needle: str, nth: int, lo: int = 0, hi: int | None = None) -> str:
    """The quote :func:`pin` makes of the ``nth`` occurrence (0-based) of ``needle``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    s, e = pin(NormalizedText(text), start, start + len(needle), lo, len(text) if hi is None else hi)
    return text[s:e]


def test_a_unique_quote_stays_as_it_is() -> None:
    assert _pin("The centre opened in Pudong.", "centre", 0) == "centre"


def test_english_grows_a_whole_word_at_a_time_right_then_left() -> None:
    text = "The centre opened. A new centre opened. The centre closed."
    assert _pin(text, "centre", 1) == "new centre"  # "centre opened" occurs twice, so the left side grows next
    assert _pin(text, "centre", 2) == "centre closed"


def test_chinese_grows_a_character_at_a_time() -> None:
    text = "杜邦上海研发中心成立。支持杜邦上海研发中心开展合作。"
    assert _pin(text, "杜邦上海研发中心", 0) == "杜邦上海研发中心成"
    assert _pin(text, "杜邦上海研发中心", 1) == "杜邦上海研发中心开"


def test_thai_never_cuts_a_vowel_or_tone_mark_from_its_consonant() -> None:
    # the vowel after น comes with its consonant: "นำ", not a bare "ำ"
    assert _pin("ผู้นำ ผู้นำที่ดี ผู้นำ", "ผู้", 1) == "นำ ผู้"
    # เ is written before its consonant: "เป็", not a bare "เ"
    assert _pin("ไทย ไทยเป็น ไทย", "ไทย", 1) == "ไทยเป็"
    # ่ above ม: growing left takes "ม่" whole
    assert _pin("เมือง เมืองใหม่ เมือง", "เมือง", 2) == "ม่ เมือง"


def test_whitespace_matches_as_the_build_matches_and_is_never_at_the_ends() -> None:
    text = "Shanghai\u00a0Tech Exchange signed.\nShanghai Tech\nExchange hosted."
    assert _pin(text, "Shanghai", 1) == ".\nShanghai"  # the line break is inside, never at an end
    # within its sentence: "Shanghai Tech Exchange" occurs twice once the no-break space and
    # the line break read as spaces, so the quote needs the next word too
    second = text.index("\nShanghai") + 1
    assert _pin(text, "Shanghai", 1, lo=second) == "Shanghai Tech\nExchange hosted"


def test_a_quote_ambiguous_up_to_its_bounds_comes_back_as_wide_as_it_got() -> None:
    text = "共建实验室。共建实验室。"
    second = text.index("共建", 1)
    s, e = pin(NormalizedText(text), second, second + 2, second, len(text))
    assert text[s:e] == "共建实验室。"  # the whole sentence, still twice: the build will warn
