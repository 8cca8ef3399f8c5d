"""The ``kg docs`` command: the ontology as a readable page, with examples from the graph.

It reads the built graph like ``kg viz`` (``build/kg.ttl`` holds the ontology and the data,
so the page describes the ontology the graph was built with) and writes one
self-contained HTML file, atomically.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from ..errors import KgError
from .common import err, fail
from .options import BuildOption, RootOption, build_dir

__all__ = ["docs"]


def docs(
    root: RootOption = None,
    build: BuildOption = None,
    output: Annotated[
        Path | None, typer.Option("--out", help="HTML file to write. Default: <build>/ontology.html.", show_default=False)
    ] = None,
) -> None:
    """Write the ontology's documentation: one offline HTML page of every class, property and concept.

    Each term with its labels in English, Chinese and Thai, definition, super-classes or
    super-properties (and the W3C terms they refine), domain and range, fact role,
    inverse and characteristics; each concept scheme with its concepts; and examples
    from the graph: entities of each class, uses of each relation with the quote they
    come from and its document, and how often each is used. Every term has an anchor
    (ontology.html#Laboratory); the explorer links to it. Run 'kg build' first.

    \b
    Examples:
      kg docs
      kg docs --build /tmp/kg-build --out /tmp/ontology.html
    """
    from ..build.output import write_atomic
    from ..rdf.load import parse_turtle
    from ..viz.ontology_page import ontology_page, render_ontology_page

    started = time.perf_counter()
    try:
        source = build_dir(root, build) / "kg.ttl"
        if not source.is_file():
            raise KgError(f"{source} does not exist; run 'kg build' first")
        page = ontology_page(parse_turtle(source))
        html = render_ontology_page(page)
        target = output or source.parent / "ontology.html"
        write_atomic(target, html.encode("utf-8"))
    except KgError as exc:
        raise fail(exc) from exc
    properties = sum(len(g.properties) for g in page.property_groups)
    err.print(
        f"Wrote {target} ({len(page.classes)} classes, {properties} properties, {page.counts['concepts']} concepts; "
        f"{len(html.encode('utf-8')) // 1024} KiB) in {time.perf_counter() - started:.1f} s",
        markup=False,
    )
