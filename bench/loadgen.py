"""Load on ``kg serve`` over loopback: keep-alive clients, a query mix, and slow queries that hit the time limit.

Shared by ``bench/bench_serve_load.py`` (a long run, markdown table) and
``tests/hardening/test_load.py`` (a short, bounded run with assertions).  Only the
standard library and kg's own catalogue are used.

A run has three phases of equal length.  Throughout, ``clients`` threads each keep one
HTTP/1.1 connection open and send catalogue questions and ad-hoc SELECTs (JSON, CSV,
Turtle; GET and POST) as fast as answers come.  In the middle phase one more client
sends ``slow`` queries that cannot finish within the server's ``--timeout``, one after
the other: each must get 503, and the normal queries must go on getting 200.  The run
stops by itself after ``duration`` seconds or ``max_requests`` requests.  The server's
resident memory is sampled from ``/proc`` after the warm-up and at the end.
"""

from __future__ import annotations

import http.client
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kg.sparql.catalogue import load_catalogue

__all__ = ["SLOW_QUERY", "LoadReport", "Served", "markdown_table", "query_mix", "rss_kib", "run_load", "serve"]

KG = str(Path(sys.executable).parent / "kg")
#: Cannot finish in any reasonable time limit: a three-way cross join of all triples.
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
_JSON = "application/sparql-results+json, text/turtle;q=0.9"
_CSV = "text/csv, application/n-triples;q=0.9"
_AD_HOC = [
    ("all-triples", "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"),
    ("countries-iso", "SELECT ?c ?iso WHERE { ?c kg:isoCode ?iso } ORDER BY ?iso LIMIT 20"),
    ("quads-per-graph", "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"),
    ("chinese-labels", "SELECT ?x ?label WHERE { ?x a kg:Country ; skos:prefLabel ?label FILTER(lang(?label) = 'zh') }"),
    ("ask-partner", "ASK { ent:shanghai kg:cooperatesWith ?x }"),
    ("quotes-per-document", "SELECT ?doc (COUNT(?e) AS ?n) WHERE { ?e prov:wasQuotedFrom ?doc } GROUP BY ?doc"),
    ("links-of-kind", "SELECT ?link ?kind WHERE { ?link a kg:CooperationLink ; kg:kind ?kind } LIMIT 50"),
    ("describe-stcsm", "DESCRIBE ent:stcsm"),
]


@dataclass(frozen=True)
class Request:
    """One query of the mix: a label, the text, the Accept header and the HTTP method."""

    label: str
    query: str
    accept: str
    method: str


def query_mix() -> list[Request]:
    """Every catalogue question and the ad-hoc queries, each as JSON by GET and as CSV by POST."""
    queries = [(name, entry.text) for name, entry in load_catalogue().items()] + _AD_HOC
    return [Request(label, text, accept, method) for label, text in queries for accept, method in ((_JSON, "GET"), (_CSV, "POST"))]


@dataclass(frozen=True)
class Sample:
    """One answered (or failed) request."""

    started: float  # seconds since the start of the run
    seconds: float
    status: int  # 0: no HTTP answer
    label: str
    slow: bool
    error: str = ""


@dataclass
class LoadReport:
    """What a run measured."""

    duration: float
    clients: int
    samples: list[Sample]
    slow_started: list[float]
    slow_ended: list[float]
    rss_start_kib: int
    rss_end_kib: int
    rss_max_kib: int
    workers_rss_start_kib: int
    workers_rss_end_kib: int
    notes: list[str] = field(default_factory=list)

    @property
    def normal(self) -> list[Sample]:
        return [s for s in self.samples if not s.slow]

    @property
    def slow(self) -> list[Sample]:
        return [s for s in self.samples if s.slow]

    @property
    def errors(self) -> list[Sample]:
        """Normal requests without 200, slow ones without 503, and requests with no answer."""
        return [s for s in self.samples if s.error or s.status != (503 if s.slow else 200)]

    def percentile(self, q: float) -> float:
        """Latency percentile (0-100) of the normal requests, in seconds."""
        times = sorted(s.seconds for s in self.normal)
        if not times:
            return float("nan")
        return times[min(len(times) - 1, round(q / 100 * (len(times) - 1)))]

    @property
    def requests_per_second(self) -> float:
        return len(self.samples) / self.duration if self.duration else 0.0

    def median_before_and_after_timeouts(self) -> tuple[float, float]:
        """Median latency of normal requests started before the first slow query, and after the last one was answered."""
        if not self.slow_started:
            return float("nan"), float("nan")
        before = [s.seconds for s in self.normal if s.started < self.slow_started[0]]
        after = [s.seconds for s in self.normal if s.started > self.slow_ended[-1]]
        return (statistics.median(before) if before else float("nan"), statistics.median(after) if after else float("nan"))


def rss_kib(pid: int) -> int:
    """Resident memory of a process (``VmRSS`` in ``/proc/PID/status``), in KiB; 0 once it has gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return 0
    match = re.search(r"^VmRSS:\s+(\d+)\s+kB", status, re.MULTILINE)
    return int(match.group(1)) if match else 0


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(c) for c in task.read_text(encoding="ascii").split()]
        except OSError:
            continue
    return found


def _workers_rss(pid: int) -> int:
    return sum(rss_kib(child) for child in _children(pid))


class _Client:
    """One keep-alive connection; reconnects after a failure."""

    def __init__(self, port: int, timeout: float) -> None:
        self.port, self.timeout = port, timeout
        self.conn: http.client.HTTPConnection | None = None

    def send(self, request: Request) -> tuple[int, bytes]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        headers = {"Accept": request.accept}
        if request.method == "GET":
            self.conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": request.query}), headers=headers)
        else:
            headers["Content-Type"] = "application/sparql-query"
            self.conn.request("POST", "/sparql", request.query.encode("utf-8"), headers)
        response = self.conn.getresponse()
        body = response.read()
        if response.will_close:
            self.close()
        return response.status, body

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def _timed(client: _Client, request: Request, t0: float, slow: bool) -> Sample:
    started = time.perf_counter()
    try:
        status, body = client.send(request)
        error = "" if status in (200, 503) else body[:200].decode("utf-8", "replace")
    except (OSError, http.client.HTTPException) as exc:
        client.close()
        status, error = 0, f"{type(exc).__name__}: {exc}"
    return Sample(started - t0, time.perf_counter() - started, status, request.label, slow, error)


def run_load(
    pid: int,
    port: int,
    duration: float,
    clients: int = 4,
    slow: int = 3,
    max_requests: int = 1_000_000,
    seed: int = 7,
) -> LoadReport:
    """Run the load described in the module docstring against ``kg serve`` (process ``pid``) on ``port``."""
    mix = query_mix()
    warm = _Client(port, 60)
    for request in mix:  # every distinct query once: checks cached, engine warm
        sample = _timed(warm, request, 0.0, slow=False)
        if sample.status != 200:
            raise RuntimeError(f"warm-up query {request.label} failed: {sample.status} {sample.error}")
    warm.close()
    rss_start, workers_start = rss_kib(pid), _workers_rss(pid)
    rss_max = rss_start
    samples: list[Sample] = []
    lock = threading.Lock()
    stop = threading.Event()
    slow_started: list[float] = []
    slow_ended: list[float] = []
    t0 = time.perf_counter()
    deadline = t0 + duration

    def keep_going() -> bool:
        return not stop.is_set() and time.perf_counter() < deadline

    def normal_client(index: int) -> None:
        rng = random.Random(seed * 1000 + index)
        client = _Client(port, 60)
        while keep_going():
            sample = _timed(client, rng.choice(mix), t0, slow=False)
            with lock:
                samples.append(sample)
                if len(samples) >= max_requests:
                    stop.set()
        client.close()

    def slow_client() -> None:
        client = _Client(port, 60)
        request = Request("slow", SLOW_QUERY, _JSON, "GET")
        for _ in range(slow):
            if time.perf_counter() < t0 + duration / 3:
                time.sleep(max(0.0, t0 + duration / 3 - time.perf_counter()))
            if not keep_going() or time.perf_counter() > t0 + 2 * duration / 3:
                break
            slow_started.append(time.perf_counter() - t0)
            sample = _timed(client, request, t0, slow=True)
            slow_ended.append(time.perf_counter() - t0)
            with lock:
                samples.append(sample)
        client.close()

    threads = [threading.Thread(target=normal_client, args=(i,), daemon=True) for i in range(clients)]
    if slow:
        threads.append(threading.Thread(target=slow_client, daemon=True))
    for thread in threads:
        thread.start()
    while any(t.is_alive() for t in threads) and time.perf_counter() < deadline + 60:
        rss_max = max(rss_max, rss_kib(pid))
        time.sleep(0.25)
    stop.set()
    for thread in threads:
        thread.join(5)
    elapsed = time.perf_counter() - t0
    notes = [] if len(samples) < max_requests else [f"stopped at {max_requests} requests"]
    with lock:
        taken = list(samples)
    return LoadReport(
        elapsed,
        clients,
        taken,
        slow_started,
        slow_ended,
        rss_start,
        rss_kib(pid),
        max(rss_max, rss_kib(pid)),
        workers_start,
        _workers_rss(pid),
        notes,
    )


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _mib(kib: int) -> str:
    return f"{kib / 1024:.0f} MiB"


def markdown_table(report: LoadReport) -> str:
    """The figures of a run as a markdown table."""
    before, after = report.median_before_and_after_timeouts()
    slow_statuses = ", ".join(str(s.status) for s in report.slow) or "none"
    rows = [
        ("duration", f"{report.duration:.1f} s, {report.clients} keep-alive clients + 1 slow-query client"),
        ("requests served", f"{len(report.samples)} ({len(report.normal)} normal, {len(report.slow)} slow)"),
        ("errors", str(len(report.errors))),
        ("requests/s", f"{report.requests_per_second:.0f}"),
        ("latency p50 / p95 / p99 (normal)", f"{_ms(report.percentile(50))} / {_ms(report.percentile(95))} / {_ms(report.percentile(99))}"),
        ("slow queries (expect 503)", slow_statuses),
        ("median latency before / after the timeouts", f"{_ms(before)} / {_ms(after)}"),
        ("server RSS after warm-up / end (max)", f"{_mib(report.rss_start_kib)} / {_mib(report.rss_end_kib)} ({_mib(report.rss_max_kib)})"),
        ("workers' RSS after warm-up / end", f"{_mib(report.workers_rss_start_kib)} / {_mib(report.workers_rss_end_kib)}"),
    ]
    lines = ["| measure | value |", "| --- | ---: |", *(f"| {k} | {v} |" for k, v in rows)]
    return "\n".join(lines + [f"\n{note}" for note in report.notes]) + "\n"


@dataclass
class Served:
    """A running ``kg serve``: its process, port and standard error (a file, read at the end)."""

    process: subprocess.Popen[bytes]
    port: int
    stderr_path: Path

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")


@contextmanager
def serve(build_dir: Path, log: Path, *options: str) -> Iterator[Served]:
    """The real ``kg serve`` on a free port of 127.0.0.1 (standard error to ``log``), stopped on exit."""
    with log.open("wb") as stderr:
        process = subprocess.Popen([KG, "serve", "--port", "0", "--build", str(build_dir), *options], stderr=stderr)
    try:
        deadline = time.monotonic() + 60
        port = None
        while port is None:
            match = re.search(r"http://127\.0\.0\.1:(\d+)/sparql", log.read_text(encoding="utf-8", errors="replace"))
            if match:
                port = int(match.group(1))
            elif process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("kg serve did not start:\n" + log.read_text(encoding="utf-8", errors="replace"))
            else:
                time.sleep(0.05)
        yield Served(process, port, log)
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
