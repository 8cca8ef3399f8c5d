"""Helpers shared by the explorer's browser tests: Chromium, a page from a graph, opening it.

The explorer is one offline HTML file; the tests write it from a graph exactly as
``kg viz`` does (layout, document texts) and drive it in Debian's headless Chromium
through Playwright.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from kg.network.analysis import analyze
from kg.network.projection import ProjectionOptions
from kg.viz.documents import document_texts
from kg.viz.html import ExplorerOptions, explorer_data, render_html

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def require_chromium() -> str:
    """Chromium's path; skip the module without it (CI must have it)."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            raise RuntimeError("CI must install Debian's chromium for the browser tests (see .ci/run)")
        pytest.skip("chromium is not installed", allow_module_level=True)
    return CHROMIUM


def launch() -> Iterator[object]:
    """A headless Chromium for one test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=require_chromium(), args=ARGS)
        yield b
        b.close()


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
