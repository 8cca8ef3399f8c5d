"""Centrality and brokerage measures of the weighted cooperation network.

All measures are computed on the undirected weighted graph of
:func:`kg.network.projection.to_weighted_graph`, where ``weight`` counts the distinct
evidence quotes behind a pair.  Path-based measures (betweenness, closeness) use the
distance ``1 / weight``: a tie attested by more quotes is a shorter path.

Graphs above :data:`LARGE` nodes switch to approximations that keep a 10,000-node
analysis within seconds (measured in ``bench/bench_network.py``, see
docs/benchmarks.md): betweenness from a seeded sample of source nodes (Brandes'
pivots, computed with igraph), closeness from the distances to the same pivots
(Eppstein–Wang) in the largest component and exactly elsewhere.  Smaller graphs, like
the seed graph, get exact networkx values (computed by :mod:`.paths`, bit for bit the same).

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

from .paths import betweenness_and_closeness, eigenvector_power

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["LARGE", "MEASURES", "centrality_table", "with_distance"]

#: Above this many nodes, betweenness and closeness are estimated from sampled pivots.
LARGE = 1000
#: Pivots sampled for large graphs.
PIVOTS = 256

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
        if len(comp) > 500:  # sparse eigensolver: fast on large components
            values = nx.eigenvector_centrality_numpy(sub, weight="weight")
        else:  # power iteration on A + I converges on bipartite components too
            power = eigenvector_power(sub, weight="weight", max_iter=1000, tol=1e-10)  # networkx's, bit for bit, faster
            values = power if power is not None else nx.eigenvector_centrality_numpy(sub, weight="weight")
        share = len(comp) / n
        for node, value in values.items():
            scores[node] = abs(float(value)) * share
    return scores


def _sampled(g: nx.Graph, k: int, seed: int) -> tuple[dict[str, float], dict[str, float]]:
    """Betweenness and closeness estimated from ``k`` seeded pivots, with igraph.

    Betweenness: with ``sources`` given, igraph counts a pair of pivots in full and a
    pair with one pivot endpoint by half, so the expected count is ``k/n`` of the full
    value; scaling by ``n/k`` gives Brandes' estimate, then normalised as networkx does.
    Closeness: the largest component's nodes get ``(r-1)/(n-1) / mean distance to the
    pivots``; smaller components are computed exactly.
    """
    import random

    from .igraphs import load_igraph

    ig = load_igraph()

    nodes = sorted(g)
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    h = ig.Graph(n=n, edges=[(index[u], index[v]) for u, v in g.edges()])
    h.es["distance"] = [float(d["distance"]) for _u, _v, d in g.edges(data=True)]
    components = sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c[0]))
    giant = components[0]
    rng = random.Random(seed)
    pivots = sorted(rng.sample(giant, min(k, len(giant))))
    pivot_idx = [index[p] for p in pivots]
    raw = h.betweenness(sources=pivot_idx, weights="distance")
    kk = len(pivots)
    touched = kk / n
    norm = 2 / ((n - 1) * (n - 2)) if n > 2 else 0.0
    between = {v: raw[index[v]] / touched * norm for v in nodes}
    closeness: dict[str, float] = {}
    distances = h.distances(source=pivot_idx, weights="distance")
    r = len(giant)
    for v in giant:
        col = [row[index[v]] for row, p in zip(distances, pivots, strict=True) if p != v]
        mean = sum(col) / len(col) if col else 0.0
        closeness[v] = ((r - 1) / (n - 1)) / mean if mean > 0 else 0.0
    for comp in components[1:]:
        sub = g.subgraph(comp)
        share = (len(comp) - 1) / (n - 1)
        for v, c in nx.closeness_centrality(sub, distance="distance").items():
            closeness[v] = c * share
    return between, closeness


def centrality_table(g: nx.Graph, betweenness_sample: int | None = None, seed: int = 42, exact: bool | None = None) -> pd.DataFrame:
    """One row per node: labels, class, documents and every measure.

    Parameters
    ----------
    g : networkx.Graph
        Undirected graph with ``weight`` on edges; node attributes ``label``,
        ``class`` and ``documents`` are copied when present.
    betweenness_sample : int, optional
        Estimate betweenness and closeness from this many sampled pivots.  Default:
        exact up to :data:`LARGE` nodes, :data:`PIVOTS` pivots above.
    seed : int
        Seed for the pivot sample.
    exact : bool, optional
        Force exact (``True``) or sampled (``False``) measures whatever the size.

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
    sample = betweenness_sample
    if sample is None and (exact is False or (exact is None and h.number_of_nodes() > LARGE)):
        sample = PIVOTS
    if not h.number_of_edges():
        between, closeness = dict.fromkeys(nodes, 0.0), dict.fromkeys(nodes, 0.0)
    elif sample is not None and sample < h.number_of_nodes():
        between, closeness = _sampled(h, sample, seed)
    else:
        # networkx's exact values, from one Dijkstra search per node instead of two (kg.network.paths)
        between, closeness = betweenness_and_closeness(h, "distance")
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
