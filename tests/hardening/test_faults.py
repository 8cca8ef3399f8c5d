"""Faults: ``kg build`` killed at any moment, a full disk, an unwritable build/, clients that vanish or stall.

Each fault is the real thing where the machine allows it: SIGKILL of the real ``kg build``,
a file-size limit (``RLIMIT_FSIZE``, so writes fail with EFBIG as on a full disk), a
directory that is a file, in ``/proc``, immutable (``chattr +i`` stops root too) or
read-only by its mode (not for root), and raw sockets against the real ``kg serve``.
The moments inside :func:`kg.build.output.write_outputs` that a kill rarely hits are covered
step by step in process.
"""

from __future__ import annotations

import errno
import hashlib
import http.client
import json
import os
import random
import re
import resource
import shutil
import signal
import socket
import struct
import subprocess
import time
import urllib.parse
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from rdflib import Dataset, Graph

from kg.build.output import JOURNAL, OutputError, recover, write_outputs
from kg.build.pipeline import OUTPUT_FILES
from tests.hardening.conftest import KG, Pipeline, copy_project, digests, kg, serve

pytestmark = pytest.mark.e2e

OUTPUTS = sorted(OUTPUT_FILES)
#: Hidden leftovers a killed writer may leave: its staged files, the journal and the journal's own temporary file.
_LEFTOVER = re.compile(r"\.(?:" + "|".join(re.escape(n) for n in [*OUTPUTS, JOURNAL]) + r")\.[a-z0-9_]{8}\.tmp|" + re.escape(JOURNAL))


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _edit(root: Path) -> None:
    """Change the input so that every output of the next build differs: one more (unused) entity in the registry."""
    with (root / "seeds/curation/entities/core.yaml").open("a", encoding="utf-8") as registry:
        registry.write("\n  - id: hardening-probe\n    class: Organisation\n    label:\n      en: Hardening Probe Organisation\n")


def _fill(folder: Path, files: dict[str, bytes]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)


def _parses(files: dict[str, bytes]) -> None:
    """Each output is readable by what reads it: rdflib for Turtle and TriG, json, UTF-8."""
    assert len(Graph().parse(data=files["kg.ttl"].decode("utf-8"), format="turtle")) > 10_000
    assert len(Dataset().parse(data=files["kg.trig"].decode("utf-8"), format="trig")) > 10_000
    assert json.loads(files["report.json"])["totals"]["entities"] > 400
    assert files["report.md"].decode("utf-8").startswith("# Build report")


# --- SIGKILL during kg build ----------------------------------------------------------------


@dataclass
class Kill:
    """One kill of a running ``kg build``: what triggers it and what it left."""

    trigger: str  # "delay" (a share of the time the build takes to start writing) or a phase: staging, commit, renaming
    wait: float  # the share, or seconds to wait once the phase is seen
    at: float = 0.0  # seconds from start to the kill
    status: int | None = None  # -9 killed; 0 when the build finished first
    state: str = ""  # where the build was, read from what changed in the directory
    entries: dict[str, str] = field(default_factory=dict)  # every file left in the directory -> sha256
    recovered: dict[str, str] = field(default_factory=dict)  # the outputs after kg.build.output.recover on a copy

    @property
    def journal(self) -> bool:
        return JOURNAL in self.entries


def _inodes(folder: Path) -> dict[str, int]:
    """Name -> inode of every entry, from one directory read (cheap enough to poll every half millisecond)."""
    with os.scandir(folder) as entries:
        return {entry.name: entry.inode() for entry in entries}


def _phase_seen(folder: Path, phase: str, before: dict[str, int]) -> bool:
    """Has the build reached ``phase``?  Compared with the directory as it was at the start (names and inodes)."""
    now = _inodes(folder)
    if phase == "staging":  # a staged file the build just created
        return any(_LEFTOVER.fullmatch(n) and n != JOURNAL for n in set(now) - set(before))
    name = JOURNAL if phase == "commit" else OUTPUTS[0]  # renaming: the first output was replaced
    return name in now and now[name] != before.get(name)


def _state(before: dict[str, int], after: dict[str, int], status: int) -> str:
    if status == 0:
        return "finished before the kill"
    changed = {n for n, inode in after.items() if before.get(n) != inode}
    replaced = sum(n in changed for n in OUTPUTS)
    if JOURNAL in changed:
        return f"committed, {replaced}/{len(OUTPUTS)} renamed"
    if replaced == len(OUTPUTS):
        return "all renamed, journal removed"
    return "staging" if changed else "computing (nothing written)"


def _kill_once(root: Path, folder: Path, kill: Kill, write_starts: float, scratch: Path) -> float:
    """Start ``kg build``, SIGKILL it as ``kill`` says, record what it left; returns when it started writing (if seen)."""
    before = _inodes(folder)
    process = subprocess.Popen([KG, "build", "--root", str(root), "--build", str(folder), "--quiet"], stderr=subprocess.DEVNULL)
    started = time.monotonic()
    if kill.trigger == "delay":
        while process.poll() is None and time.monotonic() - started < kill.wait * write_starts:
            time.sleep(0.002)
    else:
        while process.poll() is None and not _phase_seen(folder, kill.trigger, before):
            time.sleep(0.0005)
        if process.poll() is None:
            write_starts = min(write_starts, time.monotonic() - started)
        time.sleep(kill.wait)
    process.send_signal(signal.SIGKILL)
    kill.status = process.wait()
    kill.at = time.monotonic() - started
    kill.state = _state(before, _inodes(folder), kill.status)
    kill.entries = {p.name: _sha(p.read_bytes()) for p in folder.iterdir()}
    copy = scratch / "copy"
    shutil.copytree(folder, copy)
    recover(copy)
    kill.recovered = {n: _sha((copy / n).read_bytes()) for n in OUTPUTS}
    shutil.rmtree(copy)
    return write_starts


def _plan(rng: random.Random) -> list[list[Kill]]:
    """Two lanes of kills, each opening with a phase of writing (which also times the build), then alternating with delays.

    Delays are seeded shares (0.05 to 0.9) of the shortest time a build of the lane took to start writing.
    """

    def delay() -> Kill:
        return Kill("delay", rng.uniform(0.05, 0.9))

    return [
        [Kill("staging", rng.uniform(0.0, 0.005)), delay(), Kill("renaming", 0.0), delay()],
        [Kill("commit", 0.0), delay(), Kill("staging", rng.uniform(0.005, 0.05)), delay()],
    ]


def test_sigkill_at_any_moment_of_kg_build_leaves_old_or_new_outputs(reference: Pipeline, tmp_path: Path) -> None:
    old_files = reference.build_outputs()
    old = {n: _sha(d) for n, d in old_files.items()}
    root = copy_project(tmp_path / "project")
    _edit(root)
    lanes = [tmp_path / "lane0", tmp_path / "lane1"]
    plan = _plan(random.Random(20261123))

    def run_lane(index: int) -> None:
        folder, write_starts = lanes[index], reference.build_seconds
        for kill in plan[index]:
            if JOURNAL not in os.listdir(folder):  # each kill starts from the previous outputs, plus what earlier kills left
                _fill(folder, old_files)
            write_starts = _kill_once(root, folder, kill, write_starts, tmp_path / f"scratch{index}")

    for folder in lanes:
        _fill(folder, old_files)
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(run_lane, range(2)))
    # The next build in each lane, and a clean build of the same input for comparison.
    clean = tmp_path / "clean"
    with ThreadPoolExecutor(3) as pool:
        finals = list(pool.map(lambda out: kg("build", "--root", str(root), "--build", str(out), "--quiet"), [*lanes, clean]))
    for result in finals:
        assert result.returncode == 0, result.stderr
    new_files = {n: (clean / n).read_bytes() for n in OUTPUTS}
    new = {n: _sha(d) for n, d in new_files.items()}
    assert all(old[n] != new[n] for n in OUTPUTS), "the edit must change every output"
    _parses(old_files)
    _parses(new_files)

    kills = [k for lane in plan for k in lane]
    print(f"\n{sum(k.status == -9 for k in kills)} of {len(kills)} kills of kg build landed:")
    for number, kill in enumerate(kills, 1):
        how = f"{kill.wait:.2f} of the time to writing" if kill.trigger == "delay" else f"{kill.trigger} + {kill.wait * 1000:.0f} ms"
        print(f"  {number:2d}. {how:<34} killed at {kill.at:5.2f} s, exit {kill.status}: {kill.state}")
        leftovers = set(kill.entries) - set(OUTPUTS)
        assert all(_LEFTOVER.fullmatch(n) for n in leftovers), f"visible stray files: {leftovers}"
        for name in OUTPUTS:
            assert kill.entries[name] in (old[name], new[name]), f"{name} is neither the old nor the new version"
        outputs = {n: kill.entries[n] for n in OUTPUTS}
        if not kill.journal:
            assert outputs in (old, new), "without a journal the set is all old or all new"
        assert kill.recovered == (new if kill.journal else outputs), "recovery completes a committed set and touches nothing else"
    for folder in lanes:
        assert sorted(os.listdir(folder)) == OUTPUTS, "the next build removes what the kills left"
        assert digests(folder) == new


class _Killed(BaseException):
    """Stands for SIGKILL: not an OSError, so no clean-up code runs."""


def _killing_at(step: int | None, counter: list[int]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def wrap(real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            counter[0] += 1
            if counter[0] == step:
                raise _Killed
            return real(*args, **kwargs)

        return call

    return wrap


def test_a_kill_between_any_two_system_calls_of_writing_leaves_one_whole_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = {n: f"old {n}\n".encode() * 500 for n in OUTPUTS}
    new = {n: f"new {n}\n".encode() * 2000 for n in OUTPUTS}
    old_h, new_h = ({n: _sha(d) for n, d in files.items()} for files in (old, new))
    calls = ("open", "write", "fsync", "replace", "unlink", "rename", "fchmod")  # close changes nothing on disk

    def write(folder: Path, step: int | None) -> int:
        counter = [0]
        with monkeypatch.context() as patch:
            for name in calls:
                patch.setattr(os, name, _killing_at(step, counter)(getattr(os, name)))
            write_outputs(folder, new)
        return counter[0]

    steps = write(_fill_to(tmp_path / "count", old), None)
    assert steps > 20
    seen = set()
    for step in range(1, steps + 1):
        folder = _fill_to(tmp_path / f"kill-{step}", old)
        with pytest.raises(_Killed):
            write(folder, step)
        left = {p.name: _sha(p.read_bytes()) for p in folder.iterdir()}
        assert all(_LEFTOVER.fullmatch(n) for n in set(left) - set(OUTPUTS))
        outputs = {n: left[n] for n in OUTPUTS}
        assert all(outputs[n] in (old_h[n], new_h[n]) for n in OUTPUTS)
        if JOURNAL not in left:
            assert outputs in (old_h, new_h)
        seen.add("mixed" if outputs not in (old_h, new_h) else "new" if outputs == new_h else "old")
        recover(folder)
        assert digests(folder) == (new_h if JOURNAL in left else left), "recovery completes a committed set, touches nothing else"
        write_outputs(folder, new)
        assert digests(folder) == new_h, "the next write cleans up and completes"
    assert seen == {"old", "mixed", "new"}


def _fill_to(folder: Path, files: dict[str, bytes]) -> Path:
    _fill(folder, files)
    return folder


# --- full disk ---------------------------------------------------------------------------


class _FullDisk:
    """``os.write`` and ``os.fsync`` of a disk that fills up after ``budget`` bytes (``None``: it fails at fsync instead)."""

    def __init__(self, budget: int | None) -> None:
        self.budget = budget
        self.real_write, self.real_fsync = os.write, os.fsync

    def write(self, fd: int, data: Any) -> int:
        if self.budget is None:
            return self.real_write(fd, data)
        if self.budget <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written = self.real_write(fd, bytes(data)[: self.budget])  # a short write first, as a real disk does
        self.budget -= written
        return written

    def fsync(self, fd: int) -> None:
        if self.budget is None and not os.path.isdir(f"/proc/self/fd/{fd}"):  # delayed allocation reports at fsync
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.real_fsync(fd)


def test_a_full_disk_while_writing_leaves_the_previous_outputs(
    reference: Pipeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ENOSPC at several points of writing, and from fsync: nothing replaced, nothing left behind."""
    old = reference.build_outputs()
    new = {n: d + b"\n" for n, d in old.items()}
    total = sum(len(d) for d in new.values())
    for budget in (0, 100, len(new["kg.trig"]) // 2, len(new["kg.trig"]) + 10, total - 10, None):
        folder = _fill_to(tmp_path / f"disk-{budget}", old)
        before = digests(folder)
        disk = _FullDisk(budget)
        with monkeypatch.context() as patch:
            patch.setattr(os, "write", disk.write)
            patch.setattr(os, "fsync", disk.fsync)
            with pytest.raises(OutputError) as caught:
                write_outputs(folder, new)
        message = str(caught.value)
        assert caught.value.exit_code == 3
        assert "no space left" in message and str(folder) in message and "free some space" in message
        assert digests(folder) == before, f"budget {budget}: previous outputs changed or temporary files left"


def _fsize_limit(limit: int) -> Callable[[], None]:
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with EFBIG instead of killing the process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_kg_build_past_the_file_size_limit_exits_3_and_keeps_the_previous_outputs(reference: Pipeline, tmp_path: Path) -> None:
    """The real command with RLIMIT_FSIZE below the size of kg.trig: the build runs, writing fails as on a full disk."""
    root = copy_project(tmp_path / "project")
    _edit(root)
    out = _fill_to(tmp_path / "build", reference.build_outputs())
    before = digests(out)
    result = kg("build", "--root", str(root), "--build", str(out), "--quiet", preexec_fn=_fsize_limit(200_000))
    assert result.returncode == 3, result.stderr
    assert f"cannot write {out / 'kg.trig'}" in result.stderr and "raise the limit or choose another --out" in result.stderr
    assert "Traceback" not in result.stderr
    assert digests(out) == before


# --- unwritable build/ -------------------------------------------------------------------


@pytest.fixture
def immutable(tmp_path: Path) -> Iterator[Callable[[Path], None]]:
    """Make a directory immutable (chattr +i: refused to root too); undone afterwards."""
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not installed")
    done: list[Path] = []

    def make(folder: Path) -> None:
        result = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            pytest.skip(f"chattr +i is not possible here: {result.stderr.strip()}")
        done.append(folder)

    yield make
    for folder in done:
        subprocess.run(["chattr", "-i", str(folder)], check=False)


def _unwritable(kind: str, tmp_path: Path, immutable: Callable[[Path], None], old: dict[str, bytes]) -> Path:
    if kind == "under a file":
        (tmp_path / "a-file").write_text("x", encoding="utf-8")
        return tmp_path / "a-file" / "build"
    if kind == "in /proc":
        if not Path("/proc/self").is_dir():
            pytest.skip("no /proc file system here")
        return Path("/proc/kg-hardening-build")
    out = _fill_to(tmp_path / "build", old)
    if kind == "immutable":
        immutable(out)
    else:
        if os.geteuid() == 0:
            pytest.skip("root writes into a directory whatever its mode (the immutable case covers root)")
        out.chmod(0o555)
    return out


@pytest.mark.parametrize("kind", ["under a file", "in /proc", "immutable", "read-only mode"])
def test_an_unwritable_output_directory_exits_3_before_building(
    kind: str, reference: Pipeline, tmp_path: Path, immutable: Callable[[Path], None]
) -> None:
    out = _unwritable(kind, tmp_path, immutable, reference.build_outputs())
    before = digests(out) if out.is_dir() else None
    started = time.monotonic()
    result = kg("build", "--root", str(reference.root), "--build", str(out), "--quiet")
    took = time.monotonic() - started
    try:
        assert result.returncode == 3, result.stderr
        assert str(out) in result.stderr and "choose another --out directory" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
        if before is not None:
            assert digests(out) == before
        else:
            assert not out.exists()
        print(f"\n{kind}: exit 3 after {took:.1f} s: {result.stderr.strip()}")
    finally:
        if kind == "read-only mode":
            out.chmod(0o755)


def test_an_output_that_is_a_directory_replaces_nothing(reference: Pipeline, tmp_path: Path) -> None:
    old = reference.build_outputs()
    out = _fill_to(tmp_path / "build", {n: d for n, d in old.items() if n != "report.md"})
    (out / "report.md").mkdir()
    before = digests(out)
    with pytest.raises(OutputError, match=r"report\.md: it is a directory; remove it or choose another --out"):
        write_outputs(out, {n: d + b"\n" for n, d in old.items()})
    assert digests(out) == before


# --- clients that vanish or stall -------------------------------------------------------


def _raw(port: int, rcvbuf: int | None = None) -> socket.socket:
    sock = socket.socket()
    if rcvbuf:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    sock.connect(("127.0.0.1", port))
    sock.settimeout(30)
    return sock


def _reset(sock: socket.socket) -> None:
    """Close abruptly: RST instead of FIN."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def _get(port: int, query: str, accept: str) -> bytes:
    path = "/sparql?" + urllib.parse.urlencode({"query": query})
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: {accept}\r\n\r\n".encode()


def _closed_by_server(sock: socket.socket, within: float) -> bool:
    """True if the server closes the connection (EOF or reset) within ``within`` seconds (reading what it sends)."""
    sock.settimeout(within)
    deadline = time.monotonic() + within
    try:
        while time.monotonic() < deadline:
            if not sock.recv(65536):
                return True
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False
    return False


ALL_TRIPLES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
CHECK = "SELECT ?c ?iso WHERE { ?c kg:isoCode ?iso } ORDER BY ?iso LIMIT 2"


def _answers(port: int) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": CHECK}), headers={"Accept": "text/csv"})
        response = conn.getresponse()
        assert response.status == 200
        assert response.read().decode().splitlines()[:2] == ["c,iso", "https://w3id.org/brsc-kg/id/uae,AE"]
    finally:
        conn.close()


def test_the_server_survives_clients_that_vanish_or_stall(reference: Pipeline, tmp_path: Path) -> None:
    client_timeout = 1.0
    with serve(
        reference.out, tmp_path / "serve.log", "--timeout", "5", "--workers", "2", "--client-timeout", str(client_timeout)
    ) as server:
        port = server.port
        _answers(port)
        # A large result (all triples), a few bytes read, then a reset, in CSV and JSON, several times.
        for accept in ("text/csv", "application/sparql-results+json") * 3:
            sock = _raw(port, rcvbuf=4096)
            sock.sendall(_get(port, ALL_TRIPLES, accept))
            assert sock.recv(64).startswith(b"HTTP/1.1 200")
            _reset(sock)
        # Gone before the request was complete: half a request line, headers without their end, a short body.
        request = _get(port, CHECK, "text/csv")
        for partial in (
            request[:20],
            request[:-2],
            f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 1000\r\n\r\nquery=SEL".encode(),
        ):
            sock = _raw(port)
            sock.sendall(partial)
            _reset(sock)
        _answers(port)
        # Stalled clients: half the headers and nothing more; a request for a large result that is never read.
        stalled = []
        for _ in range(8):
            sock = _raw(port)
            sock.sendall(request[: len(request) // 2])
            stalled.append(sock)
        reader = _raw(port, rcvbuf=4096)
        reader.sendall(_get(port, ALL_TRIPLES, "text/csv"))
        _answers(port)  # while they stall
        for sock in stalled:
            assert _closed_by_server(sock, client_timeout + 10), "a stalled client keeps its connection"
            sock.close()
        time.sleep(client_timeout + 1)  # the unread answer's write times out
        assert _closed_by_server(reader, 20), "a client that does not read keeps its connection"
        reader.close()
        _answers(port)
    log = server.stderr()
    assert "Traceback" not in log, log
    assert "Request timed out" in log


def _answers_once_a_slot_is_free(port: int) -> None:
    """The check query succeeds, retrying while the server still refuses (it frees the slot a moment after the close)."""
    deadline = time.monotonic() + 20
    while True:
        try:
            _answers(port)
            return
        except (AssertionError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_connections_over_the_cap_get_503_and_the_rest_are_served(reference: Pipeline, tmp_path: Path) -> None:
    """A flood of idle connections cannot take every thread: the one over --max-connections is refused at once."""
    with serve(reference.out, tmp_path / "serve.log", "--workers", "1", "--max-connections", "3", "--client-timeout", "20") as server:
        port = server.port
        idle = [_raw(port) for _ in range(3)]  # connected, sending nothing: each holds a slot
        extra = _raw(port)
        answer = extra.recv(4096)
        assert answer.startswith(b"HTTP/1.1 503 Service Unavailable") and b"too many open connections" in answer
        assert _closed_by_server(extra, 5)
        extra.close()
        idle.pop().close()  # a slot frees when the server sees the connection close
        _answers_once_a_slot_is_free(port)
        for sock in idle:
            sock.close()
        _answers_once_a_slot_is_free(port)
    log = server.stderr()
    assert "refused: 3 connections already open (503)" in log
    assert "Traceback" not in log, log
