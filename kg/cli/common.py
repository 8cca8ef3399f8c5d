"""What every ``kg`` command shares: its consoles and how it reports an error.

Errors go to standard error as plain text (never parsed as markup: they quote user
input), and the exit status comes from the exception itself (``KgError.exit_code``),
so every command reports the same kind of error the same way.  Text from documents and
curation reaches the terminal only through :func:`cell` and :func:`fail`: not as rich
markup (``[link=...]`` in a document would draw a hyperlink, ``[/x]`` would crash the
command) and with control characters shown as escapes (:func:`kg.text.normalize.terminal_safe`).
"""

from __future__ import annotations

import inspect
import re
import sys

import typer
from rich.console import Console
from rich.text import Text

from ..errors import CurationError, KgError
from ..text.normalize import terminal_safe

__all__ = ["cell", "err", "fail", "out", "reflow", "reflow_help"]

#: Progress, messages and errors.
err = Console(stderr=True, highlight=False, soft_wrap=True)
#: Data and tables; wide when not a terminal, so piped tables do not wrap.
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 200)


def cell(value: object) -> Text:
    """A table cell showing ``value`` as plain text: no markup, control characters escaped."""
    return Text(terminal_safe(str(value)))


def fail(exc: KgError, code: int | None = None) -> typer.Exit:
    """Print ``exc`` and return the exit to raise (status ``code`` or ``exc.exit_code``)."""
    if isinstance(exc, CurationError):
        err.print(f"[bold red]error:[/] {len(exc.problems)} problem(s) in the curation input; nothing was written.", markup=True)
        for problem in exc.problems:
            err.print(terminal_safe(str(problem)), markup=False)
    else:
        err.print("[bold red]error:[/] ", markup=True, end="")
        err.print(terminal_safe(str(exc)), markup=False)
    return typer.Exit(exc.exit_code if code is None else code)


def reflow(doc: str) -> str:
    """``doc`` with the lines of each paragraph joined, so that the terminal does the wrapping.

    Typer keeps a docstring's single line breaks: at any width but the source's, each
    paragraph would wrap twice and come out ragged.  A paragraph whose first line is
    ``\\b`` (click's "do not rewrap" mark, e.g. a list of examples) keeps its lines.
    """
    paragraphs = []
    for paragraph in inspect.cleandoc(doc).split("\n\n"):
        if paragraph.startswith("\b\n"):
            paragraphs.append(paragraph[2:])
        else:
            paragraphs.append(re.sub(r"\s+", " ", paragraph).strip())
    return "\n\n".join(paragraphs)


def reflow_help(app: typer.Typer) -> None:
    """Give every command of ``app`` its docstring as help, reflowed by :func:`reflow`."""
    for info in app.registered_commands:
        if info.help is None and info.callback is not None and info.callback.__doc__:
            info.help = reflow(info.callback.__doc__)
