"""Run a checked query on a local dataset, with a time limit.

The query is checked first (:func:`kg.sparql.guard.check_query`), then run through
rdflib's API on whichever store backs the dataset, and the result is materialised
into :mod:`kg.sparql.results` inside the time limit, so a slow query fails with a
clear :class:`~kg.sparql.errors.QueryTimeout` instead of hanging.

The query runs in a daemon thread (Oxigraph releases the GIL while it evaluates).  A
thread cannot be killed: after a timeout it runs on until the process exits, which is
what the command line does next.  ``kg serve`` needs the process to keep answering,
so it runs queries in worker processes it can kill instead (:mod:`kg.sparql.server`).
"""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING

from .errors import QuerySyntaxError, QueryTimeout, SparqlError
from .guard import CheckedQuery, check_query
from .results import QueryResult, from_rdflib
from .store import graph_names

if TYPE_CHECKING:
    from rdflib import Dataset

__all__ = ["ROWS_HINT", "check_for", "run_query", "run_text"]

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
    if not timeout:
        return _execute(ds, query, max_rows)
    outcome: list[QueryResult | BaseException] = []

    def work() -> None:
        try:
            outcome.append(_execute(ds, query, max_rows))
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=work, name="kg-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if not outcome:
        raise QueryTimeout(timeout, "narrow the query (LIMIT, more specific patterns) or allow more time with --timeout")
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


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
