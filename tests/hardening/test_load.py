"""``kg serve`` under load: concurrent keep-alive clients, a query mix, slow queries that time out.

A short run of the load in ``bench/loadgen.py`` (``bench/bench_serve_load.py`` runs it for
longer): four clients send catalogue questions and ad-hoc queries for 10 seconds while a
fifth sends queries that cannot finish within the server's one-second limit.  No timed
assertion: the latency and throughput figures are printed, not checked.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bench.loadgen import markdown_table, run_load
from tests.hardening.conftest import Pipeline, serve

# serial: the server's one-second limit must only catch the slow queries, which it cannot
# promise while other tests compete for the same CPUs.
pytestmark = [pytest.mark.e2e, pytest.mark.serial]

DURATION = 10.0


def test_kg_serve_under_load_answers_everything_in_flat_memory(reference: Pipeline, tmp_path: Path) -> None:
    started = time.monotonic()
    with serve(reference.out, tmp_path / "serve.log", "--timeout", "1", "--workers", "2") as server:
        report = run_load(server.process.pid, server.port, DURATION, clients=4, slow=3)
    took = time.monotonic() - started
    print(f"\n{markdown_table(report)}")
    assert took < 30, "the run stops by itself"
    assert not report.errors, [f"{s.label}: {s.status} {s.error}" for s in report.errors[:5]]
    assert report.slow and all(s.status == 503 for s in report.slow)
    assert len(report.normal) > 10 * len(report.slow)
    assert report.rss_end_kib - report.rss_start_kib < 50 * 1024, "the server's memory grows under load"
    log = server.stderr()
    assert "Traceback" not in log, log[-3000:]
