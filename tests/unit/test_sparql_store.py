"""The embedded store: what it loads, the union default graph, the class closure, both backends alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.sparql.errors import StoreError
from kg.sparql.execute import run_text
from kg.sparql.results import Solutions, multiset
from kg.sparql.store import BACKENDS, INFERRED_GRAPH, build_files, graph_names, load_dataset, type_closure

TRIG = """\
PREFIX kg: <https://w3id.org/brsc-kg/ontology#>
PREFIX ent: <https://w3id.org/brsc-kg/id/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

<https://w3id.org/brsc-kg/graph/ontology> {
  kg:Ministry rdfs:subClassOf kg:GovernmentBody .
  kg:GovernmentBody rdfs:subClassOf kg:Organisation .
  kg:Organisation rdfs:subClassOf kg:Actor .
  kg:Laboratory rdfs:subClassOf kg:ResearchOrganisation .
  kg:ResearchOrganisation rdfs:subClassOf kg:Organisation .
}
<https://w3id.org/brsc-kg/graph/registry> {
  ent:most a kg:Ministry ; skos:prefLabel "MOST"@en .
  ent:lab a kg:Laboratory ; skos:prefLabel "Lab"@en .
  ent:org a kg:Organisation, kg:Actor .
}
<https://w3id.org/brsc-kg/id/document-000> { ent:most kg:cooperatesWith ent:lab . ent:most skos:prefLabel "MOST"@en . }
<https://w3id.org/brsc-kg/id/document-001> { ent:most kg:cooperatesWith ent:lab . }
"""


@pytest.fixture
def small_build(tmp_path: Path) -> Path:
    (tmp_path / "kg.trig").write_text(TRIG, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("backend", BACKENDS)
def test_default_graph_is_the_union_once_and_named_graphs_are_kept(small_build: Path, backend: str) -> None:
    ds = load_dataset(build_files(small_build), backend)  # type: ignore[arg-type]
    rows = run_text(ds, "SELECT ?a ?b WHERE { ?a kg:cooperatesWith ?b }")
    assert isinstance(rows, Solutions) and len(rows.rows) == 1  # stated in two documents, seen once
    docs = run_text(ds, "SELECT ?d WHERE { GRAPH ?d { ent:most kg:cooperatesWith ent:lab } }")
    assert isinstance(docs, Solutions)
    assert sorted(map(str, docs.column("d"))) == ["https://w3id.org/brsc-kg/id/document-000", "https://w3id.org/brsc-kg/id/document-001"]
    assert INFERRED_GRAPH in graph_names(ds)


@pytest.mark.parametrize("backend", BACKENDS)
def test_class_hierarchy_answers(small_build: Path, backend: str) -> None:
    ds = load_dataset(build_files(small_build), backend)  # type: ignore[arg-type]
    actors = run_text(ds, "SELECT ?x WHERE { ?x a kg:Actor }")
    assert isinstance(actors, Solutions)
    assert sorted(str(x).rsplit("/", 1)[1] for x in actors.column("x")) == ["lab", "most", "org"]
    inferred = run_text(ds, "SELECT ?x ?c WHERE { GRAPH graph:inferred { ?x a ?c } }")
    assert isinstance(inferred, Solutions)
    pairs = {(str(x).rsplit("/", 1)[1], str(c).rsplit("#", 1)[1]) for x, c in inferred.rows}  # type: ignore[union-attr]
    assert pairs == {
        ("most", "GovernmentBody"), ("most", "Organisation"), ("most", "Actor"),
        ("lab", "ResearchOrganisation"), ("lab", "Organisation"), ("lab", "Actor"),
    }  # fmt: skip  # and nothing the data already states (ent:org a kg:Actor)


def test_backends_hold_the_same_quads(small_build: Path) -> None:
    files = build_files(small_build)
    everything = "SELECT ?g ?s ?p ?o WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    ox, mem = (load_dataset(files, b) for b in BACKENDS)
    assert multiset(run_text(ox, everything)) == multiset(run_text(mem, everything))


def test_analysis_graph_is_loaded_when_present(small_build: Path) -> None:
    (small_build / "analysis.trig").write_text(
        "<https://w3id.org/brsc-kg/graph/analysis> { <https://w3id.org/brsc-kg/id/most> "
        '<https://w3id.org/brsc-kg/ontology#pagerank> "0.5"^^<http://www.w3.org/2001/XMLSchema#double> . }\n',
        encoding="utf-8",
    )
    files = build_files(small_build)
    assert [f.name for f in files] == ["kg.trig", "analysis.trig"]
    ds = load_dataset(files)
    assert "https://w3id.org/brsc-kg/graph/analysis" in graph_names(ds)
    assert run_text(ds, "ASK { ent:most kg:pagerank ?p }").value  # type: ignore[union-attr]


def test_missing_or_broken_build_is_explained(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="run 'kg build' first"):
        build_files(tmp_path)
    (tmp_path / "kg.trig").write_text("<a> <b> { oops", encoding="utf-8")
    with pytest.raises(StoreError, match=r"cannot load .*kg\.trig"):
        load_dataset(build_files(tmp_path))


@settings(deadline=None, derandomize=True)  # no per-example time limit: the machine may be busy
@given(
    st.lists(st.tuples(st.sampled_from("abcdef"), st.sampled_from("ABCDE")), max_size=12),
    st.lists(st.tuples(st.sampled_from("ABCDE"), st.sampled_from("ABCDE")), max_size=8),
)
def test_type_closure_is_exactly_the_missing_superclasses(types: list[tuple[str, str]], subclass_of: list[tuple[str, str]]) -> None:
    inferred = type_closure(types, subclass_of)
    stated = set(types)
    assert not inferred & stated
    everything = stated | inferred
    # closed: every superclass of every type is present ...
    for inst, cls in everything:
        for sub, sup in subclass_of:
            if sub == cls:
                assert (inst, sup) in everything
    # ... and nothing else: each inferred class is reachable from a stated one
    for inst, sup in inferred:
        frontier = {c for i, c in stated if i == inst}
        reached: set[str] = set()
        while frontier:
            reached |= frontier
            frontier = {b for a, b in subclass_of if a in frontier} - reached
        assert sup in reached


def test_persisted_store_is_created_once_reused_and_replaced_when_the_build_changes(small_build: Path) -> None:
    cache = small_build / ".cache" / "oxigraph"
    files = build_files(small_build)
    first = load_dataset(files, cache=cache)
    copies = [p for p in cache.iterdir() if not p.name.startswith(".")]
    assert len(copies) == 1 and (copies[0] / "READY").is_file()
    made = (copies[0] / "READY").stat().st_mtime_ns
    again = load_dataset(files, cache=cache)
    assert (copies[0] / "READY").stat().st_mtime_ns == made  # reused, not rebuilt
    query = "SELECT ?g ?s ?p ?o WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    in_memory = load_dataset(files)
    assert multiset(run_text(first, query)) == multiset(run_text(again, query)) == multiset(run_text(in_memory, query))
    # a new build (different content) gets a new copy and the old one goes
    (small_build / "kg.trig").write_text(TRIG.replace('"Lab"@en', '"Laboratory"@en'), encoding="utf-8")
    changed = load_dataset(build_files(small_build), cache=cache)
    assert [p.name for p in cache.iterdir()] != [copies[0].name] and len(list(cache.iterdir())) == 1
    assert run_text(changed, 'ASK { ent:lab skos:prefLabel "Laboratory"@en }').value  # type: ignore[union-attr]


def test_unwritable_cache_falls_back_to_an_in_memory_store_with_the_same_answers(
    small_build: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The on-disk copy is tried, fails, and the build is loaded into an in-memory Oxigraph store instead."""
    from oxrdflib import OxigraphStore

    from kg.sparql import store

    blocker = small_build / "not-a-directory"
    blocker.write_text("x", encoding="utf-8")
    refused: list[OSError] = []
    filled: list[object] = []

    def open_persisted(files: list[Path], cache_root: Path) -> object:
        try:
            return real_persisted(files, cache_root)
        except OSError as exc:
            refused.append(exc)
            raise

    def load_oxigraph(files: list[Path]) -> object:
        filled.append(files)
        return real_load(files)

    real_persisted, real_load = store.open_persisted, store.load_oxigraph
    monkeypatch.setattr(store, "open_persisted", open_persisted)
    monkeypatch.setattr(store, "load_oxigraph", load_oxigraph)
    files = build_files(small_build)
    ds = load_dataset(files, cache=blocker / "oxigraph")
    assert len(refused) == 1  # the cache was tried: a directory cannot be made under a file
    assert filled == [files]  # then the in-memory store was filled, once
    assert isinstance(ds.store, OxigraphStore)  # the same engine as with a cache, not rdflib's Memory store
    assert blocker.read_text(encoding="utf-8") == "x"
    everything = "SELECT ?g ?s ?p ?o WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    monkeypatch.undo()
    assert multiset(run_text(ds, everything)) == multiset(run_text(load_dataset(files), everything))
    assert run_text(ds, "ASK { ent:most a kg:Actor }").value  # type: ignore[union-attr]


def test_errors_only_oxigraph_finds_are_reported_with_their_position(small_build: Path) -> None:
    from kg.sparql.errors import QuerySyntaxError

    ds = load_dataset(build_files(small_build))
    with pytest.raises(QuerySyntaxError) as info:  # rdflib's parser lets a re-bound variable through
        run_text(ds, "SELECT ?x WHERE {\n  ?x a ?y .\n  BIND(1 AS ?x)\n}")
    assert info.value.line in (3, 4) and "  3 |   BIND(1 AS ?x)" in str(info.value)
