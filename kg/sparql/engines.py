"""Where triple stores differ inside the SPARQL protocols, and how ``kg push`` and ``kg query --endpoint`` meet each.

The SPARQL 1.1 Protocol and Graph Store Protocol leave a store free to choose what its
default graph is, and some stores depart from them.  The knowledge graph must answer
the same everywhere: a plain query (no ``GRAPH``) reads the union of the graphs but
``graph:unreported`` (plans, directives and recommendations are never read as facts),
and ``GRAPH ?g`` ranges over the graphs of the build.  An :class:`Engine` says how to
get that from one kind of store:

``standard`` (Oxigraph, Apache Jena Fuseki, GraphDB, QLever)
    The union goes into the store's default graph (Graph Store Protocol ``?default``)
    and queries are posted as ``application/sparql-query``, naming no dataset, so they
    read the store's default graph and its named graphs.

``virtuoso`` (OpenLink Virtuoso 7)
    Found by running Virtuoso 7.2.5 (``tests/integration/test_virtuoso_store.py``):

    * its default graph is the union of *every* graph it holds, its own system graphs
      and ``graph:unreported`` included, and a Graph Store Protocol ``PUT`` to the
      default graph fails (HTTP 500, or a dropped connection for a large body).  The union is therefore pushed into a named graph,
      :data:`UNION_GRAPH`, and each query is sent with ``default-graph-uri`` naming it
      and one ``named-graph-uri`` per graph of this knowledge graph (SPARQL 1.1
      Protocol, section 2.1.4).  Both are needed: given only ``default-graph-uri``,
      Virtuoso still lets ``GRAPH ?g`` range over every graph, the union graph too, so
      each document's rows would come back twice;
    * a ``POST`` with ``Content-Type: application/sparql-query`` is never answered
      (openlink/virtuoso-opensource#842), so queries are posted as an HTML form
      (``application/x-www-form-urlencoded``, also defined by the protocol);
    * an empty pattern in ``GRAPH ?g { }`` matches no graph (one row with ``?g``
      unbound when no dataset is named), where SPARQL gives one row per graph, so
      graphs are listed with ``GRAPH ?g { ?s ?p ?o }``.  A user's query written the
      first way still gets nothing: that difference remains;
    * it writes ``xsd:boolean`` values as ``1`` and ``0`` (valid lexical forms of true
      and false, which rdflib reads back in the canonical form), but a boolean
      expression that is not cast, such as ``BIND(EXISTS { ... } AS ?x)`` or
      ``BIND(true AS ?x)``, comes back as the *integer* 1 or 0, which cannot be told
      from a count.

    Those last differences are in the engine's evaluation and cannot be met from
    outside without rewriting queries.  The catalogue is written so that it does not
    meet them: it casts such values with ``xsd:boolean(...)``; it writes transitive
    paths forwards (``?unit kg:subOrganizationOf+ ?org``), since Virtuoso 7.2 answers
    the inverse form with the start bound only by ``VALUES`` wrongly, or refuses it
    ("transitive start not given"); and it sorts labels by ``STR(?label)``, since
    SPARQL leaves the order of language-tagged literals to the engine and Virtuoso's
    differs from Oxigraph's.

Only the standard library is used here; the requests themselves are sent by
:mod:`kg.sparql.remote`.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..rdf.vocab import GRAPH_NS
from .errors import EndpointError, ParameterError

__all__ = [
    "ENGINES",
    "KG_BASE",
    "STANDARD",
    "UNION_GRAPH",
    "VIRTUOSO",
    "Engine",
    "dataset_parameters",
    "get_engine",
    "query_request",
]

#: Every graph this project writes has an IRI under this base; pruning never touches others.
KG_BASE = "https://w3id.org/brsc-kg/"
#: The named graph that holds the union of the build's graphs but ``graph:unreported``, on
#: stores whose default graph cannot hold it (Virtuoso); queries name it as their default graph.
UNION_GRAPH = GRAPH_NS + "union"


@dataclass(frozen=True)
class Engine:
    """How to push to and query one kind of triple store.

    Attributes
    ----------
    name : str
        What ``--engine`` takes.
    union_graph : str or None
        Where the union of the graphs goes: ``None`` for the store's default graph, else
        the IRI of a named graph, which every query then names as its default graph.
    form_post : bool
        Post queries as ``application/x-www-form-urlencoded`` rather than
        ``application/sparql-query``.
    list_graphs : str
        The query that lists the store's named graphs (for ``--prune`` and the dataset).
    """

    name: str
    union_graph: str | None
    form_post: bool
    list_graphs: str


STANDARD = Engine("standard", None, False, "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
VIRTUOSO = Engine("virtuoso", UNION_GRAPH, True, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
#: The engines ``--engine`` accepts, by name.
ENGINES: dict[str, Engine] = {engine.name: engine for engine in (STANDARD, VIRTUOSO)}


def get_engine(name: str) -> Engine:
    """The engine called ``name``.

    >>> get_engine("virtuoso").union_graph
    'https://w3id.org/brsc-kg/graph/union'
    >>> get_engine("fuseki")
    Traceback (most recent call last):
    ...
    kg.sparql.errors.ParameterError: unknown --engine 'fuseki'; choose one of: standard (Oxigraph, Fuseki, GraphDB, QLever), virtuoso
    """
    try:
        return ENGINES[name]
    except KeyError:
        raise ParameterError(f"unknown --engine '{name}'; choose one of: standard (Oxigraph, Fuseki, GraphDB, QLever), virtuoso") from None


def dataset_parameters(engine: Engine, store_graphs: Iterable[str], url: str = "the store") -> list[tuple[str, str]]:
    """The ``default-graph-uri`` and ``named-graph-uri`` parameters a query is sent with.

    None for an engine whose default graph holds the union.  Otherwise the union graph is
    the default graph and the named graphs are those of this knowledge graph the store
    holds (IRIs under :data:`KG_BASE`), the union graph left out: exactly the graphs
    ``GRAPH ?g`` ranges over on the embedded store, whatever else the store holds.

    Raises
    ------
    EndpointError
        The store holds no graph of this knowledge graph (nothing was pushed yet).

    Examples
    --------
    >>> dataset_parameters(STANDARD, ["https://w3id.org/brsc-kg/graph/registry"])
    []
    >>> for pair in dataset_parameters(VIRTUOSO, ["http://www.openlinksw.com/schemas/virtrdf#", UNION_GRAPH,
    ...                                           "https://w3id.org/brsc-kg/graph/registry"]):
    ...     print(*pair)
    default-graph-uri https://w3id.org/brsc-kg/graph/union
    named-graph-uri https://w3id.org/brsc-kg/graph/registry
    """
    if engine.union_graph is None:
        return []
    named = sorted({g for g in store_graphs if g.startswith(KG_BASE) and g != engine.union_graph})
    if not named:
        raise EndpointError(
            f"{url} holds no graph of this knowledge graph (none under {KG_BASE}); push the build first: kg push --engine {engine.name} --endpoint ..."
        )
    return [("default-graph-uri", engine.union_graph)] + [("named-graph-uri", g) for g in named]


def query_request(engine: Engine, url: str, text: str, dataset: Sequence[tuple[str, str]] = ()) -> tuple[str, bytes, str]:
    """(URL, body, Content-Type) of a SPARQL 1.1 Protocol query ``POST``.

    ``application/sparql-query`` puts the dataset parameters in the URL; the form encoding
    puts them in the body with the query.

    >>> query_request(STANDARD, "http://h/query", "ASK {}")
    ('http://h/query', b'ASK {}', 'application/sparql-query; charset=utf-8')
    >>> query_request(VIRTUOSO, "http://h/sparql", "ASK {}", [("default-graph-uri", "urn:u")])
    ('http://h/sparql', b'query=ASK+%7B%7D&default-graph-uri=urn%3Au', 'application/x-www-form-urlencoded')
    >>> query_request(STANDARD, "http://h/query?x=1", "ASK {}", [("named-graph-uri", "urn:g")])[0]
    'http://h/query?x=1&named-graph-uri=urn%3Ag'
    """
    if engine.form_post:
        body = urllib.parse.urlencode([("query", text), *dataset], encoding="utf-8").encode("ascii")
        return url, body, "application/x-www-form-urlencoded"
    if dataset:
        url = f"{url}{'&' if '?' in url else '?'}{urllib.parse.urlencode(list(dataset))}"
    return url, text.encode("utf-8"), "application/sparql-query; charset=utf-8"
