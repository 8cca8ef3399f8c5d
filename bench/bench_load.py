"""Load time and memory for synthetic graphs of 100k and 1M triples, on each store.

Each measurement runs in a fresh interpreter so that peak memory (max RSS) is the
load's own; the baseline is the same interpreter after importing the modules.  Also
times two typical queries on each store: partners of partners (two hops) and a class
hierarchy count through rdfs:subClassOf*.

    .venv/bin/python bench/bench_load.py --sizes 100000 1000000
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from common import machine, ms, peak_rss_mib
from synthetic import make_graph

LOAD = """
import json, time
from pathlib import Path
from kg.sparql.store import load_dataset
{warm}
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


def measure(path: Path, backend: str, cache: str | None, queries: bool, warm: str = WARM) -> tuple[float, float, dict[str, float]]:
    code = LOAD.format(path=str(path), backend=backend, cache=f"Path({cache!r})" if cache else "None", queries=queries, warm=warm)
    peak, out = peak_rss_mib(code)
    result = json.loads(out.strip().splitlines()[-1])
    return result["load"], peak, result["queries"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--memory-up-to", type=int, default=1_000_000, help="Largest size loaded into rdflib's Memory store.")
    args = parser.parse_args()
    print(f"Machine: {machine()}\n", flush=True)
    baseline, _ = peak_rss_mib("import rdflib, pyoxigraph, oxrdflib\nfrom kg.sparql.store import load_dataset\nimport kg.sparql.execute")
    print(f"| graph | store | load | peak memory (above a {baseline:.0f} MiB baseline) | two hops | subClassOf* |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            path = make_graph(size, Path(tmp) / f"g{size}.trig")
            from pyoxigraph import RdfFormat, parse

            triples = sum(1 for _ in parse(path=str(path), format=RdfFormat.TRIG))
            label = f"{triples:,} quads ({path.stat().st_size / 1e6:.0f} MB TriG)"
            cases = [
                ("Oxigraph, in memory (default)", "oxigraph", None),
                ("Oxigraph, persisted copy: first run (creates it)", "oxigraph", f"{tmp}/cache{size}"),
            ]
            cases.append(("Oxigraph, persisted copy: later runs", "oxigraph", f"{tmp}/cache{size}"))
            if size <= args.memory_up_to:
                cases.append(("rdflib Memory", "memory", None))
            for name, backend, cache in cases:
                load, peak, timings = measure(path, backend, cache, queries=True)
                q = " | ".join(ms(timings[k]) for k in ("two hops", "subClassOf*"))
                print(f"| {label} | {name} | {ms(load)} | {peak - baseline:.0f} MiB | {q} |", flush=True)


if __name__ == "__main__":
    main()
