"""Modality on the built graph: statement nodes, shortcut triples, graph:unreported, kg.ttl,
the query store, the network, the command line and the explorer.

The promise under test: a plain query (no ``GRAPH``) never reads a plan, a directive, a
recommendation or a target as a fact, and every statement still says how its text puts it.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF
from typer.testing import CliRunner

from kg.build.pipeline import BuildResult, render_outputs
from kg.cli import app
from kg.network.analysis import analyze
from kg.network.projection import REPORTED_ONLY, ProjectionOptions, to_multidigraph, to_weighted_graph
from kg.project import Project
from kg.rdf.vocab import KG, KG_NS, UNREPORTED_GRAPH
from kg.viz.html import explorer_data
from tests.conftest import ask, select
from tests.sparql_support import build_dir, memory_dataset, ox_dataset  # noqa: F401 (fixtures)

STATEMENT_CLASSES = (KG.Assertion, KG.CooperationLink, KG.Indicator)
DOCUMENT_GRAPH = "https://w3id.org/brsc-kg/id/document-"


def _documents(dataset: Dataset) -> list[Graph]:
    return [g for g in dataset.graphs() if str(g.identifier).startswith(DOCUMENT_GRAPH)]


def test_every_statement_node_has_exactly_one_modality(graph: Graph, built: BuildResult) -> None:
    nodes = {s for cls in STATEMENT_CLASSES for s in graph.subjects(RDF.type, cls)}
    assert len(nodes) == len(built.curation.statements)
    scheme = set(built.inputs.ontology.modalities.values())
    assert all(len(set(graph.objects(n, KG.modality))) == 1 and graph.value(n, KG.modality) in scheme for n in nodes)


def test_a_facts_direct_triple_is_in_its_documents_graph_only_when_reported(dataset: Dataset) -> None:
    unreported = dataset.graph(UNREPORTED_GRAPH)
    assert len(unreported) > 0
    reported_triples = set()
    for g in _documents(dataset):
        for node in g.subjects(RDF.type, KG.Assertion):
            triple = (g.value(node, RDF.subject), g.value(node, RDF.predicate), g.value(node, RDF.object))
            if g.value(node, KG.modality) == KG.Reported:
                assert triple in g, node
                reported_triples.add(triple)
            else:
                assert triple in unreported, node
    # Nothing reaches a document's graph as a plain triple unless a reported statement says it.
    relations = {p for _s, p, _o in unreported if p != KG.cooperatesWith}
    for g in _documents(dataset):
        for triple in g:
            if triple[1] in relations and triple in unreported:
                assert triple in reported_triples, triple


def test_cooperates_with_joins_participants_of_reported_links_only(dataset: Dataset) -> None:
    unreported = dataset.graph(UNREPORTED_GRAPH)
    for g in _documents(dataset):
        for link in g.subjects(RDF.type, KG.CooperationLink):
            parts = sorted(p for p in g.objects(link, KG.participant) if isinstance(p, URIRef))
            a, b = parts[0], parts[1]
            if g.value(link, KG.modality) != KG.Reported:
                assert (a, KG.cooperatesWith, b) in unreported and (b, KG.cooperatesWith, a) in unreported, link
    # document 001's cross-region links: the Western Science City "will" link up with them (announced)
    assert not ask(dataset, "ASK { GRAPH ?g { ent:western-science-city kg:cooperatesWith ?x } FILTER(?g != graph:unreported) }")
    assert ask(dataset, "ASK { GRAPH graph:unreported { ent:western-science-city kg:cooperatesWith ent:yangtze-river-delta } }")


def test_kg_ttl_leaves_out_graph_unreported_and_kg_trig_keeps_it(built: BuildResult, dataset: Dataset) -> None:
    outputs = render_outputs(built)
    ttl = Graph().parse(data=outputs["kg.ttl"].decode("utf-8"), format="turtle")
    elsewhere = {t for g in dataset.graphs() if g.identifier != UNREPORTED_GRAPH for t in g}
    only_unreported = set(dataset.graph(UNREPORTED_GRAPH)) - elsewhere
    assert only_unreported and not only_unreported & set(ttl)
    assert len(ttl) == len(built.union)
    assert "graph:unreported {" in outputs["kg.trig"].decode("utf-8")


@pytest.mark.parametrize("backend", ["ox_dataset", "memory_dataset"])
def test_the_query_stores_default_graph_leaves_out_graph_unreported(backend: str, request: pytest.FixtureRequest) -> None:
    ds: Dataset = request.getfixturevalue(backend)
    # document 003: Sino-Russian cooperation "will be deepened" (announced); 001: pilot areas the Opinions direct
    assert not ask(ds, "ASK { ent:china kg:cooperatesWith ent:russia }")
    assert not ask(ds, "ASK { ?area kg:partOf ent:western-science-city }")
    assert ask(ds, "ASK { GRAPH graph:unreported { ent:china kg:cooperatesWith ent:russia } }")
    assert ask(ds, "ASK { GRAPH graph:unreported { ent:western-chengdu-science-city kg:partOf ent:western-science-city } }")
    # ... and the statements themselves, with their modality, are in the default graph
    rows = select(ds, "SELECT ?m WHERE { ?s rdf:subject ent:western-chengdu-science-city ; rdf:predicate kg:partOf ; kg:modality ?m }")
    assert rows == [{"m": KG_NS + "Directed"}]


def test_the_projection_keeps_reported_statements_unless_asked(graph: Graph) -> None:
    default = to_multidigraph(graph)
    assert {d["modality"] for _u, _v, d in default.edges(data=True)} == {"Reported"}
    everything = to_multidigraph(graph, ProjectionOptions(modalities=None))
    assert {d["modality"] for _u, _v, d in everything.edges(data=True)} == {"Reported", "Announced", "Directed", "Recommended"}
    directed = to_multidigraph(graph, ProjectionOptions(modalities=frozenset({"Directed"})))
    assert directed.number_of_edges() > 0 and {d["modality"] for _u, _v, d in directed.edges(data=True)} == {"Directed"}
    assert (
        default.number_of_edges() + sum(1 for _u, _v, d in everything.edges(data=True) if d["modality"] != "Reported")
        == everything.number_of_edges()
    )
    weighted = to_weighted_graph(everything)
    assert weighted["guangdong"]["israel"]["modalities"] == ["Reported"]
    assert "Announced" in weighted["israel"]["zhejiang"]["modalities"]
    assert ProjectionOptions().modalities == REPORTED_ONLY


def _analyze(build: Path, out: Path, *extra: str) -> dict[str, object]:
    result = CliRunner().invoke(app, ["analyze", "--build", str(build), "--out", str(out), "--format", "json", "--top", "3", *extra])
    assert result.exit_code == 0, result.output
    summary: dict[str, object] = json.loads(result.stdout)
    return summary


def test_kg_analyze_counts_reported_ties_unless_modality_all(build_dir: Path, tmp_path: Path) -> None:  # noqa: F811
    reported = _analyze(build_dir, tmp_path / "reported")
    everything = _analyze(build_dir, tmp_path / "all", "--modality", "all")
    explicit = _analyze(build_dir, tmp_path / "explicit", "--modality", "reported")
    assert reported == explicit
    assert isinstance(reported["edges"], int) and isinstance(everything["edges"], int)
    assert reported["edges"] < everything["edges"]
    projection = {name: s["parameters"]["projection"] for name, s in (("reported", reported), ("all", everything))}  # type: ignore[index]
    assert projection["reported"]["modalities"] == ["Reported"] and projection["all"]["modalities"] == "all"
    # the run's parameters go into analysis.trig (PROV-O) as well
    assert '\\"modalities\\": [\\"Reported\\"]' in (tmp_path / "reported" / "analysis.trig").read_text(encoding="utf-8")
    bad = CliRunner().invoke(app, ["analyze", "--build", str(build_dir), "--out", str(tmp_path / "x"), "--modality", "directed"])
    assert bad.exit_code == 2


def test_kg_export_lists_each_edges_modalities(build_dir: Path, tmp_path: Path) -> None:  # noqa: F811
    for option, expected in (([], {"Reported"}), (["--modality", "all"], {"Reported", "Announced", "Directed", "Recommended"})):
        out = tmp_path / (option[-1] if option else "default")
        result = CliRunner().invoke(app, ["export", "--format", "csv", "--build", str(build_dir), "--out", str(out), *option])
        assert result.exit_code == 0, result.output
        rows = list(csv.DictReader(io.StringIO((out / "edges.csv").read_text(encoding="utf-8"))))
        assert {m for r in rows for m in r["modalities"].split("; ")} == expected


def test_the_explorer_shows_and_filters_the_modality(graph: Graph) -> None:
    result = analyze(graph, ProjectionOptions(nodes="all", exclude_relations=frozenset(), modalities=None), stability_seeds=0)
    data = explorer_data(graph, result.multi, result.table, result.clusters)
    legend = {m["name"]: (m["label"], m["count"]) for m in data["legend"]["modalities"]}
    assert next(iter(legend)) == "Reported" and set(legend) == {"Reported", "Announced", "Directed", "Recommended"}
    assert sum(count for _label, count in legend.values()) == len(data["edges"])
    assert all(e["modality"] in legend and e["modalityLabel"] == legend[e["modality"]][0] for e in data["edges"])
    directed = next(e for e in data["edges"] if e["modality"] == "Directed")
    assert directed["tooltip"].endswith("[directed, not reported]")
    assert not any("not reported" in e["tooltip"] for e in data["edges"] if e["modality"] == "Reported")


def test_notebooks_default_graph_leaves_out_graph_unreported(project_copy: Project) -> None:
    from kg.notebook import load, sparql

    union, dataset = load(project_copy.root)  # no build/ in the copy: built in memory
    assert not ask(union, "ASK { ent:china kg:cooperatesWith ent:russia }")
    found = sparql(dataset, "SELECT (COUNT(*) AS ?n) WHERE { ent:china kg:cooperatesWith ent:russia }")
    assert int(found["n"][0]) == 0
    found = sparql(dataset, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH graph:unreported { ent:china kg:cooperatesWith ent:russia } }")
    assert int(found["n"][0]) == 1
