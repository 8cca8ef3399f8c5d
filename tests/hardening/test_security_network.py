"""SERVICE, FROM, LOAD and updates are refused with zero sockets opened: proved on an audit log.

Every process under test (``kg query``, ``kg serve`` and its query workers, a notebook
session) runs with a ``sitecustomize`` that registers :func:`sys.addaudithook` before
``kg`` is imported and appends every network audit event (``socket.*``,
``urllib.Request``, ``http.client.connect``, ...) to a log.  The refused queries point
at a decoy: a real listening socket on 127.0.0.1 that counts the connections it
accepts, so a connection from native code that audit hooks do not see (Oxigraph's HTTP
client) would still show.  A test passes only if the command refused the query with a
clear message, the log holds no network event, and the decoy accepted nothing.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.build.pipeline import build, render_outputs
from kg.project import Project
from tests.security_support import BILLION_LAUGHS_RDF, HANG_GUARD, KG, audit_env, audit_events, minimal_project, run_all
from tests.sparql_support import canary

pytestmark = pytest.mark.e2e

#: (name, query), ``{decoy}`` standing for the decoy's URL: every way a query could make the engine reach out or write.
REFUSED_QUERIES = [
    ("SERVICE", "SELECT * WHERE { SERVICE <{decoy}> { ?s ?p ?o } }"),
    ("SERVICE SILENT", "SELECT * WHERE { SERVICE SILENT <{decoy}> { ?s ?p ?o } }"),
    ("SERVICE ?x", "SELECT * WHERE { ?s ?p ?o SERVICE ?x { ?a ?b ?c } }"),
    ("SERVICE ?x bound to the decoy", "SELECT * WHERE { VALUES ?x { <{decoy}> } SERVICE ?x { ?a ?b ?c } }"),
    ("SERVICE in OPTIONAL", "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE <{decoy}> { ?s ?q ?r } } }"),
    ("SERVICE in FILTER EXISTS", "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <{decoy}> { ?s ?q ?r } } }"),
    ("SERVICE in FILTER NOT EXISTS", "SELECT * WHERE { ?s ?p ?o FILTER NOT EXISTS { SERVICE <{decoy}> { ?s ?q ?r } } }"),
    ("SERVICE in MINUS", "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <{decoy}> { ?s ?q ?r } } }"),
    ("SERVICE in UNION", "SELECT * WHERE { { ?s ?p ?o } UNION { SERVICE <{decoy}> { ?s ?p ?o } } }"),
    ("SERVICE in GRAPH", "SELECT * WHERE { GRAPH ?g { SERVICE <{decoy}> { ?s ?p ?o } } }"),
    ("SERVICE in a sub-select", "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <{decoy}> { ?s ?q ?r } } LIMIT 1 } }"),
    ("SERVICE in ASK", "ASK { SERVICE <{decoy}> { ?s ?p ?o } }"),
    ("SERVICE in CONSTRUCT", "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{decoy}> { ?s ?p ?o } }"),
    ("SERVICE in DESCRIBE", "DESCRIBE ?s WHERE { SERVICE <{decoy}> { ?s ?p ?o } }"),
    ("FROM", "SELECT * FROM <{decoy}/data.ttl> WHERE { ?s ?p ?o }"),
    ("FROM NAMED", "SELECT * FROM NAMED <{decoy}/g.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }"),
    ("FROM in DESCRIBE", "DESCRIBE <urn:x> FROM <{decoy}/data.ttl>"),
    ("FROM a local RDF/XML bomb", "SELECT * FROM <{bomb}> WHERE { ?s ?p ?o }"),
    ("FROM a local file", "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"),
]
REFUSED_UPDATES = [
    ("LOAD", "LOAD <{decoy}/data.ttl>"),
    ("LOAD SILENT INTO", "LOAD SILENT <{decoy}/data.ttl> INTO GRAPH <urn:g>"),
    ("INSERT DATA", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"),
    ("DELETE WHERE", "DELETE WHERE { ?s ?p ?o }"),
    ("INSERT WHERE with SERVICE", "INSERT { ?s ?p ?o } WHERE { SERVICE <{decoy}> { ?s ?p ?o } }"),
    ("CLEAR ALL", "CLEAR ALL"),
    ("DROP ALL", "DROP ALL"),
]
REFUSED = REFUSED_QUERIES + REFUSED_UPDATES
#: Words a refusal message names (any one of them).
_REFUSAL_WORDS = re.compile(r"refused|read-only")


def _fill(template: str, decoy: str) -> str:
    return template.replace("{decoy}", decoy).replace("{bomb}", BILLION_LAUGHS_RDF.as_uri())


def _network_events(log: Path) -> tuple[list[dict[str, object]], set[int]]:
    """(network events, pids in which the hook was installed)."""
    events = audit_events(log)
    hooked = {int(str(e["pid"])) for e in events if e["event"] == "hook-installed"}
    return [e for e in events if e["event"] != "hook-installed"], hooked


@pytest.fixture(scope="module")
def small_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The build outputs of a small valid project."""
    project = minimal_project(tmp_path_factory.mktemp("security-net") / "project")
    out = project / "build"
    out.mkdir()
    for name, data in render_outputs(build(Project(project))).items():
        (out / name).write_bytes(data)
    return out


@pytest.fixture
def decoy() -> Iterator[tuple[str, list[bytes]]]:
    """A listening socket that records every connection (it must record none)."""
    with canary() as (url, hits):
        yield url, hits


#: Runs the real ``kg`` command line once per argument list inside one process (whose start-up,
#: not the query, is what costs time), reporting each exit status and output as JSON.
CLI_LOOP = """
import contextlib, io, json, sys, traceback
from kg.cli import app
outcome = []
for args in json.loads(sys.argv[1]):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            app(args=args, prog_name="kg", standalone_mode=True)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
        except BaseException:  # what a user would see as a traceback
            traceback.print_exc()
            code = -1
    outcome.append({"args": args, "code": code, "stdout": out.getvalue(), "stderr": err.getvalue()})
print(json.dumps(outcome))
"""


def test_kg_query_refuses_without_a_single_network_event(small_build: Path, decoy: tuple[str, list[bytes]], tmp_path: Path) -> None:
    url, hits = decoy
    env, log = audit_env(tmp_path)
    local = ["query", "--build", str(small_build), "--no-cache"]
    cases = [[*local, _fill(q, url)] for _name, q in REFUSED]
    # the other ways into an engine: rdflib's own engine, and a remote endpoint (the decoy itself)
    cases += [
        [*local, "--store", "memory", _fill(q, url)]
        for name, q in REFUSED_QUERIES
        if name in ("SERVICE", "FROM", "FROM a local RDF/XML bomb")
    ]
    cases += [["query", "--endpoint", url, _fill(q, url)] for _name, q in REFUSED]
    # two of them also as separate 'kg' processes, exactly as a user runs them
    standalone = [[KG, *cases[0]], [KG, *cases[len(REFUSED_QUERIES)]]]  # SERVICE and LOAD
    ran = run_all([[sys.executable, "-c", CLI_LOOP, json.dumps(cases)], *standalone], env=env)
    assert ran[0].returncode == 0, ran[0].stderr
    results = json.loads(ran[0].stdout) + [{"args": r.args, "code": r.returncode, "stdout": r.stdout, "stderr": r.stderr} for r in ran[1:]]
    assert len(results) == len(cases) + len(standalone)
    for result in results:
        assert result["code"] == 1, result
        assert result["stderr"].startswith("error: ") and _REFUSAL_WORDS.search(result["stderr"]), result
        assert "Traceback" not in result["stderr"] and result["stdout"] == ""
    events, hooked = _network_events(log)
    assert len(hooked) == 1 + len(standalone)  # the hook ran in every process ...
    assert events == []  # ... and saw no network event at all
    assert hits == []  # and nothing reached the decoy, not even from native code


def test_kg_query_on_the_graph_itself_still_works_under_the_hook(small_build: Path, tmp_path: Path) -> None:
    env, log = audit_env(tmp_path)
    (ran,) = run_all(
        [[KG, "query", "--build", str(small_build), "--no-cache", "--format", "csv", "SELECT ?e WHERE { ?e a kg:Laboratory }"]], env=env
    )
    assert ran.returncode == 0, ran.stderr
    assert "beta-laboratory" in ran.stdout
    events, hooked = _network_events(log)
    assert hooked and events == []


def _post(url: str, body: bytes, content_type: str) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=HANG_GUARD) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=HANG_GUARD) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def test_kg_serve_refuses_and_opens_only_its_own_listening_socket(
    small_build: Path, decoy: tuple[str, list[bytes]], tmp_path: Path
) -> None:
    """Through the endpoint: 403 for each, and the server and its workers make no network call of their own.

    The server's own socket is allowed: one ``socket.bind`` to 127.0.0.1 on its port, and
    one ``socket.__new__`` for it plus one per connection it accepts.  Anything else
    (``connect``, a DNS lookup, ``sendto``, ``urllib``, ``http.client``) is a failure.
    """
    url, hits = decoy
    env, log = audit_env(tmp_path)
    server = subprocess.Popen(
        [KG, "serve", "--build", str(small_build), "--port", "0", "--workers", "1", "--quiet"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    requests = 0
    try:
        assert server.stderr is not None
        line = server.stderr.readline()
        found = re.search(r"at (http://127\.0\.0\.1:(\d+))/sparql", line)
        assert found, line
        base, port = found.group(1), int(found.group(2))
        for name, template in REFUSED:
            query = _fill(template, url)
            status, text = _post(f"{base}/sparql", urllib.parse.urlencode({"query": query}).encode(), "application/x-www-form-urlencoded")
            requests += 1
            assert status == 403 and _REFUSAL_WORDS.search(text), (name, status, text)
        for name, template in REFUSED_UPDATES:  # the update forms of the protocol
            update = _fill(template, url)
            status, text = _post(f"{base}/sparql", update.encode(), "application/sparql-update")
            status2, text2 = _post(
                f"{base}/sparql", urllib.parse.urlencode({"update": update}).encode(), "application/x-www-form-urlencoded"
            )
            requests += 2
            assert status == status2 == 403 and "read-only" in text and "read-only" in text2, (name, text, text2)
        status, text = _get(f"{base}/sparql?" + urllib.parse.urlencode({"query": _fill(REFUSED[0][1], url)}))
        status_ok, answer = _get(f"{base}/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s a kg:Laboratory }"}))
        requests += 2
        assert status == 403 and "SERVICE" in text
        assert status_ok == 200 and json.loads(answer)["boolean"] is True  # the worker runs queries
    finally:
        server.terminate()
        try:
            server.wait(HANG_GUARD)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    events, hooked = _network_events(log)
    assert server.pid in hooked and len(hooked) >= 2  # the server and its worker
    own = [e for e in events if e["pid"] == server.pid]
    binds = [e for e in own if e["event"] == "socket.bind"]
    assert len(binds) == 1 and binds[0]["args"][1][0] == "127.0.0.1" and binds[0]["args"][1][1] in (0, port), binds  # type: ignore[index]
    created = [e for e in own if e["event"] == "socket.__new__"]
    assert all(e["args"][0] in (2, 10) for e in created)  # type: ignore[index]  # AF_INET/AF_INET6 stream sockets
    assert 1 <= len(created) <= 1 + requests  # the listener, plus at most one per accepted connection
    others = [e for e in events if e not in binds and e not in created]
    assert others == []  # no connect, no DNS lookup, no sendto, no urllib, in the server or any worker
    assert hits == []


NOTEBOOK_SCRIPT = """
import json, sys
from kg.notebook import load, sparql
from kg.sparql.errors import QueryRefused
graph, dataset = load(sys.argv[1])
outcome = []
for name, query in json.loads(sys.argv[2]):
    for target in (graph, dataset):
        try:
            sparql(target, query)
        except QueryRefused as exc:
            outcome.append([name, "refused", str(exc)])
        except Exception as exc:
            outcome.append([name, type(exc).__name__, str(exc)])
        else:
            outcome.append([name, "ran", ""])
print(json.dumps(outcome))
"""


def test_notebook_sparql_refuses_without_a_single_network_event(small_build: Path, decoy: tuple[str, list[bytes]], tmp_path: Path) -> None:
    url, hits = decoy
    env, log = audit_env(tmp_path)
    queries = [(name, _fill(q, url)) for name, q in REFUSED]
    (ran,) = run_all([[sys.executable, "-c", NOTEBOOK_SCRIPT, str(small_build.parent), json.dumps(queries)]], env=env)
    assert ran.returncode == 0, ran.stderr
    outcome = json.loads(ran.stdout)
    assert len(outcome) == 2 * len(queries)
    assert [row for row in outcome if row[1] != "refused"] == []
    events, hooked = _network_events(log)
    assert hooked and events == []
    assert hits == []


def test_the_harness_sees_a_connection_when_one_is_made(decoy: tuple[str, list[bytes]], tmp_path: Path) -> None:
    """Control: the same hook and decoy do record a connection, so the zeros above are not vacuous."""
    url, hits = decoy
    env, log = audit_env(tmp_path)
    script = f"import urllib.request\ntry:\n    urllib.request.urlopen({url!r}, timeout=2)\nexcept Exception:\n    pass\n"
    (ran,) = run_all([[sys.executable, "-c", script]], env=env)
    assert ran.returncode == 0, ran.stderr
    events, hooked = _network_events(log)
    assert hooked
    assert {"urllib.Request", "socket.connect"} <= {str(e["event"]) for e in events}
    assert len(hits) == 1


SH = "http://www.w3.org/ns/shacl#"
#: SPARQL that a hostile ontology/shapes.ttl could carry, each aimed at the decoy.
HOSTILE_SHAPES = {
    "SERVICE in a SPARQL constraint": f'<urn:x:S> a <{SH}NodeShape> ; <{SH}targetClass> <https://w3id.org/brsc-kg/ontology#Laboratory> ; <{SH}sparql> [ <{SH}select> "SELECT $this WHERE {{ SERVICE <{{decoy}}> {{ ?s ?p ?o }} }}" ] .',
    "FROM in a SPARQL constraint": f'<urn:x:S> a <{SH}NodeShape> ; <{SH}targetClass> <https://w3id.org/brsc-kg/ontology#Laboratory> ; <{SH}sparql> [ <{SH}select> "SELECT $this FROM <{{decoy}}/x.ttl> WHERE {{ ?s ?p ?o }}" ] .',
    "SERVICE in a SPARQL rule": f'<urn:x:S> a <{SH}NodeShape> ; <{SH}targetClass> <https://w3id.org/brsc-kg/ontology#Laboratory> ; <{SH}rule> [ a <{SH}SPARQLRule> ; <{SH}construct> "CONSTRUCT {{ $this <urn:p> ?o }} WHERE {{ SERVICE <{{decoy}}> {{ ?s ?p ?o }} }}" ] .',
    "SERVICE in a SPARQL target": f'<urn:x:S> a <{SH}NodeShape> ; <{SH}target> [ a <{SH}SPARQLTarget> ; <{SH}select> "SELECT ?this WHERE {{ SERVICE <{{decoy}}> {{ ?this ?p ?o }} }}" ] ; <{SH}property> [ <{SH}path> <urn:p> ; <{SH}minCount> 1 ] .',
}


def test_hostile_shapes_cannot_make_the_build_reach_the_network(decoy: tuple[str, list[bytes]], tmp_path: Path) -> None:
    """SHACL carries SPARQL; pySHACL runs it on rdflib's engine, which follows SERVICE (a rule or target did, before)."""
    url, hits = decoy
    env, log = audit_env(tmp_path)
    cases = []
    for name, shape in HOSTILE_SHAPES.items():
        project = minimal_project(tmp_path / name.replace(" ", "-"))
        shapes = project / "ontology" / "shapes.ttl"
        shapes.write_text(shapes.read_text(encoding="utf-8") + "\n" + _fill(shape, url) + "\n", encoding="utf-8")
        cases.append(["validate", "--root", str(project)])
    (ran,) = run_all([[sys.executable, "-c", CLI_LOOP, json.dumps(cases)]], env=env)
    assert ran.returncode == 0, ran.stderr
    results = dict(zip(HOSTILE_SHAPES, json.loads(ran.stdout), strict=True))
    for name, result in results.items():
        assert "Traceback" not in result["stderr"], (name, result["stderr"])
    refused = results["SERVICE in a SPARQL constraint"]
    assert refused["code"] == 1 and "ontology/shapes.ttl: the shapes cannot be used" in refused["stderr"] and "SERVICE" in refused["stderr"]
    events, hooked = _network_events(log)
    assert hooked and events == []
    assert hits == []
