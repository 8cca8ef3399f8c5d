"""Everything the explorer page needs, as plain JSON-ready data.

The page does no layout and no ranking of its own that could differ between two
openings: node positions come from :mod:`kg.viz.layout` (seeded), the search keys and
the order of importance (PageRank) are computed here, and styles from :mod:`kg.viz.style`.
So the same graph always gives the same page, byte for byte, and a filter can only hide
or show a node where it already stands.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS, XSD

from ..rdf.vocab import KG, OA
from ..schema.ontology import Ontology
from .layout import layout
from .style import class_styles, cluster_colours, kind_styles

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from ..network.clusters import Cluster

__all__ = ["VIEWS", "ExplorerOptions", "explorer_data", "search_key"]

#: Views offered by ``kg viz --view`` (``ego:<id>`` and ``doc:<id>`` take an argument).
VIEWS = ("all", "top25", "top50", "top100")

#: Above this many nodes the page opens on the most central ones, with "show all" one
#: click away: drawing 10,000 nodes and their edges takes the browser seconds per frame.
FIRST_VIEW_LIMIT = 2000

_KIND_SUFFIX = {("fact", True): " (structural fact)", ("fact", False): " (fact)", ("link", False): "", ("concerns", False): ""}
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class ExplorerOptions:
    """How the page starts: colour by ``class`` or ``cluster``, size by a measure, a view."""

    color: str = "class"
    size: str = "pagerank"
    view: str = "all"
    title: str = "Belt and Road Science Cooperation: network explorer"
    labels: str = "en"


def search_key(text: str) -> str:
    """A name as search compares it: NFKC, case-folded, without any white space.

    Names in Chinese and Thai are written without spaces and English ones with
    varying spaces (and no-break spaces), so a search ignores them on both sides.

    >>> search_key("  Shanghai\u00a0 Technology  Exchange ")
    'shanghaitechnologyexchange'
    >>> search_key("上海 ")
    '上海'
    """
    return _SPACE.sub("", unicodedata.normalize("NFKC", text).casefold())


def _split_camel(name: str) -> str:
    out = "".join(" " + c.lower() if c.isupper() and i else c for i, c in enumerate(name))
    return out[:1].upper() + out[1:]


def _year(date: str) -> int | None:
    """The year of an ISO date, ``2016-09`` or ``2016``; None when undated or not a date."""
    match = re.match(r"(\d{4})", date or "")
    return int(match.group(1)) if match else None


def _evidence(graph: Graph, ids: set[str]) -> dict[str, dict[str, Any]]:
    """Quote, gloss, document, offsets and context of each evidence, from its Web Annotation selectors.

    The quote and the offsets sit on the selectors of the annotation's target
    (``oa:hasTarget/oa:hasSelector``), not on the evidence node; an evidence without a
    quote or a document is left out rather than shown empty.
    """
    out = {}
    for ev in sorted(ids):
        node = URIRef(ev)
        doc = graph.value(node, PROV.wasQuotedFrom)
        found: dict[URIRef, Any] = {}
        for target in graph.objects(node, OA.hasTarget):
            for selector in graph.objects(target, OA.hasSelector):
                for prop in (OA.exact, OA.start, OA.end, OA.prefix, OA.suffix):
                    if prop not in found:
                        value = graph.value(selector, prop)
                        if value is not None:
                            found[prop] = value
        exact = found.get(OA.exact)
        if exact is None or doc is None:
            continue
        gloss = graph.value(node, KG.gloss)
        out[ev] = {
            "quote": str(exact),
            "lang": exact.language if isinstance(exact, Literal) and exact.language else "en",
            "gloss": str(gloss) if gloss is not None else "",
            "doc": str(doc).rsplit("document-", 1)[-1],
            "start": int(str(found.get(OA.start, 0))),
            "end": int(str(found.get(OA.end, 0))),
            "prefix": str(found.get(OA.prefix, "")),
            "suffix": str(found.get(OA.suffix, "")),
        }
    return out


def _documents(graph: Graph, texts: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """Each document's title, language, text (when given) and whether its curation is an unreviewed draft."""
    docs: dict[str, dict[str, Any]] = {}
    for doc in graph.subjects(DCTERMS.identifier, None):
        if "/document-" not in str(doc):
            continue
        titles = {t.language: str(t) for t in graph.objects(doc, DCTERMS.title) if isinstance(t, Literal)}
        ident = str(graph.value(doc, DCTERMS.identifier))
        status = graph.value(doc, KG.curationStatus)
        # A bilingual document (Thai then English) is marked with its other language, for the fonts.
        languages = sorted(str(lang) for lang in graph.objects(doc, DCTERMS.language))
        language = next((lang for lang in languages if lang != "en"), languages[0] if languages else "")
        docs[ident] = {
            "title": titles.get("en", ident),
            "draft": status == KG.CurationDraft,
            "lang": language.rsplit("/", 1)[-1],
            "text": texts.get(ident, ""),
        }
    return dict(sorted(docs.items()))


def _alt_labels(graph: Graph, iri: str) -> list[str]:
    return sorted({str(a) for a in graph.objects(URIRef(iri), SKOS.altLabel)})


def _names(label: str, labels: Mapping[str, str], alt: list[str]) -> list[str]:
    """Every distinct search key of a node: its label first, then the other labels and names."""
    keys: list[str] = []
    for name in (label, *labels.values(), *alt):
        key = search_key(name)
        if key and key not in keys:
            keys.append(key)
    return keys


def explorer_data(
    graph: Graph,
    multi: nx.MultiDiGraph,
    table: pd.DataFrame,
    clusters: tuple[Cluster, ...],
    options: ExplorerOptions | None = None,
    texts: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Everything the page needs, as plain JSON-ready data.

    Parameters
    ----------
    graph : rdflib.Graph
        The built graph (for evidence quotes, alternative labels and document titles).
    multi : networkx.MultiDiGraph
        The projection to show (see :mod:`kg.network.projection`).
    table : pandas.DataFrame
        Centralities of the same projection (from :func:`kg.network.measures.centrality_table`).
    clusters : tuple of Cluster
        Partner clusters of the same projection.
    texts : mapping, optional
        Source texts by document id (:func:`kg.viz.documents.document_texts`) for the
        document reader; without them the reader shows each quote in its selector's context.
    """
    options = options or ExplorerOptions()
    ontology = Ontology(graph)
    integer_measures = {m.key for m in ontology.measures if m.datatype == XSD.integer}
    documents = _documents(graph, texts or {})
    drafts = {doc for doc, meta in documents.items() if meta["draft"]}

    def from_drafts_only(docs: list[str]) -> bool:
        """Known only from unreviewed drafts: shown apart, and hidden with one click."""
        return bool(docs) and set(docs) <= drafts

    membership = {m: c.rank for c in clusters for m in c.members}
    class_counts: dict[str, int] = {}
    for _n, d in multi.nodes(data=True):
        class_counts[d["class"]] = class_counts.get(d["class"], 0) + 1
    styles, groups = class_styles(class_counts, ontology)
    # Column by column, not table.loc[node] per node (a pandas lookup each): the same values, a tenth of the time.
    scores = {m.key: dict(zip(table.index, table[m.key].tolist(), strict=True)) for m in ontology.measures}
    pagerank = {str(n): float(v) for n, v in scores.get("pagerank", {}).items() if not math.isnan(float(v))}
    order = sorted(multi.nodes, key=lambda n: (-pagerank.get(n, 0.0), str(multi.nodes[n]["label"]), n))
    rank = {n: i for i, n in enumerate(order)}
    positions = layout(multi, membership, pagerank)
    nodes = []
    for n, d in sorted(multi.nodes(data=True)):
        measures = {}
        for measure in ontology.measures:
            if n not in scores[measure.key]:
                break  # not in the table: no measures
            value = float(scores[measure.key][n])
            if not math.isnan(value):
                measures[measure.key] = int(value) if measure.key in integer_measures else round(value, 6)
        labels = dict(sorted(d.get("labels", {}).items()))
        alt = _alt_labels(graph, d["iri"])
        style = styles[d["class"]]
        x, y = positions[n]
        nodes.append(
            {
                "id": n,
                "iri": d["iri"],
                "label": d["label"],
                "labels": labels,
                "alt": alt,
                "class": d["class"],
                "classLabel": _split_camel(d["class"]),
                "group": style["group"],
                "shape": style["shape"],
                "outline": style["outline"],
                "cluster": membership.get(n, 0),
                "documents": list(d.get("documents", [])),
                "draft": from_drafts_only(list(d.get("documents", []))),
                "measures": measures,
                "rank": rank[n],
                "x": x,
                "y": y,
                "tooltip": f"{d['label']}\n{_split_camel(d['class'])}",
                "names": _names(d["label"], labels, alt),
            }
        )
    kinds: dict[str, int] = {}
    kind_type: dict[str, str] = {}
    structural: set[str] = set()
    evidence_ids: set[str] = set()
    # How the text puts each edge's statement (kg:Modalities): shown on the edge and filterable,
    # so that a plan, a directive or a recommendation is never read as a reported fact.
    modality_counts: dict[str, int] = {}
    status_counts: dict[str, int] = {}
    modality_labels = {name: ontology.label(iri) for name, iri in ontology.modalities.items()}
    edges = []
    for i, (u, v, _key, d) in enumerate(sorted(multi.edges(keys=True, data=True), key=lambda e: (str(e[2]), e[0], e[1]))):
        kinds[d["kind"]] = kinds.get(d["kind"], 0) + 1
        kind_type.setdefault(d["kind"], d["type"])
        if d.get("role") == "structural":
            structural.add(d["kind"])
        evidence_ids |= set(d["evidence"])
        label_u, label_v = multi.nodes[u]["label"], multi.nodes[v]["label"]
        kind_label = _split_camel(d["kind"])
        modality = str(d.get("modality", "Reported"))
        modality_counts[modality] = modality_counts.get(modality, 0) + 1
        status = str(d.get("status", "") or "")
        status_counts[status] = status_counts.get(status, 0) + 1
        modality_label = modality_labels.get(modality, _split_camel(modality))
        unreported = "" if modality == "Reported" else f" [{modality_label.lower()}, not reported]"
        date = str(d.get("date", "") or "")
        edges.append(
            {
                "id": f"e{i}",
                "from": u,
                "to": v,
                "kind": d["kind"],
                "kindLabel": kind_label,
                "type": d["type"],
                "typeLabel": {"link": "Cooperation link", "concerns": "Link concerns programme", "fact": "Fact"}[d["type"]],
                "directed": bool(d["directed"]),
                "statement": d["statement"],
                "evidence": list(d["evidence"]),
                "documents": list(d["documents"]),
                "draft": from_drafts_only(list(d["documents"])),
                "status": status,
                "statusLabel": _split_camel(status) if status else "",
                "date": date,
                "year": _year(date),
                "modality": modality,
                "modalityLabel": modality_label,
                "tooltip": f"{kind_label}: {label_u} {'→' if d['directed'] else '—'} {label_v} ({len(d['evidence'])} quote{'s' if len(d['evidence']) != 1 else ''}){unreported}",
            }
        )
    link_kinds = sorted(k for k in kinds if kind_type[k] != "fact")
    fact_kinds = sorted(k for k in kinds if kind_type[k] == "fact")
    doc_counts: dict[str, int] = {}
    for e in edges:
        for doc in e["documents"]:
            doc_counts[doc] = doc_counts.get(doc, 0) + 1
    years = sorted({e["year"] for e in edges if e["year"] is not None})
    start: dict[str, Any] = {"color": options.color, "size": options.size, "view": options.view, "labels": options.labels}
    if options.view.startswith("ego:"):
        start.update(view="ego", selected=options.view[4:])
    elif options.view.startswith("doc:"):
        start.update(view="all", docs=[options.view[4:]])
    elif options.view == "all" and len(nodes) > FIRST_VIEW_LIMIT:
        start.update(view=f"top{FIRST_VIEW_LIMIT}")
    sizes = {c.rank: c.size for c in clusters}
    colours = cluster_colours(sizes)
    coloured = [c for c in clusters if colours[str(c.rank)] != "#c9ced8"]
    return {
        "options": start,
        "nodes": nodes,
        "edges": edges,
        "evidence": _evidence(graph, evidence_ids),
        "documents": documents,
        "measures": [m.key for m in ontology.measures],
        "measureLabels": {m.key: m.label[:1].upper() + m.label[1:] for m in ontology.measures},
        "classStyles": styles,
        "clusterColors": colours,
        "clusterNames": {str(c.rank): c.name for c in clusters},
        "clusters": [{"rank": c.rank, "name": c.name, "size": c.size} for c in clusters],
        "kindStyles": kind_styles(link_kinds, fact_kinds, structural),
        "years": [years[0], years[-1]] if years else [],
        "firstViewLimit": FIRST_VIEW_LIMIT,
        "legend": {
            "groups": groups,
            "classes": [
                {"name": c, "label": _split_camel(c), "count": class_counts[c]}
                for c in sorted(class_counts, key=lambda c: (-class_counts[c], c))
            ],
            "kinds": [
                {
                    "name": k,
                    "label": _split_camel(k) + _KIND_SUFFIX[kind_type[k], k in structural],
                    "type": kind_type[k],
                    "count": kinds[k],
                }
                for k in link_kinds + fact_kinds
            ],
            "clusters": {
                "coloured": [{"rank": c.rank, "name": c.name, "size": c.size} for c in coloured],
                "other": {
                    "clusters": len(clusters) - len(coloured),
                    "members": sum(c.size for c in clusters) - sum(c.size for c in coloured),
                },
            },
            "documents": [
                {
                    "name": doc,
                    "label": f"{doc}: {meta['title']}" + (" (unreviewed draft)" if meta["draft"] else ""),
                    "count": doc_counts.get(doc, 0),
                }
                for doc, meta in documents.items()
            ],
            # Reported first (what happened or holds), then the others by name.
            "modalities": [
                {"name": m, "label": modality_labels.get(m, _split_camel(m)), "count": modality_counts[m]}
                for m in sorted(modality_counts, key=lambda m: (m != "Reported", m))
            ],
            # Statuses by name, the edges without one last.
            "statuses": [
                {"name": s, "label": _split_camel(s) if s else "No status given", "count": status_counts[s]}
                for s in sorted(status_counts, key=lambda s: (s == "", s))
            ],
            "undated": sum(1 for e in edges if e["year"] is None),
        },
        "drafts": {
            "documents": sorted(drafts),
            "nodes": sum(1 for n in nodes if n["draft"]),
            "edges": sum(1 for e in edges if e["draft"]),
        },
    }
