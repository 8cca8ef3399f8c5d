"""Catalogue latency on the default store (Oxigraph behind rdflib) against rdflib's Memory store, and cold start.

Both stores are loaded from the same build output in the same run; each catalogue
query (default parameters) is run ``--repeat`` times on each after one warm-up run,
and the per-query medians are compared.  Cold start is the wall time of the real
``kg query partners-of-actor`` from process start to exit.

    .venv/bin/kg build && .venv/bin/python bench/bench_queries.py
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
from pathlib import Path

from common import KG, ROOT, machine, median, ms, timed

from kg.sparql.catalogue import load_catalogue
from kg.sparql.execute import check_for, run_query
from kg.sparql.store import build_files, load_dataset


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", type=Path, default=ROOT / "build")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cold-runs", type=int, default=10)
    args = parser.parse_args()
    files = build_files(args.build)
    stores = {name: load_dataset(files, name) for name in ("oxigraph", "memory")}
    print(f"Machine: {machine()}\n")
    print("| query | Oxigraph (default) | rdflib Memory | speed-up |")
    print("| --- | ---: | ---: | ---: |")
    fast_all, slow_all, ratios = [], [], []
    for name, entry in load_catalogue().items():
        medians = {}
        for store_name, ds in stores.items():
            checked = check_for(ds, entry.text, name)
            run_query(ds, checked)  # warm-up
            medians[store_name] = median(timed(lambda ds=ds, checked=checked: run_query(ds, checked), args.repeat))
        fast, slow = medians["oxigraph"], medians["memory"]
        fast_all.append(fast)
        slow_all.append(slow)
        ratios.append(slow / fast)
        print(f"| {name} | {ms(fast)} | {ms(slow)} | {slow / fast:.0f}× |")
    fast_m, slow_m = median(fast_all), median(slow_all)
    print(f"| **median over the catalogue** | **{ms(fast_m)}** | **{ms(slow_m)}** | **{slow_m / fast_m:.0f}×** |")
    print(
        f"\nGeometric mean of the per-query speed-ups: {statistics.geometric_mean(ratios):.0f}×; "
        f"whole catalogue once: {ms(sum(fast_all))} vs {ms(sum(slow_all))}.\n"
    )

    def cold(*argv: str) -> float:
        return median(timed(lambda: subprocess.run([KG, *argv], capture_output=True, check=True), args.cold_runs))

    help_time = cold("--help")
    query_time = cold("query", "partners-of-actor", "--build", str(args.build))
    memory_time = cold("query", "partners-of-actor", "--build", str(args.build), "--store", "memory")
    print(f"| cold start (process start to exit, median of {args.cold_runs}) | time |")
    print("| --- | ---: |")
    print(f"| `kg --help` (baseline: Python, typer, rich) | {ms(help_time)} |")
    print(f"| `kg query partners-of-actor` (default store) | {ms(query_time)} |")
    print(f"| `kg query partners-of-actor --store memory` | {ms(memory_time)} |")


if __name__ == "__main__":
    main()
