"""The options every ``kg`` command shares, defined once so that they mean the same everywhere.

``--root`` is always the project directory, ``--build`` always the build directory
(read by the commands that use the graph, written by ``kg build``), ``--format`` always
the format of the command's result (what it prints; for ``kg export``, the files it
writes), ``--json`` always "print the result as JSON", ``--quiet`` always "no progress on
standard error".  A command that needs one of
them takes the annotated type below instead of writing its own ``typer.Option``; a test
checks that no command module spells these flags itself.

:func:`project` and :func:`build_dir` resolve the two directories the same way for every
command, turning a missing project into the same clear error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import KgError
from ..project import Project, find_root
from .common import err, fail

__all__ = [
    "BuildOption",
    "IncludeDraftsOption",
    "JsonOption",
    "QuietOption",
    "RootOption",
    "TableFormat",
    "TableFormatOption",
    "build_dir",
    "progress",
    "project",
]

RootOption = Annotated[
    Path | None,
    typer.Option(
        "--root",
        help="Project directory (holds seeds/ and ontology/). Default: $KG_ROOT, else the nearest parent of the working directory with seeds/manifest.yaml.",
        show_default=False,
    ),
]
BuildOption = Annotated[
    Path | None,
    typer.Option(
        "--build",
        help="Build directory: where 'kg build' writes the graph and the other commands read it. Default: <root>/build.",
        show_default=False,
    ),
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print no progress (and, for kg serve, no request log) on standard error.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON on standard output (same as --format json).")]
IncludeDraftsOption = Annotated[
    bool,
    typer.Option(
        "--include-drafts",
        help="Also load document files marked 'status: draft' (as 'kg ingest' writes them); left out otherwise, with a one-line notice.",
    ),
]


class TableFormat(StrEnum):
    """How a command prints a table on standard output."""

    table = "table"
    csv = "csv"
    json = "json"


TableFormatOption = Annotated[TableFormat, typer.Option("--format", help="How to print the result on standard output.")]


def project(root: Path | None) -> Project:
    """The project at ``--root`` (or found from the working directory), as a clean CLI error if there is none."""
    try:
        return find_root(root)
    except KgError as exc:
        raise fail(exc) from exc


def build_dir(root: Path | None, build: Path | None) -> Path:
    """The ``--build`` directory, defaulting to ``<root>/build``."""
    return build if build is not None else project(root).root / "build"


@contextmanager
def progress(quiet: bool) -> Iterator[Callable[[str], None]]:
    """A spinner naming the current step (on standard error, only when it is a terminal)."""
    if quiet or not err.is_terminal:
        yield lambda _step: None
        return
    with err.status("Starting") as status:
        yield status.update
