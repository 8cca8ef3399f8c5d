"""Errors that carry enough context for a person to fix their input.

Curation files are edited by hand, so an error must say *where* (file and line),
*what* (the field and the problem) and *how to fix it*.  The loader collects every
problem it finds before stopping, so a curator fixes a file in one pass instead of
one error per build.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CurationError", "KgError", "Problem", "UsageError"]


class KgError(Exception):
    """Base class of the errors the command line reports without a traceback.

    ``exit_code`` is the status the command line exits with: 1 for invalid input, 2 for
    wrong usage, 3 when outputs cannot be written.
    """

    exit_code = 1


class UsageError(KgError):
    """The command was asked for something that does not exist (an unknown document, ...)."""

    exit_code = 2


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file.

    Parameters
    ----------
    file : str
        Path of the input, relative to the project root where possible.
    line : int
        1-based line number (0 when the problem concerns the file as a whole).
    field : str
        Dotted path of the offending field, e.g. ``statements[3].object``.
    message : str
        What is wrong.
    hint : str
        How to fix it.
    """

    file: str
    line: int
    field: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        if self.hint:
            text += f"\n    fix: {self.hint}"
        return text


class CurationError(KgError):
    """Raised when input files are invalid; holds every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the curation input"
        super().__init__(head + ":\n" + "\n".join(str(p) for p in self.problems))
