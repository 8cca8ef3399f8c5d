"""Helpers shared by the explorer's browser tests: a page from a graph, opening it.

The explorer is one offline HTML file; the tests write it from a graph exactly as
``kg viz`` does (layout, document texts) and drive it in Debian's headless Chromium
through Playwright (the ``browser`` fixture of tests/conftest.py).
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.network.analysis import analyze
from kg.network.projection import ProjectionOptions
from kg.viz.documents import document_texts
from kg.viz.html import ExplorerOptions, explorer_data, render_html

ROOT = Path(__file__).resolve().parents[1]


def write_page(tmp_path: Path, graph: Graph, name: str, options: ExplorerOptions | None = None, texts: bool = True) -> Path:
    """The explorer of ``graph`` (every node and fact, every modality) as ``kg viz`` writes it."""
    result = analyze(graph, ProjectionOptions(nodes="all", exclude_relations=frozenset(), modalities=None), stability_seeds=0)
    found = document_texts(graph, ROOT / "seeds")[0] if texts else {}
    html = render_html(explorer_data(graph, result.multi, result.table, result.clusters, options, texts=found), options)
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return path


def open_page(browser: object, path: Path, fragment: str = "") -> tuple[object, list[tuple[str, str]], list[str]]:
    """The page opened (and ready), with its console messages and every request it made."""
    page = browser.new_page(viewport={"width": 1500, "height": 900})  # type: ignore[attr-defined]
    logs: list[tuple[str, str]] = []
    requests: list[str] = []
    page.on("console", lambda m: logs.append((m.type, m.text)))
    page.on("pageerror", lambda e: logs.append(("pageerror", str(e))))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri() + fragment)
    page.wait_for_selector("body[data-ready='1']", timeout=60_000)
    return page, logs, requests


def errors(logs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The console errors and uncaught exceptions among ``logs``."""
    return [entry for entry in logs if entry[0] in ("error", "pageerror")]
