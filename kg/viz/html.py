"""Render the network as one self-contained, offline HTML explorer.

The page is our own template (``template.html``, ``explorer.js``, ``explorer.css``) with the
nodes, edges and quotes as JSON and vis-network 9.1.2 inlined from ``kg/viz/vendor/``: the
exact file pyvis 0.3.2 ships, vendored so that an upgrade of pyvis cannot change the page
(``kg/viz/vendor/README.md`` has its checksum, origin and licence).  Of pyvis itself only
the physics options of ``Network().barnes_hut(...)`` are used, written out as
:data:`BARNES_HUT_OPTIONS`; it does not hold the nodes and edges, and none of its templates is used,
because pyvis 0.3.2's templates fetch assets from CDNs even with ``cdn_resources="in_line"``
(WestHealth/pyvis#228, #229), write the heading raw and switch titles containing "href"
to ``innerHTML``.  Here:

* every string from the documents travels as JSON inside ``<script type="application/json">``
  (with ``<``, ``>`` and ``&`` escaped) and reaches the page only through ``textContent``
  and vis-network's plain-text titles;
* a Content-Security-Policy forbids any request (``default-src 'none'``), so the file
  works offline and cannot leak, and lets only the page's own two scripts run (by their
  SHA-256, not ``'unsafe-inline'``): should text ever reach the page as HTML, an injected
  ``<script>`` or ``onerror=`` handler still would not run;
* physics runs a bounded stabilisation and then stops.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

import networkx as nx
from jinja2 import Environment
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, XSD

from ..rdf.vocab import KG, OA
from ..schema.ontology import Ontology

if TYPE_CHECKING:
    import pandas as pd

    from ..network.clusters import Cluster

__all__ = ["VIEWS", "ExplorerOptions", "content_security_policy", "explorer_data", "render_html"]

#: Views offered by ``kg viz --view`` (``ego:<id>`` and ``doc:<id>`` take an argument).
VIEWS = ("all", "top25", "top50", "top100")

# Colour-blind-friendly categorical palette (Okabe-Ito, then Tableau 10 tones).
_PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#000000",
    "#4E79A7",
    "#F28E2B",
    "#59A14F",
    "#E15759",
    "#B07AA1",
    "#76B7B2",
    "#EDC948",
    "#FF9DA7",
    "#9C755F",
    "#BAB0AC",
    "#8CD17D",
    "#86BCB6",
)
_FACT_COLOR = "#8a93a6"
_KIND_SUFFIX = {("fact", True): " (structural fact)", ("fact", False): " (fact)", ("link", False): "", ("concerns", False): ""}


@dataclass(frozen=True)
class ExplorerOptions:
    """How the page starts: colour by ``class`` or ``cluster``, size by a measure, a view."""

    color: str = "class"
    size: str = "pagerank"
    view: str = "all"
    title: str = "Belt and Road Science Cooperation: network explorer"


def _json_for_script(payload: object) -> str:
    """JSON that cannot close or open an HTML element inside a script block."""
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _evidence(graph: Graph, ids: set[str]) -> dict[str, dict[str, Any]]:
    """Quote, gloss, document and offsets of each evidence, read from its Web Annotation selectors.

    The quote and the offsets sit on the selectors of the annotation's target
    (``oa:hasTarget/oa:hasSelector``), not on the evidence node; an evidence without a
    quote or a document is left out rather than shown empty.
    """
    out = {}
    for ev in sorted(ids):
        node = URIRef(ev)
        doc = graph.value(node, PROV.wasQuotedFrom)
        exact = start = end = None
        for target in graph.objects(node, OA.hasTarget):
            for selector in graph.objects(target, OA.hasSelector):
                exact = graph.value(selector, OA.exact) if exact is None else exact
                start = graph.value(selector, OA.start) if start is None else start
                end = graph.value(selector, OA.end) if end is None else end
        if exact is None or doc is None:
            continue
        gloss = graph.value(node, KG.gloss)
        out[ev] = {
            "quote": str(exact),
            "lang": exact.language if isinstance(exact, Literal) and exact.language else "en",
            "gloss": str(gloss) if gloss is not None else "",
            "doc": str(doc).rsplit("document-", 1)[-1],
            "start": int(str(start or 0)),
            "end": int(str(end or 0)),
        }
    return out


def _documents(graph: Graph) -> dict[str, dict[str, Any]]:
    """Each document's title and whether its curation is an unreviewed draft."""
    docs: dict[str, dict[str, Any]] = {}
    for doc in graph.subjects(DCTERMS.identifier, None):
        if "/document-" not in str(doc):
            continue
        titles = {t.language: str(t) for t in graph.objects(doc, DCTERMS.title) if isinstance(t, Literal)}
        ident = str(graph.value(doc, DCTERMS.identifier))
        status = graph.value(doc, KG.curationStatus)
        docs[ident] = {"title": titles.get("en", ident), "draft": status == KG.CurationDraft}
    return dict(sorted(docs.items()))


def _split_camel(name: str) -> str:
    out = "".join(" " + c.lower() if c.isupper() and i else c for i, c in enumerate(name))
    return out[:1].upper() + out[1:]


def _alt_labels(graph: Graph, iri: str) -> list[str]:
    from rdflib.namespace import SKOS

    return sorted({str(a) for a in graph.objects(URIRef(iri), SKOS.altLabel)})


def explorer_data(
    graph: Graph,
    multi: nx.MultiDiGraph,
    table: pd.DataFrame,
    clusters: tuple[Cluster, ...],
    options: ExplorerOptions | None = None,
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
    """
    options = options or ExplorerOptions()
    ontology = Ontology(graph)
    integer_measures = {m.key for m in ontology.measures if m.datatype == XSD.integer}
    documents = _documents(graph)
    drafts = {doc for doc, meta in documents.items() if meta["draft"]}

    def from_drafts_only(docs: list[str]) -> bool:
        """Known only from unreviewed drafts: shown apart, and hidden with one click."""
        return bool(docs) and set(docs) <= drafts

    membership = {m: c.rank for c in clusters for m in c.members}
    class_counts: dict[str, int] = {}
    for _n, d in multi.nodes(data=True):
        class_counts[d["class"]] = class_counts.get(d["class"], 0) + 1
    classes = sorted(class_counts, key=lambda c: (-class_counts[c], c))
    class_colors = {c: _PALETTE[i % len(_PALETTE)] for i, c in enumerate(classes)}
    # Column by column, not table.loc[node] per node (a pandas lookup each): the same values, a tenth of the time.
    scores = {m.key: dict(zip(table.index, table[m.key].tolist(), strict=True)) for m in ontology.measures}
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
        nodes.append(
            {
                "id": n,
                "iri": d["iri"],
                "label": d["label"],
                "labels": labels,
                "alt": alt,
                "class": d["class"],
                "classLabel": _split_camel(d["class"]),
                "cluster": membership.get(n, 0),
                "documents": list(d.get("documents", [])),
                "draft": from_drafts_only(list(d.get("documents", []))),
                "measures": measures,
                "tooltip": f"{d['label']}\n{_split_camel(d['class'])}",
                "search": " ".join([d["label"], *labels.values(), *alt]).lower(),
            }
        )
    kinds: dict[str, int] = {}
    kind_type: dict[str, str] = {}
    structural: set[str] = set()
    evidence_ids: set[str] = set()
    # How the text puts each edge's statement (kg:Modalities): shown on the edge and filterable,
    # so that a plan, a directive or a recommendation is never read as a reported fact.
    modality_counts: dict[str, int] = {}
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
        modality_label = modality_labels.get(modality, _split_camel(modality))
        unreported = "" if modality == "Reported" else f" [{modality_label.lower()}, not reported]"
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
                "status": _split_camel(d.get("status", "")) if d.get("status") else "",
                "date": d.get("date", ""),
                "modality": modality,
                "modalityLabel": modality_label,
                "participants": [label_u, label_v],
                "tooltip": f"{kind_label}: {label_u} {'→' if d['directed'] else '—'} {label_v} ({len(d['evidence'])} quote{'s' if len(d['evidence']) != 1 else ''}){unreported}",
            }
        )
    link_kinds = sorted(k for k in kinds if kind_type[k] != "fact")
    fact_kinds = sorted(k for k in kinds if kind_type[k] == "fact")
    kind_styles = {k: {"color": _PALETTE[i % len(_PALETTE)], "dashes": False} for i, k in enumerate(link_kinds)}
    # Facts are grey; structural ones (kg:StructuralFact: located in, part of, ...) dashed.
    kind_styles.update({k: {"color": _FACT_COLOR, "dashes": k in structural} for k in fact_kinds})
    cluster_colors = {str(c.rank): (_PALETTE[(c.rank - 1) % len(_PALETTE)] if c.size > 1 else "#c9ced8") for c in clusters}
    doc_counts: dict[str, int] = {}
    for e in edges:
        for doc in e["documents"]:
            doc_counts[doc] = doc_counts.get(doc, 0) + 1
    start: dict[str, Any] = {"color": options.color, "size": options.size, "view": options.view}
    if options.view.startswith("ego:"):
        start.update(view="ego", selected=options.view[4:])
    elif options.view.startswith("doc:"):
        start.update(view="all", docs=[options.view[4:]])
    return {
        "options": start,
        "nodes": nodes,
        "edges": edges,
        "evidence": _evidence(graph, evidence_ids),
        "documents": documents,
        "measures": [m.key for m in ontology.measures],
        "measureLabels": {m.key: m.label[:1].upper() + m.label[1:] for m in ontology.measures},
        "classColors": class_colors,
        "clusterColors": cluster_colors,
        "clusterNames": {str(c.rank): c.name for c in clusters},
        "clusters": [{"rank": c.rank, "name": c.name, "size": c.size} for c in clusters],
        "kindStyles": kind_styles,
        "legend": {
            "classes": [{"name": c, "label": _split_camel(c), "count": class_counts[c]} for c in classes],
            "kinds": [
                {"name": k, "label": _split_camel(k) + _KIND_SUFFIX[kind_type[k], k in structural], "count": kinds[k]}
                for k in link_kinds + fact_kinds
            ],
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
        },
        "drafts": {
            "documents": sorted(drafts),
            "nodes": sum(1 for n in nodes if n["draft"]),
            "edges": sum(1 for e in edges if e["draft"]),
        },
    }


#: vis-network's Barnes-Hut physics as pyvis 0.3.2's options model writes them for
#: ``Network().barnes_hut(gravity=-6000, central_gravity=0.35, spring_length=110,
#: spring_strength=0.04, damping=0.35, overlap=0)``.  Written out rather than asked of
#: pyvis at run time: importing pyvis took 0.07 s of every ``kg viz`` for this one
#: constant.  tests/unit/test_viz_vendor.py checks it still equals pyvis' output.
BARNES_HUT_OPTIONS: dict[str, Any] = {
    "configure": {"enabled": False},
    "edges": {"color": {"inherit": True}, "smooth": {"enabled": True, "type": "dynamic"}},
    "interaction": {"dragNodes": True, "hideEdgesOnDrag": False, "hideNodesOnDrag": False},
    "physics": {
        "barnesHut": {
            "avoidOverlap": 0,
            "centralGravity": 0.35,
            "damping": 0.35,
            "gravitationalConstant": -6000,
            "springConstant": 0.04,
            "springLength": 110,
        },
        "enabled": True,
        "stabilization": {"enabled": True, "fit": True, "iterations": 1000, "onlyDynamicEdges": False, "updateInterval": 50},
    },
}


def _vis_options(node_count: int) -> dict[str, Any]:
    """vis-network options: pyvis' Barnes-Hut physics (:data:`BARNES_HUT_OPTIONS`), tuned for size."""
    opts: dict[str, Any] = json.loads(json.dumps(BARNES_HUT_OPTIONS))  # a deep copy: the constant stays as pinned
    iterations = 150 if node_count <= 500 else 80 if node_count <= 2000 else 30
    opts["physics"]["stabilization"] = {"enabled": True, "iterations": iterations, "updateInterval": 50, "fit": True}
    opts["physics"]["minVelocity"] = 1.0
    opts["interaction"] = {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": node_count > 1000, "multiselect": False}
    opts["edges"] = {"smooth": False if node_count > 1000 else {"enabled": True, "type": "continuous"}, "selectionWidth": 2}
    opts["layout"] = {"improvedLayout": node_count <= 300, "randomSeed": 7}
    return opts


def _asset(name: str) -> str:
    return resources.files("kg.viz").joinpath(name).read_text(encoding="utf-8")


def _vis_assets() -> tuple[str, str]:
    """vis-network's script and style sheet, from the vendored copy (read as text: line ends become LF)."""
    js = _asset("vendor/vis-network-9.1.2.min.js").replace("</script", "<\\/script")
    css = _asset("vendor/vis-network-9.1.2.css").replace("</style", "<\\/style")
    return js, css


def content_security_policy(*scripts: str) -> str:
    """The page's CSP: no requests at all, and only the given inline scripts may run (by hash).

    Examples
    --------
    >>> content_security_policy("alert(1)")
    "default-src 'none'; script-src 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'"
    """
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode('utf-8')).digest()).decode('ascii')}'" for s in scripts)
    return f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'"


def render_html(data: dict[str, Any], options: ExplorerOptions | None = None) -> str:
    """The complete page as a string (UTF-8, no external resources)."""
    options = options or ExplorerOptions()
    data = dict(data)
    data["visOptions"] = _vis_options(len(data["nodes"]))
    js, css = _vis_assets()
    app_js = _asset("explorer.js").replace("</script", "<\\/script")
    env = Environment(autoescape=True, keep_trailing_newline=True)
    template = env.from_string(_asset("template.html"))
    return template.render(
        title=options.title,
        csp=content_security_policy(js, app_js),
        data_json=_json_for_script(data),
        vis_js=js,
        vis_css=css,
        app_css=_asset("explorer.css"),
        app_js=app_js,
        node_count=len(data["nodes"]),
        edge_count=len(data["edges"]),
        quote_count=len(data["evidence"]),
    )
