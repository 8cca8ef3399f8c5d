"""A real triple store: push the seed graph to an Oxigraph server and ask it the whole catalogue.

The fixture starts the ``oxigraph`` server binary (a dev dependency, ``pip install
oxigraph``) in memory on 127.0.0.1 and a free port, and stops it afterwards.
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Dataset

from kg.sparql.catalogue import load_catalogue
from kg.sparql.errors import EndpointError, QueryTimeout
from kg.sparql.execute import check_for, run_query
from kg.sparql.guard import check_query
from kg.sparql.remote import Endpoint, push
from kg.sparql.results import multiset
from kg.sparql.store import build_files
from tests.sparql_support import build_dir, free_port, ox_dataset, put_graph, run_kg  # noqa: F401 (fixtures)

pytestmark = pytest.mark.e2e

OXIGRAPH = Path(sys.executable).parent / "oxigraph"


def _count(query_url: str, query: str) -> int:
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(query_url, data=data, headers={"Accept": "text/csv"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return int(response.read().decode().splitlines()[1])


@pytest.fixture(scope="module")
def oxigraph_server() -> Iterator[str]:
    """Base URL of a fresh in-memory Oxigraph server."""
    assert OXIGRAPH.is_file(), f"the oxigraph server binary is missing at {OXIGRAPH}: install the dev extra (pip install -e '.[dev]')"
    port = free_port()
    proc = subprocess.Popen([str(OXIGRAPH), "serve", "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                _count(f"{base}/query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else "oxigraph exited"
                assert time.monotonic() < deadline, "oxigraph did not start"
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(20)


@pytest.fixture(scope="module")
def pushed(oxigraph_server: str, build_dir: Path) -> str:  # noqa: F811
    """The seed build pushed with the real 'kg push'; returns the query URL."""
    result = run_kg("push", "--endpoint", f"{oxigraph_server}/store", "--build", str(build_dir))
    assert result.returncode == 0, result.stderr
    assert "Pushed 10 named graphs" in result.stderr
    return f"{oxigraph_server}/query"


def test_push_writes_every_graph_and_the_union(pushed: str, ox_dataset: Dataset) -> None:  # noqa: F811
    local = run_query(ox_dataset, check_for(ox_dataset, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
    assert _count(pushed, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }") == int(local.rows[0][0])  # type: ignore[union-attr, arg-type]
    union = run_query(ox_dataset, check_for(ox_dataset, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    assert _count(pushed, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == int(union.rows[0][0])  # type: ignore[union-attr, arg-type]
    graphs = _count(pushed, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { } }")
    assert graphs == 10  # ontology, registry, mentions, inferred, five documents, unreported
    # The pushed default graph is the union without graph:unreported, as the embedded store's:
    # a plain query on the shared store never reads a plan as a fact either.
    assert (
        _count(
            pushed,
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } FILTER(?g != <https://w3id.org/brsc-kg/graph/unreported>) } }",
        )
        == 0
    )
    assert _count(pushed, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/brsc-kg/graph/unreported> { ?s ?p ?o } }") > 0


def test_push_is_idempotent(pushed: str, oxigraph_server: str, build_dir: Path) -> None:  # noqa: F811
    before = _count(pushed, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    again = push(build_files(build_dir), f"{oxigraph_server}/store").pushed
    assert len(again) == 11 and again[-1].graph is None  # ten named graphs, then the default graph
    assert _count(pushed, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }") == before
    assert _count(pushed, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == sum(p.triples for p in again if p.graph is None)


def test_the_whole_catalogue_gives_the_same_answers_remotely(pushed: str, ox_dataset: Dataset) -> None:  # noqa: F811
    endpoint = Endpoint(pushed, timeout=60)
    cases = [(name, {}) for name in load_catalogue()] + [
        ("partners-of-actor", {"actor": "stcsm"}),
        ("find-entity", {"text": "เซี่ยงไฮ้"}),
        ("document-says", {"document": "document-004"}),
    ]
    catalogue = load_catalogue()
    for name, params in cases:
        text = catalogue[name].bind(params)
        remote = endpoint.query(check_query(text, None, name))
        local = run_query(ox_dataset, check_for(ox_dataset, text, name))
        assert multiset(remote) == multiset(local), name


def test_kg_query_against_the_endpoint_prints_what_the_embedded_store_prints(pushed: str, build_dir: Path) -> None:  # noqa: F811
    remote = run_kg("query", "partners-of-actor", "--format", "csv", "--endpoint", pushed)
    local = run_kg("query", "partners-of-actor", "--format", "csv", "--build", str(build_dir))
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout
    by_name = run_kg("query", "partners-of-actor", "--format", "csv", "--endpoint", pushed.replace("127.0.0.1", "localhost"))
    assert by_name.returncode == 0, by_name.stderr  # the network allow-list follows the host name to its addresses
    assert by_name.stdout == local.stdout
    refused = run_kg("query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "--endpoint", pushed)
    assert refused.returncode == 1 and "SERVICE" in refused.stderr
    capped = run_kg("query", "SELECT * WHERE { ?s ?p ?o } LIMIT 20", "--max-rows", "10", "--endpoint", pushed)
    assert capped.returncode == 1 and capped.stdout == ""
    assert "the result has more than 10 rows and was not printed" in capped.stderr


def test_endpoint_errors_name_the_url_and_the_reason(oxigraph_server: str, build_dir: Path) -> None:  # noqa: F811
    closed = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(EndpointError, match=rf"cannot reach {closed}/query: .*[Rr]efused"):
        Endpoint(f"{closed}/query", timeout=5).query(check_query("ASK {}"))
    with pytest.raises(EndpointError, match=r"answered HTTP 404"):
        Endpoint(f"{oxigraph_server}/no-such-path", timeout=5).query(check_query("ASK {}"))
    failed_push = run_kg("push", "--endpoint", f"{closed}/store", "--build", str(build_dir))
    assert failed_push.returncode == 3 and f"cannot reach {closed}/store" in failed_push.stderr
    assert "Traceback" not in failed_push.stderr


def test_a_slow_remote_query_times_out(pushed: str) -> None:
    slow = check_query("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    with pytest.raises(QueryTimeout, match=r"timed out after 1 s.*did not answer in time"):
        Endpoint(pushed, timeout=1).query(slow)


def test_dump_writes_the_named_graphs_as_sorted_nquads(build_dir: Path, tmp_path: Path, ox_dataset: Dataset) -> None:  # noqa: F811
    first, second = tmp_path / "a.nq", tmp_path / "b.nq"
    assert run_kg("push", "--dump", str(first), "--build", str(build_dir)).returncode == 0
    assert run_kg("push", "--dump", str(second), "--build", str(build_dir)).returncode == 0
    assert first.read_bytes() == second.read_bytes()  # deterministic
    import pyoxigraph as ox

    quads = list(ox.parse(path=str(first), format=ox.RdfFormat.N_QUADS))
    local = run_query(ox_dataset, check_for(ox_dataset, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
    assert len(quads) == int(local.rows[0][0])  # type: ignore[union-attr, arg-type]
    assert all(not isinstance(q.graph_name, ox.DefaultGraph) for q in quads)
    neither = run_kg("push", "--build", str(build_dir))
    assert neither.returncode == 2 and "--endpoint URL" in neither.stderr


def test_prune_deletes_only_this_graphs_stale_graphs(pushed: str, oxigraph_server: str, build_dir: Path) -> None:  # noqa: F811
    """A document withdrawn since the last push leaves the store with --prune; other tools' graphs stay."""
    store = f"{oxigraph_server}/store"
    stale, theirs = "https://w3id.org/brsc-kg/id/document-999", "http://example.org/their-graph"
    graph_count = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { } }"
    put_graph(store, stale, "<https://w3id.org/brsc-kg/id/x> <http://www.w3.org/2000/01/rdf-schema#label> 'old' .")
    put_graph(store, theirs, "<http://example.org/a> <http://example.org/b> 'c' .")
    try:
        plain = run_kg("push", "--endpoint", store, "--build", str(build_dir))
        assert plain.returncode == 0 and "stale" not in plain.stderr
        assert _count(pushed, graph_count) == 12  # without --prune nothing is deleted
        pruned = run_kg("push", "--endpoint", store, "--prune", pushed, "--build", str(build_dir))
        assert pruned.returncode == 0, pruned.stderr
        assert f"Removed 1 stale graph(s) the build no longer has: {stale}" in pruned.stderr
        assert _count(pushed, graph_count) == 11
        assert _count(pushed, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{theirs}> {{ ?s ?p ?o }} }}") == 1
        again = run_kg("push", "--endpoint", store, "--prune", pushed, "--build", str(build_dir))
        assert again.returncode == 0 and "stale" not in again.stderr  # idempotent
        both = run_kg("push", "--dump", str(build_dir / "x.nq"), "--prune", pushed, "--build", str(build_dir))
        assert both.returncode == 2 and "--prune works with --endpoint" in both.stderr
    finally:
        urllib.request.urlopen(urllib.request.Request(f"{store}?graph={urllib.parse.quote(theirs, safe='')}", method="DELETE"), timeout=30)
    assert _count(pushed, graph_count) == 10
