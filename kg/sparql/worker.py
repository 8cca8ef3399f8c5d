"""Query worker processes for ``kg serve``: each holds the graph and runs one query at a time.

A query cannot be interrupted inside Oxigraph, and a thread cannot be killed; a process
can.  So the server runs every query in a worker process that it kills when the time
limit passes, and starts a fresh one, while the other workers go on answering.

The worker (``python -m kg.sparql.worker FILE.trig ...``) loads the build output the
way :mod:`kg.sparql.store` does, blocks all Python-level network access for good, then
reads requests from standard input and writes answers to standard output, each
message a 4-byte big-endian length followed by that many bytes (JSON for control
messages, raw bytes for a result body).  It serialises results with Oxigraph's own
SPARQL results and RDF writers into a buffer that refuses to grow past the size cap,
so an oversized result stops the query instead of exhausting memory.

:class:`Worker` is the server's side of one such process.
"""

from __future__ import annotations

import json
import os
import select
import struct
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

__all__ = ["Answer", "Worker", "WorkerDied", "main"]

_HEADER = struct.Struct(">I")
#: Result formats a worker writes: name -> (kind, media type).
RESULT_FORMATS: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_FORMATS: dict[str, str] = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
}


class WorkerDied(RuntimeError):
    """The worker process exited or stopped answering."""


@dataclass(frozen=True)
class Answer:
    """A worker's reply: ``ok`` with the serialised body, or an error kind and message."""

    ok: bool
    body: bytes = b""
    media_type: str = ""
    error: str = ""  # "syntax", "too_large" or "failed"
    message: str = ""


# --- framing -----------------------------------------------------------------------------


def _write_frame(stream: IO[bytes], payload: bytes) -> None:
    stream.write(_HEADER.pack(len(payload)) + payload)
    stream.flush()


def _read_frame(stream: IO[bytes]) -> bytes | None:
    head = stream.read(_HEADER.size)
    if len(head) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(head)
    return stream.read(size)


def _read_exact(fd: int, size: int, deadline: float | None) -> bytes:
    """Read ``size`` bytes from ``fd``; :class:`TimeoutError` after ``deadline`` (a monotonic time)."""
    chunks: list[bytes] = []
    remaining = size
    while remaining:
        wait = None if deadline is None else max(deadline - time.monotonic(), 0.0)
        ready, _, _ = select.select([fd], [], [], wait)
        if not ready:
            raise TimeoutError
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            raise WorkerDied("the query worker exited")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


# --- the worker process ------------------------------------------------------------------


class _CappedBuffer:
    """A binary sink that raises once more than ``limit`` bytes are written."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.data = bytearray()

    def write(self, chunk: bytes) -> int:
        self.data += chunk
        if len(self.data) > self.limit:
            raise OverflowError(f"the result is larger than {self.limit} bytes")
        return len(chunk)

    def flush(self) -> None:
        """Nothing to flush: the data stay in memory."""


def _answer(store: Any, request: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
    import pyoxigraph as ox

    fmt: str = request["format"]
    limit = int(request["max_bytes"])
    try:
        result = store.query(request["query"])
    except SyntaxError as exc:
        return {"ok": False, "error": "syntax", "message": str(exc)}, b""
    sink = _CappedBuffer(limit)
    try:
        if isinstance(result, ox.QueryTriples):
            graph_format = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML}[fmt]
            result.serialize(sink, format=graph_format)  # type: ignore[arg-type]  # any object with write() will do
            media = GRAPH_FORMATS[fmt]
        else:
            results_format = {
                "json": ox.QueryResultsFormat.JSON,
                "xml": ox.QueryResultsFormat.XML,
                "csv": ox.QueryResultsFormat.CSV,
                "tsv": ox.QueryResultsFormat.TSV,
            }[fmt]
            result.serialize(sink, format=results_format)
            media = RESULT_FORMATS[fmt]
    except OverflowError as exc:
        return {"ok": False, "error": "too_large", "message": str(exc)}, b""
    except Exception as exc:  # evaluation errors surface while serialising (lazy results)
        return {"ok": False, "error": "failed", "message": f"{type(exc).__name__}: {exc}"}, b""
    return {"ok": True, "media_type": media}, bytes(sink.data)


def main(argv: Sequence[str] | None = None) -> int:
    """Run a worker: load the files named in ``argv``, then answer requests until standard input closes."""
    from ..netguard import lock_network
    from .store import load_oxigraph

    lock_network()  # a worker never needs the network
    files = [Path(p) for p in (sys.argv[1:] if argv is None else argv)]
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # anything printed by mistake must not corrupt the protocol
    try:
        store = load_oxigraph(files)
    except Exception as exc:
        _write_frame(stdout, json.dumps({"ok": False, "message": str(exc)}).encode())
        return 1
    import pyoxigraph as ox

    graphs = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    _write_frame(stdout, json.dumps({"ok": True, "quads": len(store), "graphs": graphs}).encode())
    while True:
        frame = _read_frame(stdin)
        if frame is None:
            return 0
        header, body = _answer(store, json.loads(frame))
        _write_frame(stdout, json.dumps(header).encode())
        _write_frame(stdout, body)


# --- the server's side -------------------------------------------------------------------


class Worker:
    """One worker process, driven by the server.

    Parameters
    ----------
    files
        The TriG files the worker loads.
    startup_timeout
        Seconds to wait for the worker to load the graph.
    """

    def __init__(self, files: Sequence[Path], startup_timeout: float = 300.0) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg.sparql.worker", *(str(f) for f in files)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self._in, self._out = self.process.stdin, self.process.stdout.fileno()
        try:
            hello = json.loads(self._read(time.monotonic() + startup_timeout))
        except (TimeoutError, WorkerDied) as exc:
            self.kill()
            raise WorkerDied(f"the query worker did not start: {exc}") from exc
        if not hello.get("ok"):
            self.kill()
            raise WorkerDied(f"the query worker could not load the graph: {hello.get('message')}")
        #: IRIs of the named graphs the worker holds.
        self.graphs: list[str] = hello["graphs"]

    def _read(self, deadline: float | None) -> bytes:
        (size,) = _HEADER.unpack(_read_exact(self._out, _HEADER.size, deadline))
        return _read_exact(self._out, size, deadline)

    def run(self, query: str, fmt: str, max_bytes: int, timeout: float) -> Answer:
        """Run one query; :class:`TimeoutError` if it takes longer than ``timeout`` seconds.

        After a timeout the worker is still busy: the caller must :meth:`kill` it.
        """
        request = json.dumps({"query": query, "format": fmt, "max_bytes": max_bytes}).encode("utf-8")
        try:
            _write_frame(self._in, request)
        except (BrokenPipeError, OSError) as exc:
            raise WorkerDied(f"the query worker exited: {exc}") from exc
        deadline = time.monotonic() + timeout
        header = json.loads(self._read(deadline))
        body = self._read(deadline)
        if header.get("ok"):
            return Answer(True, body, header["media_type"])
        return Answer(False, error=header.get("error", "failed"), message=header.get("message", ""))

    def alive(self) -> bool:
        """True while the process runs."""
        return self.process.poll() is None

    def kill(self) -> None:
        """Stop the process at once (it may be in the middle of a query)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()


if __name__ == "__main__":
    sys.exit(main())
