"""Helpers shared by the review page's browser tests: a draft to review, a real server, the page.

The tests drive the page exactly as a curator does: ``kg ingest`` drafts a document in a
private copy of the project, ``kg review DOC --no-open --port 0`` serves it from a real
subprocess (the address is read from the line it prints), and Debian's headless
Chromium opens it through Playwright (the ``browser`` fixture of tests/conftest.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

#: How long the server may take to analyse the document and listen.
START_TIMEOUT = 120.0


def kg(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the real ``kg`` command on the project at ``root``."""
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *args, "--root", str(root)],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        timeout=600,
        check=False,
    )


def ingest(root: Path, name: str, text: str, *options: str) -> str:
    """Write ``text`` as a file beside the project and ``kg ingest`` it; the new document's id."""
    source = root.parent / name
    source.write_text(text, encoding="utf-8")
    result = kg(root, "ingest", str(source), "--json", *options)
    assert result.returncode == 0, result.stderr
    return str(json.loads(result.stdout)["document"])


def curation(root: Path, doc: str) -> dict[str, Any]:
    """The document's curation file as the build reads it."""
    data = yaml.safe_load((root / "seeds" / "curation" / "documents" / f"{doc}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@dataclass
class Server:
    """A running ``kg review``: its address and what it printed on standard error."""

    process: subprocess.Popen[str]
    url: str
    lines: list[str] = field(default_factory=list)


@contextmanager
def review_server(root: Path, doc: str) -> Iterator[Server]:
    """``kg review DOC`` on a free port of 127.0.0.1, stopped (SIGTERM) on exit."""
    process = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "review", doc, "--no-open", "--port", "0", "--root", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "COLUMNS": "400"},
    )
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:  # drains the pipe for the server's whole life, so it never blocks on a full one
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line.rstrip("\n"))
            if "http://127.0.0.1:" in line:
                ready.set()
        ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        ready.wait(START_TIMEOUT)
        found = [word for line in lines for word in line.split() if word.startswith("http://127.0.0.1:")]
        assert found, f"kg review printed no address: {lines}"
        yield Server(process, found[0].rstrip(".,;)"), lines)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(timeout=5)


def open_review(browser: Any, url: str) -> tuple[Any, list[tuple[str, str]], list[str]]:
    """The review page at ``url``, ready (its state loaded), with its console messages and every request it made."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    logs: list[tuple[str, str]] = []
    requests: list[str] = []
    page.on("console", lambda m: logs.append((m.type, m.text)))
    page.on("pageerror", lambda e: logs.append(("pageerror", str(e))))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url)
    page.wait_for_selector("body[data-ready='1']", timeout=60_000)
    return page, logs, requests


def errors(logs: list[tuple[str, str]], *expected_statuses: int) -> list[tuple[str, str]]:
    """The console errors and uncaught exceptions among ``logs`` (but the answers of ``expected_statuses``)."""
    allowed = tuple(f"status of {status} " for status in expected_statuses)
    return [entry for entry in logs if entry[0] in ("error", "pageerror") and not (allowed and any(a in entry[1] for a in allowed))]


def state(page: Any) -> dict[str, Any]:
    """The server's state as the page holds it."""
    found: dict[str, Any] = page.evaluate("window.kgReview.S.state")
    return found


def wait_until(page: Any, expression: str, arg: object = None, timeout: float = 60.0) -> Any:
    """Poll ``expression`` (a function of ``arg``) until it is truthy; its value.

    Playwright's ``wait_for_function`` evaluates its predicate with ``eval``, which the
    page's Content-Security-Policy (no 'unsafe-eval') refuses, as it should.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(expression, arg)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression} ({arg!r})")
        page.wait_for_timeout(50)


def announced(page: Any, prefix: str) -> str:
    """Wait until the live region starts with ``prefix``; its text."""
    text: str = wait_until(page, "p => { const t = document.getElementById('live').textContent; return t.startsWith(p) && t; }", prefix)
    return text


def go_to(page: Any, item_id: str) -> None:
    """Make ``item_id`` the current item with j/k, as a curator moves."""
    for _ in range(200):
        current = page.evaluate("window.kgReview.S.current")
        if current == item_id:
            return
        ids = page.evaluate("[...document.querySelectorAll('#items li.item')].map(li => li.dataset.id)")
        page.keyboard.press("j" if ids.index(item_id) > ids.index(current) else "k")
    raise AssertionError(f"could not reach item {item_id}")


def select_text(page: Any, start: int, end: int) -> None:
    """Select code points ``start``..``end`` of the document text in the text pane, as a mouse drag does."""
    page.evaluate(
        """([start, end]) => {
          const walker = document.createTreeWalker(document.getElementById('text'), NodeFilter.SHOW_TEXT);
          const range = document.createRange();
          let seen = 0;
          let started = false;
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const points = Array.from(node.data);
            const units = (k) => points.slice(0, k).join('').length;  // code points -> UTF-16 offset in the node
            if (!started && start < seen + points.length) {
              range.setStart(node, units(start - seen));
              started = true;
            }
            if (started && end <= seen + points.length) {
              range.setEnd(node, units(end - seen));
              break;
            }
            seen += points.length;
          }
          window.getSelection().removeAllRanges();
          window.getSelection().addRange(range);
        }""",
        [start, end],
    )
