"""The SPARQL commands of ``kg``: ``query``, ``serve`` and ``push``, each a few lines over :mod:`kg.sparql`.

Registered on the ``kg`` app by :mod:`kg.cli`.  Nothing
heavy is imported at module level: ``kg query`` must answer in a quarter of a second
from process start, so rdflib and Oxigraph are imported inside the commands, pySHACL,
pandas, networkx and pyvis never are, and a query the lexical screen passes goes to
Oxigraph directly, without rdflib's SPARQL parser (:func:`kg.sparql.execute.run_direct`).

Exit codes as for every ``kg`` command: 0 success; 1 the query or its data are at
fault (syntax, refused, timeout, missing build, unreachable endpoint); 2 wrong usage
(unknown catalogue name or parameter, bad option); 3 ``kg push`` could not write to
the store.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..build.output import OutputError
from ..errors import KgError
from .common import err, fail
from .options import BuildOption, QuietOption, RootOption, build_dir

if TYPE_CHECKING:
    from ..sparql.guard import CheckedQuery
    from ..sparql.results import QueryResult

__all__ = ["push", "query", "serve"]

#: ``--engine`` of ``kg push`` and ``kg query``: which kind of store is at the other end.
EngineOption = Annotated[
    str,
    typer.Option(
        "--engine",
        help="The kind of store: standard (Oxigraph, Fuseki, GraphDB, QLever) or virtuoso (its default graph is the union "
        "of every graph it holds, so the union is kept in a named graph that each query names).",
    ),
]


def _read_query(query: str | None, file: Path | None, params: list[str]) -> tuple[str, str]:
    """(text, source) of the query to run: a catalogue name, inline text, a file or standard input."""
    from ..sparql.catalogue import get_query, looks_like_name
    from ..sparql.errors import ParameterError, SparqlError

    values: dict[str, str] = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ParameterError(f"--param {item!r}: write name=value, e.g. --param actor=stcsm")
        values[name.strip()] = value
    if file is not None and query is not None:
        raise ParameterError("give either a query (name or text) or --file, not both")
    if file is None and query is not None and query.strip().endswith((".rq", ".sparql")) and "{" not in query:
        file = Path(query.strip())
    if file is not None:
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as exc:
            raise SparqlError(f"cannot read the query file {file}: {exc.strerror or exc}") from None
        except UnicodeDecodeError as exc:  # a ValueError, not an OSError: it used to escape as a traceback
            raise SparqlError(
                f"the query file {file} is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start}); save it as UTF-8"
            ) from None
        source = str(file)
    elif query == "-":
        text, source = sys.stdin.read(), "standard input"
    elif query is not None and looks_like_name(query):
        entry = get_query(query)
        return entry.bind(values), f"catalogue query '{query}'"
    elif query is not None:
        text, source = query, "query"
    else:
        raise ParameterError(
            "no query given: pass a catalogue name (kg query --list), a query in quotes, --file FILE.rq, or - for standard input"
        )
    if values:
        from ..sparql.catalogue import parse_query_file

        try:
            entry = parse_query_file(source, text)
        except SparqlError:
            raise ParameterError(f"--param given, but {source} declares no parameters ('# Parameter:' header lines)") from None
        text = entry.bind(values)
    return text, source


def _positive(value: float) -> float:
    """Refuse a time limit of 0 or less as a usage error (typer's ``min`` cannot exclude 0)."""
    if value <= 0:
        raise typer.BadParameter(f"{value:g} is not a positive number of seconds")
    return value


def _list_catalogue() -> None:
    from ..sparql.catalogue import load_catalogue

    for name, entry in load_catalogue().items():
        params = "".join(f" [--param {p.name}=… (default {p.default})]" for p in entry.parameters)
        sys.stdout.write(f"{name}{params}\n    {entry.question}\n")


def query(
    query: Annotated[
        str | None,
        typer.Argument(
            help="A catalogue name (see --list), a query in quotes, a .rq file, or - to read standard input.",
            show_default=False,
        ),
    ] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Read the query from this file.", show_default=False)] = None,
    fmt: Annotated[
        str,
        typer.Option("--format", help="table, csv, tsv or json (SPARQL 1.1 results formats). CONSTRUCT and DESCRIBE always print Turtle."),
    ] = "table",
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="name=value for a parameterised query; repeatable.")] = None,
    endpoint: Annotated[
        str | None,
        typer.Option("--endpoint", help="Query this SPARQL endpoint instead of the local build (e.g. http://127.0.0.1:7878/query)."),
    ] = None,
    engine: EngineOption = "standard",
    store: Annotated[
        str, typer.Option("--store", help="Embedded store behind rdflib: oxigraph (fast) or memory (rdflib's own).")
    ] = "oxigraph",
    build: BuildOption = None,
    timeout: Annotated[float, typer.Option("--timeout", min=0, help="Stop the query after this many seconds (0: no limit).")] = 30.0,
    max_rows: Annotated[
        int,
        typer.Option(
            "--max-rows",
            min=0,
            help="Refuse a result of more rows (CONSTRUCT: triples) than this, printing nothing, before it fills memory (0: no cap).",
        ),
    ] = 100_000,
    cache: Annotated[
        bool,
        typer.Option("--cache/--no-cache", help="Keep an on-disk copy of the store in <build>/.cache/ for fast start-up (oxigraph store)."),
    ] = True,
    show: Annotated[bool, typer.Option("--show", help="Print the query (parameters filled in) instead of running it.")] = False,
    list_queries: Annotated[bool, typer.Option("--list", help="List the catalogue of questions and exit.")] = False,
    root: RootOption = None,
) -> None:
    """Ask the graph a SPARQL question: from the catalogue, inline, or from a file.

    The project prefixes (kg:, ent:, graph:, skos:, prov:, oa:, ...) are declared for you.
    Read-only: updates, SERVICE and FROM outside the graph are refused.

    \b
    Examples:
      kg query partners-of-actor --param actor=stcsm
      kg query "SELECT ?c WHERE { ?c a kg:Country }" --format csv
      kg query -f my.rq --endpoint http://127.0.0.1:7878/query
      kg query partners-of-actor --engine virtuoso --endpoint http://127.0.0.1:8890/sparql
    """
    from ..sparql.results import FORMATS

    if list_queries:
        _list_catalogue()
        return
    if fmt not in FORMATS:
        err.print(f"error: unknown --format '{fmt}'; choose one of: {', '.join(FORMATS)}", markup=False)
        raise typer.Exit(2)
    if store not in ("oxigraph", "memory"):
        err.print(f"error: unknown --store '{store}'; choose oxigraph or memory", markup=False)
        raise typer.Exit(2)
    try:
        text, source = _read_query(query, file, param or [])
        if show:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
            return
        started = time.perf_counter()
        result = _run(text, source, endpoint, store, build, root, timeout, cache, max_rows or None, engine)
    except KgError as exc:
        raise fail(exc) from exc
    from ..sparql.results import format_result

    sys.stdout.write(format_result(result, fmt))
    # The time taken is for someone at a terminal: rich's console is not even loaded otherwise.
    if sys.stderr.isatty() and err.is_terminal:
        from ..sparql.results import Solutions

        size = f"{len(result.rows)} row(s)" if isinstance(result, Solutions) else ""
        err.print(f"{size} in {time.perf_counter() - started:.2f} s".strip(), markup=False, style="dim")


def _run(
    text: str,
    source: str,
    endpoint: str | None,
    store: str,
    build: Path | None,
    root: Path | None,
    timeout: float,
    cache: bool,
    max_rows: int | None,
    engine: str = "standard",
) -> QueryResult:
    from ..netguard import network_lockdown
    from ..sparql.engines import get_engine
    from ..sparql.execute import ROWS_HINT
    from ..sparql.guard import check_query

    kind = get_engine(engine)
    if endpoint is not None:
        from ..sparql.remote import Endpoint, endpoint_address

        allowed = [endpoint_address(endpoint)]
        checked: CheckedQuery = check_query(text, None, source)
        with network_lockdown(allowed):
            from ..sparql.results import check_size

            return check_size(Endpoint(endpoint, timeout or 3600.0, kind).query(checked), max_rows, ROWS_HINT)
    from ..sparql.execute import check_for, run_direct, run_query
    from ..sparql.store import as_dataset, build_files, open_store

    folder = build_dir(root, build)
    files = build_files(folder)
    with network_lockdown():
        if store == "memory":
            ds = as_dataset(open_store(files), "memory")
        else:
            oxigraph = open_store(files, folder / ".cache" / "oxigraph" if cache else None)
            # Straight to Oxigraph when the text plainly stays in the graph: no rdflib SPARQL parser to load.
            direct = run_direct(oxigraph, text, source, timeout or None, max_rows)
            if direct is not None:
                return direct
            ds = as_dataset(oxigraph, "oxigraph")
        checked = check_for(ds, text, source)
        return run_query(ds, checked, timeout or None, max_rows)


def push(
    endpoint: Annotated[
        str | None,
        typer.Option(
            "--endpoint",
            help="The store's Graph Store Protocol URL: Oxigraph http://HOST:7878/store, Fuseki http://HOST:3030/DATASET/data, GraphDB http://HOST:7200/repositories/REPO/rdf-graphs/service, Virtuoso http://HOST:8890/sparql-graph-crud (with --engine virtuoso).",
            show_default=False,
        ),
    ] = None,
    dump: Annotated[
        Path | None,
        typer.Option(
            "--dump",
            help="Instead, write all named graphs as sorted N-Quads to this file, for stores loaded from files (QLever).",
            show_default=False,
        ),
    ] = None,
    default_graph: Annotated[
        bool,
        typer.Option(
            "--default-graph/--no-default-graph", help="Also write the union of all graphs into the default graph (off for GraphDB)."
        ),
    ] = True,
    build: BuildOption = None,
    prune: Annotated[
        str | None,
        typer.Option(
            "--prune",
            help="The same store's SPARQL query URL (Oxigraph http://HOST:7878/query): after writing, delete this graph's named graphs "
            "(IRIs under https://w3id.org/brsc-kg/) that the store holds but the build no longer has. Other graphs are never touched.",
            show_default=False,
        ),
    ] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait for each request.")] = 120.0,
    engine: EngineOption = "standard",
    root: RootOption = None,
) -> None:
    """Copy the built graph into a triple store (SPARQL 1.1 Graph Store Protocol).

    Writes one named graph per document plus the ontology, registry, mentions, class
    closure and (when built) analysis graphs, each replaced whole, and the union of all
    of them as the default graph, so pushing again is safe. Then query the store with
    'kg query --endpoint QUERY_URL'. With --prune QUERY_URL, graphs of an earlier push
    that this build lacks (a withdrawn document) are deleted. With --dump FILE, writes
    N-Quads instead. With --engine virtuoso the union goes into the named graph
    graph:union, which 'kg query --engine virtuoso' names as the default graph.

    \b
    Examples:
      kg push --endpoint http://127.0.0.1:7878/store --prune http://127.0.0.1:7878/query
      kg push --engine virtuoso --endpoint http://127.0.0.1:8890/sparql-graph-crud --prune http://127.0.0.1:8890/sparql
      kg push --dump kg.nq
    """
    from ..netguard import network_lockdown
    from ..sparql.engines import get_engine
    from ..sparql.errors import EndpointError, QueryTimeout
    from ..sparql.remote import endpoint_address, nquads
    from ..sparql.remote import push as run_push
    from ..sparql.store import build_files

    if (endpoint is None) == (dump is None):
        err.print("error: give either --endpoint URL (a Graph Store Protocol URL) or --dump FILE.nq", markup=False)
        raise typer.Exit(2)
    if prune is not None and dump is not None:
        err.print("error: --prune works with --endpoint, not with --dump (a dump file holds exactly the build)", markup=False)
        raise typer.Exit(2)
    try:
        kind = get_engine(engine)
        if kind.union_graph is not None and not default_graph:
            err.print(
                f"error: --no-default-graph does not go with --engine {engine}: its queries read the union from {kind.union_graph}",
                markup=False,
            )
            raise typer.Exit(2)
        files = build_files(build_dir(root, build))
        if dump is not None:
            from ..build.output import write_atomic

            data, count = nquads(files)
            write_atomic(dump, data)
            err.print(f"Wrote {count} quads to {dump}.", markup=False)
            return
        assert endpoint is not None
        allowed = [endpoint_address(endpoint)] + ([endpoint_address(prune)] if prune else [])
        with network_lockdown(allowed):
            result = run_push(
                files,
                endpoint,
                timeout,
                default_graph,
                progress=lambda s: err.print(s, markup=False, style="dim"),
                prune_query_url=prune,
                engine=kind,
            )
    except (EndpointError, QueryTimeout, OutputError) as exc:
        raise fail(exc, 3) from exc
    except KgError as exc:
        raise fail(exc) from exc
    named = [p for p in result.pushed if not p.union]
    err.print(f"Pushed {len(named)} named graphs ({sum(p.triples for p in named)} triples) to {endpoint}.", markup=False)
    if result.removed:
        err.print(f"Removed {len(result.removed)} stale graph(s) the build no longer has: {', '.join(result.removed)}", markup=False)


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on. Keep 127.0.0.1 unless others must reach it.")] = "127.0.0.1",
    # The bounds make typer refuse impossible values as usage errors (exit 2) before any
    # worker starts: a port outside 0-65535 used to end in an OverflowError traceback,
    # and a timeout of 0 or less served an endpoint on which every query failed.
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port (0 picks a free one).")] = 8765,
    timeout: Annotated[float, typer.Option("--timeout", callback=_positive, help="Seconds a query may run before it is stopped.")] = 5.0,
    max_result_bytes: Annotated[
        int, typer.Option("--max-result-bytes", min=1, help="Largest result sent; larger ones are refused (422).")
    ] = 10_000_000,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Queries that may run at the same time (one process each).")] = 2,
    allow_host: Annotated[
        list[str] | None, typer.Option("--allow-host", help="Another name clients use to reach the server (Host header check); repeatable.")
    ] = None,
    cors: Annotated[
        list[str] | None,
        typer.Option("--cors", help="Let web pages from this origin read results (e.g. http://localhost:3000); repeatable."),
    ] = None,
    build: BuildOption = None,
    root: RootOption = None,
    quiet: QuietOption = False,
    client_timeout: Annotated[
        float,
        typer.Option(
            "--client-timeout",
            help="Seconds a client may take to send a request or read the answer (and stay idle) before it is disconnected.",
        ),
    ] = 30.0,
    max_connections: Annotated[
        int,
        typer.Option("--max-connections", min=1, help="Open connections served at once; more get 503 at once instead of a thread each."),
    ] = 64,
) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint, with a query page, on this machine.

    Endpoint http://127.0.0.1:8765/sparql (GET and POST; JSON, XML, CSV, TSV, Turtle);
    query page http://127.0.0.1:8765/. Updates, SERVICE, LOAD and FROM outside the
    graph are refused; queries stop after --timeout seconds; requests must name this
    server in their Host header; no CORS unless --cors. Ctrl-C stops it.

    \b
    Examples:
      kg serve
      kg serve --port 9000 --timeout 10 --cors http://localhost:3000
    """
    import signal

    from ..netguard import lock_network
    from ..sparql.server import ServeConfig, make_server
    from ..sparql.store import build_files

    try:
        folder = build_dir(root, build)
        files = build_files(folder)
        config = ServeConfig(
            files=files,
            build_dir=folder,
            host=host,
            port=port,
            timeout=timeout,
            max_result_bytes=max_result_bytes,
            workers=workers,
            allowed_hosts=tuple(allow_host or ()),
            cors=tuple(cors or ()),
            quiet=quiet,
            client_timeout=client_timeout,
            max_connections=max_connections,
        )
        lock_network()  # the server answers; it never connects anywhere
        server = make_server(config)
    except KgError as exc:
        raise fail(exc) from exc

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"warning: listening on {host}: anyone who can reach this address can query the graph", markup=False)
    names = ", ".join(f.name for f in files)
    err.print(f"Serving {names} read-only at {server.url}/sparql (query page {server.url}/)", markup=False)
    err.print(f"Query time limit {timeout:g} s, {workers} worker(s). Ctrl-C stops.", markup=False)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
