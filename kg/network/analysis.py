"""The whole analysis in one call: project, measure, cluster, aggregate, render.

:func:`analyze` returns every table as a value (for notebooks and tests);
:func:`render_analysis` turns them into the files ``kg analyze`` writes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
from rdflib import Graph

from ..errors import KgError
from ..rdf.load import parse_turtle
from ..rdf.serialize import to_trig
from ..schema.ontology import Measure, Ontology
from .aggregate import country_partners
from .clusters import RESOLUTIONS, Cluster, Clustering, cluster_stability, partner_clusters
from .measures import LARGE, MEASURES, PIVOTS, centrality_table
from .projection import ProjectionOptions, to_multidigraph, to_weighted_graph, without_facts
from .to_rdf import analysis_dataset

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ANALYSIS_FILES", "AnalysisResult", "analyze", "analyze_network", "load_graph", "render_analysis"]

#: Files ``kg analyze`` writes into the output directory.
ANALYSIS_FILES = ("centrality.csv", "clusters.csv", "countries.csv", "analysis.trig")


@dataclass
class AnalysisResult:
    """Everything one analysis run produced."""

    multi: nx.MultiDiGraph
    graph: nx.Graph
    table: pd.DataFrame
    clustering: Clustering
    clusters: tuple[Cluster, ...]
    countries: pd.DataFrame
    parameters: dict[str, Any]
    #: The network measures the ontology declares (what ``analysis.trig`` and the explorer show).
    measures: tuple[Measure, ...] = ()

    def clusters_table(self) -> pd.DataFrame:
        """One row per cluster: rank, name, size, stability, members (labels)."""
        import pandas as pd

        rows = [
            {
                "rank": c.rank,
                "name": c.name,
                "size": c.size,
                "stability": c.stability,
                "members": "; ".join(str(self.graph.nodes[m].get("label", m)) for m in c.members),
                "member_ids": " ".join(c.members),
            }
            for c in self.clusters
        ]
        return pd.DataFrame(rows, columns=["rank", "name", "size", "stability", "members", "member_ids"]).set_index("rank")


def load_graph(path: Path) -> Graph:
    """Read the built graph (``build/kg.ttl``) with a clear error if it is missing, refused or broken.

    ``--input`` lets a user offer any file here: it goes through :func:`kg.rdf.load.parse_turtle`,
    which refuses RDF/XML by name and by content before any parser sees it.
    """
    if not path.is_file():
        raise KgError(f"{path} does not exist; run 'kg build' first (or pass --input)")
    return parse_turtle(path)


def analyze_network(
    weighted: nx.Graph,
    seed: int = 42,
    resolution: float = 1.0,
    stability_seeds: int | None = None,
    betweenness_sample: int | None = None,
) -> tuple[pd.DataFrame, Clustering]:
    """Measures and clusters (with stability) of a weighted graph.

    The stability check re-runs Louvain over seeds and resolutions; by default 10 seeds ×
    (0.8, 1.0, 1.2) up to :data:`~kg.network.measures.LARGE` nodes, and 2 seeds at
    resolution 1.0 above, which keeps a 10,000-node analysis near 10 seconds.
    """
    large = weighted.number_of_nodes() > LARGE
    if stability_seeds is None:
        stability_seeds = 2 if large else 10
    resolutions = (1.0,) if large else RESOLUTIONS
    table = centrality_table(weighted, betweenness_sample=betweenness_sample, seed=seed)
    clustering = partner_clusters(weighted, seed=seed, resolution=resolution, scores=table["pagerank"].to_dict())
    clusters = cluster_stability(weighted, clustering, seeds=range(stability_seeds), resolutions=resolutions)
    clustering = replace(clustering, clusters=clusters)
    table = table.copy()
    table["cluster"] = [clustering.membership.get(str(n), 0) for n in table.index]
    return table, clustering


def analyze(
    graph: Graph,
    options: ProjectionOptions | None = None,
    seed: int = 42,
    resolution: float = 1.0,
    stability_seeds: int | None = None,
    betweenness_sample: int | None = None,
) -> AnalysisResult:
    """Project ``graph`` and compute measures, clusters (with stability) and country partners.

    What the projection leaves out by default (structural facts) and which measures
    exist come from the ontology in ``graph`` (``build/kg.ttl`` holds it).
    """
    options = options or ProjectionOptions()
    ontology = Ontology(graph)
    missing = [m.key for m in ontology.measures if m.key not in MEASURES]
    if missing:
        raise KgError(f"the ontology declares network measures this version cannot compute: {', '.join(missing)}")
    multi = to_multidigraph(graph, options, ontology)
    weighted = to_weighted_graph(multi)
    table, clustering = analyze_network(weighted, seed, resolution, stability_seeds, betweenness_sample)
    links_only = to_weighted_graph(without_facts(multi))  # country partners count cooperation links only
    large = weighted.number_of_nodes() > LARGE
    parameters = {
        "seed": seed,
        "resolution": resolution,
        "stability": {
            "seeds": stability_seeds if stability_seeds is not None else (2 if large else 10),
            "resolutions": [1.0] if large else list(RESOLUTIONS),
        },
        "betweenness_sample": betweenness_sample if betweenness_sample is not None else (PIVOTS if large else None),
        "projection": {
            "nodes": options.nodes,
            "kinds": sorted(options.kinds) if options.kinds else None,
            "documents": sorted(options.documents) if options.documents else None,
            "facts": options.facts,
            "exclude_relations": sorted(options.excluded(ontology)),
            # Which statements became ties: "all", or the modalities kept (by default only what the texts report).
            "modalities": sorted(options.modalities) if options.modalities is not None else "all",
        },
        "weight": "number of distinct evidence quotes per pair",
    }
    return AnalysisResult(
        multi, weighted, table, clustering, clustering.clusters, country_partners(links_only), parameters, ontology.measures
    )


def render_analysis(result: AnalysisResult) -> dict[str, bytes]:
    """The analysis files as bytes (see :data:`ANALYSIS_FILES`)."""
    table = result.table.reset_index()
    ds = analysis_dataset(result.table, result.clusters, result.clustering.modularity, result.parameters, result.measures)
    return {
        "centrality.csv": table.to_csv(index=False, lineterminator="\n", float_format="%.10g").encode("utf-8"),
        "clusters.csv": result.clusters_table().reset_index().to_csv(index=False, lineterminator="\n").encode("utf-8"),
        "countries.csv": result.countries.reset_index().to_csv(index=False, lineterminator="\n").encode("utf-8"),
        "analysis.trig": to_trig(ds).encode("utf-8"),
    }


def summary(result: AnalysisResult, top: int = 10) -> dict[str, Any]:
    """A JSON-ready summary: sizes, modularity, top actors and clusters."""
    t = result.table.head(top)
    return {
        "nodes": result.graph.number_of_nodes(),
        "edges": result.graph.number_of_edges(),
        "modularity": result.clustering.modularity,
        "top": [{"id": i, "label": r["label"], "pagerank": r["pagerank"], "betweenness": r["betweenness"]} for i, r in t.iterrows()],
        "clusters": [{"rank": c.rank, "name": c.name, "size": c.size, "stability": c.stability} for c in result.clusters if c.size > 1][
            :top
        ],
        "parameters": json.loads(json.dumps(result.parameters)),
    }
