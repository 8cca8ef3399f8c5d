"""The fast longturtle writer (kg.rdf.turtle) writes what rdflib's serializer writes, byte for byte.

rdflib is the reference: the writer exists only to be faster, so every graph here is
written both ways and compared, the real seed build included.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.build.pipeline import BuildResult
from kg.rdf.serialize import _bound_graph, to_trig, to_turtle
from kg.rdf.turtle import has_blank, longturtle
from kg.rdf.vocab import KG_NS

ENT = Namespace("https://w3id.org/brsc-kg/id/")
KG = Namespace(KG_NS)
ELSEWHERE = Namespace("http://example.org/elsewhere/")


def _reference(graph: Graph) -> str:
    g = _bound_graph()
    for triple in graph:
        g.add(triple)
    return g.serialize(format="longturtle")


def _fast(graph: Graph) -> str:
    return longturtle(list(graph), _bound_graph().namespace_manager)


def _graph(*triples: tuple[object, object, object]) -> Graph:
    g = Graph()
    for t in triples:
        g.add(t)  # type: ignore[arg-type]
    return g


def test_the_seed_build_is_written_exactly_as_rdflib_writes_it(built: BuildResult) -> None:
    assert _fast(built.union) == _reference(built.union)


def test_the_trig_graph_bodies_are_those_of_rdflib(built: BuildResult) -> None:
    """kg.trig is written graph by graph: each body equals rdflib's, PREFIX lines removed."""
    small = Dataset()
    for graph in list(built.dataset.graphs())[:4]:
        target = small.graph(graph.identifier)
        for triple in list(graph)[:300]:
            target.add(triple)
    text = to_trig(small)
    for graph in small.graphs():
        if len(graph) == 0:
            continue
        reference = [line for line in _reference(graph).splitlines() if not line.startswith("PREFIX ")]
        body = "\n".join(reference).strip() + "\n"
        assert body in text


def test_every_kind_of_term_is_written_as_rdflib_writes_it() -> None:
    s, t = ENT["a"], ENT["b"]
    g = _graph(
        (s, RDF.type, KG.Organisation),
        (s, RDF.type, KG.University),
        (s, RDFS.label, Literal("Fudan University", lang="en")),
        (s, RDFS.label, Literal("复旦大学", lang="zh")),
        (s, RDFS.label, Literal("มหาวิทยาลัยฟู่ตั้น", lang="th")),
        (s, KG.note, Literal('a "quoted" word, a back\\slash and\na new line')),
        (s, KG.note, Literal('ends with a quote"')),
        (s, KG["count"], Literal(3)),
        (s, KG["count"], Literal("007", datatype=XSD.integer)),
        (s, KG.share, Literal(Decimal("0.25"))),
        (s, KG.share, Literal(2.5e-3)),
        (s, KG.flag, Literal(True)),
        (s, KG.date, Literal("2018-11-05", datatype=XSD.date)),
        (s, KG.code, Literal("x", datatype=ELSEWHERE.custom)),
        (s, ELSEWHERE.predicate, t),  # a predicate in no known namespace gets a generated prefix
        (s, KG.partner, URIRef("http://example.org/no-prefix")),
        (s, KG.partner, ENT["with(parentheses)"]),
        (s, KG.partner, ENT["ends.with.dot."]),
        (s, KG.partner, ENT["per%cent"]),
        (s, KG.partner, ENT["per%20cent"]),
        (t, RDF.type, RDFS.Class),  # classes come first
        (t, KG.partner, s),
        (ENT["c"], KG.partner, s),
        (ENT["c"], KG.partner, t),
    )
    assert _fast(g) == _reference(g)


_iris = st.sampled_from([ENT[x] for x in "abcdefg"] + [KG.Organisation, RDFS.Class, URIRef("http://example.org/z")])
_predicates = st.sampled_from([RDF.type, RDFS.label, KG.partner, KG.note, ELSEWHERE.p, KG["count"]])
_literals = st.one_of(
    st.builds(Literal, st.text(max_size=12)),
    st.builds(lambda text, lang: Literal(text, lang=lang), st.text(max_size=8), st.sampled_from(["en", "zh", "th"])),
    st.builds(Literal, st.integers(-1000, 1000)),
    st.builds(Literal, st.booleans()),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_iris, _predicates, st.one_of(_iris, _literals)), max_size=25))
def test_any_graph_without_blank_nodes_is_written_as_rdflib_writes_it(triples: list[tuple[URIRef, URIRef, object]]) -> None:
    g = _graph(*triples)
    assert _fast(g) == _reference(g)


def test_a_graph_with_a_blank_node_is_left_to_rdflib() -> None:
    g = _graph((ENT["a"], KG.partner, BNode("x")))
    assert has_blank(list(g))
    with pytest.raises(ValueError, match="blank nodes"):
        longturtle(list(g), _bound_graph().namespace_manager)
    assert to_turtle(g) == _reference(g)  # the project's writer falls back to rdflib
