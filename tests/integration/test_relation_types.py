"""Relations join only the classes the ontology expects: checked on curation and, as SHACL, on any graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from kg.build.pipeline import BuildResult, load_inputs
from kg.build.shacl import validate_graph
from kg.errors import CurationError
from kg.project import Project
from kg.rdf.vocab import ENT, KG_NS
from kg.schema.ontology import Ontology
from kg.schema.shapes import relation_shapes, shape_iri

DOC = "seeds/curation/documents/003.yaml"


def _edit(project: Project, rel: str, old: str, new: str) -> int:
    """Replace text once in a copied curation file; return the 1-based line where the new text starts."""
    path = project.root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def _problems(project: Project) -> list[str]:
    with pytest.raises(CurationError) as info:
        load_inputs(project)
    return [str(p) for p in info.value.problems]


def test_every_relation_in_use_declares_the_classes_it_expects(built: BuildResult) -> None:
    ontology = built.inputs.ontology
    used = {p for _s, p, _o in built.union if str(p).startswith(KG_NS)}
    for name, relation in ontology.relations.items():
        if relation.iri in used:
            assert relation.domain, f"kg:{name} declares no domain"
            assert relation.range, f"kg:{name} declares no range"


def test_the_seeds_pass_the_generated_shapes(built: BuildResult) -> None:
    report = validate_graph(built.union, relation_shapes(built.inputs.ontology), "generated shapes")
    assert report.conforms, report.text


def test_a_park_cannot_be_a_universitys_sub_organisation(project_copy: Project) -> None:
    line = _edit(
        project_copy,
        DOC,
        "  - subject: sjtu-zhangjiang-science-park\n    relation: partOf\n",
        "  - subject: sjtu-zhangjiang-science-park\n    relation: subOrganizationOf\n",
    )
    problems = _problems(project_copy)
    assert len(problems) == 1, problems
    first, fix = problems[0].split("\n", 1)
    assert first == (
        f"{DOC}:{line}: statements[61].subject: 'sjtu-zhangjiang-science-park' is a SciencePark; "
        "'subOrganizationOf' expects a subject of class Organisation"
    )
    # the structural relations that fit come first
    assert fix.strip().startswith("fix: use a relation that joins a SciencePark to a University: locatedIn, partOf")


def test_a_post_belongs_to_an_organisation_not_a_place(project_copy: Project) -> None:
    rel = "seeds/curation/documents/002.yaml"
    line = _edit(
        project_copy,
        rel,
        "    relation: holdsPositionIn\n    object: shanghai-government\n",
        "    relation: holdsPositionIn\n    object: shanghai\n",
    )
    problems = _problems(project_copy)
    assert len(problems) == 1, problems
    assert problems[0].startswith(
        f"{rel}:{line + 1}: statements[8].object: 'shanghai' is a Municipality; 'holdsPositionIn' expects an object of class Organisation"
    )


def test_a_value_relation_checks_its_subject_too(project_copy: Project) -> None:
    """``ordinal`` (the edition of an event) expects an event: a country has no edition number."""
    path = project_copy.root / DOC
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("statements:\n", 'statements:\n  - {subject: shanghai, relation: ordinal, value: 2, quote: "Shanghai"}\n', 1),
        encoding="utf-8",
    )
    problems = _problems(project_copy)
    assert len(problems) == 1 and "'shanghai' is a Municipality; 'ordinal' expects a subject of class Event" in problems[0], problems


def test_the_generated_shapes_catch_a_graph_made_elsewhere(built: BuildResult) -> None:
    """A triple added outside the curation (another tool, a hand edit of kg.ttl) fails the same constraint, named by its shape."""
    graph = Graph()
    for triple in built.union:
        graph.add(triple)
    sub_org = URIRef(KG_NS + "subOrganizationOf")
    graph.add((ENT["fudan-science-park"], sub_org, ENT["fudan-university"]))
    report = validate_graph(graph, relation_shapes(built.inputs.ontology), "generated shapes")
    assert not report.conforms
    results = report.results
    failing = {
        (results.value(r, SH.focusNode), results.value(r, SH.sourceShape)) for r in results.subjects(SH.resultSeverity, SH.Violation)
    }
    assert failing == {(ENT["fudan-science-park"], shape_iri("subOrganizationOf", "subject"))}


def test_expected_classes_are_read_from_the_ontology_file(root: Path) -> None:
    ontology = Ontology(Graph().parse(root / "ontology" / "kg.ttl"))
    located = ontology.relations["locatedIn"]
    assert located.transitive and not located.symmetric
    assert {str(c).rsplit("#", 1)[1] for c in located.range} == {"Place", "ParkOrZone", "Facility", "Organisation"}
    assert ontology.relations["hostedBy"].inverse == URIRef(KG_NS + "hosts")
    assert ontology.fits(located.domain, "SciencePark") and not ontology.fits(ontology.relations["subOrganizationOf"].domain, "SciencePark")


def test_posts_are_w3c_org_posts_of_organisations(built: BuildResult) -> None:
    """A membership fact with a role (holdsPositionIn, role: Vice Mayor) is also an org:Post the person holds."""
    from rdflib.namespace import RDF, SKOS

    from kg.rdf.vocab import ORG

    graph = built.union
    post = ENT["post-shanghai-government-vice-mayor"]
    assert (post, RDF.type, ORG.Post) in graph
    assert (post, ORG.postIn, ENT["shanghai-government"]) in graph
    assert (ENT["wu-qing"], ORG.holds, post) in graph
    assert str(graph.value(post, SKOS.prefLabel)) == "Vice Mayor"
    # every post is in an organisation, and a role in an event (participatesIn, role: speaker) is no post
    ontology = built.inputs.ontology
    for p, org in graph.subject_objects(ORG.postIn):
        classes = {str(c).rsplit("#", 1)[1] for c in graph.objects(org, RDF.type) if str(c).startswith(KG_NS)}
        assert any(ontology.fits(ontology.relations["holdsPositionIn"].range, c) for c in classes), (p, classes)
    assert not any("speaker" in str(p) for p in graph.subjects(RDF.type, ORG.Post))
