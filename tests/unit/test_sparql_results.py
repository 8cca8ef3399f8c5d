"""The result formats follow the SPARQL 1.1 results specifications and read back to the same answer."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import XSD, BNode, Graph, Literal, URIRef

from kg.sparql.errors import ResultTooLarge
from kg.sparql.results import (
    Boolean,
    GraphResult,
    Solutions,
    check_size,
    from_json,
    from_rdflib,
    multiset,
    to_csv,
    to_json,
    to_table,
    to_tsv,
)

ROWS = Solutions(
    ("entity", "name", "n", "note"),
    [
        (URIRef("https://w3id.org/brsc-kg/id/shanghai"), Literal("上海", lang="zh"), Literal(3), None),
        (
            URIRef("https://w3id.org/brsc-kg/id/thailand"),
            Literal("ประเทศไทย", lang="th"),
            Literal("2.50", datatype=XSD.decimal),
            Literal('say "hi",\nthen\tgo'),
        ),
        (BNode("b0"), Literal("plain"), Literal("2018-11", datatype=XSD.gYearMonth), Literal("x", datatype=XSD.string)),
    ],
)


def test_json_is_sparql_results_json_and_reads_back() -> None:
    payload = json.loads(to_json(ROWS))
    assert payload["head"]["vars"] == ["entity", "name", "n", "note"]
    first, _second, third = payload["results"]["bindings"]
    assert first["entity"] == {"type": "uri", "value": "https://w3id.org/brsc-kg/id/shanghai"}
    assert first["name"] == {"type": "literal", "value": "上海", "xml:lang": "zh"}
    assert first["n"] == {"type": "literal", "value": "3", "datatype": str(XSD.integer)}
    assert "note" not in first  # unbound variables are left out
    assert third["entity"]["type"] == "bnode"
    assert "datatype" not in third["note"]  # xsd:string is the plain literal
    assert multiset(from_json(payload)) == multiset(ROWS)
    assert json.loads(to_json(Boolean(False))) == {"head": {}, "boolean": False}


def test_csv_has_crlf_lines_lexical_values_and_quoting() -> None:
    text = to_csv(ROWS)
    assert text.startswith("entity,name,n,note\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1] == ["https://w3id.org/brsc-kg/id/shanghai", "上海", "3", ""]
    assert rows[2][3] == 'say "hi",\nthen\tgo'
    assert rows[3][0] == "_:b0"


def test_tsv_keeps_types_and_languages_in_turtle_syntax() -> None:
    lines = to_tsv(ROWS).splitlines()
    assert lines[0] == "?entity\t?name\t?n\t?note"
    assert lines[1].split("\t") == ["<https://w3id.org/brsc-kg/id/shanghai>", '"上海"@zh', f'"3"^^<{XSD.integer}>', ""]
    assert lines[2].split("\t")[3] == '"say \\"hi\\",\\nthen\\tgo"'  # no raw tab or newline inside a field
    assert len(lines) == 4
    assert to_tsv(Boolean(True)) == "?boolean\ntrue\n"


def test_table_aligns_thai_and_chinese_and_shortens_iris() -> None:
    text = to_table(ROWS)
    lines = text.splitlines()
    assert lines[0].split() == ["entity", "name", "n", "note"]
    assert lines[2].startswith("ent:shanghai ")
    assert "ent:thailand" in lines[3] and "ประเทศไทย" in lines[3]
    # columns line up in display cells: the 'n' column starts at the same cell offset on every row
    from rich.cells import cell_len

    starts = {cell_len(line[: line.index(value)]) for line, value in zip(lines[2:4], ["3", "2.50"], strict=True)}
    assert len(starts) == 1
    assert 'say "hi", then go' in lines[3]  # whitespace folded: one line per row


def test_multiset_ignores_row_order_lexical_number_forms_and_plain_vs_xsd_string() -> None:
    a = Solutions(("x", "y"), [(Literal("a"), Literal("5.0", datatype=XSD.decimal)), (Literal("b"), None)])
    b = Solutions(("y", "x"), [(None, Literal("b", datatype=XSD.string)), (Literal("5", datatype=XSD.decimal), Literal("a"))])
    assert multiset(a) == multiset(b)
    c = Solutions(("x", "y"), [(Literal("a"), Literal("5.0", datatype=XSD.decimal))])
    assert multiset(a) != multiset(c)  # a multiset, not a set: the missing row counts
    assert multiset(Solutions(("x",), [(Literal("a", lang="en"),)])) != multiset(Solutions(("x",), [(Literal("a"),)]))


def _graph() -> Graph:
    g = Graph()
    for i in range(5):
        g.add((URIRef(f"urn:x:{i}"), URIRef("urn:p"), Literal(i)))
    return g


def test_a_select_over_the_row_cap_is_refused_and_at_the_cap_is_whole() -> None:
    g = _graph()
    whole = from_rdflib(g.query("SELECT ?s WHERE { ?s ?p ?o }"), max_rows=5)
    assert isinstance(whole, Solutions) and len(whole.rows) == 5
    with pytest.raises(ResultTooLarge, match=r"more than 4 rows and was not printed; use LIMIT"):
        from_rdflib(g.query("SELECT ?s WHERE { ?s ?p ?o }"), max_rows=4, hint="use LIMIT")


def test_a_construct_over_the_cap_counts_triples() -> None:
    g = _graph()
    with pytest.raises(ResultTooLarge, match=r"more than 2 triples"):
        from_rdflib(g.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"), max_rows=2)
    assert isinstance(from_rdflib(g.query("ASK { ?s ?p ?o }"), max_rows=0), Boolean)


def test_check_size_applies_the_same_cap_to_whole_results() -> None:
    assert check_size(ROWS, 3) is ROWS
    assert check_size(ROWS, None) is ROWS
    with pytest.raises(ResultTooLarge, match=r"more than 2 rows"):
        check_size(ROWS, 2)
    with pytest.raises(ResultTooLarge, match=r"more than 4 triples"):
        check_size(GraphResult(_graph()), 4)
