"""Read RDF files safely: Turtle and TriG only, the format always explicit, never guessed.

rdflib guesses a parser from a file's name or content when it is not told the format,
and its RDF/XML parser expands XML entities: a 575-byte "billion laughs" file kept it
busy for over a minute.  The project's RDF inputs (``ontology/kg.ttl``,
``ontology/shapes.ttl``, the build outputs read back by ``kg analyze``, ``kg viz``,
``kg export``, ``kg query``, ``kg serve``, ``kg push`` and the notebooks) are all Turtle
or TriG, so this module

* refuses a file whose name promises another format (``.rdf``, ``.owl``, ``.xml``, ...)
  and a file whose first bytes are XML or HTML, *before* any parser sees it;
* parses the bytes it checked (not the path again) with Oxigraph's Turtle or TriG parser,
  named explicitly, into an rdflib graph (:mod:`.terms`);
* resolves relative IRIs against a fixed placeholder base and refuses them, so that a
  relative IRI can neither silently become ``file:///home/you/...`` (rdflib's default
  base is the file's or the working directory's location) nor leak that path into the
  outputs;
* turns parser errors into :class:`RdfFileError` naming the file and line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from rdflib import Dataset, Graph

from ..errors import KgError, Problem
from .terms import TermConverter, UnsupportedTerm

__all__ = ["RDF_SUFFIXES", "RdfFileError", "check_rdf_file", "looks_like_xml", "parse_trig", "parse_turtle", "read_rdf_bytes"]

RdfFormat = Literal["turtle", "trig"]

#: File name endings accepted for each format (N-Triples is a subset of Turtle).
RDF_SUFFIXES: dict[RdfFormat, tuple[str, ...]] = {"turtle": (".ttl", ".nt"), "trig": (".trig",)}

#: Relative IRIs are resolved against this base, then refused.  ``.invalid`` is reserved (RFC 2606).
_PLACEHOLDER_BASE = "http://relative-iri.invalid/"

# An XML declaration, a doctype, comment or entity declaration, or an element with attributes.
# No Turtle or TriG document starts like this: "<" there opens an IRI, which may not contain
# spaces, and "<?"/"<!" followed by what XML puts there is never a valid IRI.
_XML_START = re.compile(rb"\A(?:\xef\xbb\xbf)?(?:\s|#[^\n]*(?:\n|\Z))*<(?:\?xml|!|[A-Za-z_][\w.-]*(?::[\w.-]+)?[\s/])")
_SNIFF_BYTES = 4096
#: Where Oxigraph's messages say the position, which the problem's line already gives.
_POSITION = re.compile(r"^Parser error (?:at|between) line[^:]*: ")
_LABELS: dict[RdfFormat, str] = {"turtle": "Turtle", "trig": "TriG"}


class RdfFileError(KgError):
    """An RDF file that is refused or cannot be parsed; the message names the file and line."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def looks_like_xml(head: bytes) -> bool:
    """True if ``head`` (the start of a file) is XML or HTML rather than Turtle or TriG.

    Examples
    --------
    >>> looks_like_xml(b'<?xml version="1.0"?><rdf:RDF/>')
    True
    >>> looks_like_xml(b'# a comment\\n<!DOCTYPE rdf:RDF [ <!ENTITY a "a"> ]>')
    True
    >>> looks_like_xml(b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>')
    True
    >>> looks_like_xml(b'<https://w3id.org/brsc-kg/id/a> <urn:p> <urn:o> .')
    False
    >>> looks_like_xml(b'PREFIX kg: <https://w3id.org/brsc-kg/ontology#>')
    False
    """
    return _XML_START.match(head[:_SNIFF_BYTES]) is not None


def _check_name(path: Path, fmt: RdfFormat, name: str) -> None:
    suffixes = RDF_SUFFIXES[fmt]
    if path.suffix.lower() not in suffixes:
        raise RdfFileError(
            Problem(
                name,
                0,
                "",
                f"not a {_LABELS[fmt]} file (the name must end in {' or '.join(suffixes)}); RDF/XML, OWL/XML and other formats are never read",
                f"convert it to {_LABELS[fmt]} with a tool you trust and give the {suffixes[0]} file",
            )
        )


def _check_head(head: bytes, fmt: RdfFormat, name: str) -> None:
    if looks_like_xml(head):
        raise RdfFileError(
            Problem(
                name,
                1,
                "",
                f"the file is XML or HTML (RDF/XML?), not {_LABELS[fmt]}; it was not parsed",
                f"RDF/XML is never read (its entity expansion can hang the parser); convert it to {_LABELS[fmt]} with a tool you trust",
            )
        )


def _read(path: Path, name: str, size: int = -1) -> bytes:
    try:
        with path.open("rb") as stream:
            return stream.read(size)
    except OSError as exc:
        raise RdfFileError(Problem(name, 0, "", f"cannot read the file: {exc.strerror or exc}", "check the path and permissions")) from None


def check_rdf_file(path: Path, fmt: RdfFormat, display: str | None = None) -> None:
    """Refuse ``path`` unless its name and first bytes fit ``fmt``; nothing is parsed.

    Parameters
    ----------
    path
        The file.
    fmt
        ``"turtle"`` or ``"trig"``.
    display
        How to name the file in messages (defaults to ``str(path)``).

    Raises
    ------
    RdfFileError
        The name ends in another format's suffix, or the content is XML or HTML.
    """
    name = display or str(path)
    _check_name(path, fmt, name)
    _check_head(_read(path, name, _SNIFF_BYTES), fmt, name)


def read_rdf_bytes(path: Path, fmt: RdfFormat, display: str | None = None) -> bytes:
    """The bytes of ``path`` after the checks of :func:`check_rdf_file`, read once: what was checked is what is parsed."""
    name = display or str(path)
    _check_name(path, fmt, name)  # before the file is even opened
    raw = _read(path, name)
    _check_head(raw, fmt, name)
    return raw


def _parse_into(target: Graph, path: Path, fmt: RdfFormat, display: str | None) -> None:
    """Parse ``path`` with Oxigraph's parser and add its triples (or quads) to ``target``.

    Oxigraph's parser, not rdflib's: it reads the 1.2 MB ``build/kg.ttl`` in a few
    hundredths of a second where rdflib's took most of a second, and every network
    command starts by reading it (:mod:`.terms` says what differs, nothing of meaning).
    """
    import pyoxigraph as ox  # loaded only by the commands that read RDF files

    name = display or str(path)
    raw = read_rdf_bytes(path, fmt, name)
    ox_format = ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.TURTLE
    try:
        quads = list(ox.parse(raw, format=ox_format, base_iri=_PLACEHOLDER_BASE, without_named_graphs=fmt == "turtle"))
    except (SyntaxError, ValueError) as exc:  # a syntax error, or bytes that are not UTF-8
        line = getattr(exc, "lineno", None) or 0
        why = _POSITION.sub("", str(getattr(exc, "msg", None) or exc or type(exc).__name__)).splitlines()[0]
        raise RdfFileError(Problem(name, line, "", f"not valid {_LABELS[fmt]}: {why}", "fix the syntax there")) from None
    term = TermConverter()
    store = target.store  # added to directly: the terms are rdflib's own, Graph.add's checks would only repeat
    try:
        if isinstance(target, Dataset):
            graphs: dict[object, Graph] = {}
            for quad in quads:
                graph_name = quad.graph_name
                graph = graphs.get(graph_name)
                if graph is None:
                    is_default = isinstance(graph_name, ox.DefaultGraph)
                    graph = graphs[graph_name] = target.default_graph if is_default else target.graph(term(graph_name))
                store.add((term(quad.subject), term(quad.predicate), term(quad.object)), graph, quoted=False)
        else:
            for triple in term.triples(quads):
                store.add(triple, target, quoted=False)
    except UnsupportedTerm as exc:
        raise RdfFileError(Problem(name, 0, "", str(exc), "write the statement with rdf:reifies or plain triples")) from None
    for iri in term.iris():  # each distinct IRI once
        if iri.startswith(_PLACEHOLDER_BASE):
            relative = iri[len(_PLACEHOLDER_BASE) :]
            raise RdfFileError(
                Problem(name, 0, "", f"relative IRI <{relative}>: every IRI must be absolute", "write the full IRI (or declare a PREFIX)")
            )


def parse_turtle(path: Path, display: str | None = None) -> Graph:
    """A Turtle file as an rdflib Graph, checked by :func:`check_rdf_file` first.

    Raises
    ------
    RdfFileError
        Refused (wrong name, XML content, relative IRIs) or not valid Turtle.
    """
    # rdflib's plain triple store: one graph needs none of the default Memory store's context
    # bookkeeping, which cost a third of reading build/kg.ttl and of every lookup after it.
    graph = Graph(store="SimpleMemory")
    _parse_into(graph, path, "turtle", display)
    return graph


def parse_trig(path: Path, display: str | None = None, default_union: bool = True) -> Dataset:
    """A TriG file as an rdflib Dataset, checked by :func:`check_rdf_file` first.

    Raises
    ------
    RdfFileError
        Refused (wrong name, XML content, relative IRIs) or not valid TriG.
    """
    ds = Dataset(default_union=default_union)
    _parse_into(ds, path, "trig", display)
    return ds
