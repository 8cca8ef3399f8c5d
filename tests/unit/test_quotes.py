"""Locating quotes: offsets are code points of the original file, whatever form the quote is written in."""

from __future__ import annotations

import pytest

from kg.errors import Problem
from kg.schema.model import EvidenceRef, Where
from kg.text.quotes import Located, QuoteIndex, locate

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
