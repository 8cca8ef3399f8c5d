"""The bad-input catalogue: every malformed input in ``badinputs/`` through the real ``kg``.

Each case file (format: ``badinputs/README.md``) names an input, the command to run and
what must happen: the exit status, the message fragments (file, line, field, the fix),
no traceback, nothing on standard output, and not one byte changed in the project
(``seeds/``, ``ontology/`` and the previous ``build/``, every file hashed before and
after).  HTTP cases send one request each to a single ``kg serve`` started for the
module, then check that the server still answers a good query.

The command-line cases run as subprocesses on private copies of the project.  They
are started together, one per core, when the first of them is checked (a failing
curation build spends over a second reading YAML: one after another, the cases alone
would take more than a minute); each test then checks its own case's outcome.
"""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml

from kg.build.pipeline import build, render_outputs
from kg.project import Project

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = Path(__file__).parent / "badinputs"
CATEGORIES = ("curation", "documents", "queries", "cli", "http")
KG = str(Path(sys.executable).parent / "kg")
#: Subprocesses run at the same time (each keeps one core busy).
PARALLEL = max(2, min(4, os.cpu_count() or 2))
#: Seconds before a command or an HTTP request counts as hung.
HANG = 120.0
HTTP_HANG = 15.0


@dataclass(frozen=True)
class Case:
    """One case file of the catalogue."""

    category: str
    name: str
    path: Path
    spec: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.category}/{self.name}"

    @property
    def shared(self) -> bool:
        """Run against the shared read-only project (built, query cache warm) instead of a private copy."""
        return self.spec.get("project", "copy") == "shared"


def load_cases() -> list[Case]:
    """Every ``badinputs/<category>/*.yaml``, checked for the keys the runner understands."""
    cases = []
    for category in CATEGORIES:
        for path in sorted((CATALOGUE / category).glob("*.yaml")):
            try:
                spec = yaml.safe_load(path.read_text(encoding="utf-8"))
            except yaml.YAMLError as exc:
                raise AssertionError(f"{path}: the case file itself is not valid YAML: {exc}") from exc
            assert isinstance(spec, dict) and isinstance(spec.get("about"), str), f"{path}: needs 'about:'"
            allowed = {"about", "expect"} | ({"request"} if category == "http" else {"run", "input", "project"})
            assert set(spec) <= allowed, f"{path}: unknown keys {sorted(set(spec) - allowed)}"
            assert isinstance(spec.get("expect"), dict), f"{path}: needs 'expect:'"
            cases.append(Case(category, path.stem, path, spec))
    return cases


CASES = load_cases()
CLI_CASES = [c for c in CASES if c.category != "http"]
HTTP_CASES = [c for c in CASES if c.category == "http"]


# --- inputs ------------------------------------------------------------------------------


def _fill(text: str, values: dict[str, str]) -> str:
    """Replace ``{root}``, ``{tmp}``, ``{line}``, ``{line+N}`` ... (only these: YAML braces stay as they are)."""

    def one(match: re.Match[str]) -> str:
        name, offset = match.group(1), match.group(2)
        if name == "line":
            return str(int(values["line"]) + int(offset or 0))
        return values[name]

    return re.sub(r"\{(root|tmp|build|line|port)([+-]\d+)?\}", one, text)


def _text(spec: Any) -> str:
    """An input's text: a string, or a list of strings and ``{repeat: s, times: n}`` pieces."""
    if isinstance(spec, str):
        return spec
    return "".join(p if isinstance(p, str) else str(p["repeat"]) * int(p["times"]) for p in spec)


def _apply(edit: dict[str, Any], root: Path, values: dict[str, str]) -> int:
    """Write one input into the project copy (or {tmp}); return the 1-based line where it starts."""
    target = Path(_fill(edit["file"], values))
    path = target if target.is_absolute() else root / target
    encoding = edit.get("encoding", "utf-8")
    line = 1
    if "replace" in edit:
        text = path.read_text(encoding="utf-8")
        old, new = _fill(edit["replace"], values), _fill(_text(edit["with"]), values)
        assert old in text, f"{edit['file']}: the text to replace is no longer there: {old!r}"
        line = text[: text.index(old)].count("\n") + 1
        data = text.replace(old, new, 1).encode(encoding)
    elif "append" in edit:
        text = path.read_text(encoding="utf-8")
        if not text.endswith("\n"):
            text += "\n"
        line = text.count("\n") + 1
        data = (text + _fill(_text(edit["append"]), values)).encode(encoding)
    elif "truncate" in edit:
        data = path.read_bytes()[: int(edit["truncate"])]
    else:
        data = _fill(_text(edit["text"]), values).encode(encoding, errors="surrogatepass")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if edit.get("sha256"):
        # Keep the manifest's checksum in step, so the build reaches the check under test.
        manifest = root / "seeds" / "manifest.yaml"
        entries = yaml.safe_load(manifest.read_text(encoding="utf-8"))["documents"]
        old_sha = next(e["sha256"] for e in entries if e["file"] == path.name)
        manifest.write_text(manifest.read_text(encoding="utf-8").replace(old_sha, hashlib.sha256(data).hexdigest()), encoding="utf-8")
    return line


def digest(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder``, by relative path."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- the projects ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """seeds/, ontology/ and the build/ of a previous good build, for copies that cases break.

    The build is rendered in process without the SHACL pass (the outputs are the same;
    the shapes are checked by the other tests), which takes seconds instead of fifteen.
    """
    folder = tmp_path_factory.mktemp("template")
    for name in ("seeds", "ontology"):
        shutil.copytree(ROOT / name, folder / name)
    out = folder / "build"
    out.mkdir()
    for name, data in render_outputs(build(Project(ROOT), validate=False)).items():
        (out / name).write_bytes(data)
    return folder


@pytest.fixture(scope="module")
def shared(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A read-only project for kg query and kg serve, its on-disk query cache already made."""
    from kg.sparql.store import build_files, open_persisted

    folder = tmp_path_factory.mktemp("shared") / "project"
    shutil.copytree(template, folder)
    build_dir = folder / "build"
    store = open_persisted(build_files(build_dir), build_dir / ".cache" / "oxigraph")
    del store
    return folder


# --- running the command-line cases ----------------------------------------------------------


@dataclass
class Outcome:
    """What one command-line case did."""

    args: list[str]
    values: dict[str, str]
    project: Path
    returncode: int
    stdout: str
    stderr: str
    before: dict[str, str]
    after: dict[str, str]
    extra: dict[str, Any] = field(default_factory=dict)


def _run_case(case: Case, template: Path, shared: Path, scratch: Path) -> Outcome:
    tmp = scratch / "tmp"
    tmp.mkdir(parents=True)
    if case.shared:
        project = shared
    else:
        project = scratch / "project"
        shutil.copytree(template, project)
    values = {"root": str(project), "tmp": str(tmp), "build": str(project / "build"), "line": "0"}
    edits = case.spec.get("input") or []
    for i, edit in enumerate(edits if isinstance(edits, list) else [edits]):
        line = _apply(edit, project, values)
        if i == 0:
            values["line"] = str(line)
    args = [_fill(str(a), values) for a in case.spec["run"]]
    before = digest(project)
    try:
        proc = subprocess.run(
            [KG, *args],
            capture_output=True,
            text=True,
            timeout=HANG,
            check=False,
            cwd=tmp,
            env={**os.environ, "COLUMNS": "200", "KG_ROOT": ""},
            stdin=subprocess.DEVNULL,
        )
        code, out, err = proc.returncode, proc.stdout, proc.stderr
    except subprocess.TimeoutExpired as exc:
        code, out, err = -999, str(exc.stdout or ""), f"hung: no exit within {HANG:g} s\n{exc.stderr or ''}"
    return Outcome(args, values, project, code, out, err, before, digest(project))


@pytest.fixture(scope="module")
def outcomes(request: pytest.FixtureRequest, template: Path, shared: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    """Run every selected command-line case, ``PARALLEL`` at a time; outcomes by case id."""
    selected = {
        item.callspec.params["case"].id
        for item in request.session.items
        if getattr(item, "module", None) is request.module and hasattr(item, "callspec") and "case" in item.callspec.params
    }
    todo = [c for c in CLI_CASES if c.id in selected]
    with ThreadPoolExecutor(PARALLEL) as pool:
        futures = {c.id: pool.submit(_run_case, c, template, shared, tmp_path_factory.mktemp(c.name)) for c in todo}
        return {name: f.result() for name, f in futures.items()}


def _check_cli(case: Case, outcome: Outcome) -> None:
    expect = case.spec["expect"]
    shown = f"kg {' '.join(outcome.args)}\nexit {outcome.returncode}\n--- stderr\n{outcome.stderr}\n--- stdout\n{outcome.stdout[:2000]}"
    assert outcome.returncode == expect["exit"], shown
    assert "Traceback" not in outcome.stderr + outcome.stdout, shown
    assert "Exception ignored" not in outcome.stderr and "unsendable" not in outcome.stderr, shown
    for fragment in expect.get("stderr", []):
        assert _fill(fragment, outcome.values) in outcome.stderr, f"missing {_fill(fragment, outcome.values)!r} in:\n{shown}"
    for fragment in expect.get("stdout", []):
        assert _fill(fragment, outcome.values) in outcome.stdout, f"missing {_fill(fragment, outcome.values)!r} in:\n{shown}"
    if expect["exit"] != 0:
        assert outcome.stdout == "", f"a failed command printed data:\n{shown}"
    if not expect.get("changes", False):
        added = sorted(set(outcome.after) - set(outcome.before))
        removed = sorted(set(outcome.before) - set(outcome.after))
        changed = sorted(k for k in set(outcome.before) & set(outcome.after) if outcome.before[k] != outcome.after[k])
        assert not (added or removed or changed), f"the project changed: added {added}, removed {removed}, changed {changed}\n{shown}"
    for path in expect.get("absent", []):
        assert not Path(_fill(path, outcome.values)).exists(), f"{path} exists\n{shown}"
    for source, copy_glob in expect.get("identical", []):
        source_path = Path(_fill(source, outcome.values))
        matches = [p for p in outcome.project.rglob("*") if fnmatch.fnmatch(p.relative_to(outcome.project).as_posix(), copy_glob)]
        assert len(matches) == 1, f"{copy_glob}: {matches}"
        assert matches[0].read_bytes() == source_path.read_bytes(), f"{matches[0]} is not a byte-for-byte copy of {source_path}"


@pytest.mark.parametrize("case", CLI_CASES, ids=[c.id for c in CLI_CASES])
def test_cli_case(case: Case, outcomes: dict[str, Outcome]) -> None:
    """The command refuses the input as its case file says, and leaves the project as it was."""
    _check_cli(case, outcomes[case.id])


# --- the HTTP cases ----------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    head: str
    body: str


def _exchange(port: int, data: bytes) -> Reply:
    """Send raw bytes, read the answer until the server closes (every request says Connection: close)."""
    with socket.create_connection(("127.0.0.1", port), timeout=HTTP_HANG) as sock:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the server may answer and close before an oversized body is sent
            sock.sendall(data)
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except TimeoutError:
            pytest.fail(f"no answer within {HTTP_HANG:g} s")
        except ConnectionResetError:
            pass
    raw = b"".join(chunks)
    head, _, body = raw.partition(b"\r\n\r\n")
    status_line = head.split(b"\r\n", 1)[0].decode("latin-1")
    match = re.match(r"HTTP/1\.[01] (\d{3})", status_line)
    assert match, f"not an HTTP answer: {raw[:300]!r}"
    return Reply(int(match.group(1)), head.decode("latin-1"), body.decode("utf-8", "replace"))


def _request_bytes(request: dict[str, Any], port: int) -> bytes:
    values = {"port": str(port)}
    if "raw" in request:
        return _fill(_text(request["raw"]), values).encode("latin-1")
    target = _fill(request.get("path", "/sparql"), values)
    if "query" in request:  # a query to put in the URL, percent-encoded here so the case file stays readable
        target += ("&" if "?" in target else "?") + "query=" + quote(_text(request["query"]), safe="")
    headers = {"Host": f"127.0.0.1:{port}", "Connection": "close"}
    headers.update({k: _fill(str(v), values) for k, v in (request.get("headers") or {}).items()})
    headers = {k: v for k, v in headers.items() if v != "(none)"}
    body = _text(request["body"]).encode("utf-8", "surrogateescape") if "body" in request else b""
    if body and not any(k.lower() in ("content-length", "transfer-encoding") for k in headers):
        headers["Content-Length"] = str(len(body))
    lines = [f"{request.get('method', 'GET')} {target} HTTP/1.1", *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


@dataclass
class Server:
    port: int
    log: Path

    def errors(self) -> str:
        """What the server wrote to standard error (startup lines, and any traceback of a failed request)."""
        return self.log.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def server(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``kg serve`` on a free loopback port with a small result cap and a short time limit."""
    log = tmp_path_factory.mktemp("serve") / "stderr.txt"
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [KG, "serve", "--port", "0", "--root", str(shared), "--timeout", "2", "--max-result-bytes", "100000", "--quiet"],
            stderr=sink,
            stdin=subprocess.DEVNULL,
        )
    try:
        deadline = time.monotonic() + HANG
        match = None
        while match is None and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
            match = re.search(r"http://127\.0\.0\.1:(\d+)/sparql", log.read_text(encoding="utf-8", errors="replace"))
        assert match is not None, f"kg serve did not start:\n{log.read_text(encoding='utf-8', errors='replace')}"
        yield Server(int(match.group(1)), log)
    finally:
        proc.terminate()
        proc.wait(30)


@pytest.mark.parametrize("case", HTTP_CASES, ids=[c.id for c in HTTP_CASES])
def test_http_case(case: Case, server: Server, shared: Path) -> None:
    """The server answers the bad request with the status and message of the case file, then answers a good query."""
    before = digest(shared)
    reply = _exchange(server.port, _request_bytes(case.spec["request"], server.port))
    expect = case.spec["expect"]
    shown = f"{reply.head}\n\n{reply.body[:2000]}"
    assert reply.status == expect["status"], shown
    for fragment in expect.get("body", []):
        assert fragment in reply.body, f"missing {fragment!r} in:\n{shown}"
    for fragment in expect.get("headers", []):
        assert fragment.lower() in reply.head.lower(), f"missing header {fragment!r} in:\n{shown}"
    good = _exchange(server.port, _request_bytes({"query": "ASK { ?s ?p ?o }"}, server.port))
    assert good.status == 200 and '"boolean":true' in good.body.replace(" ", ""), good.body
    assert "Traceback" not in server.errors(), server.errors()
    assert digest(shared) == before


# --- the catalogue itself -------------------------------------------------------------------


def test_catalogue_has_every_category_and_enough_cases() -> None:
    """At least 30 cases, none of the five categories empty, and every case name unique."""
    assert len(CASES) >= 30
    for category in CATEGORIES:
        assert any(c.category == category for c in CASES), f"no cases in badinputs/{category}/"
    assert len({c.id for c in CASES}) == len(CASES)
