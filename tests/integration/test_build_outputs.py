"""The build's outputs: complete, consistent with the documents, deterministic."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, RDF

from kg.build.pipeline import BuildResult, render_outputs
from kg.rdf.vocab import KG, OA
from tests.conftest import select


def test_turtle_and_trig_round_trip(built: BuildResult) -> None:
    files = render_outputs(built)
    ttl = Graph().parse(data=files["kg.ttl"].decode("utf-8"), format="turtle")
    assert isomorphic(ttl, built.union)
    trig = Dataset()
    trig.parse(data=files["kg.trig"].decode("utf-8"), format="trig")
    names = {g.identifier for g in built.dataset.graphs() if len(g)}
    assert {g.identifier for g in trig.graphs() if len(g)} == names
    for name in names:
        assert isomorphic(trig.graph(name), built.dataset.graph(name)), name


def test_rendering_is_deterministic(built: BuildResult, root: Path) -> None:
    from kg.build.pipeline import build
    from kg.project import Project

    again = build(Project(root), validate=False)
    assert render_outputs(again) == render_outputs(built)


def test_every_evidence_offset_points_at_its_quote(built: BuildResult) -> None:
    g = built.union
    texts = built.inputs.texts
    checked = 0
    for ev in g.subjects(RDF.type, KG.Evidence):
        doc = g.value(ev, PROV.wasQuotedFrom)
        doc_id = str(doc).rsplit("document-", 1)[1]
        target = g.value(ev, OA.hasTarget)
        assert target == URIRef(f"{ev}-target") and g.value(target, OA.hasSource) == doc
        quote, position = URIRef(f"{ev}-quote"), URIRef(f"{ev}-position")
        assert set(g.objects(target, OA.hasSelector)) == {quote, position}
        start, end = int(g.value(position, OA.start)), int(g.value(position, OA.end))  # type: ignore[arg-type]
        assert texts[doc_id][start:end] == str(g.value(quote, OA.exact))
        assert str(ev).endswith(f"evidence-{doc_id}-{start}-{end}")
        checked += 1
    assert checked == built.report.totals.quotes


def test_every_claim_has_evidence_and_no_blank_nodes(graph: Graph) -> None:
    for cls in (KG.CooperationLink, KG.Assertion, KG.Indicator):
        for node in graph.subjects(RDF.type, cls):
            assert any(graph.objects(node, PROV.wasDerivedFrom)), node
    assert all(isinstance(t, URIRef) or not hasattr(t, "n3") or not t.n3().startswith("_:") for triple in graph for t in triple)


def test_facts_sit_in_their_documents_graph(dataset: Dataset) -> None:
    """Every statement and its evidence are in the named graph of the document quoted."""
    rows = select(
        dataset,
        """SELECT (COUNT(DISTINCT ?s) AS ?n) (SUM(IF(?d = ?g, 0, 1)) AS ?misplaced) WHERE {
             GRAPH ?g { ?s prov:wasDerivedFrom ?e . ?e prov:wasQuotedFrom ?d } }""",
    )
    assert int(rows[0]["n"]) > 100 and rows[0]["misplaced"] == "0"
    hosted = select(dataset, """SELECT DISTINCT ?g WHERE { GRAPH ?g { ent:ciie kg:hostedBy ent:mofcom } }""")
    assert hosted == [{"g": "https://w3id.org/brsc-kg/id/document-000"}]


def test_mentions_counted_per_document(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?n WHERE { ?m a kg:MentionCount ; kg:entity ent:shanghai ; kg:document ent:document-000 ; kg:count ?n }""",
    )
    # 13 "Shanghai" in the English part (two inside longer names) and the Thai spellings
    assert len(rows) == 1 and int(rows[0]["n"]) >= 20


def test_cooperates_with_is_symmetric(graph: Graph) -> None:
    pairs = set(graph.subject_objects(KG.cooperatesWith))
    assert pairs and all((b, a) in pairs for a, b in pairs)
