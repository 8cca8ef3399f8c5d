"""A real triple store as the backend: SPARQL 1.1 Protocol and Graph Store Protocol clients.

When the graph outgrows one laptop, or a team must share it, the same graph goes into
a triple store (Oxigraph, Apache Jena Fuseki, GraphDB, QLever, ...) and is queried the
same way:

* :func:`push` writes the build with the Graph Store Protocol: one ``PUT`` per named
  graph (ontology, registry, each document, mentions, the class closure and, when it
  exists, the analysis) and one for the default graph, which receives the union of
  them all but ``graph:unreported`` (the shortcut triples of what a text only announces,
  directs or recommends), so that queries without ``GRAPH`` see the whole graph, and
  never a plan as a fact, whatever the store's default-graph settings.  ``PUT`` replaces a graph, so pushing twice leaves
  the store as pushing once does.  ``PUT`` cannot remove a graph the build no longer
  has (a document withdrawn from the manifest); with a query URL, :func:`push` also
  lists the store's graphs and deletes those of this knowledge graph that the build
  lacks, and only those (see :func:`stale_graphs`).
* :class:`Endpoint` sends queries with the SPARQL 1.1 Protocol (``POST``,
  ``application/sparql-query``) and reads SPARQL JSON results or N-Triples into the
  same :mod:`~kg.sparql.results` model as the embedded store.

Stores that depart from this (Virtuoso: its default graph is the union of every graph
it holds and cannot be written) are met by an :class:`~kg.sparql.engines.Engine`
given to both :func:`push` and :class:`Endpoint`; see :mod:`kg.sparql.engines`.

Only the standard library is used (``urllib``), with a timeout on every request; each
failure names the URL and the reason.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .engines import KG_BASE, STANDARD, Engine, dataset_parameters, query_request
from .errors import EndpointError, QueryTimeout
from .guard import CheckedQuery
from .results import GraphResult, QueryResult, Solutions, from_json

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = ["KG_BASE", "Endpoint", "PushResult", "PushedGraph", "endpoint_address", "nquads", "push", "stale_graphs", "store_graphs"]

_USER_AGENT = "brsc-kg (https://w3id.org/brsc-kg)"
#: The header Virtuoso adds when its ``ResultSetMaxRows`` setting cut a result short
#: (sent also when the result has exactly that many rows: it cannot tell the two apart).
_MAX_ROWS_HEADER = "X-SPARQL-MaxRows"


def endpoint_address(url: str) -> tuple[str, int]:
    """(host, port) of an endpoint URL, for the network allow-list.

    Examples
    --------
    >>> endpoint_address("http://127.0.0.1:7878/query")
    ('127.0.0.1', 7878)
    >>> endpoint_address("https://sparql.example.org/ds")
    ('sparql.example.org', 443)
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EndpointError(f"'{url}' is not an http(s) URL; give the endpoint's full address, e.g. http://127.0.0.1:7878/query")
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.URLError) and not isinstance(exc, urllib.error.HTTPError):
        return str(exc.reason)
    return str(exc) or type(exc).__name__


@dataclass(frozen=True)
class Endpoint:
    """A SPARQL 1.1 query endpoint.

    Parameters
    ----------
    url
        The query URL (Oxigraph ``http://host:7878/query``, Fuseki
        ``http://host:3030/DATASET/sparql``, GraphDB ``http://host:7200/repositories/REPO``,
        QLever ``http://host:PORT``).
    timeout
        Seconds to wait for an answer.
    engine
        The kind of store (:mod:`kg.sparql.engines`).  With an engine that keeps the
        union in a named graph (Virtuoso), the store's graphs are listed once, on the
        first query, to name the query's dataset.
    """

    url: str
    timeout: float = 30.0
    engine: Engine = STANDARD

    def _send(self, request: urllib.request.Request, what: str, timeout_hint: str = "") -> tuple[bytes, str]:
        endpoint_address(request.full_url)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                cap = response.headers.get(_MAX_ROWS_HEADER)
                if cap is not None:
                    raise EndpointError(
                        f"{request.full_url} cut the result of {what} at {cap} rows (its own limit, Virtuoso's "
                        "[SPARQL] ResultSetMaxRows): the answer may be incomplete and was not used; raise or remove "
                        "that limit, or narrow the query"
                    )
                return response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            body = exc.read().decode("utf-8", "replace").strip()
            raise EndpointError(
                f"{request.full_url} answered HTTP {exc.code} {exc.reason} to {what}" + (f":\n{body[:2000]}" if body else "")
            ) from None
        except TimeoutError as exc:
            raise QueryTimeout(
                self.timeout, f"{request.full_url} did not answer in time; raise --timeout or check the server{timeout_hint}"
            ) from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise QueryTimeout(self.timeout, f"{request.full_url} did not answer in time{timeout_hint}") from exc
            raise EndpointError(f"cannot reach {request.full_url}: {_reason(exc)}; check the URL and that the server is running") from None
        except OSError as exc:
            raise EndpointError(f"cannot reach {request.full_url}: {_reason(exc)}") from None

    def query(self, query: CheckedQuery) -> QueryResult:
        """Run a checked query on the endpoint.

        Raises
        ------
        EndpointError
            Unreachable, or an HTTP error (with the server's message).
        QueryTimeout
            No answer within :attr:`timeout`.
        """
        dataset = [] if query.declares_dataset else self._dataset
        return self._ask(query, dataset)

    @cached_property
    def _dataset(self) -> list[tuple[str, str]]:
        """The dataset parameters every query without FROM is sent with (listed once per endpoint)."""
        if self.engine.union_graph is None:
            return []
        return dataset_parameters(self.engine, store_graphs(self.url, self.timeout, self.engine), self.url)

    def _ask(self, query: CheckedQuery, dataset: Sequence[tuple[str, str]]) -> QueryResult:
        accept = "application/n-triples, text/turtle;q=0.9" if query.returns_graph else "application/sparql-results+json"
        url, data, content_type = query_request(self.engine, self.url, query.text, dataset)
        request = urllib.request.Request(
            url,
            data=data,
            method="POST",
            headers={"Content-Type": content_type, "Accept": accept, "User-Agent": _USER_AGENT},
        )
        # Virtuoso 7.2 never answers application/sparql-query: the likeliest cause of a timeout there.
        hint = "" if self.engine.form_post else " (a Virtuoso server never answers this kind of request: use --engine virtuoso)"
        body, content_type = self._send(request, f"the query '{query.source}'", hint)
        if query.returns_graph:
            from rdflib import Graph

            graph = Graph(bind_namespaces="none")
            fmt = "turtle" if "turtle" in content_type else "nt"
            try:
                graph.parse(data=body.decode("utf-8"), format=fmt)
            except Exception as exc:
                raise EndpointError(f"{self.url} sent a graph that could not be read as {fmt}: {exc}") from None
            return GraphResult(graph)
        try:
            return from_json(json.loads(body.decode("utf-8")))
        except (ValueError, KeyError) as exc:
            raise EndpointError(f"{self.url} did not send SPARQL JSON results (Content-Type {content_type!r}): {exc}") from None


@dataclass(frozen=True)
class PushedGraph:
    """One graph written by :func:`push`: its IRI (``None`` for the default graph) and size.

    ``union`` marks the union of the build's graphs, written into the default graph or,
    for an engine such as Virtuoso, into the named graph :data:`~kg.sparql.engines.UNION_GRAPH`.
    """

    graph: str | None
    triples: int
    union: bool = False


def _graph_url(store_url: str, graph: str | None) -> str:
    """The Graph Store Protocol URL of a graph (indirect identification).

    >>> _graph_url("http://127.0.0.1:7878/store", "https://w3id.org/brsc-kg/graph/registry")
    'http://127.0.0.1:7878/store?graph=https%3A%2F%2Fw3id.org%2Fbrsc-kg%2Fgraph%2Fregistry'
    >>> _graph_url("http://h:3030/ds/data?x=1", None)
    'http://h:3030/ds/data?x=1&default'
    """
    joiner = "&" if "?" in store_url else "?"
    if graph is None:
        return f"{store_url}{joiner}default"
    return f"{store_url}{joiner}graph={urllib.parse.quote(graph, safe='')}"


@dataclass(frozen=True)
class PushResult:
    """What :func:`push` did: the graphs written, and the stale graphs deleted."""

    pushed: list[PushedGraph]
    removed: list[str]


def stale_graphs(store_graphs: Sequence[str], build_graphs: Sequence[str | None]) -> list[str]:
    """Graphs of this knowledge graph that the store holds and the build does not.

    Only IRIs under :data:`KG_BASE` count: a store is often shared, and graphs other
    tools wrote there are not ours to delete.

    >>> stale_graphs(["https://w3id.org/brsc-kg/id/document-009", "https://w3id.org/brsc-kg/graph/registry",
    ...               "http://example.org/theirs"], ["https://w3id.org/brsc-kg/graph/registry", None])
    ['https://w3id.org/brsc-kg/id/document-009']
    """
    keep = set(build_graphs)
    return sorted(g for g in set(store_graphs) if g.startswith(KG_BASE) and g not in keep)


def store_graphs(query_url: str, timeout: float = 30.0, engine: Engine = STANDARD) -> list[str]:
    """The named graphs a store holds, all of them (not only this knowledge graph's), as its query URL lists them."""
    from .guard import check_query

    result = Endpoint(query_url, timeout, engine)._ask(check_query(engine.list_graphs, None, "the list of graphs"), ())
    if not isinstance(result, Solutions):
        raise EndpointError(f"{query_url} did not answer a SELECT with a table")
    return [str(row[0]) for row in result.rows if row and row[0] is not None]


def push(
    files: Sequence[Path],
    store_url: str,
    timeout: float = 120.0,
    default_graph: bool = True,
    progress: Callable[[str], None] | None = None,
    prune_query_url: str | None = None,
    engine: Engine = STANDARD,
) -> PushResult:
    """Write the build to a store with the SPARQL 1.1 Graph Store Protocol (idempotent).

    Parameters
    ----------
    files
        The build's TriG files (:func:`kg.sparql.store.build_files`).
    store_url
        The store's Graph Store Protocol URL (Oxigraph ``http://host:7878/store``,
        Fuseki ``http://host:3030/DATASET/data``, GraphDB
        ``http://host:7200/repositories/REPO/rdf-graphs/service``).
    default_graph
        Also replace the default graph with the union of all graphs but
        ``graph:unreported`` (with ``engine.union_graph`` set, that named graph instead).
        Turn off for stores whose default graph already is the
        union of the named graphs (GraphDB), where it would only store every triple
        twice; their union then includes ``graph:unreported``, so plain queries there
        must filter on ``kg:modality`` or leave that graph out themselves.
    prune_query_url
        The same store's SPARQL query URL.  When given, graphs under :data:`KG_BASE`
        that the store holds but the build lacks are deleted after the writes, so the
        store holds exactly this build.
    engine
        The kind of store (:mod:`kg.sparql.engines`): where the union goes, how graphs are listed.

    Raises
    ------
    EndpointError
        The store could not be reached or refused a write (names the graph).
    """
    import pyoxigraph as ox

    from .store import load_oxigraph

    store = load_oxigraph(files)
    endpoint = Endpoint(store_url, timeout, engine)
    named = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    if engine.union_graph in named:
        raise EndpointError(f"the build has a graph named {engine.union_graph}, the IRI the union of its graphs is pushed to")
    # (graph read from the build, graph written in the store): the union is read from the build's default graph.
    writes: list[tuple[str | None, str | None]] = [(g, g) for g in named]
    if default_graph:
        writes.append((None, engine.union_graph))
    graphs = [target for _, target in writes]
    pushed = []
    for source, graph in writes:
        data, count = _ntriples(store, source)
        label = graph or "the default graph"
        if source is None:
            label += " (union of all graphs but graph:unreported)"
        if progress:
            progress(f"PUT {label} ({count} triples)")
        request = urllib.request.Request(
            _graph_url(store_url, graph),
            data=data,
            method="PUT",
            headers={"Content-Type": "text/turtle; charset=utf-8", "User-Agent": _USER_AGENT},
        )
        try:
            endpoint._send(request, f"PUT of {label}")
        except EndpointError as exc:
            if graph is None:  # Virtuoso refuses the default graph (HTTP 500, or drops the connection)
                raise EndpointError(f"{exc}; a store that cannot write its default graph (Virtuoso) needs --engine virtuoso") from None
            raise
        pushed.append(PushedGraph(graph, count, union=source is None))
    removed: list[str] = []
    if prune_query_url is not None:
        keep = [*graphs, engine.union_graph]  # the union graph stays even when this push left it alone
        for graph_iri in stale_graphs(store_graphs(prune_query_url, timeout, engine), keep):
            if progress:
                progress(f"DELETE {graph_iri} (not in this build)")
            request = urllib.request.Request(_graph_url(store_url, graph_iri), method="DELETE", headers={"User-Agent": _USER_AGENT})
            endpoint._send(request, f"DELETE of the stale graph {graph_iri}")
            removed.append(graph_iri)
    return PushResult(pushed, removed)


def nquads(files: Sequence[Path]) -> tuple[bytes, int]:
    """Every named graph of the build (class closure included) as sorted N-Quads, and the number of quads.

    For stores loaded from files rather than over HTTP (QLever's index builder, GraphDB's
    importrdf, Jena's tdb2.tdbloader).  The default graph is left out: load these quads
    into a store whose default graph is the union of its named graphs, or add the union
    yourself (without ``graph:unreported``, whose triples are plans, not facts).
    """
    import pyoxigraph as ox

    from .store import load_oxigraph

    store = load_oxigraph(files)
    named = (q for q in store.quads_for_pattern(None, None, None, None) if not isinstance(q.graph_name, ox.DefaultGraph))
    data = ox.serialize(named, format=ox.RdfFormat.N_QUADS) or b""
    ordered = sorted({line for line in data.splitlines() if line.strip()})
    return b"\n".join(ordered) + b"\n", len(ordered)


def _ntriples(store: ox.Store, graph: str | None) -> tuple[bytes, int]:
    """One graph of ``store`` as sorted N-Triples (valid Turtle) and its size."""
    import pyoxigraph as ox

    name = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name) or b""
    lines = sorted(set(data.splitlines()))
    return b"\n".join(lines) + b"\n", len(lines)
