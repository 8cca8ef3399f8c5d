"""What an analyst asks of documents 001 (Western Science City) and 002 (Shanghai Y50 Forum),
answered by SPARQL on the built graph."""

from __future__ import annotations

from rdflib import Dataset, Graph

from tests.conftest import ask, select

OPINIONS = "ent:western-science-city-opinions"

CO_ISSUERS_EN = {
    "Ministry of Science and Technology of the People's Republic of China",
    "National Development and Reform Commission",
    "Ministry of Education of the People's Republic of China",
    "Ministry of Industry and Information Technology",
    "Ministry of Finance of the People's Republic of China",
    "Ministry of Human Resources and Social Security of the People's Republic of China",
    "People's Bank of China",
    "State-owned Assets Supervision and Administration Commission of the State Council",
    "General Administration of Customs of the People's Republic of China",
    "China National Intellectual Property Administration",
    "Chinese Academy of Sciences",
    "Chinese Academy of Engineering",
    "Chongqing Municipal People's Government",
    "Sichuan Provincial People's Government",
}


def _en(graph: Graph, entity: str) -> str:
    rows = select(graph, f"""SELECT ?l WHERE {{ {entity} skos:prefLabel ?l . FILTER(lang(?l) = "en") }}""")
    assert len(rows) == 1
    return rows[0]["l"]


# --- Document 001: the Opinions and their fourteen co-issuers --------------------------


def test_fourteen_co_issuers_with_english_and_thai_names(graph: Graph) -> None:
    rows = select(
        graph,
        f"""SELECT ?p ?en (GROUP_CONCAT(DISTINCT ?th; separator="|") AS ?thai) WHERE {{
             ?link a kg:CooperationLink ; kg:kind kg:CoIssuing ; kg:concerns {OPINIONS} ;
                   kg:qualifiedParticipation ?q .
             ?q kg:agent ?p ; kg:hadRole kg:IssuerRole .
             ?p skos:prefLabel ?en . FILTER(lang(?en) = "en")
             ?p skos:prefLabel|skos:altLabel ?th . FILTER(lang(?th) = "th")
           }} GROUP BY ?p ?en""",
    )
    assert {r["en"] for r in rows} == CO_ISSUERS_EN
    thai = {r["en"]: set(r["thai"].split("|")) for r in rows}
    # Thai names exactly as document 001 writes them.
    assert "กระทรวงวิทยาศาสตร์และเทคโนโลยี" in thai["Ministry of Science and Technology of the People's Republic of China"]
    assert "คณะกรรมการพัฒนาและปฏิรูปแห่งชาติ" in thai["National Development and Reform Commission"]
    assert "ธนาคารประชาชนแห่งประเทศจีน" in thai["People's Bank of China"]
    assert "สถาบันบัณฑิตวิทยาศาสตร์จีน" in thai["Chinese Academy of Sciences"]
    assert "สถาบันบัณฑิตวิศวกรรมศาสตร์จีน" in thai["Chinese Academy of Engineering"]
    assert "การบริหารงานทั่วไปของกรมศุลกากร" in thai["General Administration of Customs of the People's Republic of China"]
    assert "รัฐบาลนครฉงชิ่ง" in thai["Chongqing Municipal People's Government"]
    assert "รัฐบาลมณฑลเสฉวน" in thai["Sichuan Provincial People's Government"]
    # Every co-issuer has a Thai name that occurs in the issuing sentence.
    quote = select(
        graph,
        f"""SELECT ?q WHERE {{ ?l a kg:CooperationLink ; kg:kind kg:CoIssuing ; kg:concerns {OPINIONS} ; prov:wasDerivedFrom/oa:hasTarget/oa:hasSelector/oa:exact ?q }}""",
    )[0]["q"]
    for en, names in thai.items():
        assert any(name in quote for name in names), en


def test_opinions_issued_by_each_co_issuer_on_12_april_2023(graph: Graph) -> None:
    issuers = select(
        graph,
        f"""SELECT ?en WHERE {{ {OPINIONS} kg:issuedBy ?i . ?i skos:prefLabel ?en . FILTER(lang(?en) = "en") }}""",
    )
    assert {r["en"] for r in issuers} == CO_ISSUERS_EN and len(issuers) == 14
    dated = select(
        graph,
        f"""SELECT ?date ?q ?g WHERE {{
             ?a a kg:Assertion ; rdf:subject {OPINIONS} ; rdf:predicate kg:date ; rdf:object ?date ;
                prov:wasDerivedFrom ?e . ?e oa:hasTarget/oa:hasSelector/oa:exact ?q ; kg:gloss ?g }}""",
    )
    assert [r["date"] for r in dated] == ["2023-04-12"]
    assert "12 เมษายน 2566" in dated[0]["q"] and "2023" in dated[0]["g"]
    assert _en(graph, OPINIONS) == "Opinions on Further Supporting the Accelerated Construction of the Western Science City"


def test_strategies_the_opinions_support(graph: Graph) -> None:
    rows = select(
        graph,
        f"""SELECT ?en WHERE {{ {OPINIONS} kg:promotes ?s . ?s a ?c ; skos:prefLabel ?en .
             FILTER(?c IN (kg:Initiative, kg:Plan) && lang(?en) = "en") }}""",
    )
    assert {
        "Belt and Road Initiative",
        "Yangtze River Economic Belt",
        "Western Development in the New Era",
        "Outline of the Construction Plan for the Chengdu–Chongqing Economic Circle",
    } <= {r["en"] for r in rows}


# --- Document 001: the Western Science City --------------------------------------------


def test_pilot_areas_and_their_cities(dataset: Dataset, graph: Graph) -> None:
    # The Opinions *direct* that existing parks become the pilot areas: the partOf statements are
    # directed, so their triples are in graph:unreported and the plain graph does not state them.
    assert not select(graph, "SELECT ?a WHERE { ?a kg:partOf ent:western-science-city }")
    areas = {r["a"] for r in select(dataset, "SELECT ?a WHERE { GRAPH graph:unreported { ?a kg:partOf ent:western-science-city } }")}
    directed = select(
        graph,
        """SELECT ?a WHERE { ?s a kg:Assertion ; rdf:subject ?a ; rdf:predicate kg:partOf ;
             rdf:object ent:western-science-city ; kg:modality kg:Directed }""",
    )
    assert {r["a"] for r in directed} == areas
    # Where each park is, read from a place its name gives in parentheses, is reported
    # ("Chongqing Liangjiang ..." only qualifies the name: docs/curation.md, "Relations a name states").
    rows = select(
        graph,
        """SELECT ?a ?area ?city WHERE {
             ?a kg:locatedIn ?c ; skos:prefLabel ?area .
             ?c skos:prefLabel ?city . FILTER(lang(?area) = "en" && lang(?city) = "en") }""",
    )
    assert sorted((r["area"], r["city"]) for r in rows if r["a"] in areas) == [
        ("China (Mianyang) Science and Technology City", "Mianyang"),
        ("Western (Chengdu) Science City", "Chengdu"),
        ("Western (Chongqing) Science City", "Chongqing"),
    ]


def test_2025_targets_with_values_and_units(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?measure ?cmp ?value ?unit WHERE {
             ?i a kg:Indicator ; kg:indicatorOf ent:western-science-city ; kg:isTarget true ;
                kg:date "2025"^^xsd:gYear ; kg:measure ?measure ; kg:value ?value ; kg:unit ?unit .
             OPTIONAL { ?i kg:comparator ?cmp } }""",
    )
    targets = {r["measure"]: (r.get("cmp"), float(r["value"]), r["unit"].rsplit("#", 1)[1]) for r in rows}
    assert targets == {
        "R&D investment as a share of regional GDP": (">", 5.0, "Percent"),
        "high-value patents per 10,000 people": (">", 80.0, "PerTenThousandPeople"),
        "national high-tech enterprises": (">", 7000.0, "Count"),
        "average annual growth of high-tech industry revenue": (None, 8.0, "Percent"),
        "average annual growth of technology contract turnover": (">", 5.0, "Percent"),
    }


def test_cross_region_partners_are_planned_cooperation(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?en WHERE {
             ?l a kg:CooperationLink ; kg:kind kg:TechnologyCooperation ; kg:status kg:Planned ;
                kg:participant ent:western-science-city , ?p .
             FILTER(?p != ent:western-science-city)
             ?p skos:prefLabel ?en . FILTER(lang(?en) = "en") }""",
    )
    assert sorted(r["en"] for r in rows) == [
        "Beijing–Tianjin–Hebei region",
        "Guangdong–Hong Kong–Macao Greater Bay Area",
        "Yangtze River Delta",
    ]
    # Planned links do not create the cooperatesWith shortcut.
    assert not select(graph, "SELECT ?x WHERE { ent:western-science-city kg:cooperatesWith ?x }")


def test_facilities_called_for_with_their_status(graph: Graph) -> None:
    # What the Opinions call for is directed: read from the statements and their modality,
    # never from plain triples (a plan is not a fact).
    assert not select(graph, f"SELECT ?x WHERE {{ {OPINIONS} kg:promotes ?x . ?x a kg:Facility }}")
    rows = select(
        graph,
        f"""SELECT ?x ?status WHERE {{
              ?p a kg:Assertion ; rdf:subject {OPINIONS} ; rdf:predicate kg:promotes ; rdf:object ?x ; kg:modality kg:Directed .
              ?x a kg:Facility .
              ?s a kg:Assertion ; rdf:subject ?x ; rdf:predicate kg:status ; rdf:object ?status ; kg:modality kg:Directed }}""",
    )
    status = {r["x"].rsplit("/", 1)[1]: r["status"].rsplit("#", 1)[1] for r in rows}
    assert status["vector-light-field-verification-device"] == "Planned"
    assert status["electromagnetic-driven-fusion-device"] == "Planned"
    assert status["large-aperture-space-detection-radar"] == "Proposed"
    assert status["space-solar-power-station-research-facility"] == "Proposed"
    assert status["chongqing-computing-network-hub"] == "Planned"
    hub = select(
        graph,
        """SELECT ?c ?m WHERE { ?s rdf:subject ent:chongqing-computing-network-hub ; rdf:predicate kg:locatedIn ;
             rdf:object ?c ; kg:modality ?m }""",
    )
    assert hub == [{"c": "https://w3id.org/brsc-kg/id/chongqing", "m": "https://w3id.org/brsc-kg/ontology#Directed"}]


def test_belt_and_road_items_of_the_western_science_city(graph: Graph) -> None:
    rows = select(
        graph,
        f"""SELECT ?x ?en WHERE {{ ?p rdf:subject {OPINIONS} ; rdf:predicate kg:promotes ; rdf:object ?x ; kg:modality kg:Directed .
             ?x skos:prefLabel ?en . FILTER(lang(?en) = "en" && CONTAINS(?en, "Belt and Road")) }}""",
    )
    assert sorted({r["en"] for r in rows}) == [
        "Belt and Road Science and Technology Exchange Conference",
        "Belt and Road international science and technology cooperation bases",
        "High-level Belt and Road science, technology and innovation cooperation zone",
    ]
    # "Belt and Road" qualifies their names; no sentence makes them part of the Initiative.
    assert not ask(
        graph,
        """ASK { VALUES ?x { ent:belt-and-road-innovation-cooperation-zone ent:belt-and-road-sci-tech-cooperation-bases
                             ent:belt-and-road-sci-tech-exchange-conference }
             ?x kg:partOf ent:belt-and-road-initiative }""",
    )
    thai = select(graph, """SELECT ?t WHERE { ent:belt-and-road-initiative skos:altLabel ?t . FILTER(lang(?t) = "th") }""")
    assert "หนึ่งแถบ หนึ่งเส้นทาง" in {r["t"] for r in thai}


def test_expos_the_opinions_call_for_have_no_host_the_text_does_not_name(dataset: Dataset, graph: Graph) -> None:
    # "...and host the Smart China Expo, the Science City Expo and other events" has no subject:
    # the Opinions direct that the expos be held, and name no host (an earlier reading made the
    # Western Science City their host; a directive is never attributed to an actor the text
    # does not name).
    assert not select(graph, "SELECT ?e WHERE { ?e kg:hostedBy ent:western-science-city }")
    assert not select(dataset, "SELECT ?e WHERE { GRAPH ?g { ?e kg:hostedBy ent:western-science-city } }")
    assert not select(graph, "SELECT ?e WHERE { ?e kg:organisedBy ent:western-science-city }")
    rows = select(
        graph,
        f"""SELECT ?en ?th WHERE {{ ?p rdf:subject {OPINIONS} ; rdf:predicate kg:promotes ; rdf:object ?e ; kg:modality kg:Directed .
             ?e a kg:Expo ; skos:prefLabel ?en , ?th . FILTER(lang(?en) = "en" && lang(?th) = "th") }}""",
    )
    assert sorted((r["en"], r["th"]) for r in rows) == [
        (
            "China (Mianyang) Science and Technology City International Science and Technology Expo",
            "มหกรรมวิทยาศาสตร์และเทคโนโลยีนานาชาติเมืองวิทยาศาสตร์และเทคโนโลยีจีน",
        ),
        ("Smart China Expo", "งานแสดงสินค้าอุตสาหกรรมอัจฉริยะนานาชาติแห่งประเทศจีน"),
    ]


def test_ucas_colleges_in_chongqing_and_chengdu(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?college ?city WHERE {
             ?c kg:subOrganizationOf ent:ucas ; kg:locatedIn ?p ; skos:prefLabel ?college .
             ent:ucas kg:subOrganizationOf ent:cas ; skos:altLabel "UCAS"@en .
             ?p skos:prefLabel ?city . FILTER(lang(?college) = "en" && lang(?city) = "en") }""",
    )
    assert sorted((r["college"], r["city"]) for r in rows) == [
        ("Chengdu College of the University of Chinese Academy of Sciences", "Chengdu"),
        ("Chongqing College of the University of Chinese Academy of Sciences", "Chongqing"),
    ]


def test_publisher_of_document_001(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?pub ?ministry WHERE { ent:document-001 dcterms:publisher ?p .
             ?p skos:prefLabel ?pub ; kg:subOrganizationOf ?m . ?m a kg:Ministry ; skos:prefLabel ?ministry .
             FILTER(lang(?pub) = "en" && lang(?ministry) = "en") }""",
    )
    assert rows == [
        {
            "pub": "Science and Technology Section, Royal Thai Embassy in Beijing",
            "ministry": "Ministry of Higher Education, Science, Research and Innovation",
        }
    ]


# --- Document 002: the 2nd Shanghai Y50 Forum ----------------------------------------


def test_forum_edition_date_and_place(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?n ?series ?place ?start WHERE {
             ent:shanghai-y50-forum-2 kg:ordinal ?n ; kg:editionOf ?s ; kg:heldAt/skos:prefLabel ?place .
             ?s skos:prefLabel ?series ; kg:startDate ?start .
             FILTER(lang(?series) = "en" && lang(?place) = "en") }""",
    )
    assert rows == [{"n": "2", "series": "Shanghai Y50 Forum for Innovation and Entrepreneurship", "place": "Shanghai", "start": "2020-04"}]
    # The text gives the day ("15 พ.ค.", 15 May) but no year: no date is asserted, the day is noted.
    assert not select(graph, "SELECT ?d WHERE { ent:shanghai-y50-forum-2 kg:date|kg:startDate ?d }")
    note = select(graph, "SELECT ?n WHERE { ent:shanghai-y50-forum-2 kg:note ?n }")
    assert "15 May" in note[0]["n"]
    evidence = select(
        graph,
        """SELECT ?q WHERE { ?a a kg:Assertion ; rdf:subject ent:shanghai-y50-forum-2 ; rdf:predicate kg:heldAt ;
             prov:wasDerivedFrom/oa:hasTarget/oa:hasSelector/oa:exact ?q }""",
    )
    assert "15 พ.ค." in evidence[0]["q"]


def test_forum_theme(graph: Graph) -> None:
    rows = select(graph, "SELECT ?f WHERE { ent:shanghai-y50-forum-2 kg:field ?f }")
    assert rows == [{"f": "Thriving in Shanghai and Scoring New Heights – Innovation Synergizes Strength for Shanghai’s Digitalization"}]


def test_institute_set_up_at_the_forum(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?en ?status WHERE { ?i kg:announcedAt ent:shanghai-y50-forum-2 ; kg:status ?status ;
             kg:supports ent:shanghai-y50-forum ; skos:prefLabel ?en . FILTER(lang(?en) = "en") }""",
    )
    assert rows == [
        {"en": "Shanghai 50 Youth Innovation and Entrepreneurship Institute", "status": "https://w3id.org/brsc-kg/ontology#Operating"}
    ]


def test_speaker_wu_qing_vice_mayor_of_shanghai(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?rel ?obj ?role WHERE {
             ?a a kg:Assertion ; rdf:subject ent:wu-qing ; rdf:predicate ?rel ; rdf:object ?obj ; kg:role ?role ;
                prov:wasDerivedFrom/prov:wasQuotedFrom ent:document-002 }""",
    )
    got = sorted({(r["rel"].rsplit("#", 1)[1], r["obj"].rsplit("/", 1)[1], r["role"]) for r in rows})
    assert got == [("holdsPositionIn", "shanghai-government", "Vice Mayor"), ("participatesIn", "shanghai-y50-forum-2", "speaker")]


def test_shanghai_ic_industry_sales_2020(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?measure ?value ?unit WHERE {
             ?i a kg:Indicator ; kg:indicatorOf ent:shanghai ; kg:date "2020"^^xsd:gYear ;
                kg:measure ?measure ; kg:value ?value ; kg:unit ?unit ;
                prov:wasDerivedFrom/prov:wasQuotedFrom ent:document-002 }""",
    )
    by_measure = {r["measure"]: (float(r["value"]), r["unit"].rsplit("#", 1)[1]) for r in rows}
    assert by_measure == {
        "integrated circuit industry sales": (207_133_000_000, "CNY"),
        "year-on-year growth in integrated circuit industry sales": (21.37, "Percent"),
    }
    assert _en(graph, "ent:shanghai-ic-industry-association") == "Shanghai Integrated Circuit Industry Association"


def test_shanghai_digital_city_measures(dataset: Dataset, graph: Graph) -> None:
    # Shanghai "proposes" (เสนอให้) and "will" (จะ) build these: announced, so their triples are in
    # graph:unreported; that Shanghai develops its digital transformation, and that the forum
    # promotes it, are reported.
    rows = select(
        dataset,
        """SELECT ?x ?status WHERE { GRAPH graph:unreported {
             ?x kg:partOf ent:shanghai-digital-transformation ; kg:status ?status . ent:shanghai kg:develops ?x } }""",
    )
    assert ask(
        graph,
        """ASK { ent:shanghai kg:develops ent:shanghai-digital-transformation .
                 ent:shanghai-y50-forum-2 kg:promotes ent:shanghai-digital-transformation }""",
    )
    assert not select(graph, "SELECT ?x WHERE { ?x kg:partOf ent:shanghai-digital-transformation }")
    assert sorted((r["x"].rsplit("/", 1)[1], r["status"].rsplit("#", 1)[1]) for r in rows) == [
        ("shanghai-digital-industry-clusters", "Proposed"),
        ("shanghai-digital-public-service-system", "Proposed"),
        ("shanghai-integrated-online-platform", "Planned"),
    ]


# --- Both documents ------------------------------------------------------------------


def test_every_document_001_and_002_fact_is_quoted_from_its_own_document(dataset: Dataset) -> None:
    for doc in ("001", "002"):
        rows = select(
            dataset,
            f"""SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{
                 GRAPH ent:document-{doc} {{ ?s prov:wasDerivedFrom ?e . ?e prov:wasQuotedFrom ?d }}
                 FILTER(?d != ent:document-{doc}) }}""",
        )
        assert rows == [{"n": "0"}]


def test_every_thai_quote_of_001_and_002_has_a_gloss(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT (COUNT(?e) AS ?n) WHERE { ?e a kg:Evidence ; oa:hasTarget/oa:hasSelector/oa:exact ?q ; prov:wasQuotedFrom ?d .
             FILTER(?d IN (ent:document-001, ent:document-002) && lang(?q) = "th")
             FILTER NOT EXISTS { ?e kg:gloss ?g } }""",
    )
    assert rows == [{"n": "0"}]
