"""``kg ingest --refresh DOC``: draft an ingested document again, keeping what a person has reviewed.

A draft is refreshed when the registry has grown (new entities, new spellings in
``alt:``) or the analysis has improved: the document's text in ``seeds/`` is analysed
again and its draft rendered afresh (:func:`kg.ingest.draft.render_draft`, used as a
black box: YAML text whose ``entities:`` and ``statements:`` are empty, every proposal
commented out).  What the reviewer has already done is put back:

* the **reviewed items** — the uncommented entries under ``entities:`` and
  ``statements:`` — first under their keys, line for line as the reviewer wrote them;
* the other **top-level keys** the reviewer set (``modality:``, ``sections:``,
  ``notes:``, ``rejected:``); ``document:`` and ``status: draft`` come from the fresh draft;
* and proposals that repeat a reviewed item are dropped: a candidate statement with
  the quote and the participants (or subject and object) of a reviewed statement, a
  candidate entity with the id of a reviewed one;
* so are proposals the reviewer rejected (``rejected:``, kept as written like the
  other keys): a suggestion of the same kind and name (relation or kind of link), the
  same subject and object (a link's two participants in either order) and the same
  quote once whitespace is normalised, and a candidate entity whose name is a rejected
  candidate name.  A rejection is a decision about that suggestion only: the same two
  names suggested with another relation, or in another sentence, are proposed.

This works on the text, not on a re-dump of the YAML, so the reviewer's layout and
comments inside their items survive.  A proposal is a block of comment lines opening
with ``#  - `` and continued by deeper-indented comment lines; a line starting with
``#`` in column 0 is never part of a reviewed item.  Before anything is written the new
text is read back with the safe loader and must hold exactly the reviewed entities,
statements and keys of the old one.

Only drafts are refreshed: a file marked complete or partial is refused, so that no
reviewed curation is rewritten by a machine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..build.output import write_atomic
from ..curation.manifest import read_document, sha256_of
from ..curation.yamlload import load_yaml, load_yaml_text, plain_data
from ..errors import CurationError, UsageError
from ..project import Project
from ..schema.model import decision_key
from ..text.normalize import normalize_space
from .analysis import Analysis, analyse_text
from .draft import render_draft
from .engine import Engine
from .pipeline import IngestError, Registry, load_registry

__all__ = [
    "RefreshResult",
    "draft_file",
    "merge_reviewed",
    "named_entities",
    "proposal_blocks",
    "refresh",
    "saved_text",
    "top_level_regions",
]

#: A top-level key line: a key in column 0 (not a comment, a sequence item or indented).
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:(?=\s|$)")
#: The first line of a commented-out proposal: "#", spaces, "- ".
_PROPOSAL = re.compile(r"^#( *)- ")
#: Keys the fresh draft owns; every other top-level key of the old file is the reviewer's.
_FRESH_KEYS = ("document", "status")
_LISTS = ("entities", "statements")


@dataclass
class RefreshResult:
    """What a refresh kept, dropped and wrote."""

    doc_id: str
    analysis: Analysis
    kept_entities: int
    kept_statements: int
    kept_keys: list[str]
    dropped: int
    #: Proposals left out because the reviewer had rejected them (``rejected:``).
    rejected: int = 0
    written: list[Path] = field(default_factory=list)
    #: What typed the suggestions (what it was trained on, the drafts it left out).
    engine: Engine | None = None


def top_level_regions(lines: list[str]) -> dict[str, tuple[int, int]]:
    """Each top-level key's lines: from its key line up to the next key line (or the end)."""
    starts = [(m.group(1), i) for i, line in enumerate(lines) if (m := _TOP_KEY.match(line))]
    ends = [i for _, i in starts[1:]] + [len(lines)]
    return {key: (start, end) for (key, start), end in zip(starts, ends, strict=True)}


def _value_part(line: str) -> str:
    """What follows the key's colon, without an end-of-line comment (a rough cut, enough to tell 'empty')."""
    value = line.split(":", 1)[1]
    return re.sub(r"(^|\s)#.*$", "", value).strip()


def _reviewed_lines(lines: list[str], start: int, end: int) -> list[str]:
    """The reviewer's lines of one key: its key line and its uncommented body.

    Comment lines in column 0 (proposals, the generated notes) are dropped; indented
    comments and blank lines *between* reviewed lines are the reviewer's and stay.  An
    empty list: nothing was reviewed under this key.
    """
    body = lines[start + 1 : end]
    content = [i for i, line in enumerate(body) if line.strip() and not line.startswith("#")]
    if not content and _value_part(lines[start]) in ("", "null", "~", "[]", "{}"):
        return []
    kept = [line for line in body[content[0] : content[-1] + 1] if not line.startswith("#")] if content else []
    return [lines[start], *kept]


def proposal_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """The (start, end) line ranges of commented-out proposals among ``lines``."""
    blocks = []
    i = 0
    while i < len(lines):
        match = _PROPOSAL.match(lines[i])
        if not match:
            i += 1
            continue
        inner = " " * (len(match.group(1)) + 2)
        j = i + 1
        while j < len(lines) and lines[j].startswith("#" + inner) and lines[j][1 + len(inner) :].strip():
            j += 1
        blocks.append((i, j))
        i = j
    return blocks


def _parse_proposal(block: list[str]) -> dict[str, Any] | None:
    """A proposal's item as data (the block uncommented and read by the safe loader); None if it does not parse."""
    try:
        data = load_yaml_text("\n".join(line[1:] for line in block) + "\n", "(proposal)")
    except CurationError:
        return None
    return data[0] if isinstance(data, list) and len(data) == 1 and isinstance(data[0], dict) else None


def _quotes(item: dict[str, Any]) -> set[str]:
    quotes = {item.get("quote")}
    evidence = item.get("evidence")
    if isinstance(evidence, list):
        quotes |= {e.get("quote") for e in evidence if isinstance(e, dict)}
    return {normalize_space(q) for q in quotes if isinstance(q, str) and q.strip()}


def named_entities(item: dict[str, Any]) -> frozenset[str]:
    """The entities a statement is about: its participants, else its subject and object."""
    participants = item.get("participants")
    if isinstance(participants, list):
        return frozenset(str(p) for p in participants)
    return frozenset(str(item[k]) for k in ("subject", "object") if item.get(k) is not None)


def _duplicates(item: dict[str, Any], reviewed: list[Any], key: str) -> bool:
    """Whether a proposal under ``key`` repeats a reviewed item."""
    if key == "entities":
        return item.get("id") is not None and any(isinstance(r, dict) and r.get("id") == item.get("id") for r in reviewed)
    quotes, who = _quotes(item), named_entities(item)
    return bool(quotes) and any(isinstance(r, dict) and named_entities(r) == who and quotes & _quotes(r) for r in reviewed)


def _decision(item: Any) -> tuple[str, ...] | None:
    """The :func:`~kg.schema.model.decision_key` of a suggested statement or a ``rejected:`` item; None for another shape."""
    if not isinstance(item, dict):
        return None
    quote = item.get("quote") if isinstance(item.get("quote"), str) else None
    if isinstance(item.get("candidate"), str):
        return decision_key("candidate", item["candidate"])
    if isinstance(item.get("relation"), str):
        return decision_key("fact", item["relation"], str(item.get("subject")), str(item.get("object")), quote)
    participants = item.get("participants")
    if isinstance(item.get("link"), str) and isinstance(participants, list) and len(participants) == 2:
        return decision_key("link", item["link"], str(participants[0]), str(participants[1]), quote)
    return None


def _stub_names(item: dict[str, Any]) -> set[tuple[str, ...]]:
    """A candidate stub's name as written, as decision keys: its Thai or Chinese label, else its English one."""
    label = item.get("label")
    if not isinstance(label, dict):
        return set()
    written = [v for lang, v in label.items() if lang != "en" and isinstance(v, str) and v.strip()]
    if not written and isinstance(label.get("en"), str):
        written = [label["en"]]
    return {decision_key("candidate", name) for name in written}


def _rejected(item: dict[str, Any], rejected: set[tuple[str, ...]], key: str) -> bool:
    """Whether a proposal under ``key`` is one the reviewer rejected."""
    if key == "entities":
        return bool(_stub_names(item) & rejected)
    return _decision(item) in rejected


def _drop_duplicates(body: list[str], reviewed: list[Any], key: str, rejected: set[tuple[str, ...]]) -> tuple[list[str], int, int]:
    """``body`` without the proposals that repeat a reviewed item or were rejected, and how many of each were dropped."""
    drop: set[int] = set()
    repeated = refused = 0
    for start, end in proposal_blocks(body):
        item = _parse_proposal(body[start:end])
        if item is None:
            continue
        if _duplicates(item, reviewed, key):
            repeated += 1
        elif _rejected(item, rejected, key):
            refused += 1
        else:
            continue
        drop.update(range(start, end))
    return [line for i, line in enumerate(body) if i not in drop], repeated, refused


def merge_reviewed(old_text: str, fresh_text: str, name: str) -> tuple[str, dict[str, int], list[str], int, int]:
    """The fresh draft with the reviewed items and keys of ``old_text`` put back.

    Returns the text, the number of reviewed items kept under each list key, the other
    keys kept (``rejected:`` among them), the number of proposals dropped as duplicates
    and the number dropped as rejected.

    Raises
    ------
    IngestError
        The merged text would not hold exactly the reviewed content of the old one.
    """
    old = load_yaml_text(old_text, name) or {}
    old_lines, lines = old_text.splitlines(), fresh_text.splitlines()
    old_regions = top_level_regions(old_lines)
    kept_keys = [key for key in old_regions if key not in _FRESH_KEYS + _LISTS and key in old]
    dropped = refused = 0
    listed = old.get("rejected") if isinstance(old, dict) else None
    rejected = {found for item in listed if (found := _decision(item)) is not None} if isinstance(listed, list) else set()
    kept: dict[str, int] = {}
    for key in _LISTS:
        value = old.get(key)
        reviewed: list[Any] = value if isinstance(value, list) else []
        kept[key] = len(reviewed)
        region = top_level_regions(lines).get(key)
        if region is None:  # the fresh draft always has the key; append it if a renderer ever leaves it out
            lines += [f"{key}:"]
            region = (len(lines) - 1, len(lines))
        start, end = region
        body, count, no = _drop_duplicates(lines[start + 1 : end], reviewed, key, rejected)
        dropped += count
        refused += no
        mine = _reviewed_lines(old_lines, *old_regions[key]) if key in old_regions else []
        lines[start:end] = (mine or [lines[start]]) + body
    insert_at: int | None = None  # the reviewer's keys go after the fresh draft's status:, in their own order
    for key in kept_keys:
        mine = _reviewed_lines(old_lines, *old_regions[key])
        fresh = top_level_regions(lines)
        if key in fresh:
            start, end = fresh[key]
            own = [i for i in range(start + 1, end) if lines[i].strip() and not lines[i].startswith("#")]
            lines[start : (own[-1] + 1 if own else start + 1)] = mine
            insert_at = start + len(mine)
        else:
            if insert_at is None:
                insert_at = fresh["status"][0] + 1 if "status" in fresh else 0
            lines[insert_at:insert_at] = mine
            insert_at += len(mine)
    text = "\n".join(lines) + "\n"
    new = load_yaml_text(text, name) or {}
    for key in (*_LISTS, *kept_keys):
        if plain_data(new.get(key) or None) != plain_data(old.get(key) or None):
            raise IngestError(f"{name}: refreshing would change the reviewed '{key}:' (an unusual layout?); nothing was written")
    return text, kept, kept_keys, dropped, refused


def saved_text(project: Project, doc_id: str) -> tuple[dict[str, Any], str]:
    """Document ``doc_id``'s manifest entry and its text in ``seeds/``, checked against the entry's SHA-256.

    Raises
    ------
    UsageError
        No such document in the manifest.
    IngestError
        The text no longer matches the manifest's checksum.
    """
    manifest = load_yaml(project.manifest, project.rel(project.manifest)) or {}
    entries = {str(e.get("id")): e for e in manifest.get("documents") or [] if isinstance(e, dict)}
    entry = entries.get(doc_id)
    if entry is None:
        raise UsageError(f"no document '{doc_id}' in {project.rel(project.manifest)}; choose one of {', '.join(sorted(entries))}")
    text_path = project.seeds / str(entry.get("file"))
    text = read_document(text_path, project.rel(text_path))
    if sha256_of(text_path) != entry.get("sha256"):
        raise IngestError(
            f"{project.rel(text_path)} no longer matches its sha256 in {project.rel(project.manifest)}: "
            "restore the file first (quotes point into the text as it was ingested); nothing was written"
        )
    return entry, text


def draft_file(project: Project, doc_id: str) -> Path:
    """The document's curation file: ``documents/<id>.yaml``, or another file of that folder that says ``document: <id>``."""
    folder = project.curation / "documents"
    conventional = folder / f"{doc_id}.yaml"
    if conventional.exists():
        return conventional
    for path in sorted(folder.glob("*.yaml")):
        data = load_yaml(path, project.rel(path))
        if isinstance(data, dict) and str(data.get("document")) == doc_id:
            return path
    return conventional


def refresh(project: Project, doc_id: str, registry: Registry | None = None) -> RefreshResult:
    """Re-draft document ``doc_id`` from its text in ``seeds/``, keeping every reviewed item of its draft.

    The manifest entry and the text are left as they are.  A document without a
    curation file gets a fresh draft.

    Raises
    ------
    UsageError
        No such document in the manifest.
    IngestError
        Its curation is reviewed (complete or partial), its text no longer matches the
        manifest's checksum, or the merge would not keep the reviewed items exactly.
    CurationError
        The draft or the project's curation cannot be read.
    """
    entry, text = saved_text(project, doc_id)
    path = draft_file(project, doc_id)
    name = project.rel(path)
    old_text = path.read_text(encoding="utf-8") if path.exists() else f'document: "{doc_id}"\nstatus: draft\n'
    old = load_yaml_text(old_text, name) or {}
    status = old.get("status", "partial") if isinstance(old, dict) else None
    if status != "draft":
        raise IngestError(
            f"{name} is reviewed (status: {status}): kg ingest --refresh only re-drafts a draft, so that reviewed curation is never "
            "rewritten; to look for new proposals all the same, set 'status: draft' first (every uncommented item is kept)"
        )
    registry = registry or load_registry(project)
    found = analyse_text(text, registry.entities, registry.ignores, registry.engine)
    title = entry.get("title") or {}
    langs = entry.get("languages") or ["en"]
    heading = str(title.get(langs[0]) or title.get("en") or doc_id) if isinstance(title, dict) else doc_id
    fresh = render_draft(doc_id, heading, f"--refresh {doc_id}", found)
    merged, kept, kept_keys, dropped, refused = merge_reviewed(old_text, fresh, name)
    write_atomic(path, merged.encode("utf-8"))
    return RefreshResult(doc_id, found, kept["entities"], kept["statements"], kept_keys, dropped, refused, [path], registry.engine)
