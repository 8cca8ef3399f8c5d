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
from typing import TYPE_CHECKING, Any, cast

import typer

from ..errors import CurationError, KgError
from ..text.normalize import terminal_safe

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

__all__ = ["cell", "err", "fail", "out", "reflow", "reflow_help"]


class _FirstUse:
    """A rich Console made when first used, with the options given here.

    Importing rich's console takes 0.015 s that a command writing its result straight to
    standard output (``kg query``) never gets back; each command still sees one Console.
    It stands in for the Console wherever one is used: its attributes, and as a context
    manager (rich's progress bars enter their console).
    """

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._made: Console | None = None

    def _console(self) -> Console:
        if self._made is None:
            from rich.console import Console

            self._made = Console(**{k: v() if callable(v) else v for k, v in self._options.items()})
        return self._made

    def __getattr__(self, name: str) -> Any:
        return getattr(self._console(), name)

    def __enter__(self) -> Console:
        return self._console().__enter__()

    def __exit__(self, *exc: object) -> None:
        self._console().__exit__(*exc)


#: Progress, messages and errors.
err = cast("Console", _FirstUse(stderr=True, highlight=False, soft_wrap=True))
#: Data and tables; wide when not a terminal, so piped tables do not wrap.
out = cast("Console", _FirstUse(highlight=False, soft_wrap=True, width=lambda: None if sys.stdout.isatty() else 200))


def cell(value: object) -> Text:
    """A table cell showing ``value`` as plain text: no markup, control characters escaped."""
    from rich.text import Text

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
