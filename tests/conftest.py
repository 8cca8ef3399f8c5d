"""Shared fixtures: the project root, a one-time build of the real seeds, and SPARQL."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Dataset, Graph

from kg.build.pipeline import BuildResult, build
from kg.project import Project
from kg.rdf.vocab import PREFIXES

ROOT = Path(__file__).resolve().parents[1]
SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES)


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root (holds seeds/ and ontology/)."""
    return ROOT


@pytest.fixture(scope="session")
def built() -> BuildResult:
    """The graph built from the real seeds, once per test session."""
    return build(Project(ROOT))


@pytest.fixture(scope="session")
def graph(built: BuildResult) -> Graph:
    """Union of all named graphs of the real build."""
    return built.union


@pytest.fixture(scope="session")
def dataset(built: BuildResult) -> Dataset:
    """The real build as a dataset: one named graph per document (for GRAPH queries)."""
    return built.dataset


def select(graph: Graph, query: str, **bindings: Any) -> list[dict[str, str]]:
    """Run a SELECT with the project's prefixes; rows as {variable: string value}."""
    result = graph.query(SPARQL_PREFIXES + query, initBindings=bindings or None)
    return [{str(k): str(v) for k, v in row.asdict().items()} for row in result]


def ask(graph: Graph, query: str) -> bool:
    """Run an ASK with the project's prefixes."""
    return bool(graph.query(SPARQL_PREFIXES + query).askAnswer)


@pytest.fixture
def project_copy(tmp_path: Path) -> Project:
    """A private copy of seeds/ and ontology/ that a test may break."""
    for name in ("seeds", "ontology"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return Project(tmp_path)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's headless Chromium through Playwright; CI must have it, elsewhere the test is skipped."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            raise RuntimeError("CI must install Debian's chromium for the browser tests (see .ci/run)")
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()
