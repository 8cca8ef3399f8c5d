"""The source manifest: which documents exist, what they are, and their checksums.

Evidence offsets point into the exact bytes of each document, so the build refuses a
document whose SHA-256 differs from the manifest: a silently edited source would make
every offset after the edit wrong.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from ..errors import CurationError, Problem
from ..rdf.iri import http_iri_problem
from ..schema.model import DocumentMeta
from ..text.dates import DateFormatError, parse_date
from .yamlload import LineDict, load_yaml

__all__ = ["DOC_ID", "load_manifest", "read_document", "sha256_of"]

DOC_ID = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_-]{0,63}$")
_REQUIRED = ("id", "file", "sha256", "title", "languages", "kind")
_KNOWN = set(_REQUIRED) | {"publisher", "publisher_entity", "date", "description", "url"}
#: Languages the graph supports for labels and quotes.
LANGUAGES = ("en", "zh", "th")


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def load_manifest(path: Path, display: str, seeds_dir: Path) -> tuple[dict[str, DocumentMeta], list[Problem]]:
    """Read ``manifest.yaml`` and check each entry against the files on disk."""
    data = load_yaml(path, display)
    problems: list[Problem] = []
    if not isinstance(data, LineDict) or not isinstance(data.get("documents"), list):
        raise CurationError(
            [
                Problem(
                    display,
                    1,
                    "documents",
                    "the manifest needs a top-level 'documents:' list",
                    "see docs/curation.md for the manifest format",
                )
            ]
        )
    docs: dict[str, DocumentMeta] = {}
    for i, entry in enumerate(data["documents"]):
        where = f"documents[{i}]"
        if not isinstance(entry, LineDict):
            problems.append(
                Problem(
                    display, data.line_of("documents"), where, "each document must be a mapping", "write 'id:', 'file:', ... under '- '"
                )
            )
            continue
        missing = [k for k in _REQUIRED if k not in entry]
        for key in missing:
            problems.append(Problem(display, entry.line, f"{where}.{key}", "missing required field", f"add '{key}:'"))
        for key in sorted(set(entry) - _KNOWN):
            problems.append(
                Problem(display, entry.line_of(key), f"{where}.{key}", "unknown field", f"known fields: {', '.join(sorted(_KNOWN))}")
            )
        if missing:
            continue
        doc_id = entry["id"]
        if not isinstance(doc_id, str) or not DOC_ID.match(doc_id):
            problems.append(
                Problem(
                    display,
                    entry.line_of("id"),
                    f"{where}.id",
                    f"invalid document id {doc_id!r}",
                    "use a quoted string of letters, digits, '-' or '_', e.g. \"005\"",
                )
            )
            continue
        if doc_id in docs:
            problems.append(
                Problem(display, entry.line_of("id"), f"{where}.id", f"duplicate document id '{doc_id}'", "give each document its own id")
            )
            continue
        title = entry["title"]
        if not isinstance(title, dict) or not _str(title.get("en")):
            problems.append(
                Problem(display, entry.line_of("title"), f"{where}.title", "needs an English title ('en:')", "add 'en: ...' under 'title:'")
            )
            continue
        langs = entry["languages"]
        if not isinstance(langs, list) or not langs or any(lang not in LANGUAGES for lang in langs):
            problems.append(
                Problem(
                    display,
                    entry.line_of("languages"),
                    f"{where}.languages",
                    f"languages must be a non-empty list drawn from {list(LANGUAGES)}",
                    "e.g. 'languages: [th, en]'",
                )
            )
            continue
        date = None
        if entry.get("date") is not None:
            try:
                date = parse_date(entry["date"])
            except DateFormatError as exc:
                problems.append(
                    Problem(display, entry.line_of("date"), f"{where}.date", str(exc), "write the date as YYYY, YYYY-MM or YYYY-MM-DD")
                )
                continue
        url_problem = http_iri_problem(entry["url"]) if entry.get("url") is not None else None
        if url_problem:
            problems.append(
                Problem(
                    display,
                    entry.line_of("url"),
                    f"{where}.url",
                    f"the document's URL {url_problem}",
                    "give the http(s) address the document was taken from, or remove 'url:'",
                )
            )
            continue
        file_name = entry["file"]
        doc_path = seeds_dir / str(file_name)
        if not isinstance(file_name, str) or "/" in file_name or "\\" in file_name or not doc_path.is_file():
            problems.append(
                Problem(
                    display,
                    entry.line_of("file"),
                    f"{where}.file",
                    f"no such document file {file_name!r} in seeds/",
                    "copy the document into seeds/ and give its bare file name",
                )
            )
            continue
        actual = sha256_of(doc_path)
        if actual != entry["sha256"]:
            problems.append(
                Problem(
                    display,
                    entry.line_of("sha256"),
                    f"{where}.sha256",
                    f"checksum mismatch for {file_name}: file has {actual}",
                    "documents must stay byte-for-byte identical to their source; restore the file, or if the source really changed, update sha256 and re-check every quote",
                )
            )
            continue
        docs[doc_id] = DocumentMeta(
            id=doc_id,
            file=file_name,
            sha256=actual,
            title={str(k): str(v) for k, v in title.items()},
            languages=tuple(langs),
            publisher=_str(entry.get("publisher")) or "",
            date=date,
            kind=str(entry["kind"]),
            description=" ".join(str(entry.get("description") or "").split()),
            url=_str(entry.get("url")),
            publisher_entity=_str(entry.get("publisher_entity")),
        )
    return docs, problems


def read_document(path: Path, display: str) -> str:
    """Read a source document as UTF-8, with a clear error for anything else.

    Refused, each with its own message: an empty file, a byte-order mark (offsets would
    count it), UTF-16, NUL bytes (a binary file: the build must refuse what ``kg ingest``
    refuses, NUL being valid UTF-8) and bytes that are not UTF-8.
    """
    raw = path.read_bytes()
    if not raw:
        raise CurationError([Problem(display, 0, "", "the document is empty", "copy the document's text into the file")])
    if raw.startswith(b"\xef\xbb\xbf"):
        raise CurationError(
            [
                Problem(
                    display,
                    1,
                    "",
                    "the document starts with a UTF-8 byte-order mark",
                    "save it as UTF-8 without BOM, so offsets count from the first real character",
                )
            ]
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CurationError(
            [
                Problem(
                    display,
                    1,
                    "",
                    "the document is UTF-16 text (it starts with a UTF-16 byte-order mark), not UTF-8",
                    "convert it to UTF-8 without BOM, e.g. iconv -f UTF-16 -t UTF-8",
                )
            ]
        )
    if b"\x00" in raw:
        at = raw.index(b"\x00")
        raise CurationError(
            [
                Problem(
                    display,
                    raw[:at].count(b"\n") + 1,
                    "",
                    f"a binary file or UTF-16 text, not UTF-8 (NUL byte at byte offset {at})",
                    "extract the text first (e.g. pdftotext for a PDF), or convert UTF-16 with iconv -f UTF-16 -t UTF-8",
                )
            ]
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CurationError(
            [
                Problem(
                    display,
                    line,
                    "",
                    f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at byte offset {exc.start})",
                    "convert the document to UTF-8 (e.g. iconv -f GB18030 -t UTF-8 for Chinese, -f TIS-620 for Thai)",
                )
            ]
        ) from exc
