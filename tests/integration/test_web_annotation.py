"""Evidence as W3C Web Annotation on the real build: selectors against the documents, JSON-LD round trip, refusals, the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD
from typer.testing import CliRunner

from kg.build.pipeline import BuildResult, render_outputs
from kg.cli import app
from kg.netguard import network_lockdown
from kg.project import Project
from kg.rdf.annotations import SelectorMismatch, annotation_graph, read_jsonld, selector_problems, to_jsonld
from kg.rdf.vocab import KG, OA
from kg.text.quotes import CONTEXT_CHARS

KG_COMMAND = str(Path(sys.executable).parent / "kg")


@pytest.fixture(scope="module")
def kg_ttl(built: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The build's kg.ttl, written once for the command-line tests."""
    path = tmp_path_factory.mktemp("build") / "kg.ttl"
    path.write_bytes(render_outputs(built)["kg.ttl"])
    return path


def _marks(text: str) -> bool:
    """Whether every character of ``text`` is a combining mark."""
    return all(unicodedata.category(c).startswith("M") for c in text)


def _parts(g: Graph, annotation: URIRef) -> tuple[URIRef, URIRef, URIRef, URIRef]:
    """(document, target, quote selector, position selector) of one annotation, each exactly one."""
    (target,) = g.objects(annotation, OA.hasTarget)
    (document,) = g.objects(target, OA.hasSource)
    selectors = set(g.objects(target, OA.hasSelector))
    (quote,) = (s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in g)
    (position,) = (s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in g)
    return document, target, quote, position  # type: ignore[return-value]


def test_every_position_selector_spans_its_quote_and_the_context_around_it(built: BuildResult) -> None:
    g = built.union
    texts = built.inputs.texts
    annotations = sorted(g.subjects(RDF.type, OA.Annotation), key=str)
    assert set(annotations) == set(g.subjects(RDF.type, KG.Evidence))
    for annotation in annotations:
        document, target, quote, position = _parts(g, annotation)  # type: ignore[arg-type]
        assert (target, quote, position) == tuple(URIRef(f"{annotation}-{part}") for part in ("target", "quote", "position"))
        assert g.value(annotation, PROV.wasQuotedFrom) == document
        text = texts[str(document).rsplit("document-", 1)[1]]
        start, end = int(str(g.value(position, OA.start))), int(str(g.value(position, OA.end)))
        exact = g.value(quote, OA.exact)
        assert text[start:end] == str(exact), annotation
        # about 30 characters of the original text on each side, cut at the document's ends,
        # widened only by combining marks so that no Thai vowel or tone mark loses its consonant
        prefix, suffix = str(g.value(quote, OA.prefix) or ""), str(g.value(quote, OA.suffix) or "")
        before, after = start - len(prefix), end + len(suffix)
        assert before >= 0 and text[before:start] == prefix and text[end:after] == suffix, annotation
        assert prefix == text[max(0, start - CONTEXT_CHARS) : start] or (
            len(prefix) > CONTEXT_CHARS and _marks(text[before + 1 : start - CONTEXT_CHARS])  # back to the marks' consonant
        )
        assert suffix == text[end : end + CONTEXT_CHARS] or (len(suffix) > CONTEXT_CHARS and _marks(text[end + CONTEXT_CHARS : after]))
        assert before == 0 or not _marks(text[before]), annotation
        assert after == len(text) or not _marks(text[after]), annotation
        for context in (g.value(quote, OA.prefix), g.value(quote, OA.suffix)):
            assert context is None or (isinstance(context, Literal) and context.language == exact.language)  # type: ignore[union-attr]
    assert len(annotations) == built.report.totals.quotes
    assert (
        len(set(g.subjects(RDF.type, OA.TextQuoteSelector))) == len(set(g.subjects(RDF.type, OA.TextPositionSelector))) == len(annotations)
    )


def test_each_annotation_s_bodies_are_the_statements_derived_from_it(graph: Graph) -> None:
    shared = 0
    for annotation in graph.subjects(RDF.type, OA.Annotation):
        bodies = set(graph.objects(annotation, OA.hasBody))
        assert bodies == set(graph.subjects(PROV.wasDerivedFrom, annotation)) and bodies
        shared += len(bodies) > 1
    assert shared > 0  # some quotes support several statements: one annotation, several bodies


def test_the_build_checks_the_selectors_it_assembled(built: BuildResult) -> None:
    texts = {URIRef(f"https://w3id.org/brsc-kg/id/document-{doc}"): text for doc, text in built.inputs.texts.items()}
    assert selector_problems(built.union, texts) == []


def test_a_build_whose_assembler_shifts_an_offset_is_stopped(monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
    """The build-time assertion: annotations that do not select their quote never reach the outputs."""
    from kg.build import pipeline
    from kg.build.assemble import assemble

    def shifted(*args: object, **kwargs: object) -> object:
        ds = assemble(*args, **kwargs)  # type: ignore[arg-type]
        position = min((s for s, _p, _o, _g in ds.quads((None, RDF.type, OA.TextPositionSelector, None))), key=str)
        for g in ds.graphs():
            start = g.value(position, OA.start)
            if start is not None:
                g.set((position, OA.start, Literal(int(str(start)) + 1, datatype=XSD.nonNegativeInteger)))
        return ds

    monkeypatch.setattr(pipeline, "assemble", shifted)
    with pytest.raises(
        SelectorMismatch, match=r"do not select their quote from the document; nothing was written:\n.*evidence-.*: offsets"
    ):
        pipeline.build(Project(root))


def test_annotations_jsonld_reads_back_into_the_annotation_part_of_the_graph(graph: Graph, kg_ttl: Path) -> None:
    data = to_jsonld(graph)
    assert data == to_jsonld(Graph().parse(kg_ttl))  # the same bytes from the graph as built and as read from kg.ttl
    with network_lockdown():  # a JSON-LD processor with the bundled context: nothing fetched
        back = read_jsonld(data)
    part = annotation_graph(graph)
    assert set(back) == set(part)
    assert len(part) > 10 * len(set(graph.subjects(RDF.type, OA.Annotation)))


def _export(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KG_ROOT": ""}
    return subprocess.run(
        [KG_COMMAND, "export", "--format", "annotations", *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )


@pytest.mark.e2e
def test_kg_export_annotations_writes_deterministic_web_annotation_jsonld(kg_ttl: Path, root: Path, graph: Graph, tmp_path: Path) -> None:
    first = _export("--root", str(root), "--input", str(kg_ttl), "--out", str(tmp_path / "a"))
    assert first.returncode == 0, first.stderr
    assert "annotations.jsonld" in first.stderr
    again = _export("--root", str(root), "--input", str(kg_ttl), "--out", str(tmp_path / "b"))
    assert again.returncode == 0, again.stderr
    data = (tmp_path / "a" / "annotations.jsonld").read_bytes()
    assert data == (tmp_path / "b" / "annotations.jsonld").read_bytes()  # byte-identical between runs
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["annotations.jsonld"]
    document = json.loads(data)
    assert document["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert all("Annotation" in a["type"] for a in document["@graph"])
    assert set(read_jsonld(data)) == set(annotation_graph(graph))


def test_kg_export_annotations_of_one_document(kg_ttl: Path, root: Path, graph: Graph, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["export", "--format", "annotations", "--root", str(root), "--input", str(kg_ttl), "--out", str(tmp_path), "--document", "004"]
    )
    assert result.exit_code == 0, result.output
    document = json.loads((tmp_path / "annotations.jsonld").read_bytes())
    quoted = {
        str(a)
        for a in graph.subjects(RDF.type, OA.Annotation)
        if graph.value(a, PROV.wasQuotedFrom) == URIRef("https://w3id.org/brsc-kg/id/document-004")
    }
    assert {a["id"] for a in document["@graph"]} == quoted and len(quoted) > 100
    unknown = CliRunner().invoke(
        app, ["export", "--format", "annotations", "--root", str(root), "--input", str(kg_ttl), "--document", "999"]
    )
    assert unknown.exit_code == 2 and "unknown document 999" in unknown.output


def test_kg_export_refuses_a_graph_whose_selectors_disagree_with_the_text(kg_ttl: Path, root: Path, tmp_path: Path) -> None:
    g = Graph().parse(kg_ttl)
    position = min(g.subjects(RDF.type, OA.TextPositionSelector), key=str)
    start = int(str(g.value(position, OA.start)))
    end = int(str(g.value(position, OA.end)))
    g.set((position, OA.start, Literal(start + 1, datatype=XSD.nonNegativeInteger)))
    g.set((position, OA.end, Literal(end + 1, datatype=XSD.nonNegativeInteger)))  # same length: only the text can tell
    bad = tmp_path / "bad.ttl"
    g.serialize(bad, format="turtle")
    result = CliRunner().invoke(
        app, ["export", "--format", "annotations", "--root", str(root), "--input", str(bad), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 1
    name = str(position).rsplit("/", 1)[1].removesuffix("-position")
    assert "1 annotation whose selectors disagree with the text of the document; nothing was written" in result.output
    assert f"{name}: offsets {start + 1}-{end + 1} of document" in result.output and "but the quote selector's oa:exact is" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out" / "annotations.jsonld").exists()


def test_kg_export_annotations_refuses_network_options(kg_ttl: Path, root: Path) -> None:
    result = CliRunner().invoke(
        app, ["export", "--format", "annotations", "--root", str(root), "--input", str(kg_ttl), "--kind", "Hosting"]
    )
    assert result.exit_code == 2 and "--kind" in result.output
