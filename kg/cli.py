"""The ``kg`` command line: one command per stage, each a few lines over the library.

Exit codes: 0 success, 1 invalid input (curation, quotes, SHACL), 2 wrong usage,
3 outputs could not be written.  Errors go to standard error as plain text naming the
file, line and field; progress goes to standard error too, so standard output stays
clean for data (``--json``).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from .cli_common import cell, err, fail, out, reflow_help
from .errors import KgError
from .project import Project, find_root

__all__ = ["app", "main"]

app = typer.Typer(
    name="kg",
    help=(
        "Build and explore the Belt and Road science cooperation knowledge graph.\n\n"
        "Typical use: 'kg build' verifies every quote and writes build/kg.ttl; 'kg analyze' "
        "and 'kg viz' write the network tables and the HTML explorer; 'kg query --list' "
        "shows the catalogue of questions; 'kg ingest FILE' drafts the curation of a new "
        "document; 'kg coverage 000' lists names a document mentions that no entity covers."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


RootOption = Annotated[
    Path | None,
    typer.Option(
        "--root",
        help="Project directory (holds seeds/ and ontology/). Default: $KG_ROOT, else the nearest parent of the working directory with seeds/manifest.yaml.",
        show_default=False,
    ),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress display.")]
IncludeDraftsOption = Annotated[
    bool,
    typer.Option(
        "--include-drafts", help="Also load document files marked 'status: draft' (as 'kg ingest' writes them); refused otherwise."
    ),
]


@contextmanager
def _progress(quiet: bool) -> Iterator[Callable[[str], None]]:
    """A spinner naming the current step (on standard error, only when it is a terminal)."""
    if quiet or not err.is_terminal:
        yield lambda _step: None
        return
    with err.status("Starting") as status:
        yield status.update


def _project(root: Path | None) -> Project:
    try:
        return find_root(root)
    except KgError as exc:
        raise fail(exc) from exc


@app.command()
def build(
    root: RootOption = None,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Output directory. Default: <root>/build.", show_default=False)] = None,
    quiet: QuietOption = False,
    include_drafts: IncludeDraftsOption = False,
) -> None:
    """Verify the curation and write build/kg.ttl, build/kg.trig and the build report.

    Every quote is checked against its document, every id against the registry and
    the ontology, and the assembled graph against ontology/shapes.ttl.  On any error
    the previous outputs are left untouched.
    """
    from .build import build as run_build
    from .build import render_outputs
    from .output import check_writable, write_outputs

    project = _project(root)
    target = out_dir or project.root / "build"
    started = time.perf_counter()
    try:
        check_writable(target)  # say so now, not after the whole build
        with _progress(quiet) as step:
            result = run_build(project, step, include_drafts=include_drafts)
            files = render_outputs(result)
            written = write_outputs(target, files)
    except KgError as exc:
        raise fail(exc) from exc
    t = result.report["totals"]
    assert isinstance(t, dict)
    elapsed = time.perf_counter() - started
    err.print(
        f"Built {t['entities']} entities, {t['statements']} statements ({t['links']} cooperation links), "
        f"{t['quotes']} verified quotes, {t['triples']} triples in {elapsed:.1f} s.",
        markup=False,
    )
    for path in written:
        err.print(f"  {path}", markup=False)
    warnings = result.report["warnings"]
    assert isinstance(warnings, list)
    if warnings:
        err.print(f"{len(warnings)} warning(s); see {target / 'report.md'}", markup=False)


@app.command()
def validate(root: RootOption = None, quiet: QuietOption = False, include_drafts: IncludeDraftsOption = False) -> None:
    """Run every check of 'kg build' (quotes, ids, SHACL) without writing anything."""
    from .build import build as run_build

    project = _project(root)
    try:
        with _progress(quiet) as step:
            result = run_build(project, step, include_drafts=include_drafts)
    except KgError as exc:
        raise fail(exc) from exc
    t = result.report["totals"]
    assert isinstance(t, dict)
    err.print(f"Valid: {t['statements']} statements, {t['quotes']} quotes, {t['triples']} triples conform to the shapes.", markup=False)


@app.command()
def stats(
    root: RootOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")] = False,
    quiet: QuietOption = False,
) -> None:
    """What the graph holds: counts per document and per class (SHACL not run)."""
    from .build import build as run_build

    project = _project(root)
    try:
        with _progress(quiet) as step:
            result = run_build(project, step, validate=False)
    except KgError as exc:
        raise fail(exc) from exc
    report = result.report
    if as_json:
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
        return
    docs = Table(title="Documents")
    for col in ("doc", "curation", "facts", "links", "indicators", "quotes", "entities", "mentions", "triples"):
        docs.add_column(col, justify="left" if col in ("doc", "curation") else "right")
    documents = report["documents"]
    assert isinstance(documents, dict)
    for doc_id, d in documents.items():
        docs.add_row(
            cell(doc_id),
            cell(d["curation_status"]),
            *(cell(d[k]) for k in ("facts", "links", "indicators", "quotes", "entities_mentioned", "mentions", "triples")),
        )
    out.print(docs)
    classes = Table(title="Entities by class")
    classes.add_column("class")
    classes.add_column("entities", justify="right")
    by_class = report["entities_by_class"]
    assert isinstance(by_class, dict)
    for cls, n in by_class.items():
        classes.add_row(cell(cls), cell(n))
    out.print(classes)
    t = report["totals"]
    assert isinstance(t, dict)
    out.print(
        f"Total: {t['entities']} entities, {t['statements']} statements, {t['quotes']} quotes, {t['mentions']} mentions, {t['triples']} triples."
    )


@app.command()
def coverage(
    doc: Annotated[str, typer.Argument(help="Document id from seeds/manifest.yaml, e.g. 000.")],
    root: RootOption = None,
    show_all: Annotated[bool, typer.Option("--all", help="Also list the names ignored on purpose, with the reason.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the findings as JSON.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Exit with status 1 if anything is left to review.")] = False,
) -> None:
    """List names in a document that look like entities but match no registered entity.

    Candidates are spans that look like organisations, places, programmes or events
    (by script-specific patterns).  Review each: add it to the registry (seeds/curation/), or, if it is not an entity
    the graph needs (a heading, a person's title, a generic phrase), list it in
    seeds/curation/coverage-ignore.yaml with a reason.
    """
    from .build import load_inputs
    from .coverage import IGNORE_FILE, load_ignores, uncovered
    from .mentions import MentionFinder

    project = _project(root)
    try:
        inputs = load_inputs(project, include_drafts=True)  # a review tool: drafts are what it is for
        if doc not in inputs.views:
            known = ", ".join(sorted(inputs.views))
            err.print(f"error: unknown document '{doc}'; known documents: {known}", markup=False)
            raise typer.Exit(2)
        ignores = load_ignores(project.root / IGNORE_FILE, IGNORE_FILE)
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


from .cli_network import register as _register_network  # noqa: E402 (commands defined in their own module)

_register_network(app)
from .cli_sparql import register as _register_sparql  # noqa: E402 (commands defined in their own module)

_register_sparql(app)
from .cli_ingest import register as _register_ingest  # noqa: E402 (commands defined in their own module)

_register_ingest(app)
reflow_help(app)


def main() -> None:
    """Entry point of the ``kg`` script."""
    app()


if __name__ == "__main__":
    main()
