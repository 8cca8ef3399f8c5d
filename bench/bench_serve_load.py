"""``kg serve`` under load: keep-alive clients, catalogue and ad-hoc queries, slow queries that time out.

The same load as ``tests/hardening/test_load.py`` (see ``loadgen.py``), for longer:

    .venv/bin/kg build && .venv/bin/python bench/bench_serve_load.py            # 60 s
    .venv/bin/python bench/bench_serve_load.py --duration 300 --clients 8

Prints the machine and a markdown table (requests, errors, latency percentiles,
requests/s, memory) for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from common import ROOT, machine
from loadgen import markdown_table, run_load, serve


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
        with serve(args.build, log, *options) as server:
            report = run_load(server.process.pid, server.port, args.duration, args.clients, args.slow)
        stderr = server.stderr()
    print(f"Machine: {machine()}\n")
    print(f"`kg serve --timeout {args.timeout:g} --workers {args.workers}`, {args.duration:g} s:\n")
    print(markdown_table(report))
    for sample in report.errors[:10]:
        print(f"error: {sample.label} -> {sample.status} {sample.error}", file=sys.stderr)
    if "Traceback" in stderr:
        print("the server wrote a traceback:\n" + stderr, file=sys.stderr)
    return 1 if report.errors or "Traceback" in stderr else 0


if __name__ == "__main__":
    sys.exit(main())
