"""The ontology page (kg.viz.ontology_page): every term has its section, labels keep their language, examples carry their quotes, text stays text."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.rdf.vocab import KG_NS
from kg.viz.ontology_page import CSP, OntologyPage, PropertySection, ontology_page, render_ontology_page

HOSTILE = '<img src=x onerror="document.body.dataset.pwned=1"><script>document.body.dataset.pwned=2</script>'

# A few entities, a fact with its evidence in the W3C Web Annotation form (quote and offsets
# on the target's selectors), a cooperation link whose evidence has them directly (the
# earlier form), and hostile text in a name, a quote, a gloss and a definition.
DATA = """
@prefix kg: <https://w3id.org/brsc-kg/ontology#> . @prefix ent: <https://w3id.org/brsc-kg/id/> .
@prefix oa: <http://www.w3.org/ns/oa#> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .

ent:shanghai a kg:Municipality ; skos:prefLabel "Shanghai"@en , "上海"@zh , "เซี่ยงไฮ้"@th .
ent:mofcom a kg:Ministry ; skos:prefLabel "Ministry of Commerce"@en , "商务部"@zh .
ent:ciie a kg:Expo ; skos:prefLabel "China International Import Expo"@en .
ent:hostile a kg:Laboratory ; skos:prefLabel "HOSTILE_LABEL"@en .
ent:document-000 a kg:SourceDocument ; dcterms:identifier "000" ; dcterms:title "Best practice data of Shanghai"@en .
ent:document-001 a kg:SourceDocument ; dcterms:identifier "001" ; dcterms:title "Western Science City"@en .

ent:assertion-000-1 a kg:Assertion ; rdf:subject ent:ciie ; rdf:predicate kg:hostedBy ; rdf:object ent:mofcom ;
    kg:date "2018"^^xsd:gYear ; prov:wasDerivedFrom ent:evidence-000-819-937 .
ent:ciie kg:hostedBy ent:mofcom .
ent:evidence-000-819-937 a kg:Evidence , oa:Annotation ; oa:hasBody ent:assertion-000-1 ;
    oa:hasTarget ent:evidence-000-819-937-target ; prov:wasQuotedFrom ent:document-000 ;
    kg:gloss "organised by the Ministry of Commerce"@en .
ent:evidence-000-819-937-target a oa:SpecificResource ; oa:hasSource ent:document-000 ;
    oa:hasSelector ent:evidence-000-819-937-quote , ent:evidence-000-819-937-position .
ent:evidence-000-819-937-quote a oa:TextQuoteSelector ; oa:exact "จัดโดยกระทรวงการพาณิชย์"@th .
ent:evidence-000-819-937-position a oa:TextPositionSelector ;
    oa:start "819"^^xsd:nonNegativeInteger ; oa:end "937"^^xsd:nonNegativeInteger .

ent:assertion-001-2 a kg:Assertion ; rdf:subject ent:hostile ; rdf:predicate kg:locatedIn ; rdf:object ent:shanghai ;
    prov:wasDerivedFrom ent:evidence-001-5-9 .
ent:evidence-001-5-9 a kg:Evidence ; oa:exact "HOSTILE_QUOTE"@en ; kg:gloss "HOSTILE_GLOSS"@en ;
    oa:start "5"^^xsd:nonNegativeInteger ; oa:end "9"^^xsd:nonNegativeInteger ; prov:wasQuotedFrom ent:document-001 .

ent:link-001-a a kg:CooperationLink ; rdfs:label "Investment: Shanghai; Ministry of Commerce"@en ;
    kg:kind kg:Investment ; kg:participant ent:shanghai , ent:mofcom ; prov:wasDerivedFrom ent:evidence-001-10-20 .
ent:evidence-001-10-20 a kg:Evidence ; oa:exact "上海与商务部合作投资"@zh ; kg:gloss "Shanghai and the ministry invest together"@en ;
    oa:start "10"^^xsd:nonNegativeInteger ; oa:end "20"^^xsd:nonNegativeInteger ; prov:wasQuotedFrom ent:document-001 .
"""


@pytest.fixture(scope="module")
def onto(root: Path) -> Graph:
    """The project's ontology as it is now (others add terms: the page must show whatever is there)."""
    return Graph().parse(root / "ontology" / "kg.ttl")


@pytest.fixture(scope="module")
def graph(onto: Graph) -> Graph:
    g = Graph()
    for triple in onto:
        g.add(triple)
    g.parse(data=DATA.replace("HOSTILE_LABEL", HOSTILE.replace('"', '\\"')), format="turtle")
    for old, new in (("HOSTILE_QUOTE", HOSTILE), ("HOSTILE_GLOSS", "</figure>" + HOSTILE)):
        for s, p, o in list(g.triples((None, None, Literal(old, lang="en")))):
            g.remove((s, p, o))
            g.add((s, p, Literal(new, lang="en")))
    terms = URIRef(KG_NS + "Laboratory")
    g.add((terms, SKOS.scopeNote, Literal("A note with " + HOSTILE, lang="en")))
    g.add((terms, RDFS.subClassOf, URIRef("javascript:alert(1)")))
    return g


@pytest.fixture(scope="module")
def page(graph: Graph) -> OntologyPage:
    return ontology_page(graph)


@pytest.fixture(scope="module")
def html(page: OntologyPage) -> str:
    return render_ontology_page(page)


class _Elements(HTMLParser):
    """Every id, every in-page link, every element's tag, and the text of each element with a ``lang``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.lang_text: set[tuple[str, str]] = set()
        self._open: list[tuple[str, str | None, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.ids.append(str(attributes["id"]))
        if tag == "a" and str(attributes.get("href", "")).startswith("#"):
            self.links.append(str(attributes["href"])[1:])
        if tag not in ("meta", "br", "img", "link", "input"):
            self._open.append((tag, attributes.get("lang"), []))

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            name, lang, text = self._open.pop()
            joined = "".join(text)
            if self._open:
                self._open[-1][2].append(joined)
            if lang:
                self.lang_text.add((lang, joined.strip()))
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1][2].append(data)


def _parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser


def _property(page: OntologyPage, name: str) -> PropertySection:
    return next(p for g in page.property_groups for p in g.properties if p.term.name == name)


def test_every_class_and_property_of_the_ontology_has_one_section_with_its_anchor(onto: Graph, html: str) -> None:
    parsed = _parse(html)
    ids = parsed.ids
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    wanted = {OWL.Class: "class", OWL.ObjectProperty: "object property", OWL.DatatypeProperty: "datatype property"}
    checked = 0
    for owl_type in wanted:
        for term in onto.subjects(RDF.type, owl_type):
            if isinstance(term, URIRef) and str(term).startswith(KG_NS):
                assert str(term)[len(KG_NS) :] in ids, term
                checked += 1
    assert checked > 100
    for laboratory in ("Laboratory", "locatedIn", "Hosting", "CooperationKinds", "factRole"):
        assert laboratory in ids
    assert set(parsed.links) <= set(ids), "an in-page link leads nowhere"


def test_labels_in_chinese_and_thai_are_shown_with_their_language(onto: Graph, html: str) -> None:
    shown = _parse(html).lang_text
    expected = set()
    for predicate in (RDFS.label, SKOS.prefLabel):
        for term, label in onto.subject_objects(predicate):
            if str(term).startswith(KG_NS) and isinstance(label, Literal) and label.language in ("zh", "th"):
                expected.add((label.language, str(label)))
    assert len(expected) > 60
    assert expected <= shown, sorted(expected - shown)[:5]
    assert ("zh", "实验室") in shown and ("th", "ห้องปฏิบัติการ") in shown


def test_definitions_and_notes_are_shown_whole(onto: Graph, page: OntologyPage) -> None:
    """Only entity names are shortened (a 400-word name would fill the screen); what a term means never is."""
    sections = [*page.classes, *(p for g in page.property_groups for p in g.properties), *(c for s in page.schemes for c in s.concepts)]
    shown = {s.term.name: "".join(seg.text for d in s.term.definitions for seg in d.segments) for s in sections}
    longest = max(
        ((str(term)[len(KG_NS) :], str(text)) for term, text in onto.subject_objects(SKOS.definition) if str(term)[len(KG_NS) :] in shown),
        key=lambda item: len(item[1]),
    )
    assert len(longest[1]) > 300 and shown[longest[0]] == longest[1]


def test_relations_show_their_role_alignment_domain_range_and_inverse(page: OntologyPage) -> None:
    hosted = _property(page, "hostedBy")
    assert hosted.role == "CooperativeFact" and hosted.kind == "object"
    assert [r.curie for r in hosted.superproperties] == ["schema:organizer"]
    assert hosted.superproperties[0].vocabulary == "schema.org" and hosted.superproperties[0].href == "https://schema.org/organizer"
    assert hosted.inverse is not None and hosted.inverse.href == "#hosts"
    assert [r.curie for r in hosted.domain_includes] == ["kg:Event"] and hosted.domain_includes[0].href == "#Event"
    located = _property(page, "locatedIn")
    assert located.role == "StructuralFact" and "transitive" in located.characteristics
    assert "symmetric" in _property(page, "cooperatesWith").characteristics
    groups = [g.id for g in page.property_groups]
    assert groups.index("s-CooperativeFact") < groups.index("s-StructuralFact") < groups.index("s-measures")
    laboratory = next(c for c in page.classes if c.term.name == "Laboratory")
    assert laboratory.superclasses[0].curie == "kg:ResearchOrganisation"  # its own first, then other vocabularies
    assert "kg:locatedIn" in [r.curie for r in laboratory.subject_of]  # declared on a class above it


def test_a_union_domain_is_read_as_its_members(onto: Graph) -> None:
    g = Graph()
    for triple in onto:
        g.add(triple)
    g.parse(
        format="turtle",
        data="""@prefix kg: <https://w3id.org/brsc-kg/ontology#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        kg:newRelation a owl:ObjectProperty ; kg:factRole kg:CooperativeFact ; rdfs:label "new relation"@en ;
            rdfs:domain [ a owl:Class ; owl:unionOf ( kg:Laboratory kg:University ) ] ; rdfs:range kg:Country .""",
    )
    page = ontology_page(g)
    new = _property(page, "newRelation")
    assert [r.curie for r in new.domain] == ["kg:Laboratory", "kg:University"] and [r.curie for r in new.range] == ["kg:Country"]
    assert "kg:newRelation" in [r.curie for r in next(c for c in page.classes if c.term.name == "University").subject_of]
    assert 'id="newRelation"' in render_ontology_page(page)


def test_examples_come_from_the_graph_with_their_quotes(page: OntologyPage) -> None:
    municipality = next(c for c in page.classes if c.term.name == "Municipality")
    assert municipality.count == 1 and [e.id for e in municipality.examples] == ["shanghai"]
    assert [(t.text, t.lang) for t in municipality.examples[0].labels] == [("Shanghai", "en"), ("上海", "zh"), ("เซี่ยงไฮ้", "th")]
    place = next(c for c in page.classes if c.term.name == "Place")
    assert place.count == 0 and place.total == 1  # through its subclass Municipality
    hosted = _property(page, "hostedBy")
    assert hosted.statements == 1 and hosted.triples == 1
    (use,) = hosted.uses
    assert (use.subject.id, use.object.id) == ("ciie", "mofcom")
    (quote,) = use.quotes
    assert (quote.exact, quote.lang, quote.gloss) == ("จัดโดยกระทรวงการพาณิชย์", "th", "organised by the Ministry of Commerce")
    assert (quote.document, quote.title.text, quote.start, quote.end) == ("000", "Best practice data of Shanghai", 819, 937)
    assert ("date", "2018") in [(name, value.text) for name, value in use.qualifiers]
    kind = _property(page, "kind")  # not a fact: its quotes are those of the link it describes
    (link_use,) = kind.uses
    assert link_use.object.href == "#Investment" and link_use.quotes[0].exact == "上海与商务部合作投资"
    investment = next(c for s in page.schemes for c in s.concepts if c.term.name == "Investment")
    assert [(r.curie, n) for r, n in investment.uses] == [("kg:kind", 1)]
    assert page.graph_counts["documents"] == 2 and page.graph_counts["statements"] == 2


def test_hostile_text_is_escaped_and_no_script_can_run(html: str) -> None:
    assert HOSTILE not in html and "<script" not in html and "onerror=" not in html.replace("onerror=&#34;", "")
    assert "&lt;img src=x onerror=" in html and "&lt;/figure&gt;" in html
    assert "javascript:" not in html.replace("<code>javascript:alert(1)</code>", "")  # shown, never a link
    parsed = _parse(html)
    assert not [tag for tag, _ in parsed.tags if tag in ("script", "img", "iframe", "object", "embed", "link")]
    csp = next(attrs["content"] for tag, attrs in parsed.tags if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy")
    assert csp == CSP and "default-src 'none'" in CSP and "script-src 'none'" in CSP
    sources = [value for _, attrs in parsed.tags for key, value in attrs.items() if key in ("src", "srcset", "data")]
    assert sources == []


def test_the_page_is_deterministic(graph: Graph, html: str) -> None:
    shuffled = Graph()
    for triple in sorted(graph, key=lambda t: (str(t[2]), str(t[1]), str(t[0])), reverse=True):
        shuffled.add(triple)
    assert render_ontology_page(ontology_page(shuffled)) == html


def test_the_ontology_alone_gives_a_page_without_examples(onto: Graph) -> None:
    page = ontology_page(onto)
    assert page.graph_counts["entities"] == 0 and all(
        not c.examples for c in page.classes if not c.schemes
    )  # concepts are the ontology's own
    assert page.version and page.title.startswith("Belt and Road")
    assert "Modalities" in {s.term.name for s in page.schemes} or "Statuses" in {s.term.name for s in page.schemes}
