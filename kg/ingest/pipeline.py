"""``kg ingest``: check, copy and register a document, then write its draft curation.

Order matters so that a failure leaves nothing half-done: everything is read and
checked first (encoding, ids, existing files, the curation registry), every output is
rendered in memory, the new manifest text is parsed back to prove it is valid YAML,
and only then are the three files written, each atomically
(:func:`kg.build.output.write_atomic`).  The manifest is *appended to* as text, never
re-dumped, so its comments and layout stay exactly as the curators wrote them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..build.output import write_atomic
from ..curation.ignore import IGNORE_FILE, load_ignores
from ..curation.loader import load_curation
from ..curation.manifest import DOC_ID, read_document
from ..curation.yamlload import load_yaml, load_yaml_text
from ..errors import CurationError, KgError, Problem
from ..project import Project
from ..schema.ontology import load_ontology
from ..text.normalize import script_of
from .analysis import Analysis, analyse_text
from .detect import language_shares, languages
from .draft import render_draft

__all__ = ["IngestError", "IngestResult", "analyse", "ingest"]


class IngestError(KgError):
    """The document cannot be ingested (bad id, existing files); nothing was written."""

    exit_code = 1


@dataclass
class IngestResult:
    """What ingest found and wrote."""

    doc_id: str
    file: str
    sha256: str
    languages: list[str]
    shares: dict[str, float]
    analysis: Analysis
    written: list[Path] = field(default_factory=list)


def read_input(path: Path) -> str:
    """The document's text, refusing non-UTF-8, BOM, empty and binary files by name."""
    display = str(path)
    if not path.is_file():
        raise CurationError([Problem(display, 0, "", "no such file", "give the path of a plain-text (.txt) UTF-8 file")])
    text = read_document(path, display)
    if not text.strip():
        raise CurationError(
            [Problem(display, 0, "", "the document has no text (only whitespace)", "copy the document's text into the file")]
        )
    return text


def _manifest_ids(project: Project) -> list[str]:
    # The project's own loader, not yaml.safe_load: it also refuses aliases (an alias bomb
    # would make the walk below explode) and duplicate keys, naming the line.
    data = load_yaml(project.manifest, project.rel(project.manifest)) or {}
    if not isinstance(data, dict):
        return []
    return [str(e.get("id")) for e in data.get("documents") or [] if isinstance(e, dict)]


def next_id(existing: list[str]) -> str:
    """One more than the largest numeric id, zero-padded to three digits ("005")."""
    numbers = [int(i) for i in existing if i.isdigit()]
    return f"{(max(numbers) + 1) if numbers else 0:03d}"


def _title(text: str, path: Path) -> dict[str, str]:
    first = next((line.strip() for line in text.splitlines() if line.strip()), path.stem)
    first = first[:200]
    lang = script_of(first)
    title = {"en": first if lang == "en" else path.name}
    if lang != "en":
        title[lang] = first
    return title


def manifest_entry(doc_id: str, file: str, sha: str, title: dict[str, str], langs: list[str]) -> str:
    """The YAML text of one manifest entry, in the manifest's own layout."""
    lines = [
        f"  - id: {json.dumps(doc_id)}",
        f"    file: {file}",
        f"    sha256: {sha}",
        "    title:",
        *(f"      {lang}: {json.dumps(value, ensure_ascii=False)}" for lang, value in sorted(title.items())),
        f"    languages: [{', '.join(langs)}]",
        '    publisher: "unknown"',
        "    date: null",
        "    kind: unreviewed  # added by kg ingest; replace after review",
    ]
    return "\n".join(lines) + "\n"


def analyse(project: Project, text: str) -> Analysis:
    """:func:`analyse_text` against the project's registry (drafts included)."""
    curation = load_curation(project.root, load_ontology(project.ontology, project.rel(project.ontology)), include_drafts=True)
    ignores = load_ignores(project.root / IGNORE_FILE, IGNORE_FILE).get("*", {})
    return analyse_text(text, list(curation.entities.values()), ignores)


def ingest(project: Project, path: Path, doc_id: str | None = None) -> IngestResult:
    """Register ``path`` as a new document and write its draft curation.

    Raises
    ------
    CurationError
        The file is not usable UTF-8 text, or the project's curation is invalid.
    IngestError
        The id is invalid or taken, or a different file already has the target name.
    """
    text = read_input(path)
    raw = path.read_bytes()
    existing = _manifest_ids(project)
    doc_id = doc_id or next_id(existing)
    if not DOC_ID.match(doc_id):
        raise IngestError(f"invalid document id {doc_id!r}: use letters, digits, '-' or '_' (e.g. 005)")
    if doc_id in existing:
        raise IngestError(f"document id '{doc_id}' is already in {project.rel(project.manifest)}; choose another with --id")
    draft_path = project.curation / "documents" / f"{doc_id}.yaml"
    if draft_path.exists():
        raise IngestError(f"{project.rel(draft_path)} already exists; choose another id with --id or remove that file")
    sha = hashlib.sha256(raw).hexdigest()
    file_name = f"{doc_id}_{sha[:16]}.txt"
    target = project.seeds / file_name
    if target.exists() and target.read_bytes() != raw:
        raise IngestError(f"{project.rel(target)} exists with different content; refusing to overwrite it")
    langs = languages(text)
    title = _title(text, path)
    found = analyse(project, text)
    manifest_text = project.manifest.read_text(encoding="utf-8")
    if not manifest_text.endswith("\n"):
        manifest_text += "\n"
    manifest_text += manifest_entry(doc_id, file_name, sha, title, langs)
    try:
        parsed = load_yaml_text(manifest_text, project.rel(project.manifest))
        if parsed["documents"][-1]["id"] != doc_id:  # not an assert: python -O would skip the check
            raise ValueError(f"the last entry's id would not be {doc_id!r}")
    except (CurationError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise IngestError(f"appending to {project.rel(project.manifest)} would not give valid YAML ({exc}); nothing was written") from exc
    draft = render_draft(doc_id, title.get(langs[0], title["en"]), path.name, found)
    written = []
    if not target.exists():
        write_atomic(target, raw)
        written.append(target)
    write_atomic(project.manifest, manifest_text.encode("utf-8"))
    write_atomic(draft_path, draft.encode("utf-8"))
    written += [project.manifest, draft_path]
    return IngestResult(doc_id, file_name, sha, langs, language_shares(text), found, written)
