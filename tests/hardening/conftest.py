"""Shared by the hardening tests: the real ``kg`` command on private project copies.

``pipelines`` runs what ``make run`` runs (``kg build``, ``kg analyze``, ``kg viz``, ``kg docs``) twice,
under two ``PYTHONHASHSEED`` values and in two project copies at once (a machine has at
least two CPUs), once per session: the determinism test compares the two, the fault tests
take the first as the previous outputs, and the load tests serve it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.loadgen import Served, serve
from kg.build.pipeline import OUTPUT_FILES

__all__ = ["Served", "serve"]  # the load generator's server start, for the fault tests too

ROOT = Path(__file__).resolve().parents[2]
KG = str(Path(sys.executable).parent / "kg")
#: The hash seeds of the two pipelines.
SEEDS = ("1", "2")


def kg(*args: str, seed: str | None = None, preexec_fn: Callable[[], None] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real ``kg`` command (under hash seed ``seed`` if given); never raises for a failing status."""
    env = {**os.environ, **({"PYTHONHASHSEED": seed} if seed else {})}
    return subprocess.run([KG, *args], capture_output=True, text=True, env=env, timeout=300, check=False, preexec_fn=preexec_fn)


def copy_project(target: Path) -> Path:
    """A private copy of seeds/ and ontology/ (what ``kg build`` reads) under ``target``."""
    for name in ("seeds", "ontology"):
        shutil.copytree(ROOT / name, target / name)
    return target


def digests(folder: Path) -> dict[str, str]:
    """SHA-256 of every file in ``folder`` (hidden ones too), by name."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@dataclass(frozen=True)
class Pipeline:
    """One run of the pipeline: its project copy, its build/ and how long ``kg build`` took."""

    root: Path
    seed: str
    build_seconds: float

    @property
    def out(self) -> Path:
        return self.root / "build"

    def build_outputs(self) -> dict[str, bytes]:
        """The files ``kg build`` wrote (the others come from analyze and viz)."""
        return {name: (self.out / name).read_bytes() for name in OUTPUT_FILES}


def _run_pipeline(root: Path, seed: str) -> Pipeline:
    started = time.perf_counter()
    result = kg("build", "--root", str(root), "--quiet", seed=seed)
    took = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    for args in (("analyze", "--top", "10"), ("viz",), ("docs",)):
        result = kg(*args, "--root", str(root), seed=seed)
        assert result.returncode == 0, (args, result.stderr)
    return Pipeline(root, seed, took)


@pytest.fixture(scope="session")
def pipelines(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Pipeline]:
    """The pipeline run under each of :data:`SEEDS`, concurrently, in its own project copy."""
    roots = {seed: copy_project(tmp_path_factory.mktemp(f"pipeline-seed{seed}")) for seed in SEEDS}
    with ThreadPoolExecutor(len(roots)) as pool:
        futures = {seed: pool.submit(_run_pipeline, root, seed) for seed, root in roots.items()}
        return {seed: future.result() for seed, future in futures.items()}


@pytest.fixture(scope="session")
def reference(pipelines: dict[str, Pipeline]) -> Pipeline:
    """The first pipeline: previous outputs for the fault tests, the graph the load tests serve."""
    return pipelines[SEEDS[0]]
