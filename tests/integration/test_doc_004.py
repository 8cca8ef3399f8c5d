"""What an analyst asks of document 004 (Shanghai's Belt and Road S&T cooperation), answered by SPARQL."""

from __future__ import annotations

from rdflib import Dataset, Graph

from tests.conftest import select


def _en_labels(rows: list[dict[str, str]], key: str = "label") -> set[str]:
    return {r[key] for r in rows}


def test_partners_of_the_shanghai_technology_exchange(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT DISTINCT ?label ?kind WHERE {
             ?link a kg:CooperationLink ; kg:participant ent:shanghai-technology-exchange , ?p ; kg:kind ?kind .
             FILTER(?p != ent:shanghai-technology-exchange)
             ?p skos:prefLabel ?label . FILTER(lang(?label) = "en") }""",
    )
    by_partner = {r["label"]: r["kind"].rsplit("#", 1)[1] for r in rows}
    assert by_partner == {
        "Vietnam": "TechnologyCooperation",
        "Thailand": "TechnologyCooperation",
        "China-ASEAN Technology Transfer Center": "StrategicPartnership",
        "Asia IP Exchange": "StrategicPartnership",
        "Enterprise Europe Network": "TechnologyCooperation",
    }
    # ... and the exchange acts with the support of the Shanghai Science and Technology Commission.
    assert select(graph, "SELECT ?x WHERE { ent:stcsm kg:supports ent:shanghai-technology-exchange . BIND(1 AS ?x) }")


def test_countries_with_which_stcsm_signed_mous(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?label ?iso WHERE {
             ?link kg:kind kg:MemorandumOfUnderstanding ; kg:status kg:Signed ; kg:participant ent:stcsm , ?c .
             ?c a kg:Country ; kg:isoCode ?iso ; skos:prefLabel ?label . FILTER(lang(?label) = "en") }""",
    )
    assert sorted((r["label"], r["iso"]) for r in rows) == [("Belarus", "BY"), ("Cambodia", "KH"), ("Vietnam", "VN")]
    # Every MoU quote is the Chinese sentence, with an English gloss.
    quotes = select(
        graph,
        """SELECT DISTINCT ?q ?g WHERE {
             ?link kg:kind kg:MemorandumOfUnderstanding ; kg:participant ent:stcsm ; prov:wasDerivedFrom ?e .
             ?e oa:hasTarget/oa:hasSelector/oa:exact ?q ; kg:gloss ?g }""",
    )
    assert len(quotes) == 1 and "白俄罗斯、越南、柬埔寨" in quotes[0]["q"] and "Belarus, Vietnam, Cambodia" in quotes[0]["g"]


def test_2016_investment_destinations_ranked_by_amount(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?label ?amount WHERE {
             ?link kg:kind kg:Investment ; kg:date ?d ; kg:amount ?amount ; kg:unit kg:USD ;
                   kg:qualifiedParticipation [ kg:agent ent:shanghai ; kg:hadRole kg:InvestorRole ] ,
                                             [ kg:agent ?c ; kg:hadRole kg:DestinationRole ] .
             FILTER(str(?d) = "2016")
             ?c skos:prefLabel ?label . FILTER(lang(?label) = "en") }
           ORDER BY DESC(?amount)""",
    )
    assert [(r["label"], float(r["amount"])) for r in rows] == [
        ("India", 816_000_000),
        ("Singapore", 505_000_000),
        ("Czech Republic", 352_000_000),
    ]


def test_outbound_investment_destination_countries(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT DISTINCT ?iso WHERE {
             ?link kg:kind kg:Investment ;
                   kg:qualifiedParticipation [ kg:agent ent:shanghai ; kg:hadRole kg:InvestorRole ] ,
                                             [ kg:agent ?c ; kg:hadRole kg:DestinationRole ] .
             ?c kg:isoCode ?iso }""",
    )
    assert {r["iso"] for r in rows} == {"SG", "MY", "IN", "IL", "ID", "KZ", "TH", "CZ"}


def test_special_plan_issuers_and_date(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?label WHERE { ent:bri-sti-special-plan kg:issuedBy ?b .
             ?b skos:prefLabel ?label . FILTER(lang(?label) = "en") }""",
    )
    assert _en_labels(rows) == {
        "Ministry of Science and Technology of the People's Republic of China",
        "National Development and Reform Commission",
        "Ministry of Foreign Affairs of the People's Republic of China",
        "Ministry of Commerce of the People's Republic of China",
    }
    dates = select(graph, "SELECT ?d WHERE { ent:bri-sti-special-plan kg:date ?d }")
    assert dates == [{"d": "2016-09"}]
    co = select(
        graph,
        """SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {
             ?link kg:kind kg:CoIssuing ; kg:concerns ent:bri-sti-special-plan ;
                   kg:qualifiedParticipation [ kg:agent ?p ; kg:hadRole kg:IssuerRole ] }""",
    )
    assert co == [{"n": "4"}]


def test_action_plan_targets(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?measure ?value WHERE {
             ?i a kg:Indicator ; kg:indicatorOf ent:bri-sti-action-plan ; kg:isTarget true ;
                kg:measure ?measure ; kg:value ?value ; kg:unit kg:Count }""",
    )
    assert {r["measure"]: float(r["value"]) for r in rows} == {
        "young scientists hosted in China for short-term research (person-visits)": 2500,
        "scientific, technical and management personnel trained (person-times)": 5000,
        "joint laboratories put into operation": 50,
    }
    announced = select(
        graph,
        """SELECT ?who ?at WHERE { ent:bri-sti-action-plan kg:announcedBy ?who ; kg:announcedAt ?at }""",
    )
    assert announced == [{"who": "https://w3id.org/brsc-kg/id/xi-jinping", "at": "https://w3id.org/brsc-kg/id/belt-and-road-forum-2017"}]


def test_proposed_priority_partners_are_not_counted_as_cooperation(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?iso WHERE {
             ?link kg:kind kg:PriorityPartner ; kg:status kg:Proposed ;
                   kg:qualifiedParticipation [ kg:agent ent:shanghai ; kg:hadRole kg:LeadRole ] ,
                                             [ kg:agent ?c ; kg:hadRole kg:PartnerRole ] .
             ?c kg:isoCode ?iso }""",
    )
    assert sorted(r["iso"] for r in rows) == sorted(["KZ", "ID", "RU", "SG", "MY", "IL", "AU", "CH", "DE", "GB", "FI", "SE"])
    # Finland and Sweden appear in the document only as proposed partners of Shanghai (and in
    # the Global Innovation Index), so Shanghai does not "cooperate with" them.
    for country in ("finland", "sweden", "australia"):
        assert not select(graph, f"SELECT ?x WHERE {{ ent:shanghai kg:cooperatesWith ent:{country} . BIND(1 AS ?x) }}")
    # Singapore is both a proposed priority partner and an actual investment destination.
    assert select(graph, "SELECT ?x WHERE { ent:shanghai kg:cooperatesWith ent:singapore . BIND(1 AS ?x) }")


def test_foreign_rd_centres_in_shanghai_at_end_of_2017(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?measure ?value WHERE {
             ?i kg:indicatorOf ent:shanghai ; kg:measure ?measure ; kg:value ?value ; kg:date ?d .
             FILTER(str(?d) = "2017-12") }""",
    )
    by_measure = {r["measure"]: float(r["value"]) for r in rows}
    assert by_measure["foreign-invested R&D centres"] == 426
    assert by_measure["foreign-invested global R&D centres"] == 40
    assert by_measure["foreign-invested Asia-Pacific regional R&D centres"] == 17
    parents = select(
        graph,
        """SELECT ?parent WHERE { ?c kg:locatedIn ent:shanghai ; kg:subOrganizationOf ?p .
             ?c a kg:ResearchCentre . ?p a kg:Enterprise ; skos:prefLabel ?parent . FILTER(lang(?parent) = "en") }""",
    )
    assert _en_labels(parents, "parent") == {"General Electric", "DuPont", "Unilever", "Johnson & Johnson"}


def test_other_provinces_partner_countries(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT DISTINCT ?prov ?iso ?status WHERE {
             VALUES ?prov { ent:shandong ent:tianjin ent:zhejiang ent:guangdong }
             ?link kg:participant ?prov , ?c . ?c a kg:Country ; kg:isoCode ?iso .
             OPTIONAL { ?link kg:status ?status } }""",
    )
    pairs = {(r["prov"].rsplit("/", 1)[1], r["iso"]) for r in rows}
    assert {("shandong", "RU"), ("shandong", "UA"), ("shandong", "IN")} <= pairs
    assert {("tianjin", "GB"), ("tianjin", "DE"), ("zhejiang", "IL")} <= pairs
    assert {("guangdong", "SG"), ("guangdong", "GB"), ("guangdong", "DE"), ("guangdong", "IL")} <= pairs
    shandong = {r["status"].rsplit("#", 1)[1] for r in rows if r["prov"].endswith("/shandong")}
    assert shandong == {"Planned"}


def test_global_innovation_index_2017_order(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?label ?rank WHERE {
             ?i kg:indicatorOf ?c ; kg:measure "rank in the Global Innovation Index 2017"@en ; kg:value ?rank .
             ?c skos:prefLabel ?label . FILTER(lang(?label) = "en") }
           ORDER BY ?rank""",
    )
    ranked = [(r["label"], int(float(r["rank"]))) for r in rows]
    assert len(ranked) == 22
    assert ranked[0] == ("Switzerland", 1) and ranked[-1] == ("China", 22)
    assert ("Singapore", 7) in ranked and ("Israel", 17) in ranked


def test_every_document_004_fact_is_quoted_from_document_004(dataset: Dataset) -> None:
    rows = select(
        dataset,
        """SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {
             GRAPH ent:document-004 { ?s prov:wasDerivedFrom ?e . ?e prov:wasQuotedFrom ?d }
             FILTER(?d != ent:document-004) }""",
    )
    assert rows == [{"n": "0"}]


def test_every_document_004_quote_is_chinese_with_an_english_gloss(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?q ?g WHERE {
             ?e a kg:Evidence ; prov:wasQuotedFrom ent:document-004 ; oa:hasTarget/oa:hasSelector/oa:exact ?q .
             OPTIONAL { ?e kg:gloss ?g } }""",
    )
    assert len(rows) > 100
    assert all(r.get("g") for r in rows)
    assert all(r["q"] and any("\u4e00" <= ch <= "\u9fff" for ch in r["q"]) for r in rows)
