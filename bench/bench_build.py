"""Build time for a synthetic corpus at 1×, 10× and 100× the seed size (goal: linear).

The corpus repeats the five seed documents (see :func:`synthetic.make_corpus`); the
whole pipeline runs in process (load and verify, mentions, assembly, SHACL, report)
followed by rendering the outputs (sorted Turtle and TriG).  Each step's time is
reported from the pipeline's own progress callback.

    .venv/bin/python bench/bench_build.py --factors 1 10 100
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from common import machine
from synthetic import make_corpus

from kg.build.pipeline import build, render_outputs
from kg.project import Project


def run(factor: int, workdir: Path) -> dict[str, float | int]:
    root = make_corpus(factor, workdir / f"corpus-{factor}")
    marks: list[tuple[str, float]] = []
    started = time.perf_counter()
    result = build(Project(root), lambda step: marks.append((step, time.perf_counter())))
    marks.append(("Rendering outputs", time.perf_counter()))
    render_outputs(result)
    end = time.perf_counter()
    steps: dict[str, float | int] = {}
    for (name, at), (_next, until) in zip(marks, [*marks[1:], ("end", end)], strict=True):
        steps[name] = until - at
    totals = result.report.totals
    return {"factor": factor, "statements": totals.statements, "triples": totals.triples, "total": end - started, **steps}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100])
    args = parser.parse_args()
    print(f"Machine: {machine()}\n", flush=True)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for factor in args.factors:
            rows.append(run(factor, Path(tmp)))
            print(rows[-1], flush=True)
    base = rows[0]
    step_names = [k for k in base if k not in ("factor", "statements", "triples", "total")]
    print(
        "\n| corpus | statements | triples | build + render | per 1k statements | vs 1× (per statement) | " + " | ".join(step_names) + " |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | " + " | ".join("---:" for _ in step_names) + " |")
    for r in rows:
        per_k = float(r["total"]) / int(r["statements"]) * 1000
        rel = per_k / (float(base["total"]) / int(base["statements"]) * 1000)
        steps = " | ".join(f"{float(r.get(s, 0)):.1f} s" for s in step_names)
        print(f"| {r['factor']}× | {r['statements']} | {r['triples']} | {float(r['total']):.1f} s | {per_k:.2f} s | {rel:.2f} | {steps} |")


if __name__ == "__main__":
    main()
