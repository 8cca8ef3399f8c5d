"""Load time and memory for synthetic graphs of 100k and 1M triples, on each store, before and after.

"Before" is the loading code kept in ``load_baseline.py`` (as of commit 4706427);
"after" is the current ``kg.sparql.store``.  Both go through the same
``load_dataset``, and their runs alternate, so that a busy machine slows both alike.
Each measurement runs in a fresh interpreter so that peak memory (max RSS) is the
load's own; the baseline is the same interpreter after importing the modules.  Also
times two typical queries on each store: partners of partners (two hops) and a class
hierarchy count through rdfs:subClassOf*.

    .venv/bin/python bench/bench_load.py --sizes 100000 1000000 --runs 3
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from common import machine, ms, peak_rss_mib
from synthetic import make_graph

LOAD = """
import json, time
from pathlib import Path
from kg.sparql.store import load_dataset
{warm}
{setup}
started = time.perf_counter()
ds = load_dataset([Path({path!r})], {backend!r}, {cache})
loaded = time.perf_counter() - started
timings = {{}}
if {queries}:
    from kg.sparql.execute import check_for, run_query
    for name, q in {{
        "two hops": "SELECT (COUNT(*) AS ?n) WHERE {{ ent:a1 kg:cooperatesWith ?b . ?b kg:cooperatesWith ?c }}",
        "subClassOf*": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a ?c . ?c rdfs:subClassOf* kg:Actor }}",
    }}.items():
        checked = check_for(ds, q)
        run_query(ds, checked)
        runs = []
        for _ in range(3):
            t = time.perf_counter(); run_query(ds, checked); runs.append(time.perf_counter() - t)
        timings[name] = sorted(runs)[1]
print(json.dumps({{"load": loaded, "queries": timings}}))
"""


WARM = "import pyoxigraph, oxrdflib\nfrom rdflib import Dataset\nimport rdflib.plugins.sparql"
#: Runs the old loading code instead of the current one (the interpreter runs in the project root).
BEFORE = "import sys\nsys.path.insert(0, 'bench')\nimport load_baseline\nload_baseline.install()"
SIDES = {"before": BEFORE, "after": ""}


@dataclass
class Runs:
    """The measurements of one side (before or after) of one row."""

    loads: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)
    queries: list[dict[str, float]] = field(default_factory=list)

    def spread(self) -> str:
        """min / median / max load time."""
        return " / ".join(seconds(v) for v in (min(self.loads), statistics.median(self.loads), max(self.loads)))

    def query(self, name: str) -> str:
        return ms(statistics.median(t[name] for t in self.queries))


def seconds(value: float) -> str:
    return f"{value:.3f} s" if value < 0.1 else f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def measure(path: Path, backend: str, cache: str | None, setup: str, warm: str = WARM) -> tuple[float, float, dict[str, float]]:
    code = LOAD.format(path=str(path), backend=backend, cache=f"Path({cache!r})" if cache else "None", queries=True, warm=warm, setup=setup)
    peak, out = peak_rss_mib(code)
    result = json.loads(out.strip().splitlines()[-1])
    return result["load"], peak, result["queries"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3, help="Runs of each side of each row (they alternate).")
    parser.add_argument("--memory-up-to", type=int, default=1_000_000, help="Largest size loaded into rdflib's Memory store.")
    parser.add_argument("--memory-runs", type=int, default=1, help="Runs of each side for rdflib's Memory store (a minute each at 1M).")
    args = parser.parse_args()
    print(f"Machine: {machine()}\n", flush=True)
    baseline, _ = peak_rss_mib("import rdflib, pyoxigraph, oxrdflib\nfrom kg.sparql.store import load_dataset\nimport kg.sparql.execute")
    print(
        f"Load time min / median / max of {args.runs} runs (rdflib Memory: {args.memory_runs}); "
        f"peak memory is the median above a {baseline:.0f} MiB baseline; query times are medians, before → after.\n"
    )
    print("| graph | store | before | after | after / before | peak memory before → after | two hops | subClassOf* |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            path = make_graph(size, Path(tmp) / f"g{size}.trig")
            from pyoxigraph import RdfFormat, parse

            triples = sum(1 for _ in parse(path=str(path), format=RdfFormat.TRIG))
            label = f"{triples:,} quads ({path.stat().st_size / 1e6:.0f} MB TriG)"
            # (row name, backend, cache directory or None, the cache is made afresh by each run, runs)
            cases = [
                ("Oxigraph, in memory (default)", "oxigraph", None, False, args.runs),
                ("Oxigraph, persisted copy: first run (creates it)", "oxigraph", "cache", True, args.runs),
                ("Oxigraph, persisted copy: later runs", "oxigraph", "cache", False, args.runs),
            ]
            if size <= args.memory_up_to:
                cases.append(("rdflib Memory", "memory", None, False, args.memory_runs))
            for name, backend, cache, fresh, runs in cases:
                sides = {side: Runs() for side in SIDES}
                for run in range(runs):
                    for side, setup in SIDES.items():
                        folder = None
                        if cache:  # one copy per side; a first run gets a directory of its own
                            folder = f"{tmp}/{cache}-{size}-{side}" + (f"-{run}" if fresh else "-0")
                        load, peak, timings = measure(path, backend, folder, setup)
                        sides[side].loads.append(load)
                        sides[side].peaks.append(peak - baseline)
                        sides[side].queries.append(timings)
                before, after = sides["before"], sides["after"]
                ratio = statistics.median(after.loads) / statistics.median(before.loads)
                memory = f"{statistics.median(before.peaks):,.0f} → {statistics.median(after.peaks):,.0f} MiB"
                q = " | ".join(f"{before.query(k)} → {after.query(k)}" for k in ("two hops", "subClassOf*"))
                print(f"| {label} | {name} | {before.spread()} | {after.spread()} | {ratio:.2f} | {memory} | {q} |", flush=True)


if __name__ == "__main__":
    main()
