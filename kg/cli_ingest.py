"""``kg ingest``: add a document to the project and draft its curation for review."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from .cli_common import err, fail, out
from .errors import KgError
from .project import find_root

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add the ``ingest`` command to ``app``."""

    @app.command()
    def ingest(
        path: Annotated[Path, typer.Argument(help="A plain-text UTF-8 file (no BOM).", show_default=False)],
        doc_id: Annotated[
            str | None, typer.Option("--id", help="Document id. Default: the next free number (e.g. 005).", show_default=False)
        ] = None,
        root: Annotated[
            Path | None,
            typer.Option(
                "--root",
                help="Project directory (holds seeds/ and ontology/). Default: $KG_ROOT or the nearest parent with seeds/manifest.yaml.",
                show_default=False,
            ),
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print the findings as JSON on standard output.")] = False,
    ) -> None:
        """Copy a document into seeds/, register it in the manifest and write a draft curation file.

        The text is split into sentences, every registered entity name is linked, names
        that look like entities but are not registered are listed (with possible aliases
        of registered names), and entities named in the same sentence become candidate
        cooperation links.  The draft (seeds/curation/documents/ID.yaml, status: draft) is
        refused by 'kg build' until reviewed; 'kg build --include-drafts' checks it.
        """
        from .ingest.pipeline import ingest as run_ingest

        try:
            project = find_root(root)
            result = run_ingest(project, path, doc_id)
        except KgError as exc:
            raise fail(exc) from exc
        if as_json:
            payload = {
                "document": result.doc_id,
                "file": result.file,
                "sha256": result.sha256,
                "languages": result.languages,
                "shares": result.shares,
                "sentences": len(result.sentences),
                "mentions": [vars(m) for m in result.mentions],
                "candidates": [
                    {**{k: v for k, v in vars(c).items() if k != "alias"}, "alias": vars(c.alias) if c.alias else None}
                    for c in result.candidates
                ],
                "pairs": [{"a": p.a, "b": p.b, "line": p.line, "quote": p.sentence.text} for p in result.pairs],
                "written": [project.rel(p) for p in result.written],
            }
            sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        else:
            shares = ", ".join(f"{lang} {share:.0%}" for lang, share in result.shares.items() if share)
            out.print(
                f"Document {result.doc_id} ({result.file}): languages {', '.join(result.languages)} ({shares}); "
                f"{len(result.sentences)} sentences, {len(result.mentions)} mentions of "
                f"{len({m.entity for m in result.mentions})} registered entities, {len(result.candidates)} candidate names "
                f"({sum(1 for c in result.candidates if c.alias)} possible aliases), {len(result.pairs)} candidate statements.",
                markup=False,
            )
        for written in result.written:
            err.print(f"  wrote {project.rel(written)}", markup=False)
        err.print(f"Review {project.rel(result.written[-1])}, then set its status to complete or partial.", markup=False)
