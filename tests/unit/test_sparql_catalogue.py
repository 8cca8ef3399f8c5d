"""The catalogue: every file says its question, declares parameters that change its answer, and binds values safely."""

from __future__ import annotations

import re

import pytest
from rdflib import Dataset, Variable
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue

from kg.rdf.vocab import PREFIXES
from kg.sparql.catalogue import CatalogueQuery, Parameter, get_query, load_catalogue, parse_query_file, render_value
from kg.sparql.errors import ParameterError, SparqlError, UnknownQuery
from kg.sparql.execute import check_for, run_query
from kg.sparql.guard import check_query
from kg.sparql.results import Solutions
from kg.sparql.store import build_files, load_dataset


def test_at_least_fifteen_questions_each_with_a_question_and_valid_sparql() -> None:
    catalogue = load_catalogue()
    assert len(catalogue) >= 15
    for name, entry in catalogue.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name)
        assert entry.question.endswith("?") or entry.question.endswith("."), name
        assert len(entry.question) > 30, name
        check_query(entry.bind(), None, name)  # parses, and is neither an update nor SERVICE


def _algebra(text: str) -> CompValue:
    """The parsed query (rdflib's algebra) with the project's prefixes: equal algebras mean the same query."""
    return prepareQuery(text, initNs=dict(PREFIXES)).algebra


def _values_rows(node: object, name: str) -> list[list[object]]:
    """Every ``VALUES`` block of the parsed query that binds ``?name``, as its rows of terms."""
    found: list[list[object]] = []
    if isinstance(node, CompValue) and node.name == "values":
        rows = [row[Variable(name)] for row in node["res"] if Variable(name) in row]
        if rows:
            found.append(rows)
    children = node.values() if isinstance(node, dict) else node if isinstance(node, (list, tuple)) else ()
    for child in children:
        found += _values_rows(child, name)
    return found


#: A value of each kind that is no parameter's default.
OTHER = {"entity": "some-other-entity", "term": "SomeOtherTerm", "string": "some other text", "integer": "97"}
PARAMETERS = [(entry, param) for entry in load_catalogue().values() for param in entry.parameters]


@pytest.mark.parametrize(("entry", "param"), PARAMETERS, ids=[f"{e.name}-{p.name}" for e, p in PARAMETERS])
def test_declared_parameter_is_the_values_block_and_binding_changes_only_it(entry: CatalogueQuery, param: Parameter) -> None:
    """The header's default is the body's value (as RDF terms), and a value replaces that block and nothing else."""
    # the header's default, bound, gives back the very same query (not merely the same form)
    assert _algebra(entry.bind({param.name: param.default.strip('"')})) == _algebra(entry.text)
    other = OTHER[param.kind]
    bound = entry.bind({param.name: other})
    rendered = render_value(param, other)
    term = _values_rows(_algebra(f"SELECT * {{ VALUES ?x {{ {rendered} }} }}"), "x")[0][0]
    assert _values_rows(_algebra(bound), param.name) == [[term]]  # one block, holding the new value only
    default_block = re.search(r"VALUES\s+\?" + param.name + r"\s*\{[^{}]*\}", entry.text)
    assert default_block is not None
    assert bound.replace(f"VALUES ?{param.name} {{ {rendered} }}", default_block.group(0)) == entry.text


@pytest.mark.parametrize(("entry", "param"), PARAMETERS, ids=[f"{e.name}-{p.name}" for e, p in PARAMETERS])
def test_parameter_constrains_the_query_outside_its_values_block(entry: CatalogueQuery, param: Parameter) -> None:
    """A parameter that only sits in its VALUES block (or is only grouped, ordered or projected) changes no answer."""
    body = "\n".join(line.split(" # ", 1)[0] for line in entry.text.splitlines() if not line.lstrip().startswith("#"))
    body = body[body.index("WHERE") :]
    body = re.sub(r"VALUES\s+\?" + param.name + r"\s*\{[^{}]*\}", "", body)
    body = re.sub(r"^\s*(GROUP|ORDER) BY .*$", "", body, flags=re.MULTILINE)
    assert re.search(r"\?" + param.name + r"\b", body), f"{entry.name}: ?{param.name} is used nowhere but its VALUES block"


#: A tiny dataset: two documents, four actors, two cooperation links.
TINY = """\
PREFIX kg: <https://w3id.org/brsc-kg/ontology#>
PREFIX ent: <https://w3id.org/brsc-kg/id/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

<https://w3id.org/brsc-kg/graph/registry> {
  ent:a a kg:Organisation ; skos:prefLabel "Alpha Lab"@en .
  ent:b a kg:Organisation ; skos:prefLabel "Beta Park"@en .
  ent:c a kg:Organisation ; skos:prefLabel "Gamma Y50 Centre"@en .
  ent:d a kg:Organisation ; skos:prefLabel "Delta Fund"@en .
  ent:document-1 a kg:SourceDocument .
  ent:document-2 a kg:SourceDocument .
}
ent:document-1 {
  ent:link-1 a kg:CooperationLink ; kg:kind kg:JointResearch ; kg:participant ent:a , ent:b ; prov:wasDerivedFrom ent:evidence-1 .
  ent:evidence-1 a oa:Annotation ; oa:hasBody ent:link-1 ; prov:wasQuotedFrom ent:document-1 ; oa:hasTarget ent:evidence-1-target .
  ent:evidence-1-target oa:hasSource ent:document-1 ; oa:hasSelector ent:evidence-1-quote , ent:evidence-1-position .
  ent:evidence-1-quote oa:exact "A and B research together"@en .
  ent:evidence-1-position oa:start "0"^^xsd:nonNegativeInteger ; oa:end "25"^^xsd:nonNegativeInteger .
  ent:a kg:cooperatesWith ent:b .
}
ent:document-2 {
  ent:link-2 a kg:CooperationLink ; kg:kind kg:Investment ; kg:participant ent:c , ent:d ; prov:wasDerivedFrom ent:evidence-2 .
  ent:evidence-2 a oa:Annotation ; oa:hasBody ent:link-2 ; prov:wasQuotedFrom ent:document-2 ; oa:hasTarget ent:evidence-2-target .
  ent:evidence-2-target oa:hasSource ent:document-2 ; oa:hasSelector ent:evidence-2-quote , ent:evidence-2-position .
  ent:evidence-2-quote oa:exact "D invests in C"@en .
  ent:evidence-2-position oa:start "0"^^xsd:nonNegativeInteger ; oa:end "14"^^xsd:nonNegativeInteger .
  ent:a kg:cooperatesWith ent:b .
  ent:c kg:cooperatesWith ent:d .
}
# The shortcut of a link a text only announces: not a document, so it confirms nothing.
<https://w3id.org/brsc-kg/graph/unreported> {
  ent:c kg:cooperatesWith ent:d .
}
"""


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    folder = tmp_path_factory.mktemp("tiny")
    (folder / "kg.trig").write_text(TINY, encoding="utf-8")
    return load_dataset(build_files(folder))


def _column(ds: Dataset, name: str, column: str, **params: str) -> list[str]:
    result = run_query(ds, check_for(ds, get_query(name).bind(params), name))
    assert isinstance(result, Solutions)
    return sorted(str(v).rsplit("/", 1)[-1] for v in result.column(column))


@pytest.mark.parametrize(
    ("name", "column", "params", "expected"),
    [
        ("partners-of-actor", "partner", {"actor": "a"}, ["b"]),
        ("partners-of-actor", "partner", {"actor": "d"}, ["c"]),
        ("find-entity", "entity", {"text": "y50"}, ["c"]),
        ("find-entity", "entity", {"text": "alpha"}, ["a"]),
        ("link-evidence", "link", {"kind": "JointResearch"}, ["link-1", "link-1"]),  # one row per participant
        ("link-evidence", "link", {"kind": "kg:Investment"}, ["link-2", "link-2"]),
        ("pairs-confirmed-by-documents", "a", {"min": "2"}, ["a"]),  # a-b is stated in both documents, c-d in one (and graph:unreported)
        ("pairs-confirmed-by-documents", "a", {"min": "1"}, ["a", "c"]),
    ],
)
def test_a_parameter_value_changes_the_answer_on_a_tiny_graph(
    tiny: Dataset, name: str, column: str, params: dict[str, str], expected: list[str]
) -> None:
    assert _column(tiny, name, column, **params) == expected


def test_binding_replaces_only_the_values_block() -> None:
    entry = get_query("partners-of-actor")
    text = entry.bind({"actor": "stcsm"})
    assert "VALUES ?actor { <https://w3id.org/brsc-kg/id/stcsm> }" in text
    assert "ent:shanghai-technology-exchange }" not in text
    assert text.replace("<https://w3id.org/brsc-kg/id/stcsm>", "ent:shanghai-technology-exchange") == entry.text
    assert entry.bind() == entry.text


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("entity", "stcsm", "<https://w3id.org/brsc-kg/id/stcsm>"),
        ("entity", "ent:stcsm", "<https://w3id.org/brsc-kg/id/stcsm>"),
        ("entity", "<https://w3id.org/brsc-kg/id/stcsm>", "<https://w3id.org/brsc-kg/id/stcsm>"),
        ("entity", "https://www.wikidata.org/entity/Q8686", "<https://www.wikidata.org/entity/Q8686>"),
        ("term", "Investment", "<https://w3id.org/brsc-kg/ontology#Investment>"),
        ("term", "kg:Signed", "<https://w3id.org/brsc-kg/ontology#Signed>"),
        ("string", 'a "b" \\ c', '"a \\"b\\" \\\\ c"'),
        ("integer", " 4 ", "4"),
    ],
)
def test_values_become_proper_sparql_terms(kind: str, value: str, expected: str) -> None:
    assert render_value(Parameter("p", kind, "x"), value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("entity", "stcsm> } ; DROP ALL ; #"),
        ("entity", "<https://x.example/a b>"),
        ("entity", "javascript:alert(1)"),
        ("term", "kg:Bad Term"),
        ("integer", "3; DROP ALL"),
    ],
)
def test_injection_attempts_are_rejected(kind: str, value: str) -> None:
    with pytest.raises(ParameterError, match="--param p="):
        render_value(Parameter("p", kind, "x"), value)  # type: ignore[arg-type]


def test_unknown_parameter_lists_the_known_ones() -> None:
    with pytest.raises(ParameterError, match=r"no parameter 'country'.*actor \(entity, default ent:shanghai-technology-exchange\)"):
        get_query("partners-of-actor").bind({"country": "thailand"})


def test_unknown_name_lists_available_queries() -> None:
    with pytest.raises(UnknownQuery) as info:
        get_query("partners")
    assert "partners-of-actor" in str(info.value) and "investments-by-destination" in str(info.value)


def test_header_errors_are_explained() -> None:
    with pytest.raises(SparqlError, match="no '# Question:' line"):
        parse_query_file("x", "SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(SparqlError, match="bad parameter line"):
        parse_query_file("x", "# Question: What?\n# Parameter: actor = stcsm\nSELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(SparqlError, match="exactly one 'VALUES \\?actor"):
        parse_query_file("x", "# Question: What?\n# Parameter: actor (entity) = ent:a -- who\nSELECT * WHERE { ?s ?p ?o }")


def test_multi_line_question_and_notes_are_read() -> None:
    entry = parse_query_file(
        "x",
        "# Question: Who are the partners\n#   of an actor?\n# Parameter: n (integer) = 3 -- how many\n# A note.\nSELECT * WHERE { VALUES ?n { 3 } }\n",
    )
    assert entry.question == "Who are the partners of an actor?"
    assert entry.notes == "A note."
    assert entry.parameters == (Parameter("n", "integer", "3", "how many"),)
