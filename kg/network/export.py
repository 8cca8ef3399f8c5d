"""Export the network for other tools (Gephi, Cytoscape, spreadsheets), keeping IRIs.

GEXF and GraphML only hold scalar attributes, so list and mapping attributes are joined
into strings ("; " between items); every node keeps its ``iri``.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import networkx as nx

__all__ = ["edges_csv", "flatten", "nodes_csv", "to_gexf", "to_graphml"]


def _scalar(value: Any) -> str | int | float | bool:
    if isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in sorted(value.items()))
    if isinstance(value, (list, tuple, set, frozenset)):
        return "; ".join(str(v) for v in (sorted(value) if isinstance(value, (set, frozenset)) else value))
    return "" if value is None else str(value)


def flatten(g: nx.Graph) -> nx.Graph:
    """A copy of ``g`` whose attributes are all scalars (for GEXF/GraphML)."""
    h = g.__class__()
    for n, data in sorted(g.nodes(data=True)):
        h.add_node(n, **{k: _scalar(v) for k, v in sorted(data.items())})
    for u, v, data in sorted(g.edges(data=True), key=lambda e: (e[0], e[1])):
        h.add_edge(u, v, **{k: _scalar(val) for k, val in sorted(data.items())})
    return h


def to_gexf(g: nx.Graph) -> bytes:
    """GEXF 1.2 for Gephi."""
    buf = io.BytesIO()
    nx.write_gexf(flatten(g), buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def to_graphml(g: nx.Graph) -> bytes:
    """GraphML."""
    buf = io.BytesIO()
    nx.write_graphml(flatten(g), buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def _csv(rows: list[dict[str, Any]], columns: list[str]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _scalar(row.get(k, "")) for k in columns})
    return buf.getvalue().encode("utf-8")


def nodes_csv(g: nx.Graph) -> bytes:
    """One row per node: id, iri, label, class and the other attributes."""
    keys = sorted({k for _n, d in g.nodes(data=True) for k in d} - {"iri", "label", "class"})
    rows = [{"id": n, **d} for n, d in sorted(g.nodes(data=True))]
    return _csv(rows, ["id", "iri", "label", "class", *keys])


def edges_csv(g: nx.Graph) -> bytes:
    """One row per edge: source, target (ids), their IRIs and the edge attributes."""
    keys = sorted({k for _u, _v, d in g.edges(data=True) for k in d})
    rows = [
        {"source": u, "target": v, "source_iri": g.nodes[u].get("iri", ""), "target_iri": g.nodes[v].get("iri", ""), **d}
        for u, v, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1]))
    ]
    return _csv(rows, ["source", "target", "source_iri", "target_iri", *keys])
