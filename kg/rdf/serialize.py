"""Deterministic Turtle and TriG.

rdflib's ``longturtle`` output sorts subjects, predicates and objects, so the same
triples always give the same bytes.  rdflib's TriG writer does not order the graphs
(their order changes with ``PYTHONHASHSEED``), so TriG is written here: the prefix
block once, then each named graph in a fixed order with a ``longturtle`` body.
"""

from __future__ import annotations

from rdflib import Dataset, Graph, URIRef

from .vocab import MENTIONS_GRAPH, ONTOLOGY_GRAPH, PREFIXES, REGISTRY_GRAPH

__all__ = ["graph_order", "to_trig", "to_turtle", "union_graph"]


def _bound_graph() -> Graph:
    g = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES:
        g.bind(prefix, ns, override=True, replace=True)
    return g


def union_graph(ds: Dataset) -> Graph:
    """All triples of all graphs of ``ds`` in one graph (prefixes bound)."""
    g = _bound_graph()
    for s, p, o, _c in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def _body(graph: Graph) -> str:
    """Longturtle text of ``graph`` without its PREFIX lines."""
    g = _bound_graph()
    for triple in graph:
        g.add(triple)
    text = g.serialize(format="longturtle")
    lines = [line for line in text.splitlines() if not line.startswith("PREFIX ")]
    while lines and not lines[0].strip():
        lines.pop(0)
    return "\n".join(lines).rstrip() + "\n"


def to_turtle(graph: Graph) -> str:
    """Sorted, diff-friendly Turtle."""
    g = _bound_graph()
    for triple in graph:
        g.add(triple)
    return g.serialize(format="longturtle")


def graph_order(name: URIRef) -> tuple[int, str]:
    """Sort key: ontology, registry, documents (by IRI), mentions, anything else."""
    fixed = {ONTOLOGY_GRAPH: 0, REGISTRY_GRAPH: 1, MENTIONS_GRAPH: 3}
    return (fixed.get(name, 2 if "/id/document-" in str(name) else 4), str(name))


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
