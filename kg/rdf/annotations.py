"""Evidence as W3C Web Annotation: its IRIs, the annotation part of a graph, JSON-LD out and back, the text check.

Each piece of evidence is an ``oa:Annotation`` whose body is the statement(s) it supports
and whose target is an ``oa:SpecificResource`` of the source document, selected twice: by
a ``oa:TextQuoteSelector`` (the quote, with the text right before and after it) and by a
``oa:TextPositionSelector`` (code-point offsets into the document file, end exclusive).
The quote and the offsets live on selectors, not on the annotation, because that is where
tools that read Web Annotation (annotation viewers, anchoring libraries, JSON-LD
consumers) look for them.  Every node has an IRI derived from the evidence's, so outputs
stay byte-identical between builds and each part can be cited.

:func:`to_jsonld` writes the annotations with the W3C Web Annotation JSON-LD context
(``http://www.w3.org/ns/anno.jsonld``), which :func:`read_jsonld` replaces by the copy
bundled in ``kg/rdf/contexts/``: nothing is fetched, ever.

Examples
--------
>>> from rdflib import Graph, URIRef
>>> g = Graph().parse(format="turtle", data='''
... @prefix oa: <http://www.w3.org/ns/oa#> . @prefix ent: <https://w3id.org/brsc-kg/id/> .
... @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
... ent:evidence-x-4-9 a oa:Annotation ; oa:hasBody ent:link-x-1 ; oa:hasTarget ent:evidence-x-4-9-target .
... ent:evidence-x-4-9-target a oa:SpecificResource ; oa:hasSource ent:document-x ;
...     oa:hasSelector ent:evidence-x-4-9-quote , ent:evidence-x-4-9-position .
... ent:evidence-x-4-9-quote a oa:TextQuoteSelector ; oa:exact "quick"@en ; oa:prefix "The "@en ; oa:suffix " fox"@en .
... ent:evidence-x-4-9-position a oa:TextPositionSelector ;
...     oa:start "4"^^xsd:nonNegativeInteger ; oa:end "9"^^xsd:nonNegativeInteger .
... ''')
>>> selector_problems(g, {URIRef("https://w3id.org/brsc-kg/id/document-x"): "The quick fox"})
[]
>>> set(read_jsonld(to_jsonld(g))) == set(annotation_graph(g))
True
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from functools import cache
from importlib.resources import files
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD
from rdflib.term import Node

from ..errors import KgError
from .vocab import KG, KG_NS, OA

__all__ = [
    "ANNO_CONTEXT_URL",
    "SelectorMismatch",
    "anno_context",
    "annotation_graph",
    "position_selector_iri",
    "quote_selector_iri",
    "read_jsonld",
    "selector_problems",
    "target_iri",
    "to_jsonld",
]

#: The W3C Web Annotation JSON-LD context, as annotations must name it.
ANNO_CONTEXT_URL = "http://www.w3.org/ns/anno.jsonld"

#: Terms of this project's annotations that the W3C context does not define.  An array
#: context that starts with the W3C one is allowed by the Web Annotation model (section 3.1).
_EXTENSION: dict[str, Any] = {
    "kg": KG_NS,
    "prov": str(PROV),
    "gloss": {"@id": "kg:gloss", "@language": "en"},
    "wasQuotedFrom": {"@id": "prov:wasQuotedFrom", "@type": "@id"},
}

#: Classes the W3C context names with a short term.
_CLASS_TERMS = {
    OA.Annotation: "Annotation",
    OA.SpecificResource: "SpecificResource",
    OA.TextQuoteSelector: "TextQuoteSelector",
    OA.TextPositionSelector: "TextPositionSelector",
}

#: Properties written with a term, in the order they appear in a node: (term, value kind).
#: ``id`` values are IRIs, ``node`` values are embedded, ``text`` values are strings,
#: ``count`` values are non-negative integers (the context types them), ``gloss`` English.
_PROPERTY_TERMS: dict[URIRef, tuple[str, str]] = {
    OA.hasBody: ("body", "id"),
    OA.hasTarget: ("target", "node"),
    OA.hasSource: ("source", "id"),
    OA.hasSelector: ("selector", "node"),
    OA.exact: ("exact", "text"),
    OA.prefix: ("prefix", "text"),
    OA.suffix: ("suffix", "text"),
    OA.start: ("start", "count"),
    OA.end: ("end", "count"),
    KG.gloss: ("gloss", "gloss"),
    PROV.wasQuotedFrom: ("wasQuotedFrom", "id"),
}


class SelectorMismatch(KgError):
    """An annotation's selectors do not select its quote from its document."""


def target_iri(evidence: URIRef) -> URIRef:
    """IRI of the evidence's target (the document, as selected): ``<evidence>-target``."""
    return URIRef(f"{evidence}-target")


def quote_selector_iri(evidence: URIRef) -> URIRef:
    """IRI of the evidence's text quote selector: ``<evidence>-quote``."""
    return URIRef(f"{evidence}-quote")


def position_selector_iri(evidence: URIRef) -> URIRef:
    """IRI of the evidence's text position selector: ``<evidence>-position``."""
    return URIRef(f"{evidence}-position")


@cache
def anno_context() -> dict[str, Any]:
    """The bundled W3C Web Annotation context (the value of its ``@context``)."""
    text = files("kg.rdf").joinpath("contexts", "anno.jsonld").read_text(encoding="utf-8")
    context: dict[str, Any] = json.loads(text)["@context"]
    return context


def _annotations(graph: Graph, sources: Collection[URIRef] | None) -> list[URIRef]:
    """Annotation IRIs of ``graph``, sorted; only those quoting ``sources`` when given."""
    found = {a for a in graph.subjects(RDF.type, OA.Annotation) if isinstance(a, URIRef)}
    if sources is not None:
        found = {
            a
            for a in found
            if any(graph.value(t, OA.hasSource) in sources for t in graph.objects(a, OA.hasTarget))
            or any(d in sources for d in graph.objects(a, PROV.wasQuotedFrom))
        }
    return sorted(found)


def annotation_graph(graph: Graph, sources: Collection[URIRef] | None = None) -> Graph:
    """The annotation part of ``graph``: every triple about an annotation, its targets and their selectors.

    This is exactly what :func:`to_jsonld` writes, so a test can compare the two as sets
    of triples.  ``sources`` keeps only annotations of these documents.
    """
    part = Graph(bind_namespaces="none")
    for annotation in _annotations(graph, sources):
        part += graph.triples((annotation, None, None))
        for target in graph.objects(annotation, OA.hasTarget):
            part += graph.triples((target, None, None))
            for selector in graph.objects(target, OA.hasSelector):
                part += graph.triples((selector, None, None))
    return part


# --- JSON-LD out ------------------------------------------------------------------------


def _type_name(cls: Node) -> str:
    if isinstance(cls, URIRef) and cls in _CLASS_TERMS:
        return _CLASS_TERMS[cls]
    text = str(cls)
    for prefix in ("kg", "prov"):
        if text.startswith(str(_EXTENSION[prefix])):
            return f"{prefix}:{text[len(str(_EXTENSION[prefix])) :]}"
    return text


def _id(node: Node) -> str:
    return f"_:{node}" if isinstance(node, BNode) else str(node)


def _generic(value: Node) -> dict[str, Any]:
    """Any RDF term as an explicit JSON-LD value: no context coercion applies to it."""
    if not isinstance(value, Literal):
        return {"@id": _id(value)}
    out: dict[str, Any] = {"@value": str(value)}
    if value.language:
        out["@language"] = value.language
    elif value.datatype is not None and value.datatype != XSD.string:
        out["@type"] = str(value.datatype)
    return out


def _term_value(kind: str, value: Node, language: str | None) -> Any:
    """``value`` written for a term of ``kind``, or ``None`` when the term cannot carry it exactly."""
    if kind in ("id", "node"):
        return None if isinstance(value, Literal) else _id(value)
    if not isinstance(value, Literal):
        return None
    if kind == "count":
        lexical = str(value)
        if value.datatype == XSD.nonNegativeInteger and lexical.isascii() and lexical.isdigit() and str(int(lexical)) == lexical:
            return int(lexical)  # a JSON number, as annotation tools expect; the context types it
        return None
    default = "en" if kind == "gloss" else language
    if value.datatype is not None:
        return None
    if value.language == default:
        return str(value)  # the common case: a bare string, which is what annotation tools read
    if value.language:
        return {"@value": str(value), "@language": value.language}
    return {"@value": str(value)}  # a plain string where a default language is in force


def _node(graph: Graph, node: Node, written: set[Node]) -> dict[str, Any]:
    """One node with its properties; targets and selectors embedded (each node written once)."""
    written.add(node)
    out: dict[str, Any] = {}
    language: str | None = None
    if (node, RDF.type, OA.TextQuoteSelector) in graph:
        languages = {e.language for e in graph.objects(node, OA.exact) if isinstance(e, Literal)}
        if len(languages) == 1 and None not in languages:
            language = languages.pop()
            out["@context"] = {"@language": language}  # exact, prefix and suffix are bare strings in it
    out["id"] = _id(node)
    types = sorted(graph.objects(node, RDF.type), key=lambda c: (c not in _CLASS_TERMS, _type_name(c)))
    if types:
        names = [_type_name(c) for c in types]
        out["type"] = names[0] if len(names) == 1 else names
    terms: dict[str, list[Any]] = {}
    others: dict[str, list[Any]] = {}
    for p, o in sorted(graph.predicate_objects(node)):
        if p == RDF.type:
            continue
        term, kind = _PROPERTY_TERMS.get(p, ("", "")) if isinstance(p, URIRef) else ("", "")
        value = _term_value(kind, o, language) if term else None
        if value is None:
            others.setdefault(str(p), []).append(_generic(o))
        elif kind == "node" and o not in written and not isinstance(o, Literal):
            terms.setdefault(term, []).append(("node", o))
        else:
            terms.setdefault(term, []).append(value)
    for term, _kind in _PROPERTY_TERMS.values():
        if term not in terms:
            continue
        values = [_node(graph, v[1], written) if isinstance(v, tuple) else v for v in terms[term]]
        out[term] = values[0] if len(values) == 1 else values
    for key in sorted(others):
        out[key] = others[key]
    return out


def to_jsonld(graph: Graph, sources: Collection[URIRef] | None = None) -> bytes:
    """The annotations of ``graph`` as Web Annotation JSON-LD, the same bytes for the same triples.

    One JSON-LD document: the W3C context followed by this project's few extra terms, and
    the annotations in ``@graph`` ordered by IRI, each with its target and selectors
    embedded the way the Web Annotation model's examples write them (``start``/``end``
    as numbers, ``exact``/``prefix``/``suffix`` as strings in the quote's language).
    It holds exactly the triples of :func:`annotation_graph`: no collection node is
    added, so reading it back gives the graph's annotation part and nothing else.
    """
    part = annotation_graph(graph, sources)
    written: set[Node] = set()
    items = [_node(part, a, written) for a in _annotations(part, None)]
    document = {"@context": [ANNO_CONTEXT_URL, _EXTENSION], "@graph": items}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --- JSON-LD back -------------------------------------------------------------------------


def _localise(value: Any) -> Any:
    """``value`` with every reference to the W3C context replaced by the bundled copy.

    Raises
    ------
    KgError
        Any other remote context: reading it would mean fetching it.
    """
    if isinstance(value, list):
        return [_localise(v) for v in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key == "@context":
            contexts = item if isinstance(item, list) else [item]
            local = []
            for context in contexts:
                if isinstance(context, str):
                    if context.rstrip("/") not in (ANNO_CONTEXT_URL, ANNO_CONTEXT_URL.replace("http:", "https:")):
                        raise KgError(
                            f"the JSON-LD names the remote context {context!r}; only {ANNO_CONTEXT_URL} is bundled and nothing is fetched"
                        )
                    local.append(anno_context())
                else:
                    local.append(_localise(context))
            out[key] = local if isinstance(item, list) else local[0]
        else:
            out[key] = _localise(item)
    return out


def read_jsonld(data: bytes | str) -> Graph:
    """Parse Web Annotation JSON-LD into a graph with the bundled context, offline.

    The W3C context URL is swapped for the copy in ``kg/rdf/contexts/`` before rdflib's
    JSON-LD processor sees the document, and the parse runs under
    :func:`kg.netguard.network_lockdown`, so a context or IRI the swap missed fails
    instead of being fetched.

    Raises
    ------
    KgError
        The text is not JSON, or it names a remote context other than the W3C one.
    """
    from ..netguard import NetworkBlocked, network_lockdown

    try:
        document = json.loads(data)
    except ValueError as exc:
        raise KgError(f"not JSON-LD: {exc}") from None
    text = json.dumps(_localise(document), ensure_ascii=False)
    graph = Graph(bind_namespaces="none")
    try:
        with network_lockdown():
            graph.parse(data=text, format="json-ld")
    except NetworkBlocked as exc:
        raise KgError(f"reading the JSON-LD tried to reach the network ({exc}); nothing is fetched") from None
    return graph


# --- the text check -----------------------------------------------------------------------


def _clip(text: str, width: int = 40) -> str:
    """``text`` quoted, shortened in the middle when long (for one-line messages)."""
    return repr(text if len(text) <= width else text[: width // 2] + "…" + text[-width // 2 :])


def _offset(value: Node | None) -> int | None:
    try:
        return int(str(value)) if value is not None else None
    except ValueError:
        return None


def _local(node: Node) -> str:
    return str(node).rsplit("/", 1)[-1]


def _check_target(graph: Graph, annotation: URIRef, target: Node, texts: Mapping[URIRef, str]) -> Iterable[str]:
    """Problems of one target: its document, its selectors, and whether they select the same text."""
    name = _local(annotation)
    source = graph.value(target, OA.hasSource)
    text = texts.get(source) if isinstance(source, URIRef) else None
    if text is None:
        yield f"{name}: its target's source {source} is not a document whose text is available"
        return
    doc = _local(source)  # type: ignore[arg-type]
    selectors = list(graph.objects(target, OA.hasSelector))
    quotes = [s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in graph]
    positions = [s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in graph]
    if len(quotes) != 1 or len(positions) != 1:
        yield f"{name}: its target needs exactly one text quote selector and one text position selector (has {len(quotes)} and {len(positions)})"
        return
    exact = graph.value(quotes[0], OA.exact)
    start, end = _offset(graph.value(positions[0], OA.start)), _offset(graph.value(positions[0], OA.end))
    if exact is None or start is None or end is None:
        yield f"{name}: its selectors need oa:exact, oa:start and oa:end"
        return
    if not 0 <= start < end <= len(text):
        yield f"{name}: offsets {start}-{end} are not a span of document {doc} ({len(text)} code points)"
        return
    span = text[start:end]
    if span != str(exact):
        yield f"{name}: offsets {start}-{end} of document {doc} read {_clip(span)} but the quote selector's oa:exact is {_clip(str(exact))}"
        return
    prefix, suffix = graph.value(quotes[0], OA.prefix), graph.value(quotes[0], OA.suffix)
    if prefix is not None and not text[:start].endswith(str(prefix)):
        yield f"{name}: oa:prefix {_clip(str(prefix))} is not the text right before the quote in document {doc} ({_clip(text[max(0, start - len(str(prefix))) : start])})"
    if suffix is not None and not text[end:].startswith(str(suffix)):
        yield f"{name}: oa:suffix {_clip(str(suffix))} is not the text right after the quote in document {doc} ({_clip(text[end : end + len(str(suffix))])})"


def selector_problems(graph: Graph, texts: Mapping[URIRef, str]) -> list[str]:
    """Every way an annotation of ``graph`` fails to select its quote from its document's text.

    ``texts`` maps document IRIs to their text.  The position selector's span of the text
    must be the quote selector's ``oa:exact``, ``oa:prefix`` the text right before it and
    ``oa:suffix`` right after.  SHACL cannot check this (the text is not in the graph),
    so the build asserts it on what it assembled and ``kg export --format annotations``
    on the graph it is given, before an annotation tool anchors a quote in the wrong place.
    """
    problems: list[str] = []
    for annotation in _annotations(graph, None):
        targets = list(graph.objects(annotation, OA.hasTarget))
        if len(targets) != 1:
            problems.append(f"{_local(annotation)}: needs exactly one oa:hasTarget (has {len(targets)})")
            continue
        problems.extend(_check_target(graph, annotation, targets[0], texts))
    return problems
