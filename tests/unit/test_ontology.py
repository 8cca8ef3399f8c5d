"""The ontology is complete, labelled, versioned, and matches the closed namespace."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.rdf.vocab import KG, KG_NS, ONTOLOGY_IRI


@pytest.fixture(scope="module")
def onto(root: Path) -> Graph:
    return Graph().parse(root / "ontology" / "kg.ttl")


def _terms(onto: Graph) -> set[str]:
    return {str(s)[len(KG_NS) :] for s in onto.subjects() if isinstance(s, URIRef) and str(s).startswith(KG_NS)}


def test_closed_namespace_names_only_ontology_terms(onto: Graph) -> None:
    declared = set(KG.__annotations__)
    assert declared - _terms(onto) == set()


def test_closed_namespace_lists_every_term_the_code_names() -> None:
    """Each ``KG.x`` in kg/ is listed, and each listed term is used: the list is the code's, not the ontology's."""
    import re

    package = Path(__file__).parents[2] / "kg"
    named = set()
    for path in package.rglob("*.py"):
        if path.name != "vocab.py":
            named |= set(re.findall(r"\bKG\.([A-Za-z_][A-Za-z0-9_]*)", path.read_text(encoding="utf-8")))
    declared = set(KG.__annotations__)
    assert named - declared == set(), "named in kg/ but not in the closed namespace"
    assert declared - named == set(), "listed in kg/rdf/vocab.py but used nowhere"


def test_mistyped_term_fails_loudly() -> None:
    with pytest.raises(AttributeError):
        _ = KG.hostBy


def test_every_class_and_property_has_english_label_and_definition(onto: Graph) -> None:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    missing = []
    for kind in kinds:
        for term in onto.subjects(RDF.type, kind):
            labels = [lab for lab in onto.objects(term, RDFS.label) if getattr(lab, "language", None) == "en"]
            definitions = [d for d in onto.objects(term, SKOS.definition) if getattr(d, "language", None) == "en"]
            if len(labels) != 1 or not definitions:
                missing.append(str(term))
    assert missing == []


def test_ontology_has_version_iri(onto: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY_IRI, OWL.versionIRI) is not None


@pytest.mark.parametrize(
    ("cls", "ancestor"),
    [
        ("Ministry", "http://www.w3.org/ns/org#Organization"),
        ("Laboratory", "https://w3id.org/brsc-kg/ontology#Actor"),
        ("Country", "https://schema.org/Place"),
        ("Evidence", "http://www.w3.org/ns/prov#Entity"),
        ("Person", "http://xmlns.com/foaf/0.1/Person"),
        ("Expo", "https://schema.org/Event"),
    ],
)
def test_classes_align_with_w3c_and_schema_org(onto: Graph, cls: str, ancestor: str) -> None:
    ancestors = set(onto.transitive_objects(URIRef(KG_NS + cls), RDFS.subClassOf))
    assert URIRef(ancestor) in ancestors
