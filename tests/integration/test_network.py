"""Projection invariants and analysis results on the real graph."""

from __future__ import annotations

from math import comb

import networkx as nx
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

from kg.network.analysis import AnalysisResult, analyze, render_analysis
from kg.network.export import edges_csv, nodes_csv, to_gexf, to_graphml
from kg.network.projection import ProjectionOptions, co_participation, to_multidigraph, to_weighted_graph, two_mode
from kg.rdf.vocab import ENT_NS, KG, KG_NS
from kg.schema.ontology import Ontology
from tests.conftest import SPARQL_PREFIXES

EVERYTHING = ProjectionOptions(nodes="all", exclude_relations=frozenset())


@pytest.fixture(scope="module")
def result(graph: Graph) -> AnalysisResult:
    return analyze(graph, stability_seeds=3)


def _entities(graph: Graph) -> set[URIRef]:
    roots = Ontology(graph).class_roots()
    return {s for s, c in graph.subject_objects(RDF.type) if isinstance(s, URIRef) and str(s).startswith(ENT_NS) and c in roots}


def test_edge_count_equals_links_between_entities(graph: Graph) -> None:
    multi = to_multidigraph(graph, EVERYTHING)
    entities = _entities(graph)
    facts = 0
    for a in graph.subjects(RDF.type, KG.Assertion):
        s, o = graph.value(a, RDF.subject), graph.value(a, RDF.object)
        if s in entities and o in entities and s != o:
            facts += 1
    pairs = concerns = 0
    for link in graph.subjects(RDF.type, KG.CooperationLink):
        k = len(set(graph.objects(link, KG.participant)))
        pairs += comb(k, 2)
        concerns += k * len(set(graph.objects(link, KG.concerns)))
    types = [d["type"] for _u, _v, d in multi.edges(data=True)]
    assert types.count("fact") == facts
    assert types.count("link") == pairs
    assert types.count("concerns") == concerns


def test_no_literal_or_provenance_nodes(graph: Graph) -> None:
    multi = to_multidigraph(graph, EVERYTHING)
    entity_ids = {str(e)[len(ENT_NS) :] for e in _entities(graph)}
    assert set(multi.nodes) <= entity_ids
    assert not any(n.startswith(("evidence-", "assertion-", "link-", "document-")) for n in multi.nodes)


def test_every_edge_keeps_kind_evidence_and_documents(graph: Graph) -> None:
    for _u, _v, d in to_multidigraph(graph, EVERYTHING).edges(data=True):
        assert d["kind"] and d["evidence"] and d["documents"]
        assert all(doc in {"000", "001", "002", "003", "004"} for doc in d["documents"])


def test_weighted_graph_counts_distinct_evidence(graph: Graph) -> None:
    multi = to_multidigraph(graph)
    weighted = to_weighted_graph(multi)
    u, v = "mofcom", "shanghai-government"
    evidence = {e for a, b, d in multi.edges(data=True) if {a, b} == {u, v} for e in d["evidence"]}
    assert weighted[u][v]["weight"] == len(evidence) == 2  # the Thai and the English sentence of document 000
    assert weighted[u][v]["documents"] == 1


def test_default_projection_is_the_cooperation_network(graph: Graph) -> None:
    multi = to_multidigraph(graph)
    kinds = {d["kind"] for _u, _v, d in multi.edges(data=True)}
    structural = {str(p).removeprefix(KG_NS) for p in graph.subjects(KG.factRole, KG.StructuralFact)}
    assert {"locatedIn", "partOf"} <= structural  # read from the ontology in the built graph
    assert not kinds & structural
    assert all(d["group"] == "Actor" for _n, d in multi.nodes(data=True))


def test_filters_by_kind_and_document(graph: Graph) -> None:
    only = to_multidigraph(graph, ProjectionOptions(kinds=frozenset({"Investment"}), documents=frozenset({"004"})))
    assert only.number_of_edges() > 0
    assert {d["kind"] for _u, _v, d in only.edges(data=True)} == {"Investment"}
    assert all("004" in d["documents"] for _u, _v, d in only.edges(data=True))


def test_two_mode_and_co_participation(graph: Graph) -> None:
    bipartite = two_mode(to_multidigraph(graph, EVERYTHING))
    assert nx.is_bipartite(bipartite)
    co = co_participation(bipartite)
    # MOFCOM and the Shanghai government both host the CIIE
    assert "ciie" in co["mofcom"]["shanghai-government"]["programmes"]


def test_shanghai_is_most_central(result: AnalysisResult) -> None:
    assert result.table.index[0] == "shanghai"
    assert result.table.loc["shanghai", "degree"] > 30
    assert set(result.table["cluster"]) >= {1, 2}


def test_country_partners(result: AnalysisResult) -> None:
    countries = result.countries
    assert "CN" not in countries.index
    assert "Shanghai Technology Exchange" in countries.loc["VN", "partners"]
    assert countries.loc["IL", "chinese_partners"] >= 3


def test_analysis_graph_answers_most_central_in_sparql(result: AnalysisResult) -> None:
    files = render_analysis(result)
    ds = Dataset()
    ds.parse(data=files["analysis.trig"].decode("utf-8"), format="trig")
    rows = list(
        ds.query(SPARQL_PREFIXES + """SELECT ?e ?pr WHERE { GRAPH graph:analysis { ?e kg:pagerank ?pr } } ORDER BY DESC(?pr) LIMIT 10""")
    )
    assert len(rows) == 10 and str(rows[0][0]).endswith("/shanghai")
    run = list(
        ds.query(
            SPARQL_PREFIXES
            + """SELECT ?seed ?v ?p WHERE { GRAPH graph:analysis { ?r a kg:AnalysisRun ; kg:seed ?seed ; kg:softwareVersion ?v ; kg:parameters ?p } }"""
        )
    )
    assert int(run[0][0]) == 42 and "networkx" in str(run[0][1]) and '"resolution": 1.0' in str(run[0][2])


def test_analysis_files_are_deterministic(graph: Graph, result: AnalysisResult) -> None:
    assert render_analysis(analyze(graph, stability_seeds=3)) == render_analysis(result)


def test_exports_keep_iris(result: AnalysisResult, tmp_path: object) -> None:
    import io

    gexf = nx.read_gexf(io.BytesIO(to_gexf(result.graph)))
    assert gexf.nodes["shanghai"]["iri"] == "https://w3id.org/brsc-kg/id/shanghai"
    graphml = nx.read_graphml(io.BytesIO(to_graphml(result.graph)))
    assert graphml.number_of_edges() == result.graph.number_of_edges()
    header = nodes_csv(result.graph).decode().splitlines()[0]
    assert header.startswith("id,iri,label,class")
    assert edges_csv(result.graph).decode().splitlines()[0].startswith("source,target,source_iri,target_iri")
