"""Benchmark the explorer's precomputed layout against other layout algorithms.

Every candidate is a *core* (positions of one connected component) run through the same
:func:`kg.viz.layout.arrange`: components one by one, scaled to the same edge length,
overlaps pushed apart, components packed in rows.  So the table compares the cores, and
the times are those of the whole :func:`~kg.viz.layout.layout` call.

Inputs: the seed graph as the explorer shows it (all nodes, every fact, every modality)
and synthetic actor graphs of 2,000 and 10,000 nodes shaped like it
(:func:`synthetic_explorer_inputs`: clusters of heavy-tailed sizes, hubs, a tenth of the
nodes isolated).  Quality figures, on the final coordinates:

* **intra/inter**: mean length of edges inside a partner cluster over mean length of edges
  between clusters (lower: clusters hold together and stand apart);
* **own centroid**: share of nodes in clusters of 3 or more whose nearest cluster centroid
  is their own cluster's;
* **overlaps (raw)**: node pairs closer than their radii plus the margin in the largest
  component after scaling, before the push apart (0 after it, checked);
* **edge / NN**: mean edge length over the median nearest-neighbour distance (near 1–2:
  edges as long as the spacing; large: long edges across the drawing);
* **width**: of the whole drawing in canvas units.

The baseline is networkx ``spring_layout`` with its defaults.  networkx
``forceatlas2_layout`` keeps an n x n x 2 array of differences (1.6 GB at 10,000 nodes),
so it runs at 2,000 nodes only.  Usage: ``python bench/bench_layout.py [--sizes 2000 10000]``.
Prints a Markdown table (docs/decisions/0019-precomputed-explorer-layout.md).
"""

from __future__ import annotations

import argparse
import pickle
import random
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import numpy as np
from scipy.spatial import cKDTree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import machine  # noqa: E402
from kg.viz import layout as lay  # noqa: E402

CLASSES = ("Ministry", "University", "Enterprise", "Country", "SciencePark", "Platform", "Initiative", "Project")
KINDS = ("TechnologyCooperation", "Investment", "JointResearch", "MemorandumOfUnderstanding", "TalentExchange")
FACTS = (("hostedBy", "cooperative"), ("partOf", "structural"), ("fundedBy", "cooperative"))
MODALITIES = ("Reported",) * 6 + ("Announced", "Directed", "Recommended", "Target")


def _actor_graph(nodes: int, seed: int) -> nx.Graph:
    """Clusters of heavy-tailed sizes around hubs, joined mostly through their hubs.

    Shaped like the seed graph's main component (half its nodes are leaves, 82% of its
    pairs lie inside a partner cluster, one hub has 144 partners): each cluster is a
    preferential-attachment tree plus half as many extra pairs again, and 0.3 pairs per
    node join clusters, hubs preferred.  About 1.8 pairs and 2.7 statements per node
    (27k statements at 10k nodes); a tenth of the nodes isolated and a few pairs on their
    own, as in the seed graph (413 nodes, 47 isolated, 4 lone pairs).
    """
    rng = random.Random(seed)
    isolated = nodes // 10
    pairs = max(nodes // 100, 1)
    main = nodes - isolated - 2 * pairs
    g = nx.Graph()
    members: list[list[int]] = []
    start = 0
    while start < main:
        size = min(max(3, int(4 * rng.paretovariate(1.1))), max(main // 8, 3), main - start)
        group = list(range(start, start + size))
        if size < 3 and members:  # a remainder too small for a cluster joins the last one
            g.add_edges_from((n, members[-1][0]) for n in group)
            members[-1].extend(group)
        else:
            tree = nx.barabasi_albert_graph(size, 1, seed=rng.randrange(2**31)) if size > 1 else nx.empty_graph(1)
            g.add_edges_from((start + u, start + v) for u, v in tree.edges())
            members.append(group)
        start += size
    for group in members:  # extra pairs inside each cluster, hubs preferred
        degree = [g.degree(n) ** 1.5 for n in group]
        for _ in range(len(group) * 3 // 4):
            u, v = rng.choices(group, weights=degree, k=2)
            if u != v:
                g.add_edge(u, v)
    hubs = [max(group, key=g.degree) for group in members]
    for k in range(1, len(members)):  # one bridge to an earlier cluster keeps one component
        g.add_edge(rng.choice(members[k][:3]), hubs[rng.randrange(k)])
    everyone = list(range(main))
    weights = [g.degree(n) ** 1.5 for n in everyone]
    target = g.number_of_edges() + int(0.4 * main)
    while g.number_of_edges() < target:  # between clusters, hubs preferred
        u, v = rng.choices(everyone, weights=weights, k=2)
        if u != v:
            g.add_edge(u, v)
    g.add_nodes_from(range(main, main + isolated))
    for p in range(pairs):
        g.add_edge(main + isolated + 2 * p, main + isolated + 2 * p + 1)
    return nx.relabel_nodes(g, {i: f"actor-{i:05d}" for i in g})


def synthetic_explorer_inputs(nodes: int, seed: int = 1) -> tuple[nx.MultiDiGraph, dict[str, int], dict[str, float]]:
    """A synthetic explorer input: (projection, partner cluster ranks, PageRank).

    The projection has the node and edge attributes of
    :func:`kg.network.projection.to_multidigraph`; a third of the pairs carry two or three
    statements, some sharing a quote.  Clusters are the project's seeded Louvain
    (:func:`kg.network.clusters.partner_clusters`) on the weighted graph, PageRank is
    networkx's weighted PageRank, as :func:`kg.network.measures.centrality_table` computes.
    """
    from kg.network.clusters import partner_clusters
    from kg.network.projection import to_weighted_graph

    rng = random.Random(seed)
    g = _actor_graph(nodes, seed)
    multi = nx.MultiDiGraph()
    for i, node in enumerate(sorted(g)):
        multi.add_node(
            node,
            iri=f"https://w3id.org/brsc-kg/id/{node}",
            label=f"Actor {i}",
            labels={"en": f"Actor {i}", "zh": f"行为体{i}"},
            group="Actor",
            documents=[f"{i % 50:03d}"],
            **{"class": CLASSES[i % len(CLASSES)]},
        )
    for j, (u, v) in enumerate(sorted(g.edges())):
        doc = f"{j % 50:03d}"
        for s in range(rng.choice((1, 1, 1, 1, 2, 3))):
            quote = f"https://w3id.org/brsc-kg/id/evidence-{doc}-{j}-{s if rng.random() < 0.7 else 0}"
            common = {
                "statement": f"https://w3id.org/brsc-kg/id/link-{doc}-{j}-{s}",
                "evidence": (quote,),
                "documents": (doc,),
                "modality": rng.choice(MODALITIES),
                "date": str(2000 + j % 24) if s == 0 else "",
            }
            if s == 2:
                kind, role = FACTS[j % len(FACTS)]
                key = f"https://w3id.org/brsc-kg/id/assertion-{doc}-{j}"
                multi.add_edge(u, v, key=key, type="fact", kind=kind, role=role, directed=True, status="", **common)
            else:
                key = f"{common['statement']}#{u}--{v}"
                multi.add_edge(u, v, key=key, type="link", kind=KINDS[j % len(KINDS)], directed=False, status="Operating", **common)
    weighted = to_weighted_graph(multi)
    pagerank = {n: float(x) for n, x in nx.pagerank(weighted, weight="weight").items()}
    clustering = partner_clusters(weighted, seed=seed, scores=pagerank)
    return multi, {n: c.rank for c in clustering.clusters for n in c.members}, pagerank


# ---- candidate cores ---------------------------------------------------------------


def _nx_graph(component: lay.Component) -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(range(component.graph.vcount()))
    g.add_weighted_edges_from((u, v, w) for (u, v), w in zip(component.graph.get_edgelist(), component.graph.es["weight"], strict=True))
    return g


def _array(pos: dict[int, object], n: int) -> np.ndarray:
    return np.array([pos[i] for i in range(n)], dtype=float)


def nx_spring(component: lay.Component, seed: int) -> np.ndarray:
    """networkx spring_layout with its defaults (50 iterations; sparse solver above 500 nodes)."""
    return _array(nx.spring_layout(_nx_graph(component), seed=seed), component.graph.vcount())


def nx_forceatlas2(component: lay.Component, seed: int) -> np.ndarray:
    """networkx forceatlas2_layout, weighted, 100 iterations (its default)."""
    return _array(nx.forceatlas2_layout(_nx_graph(component), seed=seed, weight="weight"), component.graph.vcount())


def _start(component: lay.Component, seed: int) -> np.ndarray:
    n = component.graph.vcount()
    return np.random.default_rng(seed).random((n, 2)) * np.sqrt(n)


def igraph_fr(component: lay.Component, seed: int) -> np.ndarray:
    """igraph Fruchterman–Reingold from random points (grid variant from 1,000 nodes), plain weights."""
    return lay._fr(component.graph, lay.pull(component, 1.0), _start(component, seed), seed)


def igraph_drl(component: lay.Component, seed: int) -> np.ndarray:
    """igraph DrL, edges inside a cluster weighted up."""
    start = _start(component, seed).tolist()
    return lay._seeded(
        seed, lambda: np.array(component.graph.layout_drl(weights=lay.pull(component, lay.INTRA), seed=start).coords, dtype=float)
    )


def clusters_first(component: lay.Component, seed: int) -> np.ndarray:
    """Clusters first, then members (tried, not chosen: it held clusters together less well at 2,000 nodes and more).

    The graph of partner clusters (one vertex per cluster, edges summed) is laid out with
    Fruchterman–Reingold; each member starts at a random point of a disc around its
    cluster's place whose area grows with the cluster's size; then Fruchterman–Reingold
    on the whole component refines, with edges inside a cluster ``INTRA`` times stronger.
    Expected to keep clusters apart better than a random start; measured, it did on the
    seed graph only (own centroid 0.89 against 0.85) and worse at 2,000 and 10,000 nodes.
    """
    import igraph as ig

    graph, n = component.graph, component.graph.vcount()
    rng = np.random.default_rng(seed)
    labels = lay._labels(component)
    groups, member_of = np.unique(labels, return_inverse=True)
    sizes = np.bincount(member_of).astype(float)
    edges = np.array(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    weights = np.array(graph.es["weight"], dtype=float) if len(edges) else np.zeros(0)
    centres = np.zeros((len(groups), 2))
    if len(groups) > 1:
        between: dict[tuple[int, int], float] = defaultdict(float)
        for (u, v), w in zip(member_of[edges].tolist(), weights.tolist(), strict=True):
            if u != v:
                between[(min(u, v), max(u, v))] += w
        quotient = ig.Graph(n=len(groups), edges=sorted(between))
        angle = np.linspace(0.0, 2 * np.pi, len(groups), endpoint=False)
        ring = np.sqrt(sizes.sum()) * np.column_stack([np.cos(angle), np.sin(angle)])
        centres = lay._fr(quotient, [between[p] for p in sorted(between)], ring, seed)
        # spread the cluster places so that discs of area ~ size barely touch
        span = np.sqrt(sizes)
        lengths = [np.linalg.norm(centres[a] - centres[b]) / (span[a] + span[b]) for a, b in sorted(between)]
        centres *= 1.0 / max(float(np.median(lengths)) if lengths else 1.0, 1e-9)
    r = np.sqrt(rng.random(n)) * np.sqrt(sizes[member_of]) * 0.5
    t = rng.random(n) * 2 * np.pi
    start = centres[member_of] + np.column_stack([r * np.cos(t), r * np.sin(t)])
    same = labels[edges[:, 0]] == labels[edges[:, 1]] if len(edges) else np.zeros(0, dtype=bool)
    pull = np.where(same, lay.INTRA, 1.0) * np.sqrt(weights)
    return lay._fr(graph, pull.tolist(), start, seed)


CORES: dict[str, Callable[[lay.Component, int], np.ndarray]] = {
    "networkx spring_layout (baseline)": nx_spring,
    "networkx forceatlas2_layout": nx_forceatlas2,
    "igraph FR": igraph_fr,
    "igraph DrL, intra-cluster x10": igraph_drl,
    "clusters first, then igraph FR, intra-cluster x10": clusters_first,
    "igraph FR, intra-cluster x10 (chosen)": lay.weighted_fr,
}


# ---- quality -----------------------------------------------------------------------


def quality(multi: nx.MultiDiGraph, clusters: dict[str, int], rank: dict[str, float], pos: dict[str, tuple[int, int]]) -> dict[str, float]:
    """The figures of the module docstring for final coordinates ``pos``."""
    names = sorted(multi)
    index = {n: i for i, n in enumerate(names)}
    p = np.array([pos[n] for n in names], dtype=float)
    radius = lay.radii(names, rank)
    pairs = lay._pairs(multi)
    edges = np.array([(index[u], index[v]) for u, v in pairs])
    length = np.linalg.norm(p[edges[:, 0]] - p[edges[:, 1]], axis=1)
    cluster = np.array([clusters.get(n, 0) for n in names])
    same = (cluster[edges[:, 0]] == cluster[edges[:, 1]]) & (cluster[edges[:, 0]] > 0)
    tree = cKDTree(p)
    nearest = tree.query(p, k=2)[0][:, 1]
    close = tree.query_pairs(2 * float(radius.max()) + lay.MARGIN, output_type="ndarray")
    gaps = np.linalg.norm(p[close[:, 0]] - p[close[:, 1]], axis=1)
    overlaps = int((gaps < radius[close[:, 0]] + radius[close[:, 1]] + lay.MARGIN).sum())
    big = sorted(k for k in set(cluster.tolist()) if k > 0 and (cluster == k).sum() >= 3)
    centroids = np.array([p[cluster == k].mean(axis=0) for k in big])
    member = np.isin(cluster, big)
    own = float((np.array(big)[cKDTree(centroids).query(p[member])[1]] == cluster[member]).mean())
    width = p.max(axis=0) - p.min(axis=0)
    return {
        "ratio": float(length[same].mean() / length[~same].mean()),
        "own": own,
        "overlaps": overlaps,
        "edge_nn": float(length.mean() / np.median(nearest)),
        "nn": float(np.median(nearest)),
        "edge": float(np.median(length)),
        "width": float(width[0]),
        "height": float(width[1]),
    }


def raw_overlaps(multi: nx.MultiDiGraph, clusters: dict[str, int], rank: dict[str, float], core: lay.Core, seed: int) -> int:
    """Overlapping pairs in the largest component after scaling, before the push apart."""
    component = lay._components(multi, clusters)[0]
    names = sorted(multi)
    size = dict(zip(names, lay.radii(names, rank).tolist(), strict=True))
    radius = np.array([size[n] for n in component.nodes])
    p = lay._scale(core(component, seed), component.graph, radius)
    close = cKDTree(p).query_pairs(2 * float(radius.max()) + lay.MARGIN, output_type="ndarray")
    gaps = np.linalg.norm(p[close[:, 0]] - p[close[:, 1]], axis=1)
    return int((gaps < radius[close[:, 0]] + radius[close[:, 1]] + lay.MARGIN).sum())


def seed_inputs() -> tuple[nx.MultiDiGraph, dict[str, int], dict[str, float]]:
    """The seed graph as the explorer shows it: all nodes, every fact and modality."""
    from kg.network.analysis import analyze, load_graph
    from kg.network.projection import ProjectionOptions
    from kg.notebook import load

    kg_ttl = ROOT / "build" / "kg.ttl"
    graph = load_graph(kg_ttl) if kg_ttl.is_file() else load(ROOT)[0]
    result = analyze(graph, ProjectionOptions(nodes="all", exclude_relations=frozenset(), modalities=None), stability_seeds=0)
    clusters = {m: c.rank for c in result.clusters for m in c.members}
    return result.multi, clusters, {str(k): float(v) for k, v in result.table["pagerank"].items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[2000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"Machine: {machine()}\n")
    cases = [("seed", *seed_inputs())]
    cases += [(f"{n:,}", *synthetic_explorer_inputs(n, seed=1)) for n in args.sizes]
    print(
        "| graph | candidate | time (s) | time / baseline | intra/inter | own centroid | overlaps (raw) | edge / NN | NN | width x height |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for name, multi, clusters, rank in cases:
        label = f"{name} ({multi.number_of_nodes():,} nodes, {len(lay._pairs(multi)):,} pairs)"
        baseline = None
        for candidate, core in CORES.items():
            if core is nx_forceatlas2 and multi.number_of_nodes() > 5000:
                print(f"| {label} | {candidate} | not run: n x n x 2 array | | | | | | | |")
                continue
            times, pos = [], {}
            for _ in range(args.repeat if multi.number_of_nodes() <= 2000 else 1):
                start = time.perf_counter()
                pos = lay.arrange(multi, clusters, rank, 7, core)
                times.append(time.perf_counter() - start)
            took = float(np.median(times))
            baseline = baseline or took
            q = quality(multi, clusters, rank, pos)
            raw = raw_overlaps(multi, clusters, rank, core, 7)
            print(
                f"| {label} | {candidate} | {took:.2f} | {took / baseline:.2f} | {q['ratio']:.2f} | {q['own']:.2f} | {raw} ({q['overlaps']}) "
                f"| {q['edge_nn']:.2f} | {q['nn']:.0f} | {q['width']:.0f} x {q['height']:.0f} |",
                flush=True,
            )
    for n in args.sizes:
        before, after = layout_memory(n)
        print(f"\nPeak memory, {n:,} nodes (fresh process): {before:.0f} MiB with the inputs loaded, {after:.0f} MiB after layout()")


def layout_memory(nodes: int) -> tuple[float, float]:
    """Peak resident memory (MiB) of a fresh interpreter before and after ``layout()`` of a synthetic graph.

    Read from ``VmHWM`` in /proc, which starts afresh at exec; ``ru_maxrss`` would report
    the forking benchmark's own size.
    """
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "inputs.pickle"
        path.write_bytes(pickle.dumps(synthetic_explorer_inputs(nodes, seed=1)))
        code = (
            f"import pickle, sys; sys.path.insert(0, {str(ROOT)!r}); from kg.viz.layout import layout\n"
            "def hwm(): return next(int(x.split()[1]) for x in open('/proc/self/status') if x.startswith('VmHWM')) / 1024\n"
            f"m, c, r = pickle.loads(open({str(path)!r}, 'rb').read()); before = hwm()\n"
            "layout(m, c, r); print(before, hwm())"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), float(out[1])


if __name__ == "__main__":
    main()
