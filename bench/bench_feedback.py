"""The curator's loop: ``kg build`` and ``kg validate`` as whole processes, against a baseline commit.

Both trees are timed in the same run, in turns (baseline, current, baseline, ...), so
that a machine that speeds up or slows down during the run affects both alike; each
figure is min / median / max of the runs, and the ratio is taken pair by pair.  The
baseline is a ``git worktree`` of ``--baseline`` (the commit before the fast build by
default) run with this virtual environment, its own code first on ``PYTHONPATH``.  After
the runs the outputs of both trees are compared byte for byte: the faster build must
write the same files.

    .venv/bin/python bench/bench_feedback.py --runs 7
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from common import machine

ROOT = Path(__file__).resolve().parents[1]
KG = Path(sys.executable).parent / "kg"
GIT = shutil.which("git") or "git"
#: The last commit before the fast build (libyaml, the one-pass Turtle writer, rudof first).
BASELINE = "4706427"
COMMANDS = (("build",), ("validate",))
OUTPUTS = ("kg.ttl", "kg.trig", "report.json", "report.md")


def wall(tree: Path, args: Sequence[str]) -> float:
    """Seconds from process start to exit of ``kg ARGS`` on the project in ``tree``."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    started = time.perf_counter()
    subprocess.run([str(KG), *args, "--root", str(tree)], cwd=tree, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def paired(base: Path, head: Path, args: Sequence[str], runs: int) -> tuple[list[float], list[float]]:
    """``runs`` timings of each tree in turns, after one warm-up run each."""
    wall(base, args), wall(head, args)
    before, after = [], []
    for _ in range(runs):
        before.append(wall(base, args))
        after.append(wall(head, args))
    return before, after


def spread(values: list[float]) -> str:
    return f"{min(values):.2f} / {statistics.median(values):.2f} / {max(values):.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--baseline", default=BASELINE, help="commit to compare with (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(f"Machine: {machine()}\n", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "baseline"
        subprocess.run([GIT, "-C", str(ROOT), "worktree", "add", "--detach", str(base), args.baseline], check=True, capture_output=True)
        try:
            print(f"| command | baseline {args.baseline} (min / median / max) | now | ratio now / baseline (median of pairs) |")
            print("| --- | --- | --- | ---: |")
            for command in COMMANDS:
                before, after = paired(base, ROOT, command, args.runs)
                ratio = statistics.median(a / b for a, b in zip(after, before, strict=True))
                print(f"| kg {' '.join(command)} | {spread(before)} | {spread(after)} | {ratio:.2f} |", flush=True)
            same = [name for name in OUTPUTS if (base / "build" / name).read_bytes() == (ROOT / "build" / name).read_bytes()]
            print(
                f"\nOutputs byte-identical to the baseline's: {', '.join(same) or 'none'}"
                + ("" if len(same) == len(OUTPUTS) else f"; DIFFERENT: {', '.join(sorted(set(OUTPUTS) - set(same)))}")
            )
        finally:
            subprocess.run([GIT, "-C", str(ROOT), "worktree", "remove", "--force", str(base)], check=False, capture_output=True)


if __name__ == "__main__":
    main()
