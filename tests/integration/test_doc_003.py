"""What an analyst asks of document 003 (Shanghai briefing of 21 May 2019), answered by SPARQL."""

from __future__ import annotations

from rdflib import Dataset, Graph

from tests.conftest import SPARQL_PREFIXES, ask, select

ENT = "https://w3id.org/brsc-kg/id/"


def _en(var: str) -> str:
    return f'FILTER(lang({var}) = "en")'


def test_officials_at_the_briefing_and_their_offices(graph: Graph) -> None:
    rows = select(
        graph,
        f"""SELECT ?person ?role ?office WHERE {{
             ?a a kg:Assertion ; rdf:subject ?p ; rdf:predicate kg:holdsPositionIn ; rdf:object ?o ; kg:role ?role ;
                prov:wasDerivedFrom/prov:wasQuotedFrom ent:document-003 .
             ?p skos:prefLabel ?person . ?o skos:prefLabel ?office . {_en("?person")} {_en("?office")} }}""",
    )
    got = {(r["person"], r["role"], r["office"]) for r in rows}
    assert got == {
        ("Wu Qing", "Vice Mayor", "Shanghai Municipal People's Government"),
        ("Leng Weiqing", "Director", "Shanghai Municipal Talent Office"),
        ("Zhang Quan", "Director", "Science and Technology Commission of Shanghai Municipality"),
        ("Peng Song", "Executive Deputy Director", "Shanghai Promotion Office for Science and Technology Center Construction"),
        ("Rui Wenbiao", "Director", "Shanghai Municipal Intellectual Property Office"),
        ("Qiu Wenjin", "Deputy Inspector", "Shanghai Municipal Development and Reform Commission"),
        ("Zhang Ying", "Chief Engineer", "Shanghai Municipal Commission of Economy and Informatization"),
        ("Xi Jinping", "General Secretary", "Central Committee of the Communist Party of China"),
    }


def test_briefing_participants_organiser_and_date(graph: Graph) -> None:
    people = select(
        graph,
        f"""SELECT ?name WHERE {{ ?p kg:participatesIn ent:shanghai-press-conference-2019-05-21 ; skos:prefLabel ?name . {_en("?name")} }}""",
    )
    assert sorted(r["name"] for r in people) == [
        "Leng Weiqing",
        "Peng Song",
        "Qiu Wenjin",
        "Rui Wenbiao",
        "Wu Qing",
        "Zhang Quan",
        "Zhang Ying",
    ]
    rows = select(
        graph,
        f"""SELECT ?date ?org WHERE {{ ent:shanghai-press-conference-2019-05-21 kg:date ?date ;
             kg:organisedBy/skos:prefLabel ?org . {_en("?org")} }}""",
    )
    assert rows == [{"date": "2019-05-21", "org": "Information Office of Shanghai Municipality"}]


def test_belt_and_road_cooperation_instruments(graph: Graph) -> None:
    rows = select(
        graph,
        f"""SELECT ?kind ?status ?label WHERE {{
             ?link a kg:CooperationLink ; kg:concerns ent:belt-and-road-initiative ; kg:kind ?kind ; kg:status ?status ;
                   kg:participant ?p . ?p skos:prefLabel ?label . {_en("?label")} }}""",
    )
    assert {(r["kind"].rsplit("#", 1)[1], r["status"].rsplit("#", 1)[1], r["label"]) for r in rows} == {
        ("TechnologyTransfer", "Planned", "Shanghai"),
        ("TechnologyTransfer", "Planned", "Countries along the Belt and Road"),
    }
    target = select(
        graph,
        """SELECT ?v ?t WHERE { ?i kg:indicatorOf ent:bri-technology-transfer-centres ; kg:value ?v ; kg:isTarget ?t }""",
    )
    assert [(float(r["v"]), r["t"]) for r in target] == [(5.0, "true")]
    part = graph.query(SPARQL_PREFIXES + "ASK { ent:bri-technology-transfer-centres kg:partOf ent:belt-and-road-initiative }")
    assert part.askAnswer


def test_foreign_and_domestic_companies_investing_in_shanghai_research(graph: Graph) -> None:
    def investors(field: str) -> list[str]:
        rows = select(
            graph,
            f"""SELECT ?name WHERE {{
                 ?link a kg:CooperationLink ; kg:kind kg:Investment ; kg:field ?f ; kg:qualifiedParticipation ?q1 , ?q2 .
                 ?q1 kg:agent ent:shanghai ; kg:hadRole kg:DestinationRole .
                 ?q2 kg:agent ?c ; kg:hadRole kg:InvestorRole . ?c skos:prefLabel ?name .
                 FILTER(str(?f) = "{field}") {_en("?name")} }}""",
        )
        return sorted(r["name"] for r in rows)

    assert investors("research institutes") == ["Amazon", "Microsoft", "SAP"]
    assert investors("artificial intelligence innovation platforms") == ["Alibaba Group", "Baidu", "Huawei", "JD.com", "Tencent"]


def test_technology_exports_to_the_yangtze_river_delta_provinces(graph: Graph) -> None:
    rows = select(
        graph,
        f"""SELECT ?name ?date WHERE {{
             ?link kg:kind kg:TechnologyTransfer ; kg:date ?date ; kg:qualifiedParticipation ?s , ?d .
             ?s kg:agent ent:shanghai ; kg:hadRole kg:SourceRole .
             ?d kg:agent ?prov ; kg:hadRole kg:DestinationRole . ?prov skos:prefLabel ?name . {_en("?name")} }}""",
    )
    assert sorted((r["name"], r["date"]) for r in rows) == [("Anhui", "2018-12"), ("Jiangsu", "2018-12"), ("Zhejiang", "2018-12")]
    ind = select(
        graph,
        """SELECT ?m ?v ?u ?c WHERE { ?i a kg:Indicator ; kg:indicatorOf ent:shanghai ;
             kg:measure ?m ; kg:value ?v ; kg:unit ?u . OPTIONAL { ?i kg:comparator ?c }
             FILTER(CONTAINS(STR(?m), "Jiangsu, Zhejiang and Anhui")) }""",
    )
    got = {(float(r["v"]), r["u"].rsplit("#", 1)[1], r.get("c")) for r in ind}
    assert got == {(3300.0, "Count", ">"), (17_300_000_000.0, "CNY", None)}


def test_li_zhengdao_research_institute_is_the_tsung_dao_lee_institute(graph: Graph, dataset: Dataset) -> None:
    alts = select(graph, """SELECT ?alt WHERE { ent:tsung-dao-lee-institute skos:altLabel ?alt }""")
    assert "Li Zhengdao Research Institute" in {r["alt"] for r in alts}
    docs = select(
        dataset,
        """SELECT DISTINCT ?g WHERE { GRAPH ?g { ?a rdf:subject ent:tsung-dao-lee-institute ; rdf:predicate kg:status } }""",
    )
    assert {r["g"] for r in docs} == {ENT + "document-000", ENT + "document-003"}


def test_integrated_circuit_sales_2018(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?m ?v ?u ?d WHERE { ?i a kg:Indicator ; kg:indicatorOf ent:shanghai ;
             kg:measure ?m ; kg:value ?v ; kg:unit ?u ; kg:date ?d ;
             prov:wasDerivedFrom/prov:wasQuotedFrom ent:document-003 . FILTER(CONTAINS(STR(?m), "integrated circuit")) }""",
    )
    got = {r["m"]: (float(r["v"]), r["u"].rsplit("#", 1)[1], r["d"]) for r in rows}
    assert got["sales of the integrated circuit industry"] == (145_000_000_000, "CNY", "2018")
    assert got["share of China's integrated circuit industry sales"] == (20, "Percent", "2018")


def test_international_cooperation_israel_russia_wipo(dataset: Dataset, graph: Graph) -> None:
    rows = select(
        dataset,
        """SELECT ?kind ?status ?modality ?p WHERE { GRAPH ent:document-003 {
             ?link a kg:CooperationLink ; kg:kind ?kind ; kg:modality ?modality ; kg:participant ?p .
             OPTIONAL { ?link kg:status ?status }
             FILTER EXISTS { ?link kg:participant ?x . VALUES ?x { ent:israel ent:russia ent:wipo } } } }""",
    )
    by_link: dict[tuple[str, str, str], set[str]] = {}
    for r in rows:
        key = (r["kind"].rsplit("#", 1)[1], r["status"].rsplit("#", 1)[1] if "status" in r else "", r["modality"].rsplit("#", 1)[1])
        by_link.setdefault(key, set()).add(r["p"].rsplit("/", 1)[1])
    assert by_link == {
        ("TechnologyCooperation", "Planned", "Announced"): {"china", "israel", "shanghai"},  # "will be carried out"
        # "will be deepened": announced, and no status (the sentence does not say it is operating)
        ("StrategicPartnership", "", "Announced"): {"china", "russia"},
        ("Hosting", "Proposed", "Reported"): {"shanghai", "wipo"},  # "Researches have been conducted to prompt the setup"
    }
    # Announced links join their participants only in graph:unreported.
    assert not ask(graph, "ASK { ent:china kg:cooperatesWith ent:russia }")
    assert ask(dataset, "ASK { GRAPH graph:unreported { ent:china kg:cooperatesWith ent:russia } }")
    park = select(
        graph,
        """SELECT ?l WHERE { ?link kg:concerns ent:china-israel-shanghai-innovation-park ; kg:concerns ?c .
                            ?c skos:prefLabel ?l . FILTER(lang(?l) = "zh") }""",
    )
    assert park == [{"l": "中以（上海）创新园"}]


def test_biomedical_approvals_and_their_makers(graph: Graph) -> None:
    rows = select(
        graph,
        f"""SELECT ?a ?maker WHERE {{ VALUES ?a {{ ent:first-domestic-pet-mr ent:first-domestic-pacemaker
             ent:first-domestic-flow-diverter ent:gv-971 }} ?a kg:achievedBy ?m . ?m skos:prefLabel ?maker . {_en("?maker")} }}""",
    )
    assert {r["a"].rsplit("/", 1)[1]: r["maker"] for r in rows} == {
        "first-domestic-pet-mr": "United Imaging Healthcare",
        "first-domestic-pacemaker": "Chuangling Heartbeat Management Medical Devices Co Ltd",
        "first-domestic-flow-diverter": "MicroPort Scientific Corporation",
        "gv-971": "Shanghai Institute of Materia Medica, Chinese Academy of Sciences",
    }
    parent = select(graph, """SELECT ?p WHERE { ent:simm kg:subOrganizationOf ?p }""")
    assert parent == [{"p": ENT + "cas"}]
    mah = select(
        graph,
        """SELECT ?v ?d WHERE { ?i kg:indicatorOf ent:shanghai ; kg:value ?v ; kg:date ?d ; kg:measure ?m .
             FILTER(CONTAINS(STR(?m), "marketing authorisation holder")) }""",
    )
    assert [(float(r["v"]), r["d"]) for r in mah] == [(32.0, "2018-12")]


def test_zhangjiang_science_city_plan_and_project_counts(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?m ?v ?c ?t WHERE { ?i kg:indicatorOf ent:zhangjiang-science-city ; kg:measure ?m ; kg:value ?v .
             OPTIONAL { ?i kg:comparator ?c } OPTIONAL { ?i kg:isTarget ?t } }""",
    )
    got = {r["m"]: (float(r["v"]), r.get("c"), r.get("t")) for r in rows}
    assert got == {
        "first-round projects fully started": (73, None, None),
        "first-round projects completed": (32, None, None),
        "new-round key projects planned": (80, "~", "true"),
    }
    plan = select(graph, """SELECT ?p WHERE { ?p kg:appliesTo ent:zhangjiang-science-city ; a kg:Plan }""")
    assert plan == [{"p": ENT + "zhangjiang-science-city-plan"}]


def test_reforms_laws_and_policy_documents_with_their_numbers(graph: Graph) -> None:
    ten = select(
        graph,
        """SELECT ?v ?d ?by WHERE { ent:state-council-ten-pilot-reform-measures-2016 kg:issuedBy ?by .
             ?i kg:indicatorOf ent:state-council-ten-pilot-reform-measures-2016 ; kg:value ?v ; kg:date ?d }""",
    )
    assert [(float(r["v"]), r["d"], r["by"]) for r in ten] == [(10.0, "2016", ENT + "state-council")]
    art25 = select(
        graph,
        """SELECT ?d ?alt WHERE { ent:sci-tech-reform-opinions-2019 kg:date ?d ; skos:altLabel ?alt .
                             FILTER(str(?alt) = "Article 25") }""",
    )
    assert art25 == [{"d": "2019", "alt": "Article 25"}]
    law = select(graph, """SELECT ?v ?u WHERE { ?law a kg:Law . ?i kg:indicatorOf ?law ; kg:value ?v ; kg:unit ?u }""")
    assert [(float(r["v"]), r["u"].rsplit("#", 1)[1]) for r in law] == [(70.0, "Percent")]
    opinions = select(graph, """SELECT ?v WHERE { ?i kg:indicatorOf ent:foreign-rd-centre-opinions ; kg:value ?v }""")
    assert [float(r["v"]) for r in opinions] == [16.0]
    shares = select(
        graph,
        """SELECT ?v ?u WHERE { ?i kg:indicatorOf ent:shanghai ; kg:value ?v ; kg:unit ?u ; kg:measure ?m .
             FILTER(CONTAINS(STR(?m), "36 approved measures")) }""",
    )
    assert sorted((float(r["v"]), r["u"].rsplit("#", 1)[1]) for r in shares) == [(9.0, "Count"), (25.0, "Percent")]


def test_national_achievements_shanghai_contributed_to(graph: Graph) -> None:
    rows = select(
        graph,
        f"""SELECT ?name WHERE {{ ?a rdf:subject ?x ; rdf:predicate kg:achievedBy ;
             rdf:object ent:shanghai ; kg:role "contributor"@en . ?x skos:prefLabel ?name . {_en("?name")} }}""",
    )
    assert sorted(r["name"] for r in rows) == [
        "BeiDou Navigation Satellite System",
        "C919 large passenger aircraft",
        "Five-hundred-meter Aperture Spherical Radio Telescope",
        "Jiaolong deep-sea manned submersible",
        "Quantum Science Satellite Micius",
        "Tiangong-1 space laboratory",
    ]


def test_demonstration_bases_and_foreign_rd_centres(graph: Graph) -> None:
    bases = select(graph, """SELECT ?x WHERE { ?x kg:participatesIn ent:mass-innovation-demonstration-bases }""")
    assert {r["x"].rsplit("/", 1)[1] for r in bases} == {
        "yangpu-district",
        "xuhui-district",
        "fudan-university",
        "sjtu",
        "shanghaitech-university",
        "baowu",
        "simit",
    }
    rd = select(
        graph,
        """SELECT ?v ?d WHERE { ?i kg:indicatorOf ent:shanghai ; kg:measure "foreign-funded R&D centres"@en ;
             kg:value ?v ; kg:date ?d }""",
    )
    assert [(float(r["v"]), r["d"]) for r in rd] == [(441.0, "2018-12")]


def test_every_document_003_fact_is_quoted_from_document_003(dataset: Dataset) -> None:
    rows = select(
        dataset,
        """SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {
             GRAPH ent:document-003 { ?s prov:wasDerivedFrom ?e . ?e prov:wasQuotedFrom ?d }
             FILTER(?d != ent:document-003) }""",
    )
    assert rows == [{"n": "0"}]
