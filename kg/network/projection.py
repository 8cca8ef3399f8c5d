"""Project the RDF graph onto networkx graphs, keeping every link's evidence.

Nodes are registry entities (never literals, evidence or documents).  Edges come from

* **cooperation links**: one edge per pair of participants (``type="link"``, ``kind`` =
  the link kind, e.g. ``Hosting``); with programmes included, also one edge from each
  participant to each programme the link ``concerns`` (``type="concerns"``);
* **facts** between two entities: ``subject -> object`` (``type="fact"``, ``kind`` = the
  relation, e.g. ``hostedBy``).

Every edge carries the ``modality`` of its statement (``Reported``, ``Announced``,
``Directed``, ``Recommended``, ``Target``: how the text puts the claim), and
:class:`ProjectionOptions` keeps only reported statements unless asked for more, so that
an analysis of who *cooperates* is not an analysis of who is *told to* cooperate.  A statement without
``kg:modality`` (a graph built before modalities existed) counts as reported, which is how
such graphs stated it.

:func:`to_multidigraph` keeps each of these as its own edge with its statement IRI,
evidence IRIs and document ids.  :func:`to_weighted_graph` collapses them into one
undirected edge per pair: ``weight`` = number of distinct evidence quotes behind the
pair, ``documents`` = number of distinct documents that confirm it.

Examples
--------
>>> from rdflib import Graph
>>> g = Graph().parse(data='''
... @prefix kg: <https://w3id.org/brsc-kg/ontology#> . @prefix ent: <https://w3id.org/brsc-kg/id/> .
... @prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix prov: <http://www.w3.org/ns/prov#> .
... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
... kg:Actor kg:entityRoot true . kg:Country rdfs:subClassOf kg:Place . kg:Place rdfs:subClassOf kg:Actor .
... ent:a a kg:Country ; skos:prefLabel "A"@en . ent:b a kg:Country ; skos:prefLabel "B"@en .
... ent:l a kg:CooperationLink ; kg:kind kg:Investment ; kg:participant ent:a , ent:b ;
...     prov:wasDerivedFrom ent:evidence-004-1-9 .
... ent:evidence-004-1-9 prov:wasQuotedFrom ent:document-004 .
... ''', format="turtle")
>>> m = to_multidigraph(g)
>>> [(u, v, d["kind"], d["documents"], d["modality"]) for u, v, d in m.edges(data=True)]
[('a', 'b', 'Investment', ('004',), 'Reported')]
>>> to_multidigraph(g, ProjectionOptions(modalities=frozenset({"Directed"}))).number_of_edges()  # only what a policy directs
0
>>> w = to_weighted_graph(m)
>>> w["a"]["b"]["weight"], w["a"]["b"]["documents"]
(1, 1)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from typing import Literal as TypingLiteral

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS

from ..rdf.vocab import ENT_NS, KG, KG_NS
from ..schema.ontology import Ontology

__all__ = [
    "REPORTED_ONLY",
    "ProjectionOptions",
    "co_participation",
    "entity_id",
    "to_multidigraph",
    "to_weighted_graph",
    "two_mode",
    "without_facts",
]

NodeScope = TypingLiteral["actors", "all"]

#: The modality filter of an analysis of what the texts report (``kg analyze`` and
#: ``kg export`` by default): plans, directives, recommendations and targets left out.
REPORTED_ONLY: frozenset[str] = frozenset({"Reported"})


@dataclass(frozen=True)
class ProjectionOptions:
    """What to include in a projection.

    Parameters
    ----------
    nodes : {"actors", "all"}
        ``actors``: organisations, parks and zones, places and persons only;
        ``all``: also programmes (initiatives, policies, projects, facilities, events)
        and achievements.
    kinds : frozenset of str, optional
        Keep only edges of these kinds: link kinds (``Hosting``, ``Investment``, ...)
        and fact relations (``hostedBy``, ``locatedIn``, ...).  ``None`` keeps all.
    documents : frozenset of str, optional
        Keep only edges with evidence from these document ids.  ``None`` keeps all.
    facts : bool
        Include facts between entities, not only cooperation links.
    exclude_relations : frozenset of str, optional
        Fact relations to leave out.  ``None`` (the default) leaves out the relations
        the ontology declares structural (``kg:factRole kg:StructuralFact``: where a
        thing is, what it belongs to), so that the graph is a *cooperation* network;
        an empty set keeps every fact.
    modalities : frozenset of str, optional
        Keep only edges whose statement has one of these modalities (local names of
        ``kg:Modalities``: ``Reported``, ``Announced``, ``Directed``, ``Recommended``,
        ``Target``).  The default, :data:`REPORTED_ONLY`, keeps what the texts report, so
        that a network analysis never counts a plan, a directive or a recommendation as
        cooperation unless asked to; ``None`` keeps all (the explorer, which shows each
        edge's modality and filters by it).
    """

    nodes: NodeScope = "actors"
    kinds: frozenset[str] | None = None
    documents: frozenset[str] | None = None
    facts: bool = True
    exclude_relations: frozenset[str] | None = None
    modalities: frozenset[str] | None = REPORTED_ONLY

    def excluded(self, ontology: Ontology) -> frozenset[str]:
        """The fact relations left out, with the default resolved against ``ontology``."""
        return ontology.structural_relations if self.exclude_relations is None else self.exclude_relations


def entity_id(iri: URIRef) -> str:
    """The registry id of an entity IRI (``ent:shanghai`` -> ``shanghai``)."""
    return str(iri)[len(ENT_NS) :]


def _local(iri: object) -> str:
    return str(iri).rsplit("#", 1)[-1]


def _labels(graph: Graph, node: URIRef) -> dict[str, str]:
    out = {}
    for lab in graph.objects(node, SKOS.prefLabel):
        if isinstance(lab, Literal) and lab.language:
            out[lab.language] = str(lab)
    return out


def _entities(graph: Graph, ontology: Ontology, scope: NodeScope) -> dict[URIRef, dict[str, object]]:
    roots = ontology.class_roots()
    nodes: dict[URIRef, dict[str, object]] = {}
    for s, cls in graph.subject_objects(RDF.type):
        if not isinstance(s, URIRef) or not str(s).startswith(ENT_NS) or not isinstance(cls, URIRef) or cls not in roots:
            continue
        group = roots[cls]
        if scope == "actors" and group != "Actor":
            continue
        labels = _labels(graph, s)
        nodes[s] = {
            "iri": str(s),
            "label": labels.get("en", entity_id(s)),
            "labels": labels,
            "class": _local(cls),
            "group": group,
        }
        iso = graph.value(s, KG.isoCode)
        if iso is not None:
            nodes[s]["iso"] = str(iso)
    return nodes


def _evidence(graph: Graph, statement: URIRef) -> tuple[tuple[str, ...], tuple[str, ...]]:
    evidence = sorted(str(e) for e in graph.objects(statement, PROV.wasDerivedFrom))
    docs = sorted(
        {entity_id(URIRef(str(d))).removeprefix("document-") for e in evidence for d in graph.objects(URIRef(e), PROV.wasQuotedFrom)}
    )
    return tuple(evidence), tuple(docs)


def _documents_of(graph: Graph) -> dict[URIRef, set[str]]:
    """Documents that mention each entity (from the mention counts)."""
    docs: dict[URIRef, set[str]] = defaultdict(set)
    for m in graph.subjects(RDF.type, KG.MentionCount):
        ent, doc = graph.value(m, KG.entity), graph.value(m, KG.document)
        if isinstance(ent, URIRef) and doc is not None:
            docs[ent].add(entity_id(URIRef(str(doc))).removeprefix("document-"))
    return docs


def _modality(graph: Graph, statement: URIRef) -> str:
    """The local name of a statement's ``kg:modality``; ``Reported`` when it has none (older graphs)."""
    value = graph.value(statement, KG.modality)
    return _local(value) if value is not None else "Reported"


def _keep(kind: str, docs: Iterable[str], modality: str, options: ProjectionOptions) -> bool:
    if options.kinds is not None and kind not in options.kinds:
        return False
    if options.modalities is not None and modality not in options.modalities:
        return False
    return options.documents is None or bool(set(docs) & options.documents)


def to_multidigraph(graph: Graph, options: ProjectionOptions | None = None, ontology: Ontology | None = None) -> nx.MultiDiGraph:
    """Every cooperation link and entity-to-entity fact as its own edge.

    Node attributes: ``iri``, ``label`` (English), ``labels`` (by language),
    ``class``, ``group`` (Actor, Programme, Achievement), ``documents`` (ids of the
    documents that mention it or state something about it), ``iso`` for countries.
    Edge attributes: ``type`` (link, concerns, fact), ``kind``, ``role`` for facts (the
    relation's ``kg:factRole``: cooperative or structural), ``statement`` (IRI),
    ``evidence`` (IRIs), ``documents`` (ids), ``modality`` (how the text puts the
    statement: ``Reported``, ``Announced``, ``Directed``, ``Recommended``, ``Target``),
    ``status`` and ``date`` where stated, ``directed`` (False for link edges: their
    direction means nothing).

    Which classes are entity roots and which relations are structural come from
    ``ontology`` (by default the ontology triples in ``graph`` itself).
    """
    options = options or ProjectionOptions()
    ontology = ontology or Ontology(graph)
    roles = {name: relation.role for name, relation in ontology.relations.items()}
    excluded = options.excluded(ontology)
    nodes = _entities(graph, ontology, options.nodes)
    mentioned = _documents_of(graph)
    g = nx.MultiDiGraph()
    for iri in sorted(nodes):
        attrs = dict(nodes[iri])
        attrs["documents"] = sorted(mentioned.get(iri, set()))
        g.add_node(entity_id(iri), **attrs)

    def add(u: URIRef, v: URIRef, key: str, docs: tuple[str, ...], **attrs: object) -> None:
        if u in nodes and v in nodes and u != v:
            uid, vid = entity_id(u), entity_id(v)
            g.add_edge(uid, vid, key=key, documents=docs, **attrs)
            for n in (uid, vid):
                g.nodes[n]["documents"] = sorted(set(g.nodes[n]["documents"]) | set(docs))

    links = sorted(s for s in graph.subjects(RDF.type, KG.CooperationLink) if isinstance(s, URIRef))
    for link in links:
        kind = _local(graph.value(link, KG.kind))
        evidence, docs = _evidence(graph, link)
        modality = _modality(graph, link)
        if not _keep(kind, docs, modality, options):
            continue
        status = graph.value(link, KG.status)
        date = graph.value(link, KG.date) or graph.value(link, KG.startDate)
        extra = {"status": _local(status) if status else "", "date": str(date) if date else "", "modality": modality}
        parts = sorted(p for p in graph.objects(link, KG.participant) if isinstance(p, URIRef))
        for a, b in combinations(parts, 2):
            add(
                a,
                b,
                f"{link}#{entity_id(a)}--{entity_id(b)}",
                type="link",
                kind=kind,
                statement=str(link),
                evidence=evidence,
                docs=docs,
                directed=False,
                **extra,
            )
        for concern in sorted(c for c in graph.objects(link, KG.concerns) if isinstance(c, URIRef)):
            for p in parts:
                add(
                    p,
                    concern,
                    f"{link}#{entity_id(p)}->{entity_id(concern)}",
                    type="concerns",
                    kind=kind,
                    statement=str(link),
                    evidence=evidence,
                    docs=docs,
                    directed=True,
                    **extra,
                )
    if options.facts:
        assertions = sorted(n for n in graph.subjects(RDF.type, KG.Assertion) if isinstance(n, URIRef))
        for a in assertions:
            subj, pred, obj = graph.value(a, RDF.subject), graph.value(a, RDF.predicate), graph.value(a, RDF.object)
            if not (isinstance(subj, URIRef) and isinstance(obj, URIRef) and str(pred).startswith(KG_NS)):
                continue
            kind = _local(pred)
            if kind in excluded:
                continue
            evidence, docs = _evidence(graph, a)
            modality = _modality(graph, a)
            if not _keep(kind, docs, modality, options):
                continue
            date = graph.value(a, KG.date)
            add(
                subj,
                obj,
                str(a),
                type="fact",
                kind=kind,
                role=roles.get(kind, ""),
                statement=str(a),
                evidence=evidence,
                docs=docs,
                directed=True,
                status="",
                date=str(date) if date else "",
                modality=modality,
            )
    return g


def to_weighted_graph(multi: nx.MultiDiGraph) -> nx.Graph:
    """Collapse parallel edges into one undirected, weighted edge per pair.

    ``weight`` is the number of distinct evidence quotes behind the pair,
    ``documents`` the number of distinct documents confirming it, ``kinds`` the sorted
    kinds, ``modalities`` the sorted modalities of its statements, ``statements`` the
    number of statements.  Node attributes are kept.
    """
    g = nx.Graph()
    g.add_nodes_from(multi.nodes(data=True))
    evidence: dict[tuple[str, str], set[str]] = defaultdict(set)
    docs: dict[tuple[str, str], set[str]] = defaultdict(set)
    kinds: dict[tuple[str, str], set[str]] = defaultdict(set)
    modalities: dict[tuple[str, str], set[str]] = defaultdict(set)
    statements: dict[tuple[str, str], set[str]] = defaultdict(set)
    for u, v, data in multi.edges(data=True):
        pair = (min(u, v), max(u, v))
        evidence[pair] |= set(data["evidence"])
        docs[pair] |= set(data["documents"])
        kinds[pair].add(data["kind"])
        modalities[pair].add(data.get("modality", "Reported"))
        statements[pair].add(data["statement"])
    for pair in sorted(evidence):
        g.add_edge(
            *pair,
            weight=len(evidence[pair]),
            documents=len(docs[pair]),
            document_ids=sorted(docs[pair]),
            kinds=sorted(kinds[pair]),
            modalities=sorted(modalities[pair]),
            statements=len(statements[pair]),
        )
    return g


def without_facts(multi: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """``multi`` with its fact edges left out: the edges of the same projection with ``facts=False``.

    Taken from a projection already made rather than made again from the RDF graph (which
    took as long as the first).  Nodes keep their attributes as they are in ``multi``,
    where ``documents`` also counts the documents of their facts.
    """
    links = nx.MultiDiGraph()
    links.add_nodes_from(multi.nodes(data=True))
    links.add_edges_from((u, v, key, data) for u, v, key, data in multi.edges(keys=True, data=True) if data["type"] != "fact")
    return links


def two_mode(multi: nx.MultiDiGraph) -> nx.Graph:
    """Bipartite actor–programme graph (needs a projection with ``nodes="all"``).

    An actor and a programme are joined when a fact or a link's ``concerns`` connects
    them (hosts, issues, develops, participates in, ...).  Nodes carry ``bipartite``:
    0 for actors, 1 for programmes.  ``weight`` counts distinct evidence quotes.
    """
    g = nx.Graph()
    for n, data in multi.nodes(data=True):
        if data["group"] in ("Actor", "Programme"):
            g.add_node(n, **data, bipartite=0 if data["group"] == "Actor" else 1)
    evidence: dict[tuple[str, str], set[str]] = defaultdict(set)
    for u, v, data in multi.edges(data=True):
        if u in g and v in g and g.nodes[u]["bipartite"] != g.nodes[v]["bipartite"]:
            actor, programme = (u, v) if g.nodes[u]["bipartite"] == 0 else (v, u)
            evidence[(actor, programme)] |= set(data["evidence"])
    for (actor, programme), ev in sorted(evidence.items()):
        g.add_edge(actor, programme, weight=len(ev))
    return g


def co_participation(bipartite: nx.Graph) -> nx.Graph:
    """Actor–actor graph: two actors are joined when they take part in the same programme.

    ``weight`` = number of programmes they share (networkx's
    ``weighted_projected_graph``: each shared programme counts once, whatever the
    number of quotes).  ``programmes`` lists them.

    >>> b = nx.Graph()
    >>> b.add_nodes_from(["x", "y", "z"], bipartite=0); b.add_nodes_from(["p", "q"], bipartite=1)
    >>> b.add_edges_from([("x", "p"), ("y", "p"), ("x", "q"), ("y", "q"), ("z", "q")])
    >>> g = co_participation(b)
    >>> g["x"]["y"]["weight"], g["x"]["z"]["weight"], g["x"]["y"]["programmes"]
    (2, 1, ['p', 'q'])
    """
    actors = sorted(n for n, d in bipartite.nodes(data=True) if d.get("bipartite") == 0)
    g = nx.bipartite.weighted_projected_graph(bipartite, actors)
    for u, v in g.edges():
        g[u][v]["programmes"] = sorted(set(bipartite[u]) & set(bipartite[v]))
    return g
