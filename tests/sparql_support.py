"""Fixtures and helpers shared by the SPARQL tests (imported by the test modules that use them).

Everything network-related binds 127.0.0.1 on a free port and talks to nothing else.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from rdflib import Dataset

from kg.build.pipeline import BuildResult, render_outputs
from kg.sparql.store import build_files, load_dataset

KG = str(Path(sys.executable).parent / "kg")

ANALYSIS_TRIG = """\
PREFIX kg: <https://w3id.org/brsc-kg/ontology#>
PREFIX ent: <https://w3id.org/brsc-kg/id/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

<https://w3id.org/brsc-kg/graph/analysis> {
  ent:analysis-test a kg:AnalysisRun ; kg:seed 1 .
  ent:cluster-test-1 a kg:Cluster ; skos:prefLabel "Shanghai and partners"@en ; kg:rank 1 .
  ent:shanghai kg:pagerank "0.30"^^xsd:double ; kg:betweenness "0.5"^^xsd:double ; kg:degree 20 ; kg:inCluster ent:cluster-test-1 .
  ent:stcsm kg:pagerank "0.10"^^xsd:double ; kg:betweenness "0.1"^^xsd:double ; kg:degree 7 ; kg:inCluster ent:cluster-test-1 .
  ent:china kg:pagerank "0.20"^^xsd:double ; kg:degree 9 .
  ent:vietnam kg:pagerank "0.10"^^xsd:double ; kg:degree 2 .
}
"""


@pytest.fixture(scope="session")
def build_dir(built: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed build's outputs written to a private directory (independent of the checkout's build/)."""
    folder = tmp_path_factory.mktemp("build")
    for name, data in render_outputs(built).items():
        (folder / name).write_bytes(data)
    return folder


@pytest.fixture(scope="session")
def analysis_build_dir(build_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed build plus a small analysis graph (build/analysis.trig), as 'kg analyze' would add."""
    folder = tmp_path_factory.mktemp("build-analysis")
    for path in build_dir.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "analysis.trig").write_text(ANALYSIS_TRIG, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def ox_dataset(build_dir: Path) -> Dataset:
    """The seed build on the default store (Oxigraph behind rdflib)."""
    return load_dataset(build_files(build_dir), "oxigraph")


@pytest.fixture(scope="session")
def memory_dataset(build_dir: Path) -> Dataset:
    """The seed build on rdflib's Memory store (rdflib's own SPARQL engine)."""
    return load_dataset(build_files(build_dir), "memory")


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_kg(*args: str, stdin: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The real ``kg`` command in a subprocess."""
    return subprocess.run([KG, *args], input=stdin, capture_output=True, text=True, timeout=timeout, check=False, env=dict(os.environ))


@contextmanager
def canary() -> Iterator[tuple[str, list[bytes]]]:
    """A TCP listener on 127.0.0.1 that records every connection: (url, list of first bytes received).

    A test points SERVICE or LOAD at it and then checks that nobody connected.
    """
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    hits: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    hits.append(conn.recv(200) or b"<connected>")
                except OSError:
                    hits.append(b"<connected>")

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/sparql", hits
    finally:
        stop.set()
        thread.join(2)
        server.close()


def put_graph(store: str, graph: str, turtle: str) -> None:
    """Write one graph into a store with a Graph Store Protocol PUT, as another tool would (not through kg push)."""
    url = f"{store}?graph={urllib.parse.quote(graph, safe='')}"
    request = urllib.request.Request(url, data=turtle.encode(), method="PUT", headers={"Content-Type": "text/turtle"})
    urllib.request.urlopen(request, timeout=30).close()
