"""Projection invariants and analysis results on the real graph."""

from __future__ import annotations

import re
from dataclasses import replace

import networkx as nx
import pytest
from rdflib import Dataset, Graph

from kg.network.analysis import AnalysisResult, analyze, render_analysis
from kg.network.export import edges_csv, nodes_csv, to_gexf, to_graphml
from kg.network.projection import ProjectionOptions, co_participation, to_multidigraph, to_weighted_graph, two_mode, without_facts
from kg.rdf.vocab import ENT_NS, KG, KG_NS
from tests.conftest import SPARQL_PREFIXES

EVERYTHING = ProjectionOptions(nodes="all", exclude_relations=frozenset(), modalities=None)  # every statement, whatever its modality


@pytest.fixture(scope="module")
def result(graph: Graph) -> AnalysisResult:
    return analyze(graph, stability_seeds=3)


#: An entity: a registry IRI typed with a class at or below an entity root of the ontology.
_ENTITY = "?{v} a ?{v}Class . ?{v}Class rdfs:subClassOf* ?{v}Root . ?{v}Root kg:entityRoot true . FILTER(STRSTARTS(STR(?{v}), STR(ent:)))"


def _ids(graph: Graph, query: str) -> list[tuple[str, ...]]:
    """Rows of a SELECT over the built graph (``ENTITY(x)``: ``?x`` is an entity), IRIs shortened to their ids."""
    rows = graph.query(SPARQL_PREFIXES + re.sub(r"ENTITY\((\w+)\)", lambda m: _ENTITY.format(v=m.group(1)), query))
    return [tuple(str(term).removeprefix(ENT_NS) for term in row) for row in rows]  # type: ignore[union-attr]


def test_projection_has_exactly_the_edges_sparql_finds(graph: Graph) -> None:
    """Each edge kind against a SPARQL query over the built graph (nothing left out, nothing added, nothing twice)."""
    multi = to_multidigraph(graph, EVERYTHING)
    edges = [(d["type"], d["statement"].removeprefix(ENT_NS), u, v) for u, v, d in multi.edges(data=True)]
    assert len(edges) == len(set(edges))
    facts = _ids(
        graph,
        """SELECT DISTINCT ?st ?a ?b WHERE {
             ?st a kg:Assertion ; rdf:subject ?a ; rdf:predicate ?p ; rdf:object ?b .
             FILTER(STRSTARTS(STR(?p), STR(kg:)) && ?a != ?b)
             FILTER EXISTS { ENTITY(a) } FILTER EXISTS { ENTITY(b) } }""",
    )
    pairs = _ids(
        graph,
        """SELECT DISTINCT ?st ?a ?b WHERE {
             ?st a kg:CooperationLink ; kg:participant ?a , ?b . FILTER(STR(?a) < STR(?b))
             FILTER EXISTS { ENTITY(a) } FILTER EXISTS { ENTITY(b) } }""",
    )
    concerns = _ids(
        graph,
        """SELECT DISTINCT ?st ?a ?c WHERE {
             ?st a kg:CooperationLink ; kg:participant ?a ; kg:concerns ?c . FILTER(?a != ?c)
             FILTER EXISTS { ENTITY(a) } FILTER EXISTS { ENTITY(c) } }""",
    )
    assert sorted((st, a, b) for t, st, a, b in edges if t == "fact") == sorted(facts)
    assert sorted((st, a, b) for t, st, a, b in edges if t == "link") == sorted(pairs)  # participants in IRI order
    assert sorted((st, a, c) for t, st, a, c in edges if t == "concerns") == sorted(concerns)
    assert facts and pairs and concerns


def test_no_literal_or_provenance_nodes(graph: Graph) -> None:
    multi = to_multidigraph(graph, EVERYTHING)
    entity_ids = {e for (e,) in _ids(graph, "SELECT DISTINCT ?a WHERE { ENTITY(a) }")}
    assert set(multi.nodes) <= entity_ids
    assert not any(n.startswith(("evidence-", "assertion-", "link-", "document-")) for n in multi.nodes)


def test_every_edge_keeps_kind_evidence_and_documents(graph: Graph) -> None:
    for _u, _v, d in to_multidigraph(graph, EVERYTHING).edges(data=True):
        assert d["kind"] and d["evidence"] and d["documents"]
        assert all(doc in {"000", "001", "002", "003", "004"} for doc in d["documents"])


def test_weighted_graph_counts_distinct_evidence(graph: Graph) -> None:
    weighted = to_weighted_graph(to_multidigraph(graph))
    u, v = "mofcom", "shanghai-government"
    # one link (CIIE hosting) in document 000, quoted twice: the Thai and the English sentence
    evidence = _ids(
        graph,
        """SELECT DISTINCT ?evidence WHERE {
             ?link a kg:CooperationLink ; kg:participant ent:mofcom , ent:shanghai-government ; prov:wasDerivedFrom ?evidence }""",
    )
    assert len(evidence) == 2 and all(e.startswith("evidence-000-") for (e,) in evidence)
    assert weighted[u][v]["weight"] == 2
    assert weighted[u][v]["documents"] == 1


def test_default_projection_is_the_cooperation_network(graph: Graph) -> None:
    kinds = {d["kind"] for _u, _v, d in to_multidigraph(graph).edges(data=True)}
    everything = {d["kind"] for _u, _v, d in to_multidigraph(graph, EVERYTHING).edges(data=True)}
    structural = {str(p).removeprefix(KG_NS) for p in graph.subjects(KG.factRole, KG.StructuralFact)}
    assert {"locatedIn", "partOf"} <= structural & everything  # declared structural, and present when asked for
    assert not kinds & structural
    assert all(d["group"] == "Actor" for _n, d in to_multidigraph(graph).nodes(data=True))


def test_filters_by_kind_and_document(graph: Graph) -> None:
    only = to_multidigraph(graph, ProjectionOptions(kinds=frozenset({"Investment"}), documents=frozenset({"004"})))
    assert only.number_of_edges() > 0
    assert {d["kind"] for _u, _v, d in only.edges(data=True)} == {"Investment"}
    assert all("004" in d["documents"] for _u, _v, d in only.edges(data=True))


@pytest.mark.parametrize(
    "options",
    [ProjectionOptions(), EVERYTHING, ProjectionOptions(kinds=frozenset({"Investment", "hostedBy"}), documents=frozenset({"004"}))],
)
def test_without_facts_is_the_projection_without_facts(graph: Graph, options: ProjectionOptions) -> None:
    """What the country partners are computed from: taken from the projection made, not a second projection."""
    multi = to_multidigraph(graph, options)
    links = without_facts(multi)
    again = to_multidigraph(graph, replace(options, facts=False))
    assert list(links.edges(keys=True, data=True)) == list(again.edges(keys=True, data=True))
    assert list(links.nodes) == list(again.nodes)
    weighted, weighted_again = to_weighted_graph(links), to_weighted_graph(again)
    assert list(weighted.edges(data=True)) == list(weighted_again.edges(data=True))


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


def test_country_partners(result: AnalysisResult, graph: Graph) -> None:
    countries = result.countries
    assert "CN" not in countries.index
    assert "Shanghai Technology Exchange" in countries.loc["VN", "partners"]
    # By default only what the texts report: Shanghai's investment and Guangdong's chosen
    # partnership (004). China and the China-Israel innovation park (003: "will be carried
    # out") and Zhejiang (004: "将", will) are plans, and come in only with every modality.
    assert countries.loc["IL", "partners"] == "Shanghai; Guangdong"
    everything = analyze(graph, ProjectionOptions(modalities=None), stability_seeds=0).countries
    assert everything.loc["IL", "chinese_partners"] == 5 and "Zhejiang" in everything.loc["IL", "partners"]


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
