"""``kg review``: review a draft in the browser, one key per decision (kg/review/)."""

from __future__ import annotations

import secrets
import socket
from typing import Annotated

import typer

from ..errors import KgError, UsageError
from ..project import Project
from .common import err, fail
from .options import RootOption, project

__all__ = ["review"]


def _drafts(proj: Project) -> list[str]:
    """The ids of the documents whose curation file is a draft."""
    from ..curation.yamlload import load_yaml

    found = []
    for path in sorted((proj.curation / "documents").glob("*.yaml")):
        data = load_yaml(path, proj.rel(path))
        if isinstance(data, dict) and data.get("status") == "draft":
            found.append(str(data.get("document")))
    return found


def review(
    doc: Annotated[
        str | None, typer.Argument(help="The document to review, e.g. 005. Default: the only draft.", show_default=False)
    ] = None,
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port on 127.0.0.1 (0 picks a free one).")] = 8766,
    no_open: Annotated[bool, typer.Option("--no-open", help="Do not open the page in the browser.")] = False,
    root: RootOption = None,
) -> None:
    """Review a document's draft in the browser: accept, correct or reject each suggestion beside its quote.

    The page shows the text with each suggestion's quote highlighted and the suggestions
    most likely first; keys: j/k next and previous, a accept, r reject, e correct, ?
    help. Each decision is checked with the build's own checks and written at once to
    the document's curation file (comments and layout kept); rejected suggestions are
    recorded so that they are not proposed again. Finish sets the status to complete
    or partial and validates the graph. The server listens on 127.0.0.1 only. Ctrl-C
    stops it.

    \b
    Examples:
      kg review 005
      kg review --no-open --port 9000
    """
    import signal
    import webbrowser

    import uvicorn

    from ..netguard import lock_network
    from ..review.app import create_app
    from ..review.session import ReviewSession

    proj = project(root)
    try:
        if doc is None:
            drafts = _drafts(proj)
            if len(drafts) != 1:
                raise UsageError(
                    "no draft to review: 'kg ingest FILE' drafts a new document"
                    if not drafts
                    else f"several drafts ({', '.join(drafts)}): name the one to review, e.g. 'kg review {drafts[0]}'"
                )
            doc = drafts[0]
        err.print(f"Analysing document {doc} ...", markup=False)
        session = ReviewSession(proj, doc)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError as exc:
            raise UsageError(f"cannot listen on 127.0.0.1:{port} ({exc.strerror}); choose another --port, or 0 for any free one") from exc
        sock.listen(128)  # connections wait from now on, so the address printed below is reachable at once
        bound = sock.getsockname()[1]
        hosts = frozenset(f"{h}:{bound}" for h in ("127.0.0.1", "localhost"))
        app = create_app(session, hosts, secrets.token_urlsafe(32))
        lock_network()  # the page is served; nothing is fetched from anywhere
    except KgError as exc:
        raise fail(exc) from exc
    url = f"http://127.0.0.1:{bound}/"
    state = session.state()
    progress = state["progress"]
    err.print(
        f"Reviewing document {doc} at {url} ({progress['remaining']} of {progress['total']} items to decide). Ctrl-C stops.", markup=False
    )
    if not no_open:
        webbrowser.open(url)

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", server_header=False))
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
