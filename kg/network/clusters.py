"""Partner clusters: seeded Louvain communities, named, with a stability check.

Louvain is randomised, so every call takes a seed and the same seed gives the same
clusters.  Whether a cluster is *real* or an accident of one seed is measured by
re-running over several seeds and resolutions: a cluster's **stability** is the share
of (run, member pair) combinations in which the pair lands in the same community
(1.0: always together).

Examples
--------
Two triangles joined by one weak edge form two clusters:

>>> import networkx as nx
>>> g = nx.Graph()
>>> g.add_weighted_edges_from([("a", "b", 3), ("b", "c", 3), ("a", "c", 3), ("x", "y", 3), ("y", "z", 3), ("x", "z", 3), ("c", "x", 1)])
>>> result = partner_clusters(g, seed=1)
>>> [sorted(c.members) for c in result.clusters]
[['a', 'b', 'c'], ['x', 'y', 'z']]
>>> round(result.modularity, 3)
0.447
>>> [c.stability for c in cluster_stability(g, result, seeds=range(5))]
[1.0, 1.0]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from itertools import combinations
from math import comb
from typing import TYPE_CHECKING

import networkx as nx

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["RESOLUTIONS", "Cluster", "Clustering", "cluster_stability", "pair_frequencies", "partner_clusters"]

#: Resolutions tried by the stability check around the default of 1.0.
RESOLUTIONS = (0.8, 1.0, 1.2)


@dataclass(frozen=True)
class Cluster:
    """One community: its rank (1 = largest), name, members (most central first)."""

    rank: int
    name: str
    members: tuple[str, ...]
    stability: float | None = None

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass(frozen=True)
class Clustering:
    """A clustering of a graph and how it was obtained."""

    clusters: tuple[Cluster, ...]
    modularity: float
    seed: int
    resolution: float
    membership: Mapping[str, int] = field(default_factory=dict)


def _communities(g: nx.Graph, seed: int, resolution: float) -> list[set[str]]:
    if g.number_of_edges() == 0:
        return [{n} for n in g.nodes()]
    return [set(c) for c in nx.community.louvain_communities(g, weight="weight", resolution=resolution, seed=seed)]


def partner_clusters(g: nx.Graph, seed: int = 42, resolution: float = 1.0, scores: Mapping[str, float] | None = None) -> Clustering:
    """Seeded Louvain communities of a weighted graph.

    Clusters are ranked by size (then by their most central member); members are
    ordered by ``scores`` (e.g. PageRank; weighted degree when omitted).  A cluster is
    named after its two most central members' English labels.
    """
    if scores is None:
        scores = {n: float(d) for n, d in g.degree(weight="weight")}
    communities = _communities(g, seed, resolution)
    modularity = nx.community.modularity(g, communities, weight="weight") if g.number_of_edges() else 0.0

    def order(members: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted(members, key=lambda n: (-scores.get(n, 0.0), n)))

    ordered = sorted((order(c) for c in communities), key=lambda m: (-len(m), -scores.get(m[0], 0.0), m[0]))
    clusters = []
    membership = {}
    for rank, members in enumerate(ordered, start=1):
        labels = [str(g.nodes[m].get("label", m)) for m in members[:2]]
        clusters.append(Cluster(rank, f"{rank}: " + " / ".join(labels), members))
        membership.update(dict.fromkeys(members, rank))
    return Clustering(tuple(clusters), round(float(modularity), 10), seed, resolution, membership)


def _runs(g: nx.Graph, seeds: Iterable[int], resolutions: Iterable[float]) -> list[dict[str, int]]:
    runs = []
    for resolution in resolutions:
        for seed in seeds:
            labels: dict[str, int] = {}
            for i, community in enumerate(_communities(g, seed, resolution)):
                labels.update(dict.fromkeys(community, i))
            runs.append(labels)
    return runs


def cluster_stability(
    g: nx.Graph, clustering: Clustering, seeds: Iterable[int] = range(10), resolutions: Iterable[float] = RESOLUTIONS
) -> tuple[Cluster, ...]:
    """The clusters with ``stability`` filled in (``None`` for single-member clusters).

    Linear in the number of nodes per run: for each run, the member pairs of a cluster
    that stay together are counted from the sizes of its overlaps with the run's
    communities.
    """
    runs = _runs(g, list(seeds), list(resolutions))
    out = []
    for cluster in clustering.clusters:
        pairs = comb(cluster.size, 2)
        if pairs == 0 or not runs:
            out.append(cluster)
            continue
        together = 0
        for labels in runs:
            counts: dict[int, int] = {}
            for m in cluster.members:
                counts[labels[m]] = counts.get(labels[m], 0) + 1
            together += sum(comb(c, 2) for c in counts.values())
        out.append(replace(cluster, stability=round(together / (pairs * len(runs)), 6)))
    return tuple(out)


def pair_frequencies(
    g: nx.Graph, nodes: Iterable[str], seeds: Iterable[int] = range(10), resolutions: Iterable[float] = RESOLUTIONS
) -> pd.DataFrame:
    """How often each pair of ``nodes`` lands in the same community across re-runs.

    Returns a long table (``a``, ``b``, ``frequency``) for the given nodes only, since
    all pairs of a large graph would not fit in memory.
    """
    import pandas as pd

    chosen = sorted(set(nodes))
    runs = _runs(g, list(seeds), list(resolutions))
    rows = [
        {"a": a, "b": b, "frequency": round(sum(r[a] == r[b] for r in runs) / len(runs), 6) if runs else 0.0}
        for a, b in combinations(chosen, 2)
    ]
    return pd.DataFrame(rows, columns=["a", "b", "frequency"])
