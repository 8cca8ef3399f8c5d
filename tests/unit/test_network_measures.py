"""Measures and clusters on small graphs checked by hand."""

from __future__ import annotations

import math
from pathlib import Path

import networkx as nx
import pytest

from kg.network.aggregate import ego_network
from kg.network.clusters import cluster_stability, pair_frequencies, partner_clusters
from kg.network.measures import MEASURES, centrality_table
from kg.schema.ontology import load_ontology

ROOT = Path(__file__).resolve().parents[2]


def _path(weights: tuple[int, int] = (1, 1)) -> nx.Graph:
    g = nx.Graph()
    g.add_edge("a", "b", weight=weights[0])
    g.add_edge("b", "c", weight=weights[1])
    return g


def test_path_graph_by_hand() -> None:
    t = centrality_table(_path())
    assert t.loc["b", "degree"] == 2 and t.loc["a", "degree"] == 1
    assert t.loc["b", "betweenness"] == pytest.approx(1.0)  # the only a-c path goes through b
    assert t.loc["a", "betweenness"] == pytest.approx(0.0)
    assert t.loc["b", "closeness"] == pytest.approx(1.0)  # (n-1) / (1 + 1)
    assert t.loc["a", "closeness"] == pytest.approx(2 / 3)  # 2 / (1 + 2)
    # PageRank, damping 0.85: a = 0.05 + 0.85 * b / 2 and b = 0.05 + 0.85 * (a + c), with a = c
    assert t.loc["a", "pagerank"] == pytest.approx(0.07125 / 0.2775, rel=1e-4)
    assert t.loc["b", "pagerank"] == pytest.approx(1 - 2 * 0.07125 / 0.2775, rel=1e-4)
    # the adjacency matrix's leading eigenvector is (1, sqrt 2, 1) / 2
    assert t.loc["a", "eigenvector"] == pytest.approx(0.5, abs=1e-6)
    assert t.loc["b", "eigenvector"] == pytest.approx(math.sqrt(2) / 2, abs=1e-6)
    # Burt's constraint: a's one tie is all it has; b's two ties of 1/2 are not tied to each other
    assert t.loc["a", "constraint"] == pytest.approx(1.0)
    assert t.loc["b", "constraint"] == pytest.approx(2 * (1 / 2) ** 2)
    assert t.index[0] == "b"


def test_weights_shorten_distances() -> None:
    t = centrality_table(_path((4, 1)))
    # distances 1/4 and 1: a reaches b in 0.25 and c in 1.25
    assert t.loc["a", "closeness"] == pytest.approx(2 / 1.5)
    assert t.loc["b", "weighted_degree"] == pytest.approx(5)


def test_star_constraint_and_brokerage() -> None:
    g = nx.star_graph(3)  # centre 0, leaves 1-3
    nx.set_edge_attributes(g, 1, "weight")
    g = nx.relabel_nodes(g, str)
    t = centrality_table(g)
    assert t.loc["0", "constraint"] == pytest.approx(1 / 3)  # three ties of 1/3, each squared
    assert t.loc["1", "constraint"] == pytest.approx(1.0)  # one tie, fully dependent
    assert t.loc["0", "betweenness"] == pytest.approx(1.0)


def test_eigenvector_handles_disconnected_graphs() -> None:
    g = nx.Graph()
    g.add_weighted_edges_from([("a", "b", 1), ("b", "c", 1), ("c", "a", 1), ("x", "y", 1)])
    g.add_node("lonely")
    t = centrality_table(g)
    # per component, unit-normalised, times the component's share of the six nodes
    for node in ("a", "b", "c"):
        assert t.loc[node, "eigenvector"] == pytest.approx(1 / math.sqrt(3) * 3 / 6, abs=1e-6)
    for node in ("x", "y"):
        assert t.loc[node, "eigenvector"] == pytest.approx(1 / math.sqrt(2) * 2 / 6, abs=1e-6)
    assert t.loc["lonely", "eigenvector"] == 0.0
    assert math.isnan(t.loc["lonely", "constraint"])
    assert list(t.columns) == [
        "label", "class", "documents", "iri",
        "degree", "weighted_degree", "betweenness", "closeness", "eigenvector", "pagerank", "constraint",
    ]  # fmt: skip


def test_the_ontology_declares_exactly_the_measures_the_code_computes() -> None:
    """``kg:measureKey`` in ontology/kg.ttl (what RDF, tables and the explorer show) against what the code computes."""
    declared = load_ontology(ROOT / "ontology" / "kg.ttl").measures
    assert tuple(m.key for m in declared) == MEASURES  # in the declared kg:measureOrder


def test_empty_graph_gives_empty_table() -> None:
    assert centrality_table(nx.Graph()).empty


def test_clusters_are_reproducible_with_a_seed() -> None:
    g = nx.relaxed_caveman_graph(4, 6, 0.15, seed=3)
    nx.set_edge_attributes(g, 1, "weight")
    g = nx.relabel_nodes(g, str)
    first = partner_clusters(g, seed=11)
    again = partner_clusters(g, seed=11)
    assert first == again
    assert sum(c.size for c in first.clusters) == g.number_of_nodes()
    assert [c.rank for c in first.clusters] == list(range(1, len(first.clusters) + 1))
    assert all(a.size >= b.size for a, b in zip(first.clusters, first.clusters[1:], strict=False))
    stable = cluster_stability(g, first, seeds=range(4))
    assert all(c.stability is None or 0.0 <= c.stability <= 1.0 for c in stable)


def test_pair_frequencies() -> None:
    g = nx.Graph()
    g.add_weighted_edges_from([("a", "b", 5), ("c", "d", 5), ("b", "c", 1)])
    freq = pair_frequencies(g, ["a", "b", "c"], seeds=range(3), resolutions=(1.0,))
    got = {(r.a, r.b): r.frequency for r in freq.itertuples()}
    assert got[("a", "b")] == 1.0 and got[("a", "c")] == 0.0


def test_ego_network() -> None:
    g = _path()
    assert set(ego_network(g, "a")) == {"a", "b"}
    assert set(ego_network(g, "a", radius=2)) == {"a", "b", "c"}
    with pytest.raises(KeyError):
        ego_network(g, "zzz")


def test_sampled_measures_agree_with_exact_ones() -> None:
    g = nx.relabel_nodes(nx.powerlaw_cluster_graph(400, 3, 0.2, seed=5), str)
    for i, (u, v) in enumerate(sorted(g.edges())):
        g[u][v]["weight"] = 1 + i % 3
    exact = centrality_table(g, exact=True)
    sampled = centrality_table(g, betweenness_sample=120, seed=3)
    again = centrality_table(g, betweenness_sample=120, seed=3)
    assert sampled.equals(again)  # seeded: reproducible
    ranks = exact[["betweenness", "closeness"]].rank().corrwith(sampled.loc[exact.index, ["betweenness", "closeness"]].rank())
    assert ranks["betweenness"] > 0.9 and ranks["closeness"] > 0.95
    top = set(exact.nlargest(5, "betweenness").index)
    assert len(top & set(sampled.nlargest(5, "betweenness").index)) >= 4
    # the scale matches too, not only the order
    hub = exact["betweenness"].idxmax()
    assert sampled.loc[hub, "betweenness"] == pytest.approx(exact.loc[hub, "betweenness"], rel=0.25)


def test_sampled_closeness_is_exact_outside_the_largest_component() -> None:
    g = nx.relabel_nodes(nx.path_graph(30), str)
    g.add_edge("x", "y")
    nx.set_edge_attributes(g, 1, "weight")
    exact = centrality_table(g, exact=True)
    sampled = centrality_table(g, betweenness_sample=10)
    assert sampled.loc["x", "closeness"] == pytest.approx(exact.loc["x", "closeness"])


def test_igraph_loads_without_matplotlib_which_stays_importable() -> None:
    """kg viz and large analyses skip matplotlib (0.45 s); a notebook can still import it afterwards."""
    import subprocess
    import sys

    code = (
        "import sys\nfrom kg.network.igraphs import load_igraph\nig = load_igraph()\n"
        "print(ig.Graph(n=2, edges=[(0, 1)]).ecount(), 'matplotlib' in sys.modules)\n"
        "import matplotlib\nprint(matplotlib.__name__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120).stdout.split()
    assert out == ["1", "False", "matplotlib"]
