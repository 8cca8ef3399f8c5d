"""``kg ingest`` adds a document and drafts its curation for review; ``kg holdout`` measures how well that works."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ..errors import KgError
from .common import err, fail, out
from .options import JsonOption, RootOption, project

__all__ = ["holdout", "ingest"]


def ingest(
    path: Annotated[Path, typer.Argument(help="A plain-text UTF-8 file (no BOM).", show_default=False)],
    doc_id: Annotated[
        str | None, typer.Option("--id", help="Document id. Default: the next free number (e.g. 005).", show_default=False)
    ] = None,
    root: RootOption = None,
    as_json: JsonOption = False,
) -> None:
    """Copy a document into seeds/, register it in the manifest and write a draft curation file.

    The text is split into sentences, every registered entity name is linked, names
    that look like entities but are not registered are listed (with possible aliases
    of registered names), and entities named in the same sentence become candidate
    cooperation links.  The draft (seeds/curation/documents/ID.yaml, status: draft) is
    refused by 'kg build' until reviewed; 'kg build --include-drafts' checks it.

    \b
    Examples:
      kg ingest report.txt
      kg ingest report.txt --id 007 --json
    """
    from ..ingest.pipeline import ingest as run_ingest

    try:
        proj = project(root)
        result = run_ingest(proj, path, doc_id)
    except KgError as exc:
        raise fail(exc) from exc
    if as_json:
        payload = {
            "document": result.doc_id,
            "file": result.file,
            "sha256": result.sha256,
            "languages": result.languages,
            "shares": result.shares,
            "sentences": len(result.analysis.sentences),
            "mentions": [vars(m) for m in result.analysis.mentions],
            "candidates": [
                {**{k: v for k, v in vars(c).items() if k != "alias"}, "alias": vars(c.alias) if c.alias else None}
                for c in result.analysis.candidates
            ],
            "pairs": [{"a": p.a, "b": p.b, "candidates": p.new, "line": p.line, "quote": p.sentence.text} for p in result.analysis.pairs],
            "written": [proj.rel(p) for p in result.written],
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        shares = ", ".join(f"{lang} {share:.0%}" for lang, share in result.shares.items() if share)
        out.print(
            f"Document {result.doc_id} ({result.file}): languages {', '.join(result.languages)} ({shares}); "
            f"{len(result.analysis.sentences)} sentences, {len(result.analysis.mentions)} mentions of "
            f"{len({m.entity for m in result.analysis.mentions})} registered entities, {len(result.analysis.candidates)} candidate names "
            f"({sum(1 for c in result.analysis.candidates if c.alias)} possible aliases), {len(result.analysis.pairs)} candidate statements "
            f"({sum(1 for p in result.analysis.pairs if p.new)} naming a candidate).",
            markup=False,
        )
    for written in result.written:
        err.print(f"  wrote {proj.rel(written)}", markup=False)
    err.print(f"Review {proj.rel(result.written[-1])}, then set its status to complete or partial.", markup=False)


def holdout(
    docs: Annotated[list[str] | None, typer.Argument(help="Document ids. Default: every document.", show_default=False)] = None,
    root: RootOption = None,
    as_json: JsonOption = False,
) -> None:
    """Measure 'kg ingest' on curated documents as if they had never been curated.

    For each document, its curation is withdrawn (with the entities nothing else
    uses), ingest's analysis runs on its text, and the output is checked against
    the curation: entity recall (curated entities linked or proposed as candidates)
    and link recall (curated cooperation links among the candidate statements).
    Nothing is written.

    \b
    Examples:
      kg holdout
      kg holdout 003 004 --json
    """
    from ..curation.loader import load_curation
    from ..ingest.holdout import holdout as run_holdout
    from ..schema.ontology import load_ontology

    try:
        proj = project(root)
        curation = load_curation(proj.root, load_ontology(proj.ontology, proj.rel(proj.ontology)))
        results = [run_holdout(proj, doc, curation) for doc in (docs or sorted(curation.documents))]
    except KgError as exc:
        raise fail(exc) from exc
    if as_json:
        sys.stdout.write(json.dumps([r.as_dict() for r in results], ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(title="Hold-out recall of kg ingest")
    for column in ("document", "curated entities", "linked", "proposed", "entity recall", "links", "found", "link recall"):
        table.add_column(column, justify="left" if column == "document" else "right")
    for r in results:
        table.add_row(
            r.doc,
            str(len(r.curated)),
            str(len(r.linked)),
            str(len(r.proposed)),
            f"{r.entity_recall:.2f}",
            str(r.links),
            str(r.links_found),
            f"{r.link_recall:.2f}" if r.links else "-",
        )
    out.print(table)
