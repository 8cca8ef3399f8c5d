"""Paragraph and sentence splitting with offsets into the original text."""

from __future__ import annotations

from pathlib import Path

from kg.ingest.split import MAX_LIST_SENTENCE, MAX_SENTENCE, paragraphs, sentences


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


# --- Thai: spaces that do not end a sentence ---------------------------------------


def test_thai_list_of_organisations_stays_one_sentence() -> None:
    text = (
        "เมื่อวันที่ 3 มีนาคม 2567 กระทรวงการคลัง สำนักงานสถิติแห่งชาติ กระทรวงศึกษาธิการ"
        " การท่าเรือแห่งประเทศไทย สถาบันวิจัยเศรษฐกิจ และมหาวิทยาลัยขอนแก่นได้ร่วมกันลงนามบันทึกความเข้าใจ"
        "  การลงนามดังกล่าวมีขึ้นที่กรุงเทพฯ"
    )
    assert _check_offsets(text) == [
        "เมื่อวันที่ 3 มีนาคม 2567 กระทรวงการคลัง สำนักงานสถิติแห่งชาติ กระทรวงศึกษาธิการ"
        " การท่าเรือแห่งประเทศไทย สถาบันวิจัยเศรษฐกิจ และมหาวิทยาลัยขอนแก่นได้ร่วมกันลงนามบันทึกความเข้าใจ",
        "การลงนามดังกล่าวมีขึ้นที่กรุงเทพฯ",
    ]


def test_thai_organiser_list_across_a_space_inside_a_name() -> None:
    # "organised by the Ministry of ... of the Republic | of China and the Bangkok government"
    text = "งานแสดงสินค้านานาชาติ จัดโดยกระทรวงพาณิชย์แห่งสาธารณรัฐ ประชาชนจีนและรัฐบาลกรุงเทพมหานคร"
    assert _check_offsets(text) == ["งานแสดงสินค้านานาชาติ", "จัดโดยกระทรวงพาณิชย์แห่งสาธารณรัฐ ประชาชนจีนและรัฐบาลกรุงเทพมหานคร"]


def test_thai_short_items_up_to_a_conjunction() -> None:
    text = "มีผู้แทนจาก ๔๐ ประเทศ ภูมิภาค และองค์การระหว่างประเทศ  งานนี้จัดเป็นครั้งที่สาม"
    assert _check_offsets(text) == ["มีผู้แทนจาก ๔๐ ประเทศ ภูมิภาค และองค์การระหว่างประเทศ", "งานนี้จัดเป็นครั้งที่สาม"]


def test_thai_list_opened_by_such_as() -> None:
    text = "ส่งเสริมสาขาวิชาต่าง ๆ เช่น คณิตศาสตร์ วิทยาศาสตร์และเทคโนโลยีอิเล็กทรอนิกส์ เวชศาสตร์คลินิก และวิศวกรรมโยธา"
    assert _check_offsets(text) == [text]


def test_thai_words_that_cannot_end_or_begin_a_sentence() -> None:
    assert _check_offsets("ผู้ว่าการเปิดเผยว่า เมืองจะสร้างสถานีใหม่") == ["ผู้ว่าการเปิดเผยว่า เมืองจะสร้างสถานีใหม่"]
    assert _check_offsets("พัฒนาอุทยานเดิม เป็นพื้นที่นำร่อง") == ["พัฒนาอุทยานเดิม เป็นพื้นที่นำร่อง"]
    assert _check_offsets("ส่งเสริมในพื้นที่ต่าง ๆ") == ["ส่งเสริมในพื้นที่ต่าง ๆ"]


def test_thai_space_inside_quotation_marks_does_not_split() -> None:
    text = "สร้างเมืองในรูปแบบ “เมืองเดียว อุทยานหลายแห่ง” เพื่อการพัฒนา"
    assert _check_offsets(text) == [text]


def test_thai_abbreviation_and_date_waiting_for_its_place() -> None:
    text = "การประชุมจัดขึ้นเมื่อวันที่ 15 พ.ค. ในกรุงเทพฯ มีพื้นที่ ๕๐๐ ตร.ม. ผู้เข้าร่วมมาจาก ๓๐ ประเทศ"
    assert _check_offsets(text) == ["การประชุมจัดขึ้นเมื่อวันที่ 15 พ.ค. ในกรุงเทพฯ", "มีพื้นที่ ๕๐๐ ตร.ม.", "ผู้เข้าร่วมมาจาก ๓๐ ประเทศ"]


def test_thai_clauses_joined_by_conjunctions_stop_at_the_cap() -> None:
    clause = "เมืองได้สร้างศูนย์วิจัยแห่งใหม่เพื่อสนับสนุนการพัฒนาเทคโนโลยีดิจิทัลของภูมิภาคอย่างต่อเนื่อง"
    text = " และ".join([clause] * 12)
    found = _check_offsets(text)
    assert len(found) > 1
    assert all(len(s) <= MAX_SENTENCE for s in found)


# --- Headings, numbers and bullets ---------------------------------------------------------


def test_heading_line_is_a_sentence_of_its_own_and_flagged() -> None:
    text = "Innovative Enterprises\nShanghai is home to many innovative companies."
    found = [(s.text, s.heading) for s in sentences(text)]
    assert found == [("Innovative Enterprises", True), ("Shanghai is home to many innovative companies.", False)]


def test_chinese_numbered_heading_does_not_merge_with_the_next_line() -> None:
    text = "（一）主要进展\n上海与越南建立了技术合作。"
    assert [(s.text, s.heading) for s in sentences(text)] == [("（一）主要进展", True), ("上海与越南建立了技术合作。", False)]


def test_numbered_line_keeps_its_number() -> None:
    text = "1. Strive to improve the city’s ability of aggregating resources\n\n2. Strengthening the system supply."
    found = [(s.text, s.heading) for s in sentences(text)]
    assert found == [
        ("1. Strive to improve the city’s ability of aggregating resources", True),
        ("2. Strengthening the system supply.", False),
    ]


def test_thai_heading_paragraph_and_statement_paragraph() -> None:
    text = "การพัฒนาต่อยอดเชิงพาณิชย์\n\nศูนย์วิจัยได้มีการก่อตั้งแล้ว\n\nภายในปี ค.ศ. 2025"
    found = [(s.text, s.heading) for s in sentences(text)]
    assert found == [("การพัฒนาต่อยอดเชิงพาณิชย์", True), ("ศูนย์วิจัยได้มีการก่อตั้งแล้ว", False), ("ภายในปี ค.ศ. 2025", True)]


def test_bullet_lines_are_sentences_not_headings() -> None:
    text = "  • เมืองจะจัดตั้งแพลตฟอร์มนวัตกรรม\n  • รวบรวมกลุ่มมหาวิทยาลัย สถาบันวิจัย และองค์กรนวัตกรรม"
    found = [(s.text, s.heading) for s in sentences(text)]
    assert found == [("• เมืองจะจัดตั้งแพลตฟอร์มนวัตกรรม", False), ("• รวบรวมกลุ่มมหาวิทยาลัย สถาบันวิจัย และองค์กรนวัตกรรม", False)]


def test_english_full_stop_inside_brackets_or_before_a_closing_quote() -> None:
    text = "It supports the Belt (Yangtze River. Economic Belt) plan. He said “go.” Then left."
    assert _check_offsets(text) == ["It supports the Belt (Yangtze River. Economic Belt) plan.", "He said “go.”", "Then left."]


def test_offsets_hold_on_every_seed_document(root: Path) -> None:
    for path in sorted((root / "seeds").glob("0*.txt")):
        text = path.read_text(encoding="utf-8")
        found = sentences(text)
        assert found, path
        assert all(text[s.start : s.end] == s.text and len(s.text) <= MAX_LIST_SENTENCE for s in found)
        assert [s.start for s in found] == sorted(s.start for s in found)
