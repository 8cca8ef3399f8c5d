"""Write analysis results back into RDF, with their provenance.

The scores and clusters go into one named graph, ``graph:analysis``, so that SPARQL can
ask "the ten most central actors" next to the curated facts.  The graph records how it
was made as a PROV-O activity (``kg:AnalysisRun``): the algorithms, their parameters as
JSON, the seed and the library versions.  Floats are rounded so that the file is
identical between runs.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

import networkx as nx
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS, XSD

from .. import __version__
from ..rdf.vocab import ENT, GRAPH, KG, PREFIXES
from ..schema.ontology import Measure
from .clusters import Cluster

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ANALYSIS_GRAPH", "RUN", "analysis_dataset"]

ANALYSIS_GRAPH = GRAPH["analysis"]
RUN = ENT["analysis-run"]


def _number(value: float, datatype: URIRef) -> Literal:
    if datatype == XSD.integer:
        return Literal(round(value), datatype=XSD.integer)
    return Literal(f"{value:.10g}", datatype=XSD.double)


def analysis_dataset(
    table: pd.DataFrame, clusters: tuple[Cluster, ...], modularity: float, parameters: dict[str, Any], measures: tuple[Measure, ...]
) -> Dataset:
    """A dataset holding the analysis graph.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`kg.network.measures.centrality_table` output, indexed by entity id.
    clusters : tuple of Cluster
        Partner clusters (with stability where computed).
    modularity : float
        Modularity of the clustering.
    parameters : dict
        Everything needed to reproduce the run (seed, resolution, projection options...).
    measures : tuple of Measure
        The network measures the ontology declares: each score is written with the
        measure's property and datatype (``kg:measureKey``, ``rdfs:range``).
    """
    ds = Dataset()
    for prefix, ns in PREFIXES:
        ds.bind(prefix, ns, override=True, replace=True)
    g = ds.graph(ANALYSIS_GRAPH)
    g.add((ANALYSIS_GRAPH, PROV.wasGeneratedBy, RUN))
    g.add((RUN, RDF.type, KG.AnalysisRun))
    g.add((RUN, RDF.type, PROV.Activity))
    g.add(
        (
            RUN,
            KG.algorithm,
            Literal(
                "networkx: degree, weighted degree, betweenness and closeness (distance 1/weight), eigenvector per component, PageRank, Burt's constraint; Louvain communities"
            ),
        )
    )
    g.add((RUN, KG.parameters, Literal(json.dumps(parameters, sort_keys=True))))
    g.add((RUN, KG.seed, Literal(int(parameters.get("seed", 0)), datatype=XSD.integer)))
    g.add((RUN, KG.softwareVersion, Literal(f"networkx {nx.__version__}; brsc-kg {__version__}")))
    g.add((RUN, KG.modularity, Literal(f"{modularity:.10g}", datatype=XSD.double)))
    columns = [(measure, table[measure.key].tolist()) for measure in measures]  # not iterrows(): a Series per row is slow
    for position, entity_id in enumerate(table.index):
        node = ENT[str(entity_id)]
        for measure, values in columns:
            value = float(values[position])
            if not math.isnan(value):
                g.add((node, measure.iri, _number(value, measure.datatype)))
    for cluster in clusters:
        node = ENT[f"cluster-{cluster.rank}"]
        g.add((node, RDF.type, KG.Cluster))
        g.add((node, SKOS.prefLabel, Literal(f"Cluster {cluster.name}", lang="en")))
        g.add((node, KG.rank, Literal(cluster.rank, datatype=XSD.integer)))
        g.add((node, PROV.wasGeneratedBy, RUN))
        if cluster.stability is not None:
            g.add((node, KG.stability, Literal(f"{cluster.stability:.6g}", datatype=XSD.double)))
        for member in cluster.members:
            g.add((ENT[member], KG.inCluster, node))
    return ds
