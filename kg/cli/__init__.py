"""The ``kg`` command line: one command per stage, each a few lines over the library.

Exit codes: 0 success, 1 invalid input (curation, quotes, SHACL), 2 wrong usage,
3 outputs could not be written.  Errors go to standard error as plain text naming the
file, line and field; progress goes to standard error too, so standard output stays
clean for data (``--json``, ``--format``).

The commands live at module level in one module per group (:mod:`.build`,
:mod:`.network`, :mod:`.sparql`, :mod:`.ingest`, :mod:`.alias`, :mod:`.review`), share their options through
:mod:`.options`, and are registered here, in the order ``kg --help`` lists them.
"""

from __future__ import annotations

import gc

import typer

from . import alias as _alias
from . import build as _build
from . import docs as _docs
from . import ingest as _ingest
from . import network as _network
from . import review as _review
from . import sparql as _sparql
from .common import reflow_help

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

for _command in (
    _build.build,
    _build.validate,
    _build.stats,
    _build.coverage,
    _network.analyze,
    _network.viz,
    _docs.docs,
    _network.export,
    _sparql.query,
    _sparql.serve,
    _sparql.push,
    _ingest.ingest,
    _alias.alias,
    _review.review,
    _ingest.holdout,
):
    app.command()(_command)
reflow_help(app)


def main() -> None:
    """Entry point of the ``kg`` script: the command, with the garbage collector told what a short process is.

    Two settings, each worth a tenth of a second or so of a command that reads the graph
    (bench/bench_commands.py; docs/benchmarks.md), and half that of a cold ``kg query``:

    * Fewer collections while the command runs.  Reading a graph allocates hundreds of
      thousands of long-lived objects (terms, triples, index entries) and almost no
      reference cycles; with Python's default threshold the collector walks the growing
      heap again after every 700 allocations.  Collections still happen, 140 times less
      often, so ``kg serve``'s long-lived process stays bounded.
    * No last collection at exit.  When the interpreter shuts down it looks for cycles
      once more among every object still alive (the imported libraries, the graph, the
      tables); the process is ending and the operating system takes its memory back, so
      everything alive is frozen out of the collector's sight first.  What the commands
      write is written and closed before they return; objects caught in a reference
      cycle simply do not have their finalisers run at exit.
    """
    gc.set_threshold(100_000, 10, 10)
    try:
        app()
    finally:
        gc.freeze()
