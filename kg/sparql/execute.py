"""Run a checked query on a local dataset, with a time limit.

The query is checked first (:func:`kg.sparql.guard.check_query`), then run through
rdflib's API on whichever store backs the dataset, and the result is materialised
into :mod:`kg.sparql.results` inside the time limit, so a slow query fails with a
clear :class:`~kg.sparql.errors.QueryTimeout` instead of hanging.

The query runs in a daemon thread (Oxigraph releases the GIL while it evaluates).  A
thread cannot be killed: after a timeout it runs on until the process exits, which is
what the command line does next.  ``kg serve`` needs the process to keep answering,
so it runs queries in worker processes it can kill instead (:mod:`kg.sparql.server`).

:func:`run_direct` is the command line's short way for the local Oxigraph store: a
query the lexical screen (:func:`kg.sparql.guard.needs_algebra_check`) finds free of
``SERVICE`` and ``FROM`` goes to Oxigraph as it is, with no rdflib SPARQL parser and no
``oxrdflib`` loaded (most of a cold ``kg query``'s time); anything else, and any query
Oxigraph cannot parse, takes the checked way, so refusals and error messages are those
of :func:`check_for` and :func:`run_query`.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from .errors import QuerySyntaxError, QueryTimeout, SparqlError
from .guard import PREFIX_LINE, CheckedQuery, check_query, needs_algebra_check
from .results import QueryResult, from_oxigraph, from_rdflib
from .store import graph_names

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Dataset

__all__ = ["ROWS_HINT", "check_for", "run_direct", "run_query", "run_text"]

T = TypeVar("T")

_OX_POSITION = re.compile(r"error at (\d+):(\d+)(?:-\d+:\d+)?:?\s*(.*)", re.DOTALL)


def check_for(ds: Dataset, text: str, source: str = "query") -> CheckedQuery:
    """:func:`check_query` against the named graphs ``ds`` holds."""
    return check_query(text, graph_names(ds), source)


#: What to do about a result over the row cap (the command line's options).
ROWS_HINT = "add LIMIT to the query, or raise the cap with --max-rows N (0: no cap)"


def _execute(ds: Dataset, query: CheckedQuery, max_rows: int | None = None) -> QueryResult:
    try:
        return from_rdflib(ds.query(query.text), max_rows, ROWS_HINT)
    except SyntaxError as exc:  # Oxigraph's parser is stricter than rdflib's on a few points
        match = _OX_POSITION.search(str(exc))
        if match:
            line, column = max(int(match.group(1)) - 1, 1), int(match.group(2))
            raise QuerySyntaxError(match.group(3).strip(), query.original, line, column, query.source) from None
        raise QuerySyntaxError(str(exc), query.original, 1, 1, query.source) from None
    except SparqlError:
        raise
    except Exception as exc:  # engines raise many kinds of evaluation errors
        raise SparqlError(f"{query.source} failed while running: {type(exc).__name__}: {exc}") from exc


def run_query(ds: Dataset, query: CheckedQuery, timeout: float | None = None, max_rows: int | None = None) -> QueryResult:
    """Run ``query`` on ``ds`` and return the whole result.

    Parameters
    ----------
    ds
        A dataset from :func:`kg.sparql.store.load_dataset`.
    query
        A query that passed :func:`check_for`.
    timeout
        Seconds; ``None`` or 0 waits for ever.
    max_rows
        The most rows (or triples) to read; ``None`` reads all.

    Raises
    ------
    QueryTimeout
        The query did not finish in time.
    ResultTooLarge
        The result has more than ``max_rows`` rows.
    QuerySyntaxError, SparqlError
        The engine rejected or failed the query.
    """
    return _within(timeout, lambda: _execute(ds, query, max_rows))


def _within(timeout: float | None, work: Callable[[], T]) -> T:
    """``work()``, run in a daemon thread and given up after ``timeout`` seconds (none: run here)."""
    if not timeout:
        return work()
    outcome: list[T | BaseException] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=run, name="kg-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if not outcome:
        raise QueryTimeout(timeout, "narrow the query (LIMIT, more specific patterns) or allow more time with --timeout")
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


class _Malformed(Exception):
    """Oxigraph could not parse the query: the checked way will say what is wrong."""


def _direct(store: ox.Store, text: str, source: str, max_rows: int | None) -> QueryResult:
    try:
        answer = store.query(PREFIX_LINE + "\n" + text)
    except SyntaxError:
        raise _Malformed from None
    try:
        return from_oxigraph(answer, max_rows, ROWS_HINT)
    except SparqlError as exc:
        error: SparqlError = exc
    except Exception as exc:  # as _execute reports evaluation errors
        error = SparqlError(f"{source} failed while running: {type(exc).__name__}: {exc}")
    finally:
        del answer  # pyoxigraph's results must be dropped on the thread that made them ...
    raise error.with_traceback(None)  # ... and so must the frames a traceback would keep alive


def run_direct(
    store: ox.Store, text: str, source: str = "query", timeout: float | None = None, max_rows: int | None = None
) -> QueryResult | None:
    """Run ``text`` on Oxigraph as it is, if the screen lets it; ``None`` when it must take the checked way.

    ``None`` when :func:`~kg.sparql.guard.needs_algebra_check` is not sure the text is
    free of ``SERVICE`` and ``FROM``, or when Oxigraph cannot parse it (an update, a
    syntax error): then :func:`check_for` and :func:`run_query` refuse it or say where it
    is wrong.  Otherwise the answer, as :func:`run_query` gives it through ``oxrdflib``
    (the same engine, the same terms), with the same time limit and cap.

    Raises
    ------
    QueryTimeout, ResultTooLarge, SparqlError
        As :func:`run_query`.
    """
    if needs_algebra_check(text):
        return None
    try:
        return _within(timeout, lambda: _direct(store, text, source, max_rows))
    except _Malformed:
        return None


def run_text(ds: Dataset, text: str, timeout: float | None = None, source: str = "query") -> QueryResult:
    """Check and run a query in one call: what notebooks use.

    In a notebook, after ``kg build``::

        from pathlib import Path
        from kg.sparql.store import build_files, load_dataset
        from kg.sparql.execute import run_text

        ds = load_dataset(build_files(Path("build")))
        run_text(ds, "SELECT ?c WHERE { ?c a kg:Country } LIMIT 3").dicts()
    """
    return run_query(ds, check_for(ds, text, source), timeout)
