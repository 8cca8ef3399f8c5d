"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint on the local machine.

What a local endpoint must do, and how this one does it:

* **Speak the protocol.**  ``GET /sparql?query=...`` and ``POST /sparql`` (a form with
  ``query=`` or an ``application/sparql-query`` body); results in SPARQL JSON, XML, CSV
  or TSV, graphs in Turtle, N-Triples or RDF/XML, chosen by the ``Accept`` header.
  ``/`` is a small query page with the catalogue; ``/explorer/`` serves the HTML files
  of the build directory (the network explorer).
* **Stay read-only.**  Updates (``update=``, ``application/sparql-update``) get 403,
  and ``PUT``, ``DELETE`` and ``PATCH`` (Graph Store Protocol writes) get 405.
* **Never reach out.**  Every query is checked before it runs
  (:func:`kg.sparql.guard.check_query`): ``SERVICE``, ``LOAD`` and ``FROM`` outside
  the graph are refused with 403, so no socket is opened.  The server and its workers
  also block Python-level network access with an audit hook.
* **Stop runaway queries.**  Queries run in worker processes (:mod:`.worker`); one
  that passes the time limit is killed and replaced, the client gets 503, and the
  other workers keep answering.  Results larger than the size cap get 422.
* **Resist browsers.**  It binds 127.0.0.1 by default; a request whose ``Host`` is not
  the server's own address (DNS rebinding) gets 403, as does a cross-site request
  (an ``Origin`` that is neither the server's nor allowed with ``--cors``).  No CORS
  header is sent unless ``--cors ORIGIN`` asks for it.

Only the standard library's HTTP server is used: the endpoint is for one analyst or a
small team on a trusted network, behind the checks above; a shared deployment should
use a real triple store (``kg push``).
"""

from __future__ import annotations

import json
import queue
import re
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .errors import QueryRefused, QuerySyntaxError, QueryTimeout, SparqlError
from .guard import check_query
from .worker import GRAPH_FORMATS, RESULT_FORMATS, Answer, Worker, WorkerDied

__all__ = ["KgServer", "ServeConfig", "WorkerPool", "make_server", "negotiate"]

_EXPLORER_FILE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*\.html$")


@dataclass(frozen=True)
class ServeConfig:
    """Settings of ``kg serve``.

    Attributes
    ----------
    files : list of Path
        The TriG files to serve (``build/kg.trig`` and, when present, ``build/analysis.trig``).
    build_dir : Path
        Where the HTML explorer files are.
    host, port : str, int
        Address to bind; port 0 picks a free port.
    timeout : float
        Seconds a query may run.
    max_result_bytes : int
        Largest serialised result sent.
    workers : int
        Queries that may run at the same time.
    allowed_hosts : tuple of str
        Extra names accepted in the ``Host`` header (besides the bound address, localhost and 127.0.0.1).
    cors : tuple of str
        Origins allowed to read responses from a browser (``*`` for any); none by default.
    max_request_bytes : int
        Largest request body accepted.
    client_timeout : float
        Seconds a client may take to send its request or to take the answer, and a
        kept-alive connection may stay idle, before the connection is closed: a stalled
        or vanished client does not hold the server's resources.
    max_connections : int
        Connections served at once (each holds a thread until it closes or times out);
        one more is answered 503 and closed at once, so a flood of connections cannot
        exhaust threads or memory.
    """

    files: Sequence[Path]
    build_dir: Path
    host: str = "127.0.0.1"
    port: int = 8765
    timeout: float = 5.0
    max_result_bytes: int = 10_000_000
    workers: int = 2
    allowed_hosts: tuple[str, ...] = ()
    cors: tuple[str, ...] = ()
    max_request_bytes: int = 1_000_000
    quiet: bool = False
    client_timeout: float = 30.0
    max_connections: int = 64


_TOO_MANY_BODY = b"too many open connections; try again when others have closed\n"
#: The whole answer to a connection over the cap, written before any request is read.
_TOO_MANY = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nRetry-After: 1\r\n"
    b"Connection: close\r\nContent-Length: " + str(len(_TOO_MANY_BODY)).encode() + b"\r\n\r\n" + _TOO_MANY_BODY
)


class ServerBusy(SparqlError):
    """Every worker is busy."""


class WorkerPool:
    """Worker processes holding the graph; a killed worker is replaced in the background."""

    def __init__(self, files: Sequence[Path], size: int) -> None:
        self.files = list(files)
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._all: set[Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        started: list[Worker | BaseException] = []

        def start() -> None:
            try:
                started.append(Worker(self.files))
            except BaseException as exc:
                started.append(exc)

        threads = [threading.Thread(target=start) for _ in range(max(size, 1))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        failures = [w for w in started if isinstance(w, BaseException)]
        workers = [w for w in started if isinstance(w, Worker)]
        if failures:
            for w in workers:
                w.kill()
            raise SparqlError(str(failures[0]))
        #: IRIs of the named graphs the workers hold.
        self.graphs: list[str] = workers[0].graphs
        for w in workers:
            self._all.add(w)
            self._idle.put(w)

    def _replace(self, worker: Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
            if self._closed:
                return

        def start() -> None:
            try:
                fresh = Worker(self.files)
            except WorkerDied as exc:
                sys.stderr.write(f"kg serve: could not restart a query worker: {exc}\n")
                return
            with self._lock:
                if self._closed:
                    fresh.kill()
                    return
                self._all.add(fresh)
            self._idle.put(fresh)

        threading.Thread(target=start, daemon=True).start()

    def run(self, query: str, fmt: str, max_bytes: int, timeout: float) -> Answer:
        """Run a query on an idle worker within ``timeout`` seconds (waiting for a worker counts too).

        Raises
        ------
        QueryTimeout
            The query ran too long; its worker was killed and is being replaced.
        ServerBusy
            No worker became free in time.
        """
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise ServerBusy(f"all query workers stayed busy for {timeout:g} s; try again") from None
        try:
            answer = worker.run(query, fmt, max_bytes, timeout)
        except TimeoutError:
            self._replace(worker)
            raise QueryTimeout(
                timeout, "the server goes on answering other queries; narrow this one, or start 'kg serve' with a larger --timeout"
            ) from None
        except WorkerDied:
            self._replace(worker)
            raise SparqlError("the query worker stopped unexpectedly; a new one is starting, try again") from None
        self._idle.put(worker)
        return answer

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.kill()


def negotiate(accept: str | None, offers: dict[str, str], default: str) -> str | None:
    """The offered format the ``Accept`` header likes best (``None``: nothing acceptable).

    Parameters
    ----------
    accept
        The header value.
    offers
        Format name -> media type.
    default
        The format for a missing header or ``*/*``.

    Examples
    --------
    >>> negotiate("text/csv;q=0.5, application/sparql-results+json", RESULT_FORMATS, "json")
    'json'
    >>> negotiate("text/tab-separated-values", RESULT_FORMATS, "json")
    'tsv'
    >>> negotiate("text/*", RESULT_FORMATS, "json")
    'csv'
    >>> negotiate("image/png", RESULT_FORMATS, "json") is None
    True
    """
    if not accept or not accept.strip():
        return default
    by_type = {media: name for name, media in offers.items()}
    aliases = {"application/json": "json", "application/xml": "xml", "text/xml": "xml", "text/plain": "ntriples"}
    best: tuple[float, int, str] | None = None
    for position, item in enumerate(accept.split(",")):
        media, *params = (part.strip() for part in item.split(";"))
        media = media.lower()
        quality = 1.0
        for p in params:
            key, _, value = p.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality <= 0:
            continue
        if media in ("*/*", "*"):
            choice: str | None = default
        elif media in by_type:
            choice = by_type[media]
        elif media in aliases and aliases[media] in offers:
            choice = aliases[media]
        elif media.endswith("/*"):
            major = media[:-1]
            choice = next((n for n, m in offers.items() if m.startswith(major)), None)
        else:
            choice = None
        if choice is not None and (best is None or (quality, -position) > (best[0], best[1])):
            best = (quality, -position, choice)
    return best[2] if best else None


def _static(name: str) -> bytes:
    return resources.files("kg.sparql").joinpath("static", name).read_bytes()


class KgServer(ThreadingHTTPServer):
    """The HTTP server: configuration, worker pool and the catalogue for the query page."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, config: ServeConfig, pool: WorkerPool) -> None:
        self.config = config
        self.pool = pool
        self._slots = threading.BoundedSemaphore(config.max_connections)
        #: Connections holding a slot. Whoever pops a connection from here gives its slot back:
        #: dict.pop is atomic, so the slot is given back once even when two threads try.
        self._holding: dict[Any, bool] = {}
        super().__init__((config.host, config.port), Handler)
        port = self.server_address[1]
        hosts = {"127.0.0.1", "localhost", "[::1]", config.host.lower()}
        self.allowed_hosts = {f"{h}:{port}" for h in hosts}
        for extra in config.allowed_hosts:
            self.allowed_hosts |= {extra.lower(), f"{extra.lower()}:{port}"}
        self.catalogue = _catalogue_json()

    def server_bind(self) -> None:
        """Bind without the reverse DNS lookup http.server does (slow, and a network call)."""
        self.socket.bind(self.server_address)
        self.server_address = self.socket.getsockname()[:2]
        self.server_name, self.server_port = str(self.server_address[0]), int(self.server_address[1])

    @property
    def url(self) -> str:
        """Base URL of the server."""
        host = str(self.server_address[0])
        return f"http://[{host}]:{self.server_address[1]}" if ":" in host else f"http://{host}:{self.server_address[1]}"

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()

    def process_request(self, request: Any, client_address: Any) -> None:
        """Serve the connection on its own thread if a slot is free, else answer 503 and close it.

        Runs on the accepting thread, so the refusal must not wait on the client: the
        answer is one small write with a one-second bound.
        """
        if self._slots.acquire(blocking=False):
            self._holding[request] = True
            try:
                super().process_request(request, client_address)
            except BaseException:
                # Ctrl-C or SIGTERM while the thread starts: the thread may already run and
                # give the slot back when it ends, so only one of the two does.
                self._give_back(request)
                raise
            return
        try:
            request.settimeout(1.0)
            request.sendall(_TOO_MANY)
        except OSError:
            pass
        if not self.config.quiet:
            sys.stderr.write(f"{client_address[0]} refused: {self.config.max_connections} connections already open (503)\n")
        self.shutdown_request(request)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._give_back(request)

    def _give_back(self, request: Any) -> None:
        if self._holding.pop(request, False):
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that goes away mid-answer is normal: one log line, not a traceback (those stay for real faults)."""
        exc = sys.exc_info()[1]
        if isinstance(exc, ConnectionError | TimeoutError):
            if not self.config.quiet:
                sys.stderr.write(f"{client_address[0]} connection closed by the client: {exc}\n")
            return
        super().handle_error(request, client_address)


def _catalogue_json() -> bytes:
    from .catalogue import load_catalogue

    entries = [
        {"name": q.name, "question": q.question, "parameters": [vars(p) for p in q.parameters], "text": q.text}
        for q in load_catalogue().values()
    ]
    return json.dumps(entries, ensure_ascii=False, indent=1).encode("utf-8")


_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
}
_PAGE_CSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"


class Handler(BaseHTTPRequestHandler):
    """One request.  Every path answers in :meth:`_dispatch` after the Host and Origin checks."""

    server: KgServer
    server_version = "kg-serve"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    #: Headers and body go out in two writes; with Nagle's algorithm the body then waits for the
    #: client's delayed ACK of the headers, adding about 40 ms to every answer on a kept-alive connection.
    disable_nagle_algorithm = True

    # --- plumbing ----------------------------------------------------------------------

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.config.client_timeout)  # for every read and write on this connection

    def log_message(self, format: str, *args: Any) -> None:
        if not self.server.config.quiet:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")

    def _send(self, status: int, body: bytes, media_type: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        headers = {**_SECURITY_HEADERS, "Content-Type": media_type, "Content-Length": str(len(body)), **(extra or {})}
        origin = self.headers.get("Origin")
        if origin and self._cors_allows(origin):
            headers["Access-Control-Allow-Origin"] = origin
            headers["Vary"] = "Origin"
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str, extra: dict[str, str] | None = None) -> None:
        self._send(status, (message.rstrip() + "\n").encode("utf-8"), "text/plain; charset=utf-8", extra)

    def _cors_allows(self, origin: str) -> bool:
        allowed = self.server.config.cors
        return "*" in allowed or origin in allowed

    def _checks_pass(self) -> bool:
        host = (self.headers.get("Host") or "").strip().lower()
        if not host:
            self._error(HTTPStatus.BAD_REQUEST, "missing Host header")
            return False
        if host not in self.server.allowed_hosts:
            self._error(
                HTTPStatus.FORBIDDEN,
                f"Host '{host}' is not this server (protection against DNS rebinding); "
                "if you reach the server under another name, start it with --allow-host NAME",
            )
            return False
        origin = self.headers.get("Origin")
        if origin and origin.lower() != f"http://{host}" and not self._cors_allows(origin):
            self._error(
                HTTPStatus.FORBIDDEN, f"cross-site request from {origin} refused; start the server with --cors {origin} to allow it"
            )
            return False
        return True

    def _read_body(self) -> bytes | None:
        # Until the body is read, the connection cannot be reused; afterwards it can,
        # unless the client asked to close it (Connection: close, HTTP/1.0): forgetting
        # that kept such connections open after the answer.
        keep_open = not self.close_connection
        self.close_connection = True
        length = self.headers.get("Content-Length")
        if length is None:
            self._error(HTTPStatus.LENGTH_REQUIRED, "a POST needs a Content-Length header")
            return None
        try:
            size = int(length)
        except ValueError:
            size = -1
        if size < 0:  # a negative length made rfile.read() wait for the client to close the connection
            self._error(HTTPStatus.BAD_REQUEST, f"bad Content-Length {length!r}: give the body's size in bytes")
            return None
        if size > self.server.config.max_request_bytes:
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body larger than {self.server.config.max_request_bytes} bytes")
            return None
        body = self.rfile.read(size)
        self.close_connection = not keep_open
        return body

    # --- methods -------------------------------------------------------------------------

    def do_GET(self) -> None:
        if self._checks_pass():
            self._dispatch("GET", b"")

    def do_HEAD(self) -> None:
        if self._checks_pass():
            self._dispatch("HEAD", b"")

    def do_POST(self) -> None:
        if not self._checks_pass():
            return
        body = self._read_body()
        if body is not None:
            self._dispatch("POST", body)

    def _read_only(self) -> None:
        self._error(
            HTTPStatus.METHOD_NOT_ALLOWED,
            f"{self.command} is not allowed: this endpoint is read-only (no Graph Store Protocol writes)",
            {"Allow": "GET, HEAD, POST, OPTIONS"},
        )

    def do_PUT(self) -> None:
        self._read_only()

    def do_DELETE(self) -> None:
        self._read_only()

    def do_PATCH(self) -> None:
        self._read_only()

    def do_OPTIONS(self) -> None:
        if not self._checks_pass():
            return
        extra = {"Allow": "GET, HEAD, POST, OPTIONS"}
        origin = self.headers.get("Origin")
        if origin and self._cors_allows(origin):
            extra |= {
                "Access-Control-Allow-Methods": "GET, POST",
                "Access-Control-Allow-Headers": "Content-Type, Accept",
                "Access-Control-Max-Age": "600",
            }
        self._send(HTTPStatus.NO_CONTENT, b"", "text/plain", extra)

    # --- routes --------------------------------------------------------------------------

    def _dispatch(self, method: str, body: bytes) -> None:
        parts = urlsplit(self.path)
        path = parts.path
        if path in ("/sparql", "/query"):
            self._sparql(method, parts.query, body)
        elif method == "POST":
            self._read_only()
        elif path in ("/", "/index.html"):
            self._send(HTTPStatus.OK, _static("index.html"), "text/html; charset=utf-8", {"Content-Security-Policy": _PAGE_CSP})
        elif path == "/query.js":
            self._send(HTTPStatus.OK, _static("query.js"), "text/javascript; charset=utf-8")
        elif path == "/catalogue.json":
            self._send(HTTPStatus.OK, self.server.catalogue, "application/json")
        elif path in ("/explorer", "/explorer/"):
            self._explorer_index()
        elif path.startswith("/explorer/"):
            self._explorer_file(path.removeprefix("/explorer/"))
        else:
            self._error(HTTPStatus.NOT_FOUND, f"no such page: {path}; the endpoint is /sparql, the query page /")

    def _explorer_index(self) -> None:
        files = sorted(p.name for p in self.server.config.build_dir.glob("*.html") if _EXPLORER_FILE.match(p.name))
        items = "".join(f'<li><a href="/explorer/{name}">{name}</a></li>' for name in files) or "<li>none yet: run <code>kg viz</code></li>"
        page = f"<!doctype html><meta charset=utf-8><title>Explorer</title><h1>HTML explorer files</h1><ul>{items}</ul>"
        self._send(HTTPStatus.OK, page.encode("utf-8"), "text/html; charset=utf-8", {"Content-Security-Policy": _PAGE_CSP})

    def _explorer_file(self, name: str) -> None:
        path = self.server.config.build_dir / name
        if not _EXPLORER_FILE.match(name) or not path.is_file():
            self._error(HTTPStatus.NOT_FOUND, f"no explorer file {name!r} in the build directory")
            return
        self._send(HTTPStatus.OK, path.read_bytes(), "text/html; charset=utf-8", {"X-Frame-Options": "DENY"})

    def _params(self, encoded: str, where: str) -> dict[str, list[str]] | None:
        """Decode ``name=value&...``; answer 400 (and return None) if a value is not UTF-8.

        Replacing undecodable bytes with U+FFFD, as ``parse_qs`` does by default, ran a
        query other than the one sent, which then silently matched nothing.
        """
        try:
            return parse_qs(encoded, keep_blank_values=True, errors="strict")
        except UnicodeDecodeError as exc:
            self._error(HTTPStatus.BAD_REQUEST, f"the {where} is not UTF-8 once percent-decoded ({exc.reason}); send UTF-8")
            return None

    def _text(self, body: bytes) -> str | None:
        """The request body as UTF-8 text; answer 400 (and return None) if it is not."""
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError as exc:
            self._error(
                HTTPStatus.BAD_REQUEST, f"the request body is not UTF-8 (byte 0x{body[exc.start]:02x} at offset {exc.start}); send UTF-8"
            )
            return None

    def _sparql(self, method: str, query_string: str, body: bytes) -> None:
        params = self._params(query_string, "query string")
        if params is None:
            return
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if method == "POST":
            if content_type == "application/sparql-update":
                self._error(HTTPStatus.FORBIDDEN, "updates are refused: this endpoint is read-only")
                return
            if content_type in ("application/sparql-query", "application/x-www-form-urlencoded"):
                text = self._text(body)
                if text is None:
                    return
                form = {"query": [text]} if content_type == "application/sparql-query" else self._params(text, "form")
                if form is None:
                    return
                for key, values in form.items():
                    params.setdefault(key, []).extend(values)
            else:
                self._error(
                    HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "POST a form (application/x-www-form-urlencoded) or application/sparql-query"
                )
                return
        if "update" in params:
            self._error(HTTPStatus.FORBIDDEN, "updates are refused: this endpoint is read-only")
            return
        if "default-graph-uri" in params or "named-graph-uri" in params:
            self._error(HTTPStatus.BAD_REQUEST, "default-graph-uri and named-graph-uri are not supported; use GRAPH <...> { } in the query")
            return
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            self._error(
                HTTPStatus.BAD_REQUEST,
                "send exactly one SPARQL query: GET /sparql?query=... or POST it (see https://www.w3.org/TR/sparql11-protocol/)",
            )
            return
        try:
            checked = check_query(queries[0], self.server.pool.graphs)
        except QuerySyntaxError as exc:
            self._error(HTTPStatus.BAD_REQUEST, str(exc))
            return
        except QueryRefused as exc:
            self._error(HTTPStatus.FORBIDDEN, str(exc))
            return
        offers = GRAPH_FORMATS if checked.returns_graph else RESULT_FORMATS
        fmt = negotiate(self.headers.get("Accept"), offers, "turtle" if checked.returns_graph else "json")
        if fmt is None:
            self._error(HTTPStatus.NOT_ACCEPTABLE, "acceptable types for this query: " + ", ".join(offers.values()))
            return
        config = self.server.config
        try:
            answer = self.server.pool.run(checked.text, fmt, config.max_result_bytes, config.timeout)
        except QueryTimeout as exc:
            self._error(HTTPStatus.SERVICE_UNAVAILABLE, str(exc))
            return
        except SparqlError as exc:
            self._error(HTTPStatus.SERVICE_UNAVAILABLE, str(exc))
            return
        if answer.ok:
            charset = "; charset=utf-8" if fmt != "rdfxml" else ""
            self._send(HTTPStatus.OK, answer.body, answer.media_type + charset)
        elif answer.error == "syntax":
            self._error(HTTPStatus.BAD_REQUEST, f"SPARQL syntax error: {answer.message}")
        elif answer.error == "too_large":
            self._error(
                HTTPStatus.UNPROCESSABLE_ENTITY,
                f"{answer.message} (the server's cap); add LIMIT or narrow the query, or start 'kg serve' with a larger --max-result-bytes",
            )
        else:
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, f"the query failed: {answer.message}")


def make_server(config: ServeConfig) -> KgServer:
    """Start the workers and bind the server (call ``serve_forever`` on the result).

    Raises
    ------
    SparqlError
        The workers could not load the graph, or the address is in use.
    """
    pool = WorkerPool(config.files, config.workers)
    try:
        return KgServer(config, pool)
    except OSError as exc:
        pool.close()
        raise SparqlError(f"cannot listen on {config.host}:{config.port}: {exc.strerror or exc}; choose another --port") from None
