"""The catalogue: every file says its question, declares its parameters, and binds values safely."""

from __future__ import annotations

import re

import pytest

from kg.sparql.catalogue import Parameter, get_query, load_catalogue, parse_query_file, render_value
from kg.sparql.errors import ParameterError, SparqlError, UnknownQuery
from kg.sparql.guard import check_query


def test_at_least_fifteen_questions_each_with_a_question_and_valid_sparql() -> None:
    catalogue = load_catalogue()
    assert len(catalogue) >= 15
    for name, entry in catalogue.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name)
        assert entry.question.endswith("?") or entry.question.endswith("."), name
        assert len(entry.question) > 30, name
        check_query(entry.bind(), None, name)  # parses, and is neither an update nor SERVICE


def test_parameter_defaults_are_the_values_in_the_query_body() -> None:
    for entry in load_catalogue().values():
        for param in entry.parameters:
            block = re.search(r"VALUES\s+\?" + param.name + r"\s*\{([^{}]*)\}", entry.text)
            assert block is not None
            assert block.group(1).strip() == param.default, (entry.name, param.name)
            # the default, passed as --param, gives back the same query (up to how the IRI is written)
            value = param.default.strip('"')
            assert check_query(entry.bind({param.name: value}), None).form == check_query(entry.text, None).form


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
