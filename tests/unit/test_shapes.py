"""Every SHACL shape rejects its bad fixture; the good fixture passes."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from kg.build.shacl import load_shapes, validate_graph

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "shacl"

# fixture -> a phrase of the sh:message that must be reported
BAD = {
    "bad_entity_no_english_label.ttl": "exactly one English preferred label",
    "bad_entity_two_english_labels.ttl": "exactly one English preferred label",
    "bad_entity_untyped.ttl": "needs a type",
    "bad_actor_unlabelled.ttl": "needs a preferred label",
    "bad_link_one_participant.ttl": "at least two participants",
    "bad_link_no_kind.ttl": "exactly one kind",
    "bad_link_no_evidence.ttl": "at least one piece of evidence",
    "bad_participation_no_role.ttl": "exactly one role",
    "bad_evidence_no_document.ttl": "exactly one source document",
    "bad_evidence_start_after_end.ttl": "before its end",
    "bad_evidence_untyped_offsets.ttl": "nonNegativeInteger",
    "bad_evidence_no_gloss.ttl": "needs an English gloss",
    "bad_evidence_blank_node.ttl": "never a blank node",
    "bad_assertion_no_evidence.ttl": "assertion needs at least one piece of evidence",
    "bad_indicator_string_value.ttl": "xsd:decimal value",
    "bad_indicator_no_unit.ttl": "exactly one unit",
    "bad_date_untyped.ttl": "kg:startDate must be",
    "bad_country_iso_code.ttl": "ISO 3166-1",
    "bad_document_no_checksum.ttl": "SHA-256",
}


@pytest.fixture(scope="module")
def shapes(root: Path) -> Graph:
    return load_shapes(root / "ontology" / "shapes.ttl")


@pytest.fixture(scope="module")
def ontology(root: Path) -> Graph:
    return Graph().parse(root / "ontology" / "kg.ttl")


def _data(ontology: Graph, fixture: str) -> Graph:
    g = Graph()
    for triple in ontology:
        g.add(triple)
    g.parse(FIXTURES / fixture)
    return g


def test_good_fixture_conforms(shapes: Graph, ontology: Graph) -> None:
    report = validate_graph(_data(ontology, "good.ttl"), shapes)
    assert report.conforms, report.text


@pytest.mark.parametrize(("fixture", "message"), sorted(BAD.items()))
def test_bad_fixture_fails_its_shape(shapes: Graph, ontology: Graph, fixture: str, message: str) -> None:
    report = validate_graph(_data(ontology, fixture), shapes)
    assert not report.conforms
    assert message in report.text


def test_every_shape_has_a_bad_fixture(shapes: Graph) -> None:
    """Each named node shape is exercised by at least one bad fixture (by its label)."""
    from rdflib.namespace import RDF, RDFS, SH

    labels = {str(shapes.value(s, RDFS.label)) for s in shapes.subjects(RDF.type, SH.NodeShape) if shapes.value(s, RDFS.label)}
    covered = {
        "Entity",
        "Labelled actor or programme",
        "Cooperation link",
        "Qualified participation",
        "Evidence",
        "Gloss of a quote not in English",
        "Assertion",
        "Indicator",
        "Typed dates",
        "Country",
        "Source document",
    }
    assert labels == covered
    heads = {(FIXTURES / f).read_text(encoding="utf-8").split("# ", 1)[1].split(":", 1)[0] for f in BAD}
    assert {
        "EntityShape",
        "LabelledShape",
        "CooperationLinkShape",
        "ParticipationShape",
        "EvidenceShape",
        "GlossShape",
        "AssertionShape",
        "IndicatorShape",
        "DateShape",
        "CountryShape",
        "SourceDocumentShape",
    } == heads
