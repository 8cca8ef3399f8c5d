"""`kg serve`: the SPARQL 1.1 Protocol, read-only, time limit, refused SERVICE/LOAD/FROM, Host and Origin checks.

The server runs as the real command in a subprocess on 127.0.0.1 (a free port); the
CORS and result-cap tests start one in process with other settings.
"""

from __future__ import annotations

import http.client
import json
import re
import socket
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from kg.sparql.catalogue import load_catalogue
from kg.sparql.execute import check_for, run_query
from kg.sparql.results import from_json, multiset
from kg.sparql.server import ServeConfig, make_server
from kg.sparql.store import build_files
from tests.sparql_support import KG, build_dir, canary, ox_dataset  # noqa: F401 (fixtures)

pytestmark = pytest.mark.e2e

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class Client:
    """A tiny HTTP client that lets a test set any header, Host included."""

    def __init__(self, port: int) -> None:
        self.port = port

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None, timeout: float = 30
    ) -> Reply:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            headers = dict(headers or {})
            skip_host = "Host" in headers
            conn.putrequest(method, path, skip_host=skip_host, skip_accept_encoding=True)
            for key, value in headers.items():
                conn.putheader(key, value)
            if body is not None:
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body)
            response = conn.getresponse()
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        finally:
            conn.close()

    def get(self, query: str, accept: str | None = None, **headers: str) -> Reply:
        extra = {"Accept": accept} if accept else {}
        return self.request("GET", "/sparql?" + urllib.parse.urlencode({"query": query}), headers={**extra, **headers})

    def post_form(self, **fields: str) -> Reply:
        body = urllib.parse.urlencode(fields).encode()
        return self.request("POST", "/sparql", body, {"Content-Type": "application/x-www-form-urlencoded"})


@pytest.fixture(scope="module")
def server(build_dir: Path) -> Iterator[Client]:  # noqa: F811
    (build_dir / "explorer.html").write_text("<!doctype html><title>explorer</title>", encoding="utf-8")
    proc = subprocess.Popen(
        [KG, "serve", "--port", "0", "--build", str(build_dir), "--timeout", "1.5", "--workers", "2", "--quiet"],
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    port = None
    deadline = time.monotonic() + 60
    while port is None and time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        match = re.search(r"http://127\.0\.0\.1:(\d+)/sparql", line)
        if match:
            port = int(match.group(1))
    assert port is not None, "kg serve did not start"
    try:
        yield Client(port)
    finally:
        proc.terminate()
        assert proc.wait(20) is not None


def test_get_json_by_default_and_other_formats_by_accept(server: Client) -> None:
    query = "SELECT ?c ?iso WHERE { ?c kg:isoCode ?iso } ORDER BY ?iso LIMIT 2"
    default = server.get(query)
    assert default.status == 200 and default.headers["content-type"].startswith("application/sparql-results+json")
    assert [b["iso"]["value"] for b in json.loads(default.body)["results"]["bindings"]] == ["AE", "AF"]
    as_csv = server.get(query, "text/csv")
    assert as_csv.headers["content-type"].startswith("text/csv") and as_csv.text.splitlines()[1] == "https://w3id.org/brsc-kg/id/uae,AE"
    as_tsv = server.get(query, "text/tab-separated-values")
    assert as_tsv.text.splitlines()[0] == "?c\t?iso"
    as_xml = server.get(query, "application/sparql-results+xml")
    assert as_xml.headers["content-type"].startswith("application/sparql-results+xml") and b"<sparql" in as_xml.body
    assert server.get(query, "image/png").status == 406


def test_post_form_and_direct_post(server: Client) -> None:
    form = server.post_form(query="ASK { ent:stcsm a kg:Actor }")
    assert form.status == 200 and json.loads(form.body) == {"head": {}, "boolean": True}
    direct = server.request("POST", "/sparql", b"ASK { ent:nothing ?p ?o }", {"Content-Type": "application/sparql-query"})
    assert json.loads(direct.body)["boolean"] is False


def test_graphs_in_turtle_or_ntriples(server: Client) -> None:
    query = "CONSTRUCT { ent:thailand ?p ?o } WHERE { ent:thailand ?p ?o }"
    turtle = server.get(query)
    assert turtle.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=turtle.text, format="turtle")
    assert len(graph) > 5
    nt = server.get(query, "application/n-triples")
    assert len(Graph().parse(data=nt.text, format="nt")) == len(graph)


def test_the_whole_catalogue_answers_as_the_embedded_store(server: Client, ox_dataset: Dataset) -> None:  # noqa: F811
    for name, entry in load_catalogue().items():
        checked = check_for(ox_dataset, entry.text, name)
        if checked.returns_graph:
            reply = server.get(entry.text, "application/n-triples")
            assert reply.status == 200, (name, reply.text)
            local = run_query(ox_dataset, checked)
            assert len(Graph().parse(data=reply.text, format="nt")) == len(local.graph), name  # type: ignore[union-attr]
            continue
        reply = server.get(entry.text)
        assert reply.status == 200, (name, reply.text)
        assert multiset(from_json(json.loads(reply.body))) == multiset(run_query(ox_dataset, checked)), name


def test_read_only(server: Client) -> None:
    assert server.post_form(update="INSERT DATA { ent:a kg:cooperatesWith ent:b }").status == 403
    update = server.request("POST", "/sparql", b"DROP ALL", {"Content-Type": "application/sparql-update"})
    assert update.status == 403 and "read-only" in update.text
    assert server.get("CLEAR ALL").status == 403  # an update sent as a query
    for method in ("PUT", "DELETE", "PATCH"):
        for path in ("/sparql", "/store?default", "/store?graph=https%3A%2F%2Fw3id.org%2Fbrsc-kg%2Fgraph%2Fregistry"):
            reply = server.request(method, path, b"<urn:a> <urn:b> <urn:c> .", {"Content-Type": "text/turtle"})
            assert reply.status == 405, (method, path)
    assert server.request("POST", "/store?default", b"<urn:a> <urn:b> <urn:c> .", {"Content-Type": "text/turtle"}).status == 405
    assert json.loads(server.get("ASK { <urn:a> ?p ?o }").body)["boolean"] is False
    assert json.loads(server.get("ASK { ent:stcsm ?p ?o }").body)["boolean"] is True


def test_service_load_and_outside_from_are_refused_and_open_no_socket(server: Client) -> None:
    with canary() as (url, hits):
        service = server.get(f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}")
        assert service.status == 403 and "SERVICE" in service.text
        nested = server.get(f"ASK {{ ?s ?p ?o FILTER EXISTS {{ SERVICE SILENT <{url}> {{ ?s ?q ?r }} }} }}")
        assert nested.status == 403
        load = server.post_form(update=f"LOAD <{url}/data.ttl>")
        assert load.status == 403
        load_as_query = server.get(f"LOAD <{url}/data.ttl>")
        assert load_as_query.status == 403 and "read-only" in load_as_query.text
        from_outside = server.get(f"SELECT * FROM <{url}/data.ttl> WHERE {{ ?s ?p ?o }}")
        assert from_outside.status == 403 and "FROM" in from_outside.text
        named = server.get(f"SELECT * FROM NAMED <{url}/g> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")
        assert named.status == 403
        time.sleep(0.3)
        assert hits == []  # nobody connected
    inside = server.get("SELECT (COUNT(*) AS ?n) FROM graph:registry WHERE { ?s ?p ?o }")
    assert inside.status == 200


def test_timeout_stops_the_query_and_the_server_keeps_answering(server: Client) -> None:
    slow: list[Reply] = []
    thread = threading.Thread(target=lambda: slow.append(server.get(SLOW)))
    thread.start()
    time.sleep(0.3)
    quick = server.get("ASK { ent:shanghai ?p ?o }")  # the other worker answers meanwhile
    assert quick.status == 200
    thread.join(30)  # a bound on waiting, not an assertion: how soon the 503 comes is measured in bench/bench_serve_load.py
    assert not thread.is_alive(), "the slow query got no answer"
    assert slow[0].status == 503 and "timed out after 1.5 s" in slow[0].text
    for _ in range(3):  # and afterwards, on fresh workers
        assert server.get("SELECT ?c WHERE { ?c a kg:Country } LIMIT 1").status == 200


def test_syntax_error_is_400_with_position(server: Client) -> None:
    reply = server.get("SELECT ?x WHERE {\n  ?x a ?y .\n  FILTER(?x = )\n}")
    assert reply.status == 400 and "line 3, column 3" in reply.text


def test_host_header_must_name_this_server(server: Client) -> None:
    assert server.get("ASK {}", Host="evil.example").status == 403
    assert server.get("ASK {}", Host=f"evil.example:{server.port}").status == 403
    rebinding = server.get("ASK {}", Host=f"attacker.example:{server.port}")
    assert "DNS rebinding" in rebinding.text
    assert server.get("ASK {}", Host=f"localhost:{server.port}").status == 200
    assert server.get("ASK {}", Host=f"127.0.0.1:{server.port}").status == 200
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:  # HTTP/1.0 without Host
        s.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.0\r\n\r\n")
        assert s.recv(100).startswith(b"HTTP/1.1 400")


def test_no_cors_and_cross_site_requests_refused(server: Client) -> None:
    same = server.get("ASK {}", Origin=f"http://127.0.0.1:{server.port}")
    assert same.status == 200 and "access-control-allow-origin" not in same.headers
    cross = server.get("ASK {}", Origin="http://evil.example")
    assert cross.status == 403 and "access-control-allow-origin" not in cross.headers
    preflight = server.request("OPTIONS", "/sparql", headers={"Origin": f"http://127.0.0.1:{server.port}"})
    assert "access-control-allow-origin" not in preflight.headers


def test_query_page_catalogue_and_explorer(server: Client) -> None:
    page = server.request("GET", "/")
    assert page.status == 200 and b"<textarea" in page.body and "content-security-policy" in page.headers
    assert server.request("GET", "/query.js").status == 200
    catalogue = json.loads(server.request("GET", "/catalogue.json").body)
    assert {q["name"] for q in catalogue} == set(load_catalogue())
    index = server.request("GET", "/explorer/")
    assert b'href="/explorer/explorer.html"' in index.body
    assert server.request("GET", "/explorer/explorer.html").body.startswith(b"<!doctype html>")
    assert server.request("GET", "/explorer/../kg.trig").status == 404
    assert server.request("GET", "/explorer/kg.trig").status == 404
    assert server.request("GET", "/nothing").status == 404


@pytest.fixture
def in_process(build_dir: Path) -> Iterator[Client]:  # noqa: F811
    config = ServeConfig(
        files=build_files(build_dir),
        build_dir=build_dir,
        port=0,
        timeout=5,
        max_result_bytes=5_000,
        workers=1,
        cors=("http://localhost:3000",),
        allowed_hosts=("kg.internal",),
        quiet=True,
    )
    srv = make_server(config)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield Client(srv.server_address[1])
    finally:
        srv.shutdown()
        srv.server_close()


def test_cors_only_when_asked_and_the_result_cap(in_process: Client) -> None:
    allowed = in_process.get("ASK {}", Origin="http://localhost:3000")
    assert allowed.status == 200 and allowed.headers["access-control-allow-origin"] == "http://localhost:3000"
    preflight = in_process.request("OPTIONS", "/sparql", headers={"Origin": "http://localhost:3000"})
    assert preflight.status == 204 and "POST" in preflight.headers["access-control-allow-methods"]
    assert in_process.get("ASK {}", Origin="http://localhost:4000").status == 403
    assert in_process.get("ASK {}", Host=f"kg.internal:{in_process.port}").status == 200
    big = in_process.get("SELECT * WHERE { ?s ?p ?o }")
    assert big.status == 422 and "larger than 5000 bytes" in big.text and "LIMIT" in big.text
    assert in_process.get("SELECT * WHERE { ?s ?p ?o } LIMIT 3").status == 200
    with socket.create_connection(("127.0.0.1", in_process.port), timeout=10) as s:  # announces 2 MB, sends none
        head = f"POST /sparql HTTP/1.1\r\nHost: localhost:{in_process.port}\r\nContent-Type: application/sparql-query\r\nContent-Length: 2000000\r\n\r\n"
        s.sendall(head.encode())
        assert s.recv(100).startswith(b"HTTP/1.1 413")


def test_a_stop_while_a_connection_thread_starts_gives_its_slot_back_once(build_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    """Ctrl-C or SIGTERM can land while the accepting thread waits for the new thread to start:
    both then gave the slot back, and the second release raised 'Semaphore released too many times'."""
    import socketserver

    config = ServeConfig(files=build_files(build_dir), build_dir=build_dir, port=0, timeout=5, workers=1, quiet=True, max_connections=2)
    srv = make_server(config)
    started = threading.Event()

    def start_then_interrupted(self: object, request: object, client_address: object) -> None:
        thread = threading.Thread(target=srv.process_request_thread, args=(request, client_address))
        thread.start()  # the connection's thread runs (and ends, giving its slot back) ...
        thread.join()
        started.set()
        raise KeyboardInterrupt  # ... and only then does the signal reach the accepting thread

    monkeypatch.setattr(socketserver.ThreadingMixIn, "process_request", start_then_interrupted)
    try:
        for _ in range(2):
            a, b = socket.socketpair()
            b.close()
            with pytest.raises(KeyboardInterrupt):
                srv.process_request(a, ("127.0.0.1", 1))
        assert started.is_set()
        # both slots are free again, and no more than both
        assert srv._slots.acquire(blocking=False) and srv._slots.acquire(blocking=False)
        assert not srv._slots.acquire(blocking=False)
    finally:
        srv.server_close()
