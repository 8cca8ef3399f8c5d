"""Errors of the SPARQL layer, each worded so that a person can act on it.

Every error is a :class:`kg.errors.KgError`, so the command line prints it without a
traceback.  A syntax error carries the line and column and renders the query text
around them with a caret, because "expected one of ..." alone does not say where to look.
"""

from __future__ import annotations

from ..errors import KgError

__all__ = [
    "EndpointError",
    "ParameterError",
    "QueryRefused",
    "QuerySyntaxError",
    "QueryTimeout",
    "ResultTooLarge",
    "SparqlError",
    "StoreError",
    "UnknownQuery",
    "excerpt",
]


class SparqlError(KgError):
    """Base class of the errors of :mod:`kg.sparql`."""


def excerpt(text: str, line: int, column: int, radius: int = 2) -> str:
    """The lines of ``text`` around ``line`` (1-based), numbered, with a caret under ``column``.

    Examples
    --------
    >>> print(excerpt("SELECT ?x\\nWHERE { ?x ?p }\\n", 2, 15))
      1 | SELECT ?x
      2 | WHERE { ?x ?p }
        |               ^
    """
    lines = text.splitlines() or [""]
    line = min(max(line, 1), len(lines))
    first, last = max(1, line - radius), min(len(lines), line + radius)
    width = len(str(last))
    out = []
    for number in range(first, last + 1):
        out.append(f"  {number:>{width}} | {lines[number - 1]}".rstrip())
        if number == line:
            out.append(f"  {'':>{width}} | {' ' * (max(column, 1) - 1)}^")
    return "\n".join(out)


class QuerySyntaxError(SparqlError):
    """The query is not valid SPARQL 1.1.

    Parameters
    ----------
    message : str
        What the parser expected or found.
    text : str
        The query as the user wrote it (line numbers refer to it).
    line, column : int
        1-based position of the problem in ``text``.
    source : str
        Where the query came from (a file name, a catalogue name or ``query``).
    """

    def __init__(self, message: str, text: str, line: int, column: int, source: str = "query") -> None:
        self.message, self.text, self.line, self.column, self.source = message, text, line, column, source
        super().__init__(
            f"SPARQL syntax error in {source} at line {line}, column {column}: {message}\n"
            f"{excerpt(text, line, column)}\n"
            "    fix: correct the query at the caret (SPARQL 1.1: https://www.w3.org/TR/sparql11-query/)"
        )


class QueryRefused(SparqlError):
    """The query asks for something this read-only, offline service does not do."""


class QueryTimeout(SparqlError):
    """The query ran longer than its time limit."""

    def __init__(self, seconds: float, hint: str = "") -> None:
        self.seconds = seconds
        text = f"the query timed out after {seconds:g} s and was stopped"
        super().__init__(text + (f"; {hint}" if hint else ""))


class ResultTooLarge(SparqlError):
    """The serialised result is larger than the configured cap."""


class UnknownQuery(SparqlError):
    """No catalogue query has this name."""

    exit_code = 2

    def __init__(self, name: str, available: list[str]) -> None:
        self.name, self.available = name, available
        listing = "\n".join(f"  {n}" for n in available)
        super().__init__(
            f"no catalogue query named '{name}'. Available queries:\n{listing}\n"
            "    fix: use one of these names, or pass a query in braces or a .rq file (kg query --list shows the questions)"
        )


class ParameterError(SparqlError):
    """A ``--param`` is unknown for the query or its value has the wrong form."""

    exit_code = 2


class EndpointError(SparqlError):
    """A remote SPARQL endpoint could not be reached or answered with an error."""


class StoreError(SparqlError):
    """The build output to load is missing or unreadable."""
