"""Language detection by script."""

from __future__ import annotations

from kg.ingest.detect import language_shares, languages


def test_single_scripts() -> None:
    assert languages("上海技术交易所与越南建立了合作。") == ["zh"]
    assert languages("นครเซี่ยงไฮ้เป็นเมืองใหญ่") == ["th"]
    assert languages("The Shanghai Technology Exchange.") == ["en"]


def test_bilingual_document_lists_both_largest_first() -> None:
    text = "นครเซี่ยงไฮ้เป็นเมืองใหญ่ของประเทศจีน\n\nShanghai is big."
    assert languages(text) == ["th", "en"]
    shares = language_shares(text)
    assert abs(sum(shares.values()) - 1) < 1e-3


def test_a_few_foreign_letters_do_not_count() -> None:
    text = "上海" * 100 + " CIIE"
    assert languages(text) == ["zh"]


def test_no_letters_defaults_to_english() -> None:
    assert languages("2023 — 12.5%") == ["en"]
