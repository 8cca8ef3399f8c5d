"""Every notebook runs top to bottom on a fresh kernel; a broken one is caught."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.nbrun import NotebookFailed, run_notebook

pytestmark = pytest.mark.notebook

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks() -> None:
    assert [p.name for p in NOTEBOOKS] == ["01-network-analysis.ipynb", "02-sparql-exploration.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_clean(path: Path) -> None:
    nb = run_notebook(path, timeout=300)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]  # type: ignore[attr-defined]
    assert outputs, "the notebook produced no output"
    assert any("image/png" in o.get("data", {}) for o in outputs) or "sparql" in path.stem


def test_a_broken_notebook_fails() -> None:
    with pytest.raises(NotebookFailed, match="broken on purpose"):
        run_notebook(ROOT / "tests" / "fixtures" / "notebooks" / "broken.ipynb", timeout=120)
