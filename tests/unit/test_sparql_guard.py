"""The query guard refuses what a read-only, offline endpoint must not run, before it runs."""

from __future__ import annotations

import http.client
import socket
import urllib.request

import pytest
from rdflib import Dataset, URIRef

from kg.netguard import NetworkBlocked, network_lockdown
from kg.sparql.errors import QueryRefused, QuerySyntaxError
from kg.sparql.guard import check_query
from tests.sparql_support import canary

GRAPHS = ["https://w3id.org/brsc-kg/graph/registry", "https://w3id.org/brsc-kg/id/document-000"]


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("SELECT ?c WHERE { ?c a kg:Country }", "SELECT"),
        ("ASK { ent:stcsm ?p ?o }", "ASK"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ent:document-000 { ?s ?p ?o } }", "CONSTRUCT"),
        ("DESCRIBE ent:thailand", "DESCRIBE"),
        ("SELECT * FROM graph:registry FROM NAMED ent:document-000 WHERE { ?s ?p ?o }", "SELECT"),
        # keywords inside strings, IRIs and comments are harmless
        ('SELECT ?x WHERE { ?x skos:prefLabel "SERVICE LOAD INSERT" } # SERVICE <http://x/>', "SELECT"),
    ],
)
def test_allowed_queries_pass_with_their_form(query: str, form: str) -> None:
    checked = check_query(query, GRAPHS)
    assert checked.form == form
    assert checked.returns_graph == (form in ("CONSTRUCT", "DESCRIBE"))
    assert checked.text.endswith(query)  # the project prefixes are declared in front


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o SERVICE ?endpoint { ?a ?b ?c } }",
        "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE <http://x.example/> { ?s ?q ?r } } }",
        "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://x.example/> { ?s ?q ?r } } }",
        "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://x.example/> { ?s ?q ?r } } } }",
        "ASK { SERVICE <http://x.example/> { ?s ?p ?o } }",
        "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://x.example/> { ?s ?p ?o } }",
    ],
)
def test_service_is_refused_wherever_it_hides(query: str) -> None:
    with pytest.raises(QueryRefused, match="SERVICE"):
        check_query(query, GRAPHS)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <http://example.org/data.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }",
        "SELECT * FROM <https://w3id.org/brsc-kg/graph/no-such-graph> WHERE { ?s ?p ?o }",
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    ],
)
def test_from_outside_the_graph_is_refused(query: str) -> None:
    with pytest.raises(QueryRefused, match="FROM"):
        check_query(query, GRAPHS)


def test_from_a_project_graph_is_allowed_when_graphs_are_unknown() -> None:
    assert check_query("SELECT * FROM graph:registry WHERE { ?s ?p ?o }", None).form == "SELECT"
    with pytest.raises(QueryRefused):
        check_query("SELECT * FROM <http://example.org/x> WHERE { ?s ?p ?o }", None)


@pytest.mark.parametrize(
    "update",
    [
        "LOAD <http://example.org/data.ttl>",
        "LOAD SILENT <http://example.org/data.ttl> INTO GRAPH <http://example.org/g>",
        "INSERT DATA { ent:a kg:cooperatesWith ent:b }",
        "DELETE WHERE { ?s ?p ?o }",
        "CLEAR ALL",
        "DROP GRAPH graph:registry",
        "CREATE GRAPH <http://example.org/g>",
        "WITH graph:registry DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
        "COPY DEFAULT TO <http://example.org/g>",
    ],
)
def test_updates_are_refused(update: str) -> None:
    with pytest.raises(QueryRefused, match="read-only"):
        check_query(update, GRAPHS)


def test_syntax_error_gives_line_column_and_text_around_it() -> None:
    query = "SELECT ?x WHERE {\n  ?x a kg:Country .\n  FILTER(?x = )\n}"
    with pytest.raises(QuerySyntaxError) as info:
        check_query(query, GRAPHS, source="mine.rq")
    error = info.value
    assert (error.line, error.column) == (3, 3)
    text = str(error)
    assert "mine.rq at line 3, column 3" in text
    assert "  3 |   FILTER(?x = )" in text and "    |   ^" in text
    assert "  2 |   ?x a kg:Country ." in text  # context before ...
    assert "  4 | }" in text  # ... and after


def test_undeclared_prefix_is_located() -> None:
    with pytest.raises(QuerySyntaxError) as info:
        check_query("SELECT ?x\nWHERE { ?x foaf2:name ?n }", GRAPHS)
    assert (info.value.line, info.value.column) == (2, 12)
    assert "foaf2:" in str(info.value)


def test_lockdown_blocks_python_sockets_and_allows_listed_endpoints() -> None:
    with canary() as (url, hits):
        port = int(url.split(":")[2].split("/")[0])
        with network_lockdown(), pytest.raises(NetworkBlocked), socket.create_connection(("127.0.0.1", port), timeout=1):
            pass
        with network_lockdown(), pytest.raises(NetworkBlocked):
            urllib.request.urlopen(url, timeout=1)
        assert hits == []
        with network_lockdown([("127.0.0.1", port)]), socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"hello")
        for _ in range(50):
            if hits:
                break
            import time

            time.sleep(0.02)
        assert hits == [b"hello"]
    # outside the block nothing is blocked any more
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))


def test_lockdown_stops_rdflib_service_even_when_the_guard_is_bypassed() -> None:
    """The backstop: rdflib's engine would open a socket for SERVICE; the audit hook stops it."""
    ds = Dataset()
    ds.graph(URIRef("urn:g")).add((URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:c")))
    with canary() as (url, hits):
        query = f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
        with network_lockdown(), pytest.raises(Exception) as info:
            list(ds.query(query))
        assert isinstance(info.value, NetworkBlocked) or "network access blocked" in repr(info.value)
        assert hits == []


def test_lockdown_stops_rdflib_from_fetching_a_from_graph() -> None:
    ds = Dataset()
    with canary() as (url, hits):
        with network_lockdown(), pytest.raises(Exception) as info:  # rdflib wraps the failure
            list(ds.query(f"SELECT * FROM <{url}/data.ttl> WHERE {{ ?s ?p ?o }}"))
        assert "network access blocked" in repr(info.value) or "Could not load" in str(info.value)
        assert hits == []


def test_lockdown_allows_an_endpoint_named_by_host_name() -> None:
    with canary() as (url, hits):
        port = int(url.split(":")[2].split("/")[0])
        with network_lockdown([("localhost", port)]):
            try:
                with urllib.request.urlopen(url.replace("127.0.0.1", "localhost"), timeout=2):
                    pass
            except (OSError, http.client.HTTPException) as exc:  # the canary answers nothing
                assert not isinstance(exc, NetworkBlocked), exc
        assert hits
