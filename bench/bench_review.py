"""How long one review decision takes in ``kg review``, against checking a hand edit with ``kg validate``, in one run.

Before ``kg review`` a curator uncommented a suggestion in the YAML draft and ran
``kg validate --include-drafts`` to find out whether it was right: that whole command
is the baseline.  The shipped loop is one decision of the review page: the build's
loader and quote check on the new text, then the atomic write, then the new state the
page shows (:meth:`kg.review.session.ReviewSession.decide`); and ``state()``, what a
page reload costs.  Both run on a private copy of the project holding the seed
document 004's text re-ingested as a draft (its 200 suggestions).

    .venv/bin/python bench/bench_review.py
    .venv/bin/python bench/bench_review.py --decisions 20 --repeat 5
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from common import KG, ROOT, machine, median, ms

from kg.ingest.pipeline import ingest, load_registry
from kg.project import Project
from kg.review.session import ReviewSession


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decisions", type=int, default=10, help="rejections timed (each a real write)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of kg validate and of state() (the median is shown)")
    args = parser.parse_args()
    print(f"Machine: {machine()}\n", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name in ("seeds", "ontology"):
            shutil.copytree(ROOT / name, root / name)
        project = Project(root)
        text = (ROOT / "seeds" / "004_dd0722aa1d9f3bb1.txt").read_text(encoding="utf-8")
        src = root / "again.txt"
        src.write_text(text + "\n（再次收录）\n", encoding="utf-8")  # another text: the same one would be refused as ingested
        registry = load_registry(project)
        ingest(project, src, "b01", registry=registry)
        started = time.perf_counter()
        session = ReviewSession(project, "b01", registry)
        opened = time.perf_counter() - started

        validate = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            subprocess.run([KG, "validate", "--include-drafts", "--quiet", "--root", str(root)], check=True, capture_output=True)
            validate.append(time.perf_counter() - t0)
        states = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            state = session.state()
            states.append(time.perf_counter() - t0)
        decisions = []
        open_items = [i["id"] for i in state["items"] if i["type"] == "statement"][: args.decisions]
        for item in open_items:
            t0 = time.perf_counter()
            state = session.decide(state["version"], item, "reject", {})
            decisions.append(time.perf_counter() - t0)

    base = median(validate)
    print(f"Draft of {len(state['items'])} items; opening the review (analysis, registry given): {ms(opened)}\n")
    print("| step | median | min | max | / kg validate |")
    print("| --- | ---: | ---: | ---: | ---: |")
    print(f"| kg validate --include-drafts (baseline: check a hand edit) | {ms(base)} | {ms(min(validate))} | {ms(max(validate))} | 1.00 |")
    for name, values in (("one decision: check, write, new state", decisions), ("state (a page reload)", states)):
        print(f"| {name} | {ms(median(values))} | {ms(min(values))} | {ms(max(values))} | {median(values) / base:.2f} |")


if __name__ == "__main__":
    main()
