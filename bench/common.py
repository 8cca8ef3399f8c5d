"""Helpers shared by the benchmarks: timing, medians, the machine description."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.project import Project
    from kg.schema.model import Curation

ROOT = Path(__file__).resolve().parents[1]
KG = str(Path(sys.executable).parent / "kg")


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock seconds of ``repeat`` calls of ``fn``."""
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def median(values: list[float]) -> float:
    return statistics.median(values)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def machine() -> str:
    """One markdown paragraph saying where the numbers were measured."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")).split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration):
        pass
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in ("rdflib", "pyoxigraph", "oxrdflib", "pyshacl"))
    return (
        f"{cpu}, {os.cpu_count()} logical CPUs{memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; {versions}"
    )


def peak_rss_mib(code: str) -> tuple[float, str]:
    """Run ``code`` in a fresh interpreter; (its peak resident memory in MiB, its standard output)."""
    wrapper = code + "\nimport resource, sys\nprint('PEAK', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    result = subprocess.run([sys.executable, "-c", wrapper], capture_output=True, text=True, check=True, cwd=ROOT)
    peak = next(line for line in result.stderr.splitlines() if line.startswith("PEAK"))
    return int(peak.split()[1]) / 1024, result.stdout


def without(curation: Curation, docs: set[str]) -> Curation:
    """``curation`` as training material without the statements and rejections of ``docs``.

    The registry stays whole: :func:`kg.ingest.holdout.holdout` takes this as ``training``
    and keeps the full curation as its registry and oracle, so only what the engine learns from changes.
    """
    return replace(
        curation,
        statements=[st for st in curation.statements if st.doc not in docs],
        rejections=tuple(r for r in curation.rejections if r.doc not in docs),
    )


def held_out_documents(description: str) -> tuple[list[str], Project, Curation, dict[str, str]]:
    """The setup of a hold-out benchmark: ``--docs`` (default: every complete document), the project and its training curation.

    Prints the machine first.  Returns the held-out documents, the project, the curation
    as ``kg holdout`` trains on it and the drafts left out of it (they do not load).
    """
    import argparse

    from kg.ingest.engine import load_training
    from kg.project import Project
    from kg.schema.ontology import load_ontology

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--docs", nargs="+", help="held-out documents (default: every complete one)")
    args = parser.parse_args()
    print(f"Machine: {machine()}\n", flush=True)
    project = Project(ROOT)
    curation, left_out = load_training(project, load_ontology(project.ontology, project.rel(project.ontology)))
    complete = sorted(d for d in curation.documents if curation.status.get(d, "complete") == "complete")
    return list(args.docs or complete), project, curation, left_out
