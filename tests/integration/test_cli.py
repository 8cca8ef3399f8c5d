"""The real `kg` command, run as a subprocess the way a user runs it."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.project import Project

pytestmark = pytest.mark.e2e

KG = str(Path(sys.executable).parent / "kg")


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([KG, *args], capture_output=True, text=True, cwd=cwd, env={**os.environ, **(env or {})}, timeout=300, check=False)


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_help_teaches() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in ("build", "validate", "stats", "coverage"):
        assert command in result.stdout


def test_build_writes_outputs_then_bad_input_leaves_them_untouched(project_copy: Project) -> None:
    root = project_copy.root
    first = run("build", "--root", str(root))
    assert first.returncode == 0, first.stderr
    out = root / "build"
    assert sorted(p.name for p in out.iterdir()) == ["kg.trig", "kg.ttl", "report.json", "report.md"]
    assert "verified quotes" in first.stderr
    before = _digest(out)

    doc = root / "seeds/curation/documents/000.yaml"
    text = doc.read_text(encoding="utf-8")
    doc.write_text(text.replace("    object: necc\n", "    object: necc-typo\n"), encoding="utf-8")
    bad = run("build", "--root", str(root))
    assert bad.returncode == 1
    assert "seeds/curation/documents/000.yaml:" in bad.stderr and "unknown entity 'necc-typo'" in bad.stderr
    assert "did you mean 'necc'" in bad.stderr and "nothing was written" in bad.stderr
    assert "Traceback" not in bad.stderr
    assert _digest(out) == before  # untouched, and no temporary files left behind


def test_validate_stats_and_coverage(root: Path) -> None:
    assert run("validate", "--root", str(root)).returncode == 0
    stats = run("stats", "--root", str(root), "--json")
    assert stats.returncode == 0
    report = json.loads(stats.stdout)
    assert report["documents"]["000"]["curation_status"] == "complete"
    coverage = run("coverage", "000", "--root", str(root), "--strict")
    assert coverage.returncode == 0, coverage.stdout
    assert "nothing left to review" in coverage.stdout
    unknown = run("coverage", "999", "--root", str(root))
    assert unknown.returncode == 2 and "unknown document '999'" in unknown.stderr


def test_root_is_found_from_a_subdirectory(root: Path) -> None:
    result = run("stats", "--json", cwd=root / "seeds" / "curation")
    assert result.returncode == 0


def test_outside_a_project_says_how_to_fix(tmp_path: Path) -> None:
    result = run("stats", cwd=tmp_path, env={"KG_ROOT": ""})
    assert result.returncode == 1 and "--root" in result.stderr


def test_in_process_runner(project_copy: Project, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["build", "--root", str(project_copy.root), "--build", str(tmp_path / "o"), "--quiet"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "o" / "kg.ttl").stat().st_size > 100_000


def test_analyze_viz_export_end_to_end(project_copy: Project, tmp_path: Path) -> None:
    root = str(project_copy.root)
    assert run("build", "--root", root, "--quiet").returncode == 0
    first = run("analyze", "--root", root, "--format", "json", "--top", "5")
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert summary["top"][0]["id"] == "shanghai" and summary["modularity"] > 0.3
    out = project_copy.root / "build"
    analysed = _digest(out)
    assert {"centrality.csv", "clusters.csv", "countries.csv", "analysis.trig"} <= set(analysed)
    assert run("analyze", "--root", root, "--format", "csv").returncode == 0
    assert _digest(out) == analysed  # deterministic

    page = run("viz", "--root", root, "--color", "cluster", "--view", "ego:shanghai", "--out", str(tmp_path / "ego.html"))
    assert page.returncode == 0, page.stderr
    html = (tmp_path / "ego.html").read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "https://" not in html.split("<script", 1)[0]
    assert '"selected":"shanghai"' in html
    # the reader's texts travel in the page; Chinese labels on request
    data = json.loads(html.split('id="kg-data">', 1)[1].split("</script>", 1)[0])
    seed = next(Path(root, "seeds").glob("000_*.txt")).read_text(encoding="utf-8")
    assert data["documents"]["000"]["text"] == seed and data["documents"]["000"]["lang"] == "th"
    chinese = run("viz", "--root", root, "--labels", "zh", "--out", str(tmp_path / "zh.html"))
    assert chinese.returncode == 0 and '"labels":"zh"' in (tmp_path / "zh.html").read_text(encoding="utf-8")
    # a document changed since the build: its text is left out, with a warning, and the page is still written
    doc = next(Path(root, "seeds").glob("002_*.txt"))
    doc.write_text(doc.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    stale = run("viz", "--root", root, "--out", str(tmp_path / "stale.html"))
    assert stale.returncode == 0 and "document 002" in stale.stderr and "changed since the graph was built" in stale.stderr
    stale_data = json.loads((tmp_path / "stale.html").read_text(encoding="utf-8").split('id="kg-data">', 1)[1].split("</script>", 1)[0])
    assert stale_data["documents"]["002"]["text"] == "" and stale_data["documents"]["000"]["text"] == seed

    for fmt, names in (("gexf", ["network.gexf"]), ("graphml", ["network.graphml"]), ("csv", ["edges.csv", "nodes.csv"])):
        result = run("export", "--root", root, "--format", fmt, "--out", str(tmp_path / fmt))
        assert result.returncode == 0, result.stderr
        assert sorted(p.name for p in (tmp_path / fmt).iterdir()) == names


def test_network_commands_explain_bad_input(project_copy: Project, tmp_path: Path) -> None:
    root = str(project_copy.root)
    missing = run("analyze", "--root", root, "--input", str(tmp_path / "nope.ttl"))
    assert missing.returncode == 1 and "run 'kg build' first" in missing.stderr
    assert run("build", "--root", root, "--quiet").returncode == 0
    kind = run("analyze", "--root", root, "--kind", "Friendship")
    assert kind.returncode == 1 and "unknown link kind or relation Friendship" in kind.stderr and "Investment" in kind.stderr
    doc = run("viz", "--root", root, "--document", "999")
    assert doc.returncode == 1 and "unknown document 999" in doc.stderr
    view = run("viz", "--root", root, "--view", "sideways")
    assert view.returncode == 1 and "unknown view 'sideways'" in view.stderr
    fmt = run("export", "--root", root, "--format", "pdf")
    assert fmt.returncode == 2


def test_command_help_wraps_to_the_terminal_not_to_the_source() -> None:
    """At a wide terminal a paragraph of help is one line; examples keep their own lines."""
    wide = run("ingest", "--help", env={"COLUMNS": "300"})
    assert wide.returncode == 0
    assert "names that look like entities but are not registered are listed" in wide.stdout
    query = run("query", "--help", env={"COLUMNS": "300"})
    lines = [line.strip() for line in query.stdout.splitlines()]
    assert "kg query partners-of-actor --param actor=stcsm" in lines
    assert "kg query -f my.rq --endpoint http://127.0.0.1:7878/query" in lines
