"""Deterministic Turtle and TriG.

rdflib's ``longturtle`` output sorts subjects, predicates and objects, so the same
triples always give the same bytes.  rdflib's TriG writer does not order the graphs
(their order changes with ``PYTHONHASHSEED``), so TriG is written here: the prefix
block once, then each named graph in a fixed order with a ``longturtle`` body.

The single-graph view (``kg.ttl``, the union of the named graphs) leaves out
``graph:unreported``: the shortcut triples of what the text announces, directs,
recommends or sets as a target.  Whoever reads ``kg.ttl`` (the network commands, a user
loading it into any tool) must never read a plan as a fact; ``kg.trig`` keeps the graph.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Dataset, Graph, URIRef

from .vocab import MENTIONS_GRAPH, ONTOLOGY_GRAPH, PREFIXES, REGISTRY_GRAPH, UNREPORTED_GRAPH

__all__ = ["OUTSIDE_UNION", "fill_default_graph", "graph_order", "to_trig", "to_turtle", "union_graph"]

#: Named graphs the union (``kg.ttl``, the default graph of a query) leaves out.
OUTSIDE_UNION: tuple[URIRef, ...] = (UNREPORTED_GRAPH,)


def _bound_graph(store: str = "Memory") -> Graph:
    """An empty graph with the project prefixes.

    The copies made only to be written use rdflib's plain triple store (``SimpleMemory``):
    one graph needs none of the default store's context bookkeeping, and the Turtle
    writer's many lookups run twice as fast without it (the bytes are the same).
    """
    g = Graph(store=store, bind_namespaces="none")
    for prefix, ns in PREFIXES:
        g.bind(prefix, ns, override=True, replace=True)
    return g


def union_graph(ds: Dataset, exclude: Iterable[URIRef] = OUTSIDE_UNION) -> Graph:
    """All triples of the graphs of ``ds`` in one graph (prefixes bound), except those of ``exclude``.

    By default ``graph:unreported`` is left out (see the module docstring); pass
    ``exclude=()`` for every triple, as the SHACL check does.
    """
    skip = set(exclude)
    g = _bound_graph()
    for s, p, o, c in ds.quads((None, None, None, None)):
        if c not in skip:
            g.add((s, p, o))
    return g


def fill_default_graph(ds: Dataset, exclude: Iterable[URIRef] = OUTSIDE_UNION) -> Dataset:
    """Make the default graph of ``ds`` the union of its named graphs but ``exclude``; returns ``ds``.

    rdflib's ``default_union`` would read ``graph:unreported`` too, so a query without
    ``GRAPH`` would see plans as facts; this copies the union in instead, as the query
    store does (:mod:`kg.sparql.store`).
    """
    skip = set(exclude)
    ds.default_union = False
    default = ds.default_graph
    default.addN((s, p, o, default) for s, p, o, c in list(ds.quads((None, None, None, None))) if c not in skip and c != default.identifier)
    return ds


def _body(graph: Graph) -> str:
    """Longturtle text of ``graph`` without its PREFIX lines."""
    g = _bound_graph("SimpleMemory")
    for triple in graph:
        g.add(triple)
    text = g.serialize(format="longturtle")
    lines = [line for line in text.splitlines() if not line.startswith("PREFIX ")]
    while lines and not lines[0].strip():
        lines.pop(0)
    return "\n".join(lines).rstrip() + "\n"


def to_turtle(graph: Graph) -> str:
    """Sorted, diff-friendly Turtle."""
    g = _bound_graph("SimpleMemory")
    for triple in graph:
        g.add(triple)
    return g.serialize(format="longturtle")


def graph_order(name: URIRef) -> tuple[int, str]:
    """Sort key: ontology, registry, documents (by IRI), unreported shortcuts, mentions, anything else."""
    fixed = {ONTOLOGY_GRAPH: 0, REGISTRY_GRAPH: 1, UNREPORTED_GRAPH: 3, MENTIONS_GRAPH: 4}
    return (fixed.get(name, 2 if "/id/document-" in str(name) else 5), str(name))


def to_trig(ds: Dataset) -> str:
    """TriG with graphs in :func:`graph_order` and sorted content in each."""
    head = "".join(f"PREFIX {prefix}: <{ns}>\n" for prefix, ns in PREFIXES)
    nm = _bound_graph().namespace_manager
    parts = [head]
    graphs = [g for g in ds.graphs() if isinstance(g.identifier, URIRef) and len(g) > 0]
    for graph in sorted(graphs, key=lambda g: graph_order(URIRef(g.identifier))):
        name = URIRef(graph.identifier).n3(nm)
        # The body is not indented: multi-line literals must keep their exact content.
        parts.append(f"\n{name} {{\n\n{_body(graph)}\n}}\n")
    return "".join(parts)
