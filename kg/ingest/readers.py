"""The text of a document to ingest: a text file as it is, an HTML page's main text, a PDF's text layer.

Evidence offsets count code points in the file saved under ``seeds/``, so what is
saved is *text*: a ``.txt`` file byte for byte (refused unless it is UTF-8 without a
byte-order mark, as the build refuses it), and for a page or a PDF the text extracted
from it, as UTF-8.  The original HTML or PDF is not kept: its checksum would say
nothing about the text the quotes point into.

* **HTML** (``.html``, ``.htm``): trafilatura's main-text extraction, run on the file's
  bytes (it reads the page's declared charset; nothing is fetched, and the call runs
  under :func:`kg.netguard.network_lockdown` all the same).  Navigation, headers,
  footers, comments and scripts are left out; each paragraph, heading, list item and
  table row becomes a paragraph of its own, separated by a blank line, because the
  sentence splitter (:mod:`kg.ingest.split`) reads blank lines as paragraph ends.
* **PDF** (``.pdf``): pypdf's text layer, page by page, pages separated by a blank line.
  A PDF without one (a scan) is refused: it must be OCRed first.

Extracted text is NFC, has Unix line ends, no control characters, no trailing spaces
and ends with one line break (docs/decisions/0014-html-and-pdf-text-for-ingest.md).
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..curation.manifest import read_document
from ..errors import CurationError, Problem

__all__ = ["SUFFIXES", "SourceText", "clean_text", "read_source"]

#: The kind of each file name ending kg ingest reads.
SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html", ".pdf": "pdf"}
_SUPPORTED = ", ".join(SUFFIXES)
#: Control characters other than tab and line feed (a PDF's form feeds, stray NULs, ...).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_SEPARATORS = re.compile(r"\r\n?|[\u2028\u2029\x0c\x0b\x85]")


@dataclass(frozen=True)
class SourceText:
    """What ``kg ingest`` saves and analyses for one file.

    ``data`` is what goes to ``seeds/`` (its SHA-256 is the manifest's ``sha256``):
    the file's own bytes for a ``.txt``, else ``text`` as UTF-8.  ``title`` is the
    page's or PDF's own title where it declares one.
    """

    text: str
    data: bytes
    kind: str
    title: str | None = None


def _problem(path: Path, message: str, hint: str) -> CurationError:
    return CurationError([Problem(str(path), 0, "", message, hint)])


def clean_text(text: str) -> str:
    """Extracted text made fit to quote: NFC, ``\\n`` line ends, no control characters, no trailing spaces.

    >>> clean_text("Title \\r\\n\\r\\n\\r\\nBody\\x00 text\\x0cNext page\\n")
    'Title\\n\\nBody text\\nNext page\\n'
    """
    text = _LINE_SEPARATORS.sub("\n", unicodedata.normalize("NFC", text))
    text = _CONTROL.sub("", text)
    lines = [line.rstrip() for line in text.split("\n")]
    joined = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return joined + "\n" if joined.strip() else ""


def _element_text(element: Any) -> str:  # an lxml element (lxml has no type stubs here)
    """An element's text with ``<lb/>`` as a line break (trafilatura's XML tree)."""
    parts = [element.text or ""]
    for child in element:
        parts.append("\n" if child.tag == "lb" else _element_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _blocks(body: Any) -> Iterator[str]:
    """The paragraphs of trafilatura's main text: one per heading, paragraph, list item, table row, quote."""
    for element in body:
        if element.tag == "list":
            yield from (_element_text(item) for item in element if item.tag == "item")
        elif element.tag == "table":
            for row in element.iter("row"):
                yield " | ".join(" ".join(_element_text(cell).split()) for cell in row if cell.tag == "cell")
        else:
            yield _element_text(element)


def html_text(raw: bytes) -> tuple[str, str | None]:
    """The main text of an HTML page (paragraphs separated by blank lines) and its title.

    A page with little text goes through trafilatura's fallback, which keeps its text as
    lines of one paragraph (navigation included): such a page is better copied as text.
    """
    import trafilatura

    from ..netguard import network_lockdown

    with network_lockdown():  # trafilatura only parses here; the guard makes sure of it
        document = trafilatura.bare_extraction(
            raw, with_metadata=True, include_comments=False, include_tables=True, include_images=False, include_links=False
        )
    if document is None or isinstance(document, dict) or document.body is None:
        return "", None
    paragraphs = [clean_text(block).strip("\n") for block in _blocks(document.body)]
    title = " ".join((document.title or "").split()) or None
    return clean_text("\n\n".join(p for p in paragraphs if p)), title


@contextmanager
def _pypdf_quiet() -> Iterator[None]:
    """pypdf logs warnings about malformed PDFs; without a handler Python would print them on stderr."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR + 10)
    try:
        yield
    finally:
        logger.setLevel(level)


def pdf_text(raw: bytes, path: Path) -> tuple[str, str | None]:
    """The text layer of a PDF, pages separated by a blank line, and the title in its metadata.

    Raises
    ------
    CurationError
        The file is not a readable PDF, is encrypted, or has no text layer.
    """
    from pypdf import PdfReader

    with _pypdf_quiet():
        try:
            reader = PdfReader(io.BytesIO(raw))
            if reader.is_encrypted and not reader.decrypt(""):
                raise _problem(path, "the PDF is encrypted", "save an unencrypted copy (or its text as .txt) and ingest that")
            pages = [page.extract_text() or "" for page in reader.pages]
            meta_title = reader.metadata.title if reader.metadata else None
        except CurationError:
            raise
        except Exception as exc:  # pypdf raises many types on a damaged file; each means "not readable"
            raise _problem(
                path,
                f"not a readable PDF ({type(exc).__name__}: {exc})",
                "check that the file is a complete PDF (open it in a PDF viewer), or save its text as .txt and ingest that",
            ) from exc
    text = clean_text("\n\n".join(clean_text(page).strip("\n") for page in pages))
    if not text.strip():
        raise _problem(
            path,
            f"the PDF has no text layer ({len(pages)} page(s) without text: a scanned document?)",
            "OCR it first (e.g. ocrmypdf -l eng+chi_sim+tha in.pdf out.pdf) and ingest the result, or save its text as .txt",
        )
    title = " ".join(str(meta_title).split()) if isinstance(meta_title, str) else None
    return text, title or None


def read_source(path: Path) -> SourceText:
    """The text of ``path`` to save and analyse, by its file name ending (see :data:`SUFFIXES`).

    Raises
    ------
    CurationError
        Naming the file: missing, of an unsupported type, not UTF-8 text (``.txt``), or
        without text (an empty file, a page with no main text, a scanned PDF).
    """
    if not path.is_file():
        raise _problem(path, "no such file", f"give the path of a document ({_SUPPORTED}), or a folder of them")
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise _problem(
            path,
            f"unsupported file type {path.suffix or '(no extension)'!r}",
            f"give a {_SUPPORTED} file: save the document as PDF or as plain UTF-8 text (.txt) first",
        )
    if kind == "text":
        text = read_document(path, str(path))
        if not text.strip():
            raise _problem(path, "the document has no text (only whitespace)", "copy the document's text into the file")
        return SourceText(text, path.read_bytes(), kind)
    raw = path.read_bytes()
    if not raw.strip():
        raise _problem(path, "the document is empty", "save the page or PDF again")
    if kind == "html":
        text, title = html_text(raw)
        if not text.strip():
            raise _problem(
                path,
                "no main text found in the HTML page (only navigation, or text the page draws with JavaScript)",
                "copy the article's text from the browser into a .txt file and ingest that",
            )
    else:
        text, title = pdf_text(raw, path)
    return SourceText(text, text.encode("utf-8"), kind, title)
