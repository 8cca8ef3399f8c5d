"""``kg ingest`` adds documents (or re-drafts one) and drafts their curation for review; ``kg holdout`` measures how well that works."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import KgError, UsageError
from ..project import Project
from ..text.normalize import terminal_safe
from .common import cell, err, fail, out
from .options import JsonOption, QuietOption, RootOption, project

if TYPE_CHECKING:
    from rich.table import Table

    from ..ingest.engine import Engine
    from ..ingest.pipeline import Failure, IngestResult

__all__ = ["holdout", "ingest"]


def _training(engine: Engine | None) -> dict[str, Any] | None:
    """What the suggestion engine was trained on, as JSON: documents, labelled pairs, drafts left out and why."""
    if engine is None:
        return None
    return {"documents": list(engine.documents), "examples": engine.examples, "left_out": dict(sorted(engine.left_out.items()))}


def _left_out(engine: Engine | None) -> None:
    """Say on stderr which drafts training left out: a reviewer's decisions in them do not count until they load."""
    for doc, problem in sorted((engine.left_out if engine else {}).items()):
        err.print(
            f"note: draft {doc} is left out of training: it does not load cleanly ({problem}); "
            "'kg validate --include-drafts' lists its problems",
            markup=False,
        )


def _payload(result: IngestResult, proj: Project) -> dict[str, Any]:
    """One ingested document as JSON: what was found and what was written."""
    return {
        "source": str(result.source) if result.source else None,
        "kind": result.kind,
        "document": result.doc_id,
        "file": result.file,
        "sha256": result.sha256,
        "title": result.title,
        "languages": result.languages,
        "shares": result.shares,
        "sentences": len(result.analysis.sentences),
        "mentions": [vars(m) for m in result.analysis.mentions],
        "candidates": [
            {**{k: v for k, v in vars(c).items() if k != "alias"}, "alias": vars(c.alias) if c.alias else None}
            for c in result.analysis.candidates
        ],
        "pairs": [{"a": p.a, "b": p.b, "candidates": p.new, "line": p.line, "quote": p.sentence.text} for p in result.analysis.pairs],
        "suggestions": [
            {
                "kind": x.kind,
                "name": x.name,
                "subject": x.subject,
                "object": x.object,
                "confidence": x.confidence,
                "modality": x.modality,
                "quote": x.sentence.text,
                "line": x.line,
                "source": x.source,
                "via_list": x.via_list,
                "alternatives": [dict(zip(("kind", "name", "subject", "object"), a, strict=True)) for a in x.alternatives],
            }
            for x in result.analysis.suggestions
        ],
        "written": [proj.rel(p) for p in result.written],
        "training": _training(result.engine),
    }


def _summary(result: IngestResult) -> str:
    found = result.analysis
    shares = ", ".join(f"{lang} {share:.0%}" for lang, share in result.shares.items() if share)
    return (
        f"Document {result.doc_id} ({result.file}): languages {', '.join(result.languages)} ({shares}); "
        f"{len(found.sentences)} sentences, {len(found.mentions)} mentions of "
        f"{len({m.entity for m in found.mentions})} registered entities, {len(found.candidates)} candidate names "
        f"({sum(1 for c in found.candidates if c.alias)} possible aliases), {_statements(result)}."
    )


def _statements(result: IngestResult) -> str:
    """How many statements the draft proposes: typed suggestions when there are, else pairs of names."""
    found = result.analysis
    if found.suggestions:
        stubs = {c.stub for c in found.candidates}
        naming = sum(1 for x in found.suggestions if {x.subject, x.object} & stubs)
        return f"{len(found.suggestions)} suggested statements ({naming} naming a candidate)"
    return f"{len(found.pairs)} candidate statements ({sum(1 for p in found.pairs if p.new)} naming a candidate)"


def _failure_lines(failure: Failure) -> list[str]:
    """A failed file's error, each line naming the file."""
    from ..ingest.pipeline import problem_lines

    name = str(failure.source)
    return [line if line.startswith(name) else f"{name}: {line}" for line in problem_lines(failure.error)]


def _table(outcomes: list[IngestResult | Failure]) -> Table:
    from rich.table import Table  # imported when a table is drawn, so that kg query starts faster

    from ..ingest.pipeline import Failure

    table = Table(title=f"kg ingest: {sum(not isinstance(o, Failure) for o in outcomes)} of {len(outcomes)} files ingested")
    for column in ("file", "document", "saved as", "languages", "sentences", "mentions", "candidates", "statements"):
        table.add_column(column, justify="right" if column in ("sentences", "mentions", "candidates", "statements") else "left")
    for o in outcomes:
        if isinstance(o, Failure):
            table.add_row(cell(o.source.name), "failed", cell(_problem_head(o.error)), "", "", "", "", "")
            continue
        table.add_row(
            cell(o.source.name if o.source else ""),
            cell(o.doc_id),
            cell(o.file),
            cell(", ".join(o.languages)),
            cell(len(o.analysis.sentences)),
            cell(len(o.analysis.mentions)),
            cell(len(o.analysis.candidates)),
            cell(len(o.analysis.pairs)),
        )
    return table


def _problem_head(error: KgError) -> str:
    """The first line of an error, without the file name (the table names the file)."""
    from ..errors import CurationError

    if isinstance(error, CurationError) and error.problems:
        return error.problems[0].message
    return str(error).split("\n", 1)[0]


@contextmanager
def _bar(total: int, show: bool) -> Iterator[Callable[[Path, object], None]]:
    """A progress bar over the files on standard error (a terminal only); yields the per-file callback."""
    if not show or not err.is_terminal:
        yield lambda _path, _outcome: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("Ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=total)

        def step(path: Path, outcome: object) -> None:
            if outcome is None:
                bar.update(task, description=terminal_safe(path.name))
            else:
                bar.advance(task)

        yield step


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def _refresh(proj: Project, doc: str, as_json: bool) -> None:
    from ..ingest.refresh import refresh as run_refresh

    try:
        result = run_refresh(proj, doc)
    except KgError as exc:
        raise fail(exc) from exc
    found = result.analysis
    if as_json:
        payload = {
            "document": result.doc_id,
            "kept": {"entities": result.kept_entities, "statements": result.kept_statements, "keys": result.kept_keys},
            "dropped_duplicates": result.dropped,
            "dropped_rejected": result.rejected,
            "mentions": len(found.mentions),
            "candidates": len(found.candidates),
            "pairs": len(found.pairs),
            "written": [proj.rel(p) for p in result.written],
            "training": _training(result.engine),
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        keys = f" (and {', '.join(f'{k}:' for k in result.kept_keys)})" if result.kept_keys else ""
        out.print(
            f"Document {result.doc_id} re-drafted: kept {_count(result.kept_statements, 'reviewed statement')} and "
            f"{_count(result.kept_entities, 'entity', 'entities')}{keys}; proposed {_count(len(found.candidates), 'candidate name')} "
            f"and {_count(len(found.pairs), 'candidate statement')}, leaving out {_count(result.dropped, 'proposal')} "
            f"that repeated a reviewed item{f' and {result.rejected} rejected before' if result.rejected else ''}.",
            markup=False,
        )
    for written in result.written:
        err.print(f"  wrote {proj.rel(written)}", markup=False)
    _left_out(result.engine)


def ingest(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Documents to add: .txt (UTF-8, no BOM), .html/.htm (saved pages) or .pdf (with a text layer), or folders of them.",
            metavar="FILE|FOLDER",
            show_default=False,
        ),
    ] = None,
    doc_id: Annotated[
        str | None, typer.Option("--id", help="Document id (one file only). Default: the next free number (e.g. 005).", show_default=False)
    ] = None,
    title: Annotated[
        str | None,
        typer.Option("--title", help="Title (one file only). Default: the page's or PDF's title, else the first line.", show_default=False),
    ] = None,
    publisher: Annotated[
        str | None,
        typer.Option(
            "--publisher", help="Publisher: a name, or a registered entity's id (then linked as publisher_entity).", show_default=False
        ),
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="The document's own date: YYYY-MM-DD (or YYYY-MM, YYYY).", show_default=False)
    ] = None,
    url: Annotated[
        str | None,
        typer.Option("--url", help="The http(s) address the file was saved from (one file only; nothing is fetched).", show_default=False),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Languages, e.g. th or th,en (th, zh, en). Default: detected by script.", show_default=False),
    ] = None,
    refresh: Annotated[
        str | None,
        typer.Option(
            "--refresh",
            metavar="DOC",
            help="Re-draft ingested document DOC from its text, keeping every reviewed item of its draft.",
            show_default=False,
        ),
    ] = None,
    root: RootOption = None,
    as_json: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Copy documents into seeds/, register them in the manifest and write a draft curation file for each.

    A page's main text (trafilatura) or a PDF's text layer (pypdf) is extracted and
    saved as the document's text; a text file is copied as it is.  Nothing is fetched:
    save a page first and give --url.

    The text is split into sentences, every registered entity name is linked, names
    that look like entities but are not registered are listed (with possible aliases of
    registered names), and each pair of entities named in one sentence, or one named
    inside the other's name, becomes a typed suggestion (relation or kind of link,
    direction, modality, with the next likeliest as alternatives) from cue words and a
    model trained on the reviewed curation.

    A folder gives its documents in name order (not its sub-folders); a file that fails
    is reported and the others go on.  The draft (seeds/curation/documents/ID.yaml,
    status: draft) is left out of 'kg build' until reviewed; 'kg build --include-drafts'
    checks it.  --refresh drafts a document again after the registry has grown, keeping
    what was reviewed.

    \b
    Examples:
      kg ingest report.txt
      kg ingest page.html --url https://example.org/news/1 --date 2024-05-01 --publisher most
      kg ingest downloads/ --lang zh
      kg ingest report.txt --id 007 --json
      kg ingest --refresh 005
    """
    from ..ingest.pipeline import Failure, Metadata, expand_paths, ingest_all, problem_lines

    proj = project(root)
    try:
        options = {"--id": doc_id, "--title": title, "--publisher": publisher, "--date": date, "--url": url, "--lang": lang}
        if refresh is not None:
            given = [flag for flag, value in options.items() if value is not None]
            if paths or given:
                raise UsageError(
                    "--refresh DOC re-drafts a document already ingested, from its text and manifest entry: "
                    f"give no file{' and no ' + ', '.join(given) if given else ''} with it"
                )
            _refresh(proj, refresh, as_json)
            return
        if not paths:
            raise UsageError("give a document (.txt, .html, .htm or .pdf) or a folder of them, or --refresh DOC")
        meta = Metadata.from_options(title=title, publisher=publisher, date=date, url=url, lang=lang)
        files = expand_paths(paths)
        single = len(paths) == 1 and len(files) == 1 and not Path(paths[0]).is_dir()
        with _bar(len(files), show=len(files) > 1 and not quiet and not as_json) as step:
            outcomes = ingest_all(proj, files, meta, doc_id, step)
    except KgError as exc:
        raise fail(exc) from exc
    failures = [o for o in outcomes if isinstance(o, Failure)]
    done = [o for o in outcomes if not isinstance(o, Failure)]
    if single:
        if failures:
            raise fail(failures[0].error)
        if as_json:
            sys.stdout.write(json.dumps(_payload(done[0], proj), ensure_ascii=False, indent=2) + "\n")
        else:
            out.print(_summary(done[0]), markup=False)
    elif as_json:
        payload = [
            {"source": str(o.source), "error": problem_lines(o.error)} if isinstance(o, Failure) else _payload(o, proj) for o in outcomes
        ]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        out.print(_table(outcomes))
    for result in done:
        for written in result.written:
            err.print(f"  wrote {proj.rel(written)}", markup=False)
    if done:
        _left_out(done[0].engine)  # one engine for the whole run
    if done:
        drafts = ", ".join(proj.rel(r.written[-1]) for r in done)
        err.print(f"Review {drafts}, then set {'its' if len(done) == 1 else 'each'} status to complete or partial.", markup=False)
    if failures:
        err.print(
            f"[bold red]error:[/] {len(failures)} of {len(outcomes)} files could not be ingested (nothing of them was written):",
            markup=True,
        )
        for failure in failures:
            for line in _failure_lines(failure):
                err.print(terminal_safe(line), markup=False)
        raise typer.Exit(max(f.error.exit_code for f in failures))


def holdout(
    docs: Annotated[list[str] | None, typer.Argument(help="Document ids. Default: every document.", show_default=False)] = None,
    root: RootOption = None,
    as_json: JsonOption = False,
) -> None:
    """Measure 'kg ingest' on curated documents as if they had never been curated.

    For each document, its curation is withdrawn (with the entities nothing else
    uses), the suggestion classifier is trained on the other documents only, ingest's
    analysis runs on its text, and the output is checked against the curation:
    entity recall (curated entities linked or proposed as candidates), candidate
    precision per script (candidate names that name a curated entity), typed recall
    (curated facts and links between entities that a suggestion states: relation or
    kind, subject and object; "with alternatives": or one of the next likeliest a
    suggestion offers) and the precision of the suggestions, overall and among the 20
    most confident.  A scripted review prices the draft: with the curation as the
    oracle, each suggestion in rank order is accepted (1 key), corrected by picking an
    alternative (2) or by choosing the relation from the allowed list (3), or rejected
    (1); each candidate name is created (2), mapped to its entity (1) or rejected (1).
    "Kept, actions/kept" is the statements (entities) a review keeps and what each
    costs.  Nothing is written.

    \b
    Examples:
      kg holdout
      kg holdout 003 004 --json
    """
    from rich.table import Table  # imported when a table is drawn, so that kg query starts faster

    from ..ingest.engine import load_training
    from ..ingest.holdout import TOP
    from ..ingest.holdout import holdout as run_holdout
    from ..schema.ontology import load_ontology

    try:
        proj = project(root)
        curation, left_out = load_training(proj, load_ontology(proj.ontology, proj.rel(proj.ontology)))
        results = [run_holdout(proj, doc, curation) for doc in (docs or sorted(curation.documents))]
    except KgError as exc:
        raise fail(exc) from exc
    for doc, problem in sorted(left_out.items()):
        err.print(f"note: draft {doc} is left out of training and of the scores: it does not load cleanly ({problem})", markup=False)
    if as_json:
        sys.stdout.write(json.dumps([r.as_dict() for r in results], ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(title="Hold-out quality of kg ingest (each document scored by a model that never saw it)")
    columns: tuple[str, ...] = (
        "document",
        "entity recall",
        "candidate precision",
        "typed statements",
        "in one sentence",
        "found",
        "typed recall",
        "with alternatives",
    )
    columns += (
        "suggestions",
        "right",
        "modality right",
        f"top-{TOP} precision",
        "kept, actions/kept",
        "entities kept, actions/kept",
        "seconds",
    )
    for column in columns:
        table.add_column(column, justify="left" if column in ("document", "candidate precision") else "right")

    def ratio(value: float | None) -> str:
        return "-" if value is None else f"{value:.2f}"

    for r in results:
        by_script = ", ".join(f"{script} {ratio(r.precision_of(script))} ({n})" for script, (n, _k) in sorted(r.candidate_hits.items()))
        table.add_row(
            r.doc,
            f"{r.entity_recall:.2f}",
            by_script,
            str(r.typed),
            str(r.typed_reachable),
            str(r.typed_found),
            ratio(r.typed_recall),
            ratio(r.offered_recall),
            str(r.suggestions),
            str(r.suggestions_right),
            str(r.modality_right),
            ratio(r.top_precision),
            f"{r.review.kept}, {ratio(r.review.per_kept)}",
            f"{r.review.candidates_kept}, {ratio(r.review.per_candidate)}",
            f"{r.train_seconds + r.seconds:.1f}",
        )
    out.print(table)
