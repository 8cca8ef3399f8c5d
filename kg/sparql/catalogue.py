"""The catalogue of competency questions: ``kg/queries/*.rq``.

Each file is a plain SPARQL query that runs as it is in any tool (YASGUI, Fuseki's
page, ``kg query -f``), preceded by a comment header::

    # Question: Who are an actor's cooperation partners, and through which kinds of link?
    # Parameter: actor (entity) = ent:shanghai-technology-exchange -- the actor whose partners to list
    # Any further comment lines are notes: definitions, caveats, what the answer is based on.
    SELECT ... WHERE {
      VALUES ?actor { ent:shanghai-technology-exchange }
      ...

A parameter is a ``VALUES ?name { default }`` block in the body; binding a value
replaces that block's content with the value, checked and written as a proper SPARQL
term (no text is pasted into the query).  This works on every engine and endpoint,
unlike engine-specific pre-binding.

Parameter kinds: ``entity`` (``stcsm``, ``ent:stcsm`` or a full IRI), ``term`` (an
ontology term: ``MemorandumOfUnderstanding``, ``kg:Operating``, a prefixed name or a
full IRI), ``string``, ``integer``.

The files ship inside the package (``kg/queries/``), so the catalogue is found both
from a checkout and from an installed wheel.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

from ..rdf.vocab import ENT_NS, KG_NS, PREFIXES
from .errors import ParameterError, SparqlError, UnknownQuery

__all__ = [
    "CatalogueQuery",
    "Parameter",
    "ParameterKind",
    "get_query",
    "load_catalogue",
    "looks_like_name",
    "parse_query_file",
    "render_value",
]

ParameterKind = Literal["entity", "term", "string", "integer"]
_KINDS: tuple[ParameterKind, ...] = ("entity", "term", "string", "integer")

_PARAM = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s*\((?P<kind>\w+)\)\s*=\s*(?P<default>.+?)\s*(?:--\s*(?P<help>.*))?$")
_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_LOCAL = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
_IRI = re.compile(r"^[a-z][a-z0-9+.-]*:[^\s<>\"{}|^`\\]+$", re.IGNORECASE)


@dataclass(frozen=True)
class Parameter:
    """A parameter of a catalogue query (a ``VALUES`` block in its body)."""

    name: str
    kind: ParameterKind
    default: str
    help: str = ""


@dataclass(frozen=True)
class CatalogueQuery:
    """One competency question and its query.

    Attributes
    ----------
    name : str
        The file name without ``.rq``: what ``kg query NAME`` takes.
    question : str
        The question in plain English.
    notes : str
        Definitions and caveats from the header.
    parameters : tuple of Parameter
    text : str
        The whole file (header comments included, so error lines match the file).
    """

    name: str
    question: str
    notes: str
    parameters: tuple[Parameter, ...]
    text: str

    def bind(self, values: Mapping[str, str] | None = None) -> str:
        """The query text with parameters set (defaults for those not given).

        Raises
        ------
        ParameterError
            An unknown parameter, or a value of the wrong form.
        """
        values = dict(values or {})
        known = {p.name: p for p in self.parameters}
        for name in values:
            if name not in known:
                listing = ", ".join(f"{p.name} ({p.kind}, default {p.default})" for p in self.parameters) or "none"
                raise ParameterError(f"query '{self.name}' has no parameter '{name}'; its parameters: {listing}")
        text = self.text
        for param in self.parameters:
            if param.name in values:
                block = f"VALUES ?{param.name} {{ {render_value(param, values[param.name])} }}"
                text = _values_block(param.name).sub(block.replace("\\", "\\\\"), text, count=1)
        return text


def render_value(param: Parameter, value: str) -> str:
    """A parameter value as a SPARQL term, or a :class:`ParameterError` saying what form it needs.

    Examples
    --------
    >>> render_value(Parameter("actor", "entity", "ent:stcsm"), "thailand")
    '<https://w3id.org/brsc-kg/id/thailand>'
    >>> render_value(Parameter("kind", "term", "kg:Investment"), "MemorandumOfUnderstanding")
    '<https://w3id.org/brsc-kg/ontology#MemorandumOfUnderstanding>'
    >>> render_value(Parameter("name", "string", '"x"'), 'Hong "Kong"')
    '"Hong \\\\"Kong\\\\""'
    >>> render_value(Parameter("n", "integer", "10"), "ten")
    Traceback (most recent call last):
    ...
    kg.sparql.errors.ParameterError: --param n=ten: expected a whole number, e.g. n=10
    """
    raw = value.strip()
    if param.kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", raw):
            raise ParameterError(f"--param {param.name}={value}: expected a whole number, e.g. {param.name}={param.default}")
        return str(int(raw))
    if param.kind == "string":
        escaped = raw.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        return f'"{escaped}"'
    # entity or term: an IRI
    namespaces = dict(PREFIXES)
    if raw.startswith("<") and raw.endswith(">"):
        raw = raw[1:-1]
    prefix, _, local = raw.partition(":")
    if local and prefix in namespaces and _LOCAL.match(local):
        iri = namespaces[prefix] + local
    elif _LOCAL.match(raw):
        iri = (ENT_NS if param.kind == "entity" else KG_NS) + raw
    elif _IRI.match(raw) and raw.lower().startswith(("http://", "https://", "urn:")):
        iri = raw
    else:
        example = "stcsm, ent:stcsm or https://w3id.org/brsc-kg/id/stcsm" if param.kind == "entity" else "Investment or kg:Investment"
        raise ParameterError(f"--param {param.name}={value}: expected an IRI ({example})")
    return f"<{iri}>"


def _values_block(name: str) -> re.Pattern[str]:
    return re.compile(r"VALUES\s+\?" + re.escape(name) + r"\s*\{([^{}]*)\}")


def parse_query_file(name: str, text: str) -> CatalogueQuery:
    """Read the header of a catalogue file.

    Raises
    ------
    SparqlError
        A header without ``# Question:``, a malformed ``# Parameter:`` line, or a
        parameter without its ``VALUES`` block.
    """
    question: list[str] = []
    notes: list[str] = []
    params: list[Parameter] = []
    current: list[str] | None = None
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        body = line[1:].strip()
        if body.startswith("Question:"):
            question.append(body.removeprefix("Question:").strip())
            current = question
        elif body.startswith("Parameter:"):
            match = _PARAM.match(body.removeprefix("Parameter:").strip())
            if not match or match.group("kind") not in _KINDS:
                raise SparqlError(
                    f"{name}.rq: bad parameter line {line!r}; write '# Parameter: name (kind) = default -- help' "
                    f"with kind one of {', '.join(_KINDS)}"
                )
            kind: ParameterKind = match.group("kind")  # type: ignore[assignment]
            params.append(Parameter(match.group("name"), kind, match.group("default"), match.group("help") or ""))
            current = None
        elif body and current is question and line.startswith("#   "):
            question.append(body)
        elif body:
            notes.append(body)
            current = notes
    if not question:
        raise SparqlError(f"{name}.rq: the header has no '# Question:' line saying what the query answers")
    for param in params:
        blocks = _values_block(param.name).findall(text)
        if len(blocks) != 1:
            raise SparqlError(
                f"{name}.rq: parameter '{param.name}' needs exactly one 'VALUES ?{param.name} {{ ... }}' block (found {len(blocks)})"
            )
    return CatalogueQuery(name, " ".join(question), " ".join(notes), tuple(params), text)


def load_catalogue(directory: Path | None = None) -> dict[str, CatalogueQuery]:
    """Every catalogue query by name, from ``directory`` or the packaged ``kg/queries``."""
    if directory is not None:
        files = {p.stem: p.read_text(encoding="utf-8") for p in sorted(directory.glob("*.rq"))}
    else:
        folder = resources.files("kg").joinpath("queries")
        files = {
            entry.name[: -len(".rq")]: entry.read_text(encoding="utf-8")
            for entry in sorted(folder.iterdir(), key=lambda e: e.name)
            if entry.name.endswith(".rq")
        }
    return {name: parse_query_file(name, text) for name, text in files.items()}


def get_query(name: str, directory: Path | None = None) -> CatalogueQuery:
    """One catalogue query, or :class:`UnknownQuery` listing the available names."""
    catalogue = load_catalogue(directory)
    if name not in catalogue:
        raise UnknownQuery(name, sorted(catalogue))
    return catalogue[name]


def looks_like_name(text: str) -> bool:
    """True if ``text`` is shaped like a catalogue name (lower-case words and hyphens) rather than a query.

    >>> looks_like_name("partners-of-actor"), looks_like_name("SELECT * WHERE { ?s ?p ?o }")
    (True, False)
    """
    return bool(_NAME.match(text.strip()))
