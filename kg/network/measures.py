"""Centrality and brokerage measures of the weighted cooperation network.

All measures are computed on the undirected weighted graph of
:func:`kg.network.projection.to_weighted_graph`, where ``weight`` counts the distinct
evidence quotes behind a pair.  Path-based measures (betweenness, closeness) use the
distance ``1 / weight``: a tie attested by more quotes is a shorter path.

Eigenvector centrality is undefined across components; it is computed per connected
component (unit-normalised) and scaled by the component's share of nodes, so that
actors of a small separate cluster do not outrank the hubs of the main network.

Examples
--------
A star with centre ``c`` (weights 1) plus a separate pair:

>>> import networkx as nx
>>> g = nx.Graph()
>>> g.add_weighted_edges_from([("c", "a", 1), ("c", "b", 1), ("c", "d", 1), ("x", "y", 1)])
>>> t = centrality_table(g)
>>> int(t.loc["c", "degree"]), float(t.loc["c", "betweenness"]), float(t.loc["a", "betweenness"])
(3, 0.3, 0.0)
>>> round(float(t.loc["c", "constraint"]), 3), round(float(t.loc["a", "constraint"]), 3)
(0.333, 1.0)
>>> t.index[0]  # sorted by PageRank
'c'
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import networkx as nx

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MEASURES", "centrality_table", "with_distance"]

#: Columns of :func:`centrality_table` that are measures (in this order).
MEASURES = ("degree", "weighted_degree", "betweenness", "closeness", "eigenvector", "pagerank", "constraint")


def with_distance(g: nx.Graph) -> nx.Graph:
    """A copy of ``g`` whose edges also carry ``distance = 1 / weight``."""
    h = g.copy()
    for _u, _v, data in h.edges(data=True):
        data["distance"] = 1.0 / float(data.get("weight", 1) or 1)
    return h


def _eigenvector(g: nx.Graph) -> dict[str, float]:
    scores: dict[str, float] = {}
    n = g.number_of_nodes()
    for comp in nx.connected_components(g):
        if len(comp) == 1:
            scores[next(iter(comp))] = 0.0
            continue
        sub = g.subgraph(comp)
        try:  # power iteration on A + I converges on bipartite components too
            values = nx.eigenvector_centrality(sub, weight="weight", max_iter=1000, tol=1e-10)
        except nx.PowerIterationFailedConvergence:
            values = nx.eigenvector_centrality_numpy(sub, weight="weight")
        share = len(comp) / n
        for node, value in values.items():
            scores[node] = abs(float(value)) * share
    return scores


def _betweenness(g: nx.Graph, k: int | None, seed: int) -> dict[str, float]:
    if k is not None and k < g.number_of_nodes():
        return dict(nx.betweenness_centrality(g, k=k, weight="distance", normalized=True, seed=seed))
    return dict(nx.betweenness_centrality(g, weight="distance", normalized=True))


def centrality_table(g: nx.Graph, betweenness_sample: int | None = None, seed: int = 42) -> pd.DataFrame:
    """One row per node: labels, class, documents and every measure.

    Parameters
    ----------
    g : networkx.Graph
        Undirected graph with ``weight`` on edges; node attributes ``label``,
        ``class`` and ``documents`` are copied when present.
    betweenness_sample : int, optional
        Estimate betweenness from this many sampled sources (for large graphs);
        exact when ``None``.
    seed : int
        Seed for the betweenness sample.

    Returns
    -------
    pandas.DataFrame
        Indexed by node id, sorted by PageRank (highest first, ties by id).
    """
    import pandas as pd

    h = with_distance(g)
    nodes = sorted(h.nodes())
    degree = dict(h.degree())
    weighted = dict(h.degree(weight="weight"))
    between = _betweenness(h, betweenness_sample, seed) if h.number_of_edges() else dict.fromkeys(nodes, 0.0)
    closeness = dict(nx.closeness_centrality(h, distance="distance")) if h.number_of_edges() else dict.fromkeys(nodes, 0.0)
    eigen = _eigenvector(h) if h.number_of_edges() else dict.fromkeys(nodes, 0.0)
    pagerank = dict(nx.pagerank(h, weight="weight")) if h.number_of_nodes() else {}
    constraint = {n: float(v) for n, v in nx.constraint(h, weight="weight").items() if not math.isnan(v)} if h.number_of_edges() else {}
    rows = []
    for n in nodes:
        data = h.nodes[n]
        rows.append(
            {
                "id": n,
                "label": data.get("label", n),
                "class": data.get("class", ""),
                "documents": ", ".join(data.get("documents", [])),
                "iri": data.get("iri", ""),
                "degree": int(degree[n]),
                "weighted_degree": float(weighted[n]),
                "betweenness": float(between.get(n, 0.0)),
                "closeness": float(closeness.get(n, 0.0)),
                "eigenvector": float(eigen.get(n, 0.0)),
                "pagerank": float(pagerank.get(n, 0.0)),
                "constraint": constraint.get(n, math.nan),
            }
        )
    table = (
        pd.DataFrame(rows).set_index("id")
        if rows
        else pd.DataFrame(columns=["id", "label", "class", "documents", "iri", *MEASURES]).set_index("id")
    )
    table["weighted_degree"] = table["weighted_degree"].astype(float)
    table["degree"] = table["degree"].astype(int)
    # Round away floating-point noise so that tables and files are identical between runs.
    for col in ("betweenness", "closeness", "eigenvector", "pagerank", "constraint"):
        table[col] = table[col].astype(float).round(10)
    return table.sort_values(["pagerank", "label"], ascending=[False, True], kind="mergesort")
