"""Seeded, deterministic node positions for the explorer, computed once when the page is built.

The explorer draws with physics off, so the drawing is whatever this module returns: integer
canvas coordinates for every node.  A browser-side simulation never converged on the seed
graph and scrambled the picture at every filter; a layout computed here is the same in
every page built from the same graph (byte for byte), and costs well under a second.

How (docs/decisions/0019-precomputed-explorer-layout.md has the measurements):

1. one undirected weighted graph: a pair of entities weighs the number of distinct
   evidence quotes behind it (as :func:`kg.network.projection.to_weighted_graph` counts);
2. each connected component on its own: igraph's Fruchterman–Reingold (its grid variant
   from 1,000 nodes) from seeded random points, edges inside a partner cluster pulling
   :data:`INTRA` times harder, so that a cluster stays together and clusters stay apart;
3. scaled so that a typical edge is :data:`EDGE` canvas units long, then pushed apart
   wherever two nodes would overlap at the radius the explorer draws them with;
4. components packed in rows under the largest one, isolates last, so that nothing is
   flung to the edge of the canvas.

Examples
--------
>>> import networkx as nx
>>> m = nx.MultiDiGraph()
>>> keys = m.add_edges_from([("a", "b", {"evidence": ("q1",)}), ("b", "c", {"evidence": ("q2",)})]); m.add_node("z")
>>> pos = layout(m, {"a": 1, "b": 1, "c": 1})
>>> sorted(pos) == ["a", "b", "c", "z"] and all(isinstance(v, int) for p in pos.values() for v in p)
True
>>> pos == layout(m, {"a": 1, "b": 1, "c": 1})
True
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from math import sqrt
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import igraph as ig
    import networkx as nx

__all__ = ["EDGE", "MARGIN", "Component", "arrange", "layout", "pull", "radii", "separate", "weighted_fr"]

#: Typical (median) edge length in canvas units.
EDGE = 80.0
#: Free space kept between the rims of two node discs, in canvas units.
MARGIN = 24.0
#: Least area of a drawing, in multiples of the area of its nodes' discs (with the margin).
ROOM = 2.0
#: Space between packed components, in canvas units.
GAP = 40.0
#: How much more an edge inside a partner cluster pulls than one between clusters.
INTRA = 10.0


@dataclass(frozen=True)
class Component:
    """One connected component, ready for a layout core.

    ``graph`` has vertices ``0..n-1`` in the order of ``nodes`` (sorted ids) and a
    ``weight`` per edge (distinct evidence quotes); ``cluster`` is each vertex's partner
    cluster (0: none).
    """

    nodes: tuple[str, ...]
    graph: ig.Graph
    cluster: tuple[int, ...]


#: A layout core: positions (n x 2, any scale) of a component's vertices, given a seed.
Core = Callable[[Component, int], np.ndarray]


def radii(nodes: Sequence[str], rank: Mapping[str, float] | None) -> np.ndarray:
    """The radius the explorer draws each node with: 8 + 32 sqrt(normalised rank), 12 without ranks."""
    if rank is None:
        return np.full(len(nodes), 12.0)
    values = np.array([float(rank.get(n, 0.0)) for n in nodes])
    if not len(values):
        return values
    low, span = float(values.min()), float(values.max() - values.min())
    share = (values - low) / span if span > 0 else np.zeros(len(values))
    return 8.0 + 32.0 * np.sqrt(share)


def _pairs(multi: nx.MultiDiGraph) -> dict[tuple[str, str], int]:
    """Distinct evidence quotes per unordered pair (at least 1 per pair with an edge)."""
    evidence: dict[tuple[str, str], set[str]] = defaultdict(set)
    for u, v, data in multi.edges(data=True):
        if u == v:
            continue
        pair = (u, v) if u < v else (v, u)
        evidence[pair].update(data.get("evidence", ()))
    return {pair: max(len(quotes), 1) for pair, quotes in evidence.items()}


def _components(multi: nx.MultiDiGraph, clusters: Mapping[str, int]) -> list[Component]:
    """Connected components, largest first (ties by first id), vertices in sorted order."""
    from ..network.igraphs import load_igraph  # here, not at the top: igraph and scipy cost the explorer's start 0.4 s

    ig = load_igraph()

    nodes = sorted(multi)
    index = {n: i for i, n in enumerate(nodes)}
    pairs = _pairs(multi)
    whole = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in sorted(pairs)])
    whole.es["weight"] = [float(pairs[p]) for p in sorted(pairs)]
    out = []
    for found in whole.connected_components():
        members = sorted(found)
        sub = whole.induced_subgraph(members, implementation="create_from_scratch")
        names = tuple(nodes[i] for i in members)
        out.append(Component(names, sub, tuple(int(clusters.get(n, 0) or 0) for n in names)))
    out.sort(key=lambda c: (-len(c.nodes), c.nodes[0]))
    return out


def _seeded(seed: int, fn: Callable[[], np.ndarray]) -> np.ndarray:
    """Run ``fn`` with igraph drawing from a private generator, then give igraph back the ``random`` module (its default)."""
    from ..network.igraphs import load_igraph

    ig = load_igraph()
    ig.set_random_number_generator(random.Random(seed))
    try:
        return fn()
    finally:
        ig.set_random_number_generator(random)


def _fr(graph: ig.Graph, weights: list[float], start: np.ndarray, seed: int, niter: int | None = None) -> np.ndarray:
    """igraph's Fruchterman–Reingold from ``start``: exact below 1,000 vertices, grid above with half the iterations.

    Half the iterations halve the time on 10,000 nodes (6.2 -> 3.3 s) and change the
    quality figures by a hundredth or two; the grid variant only repels nearby vertices.
    """
    n = graph.vcount()
    niter = niter or (500 if n < 1000 else 250)
    return _seeded(
        seed,
        lambda: np.array(
            graph.layout_fruchterman_reingold(
                weights=weights, seed=start.tolist(), niter=niter, grid="grid" if n >= 1000 else "nogrid"
            ).coords,
            dtype=float,
        ),
    )


def _labels(component: Component) -> np.ndarray:
    """Cluster of each vertex, with every unclustered vertex a group of its own."""
    labels = np.array(component.cluster, dtype=np.int64)
    loose = np.flatnonzero(labels <= 0)
    labels[loose] = -1 - loose  # distinct negative labels
    return labels


def weighted_fr(component: Component, seed: int) -> np.ndarray:
    """Fruchterman–Reingold with edges inside a partner cluster :data:`INTRA` times stronger: the core :func:`layout` uses.

    An edge pulls with the square root of its evidence count, so that a pair quoted twenty
    times is not drawn on top of itself.  The start is a seeded random square (igraph's
    own start would draw from its generator too; this one is explicit).  Measured against
    networkx's spring and ForceAtlas2 layouts, DrL and a start from a layout of the graph
    of clusters, this held clusters together best at 2,000 and 10,000 nodes at a fraction
    of the time (docs/decisions/0019-precomputed-explorer-layout.md).
    """
    n = component.graph.vcount()
    start = np.random.default_rng(seed).random((n, 2)) * sqrt(n)
    return _fr(component.graph, pull(component, INTRA), start, seed)


def pull(component: Component, intra: float) -> list[float]:
    """Edge weights for a force layout: sqrt(evidence quotes), times ``intra`` inside a partner cluster."""
    labels = _labels(component)
    edges = np.array(component.graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    same = labels[edges[:, 0]] == labels[edges[:, 1]]
    return [float(w) for w in np.where(same, intra, 1.0) * np.sqrt(np.array(component.graph.es["weight"], dtype=float))]


def _scale(pos: np.ndarray, graph: ig.Graph, radius: np.ndarray) -> np.ndarray:
    """Centre ``pos`` and scale it: the median edge :data:`EDGE` long, or more where nodes crowd.

    A dense component drawn at that edge length would pile its nodes on each other, and
    pushing a pile apart takes many rounds and tears the shape; so the drawing gets at
    least :data:`ROOM` times the area its discs need (measured between the 5th and 95th
    percentiles, so that a few outlying leaves do not count as room).
    """
    pos = pos - pos.mean(axis=0)
    edges = np.array(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    if not len(edges):
        return pos
    median = float(np.median(np.linalg.norm(pos[edges[:, 0]] - pos[edges[:, 1]], axis=1)))
    # A straight chain has no height: each side counts at least one median edge, or the
    # room test would blow a line of three nodes up a million times.
    spread = np.maximum(np.percentile(pos, 95, axis=0) - np.percentile(pos, 5, axis=0), median)
    area = float(spread[0] * spread[1]) / 0.81
    need = ROOM * float(((2 * radius + MARGIN) ** 2).sum())
    factor = max(EDGE / median if median > 0 else 0.0, sqrt(need / area) if area > 0 else 0.0)
    return pos * factor if factor > 0 else pos


def separate(pos: np.ndarray, radius: np.ndarray, margin: float = MARGIN, rounds: int = 500) -> np.ndarray:
    """Push overlapping discs apart until every pair is ``radius_i + radius_j + margin`` apart.

    Each round finds the close pairs with a k-d tree and moves both nodes of each along
    their line, the bigger one less (shares by area); every 50 rounds without success the
    drawing is stretched by a tenth, so that a crowd around a hub does not jostle forever.  Nodes on the same point part in a
    fixed direction, so the result depends on nothing but the input.
    """
    from scipy.spatial import cKDTree

    pos = pos.astype(float).copy()
    n = len(pos)
    if n < 2:
        return pos
    reach = 2 * float(radius.max()) + margin + 1.0
    fallback = np.column_stack([np.cos(np.arange(n) * 2.399963), np.sin(np.arange(n) * 2.399963)])
    mass = radius**2
    for step in range(1, rounds + 1):
        if step % 50 == 0:  # still crowded: give everyone more room
            pos = pos.mean(axis=0) + (pos - pos.mean(axis=0)) * 1.1
        pairs = cKDTree(pos).query_pairs(reach, output_type="ndarray")
        if not len(pairs):
            break
        i, j = pairs[:, 0], pairs[:, 1]
        gap = pos[j] - pos[i]
        dist = np.linalg.norm(gap, axis=1)
        need = radius[i] + radius[j] + margin + 1.0  # + 1: room for rounding to integers
        close = dist < need
        if not close.any():
            break
        i, j, gap, dist, need = i[close], j[close], gap[close], dist[close], need[close]
        unit = np.where(dist[:, None] > 1e-9, gap / np.maximum(dist, 1e-9)[:, None], fallback[i])
        push = (need - dist)[:, None] * unit * 0.5 * 1.05
        share = (mass[i] / (mass[i] + mass[j]))[:, None]
        delta = np.zeros_like(pos)
        np.add.at(delta, i, -push * 2 * (1 - share))
        np.add.at(delta, j, push * 2 * share)
        pos += delta
    return pos


def _pack(blocks: list[tuple[np.ndarray, np.ndarray]]) -> list[np.ndarray]:
    """Place component drawings in rows: the first (largest) on top, the others below it, left to right.

    Each block is (positions, radii); a row is as wide as the first block (at least
    twenty isolates), so the small pieces sit under the main drawing like a legend.
    """
    boxes = []
    for pos, rad in blocks:
        low = (pos - rad[:, None]).min(axis=0)
        high = (pos + rad[:, None]).max(axis=0)
        boxes.append((low, high))
    first_low, first_high = boxes[0]
    width = max(float(first_high[0] - first_low[0]), 20 * (2 * 12.0 + GAP))
    placed = [blocks[0][0] - (first_low + first_high) / 2]
    left = -width / 2
    x, y, row = left, float((first_high[1] - first_low[1]) / 2) + 2 * GAP, 0.0
    for (pos, _rad), (low, high) in zip(blocks[1:], boxes[1:], strict=True):
        w, h = float(high[0] - low[0]), float(high[1] - low[1])
        if x > left and x + w > left + width:
            x, y, row = left, y + row + GAP, 0.0
        placed.append(pos - low + np.array([x, y]))
        x += w + GAP
        row = max(row, h)
    return placed


def _local(component: Component, radius: np.ndarray, core: Core, seed: int) -> np.ndarray:
    n = len(component.nodes)
    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        half = max(EDGE, float(radius.sum()) + MARGIN + 1.0) / 2
        return np.array([[-half, 0.0], [half, 0.0]])
    pos = _scale(core(component, seed), component.graph, radius)
    return separate(pos, radius)


def arrange(
    multi: nx.MultiDiGraph, clusters: Mapping[str, int], rank: Mapping[str, float] | None, seed: int, core: Core
) -> dict[str, tuple[int, int]]:
    """:func:`layout` with another layout core (the benchmark compares cores with this)."""
    components = _components(multi, clusters)
    if not components:
        return {}
    names = sorted(multi)
    size = dict(zip(names, radii(names, rank).tolist(), strict=True))
    blocks = []
    for component in components:
        radius = np.array([size[n] for n in component.nodes])
        blocks.append((_local(component, radius, core, seed), radius))
    out: dict[str, tuple[int, int]] = {}
    for component, pos in zip(components, _pack(blocks), strict=True):
        for name, (x, y) in zip(component.nodes, np.rint(pos).astype(np.int64).tolist(), strict=True):
            out[name] = (int(x), int(y))
    return dict(sorted(out.items()))


def layout(
    multi: nx.MultiDiGraph, clusters: Mapping[str, int], rank: Mapping[str, float] | None = None, seed: int = 7
) -> dict[str, tuple[int, int]]:
    """Integer canvas coordinates for every node of ``multi``, the same for the same input.

    Parameters
    ----------
    multi : networkx.MultiDiGraph
        The projection the explorer shows; an edge's ``evidence`` lists its quote ids.
    clusters : mapping of str to int
        Partner cluster rank of each node (1 = largest; 0 or missing = none).
    rank : mapping of str to float, optional
        The measure nodes are sized by (e.g. PageRank), so that big nodes get room.
    seed : int
        Seeds every random choice: the same seed gives the same coordinates.
    """
    return arrange(multi, clusters, rank, seed, weighted_fr)
