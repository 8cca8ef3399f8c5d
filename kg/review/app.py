"""The web application of ``kg review``: one page and a small JSON API over a :class:`ReviewSession`.

Routes (JSON unless said; every answer ``Cache-Control: no-store``; text offsets count
Unicode code points of the document text):

* ``GET /`` — the page (``static/review.html``, a Jinja2 template, with the session's
  token); ``GET /static/review.js`` and ``/static/review.css`` — its only assets.
* ``GET /api/state`` — the document, its text, the items in ranked order with their
  states, progress and version (:meth:`ReviewSession.state`).
* ``GET /api/options?subject=ID&object=ID`` — what the ontology allows between two entities.
* ``GET /api/entities?q=TEXT`` — registered entities by any of their names, fuzzy.
* ``POST /api/decide`` — ``{"version", "item", "action", ...}``: accept, correct, alias or
  reject one item; 200 with the new state (and a ``note`` when the server changed what
  was sent: a quote that occurs more than once is grown until it occurs once where the
  reviewer saw it, a selected one given by its offsets, ``statement.quote_at``), 409 if the
  files changed since ``version`` (nothing written), 422 with the build's problems
  (nothing written).
* ``POST /api/finish`` — ``{"version", "status"}``: complete or partial, validated.

Guarantees, as ``kg serve``'s (kg/sparql/server.py): the server listens on the loopback
address only; a request whose ``Host`` is not this server gets 403 (DNS rebinding); a
cross-site request (an ``Origin`` other than the server's) gets 403; a POST must be JSON
and carry the page's secret token in ``X-Review-Token`` (so another site, or another
local program that cannot read the page, cannot write); bodies over :data:`MAX_BODY`
get 413.  The page may load nothing from elsewhere (a strict Content-Security-Policy).
Starlette provides routing, requests and responses (docs/decisions/0020).
"""

from __future__ import annotations

import hmac
import json
import secrets
from importlib import resources
from typing import Any

from jinja2 import Environment, select_autoescape
from rapidfuzz import fuzz
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import CurationError, Problem
from ..ingest.link import fold
from .session import Conflict, Invalid, ReviewSession

__all__ = ["MAX_BODY", "create_app"]

#: Largest request body (a decision is a few hundred bytes; a gloss a paragraph).
MAX_BODY = 64 * 1024
#: Most entities a search returns.
SEARCH_LIMIT = 20
_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
_ASSETS = {"review.js": "text/javascript; charset=utf-8", "review.css": "text/css; charset=utf-8"}


def _plain(status: int, message: str) -> Response:
    return Response(message.rstrip() + "\n", status, media_type="text/plain; charset=utf-8", headers=_HEADERS)


class Guard:
    """ASGI middleware: the Host, Origin and size checks every request passes first (see module docs)."""

    def __init__(self, app: ASGIApp, hosts: frozenset[str]) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "").strip().lower()
        refusal: Response | None = None
        if host not in self.hosts:
            refusal = _plain(403, f"Host '{host}' is not this server (protection against DNS rebinding)")
        elif (origin := headers.get("origin")) and origin.lower() != f"http://{host}":
            refusal = _plain(403, f"cross-site request from {origin} refused")
        elif scope["method"] not in ("GET", "HEAD", "POST"):
            refusal = _plain(405, f"{scope['method']} is not allowed here")
        elif scope["method"] == "POST" and not headers.get("content-length", "").isdigit():
            refusal = _plain(411, "a POST needs a Content-Length header")
        elif scope["method"] == "POST" and int(headers["content-length"]) > MAX_BODY:
            refusal = _plain(413, f"the request body is over {MAX_BODY} bytes")
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self.app(scope, _bounded(receive), send)


def _bounded(receive: Receive) -> Receive:
    """``receive`` that stops a body longer than it said (or than :data:`MAX_BODY`) from being read on."""
    seen = 0

    async def inner() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > MAX_BODY:
                raise ValueError("request body over the limit")
        return message

    return inner


def _problem_json(p: Problem) -> dict[str, Any]:
    return {"file": p.file, "line": p.line, "field": p.field, "message": p.message, "hint": p.hint}


def _unreadable(exc: CurationError) -> JSONResponse:
    """422 for curation files that do not load (the page shows each problem and how to fix it)."""
    message = "the curation files do not load; fix them (the problems below), then reload this page"
    return _json({"error": "unreadable", "message": message, "problems": [_problem_json(p) for p in exc.problems]}, 422)


def _json(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status, headers=_HEADERS)


def _template() -> Any:
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    return env.from_string(resources.files("kg.review").joinpath("static/review.html").read_text(encoding="utf-8"))


def create_app(session: ReviewSession, hosts: frozenset[str], token: str | None = None) -> Starlette:
    """The application over ``session``; ``hosts`` are the ``Host`` values that name this server."""
    token = token or secrets.token_urlsafe(32)
    page = _template()

    async def index(request: Request) -> Response:
        lang = session.languages[0] if session.languages else "en"
        html = page.render(doc=session.doc, title=session.title, token=token, lang=lang)
        return HTMLResponse(html, headers={**_HEADERS, "Content-Security-Policy": _CSP})

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in _ASSETS:
            return _plain(404, "not found")
        body = resources.files("kg.review").joinpath(f"static/{name}").read_bytes()
        return Response(body, media_type=_ASSETS[name], headers=_HEADERS)

    def state(request: Request) -> Response:  # sync: Starlette runs it in a thread, the session locks
        try:
            return _json(session.state())
        except CurationError as exc:  # the draft edited by hand into something that does not load
            return _unreadable(exc)

    def options(request: Request) -> Response:
        subject, obj = request.query_params.get("subject", ""), request.query_params.get("object", "")
        if not subject or not obj:
            return _json({"error": "invalid", "message": "give subject and object"}, 400)
        return _json({"options": session.options(subject, obj)})

    def entities(request: Request) -> Response:
        query = fold(request.query_params.get("q", "")[:200])
        if not query:
            return _json({"entities": []})
        scored = []
        for entity in session.entities.values():
            names = [n for _, n in entity.names.all_names()]
            best = max(
                (fuzz.partial_ratio(query, fold(n)) if len(query) <= len(fold(n)) else fuzz.ratio(query, fold(n)) for n in names), default=0
            )
            if query == entity.id or best >= 70:
                scored.append((-(200 if query == entity.id else best), entity.id, entity))
        found = [
            {
                "id": e.id,
                "label": e.names.pref.get("en") or next(iter(e.names.pref.values()), e.id),
                "class": e.cls,
                "names": [n for _, n in e.names.all_names()],
            }
            for _, _, e in sorted(scored)[:SEARCH_LIMIT]
        ]
        return _json({"entities": found})

    async def _body(request: Request) -> dict[str, Any] | Response:
        if not hmac.compare_digest(request.headers.get("x-review-token", ""), token):
            return _plain(403, "missing or wrong X-Review-Token: reload the page")
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return _plain(415, "send JSON (Content-Type: application/json)")
        try:
            data = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError):
            return _json({"error": "invalid", "message": "the body is not JSON"}, 400)
        if not isinstance(data, dict) or not isinstance(data.get("version"), str):
            return _json({"error": "invalid", "message": "the body must be an object with the page's 'version'"}, 400)
        return data

    def _answer(call: Any) -> Response:
        try:
            try:
                return _json(call())
            except Conflict as exc:
                return _json({"error": "conflict", "message": str(exc), "state": session.state()}, 409)
        except CurationError as exc:
            return _unreadable(exc)
        except Invalid as exc:
            return _json({"error": "invalid", "message": str(exc), "problems": [_problem_json(p) for p in exc.problems]}, 422)

    async def decide(request: Request) -> Response:
        data = await _body(request)
        if isinstance(data, Response):
            return data
        item, action = data.get("item"), data.get("action")
        if not isinstance(item, str) or not isinstance(action, str):
            return _json({"error": "invalid", "message": "give 'item' and 'action'"}, 400)
        return await _threaded(lambda: _answer(lambda: session.decide(data["version"], item, action, data)))

    async def finish(request: Request) -> Response:
        data = await _body(request)
        if isinstance(data, Response):
            return data
        status = data.get("status")

        def run() -> dict[str, Any]:
            new_state, warnings = session.finish(data["version"], str(status))
            return {"state": new_state, "validated": True, "warnings": warnings}

        return await _threaded(lambda: _answer(run))

    routes = [
        Route("/", index),
        Route("/static/{name}", asset),
        Route("/api/state", state),
        Route("/api/options", options),
        Route("/api/entities", entities),
        Route("/api/decide", decide, methods=["POST"]),
        Route("/api/finish", finish, methods=["POST"]),
    ]
    return Starlette(routes=routes, middleware=[Middleware(Guard, hosts=hosts)])


async def _threaded(call: Any) -> Response:
    """Run blocking work (file checks, the build) off the event loop."""
    result: Response = await run_in_threadpool(call)
    return result
