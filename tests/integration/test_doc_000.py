"""What an analyst asks of document 000, answered by SPARQL on the built graph."""

from __future__ import annotations

from rdflib import Dataset, Graph

from tests.conftest import select


def test_ciie_hosts_are_mofcom_and_shanghai_government(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?label WHERE {
             ?link a kg:CooperationLink ; kg:kind kg:Hosting ; kg:concerns ent:ciie ; kg:participant ?p .
             ?p skos:prefLabel ?label . FILTER(lang(?label) = "en") }""",
    )
    assert sorted(r["label"] for r in rows) == [
        "Ministry of Commerce of the People's Republic of China",
        "Shanghai Municipal People's Government",
    ]


def test_first_ciie_dates_and_venue_with_thai_evidence(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?start ?end ?venue WHERE {
             ent:ciie-2018 kg:startDate ?start ; kg:endDate ?end ; kg:heldAt/skos:prefLabel ?venue .
             FILTER(lang(?venue) = "en") }""",
    )
    assert rows == [{"start": "2018-11-05", "end": "2018-11-10", "venue": "National Exhibition and Convention Center (Shanghai)"}]
    thai = select(
        graph,
        """SELECT ?q ?g WHERE {
             ?a a kg:Assertion ; rdf:subject ent:ciie-2018 ; rdf:predicate kg:startDate ; prov:wasDerivedFrom ?e .
             ?e oa:hasTarget/oa:hasSelector/oa:exact ?q ; kg:gloss ?g . FILTER(lang(?q) = "th") }""",
    )
    assert len(thai) == 1 and "๒๕๖๑" in thai[0]["q"] and "2018" in thai[0]["g"]


def test_shanghai_thai_spelling_variants_are_one_entity(graph: Graph) -> None:
    rows = select(graph, """SELECT ?alt WHERE { ent:shanghai skos:altLabel ?alt . FILTER(lang(?alt) = "th") }""")
    assert {"เชี่ยงไฮ้", "เชี่ยงใฮ้", "เชี่ยงใช้", "เซี่ยงใช้"} <= {r["alt"] for r in rows}


def test_first_ciie_participation_indicators(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?measure ?value ?unit WHERE {
             ?i a kg:Indicator ; kg:indicatorOf ent:ciie-2018 ; kg:measure ?measure ; kg:value ?value ; kg:unit ?unit }""",
    )
    by_measure = {r["measure"]: (float(r["value"]), r["unit"].rsplit("#", 1)[1]) for r in rows}
    assert by_measure["countries, regions and international organisations taking part"] == (172, "Count")
    assert by_measure["value of transactions reached"] == (57_830_000_000, "USD")
    # the share of the transactions with Belt and Road countries is the group's indicator
    group = select(
        graph,
        """SELECT ?value WHERE { ?i a kg:Indicator ; kg:indicatorOf ent:belt-and-road-countries ; kg:value ?value ;
             kg:measure ?m . FILTER(CONTAINS(?m, "China International Import Expo")) }""",
    )
    assert [float(r["value"]) for r in group] == [4_720_000_000]


def test_cloned_monkeys_achieved_at_cas_institute(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?parent WHERE { ent:first-somatic-cell-cloned-monkeys kg:achievedBy ?inst .
             ?inst kg:subOrganizationOf ?parent }""",
    )
    assert rows == [{"parent": "https://w3id.org/brsc-kg/id/cas"}]


def test_every_document_000_fact_is_quoted_from_document_000(dataset: Dataset) -> None:
    rows = select(
        dataset,
        """SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {
             GRAPH ent:document-000 { ?s prov:wasDerivedFrom ?e . ?e prov:wasQuotedFrom ?d }
             FILTER(?d != ent:document-000) }""",
    )
    assert rows == [{"n": "0"}]
