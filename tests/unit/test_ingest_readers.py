"""What kg ingest reads from each kind of file, and what it refuses (kg.ingest.readers, kg.ingest.pipeline's checks)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from kg.errors import CurationError, UsageError
from kg.ingest.pipeline import Metadata, expand_paths, manifest_entry, refuse_url
from kg.ingest.readers import clean_text, read_source
from kg.ingest.split import paragraphs
from tests.fixtures.ingest.pdf import make_pdf

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


def _refused(path: Path, *fragments: str) -> str:
    with pytest.raises(CurationError) as caught:
        read_source(path)
    text = str(caught.value)
    assert str(path) in text
    for fragment in fragments:
        assert fragment in text
    return text


# -- HTML -------------------------------------------------------------------------------


def test_html_main_text_keeps_the_article_and_drops_the_page_around_it() -> None:
    source = read_source(FIXTURES / "news.html")
    assert source.kind == "html"
    assert source.title == "Shanghai exchange deepens technology cooperation with Vietnam"
    text = source.text
    assert "The Shanghai Technology Exchange has set up long-term technology cooperation with Vietnam and Thailand" in text
    assert "上海技术交易所与越南、泰国建立了长期技术合作。" in text
    for boilerplate in ("About us", "Advertisement", "Copyright", "Privacy policy", "tracker", "analytics", "font-family"):
        assert boilerplate not in text
    # paragraphs, list items and table rows are separated by blank lines; a <br> stays a line break
    assert "next year,\nwith engineers from both countries." in text
    assert "\n\nTechnology transfer between universities and companies.\n\nTraining for young engineers" in text
    assert "Partner | Since\n\nVietnam | 2019" in text
    assert len(paragraphs(text)) == 8
    # what is saved is the extracted text as UTF-8: the manifest's checksum is this text's
    assert source.data == text.encode("utf-8") and text.endswith("\n") and not text.endswith("\n\n")


def test_html_in_its_declared_charset(tmp_path: Path) -> None:
    page = tmp_path / "gb.htm"
    body = "上海技术交易所与越南、泰国建立了长期技术合作。这是第二句话，内容比较长一些，以便正文提取能认出它来。"
    page.write_bytes(
        f'<html><head><meta charset="gb18030"><title>上海</title></head><body><article><p>{body}</p>'
        f"<p>第二段的文字也足够长，说明了合作的领域和时间。</p></article></body></html>".encode("gb18030")
    )
    source = read_source(page)
    assert source.text.startswith(body + "\n\n第二段")


def test_html_without_main_text_is_refused() -> None:
    _refused(FIXTURES / "no-text.html", "no main text found in the HTML page", "copy the article's text")


def test_empty_html_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_bytes(b"  \n")
    _refused(page, "the document is empty")


# -- PDF --------------------------------------------------------------------------------


def test_pdf_text_layer_with_pages_separated_by_blank_lines(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(make_pdf([["Shanghai and Vietnam (2019)", "signed a plan."], [], ["Second page."]], title="Annual  report"))
    source = read_source(pdf)
    assert source.kind == "pdf" and source.title == "Annual report"
    assert source.text == "Shanghai and Vietnam (2019)\nsigned a plan.\n\nSecond page.\n"
    assert source.data == source.text.encode("utf-8")


def test_scanned_pdf_is_refused_with_the_advice_to_ocr_it(tmp_path: Path) -> None:
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(make_pdf([[], []]))
    _refused(pdf, "the PDF has no text layer (2 page(s) without text: a scanned document?)", "OCR it first")


def test_damaged_and_encrypted_pdfs_are_refused(tmp_path: Path) -> None:
    damaged = tmp_path / "cut.pdf"
    damaged.write_bytes(make_pdf([["Some text."]])[:300])
    _refused(damaged, "not a readable PDF", "complete PDF")
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(make_pdf([["Secret text."]], password="pw"))  # noqa: S106 -- a test PDF's password
    _refused(locked, "the PDF is encrypted", "unencrypted copy")


# -- text files keep today's checks ---------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xef\xbb\xbfShanghai", "byte-order mark"),
        ("上海".encode("gb18030") + b"\x81\x30", "not valid UTF-8"),
        (b"%PDF-1.4\n\x00\x01", "binary"),
        (b"", "empty"),
        (b" \n\n", "no text"),
    ],
)
def test_text_files_keep_their_checks(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(content)
    _refused(path, message)


def test_a_text_file_is_saved_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "note.TXT"
    path.write_bytes(b"Line one\r\nline two  \n")
    source = read_source(path)
    assert source.kind == "text" and source.data == path.read_bytes() and source.title is None


def test_other_files_are_refused_by_name(tmp_path: Path) -> None:
    doc = tmp_path / "report.docx"
    doc.write_bytes(b"PK\x03\x04")
    _refused(doc, "unsupported file type '.docx'", ".txt, .html, .htm, .pdf")
    _refused(tmp_path / "missing.txt", "no such file")


def test_clean_text() -> None:
    assert clean_text("a\u2028b\r\nc\x07\n\n\n\nd  \n") == "a\nb\nc\n\nd\n"
    assert clean_text("e\u0301") == "\u00e9\n"  # NFC, as curators' quotes are
    assert clean_text(" \n\x0c\n") == ""


# -- arguments and options ------------------------------------------------------------------


@pytest.mark.parametrize("address", ["https://example.org/a.pdf", "http://example.org", "HTTP://EXAMPLE.ORG/x", "ftp://host/file.txt"])
def test_an_address_is_refused(address: str) -> None:
    with pytest.raises(UsageError, match=r"is an address, not a file: kg ingest reads no network\. Save the page"):
        refuse_url(address)
    with pytest.raises(UsageError, match=r"--url"):
        expand_paths(["note.txt", address])


def test_a_folder_gives_its_documents_sorted_and_not_its_subfolders(tmp_path: Path) -> None:
    for name in ("b.pdf", "a.txt", "c.HTML", "d.htm", "notes.md", ".hidden.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "e.txt").write_text("x", encoding="utf-8")
    single = tmp_path / "sub" / "e.txt"
    assert [p.name for p in expand_paths([single, tmp_path])] == ["e.txt", "a.txt", "b.pdf", "c.HTML", "d.htm"]
    (tmp_path / "empty").mkdir()
    with pytest.raises(UsageError, match=r"empty: no \.txt, \.html, \.htm, \.pdf file in this folder \(sub-folders are not read\)"):
        expand_paths([tmp_path / "empty"])


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"date": "2024-13-01"}, "--date: "),
        ({"date": "May 2024"}, "write it as YYYY-MM-DD"),
        ({"lang": "fr"}, "--lang 'fr': use en, zh, th"),
        ({"lang": "th,th"}, "names a language twice"),
        ({"lang": ","}, "--lang"),
        ({"url": "example.org/page"}, "--url: the address"),
        ({"url": "javascript:alert(1)"}, "--url: the address"),
        ({"title": "  "}, "--title is empty"),
        ({"publisher": ""}, "--publisher is empty"),
    ],
)
def test_metadata_options_are_checked(options: dict[str, str], message: str) -> None:
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace("[", r"\[")):
        Metadata.from_options(**options)


def test_metadata_in_the_manifest_entry() -> None:
    meta = Metadata.from_options(
        title="Report", publisher="Mekong Science Daily", date="2024-05-01", url="https://example.org/a", lang="en,zh"
    )
    assert meta.languages == ("en", "zh")
    sha = hashlib.sha256(b"x").hexdigest()
    entry = manifest_entry("007", "007_x.txt", sha, {"en": "Report"}, ["en", "zh"], meta, "the main text of a.html, extracted by kg ingest")
    assert entry.splitlines() == [
        '  - id: "007"',
        "    file: 007_x.txt  # the main text of a.html, extracted by kg ingest",
        f"    sha256: {sha}",
        "    title:",
        '      en: "Report"',
        "    languages: [en, zh]",
        '    publisher: "Mekong Science Daily"',
        '    date: "2024-05-01"',
        '    url: "https://example.org/a"',
        "    kind: unreviewed  # added by kg ingest; replace after review",
    ]
