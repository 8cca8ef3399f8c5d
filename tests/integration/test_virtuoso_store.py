"""A second real triple store: push the seed graph to OpenLink Virtuoso and ask it the whole catalogue.

The fixture starts ``virtuoso-t`` (Debian package ``virtuoso-opensource-7-bin``, which
``.ci/run`` installs) in the foreground on 127.0.0.1 and two free ports, with its own
temporary database directory and the configuration docs/virtuoso.ini (only the ports
changed), grants the SPARQL user the right to write through the Graph Store Protocol, and
stops it and deletes the directory afterwards.

Virtuoso differs from Oxigraph where the protocols leave room (kg/sparql/engines.py); the
tests below show each difference and that ``--engine virtuoso`` removes it:

* its default graph is the union of every graph it holds, its own system graphs and
  graph:unreported included, and it refuses a PUT to the default graph: the union goes
  into the named graph graph:union, which every query names with ``default-graph-uri``,
  and ``named-graph-uri`` names this graph's graphs so that ``GRAPH ?g`` sees only them;
* it never answers a query posted as ``application/sparql-query``: queries go as a form;
* it returns an uncast boolean (``BIND(EXISTS ...)``) as the integer 1 or 0, orders
  language-tagged literals its own way (SPARQL leaves that order undefined) and answers
  ``?org ^p+ ?unit`` with the start bound by VALUES wrongly: the catalogue casts, orders by
  STR() and writes such paths forwards, so every catalogue query prints the same here as on
  the embedded store, row for row.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Dataset

from kg.sparql.catalogue import load_catalogue
from kg.sparql.engines import KG_BASE, UNION_GRAPH, VIRTUOSO
from kg.sparql.execute import check_for, run_query
from kg.sparql.guard import check_query
from kg.sparql.remote import Endpoint, push
from kg.sparql.results import Solutions, format_result, multiset
from kg.sparql.store import build_files, load_dataset
from tests.sparql_support import analysis_build_dir, build_dir, free_port, put_graph, run_kg  # noqa: F401 (fixtures)

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
INI = ROOT / "docs" / "virtuoso.ini"
INSTALL = "install it: sudo apt-get install --no-install-recommends virtuoso-opensource-7-bin (Debian/Ubuntu; .ci/run does this)"
UNREPORTED = "https://w3id.org/brsc-kg/graph/unreported"
VIRTRDF = "http://www.openlinksw.com/schemas/virtrdf#"  # one of Virtuoso's own graphs


def _ask(sparql_url: str, query: str, dataset: list[tuple[str, str]] | None = None) -> list[dict[str, str]]:
    """A raw SPARQL request (form-encoded, as Virtuoso needs), bypassing kg: the rows as {variable: value}."""
    data = urllib.parse.urlencode([("query", query), *(dataset or [])]).encode()
    request = urllib.request.Request(sparql_url, data=data, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        bindings = json.loads(response.read())["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in bindings]


def _count(sparql_url: str, query: str, dataset: list[tuple[str, str]] | None = None) -> int:
    return int(_ask(sparql_url, query, dataset)[0]["n"])


def _local_count(ds: Dataset, query: str) -> int:
    result = run_query(ds, check_for(ds, query))
    assert isinstance(result, Solutions)
    return int(result.rows[0][0])  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def virtuoso() -> Iterator[str]:
    """Base URL (http://127.0.0.1:PORT) of a fresh Virtuoso whose SPARQL user may write graphs."""
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if server is None or isql is None:
        pytest.fail(f"virtuoso-t and isql-vt are needed for this test but not installed; {INSTALL}")
    http_port, sql_port = free_port(), free_port()
    while sql_port == http_port:
        sql_port = free_port()
    folder = Path(tempfile.mkdtemp(prefix="kg-virtuoso-"))
    ini = INI.read_text(encoding="utf-8")
    assert ini.count("127.0.0.1:1111") == 1 and ini.count("127.0.0.1:8890") == 1, "docs/virtuoso.ini changed its ports"
    (folder / "virtuoso.ini").write_text(
        ini.replace("127.0.0.1:1111", f"127.0.0.1:{sql_port}").replace("127.0.0.1:8890", f"127.0.0.1:{http_port}")
    )
    base = f"http://127.0.0.1:{http_port}"
    log = (folder / "console.log").open("wb")
    proc = subprocess.Popen(
        [server, "+foreground", "+configfile", "virtuoso.ini"], cwd=folder, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _ask(f"{base}/sparql", "ASK {}")
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(
                        f"virtuoso-t exited with status {proc.returncode}:\n{(folder / 'console.log').read_text(errors='replace')[-3000:]}"
                    )
                assert time.monotonic() < deadline, "virtuoso-t did not answer within 60 s"
                time.sleep(0.1)
        # The Graph Store Protocol endpoint runs as the SPARQL user, who may only read by default.
        grant = subprocess.run(
            [isql, f"127.0.0.1:{sql_port}", "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert grant.returncode == 0 and "Error" not in grant.stdout + grant.stderr, grant.stdout + grant.stderr
        yield base
    finally:
        proc.terminate()  # Virtuoso checkpoints and exits on SIGTERM
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def local(analysis_build_dir: Path) -> Dataset:  # noqa: F811
    """The same build (with an analysis graph) on the embedded store."""
    return load_dataset(build_files(analysis_build_dir), "oxigraph")


@pytest.fixture(scope="module")
def pushed(virtuoso: str, analysis_build_dir: Path) -> str:  # noqa: F811
    """The seed build plus an analysis graph pushed with the real 'kg push --engine virtuoso'; returns the SPARQL URL."""
    result = run_kg("push", "--engine", "virtuoso", "--endpoint", f"{virtuoso}/sparql-graph-crud", "--build", str(analysis_build_dir))
    assert result.returncode == 0, result.stderr
    assert "Pushed 11 named graphs" in result.stderr  # ten and graph:analysis; the union graph is not counted
    assert f"PUT {UNION_GRAPH} (union of all graphs but graph:unreported)" in result.stderr
    return f"{virtuoso}/sparql"


def _dataset(sparql_url: str) -> list[tuple[str, str]]:
    graphs = [row["g"] for row in _ask(sparql_url, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")]
    return [("default-graph-uri", UNION_GRAPH)] + [("named-graph-uri", g) for g in graphs if g.startswith(KG_BASE) and g != UNION_GRAPH]


def test_push_writes_every_graph_and_the_union_graph(pushed: str, local: Dataset) -> None:
    ours = f"FILTER(STRSTARTS(STR(?g), '{KG_BASE}') && ?g != <{UNION_GRAPH}>)"
    assert _count(pushed, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {ours} }}") == _local_count(
        local, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    )
    assert _count(pushed, f"SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {ours} }}") == 11
    union = _local_count(local, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert _count(pushed, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{UNION_GRAPH}> {{ ?s ?p ?o }} }}") == union
    # The union graph leaves graph:unreported out, as the embedded store's default graph does.
    only_unreported = f"""SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{UNION_GRAPH}> {{ ?s ?p ?o }}
        FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} {ours} FILTER(?g != <{UNREPORTED}>) }} }}"""
    assert _count(pushed, only_unreported) == 0
    assert _count(pushed, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{UNREPORTED}> {{ ?s ?p ?o }} }}") > 0


def test_virtuosos_own_default_graph_is_every_graph_which_is_why_queries_name_their_dataset(pushed: str, local: Dataset) -> None:
    """The difference --engine virtuoso exists for, shown on the raw protocol."""
    plain = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    union = _local_count(local, plain)
    # Without a dataset: Virtuoso's system graphs, graph:unreported and graph:union itself all count.
    assert _count(pushed, plain) > union
    assert _count(pushed, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{VIRTRDF}> {{ ?s ?p ?o }} }}") > 0
    # With default-graph-uri alone, GRAPH ?g still ranges over every graph (the protocol says: over none).
    assert _count(pushed, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", [("default-graph-uri", UNION_GRAPH)]) > 12
    # With the dataset kg sends: the same as the embedded store.
    dataset = _dataset(pushed)
    assert _count(pushed, plain, dataset) == union
    assert _count(pushed, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", dataset) == 11
    # And the union cannot go into Virtuoso's default graph: a Graph Store Protocol PUT there fails.
    put = urllib.request.Request(
        f"{pushed}-graph-crud?default", data=b"<urn:a> <urn:b> <urn:c> .", method="PUT", headers={"Content-Type": "text/turtle"}
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(put, timeout=30)
    assert refused.value.code == 500


def test_push_is_idempotent(pushed: str, virtuoso: str, analysis_build_dir: Path) -> None:  # noqa: F811
    every = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = _count(pushed, every)
    again = push(build_files(analysis_build_dir), f"{virtuoso}/sparql-graph-crud", engine=VIRTUOSO).pushed
    assert len(again) == 12 and again[-1].graph == UNION_GRAPH and again[-1].union  # eleven named graphs, then the union
    assert _count(pushed, every) == before
    assert _count(pushed, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{UNION_GRAPH}> {{ ?s ?p ?o }} }}") == again[-1].triples


def test_the_whole_catalogue_gives_the_same_answers_on_virtuoso(pushed: str, local: Dataset) -> None:
    endpoint = Endpoint(pushed, timeout=60, engine=VIRTUOSO)
    catalogue = load_catalogue()
    cases = [(name, {}) for name in catalogue] + [
        ("partners-of-actor", {"actor": "stcsm"}),
        ("find-entity", {"text": "เซี่ยงไฮ้"}),
        ("document-says", {"document": "document-004"}),
        ("units-of-organisation", {"organisation": "sjtu"}),
    ]
    for name, params in cases:
        text = catalogue[name].bind(params)
        remote = endpoint.query(check_query(text, None, name))
        here = run_query(local, check_for(local, text, name))
        assert multiset(remote) == multiset(here), name
        if isinstance(here, Solutions):
            assert here.rows, f"{name} has no rows on the seed build: the comparison would prove nothing"
            # Row for row, in order: every sort key of the catalogue is one SPARQL orders the same
            # everywhere (STR() of labels). A failure here alone means a query sorts on a
            # language-tagged literal, or leaves ties to the engine.
            assert format_result(remote, "tsv") == format_result(here, "tsv"), f"{name}: same rows, different order"


def test_kg_query_with_engine_virtuoso_prints_what_the_embedded_store_prints(pushed: str, analysis_build_dir: Path) -> None:  # noqa: F811
    local = run_kg("query", "belt-and-road-instruments", "--format", "csv", "--build", str(analysis_build_dir))
    remote = run_kg("query", "belt-and-road-instruments", "--format", "csv", "--engine", "virtuoso", "--endpoint", pushed)
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout and ",true\n" in local.stdout  # booleans as true/false, not 1/0
    unknown = run_kg("query", "partners-of-actor", "--engine", "fuseki", "--endpoint", pushed)
    assert unknown.returncode == 2 and "unknown --engine 'fuseki'" in unknown.stderr


def test_plain_queries_read_the_union_and_a_query_with_from_keeps_its_dataset(pushed: str, local: Dataset) -> None:
    endpoint = Endpoint(pushed, timeout=60, engine=VIRTUOSO)
    pairs = [
        # Without GRAPH: the union graph, not Virtuoso's default graph of every graph.
        ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
        # FROM: no dataset parameters are sent, they would replace the query's own.
        (
            "SELECT (COUNT(*) AS ?n) FROM graph:registry WHERE { ?s ?p ?o }",
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH graph:registry { ?s ?p ?o } }",
        ),
        # GRAPH ?g: the graphs of this knowledge graph, not graph:union nor Virtuoso's own.
        ("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"),
    ]
    for remote_text, local_text in pairs:
        remote = endpoint.query(check_query(remote_text))
        assert multiset(remote) == multiset(run_query(local, check_for(local, local_text))), remote_text
    # The difference that remains (README, "A real triple store"): SPARQL gives one row per
    # graph for an empty pattern in GRAPH ?g; Virtuoso gives none (with the dataset kg sends;
    # without it, one row with ?g unbound). List graphs with GRAPH ?g { ?s ?p ?o } instead.
    empty = endpoint.query(check_query("SELECT ?g WHERE { GRAPH ?g { } }"))
    assert isinstance(empty, Solutions) and all(row == (None,) for row in empty.rows)
    assert len(run_query(local, check_for(local, "SELECT ?g WHERE { GRAPH ?g { } }")).rows) == 11  # type: ignore[union-attr]


def test_prune_deletes_only_this_graphs_stale_graphs(pushed: str, virtuoso: str, analysis_build_dir: Path) -> None:  # noqa: F811
    """A document withdrawn since the last push leaves Virtuoso with --prune; graph:union, other tools' and Virtuoso's graphs stay."""
    store = f"{virtuoso}/sparql-graph-crud"
    stale, theirs = "https://w3id.org/brsc-kg/id/document-999", "http://example.org/their-graph"
    graphs = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    put_graph(store, stale, "<https://w3id.org/brsc-kg/id/x> <http://www.w3.org/2000/01/rdf-schema#label> 'old' .")
    put_graph(store, theirs, "<http://example.org/a> <http://example.org/b> 'c' .")
    everything = _count(pushed, graphs)
    try:
        files = build_files(analysis_build_dir)
        plain = push(files, store, engine=VIRTUOSO)
        assert plain.removed == [] and _count(pushed, graphs) == everything  # without --prune nothing is deleted
        pruned = run_kg("push", "--engine", "virtuoso", "--endpoint", store, "--prune", pushed, "--build", str(analysis_build_dir))
        assert pruned.returncode == 0, pruned.stderr
        assert f"Removed 1 stale graph(s) the build no longer has: {stale}" in pruned.stderr
        assert _count(pushed, graphs) == everything - 1
        assert _count(pushed, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{theirs}> {{ ?s ?p ?o }} }}") == 1
        assert _count(pushed, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{UNION_GRAPH}> {{ ?s ?p ?o }} }}") > 0
        assert _count(pushed, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{VIRTRDF}> {{ ?s ?p ?o }} }}") > 0
        assert push(files, store, prune_query_url=pushed, engine=VIRTUOSO).removed == []  # idempotent
        both = run_kg("push", "--engine", "virtuoso", "--no-default-graph", "--endpoint", store, "--build", str(analysis_build_dir))
        assert both.returncode == 2 and "--no-default-graph does not go with --engine virtuoso" in both.stderr
    finally:
        urllib.request.urlopen(urllib.request.Request(f"{store}?graph={urllib.parse.quote(theirs, safe='')}", method="DELETE"), timeout=30)
    assert _count(pushed, graphs) == everything - 2
