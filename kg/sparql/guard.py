"""Check a query before anything runs; block the network as a backstop.

SPARQL engines reach out to the network on a query's say-so: ``SERVICE <url>`` sends
a request to any address (Oxigraph's Rust client and rdflib's ``urlopen`` both do,
the latter without a timeout), ``FROM <url>`` makes rdflib download a graph it does
not hold, and an update can ``LOAD`` from anywhere or change the data.  A local
endpoint is reachable by every web page the analyst opens, so none of this may run.

:func:`check_query` parses the query with rdflib's SPARQL parser and walks its algebra
(not the text: keywords inside strings, IRIs or comments are harmless, and a
``SERVICE`` nested in ``EXISTS``, ``OPTIONAL`` or a sub-select is still found).  It
refuses

* updates of every kind (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``DROP``, ...);
* ``SERVICE``, whatever the IRI or variable;
* ``FROM`` / ``FROM NAMED`` naming anything but a graph of this knowledge graph,

and reports syntax errors with line, column and the text around them.

:mod:`kg.netguard` is the backstop for code paths the parser check cannot see
(rdflib's engine fetching a graph); Oxigraph's own HTTP client is native code that
audit hooks do not observe, which is why the algebra check comes first.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from ..rdf.vocab import ENT_NS, GRAPH_NS, PREFIXES
from .errors import QueryRefused, QuerySyntaxError

__all__ = [
    "PREFIX_LINE",
    "CheckedQuery",
    "QueryForm",
    "check_query",
    "needs_algebra_check",
]

QueryForm = Literal["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"]

#: The project's prefixes on one line, put before every query so that ``kg:``,
#: ``ent:``, ``skos:`` ... work undeclared.  One line, so positions shift by exactly one line.
PREFIX_LINE = " ".join(f"PREFIX {prefix}: <{ns}>" for prefix, ns in PREFIXES)

_FORMS: dict[str, QueryForm] = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}
_OWN_GRAPHS = (GRAPH_NS, ENT_NS)


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed :func:`check_query`.

    Attributes
    ----------
    text : str
        What to send to an engine: the project prefixes, then the query as written.
    original : str
        The query as written (error positions refer to it).
    form : str
        ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``.
    source : str
        Where the query came from, for messages.
    declares_dataset : bool
        The query names its own dataset (``FROM`` or ``FROM NAMED``).  A remote store is
        then sent no ``default-graph-uri``/``named-graph-uri``: those would replace the
        query's own choice (SPARQL 1.1 Protocol, section 2.1.4).
    """

    text: str
    original: str
    form: QueryForm
    source: str = "query"
    declares_dataset: bool = False

    @property
    def returns_graph(self) -> bool:
        """True for CONSTRUCT and DESCRIBE (an RDF graph), False for SELECT and ASK (a table or a boolean)."""
        return self.form in ("CONSTRUCT", "DESCRIBE")


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of a character offset."""
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def check_query(text: str, graphs: Collection[str] | None = None, source: str = "query") -> CheckedQuery:
    """Parse ``text`` and refuse what a read-only, offline endpoint must not run.

    Parameters
    ----------
    text
        The query.  The project prefixes are declared for it.
    graphs
        IRIs of the named graphs the store holds: ``FROM`` and ``FROM NAMED`` may name
        only these.  ``None`` (a remote store whose graphs are not known beforehand)
        allows any graph IRI under the project's namespaces.
    source
        Name of the query for messages (a file, a catalogue name).

    Raises
    ------
    QuerySyntaxError
        Not SPARQL 1.1; says where.
    QueryRefused
        An update, ``SERVICE``, or ``FROM`` outside the graph.

    Examples
    --------
    >>> check_query("SELECT ?x WHERE { ?x a kg:Country }").form
    'SELECT'
    >>> check_query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    kg.sparql.errors.QueryRefused: SERVICE <http://example.org/sparql> is refused: queries run on the local graph only, never on other endpoints
    """
    key = None if graphs is None else frozenset(graphs)
    if len(text) <= _CACHED_TEXT:
        return _check_cached(text, key, source)
    with _PARSE_LOCK:
        return _parse_and_check(text, key, source)


#: rdflib's SPARQL parser (pyparsing) is not thread-safe (RDFLib/rdflib#1282): two threads
#: of ``kg serve`` parsing at once fail with nonsense errors.  Parsing is serialised.
_PARSE_LOCK = threading.Lock()
#: Longest query text whose check is remembered (so the cache stays within a few MB).
_CACHED_TEXT = 8192


@functools.lru_cache(maxsize=256)
def _check_cached(text: str, graphs: frozenset[str] | None, source: str) -> CheckedQuery:
    """:func:`check_query`, remembered: parsing takes tens of milliseconds and clients repeat their queries.

    Only checks that pass are cached (a raised error is not); a :class:`CheckedQuery` is immutable.
    """
    with _PARSE_LOCK:
        return _parse_and_check(text, graphs, source)


def _parse_and_check(text: str, graphs: frozenset[str] | None, source: str) -> CheckedQuery:
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
    from rdflib.term import Variable

    full = PREFIX_LINE + "\n" + text
    try:
        parsed = parseQuery(full)
    except RecursionError:
        raise _too_deep(text, source) from None
    except ParseException as exc:
        try:
            parseUpdate(full)
        except ParseException:
            pass
        else:
            raise QueryRefused(
                f"{source} is a SPARQL update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE or COPY); "
                "this service is read-only: change the curation YAML and run 'kg build' instead"
            ) from None
        line, column = max(exc.lineno - 1, 1), exc.col
        raise QuerySyntaxError(_clean_message(str(exc.msg), exc), text, line, column, source) from None
    try:
        query = translateQuery(parsed)
    except RecursionError:
        raise _too_deep(text, source) from None
    except Exception as exc:  # rdflib raises bare Exceptions for semantic errors
        message = str(exc)
        unknown = re.match(r"Unknown namespace prefix : (\S+)", message)
        index = text.find(f"{unknown.group(1)}:") if unknown else -1
        line, column = _position(text, index) if index >= 0 else (1, 1)
        if unknown:
            message = f"undeclared prefix '{unknown.group(1)}:' (declare it with PREFIX {unknown.group(1)}: <...>)"
        raise QuerySyntaxError(message, text, line, column, source) from None
    algebra = query.algebra
    for node in _walk(algebra):
        if getattr(node, "name", None) == "ServiceGraphPattern":
            term = node["term"]
            what = f"?{term}" if isinstance(term, Variable) else f"<{term}>"
            raise QueryRefused(f"SERVICE {what} is refused: queries run on the local graph only, never on other endpoints")
    # CompValue.get returns the key itself for a missing key: use the plain dict lookup.
    dataset = dict.get(algebra, "datasetClause") or ()
    for clause in dataset:
        keyword, iri = ("FROM", clause["default"]) if "default" in clause else ("FROM NAMED", clause["named"])
        if not _allowed_graph(str(iri), graphs):
            known = "" if graphs is None else " Graphs here: " + ", ".join(sorted(graphs))
            raise QueryRefused(
                f"{keyword} <{iri}> is refused: only graphs of this knowledge graph may be named "
                f"(use GRAPH <...> {{ ... }} inside the query).{known}"
            )
    return CheckedQuery(full, text, _FORMS[algebra.name], source, declares_dataset=bool(dataset))


# --- the screen for the command line's direct path ------------------------------------

#: Deeper than this, rdflib's parser may run out of stack (:func:`_too_deep`): such a query
#: takes the checked path, whose message the command line has always given.
_SCREEN_DEPTH = 20
_IRIREF = re.compile(r'<[^\x00-\x20<>"{}|^`\\]*>')
#: An IRI with a scheme and an authority: read as "less than", ``<`` would leave ``scheme:``
#: followed by ``//``, which no SPARQL expression can continue, so no parser reads it so.
_ABSOLUTE = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]*://")
#: Skipped after ``?``, ``$`` and ``:``: ASCII letters, digits, ``_`` and ``-``, which every parser
#: reads as part of the variable or local name.  Anything else is screened like the rest.
_NAME = re.compile(r"[A-Za-z0-9_-]*")
_KEYWORD = re.compile(r"service|from", re.IGNORECASE)


def needs_algebra_check(text: str) -> bool:
    """False only if ``text`` cannot hold ``SERVICE`` or ``FROM``, whatever a parser makes of it.

    ``kg query`` on the local store runs such a query on Oxigraph directly: updates are
    not queries there (Oxigraph's query parser refuses them, and the store is opened
    read-only), and without those two keywords nothing can leave the graph.  Importing
    rdflib's SPARQL parser and reading the algebra cost more than the rest of a cold
    query, so the command line screens the text first and falls back to
    :func:`check_query` whenever the screen is not sure, and whenever Oxigraph finds
    the query malformed (so errors read as they always have).

    The screen reads the text the way every SPARQL parser must: comments, strings,
    variable names, the local part of prefixed names and IRIs with a scheme and an
    authority (``<https://...>``) cannot hold a keyword, and everything else must not
    contain ``service`` or ``from`` in any case, even inside a longer word (Oxigraph
    reads ``trueSERVICE`` as ``true SERVICE``).  Wherever tokenising could differ between
    parsers it answers True: backslashes outside strings (``\\u`` escapes are expanded
    before parsing, ``kg:a\\#b`` is a local name, not a comment), another IRI holding
    ``#`` or ``'`` (were ``<`` read as "less than", these would start a comment or a
    string), a string cut by a line end or the end of the text, brackets nested deeper
    than rdflib parses.

    Examples
    --------
    >>> needs_algebra_check('SELECT ?x WHERE { ?x prov:wasDerivedFrom ?e ; rdfs:label "from SERVICE" } # FROM')
    False
    >>> needs_algebra_check("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }"), needs_algebra_check("ASK { ?s ?p trueSERVICE <urn:x> {} }")
    (True, True)
    >>> needs_algebra_check("SELECT ?x WHERE { ?x ?p <http://example.org/from#b> }"), needs_algebra_check("ASK { ?x ?p <a#b> }")
    (False, True)
    """
    if "\\u" in text or "\\U" in text:
        return True
    code: list[str] = []  # the text outside comments, strings, variable names and local names
    depth, i, n = 0, 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "#":
            end = min((j for j in (text.find("\n", i), text.find("\r", i)) if j >= 0), default=n)
            i = end
        elif ch in "\"'":
            long = text.startswith(ch * 3, i)
            quote = ch * 3 if long else ch
            j = i + len(quote)
            while True:
                if j >= n:
                    return True  # unterminated
                if text[j] == "\\":
                    j += 2
                elif text.startswith(quote, j):
                    break
                elif not long and text[j] in "\n\r":
                    return True
                else:
                    j += 1
            i = j + len(quote)
        elif ch == "<" and (iri := _IRIREF.match(text, i)):
            if _ABSOLUTE.match(iri.group()):
                code.append(" ")  # <scheme://...> is an IRI to every parser (see above)
            elif "#" in iri.group() or "'" in iri.group():
                return True
            else:
                code.append(iri.group())
            i = iri.end()
        elif ch in "?$:":
            i = _NAME.match(text, i + 1).end()  # type: ignore[union-attr]  # the pattern matches the empty string
            code.append(" ")
        elif ch == "\\":
            return True  # an escape in a local name (kg:a\#b): a comment to some parsers, a name to others
        else:
            depth += 1 if ch in "({[" else -1 if ch in ")}]" else 0
            if depth > _SCREEN_DEPTH:
                return True
            code.append(ch)
            i += 1
    return _KEYWORD.search("".join(code)) is not None


def _too_deep(text: str, source: str) -> QuerySyntaxError:
    """The error for a query nested too deeply for rdflib's recursive parser.

    pyparsing recurses a few dozen Python frames per bracket, so some 30 nested
    brackets exhaust the interpreter's stack; without this the command line showed a
    traceback and ``kg serve`` dropped the connection without an answer.  The caret
    points at the first bracket that is 20 deep.
    """
    depth, index = 0, -1
    for at, ch in enumerate(text):
        depth += 1 if ch in "({[" else -1 if ch in ")}]" else 0
        if depth > 20:
            index = at
            break
    line, column = _position(text, index) if index >= 0 else (1, 1)
    return QuerySyntaxError(
        "brackets nested too deeply for the SPARQL parser; write the expression with fewer nested brackets", text, line, column, source
    )


def _allowed_graph(iri: str, graphs: Collection[str] | None) -> bool:
    if graphs is not None:
        return iri in graphs
    return iri.startswith(_OWN_GRAPHS)


def _clean_message(message: str, exc: Exception) -> str:
    found = re.search(r"found (.*?)\s+\(at char", str(exc))
    return f"{message}" + (f" (found {found.group(1)})" if found and "found" not in message else "")


def _walk(node: Any) -> Iterator[Any]:
    """Every node of an rdflib algebra tree (CompValues, lists, expressions)."""
    stack = [node]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set):
            stack.extend(item)
