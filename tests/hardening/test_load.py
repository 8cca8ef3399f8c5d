"""``kg serve`` under load: concurrent keep-alive clients, a query mix, slow queries that time out.

A short run of the load in ``bench/loadgen.py`` (``bench/bench_serve_load.py`` runs it for
longer): four clients send catalogue questions and ad-hoc queries for 10 seconds while a
fifth sends queries that cannot finish within the server's one-second limit.  Asserted:
no errors (every normal query 200, every slow one 503), no traceback, flat memory.  No
timed assertion: wall time, throughput and latency are printed here and compared in
``bench/bench_serve_load.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.loadgen import markdown_table, run_load
from tests.hardening.conftest import Pipeline, serve

# serial: the server's one-second limit must only catch the slow queries, which it cannot
# promise while other tests compete for the same CPUs.
pytestmark = [pytest.mark.e2e, pytest.mark.serial]

DURATION = 10.0


def test_kg_serve_under_load_answers_everything_in_flat_memory(reference: Pipeline, tmp_path: Path) -> None:
    with serve(reference.out, tmp_path / "serve.log", "--timeout", "1", "--workers", "2") as server:
        report = run_load(server.process.pid, server.port, DURATION, clients=4, slow=3)
    print(f"\n{markdown_table(report)}")
    assert not report.errors, [f"{s.label}: {s.status} {s.error}" for s in report.errors[:5]]
    assert report.normal, "no normal query was answered"
    assert report.slow and all(s.status == 503 for s in report.slow)
    assert report.rss_end_kib - report.rss_start_kib < 50 * 1024, "the server's memory grows under load"
    log = server.stderr()
    assert "Traceback" not in log, log[-3000:]
