"""Benchmark the network analysis and the HTML explorer.

Times, in one run on this machine:

1. the analysis of the seed graph (projection + all measures + clusters + stability);
2. measures on synthetic actor graphs of 1k and 10k nodes: exact networkx betweenness
   (the baseline) against sampled betweenness (k sources) and igraph, with ratios;
3. the HTML explorer: build time and Chromium settle time for the seed graph and for
   synthetic graphs of 1k and 5k nodes.

Usage: ``python bench/bench_network.py [--full]``.  Exact networkx betweenness on 10k
nodes takes over 15 minutes here, so by default the 10k baseline is igraph's exact
betweenness; ``--full`` also times networkx.  Prints a Markdown table; see
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.network.analysis import analyze_network  # noqa: E402
from kg.network.clusters import partner_clusters  # noqa: E402
from kg.network.measures import centrality_table  # noqa: E402


def timed(fn: Callable[[], object], repeat: int = 3) -> float:
    """Median wall time of ``repeat`` calls, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def synthetic(n: int, seed: int = 1) -> nx.Graph:
    """A scale-free, clustered actor graph with the attributes the tools expect."""
    g = nx.powerlaw_cluster_graph(n, 3, 0.2, seed=seed)
    g = nx.relabel_nodes(g, {i: f"actor-{i}" for i in g})
    classes = ("Ministry", "University", "Enterprise", "Country", "SciencePark", "Platform")
    for i, node in enumerate(sorted(g)):
        g.nodes[node].update(
            label=f"Actor {i}", labels={"en": f"Actor {i}"}, iri=f"https://w3id.org/brsc-kg/id/{node}", group="Actor", documents=["000"]
        )
        g.nodes[node]["class"] = classes[i % len(classes)]
    for j, (u, v) in enumerate(sorted(g.edges())):
        g[u][v]["weight"] = 1 + j % 3
    return g


def multi_from(g: nx.Graph) -> nx.MultiDiGraph:
    m = nx.MultiDiGraph()
    m.add_nodes_from(g.nodes(data=True))
    for j, (u, v) in enumerate(sorted(g.edges())):
        m.add_edge(
            u,
            v,
            key=f"s{j}",
            type="link",
            kind="TechnologyCooperation",
            statement=f"s{j}",
            evidence=(f"ev{j}",),
            documents=("000",),
            directed=False,
            status="",
            date="",
        )
    return m


def igraph_betweenness(g: nx.Graph) -> object:
    import igraph as ig

    nodes = sorted(g)
    index = {n: i for i, n in enumerate(nodes)}
    h = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in g.edges()])
    h.es["distance"] = [1.0 / g[u][v]["weight"] for u, v in g.edges()]
    return h.betweenness(weights="distance")


def chromium_settle(path: Path) -> float | None:
    chromium = shutil.which("chromium")
    if chromium is None:
        return None
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        start = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-ready='1']", timeout=300_000)
        settle = time.perf_counter() - start
        browser.close()
    return settle


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--full", action="store_true", help="also time exact networkx betweenness on 10k nodes (over 15 minutes)")
    args = parser.parse_args()
    print(f"Machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, networkx {nx.__version__}\n")

    from kg.network.analysis import analyze, load_graph
    from kg.notebook import load
    from kg.viz.html import explorer_data, render_html

    kg_ttl = ROOT / "build" / "kg.ttl"
    graph = load_graph(kg_ttl) if kg_ttl.is_file() else load(ROOT)[0]
    seed_time = timed(lambda: analyze(graph), repeat=3)
    print("| task | size | time (s) | ratio to baseline |\n| --- | --- | ---: | ---: |")
    print(f"| analysis of the seed graph (measures, clusters, stability) | seed | {seed_time:.2f} | |")

    import igraph  # noqa: F401  (imported before timing: its import is not part of the work)

    for n in (1000, 10000):
        g = synthetic(n)
        h = nx.Graph(g)
        for _u, _v, d in h.edges(data=True):
            d["distance"] = 1.0 / d["weight"]
        exact = None if (n >= 10000 and not args.full) else timed(lambda h=h: nx.betweenness_centrality(h, weight="distance"), repeat=1)
        sampled = timed(lambda h=h: nx.betweenness_centrality(h, k=256, weight="distance", seed=1), repeat=1)
        igraph_time = timed(lambda h=h: igraph_betweenness(h), repeat=1)
        exact_table = None if n >= 10000 else timed(lambda g=g: centrality_table(g, exact=True), repeat=1)
        chosen = timed(lambda g=g: centrality_table(g), repeat=1)
        louvain = timed(lambda g=g: partner_clusters(g, seed=1), repeat=1)
        whole = timed(lambda g=g: analyze_network(g), repeat=1)
        label = f"{n:,} nodes, {g.number_of_edges():,} edges"
        if exact is not None:
            base, name = exact, "networkx exact"
            print(f"| betweenness, networkx exact (baseline) | {label} | {exact:.2f} | 1 |")
            print(f"| betweenness, igraph exact | {label} | {igraph_time:.2f} | {igraph_time / base:.3f} |")
        else:
            base, name = igraph_time, "igraph exact"
            print(f"| betweenness, igraph exact (baseline; networkx exact takes > 15 min) | {label} | {igraph_time:.2f} | 1 |")
        print(f"| betweenness, networkx sampled k=256 | {label} | {sampled:.2f} | {sampled / base:.3f} (vs {name}) |")
        if exact_table is not None:
            print(f"| all measures, exact (networkx) | {label} | {exact_table:.2f} | |")
        print(f"| all measures, as analyze chooses ({'exact' if n <= 1000 else 'igraph, 256 pivots'}) | {label} | {chosen:.2f} | |")
        print(f"| Louvain clusters | {label} | {louvain:.2f} | |")
        print(f"| whole analysis (measures, clusters, stability) | {label} | {whole:.2f} | |")

    with tempfile.TemporaryDirectory() as tmp:
        result = analyze(graph, stability_seeds=0)
        from kg.network.projection import ProjectionOptions

        everything = analyze(graph, ProjectionOptions(nodes="all", exclude_relations=frozenset()), stability_seeds=0)
        cases = [("seed", graph, everything.multi, everything.table, everything.clusters)]
        for n in (1000, 5000):
            g = synthetic(n, seed=2)
            table = centrality_table(g)
            clusters = partner_clusters(g, seed=1, scores=table["pagerank"].to_dict()).clusters
            cases.append((f"{n:,} nodes", graph, multi_from(g), table, clusters))
        del result
        for name, rdf, multi, table, clusters in cases:
            start = time.perf_counter()
            html = render_html(explorer_data(rdf, multi, table, clusters))
            build_time = time.perf_counter() - start
            path = Path(tmp) / "page.html"
            path.write_text(html, encoding="utf-8")
            settle = chromium_settle(path)
            settle_text = f"{settle:.2f}" if settle is not None else "n/a (no chromium)"
            print(f"| explorer HTML build | {name} ({multi.number_of_nodes():,} nodes) | {build_time:.2f} | |")
            print(f"| explorer Chromium load + settle | {name} | {settle_text} | |")


if __name__ == "__main__":
    main()
