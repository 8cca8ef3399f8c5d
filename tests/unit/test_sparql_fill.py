"""Both ways of filling a store hold exactly the quads of a plain reference implementation.

The reference below is the layout written the obvious way (load every file, close the
types under the hierarchy over everything stated, copy every quad but graph:unreported
into the default graph); the fast fills must agree with it quad for quad, blank nodes
included (compared after canonicalisation, since every load names them afresh).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.rdf.vocab import UNREPORTED_GRAPH
from kg.sparql.errors import StoreError
from kg.sparql.fill import INFERRED_GRAPH, RDF_TYPE, RDFS_SUBCLASSOF
from kg.sparql.store import load_oxigraph, open_persisted

KG = "https://w3id.org/brsc-kg/ontology#"
ENT = "https://w3id.org/brsc-kg/id/"

# Everything the layout must get right at once: a hierarchy with a cycle and a blank-node
# superclass, typed blank nodes, a blank node shared by two graphs, the same triple in
# several graphs, types stated only in graph:unreported, triples outside any graph,
# a blank-node graph name, literals of every kind, and a second file reusing a label.
KG_TRIG = """\
PREFIX kg: <https://w3id.org/brsc-kg/ontology#>
PREFIX ent: <https://w3id.org/brsc-kg/id/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

ent:build kg:note "outside any graph" .
ent:most a kg:Ministry .

<https://w3id.org/brsc-kg/graph/ontology> {
  kg:Ministry rdfs:subClassOf kg:GovernmentBody .
  kg:GovernmentBody rdfs:subClassOf kg:Organisation .
  kg:Organisation rdfs:subClassOf kg:Actor .
  kg:Actor rdfs:subClassOf kg:Organisation .
  kg:Laboratory rdfs:subClassOf kg:ResearchOrganisation , [ a owl:Restriction ; owl:onProperty kg:partOf ] .
  kg:ResearchOrganisation rdfs:subClassOf kg:Organisation .
}
<https://w3id.org/brsc-kg/graph/registry> {
  ent:most a kg:Ministry ; skos:prefLabel "MOST"@en , "科技部"@zh .
  ent:lab a kg:Laboratory , kg:Actor ; skos:prefLabel "Lab \\"A\\"\\nsecond line"@en .
  _:anon a kg:Ministry ; skos:prefLabel "unnamed ministry" .
  _:shared kg:amount "12.5"^^xsd:decimal .
}
<https://w3id.org/brsc-kg/id/document-000> {
  ent:most kg:cooperatesWith ent:lab .
  _:shared kg:year "2019"^^xsd:gYear .
}
<https://w3id.org/brsc-kg/id/document-001> { ent:most kg:cooperatesWith ent:lab . }
<https://w3id.org/brsc-kg/graph/unreported> {
  ent:most kg:plansWith ent:lab .
  ent:most kg:cooperatesWith ent:lab .
  ent:plan a kg:Laboratory .
  _:future a kg:GovernmentBody .
}
_:graph { ent:lab kg:note "in a graph with a blank-node name"@en . }
"""

ANALYSIS_TRIG = """\
<https://w3id.org/brsc-kg/graph/analysis> {
  <https://w3id.org/brsc-kg/id/most> <https://w3id.org/brsc-kg/ontology#pagerank> "0.5"^^<http://www.w3.org/2001/XMLSchema#double> .
  _:shared <https://w3id.org/brsc-kg/ontology#score> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .
}
<https://w3id.org/brsc-kg/graph/registry> { <https://w3id.org/brsc-kg/id/most> a <https://w3id.org/brsc-kg/ontology#Laboratory> . }
"""


def reference_quads(files: Sequence[Path]) -> list[ox.Quad]:
    """The layout, the straightforward way: no shortcuts, no cleverness."""
    store = ox.Store()
    for path in files:
        store.load(path=str(path), format=ox.RdfFormat.TRIG)
    stated = list(store)
    rdf_type, sub_class_of = ox.NamedNode(RDF_TYPE), ox.NamedNode(RDFS_SUBCLASSOF)
    types = {
        (q.subject, q.object)
        for q in stated
        if q.predicate == rdf_type and isinstance(q.subject, ox.NamedNode | ox.BlankNode) and isinstance(q.object, ox.NamedNode)
    }
    hierarchy = {
        (q.subject, q.object)
        for q in stated
        if q.predicate == sub_class_of and isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode)
    }
    closed = set(types)
    while True:  # fixpoint: add superclasses until nothing changes
        more = {(x, sup) for x, cls in closed for sub, sup in hierarchy if sub == cls} - closed
        if not more:
            break
        closed |= more
    inferred = ox.NamedNode(INFERRED_GRAPH)
    quads = stated + [ox.Quad(x, rdf_type, cls, inferred) for x, cls in closed - types]
    unreported = ox.NamedNode(UNREPORTED_GRAPH)
    return quads + [ox.Quad(q.subject, q.predicate, q.object) for q in quads if q.graph_name != unreported]


def canonical(quads: Iterable[ox.Quad]) -> set[ox.Quad]:
    """The quads with blank nodes named by their place in the graph, so that two loads compare equal."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return set(dataset)


def random_trig(seed: int, statements: int) -> str:
    """A graph of random statements over a small vocabulary: many repeats, types, a random hierarchy, blank nodes."""
    rng = random.Random(seed)
    classes = [f"<{KG}C{i}>" for i in range(8)]
    nodes = [f"<{ENT}n{i}>" for i in range(40)] + [f"_:b{i}" for i in range(6)]
    graphs = [f"<{ENT}document-{i:03d}>" for i in range(5)] + [f"<{UNREPORTED_GRAPH}>", f"<{INFERRED_GRAPH}>", ""]
    objects = [*nodes, '"x"', '"x"@en', '"7"^^<http://www.w3.org/2001/XMLSchema#integer>', '"长江"@zh']
    lines = [f"<{KG}C{rng.randrange(8)}> <{RDFS_SUBCLASSOF}> <{KG}C{rng.randrange(8)}> ." for _ in range(10)]
    for _ in range(statements):
        graph = rng.choice(graphs)
        if rng.random() < 0.4:
            triple = f"{rng.choice(nodes)} <{RDF_TYPE}> {rng.choice(classes)} ."
        else:
            triple = f"{rng.choice(nodes)} <{KG}p{rng.randrange(3)}> {rng.choice(objects)} ."
        lines.append(f"{graph} {{ {triple} }}" if graph else triple)
    return "\n".join(lines) + "\n"


def persisted_quads(files: Sequence[Path], cache: Path) -> list[ox.Quad]:
    store = open_persisted(files, cache)
    try:
        return list(store)
    finally:
        del store


@pytest.fixture
def handmade(tmp_path: Path) -> list[Path]:
    (tmp_path / "kg.trig").write_text(KG_TRIG, encoding="utf-8")
    (tmp_path / "analysis.trig").write_text(ANALYSIS_TRIG, encoding="utf-8")
    return [tmp_path / "kg.trig", tmp_path / "analysis.trig"]


def test_the_reference_is_what_the_layout_says(handmade: list[Path]) -> None:
    """Spot checks of the reference itself, so that agreeing with it means something."""
    quads = canonical(reference_quads(handmade))
    default = {(str(q.subject), str(q.predicate), str(q.object)) for q in quads if q.graph_name == ox.DefaultGraph()}
    inferred = {(str(q.subject), str(q.object)) for q in quads if q.graph_name == ox.NamedNode(INFERRED_GRAPH)}
    assert (f"<{ENT}most>", f"<{KG}plansWith>", f"<{ENT}lab>") not in default  # only in graph:unreported
    assert (f"<{ENT}most>", f"<{KG}cooperatesWith>", f"<{ENT}lab>") in default
    assert (f"<{ENT}build>", f"<{KG}note>", '"outside any graph"') in default
    assert (f"<{ENT}plan>", f"<{KG}Actor>") in inferred  # typed only in graph:unreported, still closed
    assert (f"<{ENT}lab>", f"<{KG}Actor>") not in inferred  # stated
    assert (f"<{ENT}most>", f"<{KG}ResearchOrganisation>") in inferred  # from the second file's statement
    assert sum(1 for _, cls in inferred if cls == f"<{KG}Actor>") == 4  # most, plan and the two typed blank nodes


def test_in_memory_store_holds_the_reference_quads(handmade: list[Path]) -> None:
    assert canonical(load_oxigraph(handmade)) == canonical(reference_quads(handmade))


def test_on_disk_store_holds_the_reference_quads(handmade: list[Path], tmp_path: Path) -> None:
    assert canonical(persisted_quads(handmade, tmp_path / "cache")) == canonical(reference_quads(handmade))


@pytest.mark.parametrize("seed", range(3))
def test_random_graphs_agree_with_the_reference_in_both_stores(seed: int, tmp_path: Path) -> None:
    path = tmp_path / "kg.trig"
    path.write_text(random_trig(seed, 600), encoding="utf-8")
    expected = canonical(reference_quads([path]))
    assert canonical(load_oxigraph([path])) == expected
    assert canonical(persisted_quads([path], tmp_path / "cache")) == expected


def test_blank_nodes_stay_one_node_across_named_graphs_and_their_default_copy(handmade: list[Path], tmp_path: Path) -> None:
    """A blank node joins across graphs: parsed once, copied as the same term, never re-read from text."""
    query = f"""SELECT ?n WHERE {{
      GRAPH <{ENT}document-000> {{ ?x <{KG}year> ?y }} GRAPH <https://w3id.org/brsc-kg/graph/registry> {{ ?x <{KG}amount> ?a }}
      ?x <{KG}year> ?y ; <{KG}amount> ?a . FILTER NOT EXISTS {{ ?x <{KG}score> ?s }} BIND(1 AS ?n) }}"""
    for store in (load_oxigraph(handmade), open_persisted(handmade, tmp_path / "cache")):
        solutions = store.query(query)
        assert isinstance(solutions, ox.QuerySolutions)
        assert len(list(solutions)) == 1  # and the second file's _:shared is another node


def test_a_file_that_breaks_half_way_leaves_no_store_behind(handmade: list[Path], tmp_path: Path) -> None:
    broken = handmade[0].parent / "analysis.trig"
    broken.write_text(ANALYSIS_TRIG + "<a> <b> { oops", encoding="utf-8")
    cache = tmp_path / "cache"
    with pytest.raises(StoreError, match=r"cannot load .*analysis\.trig"):
        open_persisted(handmade, cache)
    assert list(cache.iterdir()) == []
    with pytest.raises(StoreError, match=r"cannot load .*analysis\.trig"):
        load_oxigraph(handmade)
