"""Assemble the RDF dataset from checked curation and located evidence.

One named graph per source document holds what that document says (facts, links,
indicators and their evidence), so ``GRAPH ?doc { ... }`` answers "which document
says so".  The ontology, the entity registry (with document metadata) and the mention
counts have graphs of their own.  Every node has an IRI: provenance is never a blank
node, so it can be cited and outputs stay byte-identical between builds.

Every statement node carries its ``kg:modality`` (reported, announced, directed,
recommended, target).  Only a reported statement has its shortcut triple (a fact's
direct ``subject relation object``, ``kg:cooperatesWith`` between a link's
participants) in its document's graph; the others have it in ``graph:unreported``,
which ``kg.ttl`` and the query store's default graph leave out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from itertools import combinations

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from ..rdf.annotations import position_selector_iri, quote_selector_iri, target_iri
from ..rdf.vocab import ENT, KG, MENTIONS_GRAPH, OA, ONTOLOGY_GRAPH, ORG, PREFIXES, REGISTRY_GRAPH, UNREPORTED_GRAPH
from ..schema.model import Curation, EvidenceRef, Fact, Indicator, Link, Statement
from ..schema.ontology import Ontology
from ..text.quotes import Located

__all__ = [
    "NOT_YET_COOPERATING",
    "assemble",
    "decimal_literal",
    "document_iri",
    "entity_iri",
    "evidence_iri",
    "statement_iri",
]

#: A document file's ``status:`` as a concept of kg:CurationStatuses.  Drafts reach the
#: graph only with ``--include-drafts``; the explorer and the report show them apart.
_CURATION_STATUS = {"complete": KG.CurationComplete, "partial": KG.CurationPartial, "draft": KG.CurationDraft}

#: Links with these statuses are not (yet) cooperation: no cooperatesWith shortcut.
NOT_YET_COOPERATING = frozenset({"Proposed", "Planned"})


def _shortcuts(g: Graph, unreported: Graph, st: Statement, ontology: Ontology) -> Graph:
    """The graph a statement's shortcut triple goes into: its document's if the text reports it, else ``graph:unreported``.

    Only what the text *reports* is stated plainly in its document's graph (and so in
    ``kg.ttl`` and the default graph of every query): a plan, a directive, a
    recommendation or a target keeps its statement node (with its modality and
    evidence) there, but its direct triple goes into ``graph:unreported``, which plain
    queries do not see.  An analyst can then never read a plan as a fact by accident.
    """
    return g if ontology.modalities[st.modality] == KG.Reported else unreported


def entity_iri(entity_id: str) -> URIRef:
    """IRI of a registry entity."""
    return ENT[entity_id]


def document_iri(doc_id: str) -> URIRef:
    """IRI of a source document; also the name of its graph."""
    return ENT[f"document-{doc_id}"]


def evidence_iri(located: Located) -> URIRef:
    """IRI of a quote: its document and span identify it."""
    return ENT[f"evidence-{located.doc}-{located.start}-{located.end}"]


def statement_iri(statement: Statement) -> URIRef:
    """IRI of a reified fact, link or indicator."""
    prefix = {"fact": "assertion", "link": "link", "indicator": "indicator"}[statement.kind]
    sid = statement.id
    # Generated ids already start with the document and kind; do not repeat them.
    for generated in (f"{statement.doc}-fact-", f"{statement.doc}-link-", f"{statement.doc}-indicator-"):
        if sid.startswith(generated):
            sid = f"{statement.doc}-{sid[len(generated) :]}"
    return ENT[f"{prefix}-{sid}"]


def decimal_literal(value: Decimal) -> Literal:
    """An ``xsd:decimal`` literal in canonical form: plain notation with a decimal point.

    ``4.72E+9`` is not a valid xsd:decimal, and Turtle writes a bare ``305`` as an
    integer, so whole numbers get ``.0`` (``305.0``) and round-trip unchanged.

    >>> str(decimal_literal(Decimal("4.72E+9"))), str(decimal_literal(Decimal("86.30")))
    ('4720000000.0', '86.3')
    """
    text = format(value.normalize(), "f")
    if "." not in text:
        text += ".0"
    return Literal(text, datatype=XSD.decimal)


def _new_dataset() -> Dataset:
    ds = Dataset()
    for prefix, ns in PREFIXES:
        ds.bind(prefix, ns, override=True, replace=True)
    return ds


def _add_registry(g: Graph, curation: Curation, ontology: Ontology) -> None:
    for entity in curation.entities.values():
        iri = entity_iri(entity.id)
        g.add((iri, RDF.type, ontology.entity_classes[entity.cls]))
        for lang, label in entity.names.pref.items():
            g.add((iri, SKOS.prefLabel, Literal(label, lang=lang)))
        for lang, names in entity.names.alt.items():
            for name in names:
                g.add((iri, SKOS.altLabel, Literal(name, lang=lang)))
        if entity.iso_code:
            g.add((iri, KG.isoCode, Literal(entity.iso_code)))
        if entity.note:
            g.add((iri, KG.note, Literal(entity.note, lang="en")))
        for same in entity.same_as:
            g.add((iri, OWL.sameAs, URIRef(same)))
    for meta in curation.documents.values():
        iri = document_iri(meta.id)
        g.add((iri, RDF.type, KG.SourceDocument))
        g.add((iri, DCTERMS.identifier, Literal(meta.id)))
        for lang, title in sorted(meta.title.items()):
            g.add((iri, DCTERMS.title, Literal(" ".join(title.split()), lang=lang)))
        for lang in meta.languages:
            g.add((iri, DCTERMS.language, Literal(lang, datatype=XSD.language)))
        g.add((iri, KG.sha256, Literal(meta.sha256)))
        g.add((iri, KG.fileName, Literal(meta.file)))
        g.add((iri, KG.documentKind, Literal(meta.kind)))
        status = curation.status.get(meta.id)
        if status:
            g.add((iri, KG.curationStatus, _CURATION_STATUS[status]))
        if meta.publisher:
            g.add((iri, KG.publisherName, Literal(meta.publisher)))
        if meta.publisher_entity:
            g.add((iri, DCTERMS.publisher, entity_iri(meta.publisher_entity)))
        if meta.date is not None:
            g.add((iri, DCTERMS.issued, meta.date))
        if meta.description:
            g.add((iri, DCTERMS.description, Literal(meta.description, lang="en")))
        if meta.url:
            g.add((iri, DCTERMS.source, URIRef(meta.url)))


def _add_evidence(g: Graph, located: Located, body: URIRef) -> URIRef:
    """The quote as a W3C Web Annotation whose body is ``body``, the statement it supports.

    The quote and its offsets sit on the two selectors of the annotation's target (an
    ``oa:SpecificResource`` of the document), where Web Annotation tools look for them;
    the quote selector also carries the text around the quote.  The same quote behind
    several statements is one annotation with several bodies.  Every node has an IRI
    derived from the evidence's (:mod:`kg.rdf.annotations`), never a blank node.
    """
    iri = evidence_iri(located)
    document = document_iri(located.doc)
    target, quote, position = target_iri(iri), quote_selector_iri(iri), position_selector_iri(iri)
    for cls in (OA.Annotation, KG.Evidence, PROV.Entity):
        g.add((iri, RDF.type, cls))
    g.add((iri, OA.hasBody, body))
    g.add((iri, OA.hasTarget, target))
    g.add((iri, PROV.wasQuotedFrom, document))
    if located.gloss:
        g.add((iri, KG.gloss, Literal(located.gloss, lang="en")))
    g.add((target, RDF.type, OA.SpecificResource))
    g.add((target, OA.hasSource, document))
    g.add((target, OA.hasSelector, quote))
    g.add((target, OA.hasSelector, position))
    g.add((quote, RDF.type, OA.TextQuoteSelector))
    g.add((quote, OA.exact, Literal(located.exact, lang=located.lang)))
    # The text around the quote is tagged like the quote, so one language serves the whole
    # selector (and JSON-LD writes all three as plain strings, as annotation tools read them).
    if located.prefix:
        g.add((quote, OA.prefix, Literal(located.prefix, lang=located.lang)))
    if located.suffix:
        g.add((quote, OA.suffix, Literal(located.suffix, lang=located.lang)))
    g.add((position, RDF.type, OA.TextPositionSelector))
    g.add((position, OA.start, Literal(located.start, datatype=XSD.nonNegativeInteger)))
    g.add((position, OA.end, Literal(located.end, datatype=XSD.nonNegativeInteger)))
    return iri


def _fact(g: Graph, st: Fact, ontology: Ontology, unreported: Graph) -> URIRef:
    node = statement_iri(st)
    subject = entity_iri(st.subject)
    if st.relation == "status":
        predicate = KG.status
        obj: URIRef | Literal = ontology.statuses[str(st.value)]
    elif st.object is not None:
        predicate = ontology.object_relations[st.relation]
        obj = entity_iri(st.object)
    else:
        predicate = ontology.datatype_relations[st.relation]
        assert isinstance(st.value, Literal)
        obj = st.value
    shortcuts = _shortcuts(g, unreported, st, ontology)
    shortcuts.add((subject, predicate, obj))
    g.add((node, RDF.type, KG.Assertion))
    g.add((node, KG.modality, ontology.modalities[st.modality]))
    g.add((node, RDF.subject, subject))
    g.add((node, RDF.predicate, predicate))
    g.add((node, RDF.object, obj))
    if st.date is not None:
        g.add((node, KG.date, st.date))
    if st.role:
        g.add((node, KG.role, Literal(st.role, lang="en")))
        if isinstance(obj, URIRef) and ontology.is_membership(st.relation):
            _post(shortcuts, subject, obj, st.role)  # the post restates the fact: it goes where the fact's triple goes
    return node


def _post(g: Graph, holder: URIRef, organisation: URIRef, role: str) -> None:
    """A W3C ORG post: ``holder org:holds post``, ``post org:postIn organisation``, labelled with the role.

    A post is identified by its organisation and title (``ent:post-shanghai-government-vice-mayor``),
    so the same post stated in two documents is one node.
    """
    slug = re.sub(r"[^a-z0-9]+", "-", role.lower()).strip("-") or "post"
    post = URIRef(f"{ENT}post-{str(organisation)[len(str(ENT)) :]}-{slug}")
    g.add((post, RDF.type, ORG.Post))
    g.add((post, SKOS.prefLabel, Literal(role, lang="en")))
    g.add((post, ORG.postIn, organisation))
    g.add((holder, ORG.holds, post))


def _link(g: Graph, st: Link, curation: Curation, ontology: Ontology, unreported: Graph) -> URIRef:
    node = statement_iri(st)
    g.add((node, RDF.type, KG.CooperationLink))
    g.add((node, KG.modality, ontology.modalities[st.modality]))
    g.add((node, KG.kind, ontology.kinds[st.link_kind]))
    names = [curation.entities[p.entity].names.pref["en"] for p in st.participants]
    label = f"{ontology.label(ontology.kinds[st.link_kind])}: {'; '.join(names)}"
    g.add((node, RDFS.label, Literal(label, lang="en")))
    for n, part in enumerate(st.participants, start=1):
        agent = entity_iri(part.entity)
        g.add((node, KG.participant, agent))
        if part.role:
            qp = URIRef(f"{node}-participation-{n}")
            g.add((node, KG.qualifiedParticipation, qp))
            g.add((qp, RDF.type, KG.Participation))
            g.add((qp, KG.agent, agent))
            g.add((qp, KG.hadRole, ontology.roles[part.role]))
    if st.status:
        g.add((node, KG.status, ontology.statuses[st.status]))
    for prop, value in ((KG.date, st.date), (KG.startDate, st.start), (KG.endDate, st.end)):
        if value is not None:
            g.add((node, prop, value))
    if st.field:
        g.add((node, KG.field, Literal(st.field, lang="en")))
    if st.amount is not None:
        g.add((node, KG.amount, decimal_literal(st.amount)))
    if st.unit:
        g.add((node, KG.unit, ontology.units[st.unit]))
    for concern in st.concerns:
        g.add((node, KG.concerns, entity_iri(concern)))
    # A reported link joins its participants in the document's graph unless it is only
    # proposed or planned; a link the text announces, directs or recommends joins them in
    # graph:unreported, whatever its status (what the graph would say if the plan came true).
    shortcuts = _shortcuts(g, unreported, st, ontology)
    if shortcuts is unreported or st.status not in NOT_YET_COOPERATING:
        for a, b in combinations(sorted({p.entity for p in st.participants}), 2):
            shortcuts.add((entity_iri(a), KG.cooperatesWith, entity_iri(b)))
            shortcuts.add((entity_iri(b), KG.cooperatesWith, entity_iri(a)))
    return node


def _indicator(g: Graph, st: Indicator, ontology: Ontology) -> URIRef:
    node = statement_iri(st)
    g.add((node, RDF.type, KG.Indicator))
    g.add((node, KG.modality, ontology.modalities[st.modality]))
    g.add((node, KG.indicatorOf, entity_iri(st.subject)))
    g.add((node, KG.measure, Literal(st.measure, lang="en")))
    g.add((node, KG.value, decimal_literal(st.value)))
    g.add((node, KG.unit, ontology.units[st.unit]))
    if st.date is not None:
        g.add((node, KG.date, st.date))
    if st.comparator:
        g.add((node, KG.comparator, Literal(st.comparator)))
    if ontology.modalities[st.modality] == KG.Target:  # derived from the modality (the loader keeps 'target: true' consistent)
        g.add((node, KG.isTarget, Literal(True)))
    return node


def _add_mentions(g: Graph, mentions: dict[str, Counter[str]]) -> None:
    for doc, counts in mentions.items():
        for entity, n in counts.items():
            node = ENT[f"mentions-{doc}-{entity}"]
            g.add((node, RDF.type, KG.MentionCount))
            g.add((node, KG.entity, entity_iri(entity)))
            g.add((node, KG.document, document_iri(doc)))
            g.add((node, KG.count, Literal(n, datatype=XSD.nonNegativeInteger)))


def assemble(
    ontology: Ontology,
    curation: Curation,
    evidence: dict[EvidenceRef, Located],
    mentions: dict[str, Counter[str]],
    statements: Iterable[Statement] | None = None,
) -> Dataset:
    """Build the dataset.

    Parameters
    ----------
    ontology : Ontology
        The parsed ontology (copied into its own named graph).
    curation : Curation
        Checked registry and statements.
    evidence : dict
        Located quotes keyed by the curator's reference.
    mentions : dict
        Mention counts per document and entity.
    statements : iterable of Statement, optional
        Statements to include (defaults to all of ``curation.statements``).
    """
    ds = _new_dataset()
    onto_graph = ds.graph(ONTOLOGY_GRAPH)
    for triple in ontology.graph:
        onto_graph.add(triple)
    _add_registry(ds.graph(REGISTRY_GRAPH), curation, ontology)
    unreported = ds.graph(UNREPORTED_GRAPH)
    for st in curation.statements if statements is None else statements:
        g = ds.graph(document_iri(st.doc))
        if isinstance(st, Fact):
            node = _fact(g, st, ontology, unreported)
        elif isinstance(st, Link):
            node = _link(g, st, curation, ontology, unreported)
        else:
            node = _indicator(g, st, ontology)
        if st.note:
            g.add((node, KG.note, Literal(st.note, lang="en")))
        for ref in st.evidence:
            located = evidence[ref]
            g.add((node, PROV.wasDerivedFrom, _add_evidence(g, located, node)))
    _add_mentions(ds.graph(MENTIONS_GRAPH), mentions)
    return ds
