"""Exact betweenness and closeness from one shortest-path search per node, and power-iteration eigenvector.

networkx computes betweenness (Brandes' algorithm) and closeness each with its own
Dijkstra search from every node: the same all-pairs shortest paths twice, walked through
networkx's graph views and a weight callback for every edge.  On the explorer's graph
(about 400 nodes and 600 ties) that was most of ``kg viz``'s time.  Here both measures
come from one search per node over plain adjacency lists.

The functions follow networkx 3.6's code operation for operation: nodes and neighbours
are visited in the same order, ties are broken by the same push counter, and every
floating-point sum adds the same terms in the same order.  Their values are therefore
bit for bit those of ``nx.betweenness_centrality(g, weight=..., normalized=True)``,
``nx.closeness_centrality(g, distance=...)`` and ``nx.eigenvector_centrality(g,
weight=...)``, so the tables and files do not change by a byte;
tests/unit/test_paths.py checks this on random graphs with tied path lengths.

Examples
--------
>>> import networkx as nx
>>> g = nx.path_graph(["a", "b", "c"])
>>> nx.set_edge_attributes(g, 1.0, "distance")
>>> between, closeness = betweenness_and_closeness(g)
>>> between == nx.betweenness_centrality(g, weight="distance"), closeness == nx.closeness_centrality(g, distance="distance")
(True, True)
"""

from __future__ import annotations

import math
from heapq import heappop, heappush
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Hashable

    import networkx as nx

__all__ = ["betweenness_and_closeness", "eigenvector_power"]


def _adjacency(g: nx.Graph, attribute: str) -> tuple[list[Hashable], list[list[tuple[int, float]]]]:
    """The nodes in ``g``'s order, and for each its (neighbour index, ``attribute``) pairs in ``g``'s order."""
    nodes = list(g)
    index = {v: i for i, v in enumerate(nodes)}
    return nodes, [[(index[w], data.get(attribute, 1)) for w, data in g[v].items()] for v in nodes]


def betweenness_and_closeness(g: nx.Graph, distance: str = "distance") -> tuple[dict[Hashable, float], dict[Hashable, float]]:
    """Normalised betweenness and (Wasserman–Faust) closeness of an undirected graph, ``distance`` as edge length.

    Equal to ``nx.betweenness_centrality(g, weight=distance, normalized=True)`` and
    ``nx.closeness_centrality(g, distance=distance)``, value for value.
    """
    nodes, adjacency = _adjacency(g, distance)
    if not all(math.isfinite(length) for neighbours in adjacency for _w, length in neighbours):
        import networkx as nx  # infinite or NaN lengths: networkx's own handling, whatever it is

        return nx.betweenness_centrality(g, weight=distance, normalized=True), nx.closeness_centrality(g, distance=distance)
    n = len(nodes)
    between = [0.0] * n
    closeness = [0.0] * n
    push, pop, unseen = heappush, heappop, math.inf
    for s in range(n):
        # Dijkstra from s, counting shortest paths (networkx's _single_source_dijkstra_path_basic,
        # with lists for its dicts: "not yet seen" is an infinite distance, "not done" a False).
        order: list[int] = []
        distances: list[float] = []  # of the nodes in order, as networkx's dict of them holds them
        preds: list[list[int]] = [[] for _ in range(n)]
        sigma = [0.0] * n
        done = [False] * n
        sigma[s] = 1.0
        seen: list[float] = [unseen] * n
        seen[s] = 0
        pushed = 0  # networkx's itertools.count(): breaks ties between equal distances, first pushed first
        queue: list[tuple[float, int, int, int]] = [(0, pushed, s, s)]
        while queue:
            dist, _, pred, v = pop(queue)
            if done[v]:
                continue
            sigma[v] += sigma[pred]
            order.append(v)
            distances.append(dist)
            done[v] = True
            sigma_v = sigma[v]
            for w, length in adjacency[v]:
                vw_dist = dist + length
                if not done[w] and vw_dist < seen[w]:
                    seen[w] = vw_dist
                    pushed += 1
                    push(queue, (vw_dist, pushed, v, w))
                    sigma[w] = 0.0
                    preds[w] = [v]
                elif vw_dist == seen[w]:
                    sigma[w] += sigma_v
                    preds[w].append(v)
        # Closeness of s from the same distances (networkx's closeness_centrality, wf_improved).
        total = sum(distances)
        if total > 0.0 and n > 1:
            closeness[s] = (len(order) - 1.0) / total * ((len(order) - 1.0) / (n - 1))
        # Brandes' accumulation (networkx's _accumulate_basic).
        delta: list[float] = [0] * n  # int zeros, as networkx starts them
        while order:
            w = order.pop()
            coeff = (1 + delta[w]) / sigma[w]
            for v in preds[w]:
                delta[v] += sigma[v] * coeff
            if w != s:
                between[w] += delta[w]
    # networkx's _rescale for normalised, undirected, without endpoints, every node a source.
    if n - 1 >= 2:
        scale = 1 / ((n - 1) * (n - 2))
        if scale != 1:
            between = [b * scale for b in between]
    return dict(zip(nodes, between, strict=True)), dict(zip(nodes, closeness, strict=True))


def eigenvector_power(g: nx.Graph, weight: str = "weight", max_iter: int = 100, tol: float = 1e-6) -> dict[Hashable, float] | None:
    """Eigenvector centrality by power iteration on A + I, or ``None`` if it does not converge in ``max_iter`` steps.

    Equal to ``nx.eigenvector_centrality(g, weight=weight, max_iter=max_iter, tol=tol)``
    where that converges (it raises where this returns ``None``).
    """
    nodes, adjacency = _adjacency(g, weight)
    n = len(nodes)
    x = [1 / n] * n  # networkx: nstart 1 for every node, divided by their sum
    for _ in range(max_iter):
        last = x
        x = last.copy()
        for i, neighbours in enumerate(adjacency):
            xi = last[i]
            for j, w in neighbours:
                x[j] += xi * w
        norm = math.hypot(*x) or 1
        x = [v / norm for v in x]
        if sum(abs(x[i] - last[i]) for i in range(n)) < n * tol:
            return dict(zip(nodes, x, strict=True))
    return None
