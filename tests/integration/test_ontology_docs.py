"""``kg docs`` end to end: the real command writes build/ontology.html, the same bytes every time, and Chromium shows it offline."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KG = str(Path(sys.executable).parent / "kg")


def _kg(*args: str, seed: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **({"PYTHONHASHSEED": seed} if seed else {})}
    return subprocess.run([KG, *args], capture_output=True, text=True, env=env, timeout=300, check=False)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project copy built, with its explorer and its ontology page written as ``make run`` writes them."""
    root = tmp_path_factory.mktemp("docs-project")
    for name in ("seeds", "ontology"):
        shutil.copytree(ROOT / name, root / name)
    for args in (("build", "--quiet"), ("viz",), ("docs",)):
        result = _kg(*args, "--root", str(root))
        assert result.returncode == 0, (args, result.stderr)
    return root


@pytest.mark.e2e
def test_kg_docs_writes_the_page_and_the_same_bytes_again(project: Path, tmp_path: Path) -> None:
    page = project / "build" / "ontology.html"
    text = page.read_text(encoding="utf-8")
    assert 'id="Laboratory"' in text and 'id="locatedIn"' in text and 'lang="zh"' in text and 'lang="th"' in text
    assert "<script" not in text and "Document 004" in text
    again = tmp_path / "again.html"
    result = _kg("docs", "--root", str(project), "--out", str(again), seed="7")
    assert result.returncode == 0, result.stderr
    assert "Wrote" in result.stderr and "classes" in result.stderr
    assert again.read_bytes() == page.read_bytes()


@pytest.mark.e2e
def test_kg_docs_without_a_build_says_what_to_do(project: Path, tmp_path: Path) -> None:
    result = _kg("docs", "--root", str(project), "--build", str(tmp_path / "empty"))
    assert result.returncode == 1
    assert "kg.ttl does not exist; run 'kg build' first" in result.stderr
    assert not (tmp_path / "empty" / "ontology.html").exists()


def test_the_template_and_stylesheet_ship_in_the_package(tmp_path: Path) -> None:
    """An installed kg finds them (pyproject.toml's package data for kg.viz covers *.html and *.css)."""
    code = "import setuptools, sys; sys.argv = ['setup.py', '-q', 'build_py', '--build-lib', sys.argv[1]]; setuptools.setup()"
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "lib")], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    viz = tmp_path / "lib" / "kg" / "viz"
    assert all((viz / name).is_file() for name in ("ontology_page.py", "ontology_page.html", "ontology_page.css"))


# ---- in headless Chromium ------------------------------------------------------------

# The browser fixture (headless Chromium, network features off) is shared: tests/conftest.py.


@pytest.mark.browser
def test_the_page_shows_offline_without_errors_and_the_explorer_links_to_it(browser: object, project: Path, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
    logs: list[tuple[str, str]] = []
    requests: list[str] = []
    page.on("console", lambda m: logs.append((m.type, m.text)))
    page.on("pageerror", lambda e: logs.append(("pageerror", str(e))))
    page.on("request", lambda r: requests.append(r.url))

    docs = project / "build" / "ontology.html"
    page.goto(docs.as_uri() + "#Laboratory")
    assert page.evaluate("document.querySelector(':target').id") == "Laboratory"
    section = page.inner_text("#Laboratory")
    assert "实验室" in section and "ห้องปฏิบัติการ" in section and "Research organisation" in section
    assert page.evaluate("document.querySelector('#Laboratory .alt[lang=zh]') !== null")
    hosted = page.inner_text("#hostedBy")
    assert "hosted by" in hosted and "Document 0" in hosted  # a use with its quote and document
    assert page.evaluate("document.querySelectorAll('section[id], article[id]').length") > 150
    shot = tmp_path / "ontology.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 30_000  # text drawn, not a blank page

    # The explorer's header link and its legend's class names lead to the page and its anchors.
    page.goto((project / "build" / "graph.html").as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=60_000)
    assert page.get_attribute("#ontology-link", "href") == "ontology.html"
    anchors = page.evaluate("Array.from(document.querySelectorAll('#legend a')).map(a => a.getAttribute('href'))")
    assert anchors and all(a.startswith("ontology.html#") for a in anchors)
    page.click("#legend a")
    page.wait_for_load_state()
    assert page.url.startswith(docs.as_uri() + "#")
    target = anchors[0].split("#", 1)[1]
    assert page.evaluate("document.querySelector(':target') && document.querySelector(':target').id") == target
    names = [a.split("#", 1)[1] for a in anchors]
    assert page.evaluate("names => names.filter(n => !document.getElementById(decodeURIComponent(n)))", names) == []
    page.close()

    assert [entry for entry in logs if entry[0] in ("error", "pageerror")] == []
    assert all(url.startswith(("file:", "data:")) for url in requests), requests
