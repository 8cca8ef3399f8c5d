"""The package keeps its architecture: stages import only downwards, no cycles, few top-level modules.

The rule itself lives in ``.importlinter`` (import-linter's layers and acyclic-siblings
contracts, lazy imports inside functions included); docs/architecture.md draws it.
"""

from __future__ import annotations

import configparser
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(config), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_stages_import_only_downwards_and_nothing_imports_in_a_circle() -> None:
    result = _lint(ROOT / ".importlinter")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_the_layer_contract_is_not_vacuous(tmp_path: Path) -> None:
    """Upside down, the same layers must break: the stages really do import each other downwards."""
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    layers = [line for line in config["importlinter:contract:stages"]["layers"].splitlines() if line.strip()]
    config["importlinter:contract:stages"]["layers"] = "\n" + "\n".join(reversed(layers))
    upside_down = tmp_path / "upside-down.ini"
    with upside_down.open("w") as handle:
        config.write(handle)
    result = _lint(upside_down)
    assert result.returncode != 0
    assert "kg.cli is not allowed to import kg.build" in result.stdout  # the commands now sit at the bottom
    assert "kg.build is not allowed to import kg.curation" in result.stdout
    assert "kg.schema is not allowed to import kg.rdf" in result.stdout


def test_every_package_of_kg_is_placed_in_a_layer() -> None:
    """A new top-level module or package must be given its place (import-linter's exhaustive check covers the rest)."""
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    assert config["importlinter:contract:stages"]["exhaustive"] == "true"
    named = {part.strip() for line in config["importlinter:contract:stages"]["layers"].splitlines() for part in line.split("|")} - {""}
    present = {p.stem for p in (ROOT / "kg").glob("*.py") if p.stem != "__init__"}
    present |= {p.parent.name for p in (ROOT / "kg").glob("*/__init__.py")}
    assert present == named


def test_at_most_six_modules_at_the_top_of_kg() -> None:
    top = sorted(p.name for p in (ROOT / "kg").glob("*.py"))
    assert len(top) <= 6, top


@pytest.mark.parametrize("package", sorted(p.parent.name for p in (ROOT / "kg").glob("*/__init__.py")))
def test_every_package_says_what_its_modules_do(package: str) -> None:
    text = (ROOT / "kg" / package / "__init__.py").read_text(encoding="utf-8")
    assert text.lstrip().startswith('"""'), f"kg/{package}/__init__.py needs a docstring naming its modules"
