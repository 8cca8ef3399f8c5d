"""Engine profiles: what ``kg push`` and ``kg query --endpoint`` send to each kind of store.

The requests are checked against a stub HTTP server on 127.0.0.1 that records them; the
real Virtuoso is exercised in tests/integration/test_virtuoso_store.py.
"""

from __future__ import annotations

import http.server
import json
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kg.sparql.engines import ENGINES, KG_BASE, STANDARD, UNION_GRAPH, VIRTUOSO, dataset_parameters, get_engine, query_request
from kg.sparql.errors import EndpointError, ParameterError
from kg.sparql.guard import check_query
from kg.sparql.remote import Endpoint, push, store_graphs

REGISTRY = "https://w3id.org/brsc-kg/graph/registry"
DOC = "https://w3id.org/brsc-kg/id/document-000"
VIRTRDF = "http://www.openlinksw.com/schemas/virtrdf#"


def test_engines_by_name() -> None:
    assert get_engine("standard") is STANDARD and get_engine("virtuoso") is VIRTUOSO
    assert set(ENGINES) == {"standard", "virtuoso"}
    with pytest.raises(ParameterError, match="unknown --engine 'graphdb'"):
        get_engine("graphdb")
    assert ParameterError.exit_code == 2  # a usage error


def test_the_union_graph_is_a_graph_of_this_knowledge_graph() -> None:
    # Under KG_BASE, so that --prune treats it as ours (and keeps it: every push writes it).
    assert UNION_GRAPH.startswith(KG_BASE) and VIRTUOSO.union_graph == UNION_GRAPH and STANDARD.union_graph is None


def test_the_dataset_names_the_union_and_only_this_graphs_named_graphs() -> None:
    params = dataset_parameters(VIRTUOSO, [VIRTRDF, DOC, UNION_GRAPH, REGISTRY, DOC, "http://example.org/theirs"])
    assert params == [("default-graph-uri", UNION_GRAPH), ("named-graph-uri", REGISTRY), ("named-graph-uri", DOC)]
    assert dataset_parameters(STANDARD, [DOC]) == []  # the store's default graph holds the union


def test_an_empty_store_is_an_error_not_an_empty_dataset() -> None:
    # With no named-graph-uri at all Virtuoso would let GRAPH ?g range over every graph it holds.
    with pytest.raises(EndpointError, match=r"http://h/sparql holds no graph of this knowledge graph.*kg push --engine virtuoso"):
        dataset_parameters(VIRTUOSO, [VIRTRDF, UNION_GRAPH], "http://h/sparql")


def test_queries_are_posted_as_a_form_to_virtuoso_and_as_sparql_elsewhere() -> None:
    text = 'SELECT * WHERE { ?s ?p "เซี่ยงไฮ้" }'
    url, body, ctype = query_request(VIRTUOSO, "http://h/sparql", text, [("default-graph-uri", UNION_GRAPH)])
    assert url == "http://h/sparql" and ctype == "application/x-www-form-urlencoded"
    assert urllib.parse.parse_qs(body.decode("ascii")) == {"query": [text], "default-graph-uri": [UNION_GRAPH]}
    url, body, ctype = query_request(STANDARD, "http://h/query", text, [("named-graph-uri", DOC)])
    assert body.decode("utf-8") == text and ctype.startswith("application/sparql-query")
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(url).query) == {"named-graph-uri": [DOC]}


def test_a_query_that_names_its_own_dataset_is_marked() -> None:
    assert check_query("SELECT * FROM graph:registry WHERE { ?s ?p ?o }").declares_dataset
    assert check_query("SELECT * FROM NAMED graph:registry WHERE { GRAPH ?g { ?s ?p ?o } }").declares_dataset
    assert not check_query("SELECT * WHERE { GRAPH graph:registry { ?s ?p ?o } }").declares_dataset


# --- requests against a stub store -----------------------------------------------------------


@dataclass
class Stub:
    """What the stub store received, and how it answers."""

    url: str
    graphs: list[str]
    requests: list[tuple[str, str, str, bytes]] = field(default_factory=list)  # method, path, content type, body
    max_rows_header: bool = False


def _bindings(values: list[str]) -> bytes:
    rows = [{"g": {"type": "uri", "value": v}} for v in values]
    return json.dumps({"head": {"vars": ["g"]}, "results": {"bindings": rows}}).encode()


@pytest.fixture
def stub() -> Iterator[Stub]:
    state = Stub("", [DOC, REGISTRY, UNION_GRAPH, VIRTRDF])

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            state.requests.append((self.command, self.path, self.headers.get("Content-Type", ""), body))
            reply = _bindings(state.graphs) if self.command == "POST" else b""
            self.send_response(200 if self.command == "POST" else 201)
            self.send_header("Content-Type", "application/sparql-results+json")
            if state.max_rows_header:
                self.send_header("X-SPARQL-MaxRows", "10000")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def do_POST(self) -> None:
            self._answer()

        def do_PUT(self) -> None:
            self._answer()

        def do_DELETE(self) -> None:
            self._answer()

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def _form(body: bytes) -> dict[str, list[str]]:
    return urllib.parse.parse_qs(body.decode("ascii"))


def test_a_virtuoso_endpoint_lists_the_graphs_once_then_names_the_dataset_in_every_query(stub: Stub) -> None:
    endpoint = Endpoint(f"{stub.url}/sparql", 5, VIRTUOSO)
    endpoint.query(check_query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"))
    endpoint.query(check_query("SELECT * WHERE { ?s ?p ?o }"))
    listing, first, second = (_form(r[3]) for r in stub.requests)
    assert "GRAPH ?g { ?s ?p ?o }" in listing["query"][0] and "default-graph-uri" not in listing  # every graph is listed
    for form in (first, second):
        assert form["default-graph-uri"] == [UNION_GRAPH]
        assert form["named-graph-uri"] == [REGISTRY, DOC]  # neither the union nor Virtuoso's own graphs
    assert {r[2] for r in stub.requests} == {"application/x-www-form-urlencoded"}


def test_a_query_with_from_is_sent_without_dataset_parameters(stub: Stub) -> None:
    Endpoint(f"{stub.url}/sparql", 5, VIRTUOSO).query(check_query("SELECT * FROM graph:registry WHERE { ?s ?p ?o }"))
    (only,) = stub.requests  # not even the listing
    assert set(_form(only[3])) == {"query"}


def test_a_standard_endpoint_sends_the_query_as_it_always_did(stub: Stub) -> None:
    Endpoint(f"{stub.url}/query", 5).query(check_query("ASK {}"))
    ((method, path, ctype, body),) = stub.requests
    assert (method, path) == ("POST", "/query") and ctype.startswith("application/sparql-query") and body.endswith(b"ASK {}")


def test_a_result_cut_by_the_stores_row_limit_is_refused(stub: Stub) -> None:
    stub.max_rows_header = True
    with pytest.raises(EndpointError, match=r"cut the result of the query 'query' at 10000 rows.*ResultSetMaxRows"):
        Endpoint(f"{stub.url}/query", 5).query(check_query("SELECT * WHERE { ?s ?p ?o }"))


def test_graphs_are_listed_the_way_each_engine_answers(stub: Stub) -> None:
    assert store_graphs(f"{stub.url}/query", 5) == stub.graphs
    assert "GRAPH ?g { }" in stub.requests[-1][3].decode()
    store_graphs(f"{stub.url}/sparql", 5, VIRTUOSO)
    assert "GRAPH ?g { ?s ?p ?o }" in _form(stub.requests[-1][3])["query"][0]  # Virtuoso answers GRAPH ?g { } with one unbound row


TRIG = """\
<https://w3id.org/brsc-kg/graph/registry> { <https://w3id.org/brsc-kg/id/a> <http://www.w3.org/2000/01/rdf-schema#label> "a" . }
<https://w3id.org/brsc-kg/graph/unreported> { <https://w3id.org/brsc-kg/id/a> <https://w3id.org/brsc-kg/ontology#plans> "b" . }
"""


def test_push_to_virtuoso_writes_the_union_into_the_union_graph_and_prunes_around_it(stub: Stub, tmp_path: Path) -> None:
    (tmp_path / "kg.trig").write_text(TRIG, encoding="utf-8")
    stale = "https://w3id.org/brsc-kg/id/document-009"
    stub.graphs = [REGISTRY, UNION_GRAPH, stale, VIRTRDF]
    result = push([tmp_path / "kg.trig"], f"{stub.url}/sparql-graph-crud", 5, prune_query_url=f"{stub.url}/sparql", engine=VIRTUOSO)
    puts = {urllib.parse.parse_qs(urllib.parse.urlsplit(r[1]).query)["graph"][0]: r[3] for r in stub.requests if r[0] == "PUT"}
    assert set(puts) == {REGISTRY, "https://w3id.org/brsc-kg/graph/unreported", UNION_GRAPH}  # no PUT ?default
    assert b"plans" not in puts[UNION_GRAPH] and b"label" in puts[UNION_GRAPH]  # the union leaves graph:unreported out
    assert [(p.graph, p.union) for p in result.pushed][-1] == (UNION_GRAPH, True)
    assert result.removed == [stale]  # not the union graph, not Virtuoso's own graph
    (delete,) = [r for r in stub.requests if r[0] == "DELETE"]
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(delete[1]).query) == {"graph": [stale]}


def test_push_to_a_standard_store_writes_the_union_into_the_default_graph(stub: Stub, tmp_path: Path) -> None:
    (tmp_path / "kg.trig").write_text(TRIG, encoding="utf-8")
    result = push([tmp_path / "kg.trig"], f"{stub.url}/store", 5)
    assert stub.requests[-1][:2] == ("PUT", "/store?default")
    assert [(p.graph, p.union) for p in result.pushed][-1] == (None, True)
