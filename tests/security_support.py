"""Helpers shared by the security tests (tests/hardening/test_security*.py).

* :func:`minimal_project`: a small valid project (the real ontology, one document, a
  handful of entities) that builds in about a second, for tests that break one input.
* :func:`audit_env`: environment variables that make every Python process started with
  them (``kg`` itself and the worker processes ``kg serve`` starts) record its network
  audit events to a log file, through a ``sitecustomize`` module that registers
  :func:`sys.addaudithook` before anything else is imported.
* :func:`run_all`: run several commands, a few at a time, each with a hang guard.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KG = str(Path(sys.executable).parent / "kg")
FIXTURES = ROOT / "tests" / "fixtures" / "security"
#: The 568-byte RDF/XML "billion laughs": rdflib's RDF/XML parser runs for minutes on it.
BILLION_LAUGHS_RDF = FIXTURES / "billion-laughs.rdf"
#: A hang guard for commands that must fail at once: generous, never a timing assertion.
HANG_GUARD = 20.0

DOCUMENT = "The Alpha Institute and the Beta Laboratory signed a memorandum of understanding in 2020.\n"

MINIMAL_FILES = {
    "seeds/manifest.yaml": """\
documents:
  - id: "000"
    file: 000_doc.txt
    sha256: {sha}
    title:
      en: "A test document"
    languages: [en]
    kind: test
""",
    "seeds/curation/entities/core.yaml": """\
entities:
  - id: alpha-institute
    class: ResearchInstitute
    label:
      en: Alpha Institute
  - id: beta-laboratory
    class: Laboratory
    label:
      en: Beta Laboratory
""",
    "seeds/curation/documents/000.yaml": """\
document: "000"
status: complete
modality: reported
statements:
  - link: MemorandumOfUnderstanding
    participants: [alpha-institute, beta-laboratory]
    date: 2020
    quote: "The Alpha Institute and the Beta Laboratory signed a memorandum of understanding in 2020."
""",
    "seeds/curation/coverage-ignore.yaml": """\
ignore:
  "*":
    - text: Alpha
      reason: a test
""",
}


def minimal_project(folder: Path, document: str = DOCUMENT, curation: str | None = None) -> Path:
    """Write a small valid project into ``folder`` and return it.

    ``document`` is the text of its one document, ``curation`` (if given) the text of that
    document's curation file instead of the minimal one.
    """
    shutil.copytree(ROOT / "ontology", folder / "ontology")
    (folder / "seeds" / "curation" / "entities").mkdir(parents=True)
    (folder / "seeds" / "curation" / "documents").mkdir(parents=True)
    (folder / "seeds" / "000_doc.txt").write_text(document, encoding="utf-8")
    sha = hashlib.sha256(document.encode()).hexdigest()
    for rel, text in MINIMAL_FILES.items():
        written = curation if curation is not None and rel == "seeds/curation/documents/000.yaml" else text.replace("{sha}", sha)
        (folder / rel).write_text(written, encoding="utf-8")
    return folder


# --- running commands -----------------------------------------------------------------


@dataclass(frozen=True)
class Ran:
    """A finished command: its arguments, exit status and output."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str


def run_all(
    commands: list[list[str]], env: dict[str, str] | None = None, cwd: Path | None = None, timeout: float = HANG_GUARD
) -> list[Ran]:
    """Run the commands, a few at a time (one per CPU), in order of the results.

    Each command still running ``timeout`` seconds after it started fails the test: a hang
    guard, generous on purpose, not a timing assertion.
    """

    def one(command: list[str]) -> Ran:
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, env=env or dict(os.environ), cwd=cwd, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            raise AssertionError(f"still running after {timeout:g} s (a hang): {command}") from None
        return Ran(tuple(command), done.returncode, done.stdout, done.stderr)

    with ThreadPoolExecutor(max_workers=max(os.cpu_count() or 1, 2)) as pool:
        return list(pool.map(one, commands))


# --- the audit hook ----------------------------------------------------------------------

#: Audit events that are network activity (CPython's list: docs.python.org/3/library/audit_events.html).
NETWORK_EVENT_PREFIXES = (
    "socket.",
    "urllib.",
    "http.client.",
    "ftplib.",
    "smtplib.",
    "poplib.",
    "imaplib.",
    "nntplib.",
    "telnetlib.",
    "webbrowser.",
)

SITECUSTOMIZE = '''\
"""Test harness: record network audit events of this process (active only when KG_AUDIT_LOG is set)."""
import json as _json
import os as _os
import sys as _sys

_LOG = _os.environ.get("KG_AUDIT_LOG")
if _LOG:
    _fd = _os.open(_LOG, _os.O_WRONLY | _os.O_APPEND | _os.O_CREAT, 0o600)
    _PREFIXES = {prefixes!r}

    def _arg(value):
        try:
            if isinstance(value, (int, str, float, type(None))):
                return value
            if isinstance(value, tuple):
                return [_arg(v) for v in value]
            return repr(value)[:300]
        except Exception:
            return "<unprintable>"

    def _record(event, args):
        if event.startswith(_PREFIXES):
            shown = args[1:] if event == "socket.__new__" else args
            line = _json.dumps({{"pid": _os.getpid(), "event": event, "args": [_arg(a) for a in shown]}})
            _os.write(_fd, (line + "\\n").encode())

    _sys.addaudithook(_record)
    # Written after the hook is in place, before anything else is imported: proves the hook ran in this process.
    _os.write(_fd, (_json.dumps({{"pid": _os.getpid(), "event": "hook-installed", "args": [" ".join(_sys.argv) or _sys.executable]}}) + "\\n").encode())
'''


def audit_env(folder: Path) -> tuple[dict[str, str], Path]:
    """(environment, log file): processes started with the environment log their network audit events."""
    hook_dir = folder / "audit-hook"
    hook_dir.mkdir(parents=True, exist_ok=True)
    (hook_dir / "sitecustomize.py").write_text(SITECUSTOMIZE.format(prefixes=NETWORK_EVENT_PREFIXES), encoding="utf-8")
    log = folder / "audit.log"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(hook_dir), str(ROOT), *([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])])
    env["KG_AUDIT_LOG"] = str(log)
    return env, log


def audit_events(log: Path) -> list[dict[str, object]]:
    """The records of an audit log, in order."""
    if not log.is_file():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]
