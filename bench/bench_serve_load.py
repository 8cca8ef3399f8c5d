"""``kg serve`` under load: keep-alive clients, catalogue and ad-hoc queries, slow queries that time out.

The same load as ``tests/hardening/test_load.py`` (see ``loadgen.py``), for longer:

    .venv/bin/kg build && .venv/bin/python bench/bench_serve_load.py            # 60 s
    .venv/bin/python bench/bench_serve_load.py --duration 300 --clients 8

Prints the machine and markdown tables for docs/benchmarks.md: the run's figures
(requests, errors, latency percentiles, requests/s, memory), then the same run split
into phases, each compared with the phase before the first slow query (the baseline,
measured in the same run): throughput and latency while the slow queries run and
after; how long a slow query takes to get its 503 against the server's ``--timeout``;
and the wall time of the whole run (start, warm-up, load, stop) against the load's
duration.  These are the figures ``tests/hardening/test_load.py`` prints but does not
assert.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, machine, ms
from loadgen import LoadReport, markdown_table, run_load, serve


def _phase(report: LoadReport, start: float, end: float) -> tuple[float, float, float]:
    """Requests/s, median and 95th-percentile latency of the normal requests started in ``[start, end)``."""
    times = sorted(s.seconds for s in report.normal if start <= s.started < end)
    if not times or end <= start:
        return float("nan"), float("nan"), float("nan")
    return len(times) / (end - start), statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def phase_table(report: LoadReport, timeout: float, wall: float) -> str:
    """The run by phase, against the phase before the first slow query; slow queries against the time limit; wall time."""
    if not report.slow_started:
        return "No slow query was sent: no phases to compare.\n"
    phases = [
        ("before the slow queries (baseline)", 0.0, report.slow_started[0]),
        ("while slow queries run", report.slow_started[0], report.slow_ended[-1]),
        ("after the last 503", report.slow_ended[-1], report.duration),
    ]
    base_rate, base_p50, _ = _phase(report, 0.0, report.slow_started[0])
    lines = [
        "| phase | seconds | requests/s | vs baseline | p50 / p95 latency | p50 vs baseline |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, start, end in phases:
        rate, p50, p95 = _phase(report, start, end)
        lines.append(
            f"| {label} | {end - start:.1f} | {rate:.0f} | {rate / base_rate:.2f}× | {ms(p50)} / {ms(p95)} | {p50 / base_p50:.2f}× |"
        )
    slow = sorted(s.seconds for s in report.slow)
    lines += [
        "",
        f"Slow queries: {len(slow)}, answered 503 after {ms(statistics.median(slow))} (median) with --timeout {timeout:g} s "
        f"({statistics.median(slow) / timeout:.2f}× the limit, longest {max(slow) / timeout:.2f}×); "
        f"{len(report.normal) / len(slow):.0f} normal requests per slow query.",
        f"Wall time of the whole run (server start, warm-up, load, stop): {wall:.1f} s for a {report.duration:.1f} s load "
        f"({wall / report.duration:.2f}×).",
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", type=Path, default=ROOT / "build", help="build directory to serve (default: build/)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load (default 60)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent keep-alive clients (default 4)")
    parser.add_argument("--slow", type=int, default=5, help="queries that hit the time limit, sent in the middle third (default 5)")
    parser.add_argument("--timeout", type=float, default=1.0, help="the server's --timeout in seconds (default 1)")
    parser.add_argument("--workers", type=int, default=2, help="the server's --workers (default 2)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        log = Path(scratch) / "serve.log"
        options = ("--timeout", str(args.timeout), "--workers", str(args.workers))  # request log on, as by default
        started = time.perf_counter()
        with serve(args.build, log, *options) as server:
            report = run_load(server.process.pid, server.port, args.duration, args.clients, args.slow)
        wall = time.perf_counter() - started
        stderr = server.stderr()
    print(f"Machine: {machine()}\n")
    print(f"`kg serve --timeout {args.timeout:g} --workers {args.workers}`, {args.duration:g} s:\n")
    print(markdown_table(report))
    print(phase_table(report, args.timeout, wall))
    for sample in report.errors[:10]:
        print(f"error: {sample.label} -> {sample.status} {sample.error}", file=sys.stderr)
    if "Traceback" in stderr:
        print("the server wrote a traceback:\n" + stderr, file=sys.stderr)
    return 1 if report.errors or "Traceback" in stderr else 0


if __name__ == "__main__":
    sys.exit(main())
