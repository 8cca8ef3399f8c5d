"""Export the network for other tools (Gephi, Cytoscape, spreadsheets), keeping IRIs; and the evidence for annotation tools.

GEXF and GraphML only hold scalar attributes, so list and mapping attributes are joined
into strings ("; " between items); every node keeps its ``iri``.  The evidence leaves as
W3C Web Annotation JSON-LD (:func:`annotations_jsonld`), checked against the documents'
text first, since an annotation tool anchors a quote wherever its selectors point.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

import networkx as nx

if TYPE_CHECKING:
    from rdflib import Graph

    from ..project import Project

__all__ = ["annotations_jsonld", "edges_csv", "flatten", "nodes_csv", "to_gexf", "to_graphml"]


def _scalar(value: Any) -> str | int | float | bool:
    if isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in sorted(value.items()))
    if isinstance(value, (list, tuple, set, frozenset)):
        return "; ".join(str(v) for v in (sorted(value) if isinstance(value, (set, frozenset)) else value))
    return "" if value is None else str(value)


def flatten(g: nx.Graph) -> nx.Graph:
    """A copy of ``g`` whose attributes are all scalars (for GEXF/GraphML)."""
    h = g.__class__()
    for n, data in sorted(g.nodes(data=True)):
        h.add_node(n, **{k: _scalar(v) for k, v in sorted(data.items())})
    for u, v, data in sorted(g.edges(data=True), key=lambda e: (e[0], e[1])):
        h.add_edge(u, v, **{k: _scalar(val) for k, val in sorted(data.items())})
    return h


def to_gexf(g: nx.Graph) -> bytes:
    """GEXF 1.2 for Gephi."""
    buf = io.BytesIO()
    nx.write_gexf(flatten(g), buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def to_graphml(g: nx.Graph) -> bytes:
    """GraphML."""
    buf = io.BytesIO()
    nx.write_graphml(flatten(g), buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def _csv(rows: list[dict[str, Any]], columns: list[str]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _scalar(row.get(k, "")) for k in columns})
    return buf.getvalue().encode("utf-8")


def nodes_csv(g: nx.Graph) -> bytes:
    """One row per node: id, iri, label, class and the other attributes."""
    keys = sorted({k for _n, d in g.nodes(data=True) for k in d} - {"iri", "label", "class"})
    rows = [{"id": n, **d} for n, d in sorted(g.nodes(data=True))]
    return _csv(rows, ["id", "iri", "label", "class", *keys])


def edges_csv(g: nx.Graph) -> bytes:
    """One row per edge: source, target (ids), their IRIs and the edge attributes."""
    keys = sorted({k for _u, _v, d in g.edges(data=True) for k in d})
    rows = [
        {"source": u, "target": v, "source_iri": g.nodes[u].get("iri", ""), "target_iri": g.nodes[v].get("iri", ""), **d}
        for u, v, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1]))
    ]
    return _csv(rows, ["source", "target", "source_iri", "target_iri", *keys])


def annotations_jsonld(graph: Graph, project: Project, documents: Collection[str] | None = None) -> bytes:
    """The graph's evidence as W3C Web Annotation JSON-LD, after checking every selector against its document.

    ``graph`` may come from anywhere (``--input``), so before writing, each annotation's
    position selector must select its quote from the document's text as it is now in
    ``project``'s ``seeds/`` (found by the document's ``kg:fileName`` and checked against
    its ``kg:sha256``), and its prefix and suffix must be the text around it.
    ``documents`` keeps only the annotations of these document ids.

    Raises
    ------
    UsageError
        An unknown document id.
    KgError
        A document whose file is missing, outside ``seeds/`` or changed since the build;
        :class:`kg.rdf.annotations.SelectorMismatch` for selectors that disagree with the text.
    """
    import hashlib

    from rdflib import URIRef
    from rdflib.namespace import DCTERMS, RDF

    from ..curation.manifest import read_document
    from ..errors import KgError, UsageError
    from ..rdf.annotations import SelectorMismatch, annotation_graph, selector_problems, to_jsonld
    from ..rdf.vocab import KG, OA

    known = {str(graph.value(d, DCTERMS.identifier)): d for d in graph.subjects(RDF.type, KG.SourceDocument) if isinstance(d, URIRef)}
    sources: set[URIRef] | None = None
    if documents:
        unknown = sorted(set(documents) - set(known))
        if unknown:
            raise UsageError(f"unknown document {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        sources = {known[d] for d in documents}
    part = annotation_graph(graph, sources)
    texts: dict[URIRef, str] = {}
    for source in sorted({s for s in part.objects(None, OA.hasSource) if isinstance(s, URIRef)}):
        name = graph.value(source, KG.fileName)
        if name is None or "/" in str(name) or "\\" in str(name) or str(name) in ("", ".", ".."):
            raise KgError(f"{source} has no plain kg:fileName in the graph, so its annotations cannot be checked against its text")
        path = project.seeds / str(name)
        if not path.is_file():
            raise KgError(f"{project.rel(path)} (the text of {source}) does not exist, so its annotations cannot be checked against it")
        text = read_document(path, project.rel(path))
        expected = graph.value(source, KG.sha256)
        if expected is not None and hashlib.sha256(path.read_bytes()).hexdigest() != str(expected):
            raise KgError(f"{project.rel(path)} has changed since the graph was built (its SHA-256 differs from kg:sha256); rebuild first")
        texts[source] = text
    problems = selector_problems(part, texts)
    if problems:
        count = f"{len(problems)} annotation{'s' if len(problems) != 1 else ''}"
        raise SelectorMismatch(
            f"{count} whose selectors disagree with the text of the document; nothing was written:\n" + "\n".join(problems)
        )
    return to_jsonld(part)
