"""Paragraph and sentence splitting with offsets into the original text."""

from __future__ import annotations

from kg.ingest.split import paragraphs, sentences


def _check_offsets(text: str) -> list[str]:
    out = []
    for s in sentences(text):
        assert text[s.start : s.end] == s.text
        out.append(s.text)
    return out


def test_chinese_sentence_punctuation() -> None:
    text = "上海技术交易所成立了。它与越南合作！是吗？"
    assert _check_offsets(text) == ["上海技术交易所成立了。", "它与越南合作！", "是吗？"]


def test_chinese_closing_quote_stays_with_its_sentence() -> None:
    assert _check_offsets("他说：“好。”然后走了。") == ["他说：“好。”", "然后走了。"]


def test_english_periods_but_not_decimals() -> None:
    text = "Trade grew 3.5 percent.  See www.gov.cn for more. Done"
    assert _check_offsets(text) == ["Trade grew 3.5 percent.", "See www.gov.cn for more.", "Done"]


def test_english_line_wrap_does_not_split() -> None:
    assert _check_offsets("The Shanghai Technology\nExchange opened.") == ["The Shanghai Technology\nExchange opened."]


def test_thai_splits_on_spaces_between_thai_characters() -> None:
    text = "นครเซี่ยงไฮ้เป็นเมืองใหญ่  ตั้งอยู่ในประเทศจีน\nมีประชากรมาก"
    assert _check_offsets(text) == ["นครเซี่ยงไฮ้เป็นเมืองใหญ่", "ตั้งอยู่ในประเทศจีน", "มีประชากรมาก"]


def test_thai_space_around_latin_name_does_not_split() -> None:
    text = "การประชุม Shanghai Y50 Forum ครั้งที่ 2"
    assert _check_offsets(text) == [text]


def test_paragraphs_and_sentence_paragraph_numbers() -> None:
    text = "First one. Second.\n\n\n  新段落。\n"
    assert paragraphs(text) == [(0, 18), (23, 27)]
    assert [(s.text, s.paragraph) for s in sentences(text)] == [("First one.", 0), ("Second.", 0), ("新段落。", 1)]
