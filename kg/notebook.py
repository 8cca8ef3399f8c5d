"""Helpers for notebooks: load the graph and ask SPARQL questions as DataFrames.

Notebooks import these instead of copying code, so an analysis in a notebook runs on
exactly what ``kg build`` produces.  They hold to the same rules as the command line:
files are read as Turtle and TriG only (:mod:`kg.rdf.load`), and a query passes
:func:`kg.sparql.guard.check_query` (no ``SERVICE``, no ``FROM`` outside the graph: on
rdflib's engine either would fetch from the network or read any local file, RDF/XML
included) and runs with Python-level network access blocked.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Dataset, Graph

from .project import find_root
from .rdf.load import parse_trig, parse_turtle
from .rdf.serialize import fill_default_graph
from .rdf.vocab import PREFIXES

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SPARQL_PREFIXES", "load", "sparql"]

#: The project's prefixes, ready to put in front of a query.
SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES)


def load(root: Path | str | None = None) -> tuple[Graph, Dataset]:
    """The built graph and dataset: ``build/kg.ttl`` and ``build/kg.trig`` if present.

    Without a build, the seeds are built in memory (every check except SHACL), so a
    notebook also runs on a fresh checkout.  The dataset's default graph is the union of
    its named graphs but ``graph:unreported`` (like ``kg.ttl`` and the query store), so
    queries need ``GRAPH`` only to ask *which document* says so, or for the shortcut
    triples of what a text announces, directs or recommends.
    """
    project = find_root(Path(root) if root else None)
    ttl, trig = project.root / "build" / "kg.ttl", project.root / "build" / "kg.trig"
    if ttl.is_file() and trig.is_file():
        return parse_turtle(ttl, "build/kg.ttl"), fill_default_graph(parse_trig(trig, "build/kg.trig", default_union=False))
    from .build.pipeline import build

    result = build(project, validate=False)
    return result.union, fill_default_graph(result.dataset)


def sparql(graph: Graph | Dataset, query: str, **bindings: Any) -> pd.DataFrame:
    """Run a SELECT query (the project's prefixes added) and return a DataFrame.

    Literal values come back as Python values (numbers, dates, strings); IRIs as strings.

    Raises
    ------
    kg.sparql.errors.QueryRefused
        ``SERVICE``, or ``FROM`` / ``FROM NAMED`` naming a graph ``graph`` does not hold
        (rdflib would fetch it from the network or the disk); updates are not queries either.
    kg.sparql.errors.QuerySyntaxError
        Not SPARQL, with line and column.
    """
    import pandas as pd

    from .netguard import network_lockdown
    from .sparql.guard import check_query
    from .sparql.store import graph_names

    checked = check_query(query, graph_names(graph) if isinstance(graph, Dataset) else [], source="notebook query")
    with network_lockdown():
        result = graph.query(checked.text, initBindings=bindings or None)
        columns = [str(v) for v in result.vars or []]
        rows = [
            [None if value is None else (value.toPython() if hasattr(value, "toPython") else str(value)) for value in row]  # type: ignore[union-attr]
            for row in result
        ]
    frame = pd.DataFrame(rows, columns=columns)
    for col in frame.columns:
        if frame[col].map(lambda v: v is None or isinstance(v, str)).all():
            continue
        frame[col] = frame[col].map(lambda v: str(v) if v is not None and not isinstance(v, (int, float, str)) else v)
    return frame
