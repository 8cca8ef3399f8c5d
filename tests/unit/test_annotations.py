"""Evidence as W3C Web Annotation (kg.rdf.annotations) on small graphs: JSON-LD out and back, offline, and the text check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.errors import KgError
from kg.netguard import network_lockdown
from kg.rdf.annotations import (
    ANNO_CONTEXT_URL,
    anno_context,
    annotation_graph,
    read_jsonld,
    selector_problems,
    to_jsonld,
)
from kg.rdf.vocab import ENT, OA

TEXT = "Vorwort. 上海与越南建立了长期技术合作。 End."
DOC = ENT["document-x"]

#: Two annotations in the build's shape: one Chinese quote behind two statements (with a
#: gloss), one English quote at the very end of the document (no suffix).
GRAPH = """
@prefix oa: <http://www.w3.org/ns/oa#> . @prefix ent: <https://w3id.org/brsc-kg/id/> .
@prefix kg: <https://w3id.org/brsc-kg/ontology#> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ent:evidence-x-9-23 a oa:Annotation , kg:Evidence , prov:Entity ; oa:hasBody ent:link-x-1 , ent:assertion-x-2 ;
    oa:hasTarget ent:evidence-x-9-23-target ; prov:wasQuotedFrom ent:document-x ;
    kg:gloss "Shanghai and Vietnam have set up long-term technology cooperation."@en .
ent:evidence-x-9-23-target a oa:SpecificResource ; oa:hasSource ent:document-x ;
    oa:hasSelector ent:evidence-x-9-23-quote , ent:evidence-x-9-23-position .
ent:evidence-x-9-23-quote a oa:TextQuoteSelector ; oa:exact "上海与越南建立了长期技术合作"@zh ;
    oa:prefix "Vorwort. "@zh ; oa:suffix "。 End."@zh .
ent:evidence-x-9-23-position a oa:TextPositionSelector ;
    oa:start "9"^^xsd:nonNegativeInteger ; oa:end "23"^^xsd:nonNegativeInteger .
ent:evidence-x-25-29 a oa:Annotation , kg:Evidence , prov:Entity ; oa:hasBody ent:link-x-1 ;
    oa:hasTarget ent:evidence-x-25-29-target ; prov:wasQuotedFrom ent:document-x .
ent:evidence-x-25-29-target a oa:SpecificResource ; oa:hasSource ent:document-x ;
    oa:hasSelector ent:evidence-x-25-29-quote , ent:evidence-x-25-29-position .
ent:evidence-x-25-29-quote a oa:TextQuoteSelector ; oa:exact "End."@en ; oa:prefix "作。 "@en .
ent:evidence-x-25-29-position a oa:TextPositionSelector ;
    oa:start "25"^^xsd:nonNegativeInteger ; oa:end "29"^^xsd:nonNegativeInteger .
ent:link-x-1 prov:wasDerivedFrom ent:evidence-x-9-23 , ent:evidence-x-25-29 .
"""


@pytest.fixture
def graph() -> Graph:
    return Graph().parse(data=GRAPH, format="turtle")


def test_the_fixture_selects_its_quotes() -> None:
    assert TEXT[9:23] == "上海与越南建立了长期技术合作" and TEXT[25:29] == "End." and len(TEXT) == 29


def test_a_consistent_graph_has_no_selector_problems(graph: Graph) -> None:
    assert selector_problems(graph, {DOC: TEXT}) == []


def test_the_annotation_part_leaves_the_statements_out(graph: Graph) -> None:
    part = annotation_graph(graph)
    assert len(part) == len(graph) - 2  # the statement's two prov:wasDerivedFrom triples
    assert set(annotation_graph(graph, sources={ENT["document-y"]})) == set()


def test_jsonld_reads_back_into_the_same_triples_offline(graph: Graph) -> None:
    data = to_jsonld(graph)
    with network_lockdown():  # any fetch (of the W3C context or anything else) would raise here
        back = read_jsonld(data)
    assert set(back) == set(annotation_graph(graph))
    assert to_jsonld(back) == data  # and writing what was read gives the same bytes


def test_jsonld_is_what_annotation_tools_read(graph: Graph) -> None:
    document = json.loads(to_jsonld(graph))
    assert document["@context"][0] == ANNO_CONTEXT_URL
    first, second = document["@graph"]
    assert first["id"] == str(ENT["evidence-x-25-29"]) and first["type"][0] == "Annotation"
    assert second["body"] == [str(ENT["assertion-x-2"]), str(ENT["link-x-1"])]  # one quote, two statements
    assert second["gloss"].startswith("Shanghai and Vietnam")
    target = second["target"]
    assert target["type"] == "SpecificResource" and target["source"] == str(DOC)
    position, quote = sorted(target["selector"], key=lambda s: s["type"])
    assert quote["type"] == "TextQuoteSelector" and quote["@context"] == {"@language": "zh"}
    assert quote["exact"] == "上海与越南建立了长期技术合作" and quote["prefix"] == "Vorwort. " and quote["suffix"] == "。 End."
    assert position == {"id": str(ENT["evidence-x-9-23-position"]), "type": "TextPositionSelector", "start": 9, "end": 23}


def test_terms_the_context_cannot_carry_are_written_in_full_and_still_read_back() -> None:
    g = Graph().parse(format="turtle", data=GRAPH)
    sel = ENT["evidence-x-25-29-position"]
    g.set((sel, OA.end, Literal("29", datatype=XSD.integer)))  # not the context's type: written as a typed value
    g.add((ENT["evidence-x-25-29"], URIRef("http://example.org/note"), Literal("extra")))
    g.add((ENT["evidence-x-25-29-quote"], OA.suffix, Literal("plain")))  # no language inside a zh-defaulted selector
    assert set(read_jsonld(to_jsonld(g))) == set(annotation_graph(g))


def test_the_bundled_context_is_the_w3c_one_with_its_licence() -> None:
    context = anno_context()
    assert context["oa"] == "http://www.w3.org/ns/oa#"
    assert context["exact"] == "oa:exact" and context["start"] == {"@id": "oa:start", "@type": "xsd:nonNegativeInteger"}
    folder = Path(__file__).resolve().parents[2] / "kg" / "rdf" / "contexts"
    licence = (folder / "anno.jsonld.license").read_text(encoding="utf-8")
    assert "W3C Software and Document" in licence and "W3C-20150513" in licence


def test_another_remote_context_is_refused_not_fetched() -> None:
    document = {"@context": "http://example.org/other.jsonld", "id": "http://example.org/a"}
    with network_lockdown(), pytest.raises(KgError, match="nothing is fetched"):
        read_jsonld(json.dumps(document))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("position", OA.start, "10"),
            "offsets 10-23 of document document-x read '海与越南建立了长期技术合作' but the quote selector's oa:exact is",
        ),
        (("position", OA.end, "99"), "offsets 9-99 are not a span of document document-x (29 code points)"),
        (
            ("quote", OA.prefix, "Vorwurf. "),
            "oa:prefix 'Vorwurf. ' is not the text right before the quote in document document-x ('Vorwort. ')",
        ),
        (("quote", OA.suffix, "! End."), "oa:suffix '! End.' is not the text right after the quote"),
        (("quote", OA.exact, "上海与越南建立了长期技术合做"), "but the quote selector's oa:exact is '上海与越南建立了长期技术合做'"),
    ],
)
def test_a_selector_that_disagrees_with_the_text_is_named(graph: Graph, change: tuple[str, URIRef, str], message: str) -> None:
    part, prop, value = change
    node = ENT[f"evidence-x-9-23-{part}"]
    old = graph.value(node, prop)
    graph.set((node, prop, Literal(value, datatype=XSD.nonNegativeInteger) if prop in (OA.start, OA.end) else Literal(value, lang="zh")))
    assert old is not None
    problems = selector_problems(graph, {DOC: TEXT})
    assert len(problems) == 1 and problems[0].startswith("evidence-x-9-23: ") and message in problems[0], problems


def test_a_missing_document_or_selector_is_named(graph: Graph) -> None:
    assert selector_problems(graph, {}) == [
        f"evidence-x-25-29: its target's source {DOC} is not a document whose text is available",
        f"evidence-x-9-23: its target's source {DOC} is not a document whose text is available",
    ]
    graph.remove((ENT["evidence-x-9-23-target"], OA.hasSelector, ENT["evidence-x-9-23-position"]))
    assert selector_problems(graph, {DOC: TEXT}) == [
        "evidence-x-9-23: its target needs exactly one text quote selector and one text position selector (has 1 and 0)"
    ]
