"""One result model for every engine, and the SPARQL 1.1 result formats.

rdflib's engine, Oxigraph through rdflib, and a remote endpoint's JSON all become a
:class:`Solutions`, a :class:`Boolean` or a :class:`GraphResult` holding rdflib terms.
The formats are written here rather than by each engine so that the same answer
prints the same way whichever store produced it:

``json``
    SPARQL 1.1 Query Results JSON (https://www.w3.org/TR/sparql11-results-json/).
``csv``
    SPARQL 1.1 Query Results CSV: values only, CRLF line ends (RFC 4180).
``tsv``
    SPARQL 1.1 Query Results TSV: terms in Turtle syntax, so types and languages survive.
``table``
    aligned plain text for people: IRIs shortened with the project prefixes.

Graphs (CONSTRUCT, DESCRIBE) are written as sorted Turtle.

:func:`multiset` gives an engine-independent view of a result for comparisons: a
plain literal and an ``xsd:string`` literal are the same RDF term, and numbers compare
by value (``"5.0"^^xsd:decimal`` from one engine equals ``"5"^^xsd:decimal`` from another).
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Literal

from ..rdf.vocab import PREFIXES
from ..text.normalize import terminal_safe
from .errors import ResultTooLarge

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph
    from rdflib.query import Result
    from rdflib.term import Node

__all__ = [
    "FORMATS",
    "Boolean",
    "GraphResult",
    "QueryResult",
    "Solutions",
    "TableFormat",
    "check_size",
    "format_result",
    "from_json",
    "from_oxigraph",
    "from_rdflib",
    "multiset",
    "to_csv",
    "to_json",
    "to_table",
    "to_tsv",
    "to_turtle",
]

TableFormat = Literal["table", "csv", "tsv", "json"]
#: Output formats of ``kg query`` for SELECT and ASK.
FORMATS: tuple[TableFormat, ...] = ("table", "csv", "tsv", "json")

XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {
    XSD + name
    for name in (
        "integer", "decimal", "double", "float", "int", "long", "short", "byte", "nonNegativeInteger",
        "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong",
        "unsignedShort", "unsignedByte",
    )
}  # fmt: skip


@dataclass(frozen=True)
class Solutions:
    """The answer of a SELECT: variables and rows (``None`` where a variable is unbound)."""

    variables: tuple[str, ...]
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)

    def dicts(self) -> list[dict[str, str]]:
        """Rows as {variable: string value}, unbound variables left out (handy in tests and notebooks)."""
        return [{v: str(t) for v, t in zip(self.variables, row, strict=True) if t is not None} for row in self.rows]

    def column(self, variable: str) -> list[Node | None]:
        """All values of one variable, in row order."""
        i = self.variables.index(variable)
        return [row[i] for row in self.rows]


@dataclass(frozen=True)
class Boolean:
    """The answer of an ASK."""

    value: bool


@dataclass(frozen=True)
class GraphResult:
    """The answer of a CONSTRUCT or DESCRIBE."""

    graph: Graph


QueryResult = Solutions | Boolean | GraphResult


def _too_large(limit: int, unit: str, hint: str) -> ResultTooLarge:
    return ResultTooLarge(f"the result has more than {limit:,} {unit} and was not printed" + (f"; {hint}" if hint else ""))


def from_rdflib(result: Result, max_rows: int | None = None, hint: str = "") -> QueryResult:
    """Materialise an rdflib query result (from any store) into the common model.

    With ``max_rows``, a SELECT stops reading at the first row over the cap and raises
    :class:`ResultTooLarge` (``hint`` says how to proceed).  Rows are pulled one at a
    time from the engine, so a runaway cross product costs the cap's worth of memory,
    not all of it.  CONSTRUCT and DESCRIBE count triples against the same cap.
    """
    if result.type == "ASK":
        return Boolean(bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        from rdflib import Graph

        graph = Graph(bind_namespaces="none")
        assert result.graph is not None
        for triple in result.graph:
            if max_rows is not None and len(graph) >= max_rows:
                raise _too_large(max_rows, "triples", hint)
            graph.add(triple)
        return GraphResult(graph)
    variables = tuple(str(v) for v in (result.vars or ()))
    rows: list[tuple[Node | None, ...]] = []
    reader = iter(result)
    try:
        for row in reader:
            if max_rows is not None and len(rows) >= max_rows:
                raise _too_large(max_rows, "rows", hint)
            values = row if isinstance(row, tuple) else (row,)
            rows.append(tuple(values))  # type: ignore[arg-type]
    finally:
        _close_unread(result, reader)
    return Solutions(variables, rows)


def from_oxigraph(
    result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, max_rows: int | None = None, hint: str = ""
) -> QueryResult:
    """Materialise a result of pyoxigraph's ``Store.query`` into the common model.

    The same values :func:`from_rdflib` gives for the same query through ``oxrdflib``
    (terms converted as it converts them), with the same cap on rows and triples.  Call
    it on the thread that ran the query: pyoxigraph's results may not cross threads.
    """
    import pyoxigraph as ox

    from ..rdf.terms import TermConverter

    term = TermConverter(string_datatype=True)
    if isinstance(result, ox.QueryBoolean):
        return Boolean(bool(result))
    if isinstance(result, ox.QueryTriples):
        from rdflib import Graph

        graph = Graph(bind_namespaces="none")
        for triple in result:
            converted = (term(triple.subject), term(triple.predicate), term(triple.object))
            if converted in graph:  # counted once, as in the graph oxrdflib builds
                continue
            if max_rows is not None and len(graph) >= max_rows:
                raise _too_large(max_rows, "triples", hint)
            graph.add(converted)
        return GraphResult(graph)
    variables = tuple(v.value for v in result.variables)
    rows: list[tuple[Node | None, ...]] = []
    for solution in result:
        if max_rows is not None and len(rows) >= max_rows:
            raise _too_large(max_rows, "rows", hint)
        rows.append(tuple(None if value is None else term(value) for value in solution))
    return Solutions(variables, rows)


def _close_unread(result: Result, reader: object) -> None:
    """Close the engine's row generator now, on this thread, if reading stopped early.

    oxrdflib's row generator and its rdflib ``Result`` form a reference cycle, so an
    unfinished one lives until the cyclic collector runs, on whatever thread that is;
    pyoxigraph's solutions must be dropped on the thread that made them (else a
    "PyQuerySolutions is unsendable" error is printed).  A finished generator is a no-op.
    """
    for generator in (reader, getattr(result, "_genbindings", None)):
        close = getattr(generator, "close", None)
        if close is not None:
            close()


def check_size(result: QueryResult, max_rows: int | None, hint: str = "") -> QueryResult:
    """``result`` itself, or :class:`ResultTooLarge` if it has more rows (or triples) than ``max_rows``.

    For results that arrive whole (from a remote endpoint), so that a cap means the same
    whichever store answered.

    >>> check_size(Solutions(("x",), [(None,), (None,)]), 1)
    Traceback (most recent call last):
    ...
    kg.sparql.errors.ResultTooLarge: the result has more than 1 rows and was not printed
    """
    if max_rows is None:
        return result
    if isinstance(result, Solutions) and len(result.rows) > max_rows:
        raise _too_large(max_rows, "rows", hint)
    if isinstance(result, GraphResult) and len(result.graph) > max_rows:
        raise _too_large(max_rows, "triples", hint)
    return result


def from_json(payload: Mapping[str, Any]) -> Solutions | Boolean:
    """A SPARQL 1.1 Query Results JSON document (as parsed by :func:`json.loads`).

    Examples
    --------
    >>> from_json({"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "Laos", "xml:lang": "en"}}, {}]}}).rows
    [(rdflib.term.Literal('Laos', lang='en'),), (None,)]
    >>> from_json({"head": {}, "boolean": True})
    Boolean(value=True)
    """
    from rdflib import BNode, URIRef
    from rdflib import Literal as RdfLiteral

    if "boolean" in payload:
        return Boolean(bool(payload["boolean"]))
    variables = tuple(payload.get("head", {}).get("vars", ()))

    def term(value: Mapping[str, str] | None) -> Node | None:
        if value is None:
            return None
        kind = value.get("type")
        if kind == "uri":
            return URIRef(value["value"])
        if kind == "bnode":
            return BNode(value["value"])
        if kind in ("literal", "typed-literal"):
            lang = value.get("xml:lang")
            datatype = value.get("datatype")
            if lang:
                return RdfLiteral(value["value"], lang=lang)
            return RdfLiteral(value["value"], datatype=URIRef(datatype) if datatype and datatype != XSD + "string" else None)
        raise ValueError(f"unknown term type in SPARQL JSON results: {kind!r}")

    rows = [tuple(term(b.get(v)) for v in variables) for b in payload.get("results", {}).get("bindings", [])]
    return Solutions(variables, rows)


# --- comparison -------------------------------------------------------------------------


def _key(t: Node | None) -> tuple[str, ...]:
    from rdflib import BNode, URIRef
    from rdflib import Literal as RdfLiteral

    if t is None:
        return ("unbound",)
    if isinstance(t, URIRef):
        return ("iri", str(t))
    if isinstance(t, BNode):
        return ("bnode",)  # blank node labels are local to a result
    if isinstance(t, RdfLiteral):
        datatype = str(t.datatype) if t.datatype else XSD + "string"
        lexical = str(t)
        if datatype in _NUMERIC:
            try:
                return ("number", str(Decimal(lexical).normalize()))
            except InvalidOperation:  # INF, NaN
                return ("number", lexical)
        return ("literal", lexical, datatype, (t.language or "").lower())
    return ("other", str(t))


def multiset(result: QueryResult) -> Counter[tuple[tuple[str, ...], ...]] | bool | frozenset[tuple[tuple[str, ...], ...]]:
    """An engine-independent value of a result: a Counter of rows, a boolean, or a set of triples.

    Examples
    --------
    >>> from rdflib import Literal, XSD
    >>> a = Solutions(("n",), [(Literal("5.0", datatype=XSD.decimal),)])
    >>> b = Solutions(("n",), [(Literal("5", datatype=XSD.decimal),)])
    >>> multiset(a) == multiset(b)
    True
    """
    if isinstance(result, Boolean):
        return result.value
    if isinstance(result, GraphResult):
        return frozenset(tuple(_key(t) for t in triple) for triple in result.graph)
    order = sorted(range(len(result.variables)), key=lambda i: result.variables[i])
    return Counter(tuple(_key(row[i]) for i in order) for row in result.rows)


# --- formats ----------------------------------------------------------------------------


def _json_term(t: Node) -> dict[str, str]:
    from rdflib import BNode, URIRef
    from rdflib import Literal as RdfLiteral

    if isinstance(t, URIRef):
        return {"type": "uri", "value": str(t)}
    if isinstance(t, BNode):
        return {"type": "bnode", "value": str(t)}
    assert isinstance(t, RdfLiteral)
    out = {"type": "literal", "value": str(t)}
    if t.language:
        out["xml:lang"] = t.language
    elif t.datatype and str(t.datatype) != XSD + "string":
        out["datatype"] = str(t.datatype)
    return out


def to_json(result: Solutions | Boolean) -> str:
    """SPARQL 1.1 Query Results JSON, keys in a fixed order.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> print(to_json(Solutions(("c",), [(URIRef("https://w3id.org/brsc-kg/id/laos"),)])), end="")
    {"head": {"vars": ["c"]}, "results": {"bindings": [
    {"c": {"type": "uri", "value": "https://w3id.org/brsc-kg/id/laos"}}
    ]}}
    """
    if isinstance(result, Boolean):
        return json.dumps({"head": {}, "boolean": result.value}) + "\n"
    head = json.dumps({"vars": list(result.variables)}, ensure_ascii=False)
    rows = [
        json.dumps({v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}, ensure_ascii=False)
        for row in result.rows
    ]
    body = ",\n".join(rows)
    return f'{{"head": {head}, "results": {{"bindings": [\n{body}{chr(10) if rows else ""}]}}}}\n'


def to_csv(result: Solutions | Boolean) -> str:
    """SPARQL 1.1 Query Results CSV (lexical values; a blank node as ``_:label``).

    Examples
    --------
    >>> from rdflib import Literal
    >>> to_csv(Solutions(("name", "n"), [(Literal("Ho Chi Minh, City"), Literal(3)), (None, Literal(1))]))
    'name,n\\r\\n"Ho Chi Minh, City",3\\r\\n,1\\r\\n'
    """
    from rdflib import BNode

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if isinstance(result, Boolean):
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.value else "false"])
        return buffer.getvalue()
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t)) for t in row])
    return buffer.getvalue()


def _turtle_term(t: Node) -> str:
    from rdflib import BNode, URIRef
    from rdflib import Literal as RdfLiteral

    if isinstance(t, URIRef):
        return f"<{t}>"
    if isinstance(t, BNode):
        return f"_:{t}"
    assert isinstance(t, RdfLiteral)
    lexical = str(t).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    if t.language:
        return f'"{lexical}"@{t.language}'
    if t.datatype and str(t.datatype) != XSD + "string":
        return f'"{lexical}"^^<{t.datatype}>'
    return f'"{lexical}"'


def to_tsv(result: Solutions | Boolean) -> str:
    """SPARQL 1.1 Query Results TSV: ``?var`` headers, terms in Turtle syntax.

    Examples
    --------
    >>> from rdflib import Literal, URIRef
    >>> to_tsv(Solutions(("c", "name"), [(URIRef("https://w3id.org/brsc-kg/id/laos"), Literal("ลาว", lang="th"))])).splitlines()
    ['?c\\t?name', '<https://w3id.org/brsc-kg/id/laos>\\t"ลาว"@th']
    """
    if isinstance(result, Boolean):
        return "?boolean\n" + ("true" if result.value else "false") + "\n"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join("" if t is None else _turtle_term(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def _short(t: Node | None) -> str:
    """A term for people: IRIs with the project prefixes, literals as their text, control characters escaped.

    The table goes to a terminal; a label or quote must not be able to send it escape sequences.
    """
    from rdflib import BNode, URIRef

    if t is None:
        return ""
    if isinstance(t, URIRef):
        text = str(t)
        for prefix, ns in PREFIXES:
            local = text[len(ns) :]
            if text.startswith(ns) and local and all(c.isalnum() or c in "-_." for c in local):
                return f"{prefix}:{local}"
        return terminal_safe(f"<{text}>")
    if isinstance(t, BNode):
        return f"_:{t}"
    return terminal_safe(" ".join(str(t).split()))  # one line per row


def to_table(result: Solutions | Boolean) -> str:
    """An aligned plain-text table (widths count Thai and Chinese characters correctly).

    Examples
    --------
    >>> from rdflib import Literal, URIRef
    >>> print(to_table(Solutions(("country", "n"), [(URIRef("https://w3id.org/brsc-kg/id/laos"), Literal(2)), (None, Literal(10))])), end="")
    country   n
    --------  --
    ent:laos  2
              10
    """
    from rich.cells import cell_len

    if isinstance(result, Boolean):
        return ("true" if result.value else "false") + "\n"
    cells = [list(result.variables), *([_short(t) for t in row] for row in result.rows)]
    widths = [max(cell_len(row[i]) for row in cells) for i in range(len(result.variables))]
    cells.insert(1, ["-" * w for w in widths])

    def line(row: Sequence[str]) -> str:
        return "  ".join(c + " " * (w - cell_len(c)) for c, w in zip(row, widths, strict=True)).rstrip()

    return "".join(line(row) + "\n" for row in cells)


def to_turtle(result: GraphResult) -> str:
    """Sorted Turtle with the project prefixes (the same writer as ``build/kg.ttl``)."""
    from ..rdf.serialize import to_turtle as sorted_turtle

    return sorted_turtle(result.graph)


def format_result(result: QueryResult, fmt: TableFormat = "table") -> str:
    """The text ``kg query`` prints: ``fmt`` for SELECT and ASK, Turtle for graphs."""
    if isinstance(result, GraphResult):
        return to_turtle(result)
    writer = {"table": to_table, "csv": to_csv, "tsv": to_tsv, "json": to_json}[fmt]
    return writer(result)
