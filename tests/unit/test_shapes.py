"""Every SHACL shape rejects its bad fixture, with exactly the violations expected; the good fixture passes."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from kg.build.pipeline import BuildResult
from kg.build.shacl import load_shapes, validate_graph

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "shacl"

#: Each bad fixture: the node shape that must fire, a phrase of its sh:message, and every
#: violation it must cause (focus node, result path, constraint component; "_:" a blank
#: node), worked out by reading the fixture, so the count is checked too.
BAD: dict[str, tuple[str, str, list[tuple[str, str | None, str]]]] = {
    "bad_entity_no_english_label.ttl": ("EntityShape", "exactly one English preferred label", [("c", "prefLabel", "QualifiedMinCount")]),
    "bad_entity_two_english_labels.ttl": (
        "EntityShape",
        "exactly one English preferred label",
        [("c", "prefLabel", "QualifiedMaxCount"), ("c", "prefLabel", "UniqueLang")],  # two @en labels break both
    ),
    "bad_entity_untyped.ttl": ("EntityShape", "needs a type", [("c", "type", "MinCount")]),
    "bad_actor_unlabelled.ttl": ("LabelledShape", "needs a preferred label", [("c", "prefLabel", "MinCount")]),
    "bad_link_one_participant.ttl": ("CooperationLinkShape", "at least two participants", [("link-1", "participant", "MinCount")]),
    "bad_link_no_kind.ttl": ("CooperationLinkShape", "exactly one kind", [("link-1", "kind", "MinCount")]),
    "bad_link_no_evidence.ttl": ("CooperationLinkShape", "at least one piece of evidence", [("link-1", "wasDerivedFrom", "MinCount")]),
    "bad_participation_no_role.ttl": ("ParticipationShape", "exactly one role", [("link-1-participation-1", "hadRole", "MinCount")]),
    "bad_evidence_no_document.ttl": (
        "EvidenceShape",
        "exactly one source document",
        # no document; so its target's source (document-x) is not the document it is quoted from either
        [("evidence-x-0-5-again", "wasQuotedFrom", "MinCount"), ("evidence-x-0-5-again", "hasTarget/hasSource", "Equals")],
    ),
    "bad_evidence_start_after_end.ttl": (
        "TextPositionSelectorShape",
        "before its end",
        [("evidence-x-9-12-position", "start", "LessThan")],
    ),
    "bad_evidence_untyped_offsets.ttl": (
        "TextPositionSelectorShape",
        "nonNegativeInteger",
        # both offsets untyped; and as plain strings "9" sorts after "12", so start < end fails too
        [
            ("evidence-x-9-12-position", "end", "Datatype"),
            ("evidence-x-9-12-position", "start", "Datatype"),
            ("evidence-x-9-12-position", "start", "LessThan"),
        ],
    ),
    "bad_evidence_quote_on_annotation.ttl": (
        "EvidenceShape",
        "exactly one target (oa:hasTarget)",
        # the model before Web Annotation: no target, so no source to equal prov:wasQuotedFrom either
        [("evidence-x-9-12", "hasTarget", "MinCount"), ("evidence-x-9-12", "hasTarget/hasSource", "Equals")],
    ),
    "bad_evidence_no_body.ttl": ("EvidenceShape", "at least one body (oa:hasBody)", [("evidence-x-9-12", "hasBody", "MinCount")]),
    "bad_evidence_other_source.ttl": (
        "EvidenceShape",
        "oa:hasSource equals prov:wasQuotedFrom",
        # one result per value in only one of the two sets: document-x (source), document-y (quoted from)
        [("evidence-x-0-5-again", "hasTarget/hasSource", "Equals"), ("evidence-x-0-5-again", "hasTarget/hasSource", "Equals")],
    ),
    "bad_target_two_quotes.ttl": (
        "AnnotationTargetShape",
        "exactly one text quote selector",
        [("evidence-x-0-5-target", "hasSelector", "QualifiedMaxCount")],
    ),
    "bad_target_no_position.ttl": (
        "AnnotationTargetShape",
        "exactly one text position selector",
        [("evidence-x-6-11-target", "hasSelector", "QualifiedMinCount")],
    ),
    "bad_quote_selector_empty.ttl": (
        "TextQuoteSelectorShape",
        "exactly one non-empty verbatim quote",
        [("evidence-x-9-12-quote", "exact", "MinLength")],
    ),
    "bad_selectors_disagree.ttl": (
        "SelectorAgreementShape",
        "spans 3 code points but the quote of its target's text quote selector has 5",
        [("TextPositionSelector", None, "SPARQL")],  # one focus node, the class; the selector is the value
    ),
    "bad_evidence_no_gloss.ttl": ("GlossShape", "needs an English gloss", [("evidence-x-9-12", None, "Or")]),
    "bad_evidence_blank_node.ttl": ("EvidenceShape", "never a blank node", [("_:", None, "NodeKind")]),
    "bad_assertion_no_evidence.ttl": (
        "AssertionShape",
        "assertion needs at least one piece of evidence",
        [("assertion-1", "wasDerivedFrom", "MinCount")],
    ),
    "bad_indicator_string_value.ttl": ("IndicatorShape", "xsd:decimal value", [("indicator-1", "value", "Datatype")]),
    "bad_indicator_no_unit.ttl": ("IndicatorShape", "exactly one unit", [("indicator-1", "unit", "MinCount")]),
    "bad_date_untyped.ttl": ("DateShape", "kg:startDate must be", [("a", "startDate", "Or")]),
    "bad_country_iso_code.ttl": ("CountryShape", "ISO 3166-1", [("c", "isoCode", "Pattern")]),
    "bad_document_no_checksum.ttl": ("SourceDocumentShape", "SHA-256", [("document-y", "sha256", "MinCount")]),
    "bad_statement_no_modality.ttl": (
        "ModalityShape",
        "exactly one modality from kg:Modalities",
        [("indicator-1", "modality", "MaxCount"), ("link-1", "modality", "MinCount")],  # two modalities; none
    ),
    "bad_indicator_target_modality.ttl": (
        "TargetShape",
        "kg:isTarget true exactly when its modality is kg:Target",
        [("indicator-1", None, "Or")],
    ),
}


def _local(term: object) -> str:
    return str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _path(report: Graph, path: object) -> str | None:
    """A result path by local names: ``start``, or ``hasTarget/hasSource`` for a sequence path (an RDF list)."""
    if path is None:
        return None
    if isinstance(path, BNode):
        from rdflib.collection import Collection

        return "/".join(_local(step) for step in Collection(report, path))
    return _local(path)


def _violations(report: Graph, shapes: Graph) -> list[tuple[str, str, str | None, str, str]]:
    """Every sh:ValidationResult as (node shape, focus, path, constraint component, message), sorted.

    The node shape is ``sh:sourceShape`` itself, or the node shape whose ``sh:property`` it is.
    """
    out = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        source = report.value(result, SH.sourceShape)
        owner = source if isinstance(source, URIRef) else shapes.value(None, SH.property, source)
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        component = _local(report.value(result, SH.sourceConstraintComponent)).removesuffix("ConstraintComponent")
        message = str(report.value(result, SH.resultMessage))
        out.append((_local(owner), "_:" if isinstance(focus, BNode) else _local(focus), _path(report, path), component, message))
    return sorted(out, key=lambda v: (v[0], v[1], v[2] or "", v[3]))


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


@pytest.mark.parametrize("fixture", sorted(BAD))
def test_bad_fixture_fails_its_shape_and_nothing_else(shapes: Graph, ontology: Graph, fixture: str) -> None:
    shape, message, expected = BAD[fixture]
    assert (FIXTURES / fixture).read_text(encoding="utf-8").split("\n# ", 1)[1].startswith(f"{shape}:")  # what the fixture says it breaks
    report = validate_graph(_data(ontology, fixture), shapes)
    assert not report.conforms
    found = _violations(report.results, shapes)
    assert [(f, p, c) for _s, f, p, c, _m in found] == sorted(expected, key=lambda v: (v[0], v[1] or "", v[2]))
    assert {s for s, *_ in found} == {shape}  # sh:sourceShape: the intended shape fired, no other
    assert any(message in m for *_, m in found)


def test_every_shape_has_a_bad_fixture(shapes: Graph) -> None:
    """Each named node shape is exercised by at least one bad fixture (by its label)."""
    from rdflib.namespace import RDFS

    labels = {str(shapes.value(s, RDFS.label)) for s in shapes.subjects(RDF.type, SH.NodeShape) if shapes.value(s, RDFS.label)}
    covered = {
        "Entity",
        "Labelled actor or programme",
        "Cooperation link",
        "Qualified participation",
        "Evidence",
        "Annotation target",
        "Text quote selector",
        "Text position selector",
        "Selectors that agree",
        "Gloss of a quote not in English",
        "Assertion",
        "Indicator",
        "Typed dates",
        "Country",
        "Source document",
        "Modality of a statement",
        "Target indicator",
    }
    assert labels == covered
    heads = {(FIXTURES / f).read_text(encoding="utf-8").split("# ", 1)[1].split(":", 1)[0] for f in BAD}
    assert {
        "EntityShape",
        "LabelledShape",
        "CooperationLinkShape",
        "ParticipationShape",
        "EvidenceShape",
        "AnnotationTargetShape",
        "TextQuoteSelectorShape",
        "TextPositionSelectorShape",
        "SelectorAgreementShape",
        "GlossShape",
        "AssertionShape",
        "IndicatorShape",
        "DateShape",
        "CountryShape",
        "SourceDocumentShape",
        "ModalityShape",
        "TargetShape",
    } == heads


# --- the two engines: rudof answers first, pySHACL reports --------------------------------


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("*.ttl")))
def test_rudof_and_pyshacl_give_the_same_verdict_on_every_fixture(shapes: Graph, ontology: Graph, fixture: str) -> None:
    from kg.build.shacl import conforms_fast, fast_engine_applies, reference_validate

    assert fast_engine_applies(shapes)
    data = _data(ontology, fixture)
    assert conforms_fast(data, shapes) is reference_validate(data, shapes).conforms


def test_rudof_and_pyshacl_agree_on_the_seed_build_with_the_generated_relation_shapes(built: BuildResult, shapes: Graph) -> None:
    from kg.build.shacl import conforms_fast, reference_validate
    from kg.rdf.serialize import union_graph
    from kg.schema.shapes import relation_shapes

    every = shapes + relation_shapes(built.inputs.ontology)
    data = union_graph(built.dataset, exclude=())
    assert conforms_fast(data, every) is True
    assert reference_validate(data, every).conforms
    # A located-in whose object is a person breaks a generated shape: both engines see it.
    data.add(
        (
            URIRef("https://w3id.org/brsc-kg/id/fudan-university"),
            URIRef("https://w3id.org/brsc-kg/ontology#locatedIn"),
            URIRef("https://w3id.org/brsc-kg/id/xi-jinping"),
        )
    )
    assert conforms_fast(data, every) is False
    assert not reference_validate(data, every).conforms


@pytest.mark.parametrize(
    "query",
    ["SELECT $this WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "SELECT $this FROM <http://127.0.0.1:9/x> WHERE { ?s ?p ?o }"],
)
def test_shapes_whose_sparql_reaches_outside_go_to_pyshacl_alone(query: str) -> None:
    from kg.build.shacl import fast_engine_applies

    g = Graph()
    node, constraint = URIRef("urn:x:S"), BNode()
    g.add((node, RDF.type, SH.NodeShape))
    g.add((node, SH.sparql, constraint))
    g.add((constraint, SH.select, Literal(query)))
    assert not fast_engine_applies(g)


def test_a_violation_is_reported_by_pyshacl_with_its_messages(shapes: Graph, ontology: Graph) -> None:
    """rudof finds the violation; the report shown is pySHACL's (its components, the shapes' messages)."""
    report = validate_graph(_data(ontology, "bad_evidence_no_gloss.ttl"), shapes)
    assert not report.conforms and "needs an English gloss" in report.text
    assert [c for *_, c, _m in _violations(report.results, shapes)] == ["Or"]  # pySHACL's one result, not rudof's three
