"""kg.network.paths gives networkx's values exactly, not approximately: the analysis files must not change by a byte."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from kg.network.paths import betweenness_and_closeness, eigenvector_power


def _graph(seed: int, n: int) -> nx.Graph:
    """A clustered graph in a few components, string ids in shuffled order, weights 1-3 (so that path lengths tie)."""
    rng = random.Random(seed)
    g = nx.powerlaw_cluster_graph(n, 2, 0.3, seed=seed)
    g.add_edges_from((n + i, n + i + 1) for i in range(4))  # a separate path
    g.add_node(n + 10)  # an isolate
    labels = [f"actor-{i}" for i in range(g.number_of_nodes())]
    rng.shuffle(labels)
    names = dict(zip(sorted(g), labels, strict=True))
    h = nx.Graph()
    h.add_nodes_from(names[i] for i in rng.sample(sorted(g), g.number_of_nodes()))
    for u, v in g.edges():
        weight = rng.choice((1, 1, 2, 3))
        h.add_edge(names[u], names[v], weight=weight, distance=1.0 / weight)
    return h


@pytest.mark.parametrize("seed", range(6))
def test_betweenness_and_closeness_are_networkx_values_bit_for_bit(seed: int) -> None:
    g = _graph(seed, 60 + 20 * seed)
    between, closeness = betweenness_and_closeness(g, "distance")
    assert between == nx.betweenness_centrality(g, weight="distance", normalized=True)
    assert closeness == nx.closeness_centrality(g, distance="distance")
    assert list(between) == list(g) == list(closeness)


def test_betweenness_and_closeness_of_tiny_graphs() -> None:
    for n in (1, 2, 3):
        g = nx.path_graph([f"n{i}" for i in range(n)])
        nx.set_edge_attributes(g, 0.5, "distance")
        between, closeness = betweenness_and_closeness(g, "distance")
        assert between == nx.betweenness_centrality(g, weight="distance", normalized=True)
        assert closeness == nx.closeness_centrality(g, distance="distance")


def test_lengths_that_are_not_finite_are_left_to_networkx() -> None:
    g = _graph(2, 60)
    first = next(iter(g.edges))
    g.edges[first]["distance"] = float("inf")
    between, closeness = betweenness_and_closeness(g, "distance")
    assert between == nx.betweenness_centrality(g, weight="distance", normalized=True)
    assert closeness == nx.closeness_centrality(g, distance="distance")


@pytest.mark.parametrize("seed", range(6))
def test_eigenvector_power_is_networkx_value_bit_for_bit_on_every_component(seed: int) -> None:
    g = _graph(seed, 60 + 20 * seed)
    for component in nx.connected_components(g):
        if len(component) < 2:
            continue
        sub = g.subgraph(component)  # a view, iterated in the same order networkx iterates it
        ours = eigenvector_power(sub, weight="weight", max_iter=1000, tol=1e-10)
        assert ours == nx.eigenvector_centrality(sub, weight="weight", max_iter=1000, tol=1e-10)


def test_eigenvector_power_gives_none_where_networkx_fails_to_converge() -> None:
    g = _graph(1, 80)
    assert eigenvector_power(g, max_iter=2, tol=1e-12) is None
    with pytest.raises(nx.PowerIterationFailedConvergence):
        nx.eigenvector_centrality(g, weight="weight", max_iter=2, tol=1e-12)
