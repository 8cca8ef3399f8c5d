"""``kg ingest``: check, copy and register documents, then write their draft curation.

Order matters so that a failure leaves nothing half-done: everything is read and
checked first (the file's text, the metadata, ids, existing files, the curation
registry), every output is rendered in memory, the new manifest text is parsed back to
prove it is valid YAML, and only then are the three files written, each atomically
(:func:`kg.build.output.write_atomic`).  The manifest is *appended to* as text, never
re-dumped, so its comments and layout stay exactly as the curators wrote them.

Several files are ingested one after the other (:func:`ingest_all`), each all or
nothing: one that fails is reported with its name and the others go on.  The
registry is loaded once for all of them (drafts add no entity until reviewed).

A document is known by the SHA-256 of its *saved text* (for a page or a PDF, the
extracted text: :mod:`kg.ingest.readers`), so the same file, or a page saved twice
that yields the same text, is refused with the id it already has.  No network is
used: an address is refused with the advice to save the page and pass the file.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..build.output import write_atomic
from ..curation.fields import text_value
from ..curation.ignore import IGNORE_FILE, load_ignores
from ..curation.manifest import DOC_ID, LANGUAGES
from ..curation.yamlload import load_yaml, load_yaml_text
from ..errors import CurationError, KgError, UsageError
from ..project import Project
from ..rdf.iri import http_iri_problem
from ..schema.model import Entity
from ..schema.ontology import load_ontology
from ..text.dates import DateFormatError, parse_date
from ..text.normalize import NormalizedText, fold_case, normalize_space, script_of
from .analysis import Analysis, analyse_text
from .detect import language_shares, languages
from .draft import render_draft
from .engine import Engine, load_training, train_engine
from .readers import SUFFIXES, read_source

__all__ = [
    "Failure",
    "IngestError",
    "IngestResult",
    "Metadata",
    "Registry",
    "analyse",
    "expand_paths",
    "ingest",
    "ingest_all",
    "load_registry",
    "manifest_entry",
    "name_key",
    "next_id",
    "problem_lines",
    "read_input",
    "refuse_url",
    "resolve_publisher",
]

#: An address rather than a file: ``https://``, ``ftp://``, ``file://``, ...
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


class IngestError(KgError):
    """The document cannot be ingested (bad id, existing files); nothing was written."""

    exit_code = 1


@dataclass(frozen=True)
class Metadata:
    """What the person ingesting knows about a document (``--title``, ``--publisher``, ...).

    Anything left ``None`` is guessed (title, languages) or written for review
    (``publisher: "unknown"``, ``date: null``).  Build it with :meth:`parse`, which
    checks each value as the manifest loader will, so that no entry is written that
    the build would refuse.
    """

    title: str | None = None
    publisher: str | None = None
    publisher_entity: str | None = None
    date: str | None = None
    url: str | None = None
    languages: tuple[str, ...] | None = None

    @classmethod
    def from_options(
        cls,
        title: str | None = None,
        publisher: str | None = None,
        date: str | None = None,
        url: str | None = None,
        lang: str | None = None,
    ) -> Metadata:
        """Check the options' values; a bad one is a :class:`~kg.errors.UsageError` naming the option and the fix.

        >>> Metadata.from_options(date="2024-05-01", lang="th, en").languages
        ('th', 'en')
        """
        for option, value in (("--title", title), ("--publisher", publisher)):
            if value is not None and text_value(value) is None:
                raise UsageError(f"{option} is empty: give the document's {option[2:]}, or leave the option out")
        if date is not None:
            try:
                parse_date(date)
            except DateFormatError as exc:
                raise UsageError(f"--date: {exc}; write it as YYYY-MM-DD (or YYYY-MM, YYYY)") from exc
        if url is not None:
            problem = http_iri_problem(url)
            if problem:
                raise UsageError(f"--url: the address {problem}; give the http(s) address the document was saved from")
        langs = None
        if lang is not None:
            langs = tuple(part.strip() for part in lang.split(",") if part.strip())
            bad = [part for part in langs if part not in LANGUAGES]
            if not langs or bad:
                raise UsageError(f"--lang {lang!r}: use {', '.join(LANGUAGES)} or a comma list of them (e.g. --lang th,en)")
            if len(set(langs)) != len(langs):
                raise UsageError(f"--lang {lang!r} names a language twice")
        return cls(
            title=text_value(title) if title is not None else None,
            publisher=text_value(publisher) if publisher is not None else None,
            date=date.strip() if date is not None else None,
            url=url.strip() if url is not None else None,
            languages=langs,
        )


@dataclass(frozen=True)
class Registry:
    """The registered entities (drafts included) and the coverage ignores, read once per run."""

    entities: list[Entity]
    ignores: dict[str, str]
    #: What types the suggestions: trained on the reviewed documents and the decisions of drafts in review.
    engine: Engine | None = None


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
    source: Path | None = None
    kind: str = "text"
    title: dict[str, str] = field(default_factory=dict)
    #: What typed the suggestions (what it was trained on, the drafts it left out).
    engine: Engine | None = None


@dataclass(frozen=True)
class Failure:
    """A file of several that could not be ingested; nothing of it was written."""

    source: Path
    error: KgError


def refuse_url(argument: str) -> None:
    """Refuse an address given where a file is expected: ``kg ingest`` never fetches.

    >>> refuse_url("report.pdf")
    >>> refuse_url("https://example.org/news/1")
    Traceback (most recent call last):
    ...
    kg.errors.UsageError: 'https://example.org/news/1' is an address, not a file: kg ingest reads no network. Save the page (or the PDF) and pass the file, with --url https://example.org/news/1 to record where it came from
    """
    if _URL.match(argument.strip()):
        raise UsageError(
            f"{argument!r} is an address, not a file: kg ingest reads no network. "
            f"Save the page (or the PDF) and pass the file, with --url {argument.strip()} to record where it came from"
        )


def expand_paths(arguments: Sequence[str | Path]) -> list[Path]:
    """The files to ingest, in order: each file as given, then each folder's documents sorted by name.

    A folder contributes the files directly inside it whose names end in ``.txt``,
    ``.html``, ``.htm`` or ``.pdf`` (not those of its sub-folders, nor hidden ones).
    A file given by name is kept whatever its type, so that it is reported, not skipped.

    Raises
    ------
    UsageError
        An argument is an address, or a folder holds no document.
    """
    for argument in arguments:
        refuse_url(str(argument))
    files: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found = sorted(
                (p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(".")),
                key=lambda p: p.name,
            )
            if not found:
                raise UsageError(f"{path}: no {', '.join(SUFFIXES)} file in this folder (sub-folders are not read)")
            files.extend(found)
        else:
            files.append(path)
    return files


def read_input(path: Path) -> str:
    """The text ``kg ingest`` would analyse for ``path`` (see :func:`kg.ingest.readers.read_source`)."""
    return read_source(path).text


def _manifest_entries(project: Project) -> list[dict[str, str]]:
    # The project's own loader, not yaml.safe_load: it also refuses aliases (an alias bomb
    # would make the walk below explode) and duplicate keys, naming the line.
    data = load_yaml(project.manifest, project.rel(project.manifest)) or {}
    if not isinstance(data, dict):
        return []
    return [
        {key: str(entry.get(key)) for key in ("id", "file", "sha256")} for entry in data.get("documents") or [] if isinstance(entry, dict)
    ]


def next_id(existing: list[str]) -> str:
    """One more than the largest numeric id, zero-padded to three digits ("005")."""
    numbers = [int(i) for i in existing if i.isdigit()]
    return f"{(max(numbers) + 1) if numbers else 0:03d}"


def _title(text: str, path: Path, given: str | None) -> dict[str, str]:
    """The manifest title: ``given``, else the first line; in English, or in its own script with the file name as English title."""
    first = given or next((line.strip() for line in text.splitlines() if line.strip()), path.stem)
    first = normalize_space(first)[:200]
    lang = script_of(first)
    title = {"en": first if lang == "en" else path.name}
    if lang != "en":
        title[lang] = first
    return title


def manifest_entry(
    doc_id: str,
    file: str,
    sha: str,
    title: dict[str, str],
    langs: list[str],
    meta: Metadata | None = None,
    origin: str | None = None,
) -> str:
    """The YAML text of one manifest entry, in the manifest's own layout.

    ``origin`` (a comment on the ``file:`` line) says what the text was extracted from.
    """
    meta = meta or Metadata()
    lines = [
        f"  - id: {json.dumps(doc_id)}",
        f"    file: {file}" + (f"  # {origin}" if origin else ""),
        f"    sha256: {sha}",
        "    title:",
        *(f"      {lang}: {json.dumps(value, ensure_ascii=False)}" for lang, value in sorted(title.items())),
        f"    languages: [{', '.join(langs)}]",
        f"    publisher: {json.dumps(meta.publisher or 'unknown', ensure_ascii=False)}",
        *([f"    publisher_entity: {meta.publisher_entity}"] if meta.publisher_entity else []),
        f"    date: {json.dumps(meta.date) if meta.date else 'null'}",
        *([f"    url: {json.dumps(meta.url)}"] if meta.url else []),
        "    kind: unreviewed  # added by kg ingest; replace after review",
    ]
    return "\n".join(lines) + "\n"


def load_registry(project: Project) -> Registry:
    """The registry ingest links against: every entity (drafts that load included), the ignores for all documents, and the suggestion engine.

    The engine trains on the reviewed documents and on the decisions of the drafts
    that load cleanly; a draft with a problem is left out (``engine.left_out`` says why).
    """
    ontology = load_ontology(project.ontology, project.rel(project.ontology))
    curation, left_out = load_training(project, ontology)
    ignores = load_ignores(project.root / IGNORE_FILE, IGNORE_FILE).get("*", {})
    return Registry(list(curation.entities.values()), ignores, train_engine(project, curation, ontology, left_out=left_out))


def analyse(project: Project, text: str) -> Analysis:
    """:func:`analyse_text` against the project's registry (drafts included)."""
    registry = load_registry(project)
    return analyse_text(text, registry.entities, registry.ignores, registry.engine)


def name_key(name: str) -> str:
    """A name as the mention finder compares it: whitespace-normalised, Thai spaces joined, case-folded.

    >>> name_key("Shanghai  Technology Exchange") == name_key("shanghai technology exchange")
    True
    """
    return fold_case(NormalizedText(normalize_space(name), join_thai=True).text)


def _is_draft_file(project: Project, rel: str) -> bool:
    """Whether the curation file ``rel`` says ``status: draft`` (its entities leave the build with it)."""
    path = project.root / rel
    if path.parent.name != "documents":
        return False
    data = load_yaml(path, rel)
    return isinstance(data, dict) and data.get("status") == "draft"


def resolve_publisher(project: Project, registry: Registry, meta: Metadata) -> Metadata:
    """``meta`` with ``publisher_entity`` set when ``--publisher`` is an entity's id or one of its names.

    An id gives the entity's English label as the publisher's name.  A name that several
    entities share, or none, stays plain text.

    Raises
    ------
    UsageError
        The publisher is an entity defined only in a draft: the build, which leaves
        drafts out, would not know it.
    """
    if meta.publisher is None or meta.publisher_entity is not None:
        return meta
    by_id = {e.id: e for e in registry.entities}
    entity = by_id.get(meta.publisher)
    name = meta.publisher
    if entity is None:
        key = name_key(meta.publisher)
        owners = [e for e in registry.entities if any(name_key(n) == key for _, n in e.names.all_names())]
        entity = owners[0] if len(owners) == 1 else None
    else:
        name = entity.names.pref["en"]
    if entity is None:
        return meta
    if _is_draft_file(project, entity.where.file):
        raise UsageError(
            f"--publisher {meta.publisher!r}: entity '{entity.id}' is defined in a draft ({entity.where.file}), which the build leaves out; "
            "review that file first, or give the publisher's name as text"
        )
    return replace(meta, publisher=name, publisher_entity=entity.id)


def _already(project: Project, entries: list[dict[str, str]], sha: str, data: bytes, source: Path, target: Path) -> None:
    """Refuse a text the project already has: in the manifest (by checksum) or as a file in ``seeds/``."""
    for entry in entries:
        if entry["sha256"] == sha:
            raise IngestError(
                f"{source}: already ingested as document {entry['id']} (seeds/{entry['file']} has the same text, SHA-256 {sha[:16]}…); "
                "nothing was written"
            )
    listed = {entry["file"] for entry in entries}
    for other in sorted(project.seeds.glob("*.txt")):
        if other.name in listed or other == target or other.stat().st_size != len(data):
            continue
        if other.read_bytes() == data:
            raise IngestError(
                f"{source}: the same text is already in {project.rel(other)}, which no manifest entry lists "
                "(left by an interrupted ingest?): delete that file, or register it in seeds/manifest.yaml; nothing was written"
            )


_ORIGIN = {"html": "the main text of {name}, extracted by kg ingest", "pdf": "the text layer of {name}, extracted by kg ingest"}


def ingest(
    project: Project,
    path: Path,
    doc_id: str | None = None,
    *,
    meta: Metadata | None = None,
    registry: Registry | None = None,
) -> IngestResult:
    """Register ``path`` (a ``.txt``, ``.html``/``.htm`` or ``.pdf`` file) as a new document and write its draft curation.

    Raises
    ------
    CurationError
        The file has no usable text, or the project's curation is invalid.
    IngestError
        The text is already ingested, the id is invalid or taken, or a different file
        already has the target name.
    UsageError
        The path is an address, or a metadata value is invalid.
    """
    refuse_url(str(path))
    source = read_source(path)
    registry = registry or load_registry(project)
    meta = resolve_publisher(project, registry, meta or Metadata())
    text, data = source.text, source.data
    entries = _manifest_entries(project)
    existing = [entry["id"] for entry in entries]
    doc_id = doc_id or next_id(existing)
    if not DOC_ID.match(doc_id):
        raise IngestError(f"invalid document id {doc_id!r}: use letters, digits, '-' or '_' (e.g. 005)")
    sha = hashlib.sha256(data).hexdigest()
    file_name = f"{doc_id}_{sha[:16]}.txt"
    target = project.seeds / file_name
    _already(project, entries, sha, data, path, target)
    if doc_id in existing:
        raise IngestError(f"document id '{doc_id}' is already in {project.rel(project.manifest)}; choose another with --id")
    draft_path = project.curation / "documents" / f"{doc_id}.yaml"
    if draft_path.exists():
        raise IngestError(f"{project.rel(draft_path)} already exists; choose another id with --id or remove that file")
    if target.exists() and target.read_bytes() != data:
        raise IngestError(f"{project.rel(target)} exists with different content; refusing to overwrite it")
    langs = list(meta.languages) if meta.languages else languages(text)
    title = _title(text, path, meta.title or source.title)
    found = analyse_text(text, registry.entities, registry.ignores, registry.engine)
    manifest_text = project.manifest.read_text(encoding="utf-8")
    if not manifest_text.endswith("\n"):
        manifest_text += "\n"
    origin = _ORIGIN[source.kind].format(name=normalize_space(path.name)) if source.kind in _ORIGIN else None
    manifest_text += manifest_entry(doc_id, file_name, sha, title, langs, meta, origin)
    try:
        parsed = load_yaml_text(manifest_text, project.rel(project.manifest))
        if parsed["documents"][-1]["id"] != doc_id:  # not an assert: python -O would skip the check
            raise ValueError(f"the last entry's id would not be {doc_id!r}")
    except (CurationError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise IngestError(f"appending to {project.rel(project.manifest)} would not give valid YAML ({exc}); nothing was written") from exc
    draft = render_draft(doc_id, title.get(langs[0], title["en"]), path.name, found)
    written = []
    if not target.exists():
        write_atomic(target, data)
        written.append(target)
    write_atomic(project.manifest, manifest_text.encode("utf-8"))
    write_atomic(draft_path, draft.encode("utf-8"))
    written += [project.manifest, draft_path]
    return IngestResult(doc_id, file_name, sha, langs, language_shares(text), found, written, path, source.kind, title, registry.engine)


def ingest_all(
    project: Project,
    files: Sequence[Path],
    meta: Metadata | None = None,
    doc_id: str | None = None,
    step: Callable[[Path, IngestResult | Failure | None], None] | None = None,
) -> list[IngestResult | Failure]:
    """Ingest ``files`` in order (ids follow one another); a file that fails is a :class:`Failure`, the rest go on.

    ``--id``, ``--title`` and ``--url`` describe one document, so they are refused with
    several files.  ``step`` is called before each file (with ``None``) and after it
    (with its outcome), for a progress display.

    Raises
    ------
    UsageError
        One-document options with several files, an address among the files, a bad publisher.
    CurationError
        The project's curation cannot be loaded (no file could be ingested).
    """
    meta = meta or Metadata()
    for argument in files:
        refuse_url(str(argument))
    if len(files) > 1:
        one_only = [flag for flag, value in (("--id", doc_id), ("--title", meta.title), ("--url", meta.url)) if value]
        if one_only:
            raise UsageError(
                f"{' and '.join(one_only)} describe{'s' if len(one_only) == 1 else ''} one document, and {len(files)} files were given: "
                "ingest that file on its own (the others get the next free ids)"
            )
    registry = load_registry(project)
    meta = resolve_publisher(project, registry, meta)
    results: list[IngestResult | Failure] = []
    for path in files:
        outcome: IngestResult | Failure
        if step is not None:
            step(path, None)
        try:
            outcome = ingest(project, path, doc_id, meta=meta, registry=registry)
        except KgError as exc:
            outcome = Failure(path, exc)
        results.append(outcome)
        if step is not None:
            step(path, outcome)
    return results


def problem_lines(error: KgError) -> list[str]:
    """An error as the lines to show, each problem of a curation error with its file."""
    if isinstance(error, CurationError):
        return [str(p) for p in error.problems]
    return [str(error)]
