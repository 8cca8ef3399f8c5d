"""Whole-process time of ``kg analyze`` + ``kg viz`` and of a cold ``kg query``, against a baseline checkout.

What the analyst waits for is the whole command, from process start to exit: the
interpreter, the imports, reading ``build/kg.ttl`` and the work itself.  This script times
exactly that for two copies of the code in the same run, alternating them so that both
see the same load on the machine (it has 2 CPUs shared with other work):

* ``kg analyze && kg viz`` on the seed graph, one pair per run;
* ``kg query partners-of-actor`` from a cold process, with the on-disk store copy of
  ``<build>/.cache`` already present (the state after any first query);
* ``kg --help``, the start-up floor of the command line (Python, typer, rich).

Each copy runs with ``PYTHONPATH=<its directory>`` through the same ``kg`` script and
virtual environment; each gets its own copy of the build directory, so the analysis
files one writes never invalidate the other's store copy.  After timing, the outputs of
both copies (centrality.csv, clusters.csv, countries.csv, analysis.trig, graph.html, the
``kg export`` files and the query's rows) are compared byte for byte.

A baseline is any checkout of an earlier commit, e.g.::

    git worktree add /tmp/kg-base 4706427      # or: git archive 4706427 | tar -x -C /tmp/kg-base
    .venv/bin/kg build
    .venv/bin/python bench/bench_commands.py --baseline /tmp/kg-base --runs 9
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from common import KG, ROOT, machine

#: Files compared byte for byte between the two copies of the code.
COMPARED = (
    "centrality.csv",
    "clusters.csv",
    "countries.csv",
    "analysis.trig",
    "graph.html",
    "nodes.csv",
    "edges.csv",
    "network.gexf",
    "network.graphml",
    "query.txt",
)


def _run(code: Path, *argv: str, out: Path | None = None) -> float:
    """Seconds from process start to exit of ``kg argv`` with ``code`` first on the path."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    started = time.perf_counter()
    result = subprocess.run([KG, *argv], env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"kg {' '.join(argv)} failed with code {code}:\n{result.stderr.decode(errors='replace')}")
    if out is not None:
        out.write_bytes(result.stdout)
    return elapsed


class Variant:
    """One copy of the code, with its own build directory and output directory."""

    def __init__(self, name: str, code: Path, build: Path, work: Path) -> None:
        self.name, self.code = name, code.resolve()
        self.build = work / name / "build"
        self.out = work / name / "out"
        shutil.copytree(build, self.build, ignore=shutil.ignore_patterns(".cache", "analysis.trig"))
        self.out.mkdir(parents=True)
        self.times: dict[str, list[float]] = {"analyze + viz": [], "query": [], "help": []}

    def analyze_viz(self) -> float:
        first = _run(self.code, "analyze", "--build", str(self.build), "--out", str(self.out))
        second = _run(self.code, "viz", "--build", str(self.build), "--out", str(self.out / "graph.html"))
        return first + second

    def query(self) -> float:
        return _run(self.code, "query", "partners-of-actor", "--build", str(self.build), out=self.out / "query.txt")

    def help(self) -> float:
        return _run(self.code, "--help")

    def exports(self) -> None:
        for fmt in ("csv", "gexf", "graphml"):
            _run(self.code, "export", "--format", fmt, "--build", str(self.build), "--out", str(self.out))


def _row(label: str, base: list[float], new: list[float]) -> str:
    def cell(values: list[float]) -> str:
        return f"{min(values):.2f} / {statistics.median(values):.2f} / {max(values):.2f} s"

    return f"| {label} | {cell(base)} | {cell(new)} | {statistics.median(new) / statistics.median(base):.2f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", type=Path, required=True, help="directory holding the baseline's kg/ package")
    parser.add_argument("--code", type=Path, default=ROOT, help="directory holding the code to measure (default: this checkout)")
    parser.add_argument("--build", type=Path, default=ROOT / "build", help="a build directory made by 'kg build'")
    parser.add_argument("--runs", type=int, default=9, help="timed runs of each command per copy")
    args = parser.parse_args()
    if not (args.build / "kg.ttl").is_file():
        raise SystemExit(f"no {args.build / 'kg.ttl'}: run 'kg build' first")
    print(f"Machine: {machine()}\n", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        variants = [Variant("baseline", args.baseline, args.build, Path(tmp)), Variant("new", args.code, args.build, Path(tmp))]
        for v in variants:  # warm-up: byte-compile, fill the store copy, page in the libraries
            v.analyze_viz()
            v.query()
            v.help()
        for _ in range(args.runs):
            for v in variants:  # alternated, so that both copies see the same load on the machine
                v.times["analyze + viz"].append(v.analyze_viz())
                v.times["query"].append(v.query())
                v.times["help"].append(v.help())
        for v in variants:
            v.exports()
        base, new = variants
        differ = [name for name in COMPARED if (base.out / name).read_bytes() != (new.out / name).read_bytes()]
    print(f"Whole-process wall time, min / median / max of {args.runs} runs each, the two copies alternated:\n")
    print("| command | baseline | this code | ratio (median) |")
    print("| --- | ---: | ---: | ---: |")
    print(_row("`kg analyze` + `kg viz` (seed graph)", base.times["analyze + viz"], new.times["analyze + viz"]))
    print(_row("`kg query partners-of-actor` (cold process, store copy present)", base.times["query"], new.times["query"]))
    print(_row("`kg --help` (start-up floor)", base.times["help"], new.times["help"]))
    print()
    if differ:
        print("Outputs that DIFFER between the two copies: " + ", ".join(differ))
    else:
        print("Outputs byte-identical between the two copies: " + ", ".join(COMPARED) + ".")


if __name__ == "__main__":
    main()
