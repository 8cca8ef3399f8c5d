"""The pipeline commands: ``kg build``, ``kg validate``, ``kg stats`` and ``kg coverage``.

Each is a few lines over :mod:`kg.build.pipeline` (and :mod:`kg.text.coverage`): find
the project, run the library call with a progress display, print what it returns.
pySHACL and the curation loader are imported inside the commands, so that the other
commands start fast.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import KgError
from .common import cell, err, fail, out
from .options import BuildOption, IncludeDraftsOption, JsonOption, QuietOption, RootOption, progress, project

if TYPE_CHECKING:
    from ..build.pipeline import BuildResult

__all__ = ["build", "coverage", "stats", "validate"]


def _drafts_notice(result: BuildResult, command: str) -> None:
    """One line on standard error naming the draft documents the build left out, and the two ways in."""
    left_out = result.drafts_left_out
    if left_out:
        err.print(
            f"left out {len(left_out)} draft document{'s' if len(left_out) != 1 else ''} ({', '.join(left_out)}): "
            f"review {'it' if len(left_out) == 1 else 'them'} and set status: complete or partial, or {command} with --include-drafts",
            markup=False,
        )


def build(
    root: RootOption = None,
    build_path: BuildOption = None,
    quiet: QuietOption = False,
    include_drafts: IncludeDraftsOption = False,
) -> None:
    """Verify the curation and write build/kg.ttl, build/kg.trig and the build report.

    Every quote is checked against its document, every id against the registry and
    the ontology, and the assembled graph against ontology/shapes.ttl.  On any error
    the previous outputs are left untouched.  Document files still marked 'status:
    draft' (from 'kg ingest') are left out, with a notice naming them, unless
    --include-drafts.

    \b
    Examples:
      kg build
      kg build --build /tmp/kg-build --include-drafts
    """
    from ..build.output import check_writable, write_outputs
    from ..build.pipeline import build as run_build
    from ..build.pipeline import render_outputs

    proj = project(root)
    target = build_path or proj.root / "build"
    started = time.perf_counter()
    try:
        check_writable(target)  # say so now, not after the whole build
        with progress(quiet) as step:
            result = run_build(proj, step, include_drafts=include_drafts)
            files = render_outputs(result)
            written = write_outputs(target, files)
    except KgError as exc:
        raise fail(exc) from exc
    _drafts_notice(result, "build")
    t = result.report.totals
    elapsed = time.perf_counter() - started
    err.print(
        f"Built {t.entities} entities, {t.statements} statements ({t.links} cooperation links), "
        f"{t.quotes} verified quotes, {t.triples} triples in {elapsed:.1f} s.",
        markup=False,
    )
    for path in written:
        err.print(f"  {path}", markup=False)
    if result.report.warnings:
        err.print(f"{len(result.report.warnings)} warning(s); see {target / 'report.md'}", markup=False)


def _built(root: Path | None, quiet: bool, **options: bool) -> BuildResult:
    """The project's build in memory (nothing written), with a progress display; errors become the CLI's."""
    from ..build.pipeline import build as run_build

    proj = project(root)
    try:
        with progress(quiet) as step:
            return run_build(proj, step, **options)
    except KgError as exc:
        raise fail(exc) from exc


def validate(root: RootOption = None, quiet: QuietOption = False, include_drafts: IncludeDraftsOption = False) -> None:
    """Run every check of 'kg build' (quotes, ids, SHACL) without writing anything.

    \b
    Examples:
      kg validate
      kg validate --include-drafts
    """
    result = _built(root, quiet, include_drafts=include_drafts)
    _drafts_notice(result, "validate")
    t = result.report.totals
    err.print(f"Valid: {t.statements} statements, {t.quotes} quotes, {t.triples} triples conform to the shapes.", markup=False)


def stats(root: RootOption = None, as_json: JsonOption = False, quiet: QuietOption = False) -> None:
    """What the graph holds: counts per document and per class (SHACL not run).

    \b
    Examples:
      kg stats
      kg stats --json > report.json
    """
    from rich.table import Table  # imported when a table is drawn, so that kg query starts faster

    result = _built(root, quiet, validate=False)
    _drafts_notice(result, "build")
    report = result.report
    if as_json:
        sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False, indent=2, sort_keys=True) + "\n")
        return
    docs = Table(title="Documents")
    for col in ("doc", "curation", "facts", "links", "indicators", "quotes", "entities", "mentions", "triples"):
        docs.add_column(col, justify="left" if col in ("doc", "curation") else "right")
    for doc_id, d in report.documents.items():
        docs.add_row(
            cell(doc_id),
            cell(d.curation_status),
            *(cell(n) for n in (d.facts, d.links, d.indicators, d.quotes, d.entities_mentioned, d.mentions, d.triples)),
        )
    out.print(docs)
    classes = Table(title="Entities by class")
    classes.add_column("class")
    classes.add_column("entities", justify="right")
    for cls, n in report.entities_by_class.items():
        classes.add_row(cell(cls), cell(n))
    out.print(classes)
    t = report.totals
    out.print(f"Total: {t.entities} entities, {t.statements} statements, {t.quotes} quotes, {t.mentions} mentions, {t.triples} triples.")


def coverage(
    doc: Annotated[str, typer.Argument(help="Document id from seeds/manifest.yaml, e.g. 000.")],
    root: RootOption = None,
    show_all: Annotated[bool, typer.Option("--all", help="Also list the names ignored on purpose, with the reason.")] = False,
    as_json: JsonOption = False,
    strict: Annotated[bool, typer.Option("--strict", help="Exit with status 1 if anything is left to review.")] = False,
) -> None:
    """List names in a document that look like entities but match no registered entity.

    Candidates are spans that look like organisations, places, programmes or events
    (by script-specific patterns).  Review each: add it to the registry (seeds/curation/), or, if it is not an entity
    the graph needs (a heading, a person's title, a generic phrase), list it in
    seeds/curation/coverage-ignore.yaml with a reason.

    \b
    Examples:
      kg coverage 003
      kg coverage 003 --all --json
    """
    from rich.table import Table  # imported when a table is drawn, so that kg query starts faster

    from ..build.pipeline import load_inputs
    from ..curation.ignore import IGNORE_FILE, load_ignores
    from ..text.coverage import uncovered
    from ..text.mentions import MentionFinder

    proj = project(root)
    try:
        inputs = load_inputs(proj, include_drafts=True)  # a review tool: drafts are what it is for
        if doc not in inputs.views:
            known = ", ".join(sorted(inputs.views))
            err.print(f"error: unknown document '{doc}'; known documents: {known}", markup=False)
            raise typer.Exit(2)
        ignores = load_ignores(proj.root / IGNORE_FILE, IGNORE_FILE)
    except KgError as exc:
        raise fail(exc) from exc
    finder = MentionFinder(inputs.curation.entities.values())
    ignore_here = {**ignores.get("*", {}), **ignores.get(doc, {})}
    todo, ignored = uncovered(inputs.texts[doc], finder, ignore_here)
    if as_json:
        payload = {
            "document": doc,
            "to_review": [vars(f) for f in todo],
            "ignored": [dict(vars(f), reason=ignore_here[f.text]) for f in ignored],
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        if todo or (show_all and ignored):
            title = f"Document {doc}: {len(todo)} name(s) to review" + (f", {len(ignored)} ignored" if show_all else "")
            table = Table(title=title)
            for col in ("name", "script", "looks like", "count", "line", "context"):
                table.add_column(col, overflow="fold")
            for f in todo:
                table.add_row(*map(cell, (f.text, f.script, f.category, f.count, f.first_line, f.context)))
            if show_all:
                for f in ignored:
                    row = (f.text, f.script, f"ignored: {ignore_here[f.text]}", f.count, f.first_line, f.context)
                    table.add_row(*map(cell, row), style="dim")
            out.print(table)
        if not todo:
            out.print(
                f"Document {doc}: nothing left to review: every name-like span is covered by the registry or ignored with a reason ({len(ignored)} ignored)."
            )
    if strict and todo:
        raise typer.Exit(1)
