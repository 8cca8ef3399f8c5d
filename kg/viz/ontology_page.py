"""The ontology as a page people read: every class, property and concept of ``kg.ttl``, with examples.

``kg docs`` writes ``build/ontology.html`` from the built graph (``build/kg.ttl`` holds the
ontology and the data), so each term comes with what the graph does with it: for a class
a few of its entities with their names in English, Chinese and Thai and how many there
are; for a relation a few of its uses, *subject — relation — object*, each with the quote
it rests on and its document, and how often it is used; for a concept how often each
property takes it.  The page is one self-contained file like the explorer: no script at
all (its Content-Security-Policy allows none and forbids every request), every text from
the ontology and the documents escaped by Jinja2's autoescape, deterministic bytes, an
anchor per term (``ontology.html#Laboratory``, ``#locatedIn``) that the explorer and other
pages link to.

Why our own generator and not pyLODE: decision record
``docs/decisions/0008-ontology-documentation.md`` (pyLODE 3 has no examples from the data,
runs the labels of all languages together without ``lang``, takes anchors from labels,
lower-cased and sometimes duplicated, and leaves out concept schemes).

The module reads the graph with rdflib only; nothing here guesses a term's meaning from
its name: what a term is comes from the ontology's own statements (``rdf:type``,
``rdfs:subClassOf``, ``kg:factRole``, ``owl:inverseOf``, ``rdfs:domain`` with
``owl:unionOf``, ``schema:domainIncludes``, ``skos:inScheme``, ...), so terms others add to
``kg.ttl`` appear without a change here.

Examples
--------
>>> from rdflib import Graph
>>> g = Graph().parse(format="turtle", data='''
... @prefix kg: <https://w3id.org/brsc-kg/ontology#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
... @prefix ent: <https://w3id.org/brsc-kg/id/> .
... kg:City a owl:Class ; rdfs:label "City"@en , "市"@zh ; skos:definition "A city; see kg:locatedIn."@en .
... kg:locatedIn a owl:ObjectProperty ; rdfs:label "located in"@en ; rdfs:range kg:City .
... ent:shanghai a kg:City ; skos:prefLabel "Shanghai"@en , "上海"@zh .
... ''')
>>> page = ontology_page(g)
>>> [c.term.name for c in page.classes], [p.term.name for g in page.property_groups for p in g.properties]
(['City'], ['locatedIn'])
>>> [(t.text, t.lang) for t in page.classes[0].term.labels]
[('City', 'en'), ('市', 'zh')]
>>> [(s.text, s.href) for s in page.classes[0].term.definitions[0].segments]
[('A city; see ', ''), ('kg:locatedIn', '#locatedIn'), ('.', '')]
>>> page.classes[0].count, [e.id for e in page.classes[0].examples]
(1, ['shanghai'])
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import TypeVar

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from ..rdf.vocab import ENT_NS, KG_NS, OA, PREFIXES, SCHEMA
from ..schema.ontology import Ontology

__all__ = [
    "CSP",
    "ClassSection",
    "ConceptSection",
    "Definition",
    "Entity",
    "OntologyPage",
    "PropertyGroup",
    "PropertySection",
    "Quote",
    "SchemeSection",
    "Segment",
    "Term",
    "TermRef",
    "Text",
    "Use",
    "ontology_page",
    "render_ontology_page",
]

#: The page runs no script and loads nothing: ``default-src 'none'`` forbids every request
#: (the page works offline and cannot leak), ``script-src 'none'`` every script, so text from
#: a document that reached the page as HTML still could not act.  Styles are inline.
CSP = "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'"

# The ontology's own terms, looked up by name: the closed kg.rdf.vocab.KG names only the
# terms the code needs, and this module must show whatever kg.ttl holds.
_T = Namespace(KG_NS)
#: A curator's note: too long for the one line that shows a fact's qualifiers.
_NOTE = _T["note"]
_SCHEMA_DOMAIN = SCHEMA.domainIncludes
_SCHEMA_RANGE = SCHEMA.rangeIncludes

#: Languages in the order a label shows them; others follow alphabetically.
_LANGS = ("en", "zh", "th")

#: Vocabularies the ontology aligns with, named for the reader beside a super-class or super-property.
_VOCABULARIES = {
    "http://www.w3.org/ns/prov#": "W3C PROV-O",
    "http://www.w3.org/ns/org#": "W3C Organization Ontology",
    "http://www.w3.org/ns/oa#": "W3C Web Annotation",
    "http://www.w3.org/2004/02/skos/core#": "W3C SKOS",
    "http://www.w3.org/2002/07/owl#": "W3C OWL",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "W3C RDF",
    "http://www.w3.org/2000/01/rdf-schema#": "W3C RDF Schema",
    "http://www.w3.org/2001/XMLSchema#": "W3C XML Schema datatypes",
    "http://purl.org/dc/terms/": "Dublin Core terms",
    "http://xmlns.com/foaf/0.1/": "FOAF",
    "https://schema.org/": "schema.org",
    "http://qudt.org/vocab/unit/": "QUDT units",
    "http://qudt.org/vocab/currency/": "QUDT currencies",
}
_EXTRA_PREFIXES = (("qudt-unit", "http://qudt.org/vocab/unit/"), ("qudt-currency", "http://qudt.org/vocab/currency/"))

#: The order in which the page lists the fact roles; a role the ontology adds comes after them.
_ROLE_ORDER = ("CooperativeFact", "StructuralFact", "AttributeFact", "DateFact")
_TERM_MENTION = re.compile(r"\bkg:([A-Za-z][A-Za-z0-9_]*)")
_LABEL_LIMIT = 240
_Item = TypeVar("_Item")


@dataclass(frozen=True)
class Text:
    """A string with its language tag (``""`` when it has none): the page writes it with ``lang``."""

    text: str
    lang: str = ""


@dataclass(frozen=True)
class Segment:
    """Part of a definition: plain text, or the name of a term with the anchor it links to."""

    text: str
    href: str = ""


@dataclass(frozen=True)
class Definition:
    """A definition or note in one language, cut into segments so that named terms become links."""

    lang: str
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class TermRef:
    """A term as another term's entry names it: within the page (``#name``) or in an outside vocabulary."""

    label: str
    curie: str
    href: str
    vocabulary: str = ""

    @property
    def local(self) -> bool:
        """True for a term of this ontology, which the page itself describes."""
        return self.href.startswith("#")


@dataclass(frozen=True)
class Term:
    """What every section shows of its term: name, IRI, labels in every language, definitions and notes."""

    name: str
    iri: str
    curie: str
    labels: tuple[Text, ...]
    definitions: tuple[Definition, ...] = ()
    notes: tuple[Definition, ...] = ()

    @property
    def label(self) -> str:
        """The English label (the local name when there is none)."""
        return next((t.text for t in self.labels if t.lang == "en"), self.labels[0].text if self.labels else self.name)

    @property
    def other_labels(self) -> tuple[Text, ...]:
        """Labels other than the heading's (Chinese, Thai, ...)."""
        shown = self.label
        return tuple(t for t in self.labels if t.text != shown)


@dataclass(frozen=True)
class Entity:
    """An entity of the graph (or a literal value) as an example shows it: its id and names, English first."""

    id: str
    labels: tuple[Text, ...]
    href: str = ""

    @property
    def label(self) -> Text:
        """The name to show first."""
        return self.labels[0] if self.labels else Text(self.id)


@dataclass(frozen=True)
class Quote:
    """A verbatim quote from a source document, as the build verified it."""

    exact: str
    lang: str
    gloss: str
    document: str
    title: Text
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Use:
    """One use of a property: subject — property — object, its qualifiers and the quotes it comes from."""

    subject: Entity
    object: Entity
    quotes: tuple[Quote, ...]
    more_quotes: int = 0
    qualifiers: tuple[tuple[str, Text], ...] = ()


@dataclass(frozen=True)
class ClassSection:
    """A class: its place in the hierarchy, its alignment, the relations declared on it, and its entities."""

    term: Term
    superclasses: tuple[TermRef, ...]
    subclasses: tuple[TermRef, ...]
    entity_root: bool
    count: int
    total: int
    examples: tuple[Entity, ...]
    subject_of: tuple[TermRef, ...] = ()
    object_of: tuple[TermRef, ...] = ()
    schemes: tuple[TermRef, ...] = ()
    depth: int = 0


@dataclass(frozen=True)
class PropertySection:
    """A property: its kind and characteristics, fact role, alignment, domain and range, and its uses."""

    term: Term
    kind: str
    characteristics: tuple[str, ...]
    role: str
    role_ref: TermRef | None
    superproperties: tuple[TermRef, ...]
    subproperties: tuple[TermRef, ...]
    inverse: TermRef | None
    domain: tuple[TermRef, ...]
    domain_includes: tuple[TermRef, ...]
    range: tuple[TermRef, ...]
    range_includes: tuple[TermRef, ...]
    measure_key: str
    statements: int
    triples: int
    uses: tuple[Use, ...]


@dataclass(frozen=True)
class PropertyGroup:
    """Properties shown together (cooperative relations, structural relations, ...)."""

    id: str
    title: str
    intro: tuple[Definition, ...]
    properties: tuple[PropertySection, ...]


@dataclass(frozen=True)
class ConceptSection:
    """A concept of a scheme: its labels, definition, matches in other vocabularies and its uses."""

    term: Term
    types: tuple[TermRef, ...]
    exact_match: tuple[TermRef, ...]
    uses: tuple[tuple[TermRef, int], ...]

    @property
    def use_count(self) -> int:
        """How many triples of the graph name the concept as a value of one of the ontology's properties."""
        return sum(n for _, n in self.uses)


@dataclass(frozen=True)
class SchemeSection:
    """A SKOS concept scheme (kinds, statuses, roles, units, ...) with every concept in it."""

    term: Term
    concepts: tuple[ConceptSection, ...]
    classes: tuple[TermRef, ...] = ()


@dataclass(frozen=True)
class OntologyPage:
    """Everything the page shows, as plain data: built by :func:`ontology_page`, written by :func:`render_ontology_page`."""

    title: str
    iri: str
    version: str
    description: str
    license: str
    namespace: str
    classes: tuple[ClassSection, ...]
    property_groups: tuple[PropertyGroup, ...]
    schemes: tuple[SchemeSection, ...]
    others: tuple[Term, ...]
    counts: dict[str, int]
    graph_counts: dict[str, int]
    namespaces: tuple[tuple[str, str, str], ...]
    examples_per_term: int = 3
    generator: str = "brsc-kg (kg docs)"
    explorer: str = "graph.html"


class _Reader:
    """Look-ups over one graph, with the indexes every section shares built once."""

    def __init__(self, graph: Graph, examples: int) -> None:
        self.graph = graph
        self.examples = examples
        self.prefixes = sorted((*PREFIXES, *_EXTRA_PREFIXES), key=lambda p: -len(p[1]))
        self.mentions: Counter[URIRef] = Counter()
        self.by_predicate: Counter[URIRef] = Counter()
        for s, p, o in graph:
            if isinstance(p, URIRef):
                self.by_predicate[p] += 1
            for node in (s, o):
                if isinstance(node, URIRef) and not str(node).startswith(KG_NS):
                    self.mentions[node] += 1
        self.assertions: dict[URIRef, list[URIRef]] = defaultdict(list)
        for a in graph.subjects(RDF.type, _T.Assertion):
            predicate = graph.value(a, RDF.predicate)
            if isinstance(a, URIRef) and isinstance(predicate, URIRef):
                self.assertions[predicate].append(a)
        self.terms = self._terms()

    # ---- names and labels -------------------------------------------------------------
    def _terms(self) -> set[URIRef]:
        found: set[URIRef] = set()
        for s in self.graph.subjects():
            if isinstance(s, URIRef) and str(s).startswith(KG_NS) and len(str(s)) > len(KG_NS):
                found.add(s)
        return found

    def curie(self, iri: URIRef) -> str:
        text = str(iri)
        for prefix, ns in self.prefixes:
            if text.startswith(ns) and len(text) > len(ns):
                return f"{prefix}:{text[len(ns) :]}"
        return text

    @staticmethod
    def local(iri: URIRef) -> str:
        return str(iri)[len(KG_NS) :] if str(iri).startswith(KG_NS) else str(iri).rsplit("/", 1)[-1]

    @staticmethod
    def _ordered(texts: Iterable[Text]) -> tuple[Text, ...]:
        unique = dict.fromkeys(texts)
        rank = {lang: i for i, lang in enumerate(_LANGS)}
        return tuple(sorted(unique, key=lambda t: (rank.get(t.lang, len(_LANGS)), t.lang, t.text)))

    def texts(self, node: URIRef, *predicates: URIRef) -> tuple[Text, ...]:
        found = []
        for predicate in predicates:
            for value in self.graph.objects(node, predicate):
                if isinstance(value, Literal):
                    found.append(Text(str(value), value.language or ""))
        return self._ordered(found)

    def term_ref(self, node: object) -> TermRef | None:
        if not isinstance(node, URIRef):
            return None
        text = str(node)
        if text.startswith(KG_NS):
            name = self.local(node)
            label = next((t.text for t in self.texts(node, RDFS.label, SKOS.prefLabel) if t.lang == "en"), name)
            return TermRef(label=label, curie=f"kg:{name}", href=f"#{name}" if node in self.terms else text)
        vocabulary = next((v for ns, v in _VOCABULARIES.items() if text.startswith(ns)), "")
        # Only web IRIs become links: a javascript: or data: "IRI" in a hostile ontology stays text.
        href = text if text.startswith(("http://", "https://")) else ""
        return TermRef(label=self.curie(node), curie=self.curie(node), href=href, vocabulary=vocabulary)

    def refs(self, nodes: Iterable[object]) -> tuple[TermRef, ...]:
        found = {r.curie: r for r in (self.term_ref(n) for n in nodes) if r is not None}
        return tuple(found[k] for k in sorted(found, key=lambda c: (not c.startswith("kg:"), c.lower())))

    def segments(self, text: str) -> tuple[Segment, ...]:
        out: list[Segment] = []
        last = 0
        for match in _TERM_MENTION.finditer(text):
            if URIRef(KG_NS + match.group(1)) not in self.terms:
                continue
            if match.start() > last:
                out.append(Segment(text[last : match.start()]))
            out.append(Segment(match.group(0), f"#{match.group(1)}"))
            last = match.end()
        if last < len(text):
            out.append(Segment(text[last:]))
        return tuple(out)

    def definitions(self, node: URIRef, *predicates: URIRef) -> tuple[Definition, ...]:
        return tuple(Definition(t.lang, self.segments(t.text)) for t in self.texts(node, *predicates))

    def term(self, node: URIRef) -> Term:
        labels = self.texts(node, RDFS.label, SKOS.prefLabel)
        return Term(
            name=self.local(node),
            iri=str(node),
            curie=self.curie(node),
            labels=labels,
            definitions=self.definitions(node, SKOS.definition, RDFS.comment),
            notes=self.definitions(node, SKOS.scopeNote, SKOS.note, SKOS.example),
        )

    # ---- entities and quotes ----------------------------------------------------------
    def entity(self, node: object) -> Entity:
        if isinstance(node, Literal):
            datatype = self.curie(node.datatype) if node.datatype is not None else ""
            return Entity(id=datatype, labels=(Text(_clip(str(node)), node.language or ""),))
        if not isinstance(node, URIRef):
            return Entity(id="", labels=(Text("(blank node)"),))
        ref = self.term_ref(node) if str(node).startswith(KG_NS) else None
        if ref is not None:  # a term of the ontology (a kind, a status): a link to its entry
            return Entity(id=ref.curie, labels=(Text(ref.label, "en"),), href=ref.href)
        ident = str(node)[len(ENT_NS) :] if str(node).startswith(ENT_NS) else self.curie(node)
        names = self.texts(node, SKOS.prefLabel) or self.texts(node, RDFS.label) or self.texts(node, DCTERMS.title)
        labels = tuple(Text(_clip(n.text), n.lang) for n in names)  # a name is shown whole up to a long line
        # Nodes of the model have no name: a quote shows as its text, a fact as its triple,
        # anything else (an indicator, a mention count) by its values.
        quote = None if labels else self.quote(node)
        if quote is not None:
            labels = (Text(_clip(quote.exact), quote.lang),)
        if not labels and (node, RDF.type, _T.Assertion) in self.graph:
            subject, predicate, obj = (self.graph.value(node, p) for p in (RDF.subject, RDF.predicate, RDF.object))
            parts = [
                self.entity(subject).label.text,
                self.local(predicate) if isinstance(predicate, URIRef) else "?",
                self.entity(obj).label.text,
            ]
            labels = (Text(" — ".join(parts), "en"),)
        if not labels:
            values = self.qualifiers(node, {_NOTE})
            labels = (Text(", ".join(f"{name}: {value.text}" for name, value in values)),) if values else ()
        return Entity(id=ident, labels=labels)

    def _selectors(self, evidence: URIRef) -> Iterator[URIRef]:
        """The evidence node itself and, in the W3C Web Annotation form, its target's selectors."""
        yield evidence
        for target in self.graph.objects(evidence, OA.hasTarget):
            for selector in self.graph.objects(target, OA.hasSelector):
                if isinstance(selector, URIRef | BNode):
                    yield selector  # type: ignore[misc]

    def quote(self, evidence: URIRef) -> Quote | None:
        exact: Literal | None = None
        start = end = None
        for node in self._selectors(evidence):
            value = self.graph.value(node, OA.exact)
            if isinstance(value, Literal) and exact is None:
                exact = value
            s, e = self.graph.value(node, OA.start), self.graph.value(node, OA.end)
            if isinstance(s, Literal) and isinstance(e, Literal) and start is None:
                start, end = int(s), int(e)
        if exact is None:
            return None
        document = self.graph.value(evidence, PROV.wasQuotedFrom)
        if document is None:
            target = self.graph.value(evidence, OA.hasTarget)
            document = self.graph.value(target, OA.hasSource) if target is not None else None
        ident = self.graph.value(document, DCTERMS.identifier) if document is not None else None
        titles = self.texts(document, DCTERMS.title) if isinstance(document, URIRef) else ()
        gloss = self.graph.value(evidence, _T.gloss)
        return Quote(
            exact=str(exact),
            lang=exact.language or "",
            gloss=str(gloss) if gloss is not None else "",
            document=str(ident) if ident is not None else (self.entity(document).id if document is not None else ""),
            title=titles[0] if titles else Text(""),
            start=start,
            end=end,
        )

    def quotes(self, node: URIRef) -> tuple[tuple[Quote, ...], int]:
        evidence = sorted(ev for ev in self.graph.objects(node, PROV.wasDerivedFrom) if isinstance(ev, URIRef))
        found = [q for ev in evidence if (q := self.quote(ev)) is not None]
        return tuple(found[:2]), max(0, len(found) - 2)

    def qualifiers(self, node: URIRef, skip: set[URIRef]) -> tuple[tuple[str, Text], ...]:
        out = []
        for p, o in sorted(self.graph.predicate_objects(node)):
            if not isinstance(p, URIRef) or not str(p).startswith(KG_NS) or p in skip:
                continue
            if isinstance(o, Literal) and len(str(o)) <= 80:
                out.append((self.local(p), Text(str(o), o.language or "")))
            elif isinstance(o, URIRef) and str(o).startswith(KG_NS):
                ref = self.term_ref(o)
                out.append((self.local(p), Text(ref.label if ref else self.local(o), "en")))
        return tuple(out)


def _clip(text: str) -> str:
    return text if len(text) <= _LABEL_LIMIT else text[: _LABEL_LIMIT - 1].rstrip() + "…"


def _spread(items: list[tuple[str, str, _Item]], n: int) -> list[_Item]:
    """Up to ``n`` items, one per document in turn (documents in order, each by key): examples from several sources."""
    by_doc: dict[str, list[tuple[str, _Item]]] = defaultdict(list)
    for doc, key, item in sorted(items, key=lambda x: (x[0], x[1])):
        by_doc[doc].append((key, item))
    out: list[_Item] = []
    while len(out) < n and any(by_doc.values()):
        for doc in sorted(by_doc):
            if by_doc[doc] and len(out) < n:
                out.append(by_doc[doc].pop(0)[1])
    return out


def _doc_of(reader: _Reader, node: URIRef) -> str:
    quotes, _more = reader.quotes(node)
    return quotes[0].document if quotes else "~"


def _types(graph: Graph, node: URIRef) -> set[URIRef]:
    return {t for t in graph.objects(node, RDF.type) if isinstance(t, URIRef)}


def _class_expression(reader: _Reader, value: object) -> list[object]:
    """A class, or the members of an ``owl:unionOf`` list (other class expressions are left out)."""
    if isinstance(value, URIRef):
        return [value]
    union = reader.graph.value(value, OWL.unionOf) if isinstance(value, BNode) else None
    return list(reader.graph.items(union)) if union is not None else []


def _declared(reader: _Reader, prop: URIRef, predicate: URIRef) -> list[object]:
    out: list[object] = []
    for value in reader.graph.objects(prop, predicate):
        out.extend(_class_expression(reader, value))
    return out


def _classes(
    reader: _Reader, class_iris: list[URIRef], relations: dict[URIRef, tuple[list[object], list[object]]]
) -> tuple[ClassSection, ...]:
    graph = reader.graph
    known = set(class_iris)
    parents = {c: sorted(o for o in graph.objects(c, RDFS.subClassOf) if isinstance(o, URIRef)) for c in class_iris}
    children: dict[URIRef, list[URIRef]] = defaultdict(list)
    for c, ps in parents.items():
        for p in ps:
            if p in known:
                children[p].append(c)
    instances = {c: {s for s in graph.subjects(RDF.type, c) if isinstance(s, URIRef)} for c in class_iris}
    roots_marked = {c for c in class_iris if (c, _T.entityRoot, Literal(True)) in graph}
    schemes: dict[URIRef, set[URIRef]] = defaultdict(set)
    for c in class_iris:
        for concept in instances[c]:
            schemes[c].update(s for s in graph.objects(concept, SKOS.inScheme) if isinstance(s, URIRef))

    def below(c: URIRef, seen: set[URIRef]) -> set[URIRef]:
        out = set(instances[c])
        for child in children[c]:
            if child not in seen:
                seen.add(child)
                out |= below(child, seen)
        return out

    order: list[tuple[URIRef, int]] = []
    placed: set[URIRef] = set()

    def walk(c: URIRef, depth: int) -> None:
        placed.add(c)
        order.append((c, depth))
        for child in sorted(children[c], key=reader.local):
            if child not in placed:
                walk(child, depth + 1)

    tops = [c for c in class_iris if not any(p in known for p in parents[c])]
    for c in sorted(tops, key=lambda c: (c not in roots_marked, reader.local(c))):
        walk(c, 0)
    for c in sorted(known - placed, key=reader.local):  # cycles: still one section each
        walk(c, 0)

    # The relations a class may be the subject or object of: declared on it or on a class above it.
    declared_subject: dict[URIRef, set[URIRef]] = defaultdict(set)
    declared_object: dict[URIRef, set[URIRef]] = defaultdict(set)
    for prop, (domain, range_) in relations.items():
        for cls in (d for d in domain if isinstance(d, URIRef)):
            declared_subject[cls].add(prop)
        for cls in (r for r in range_ if isinstance(r, URIRef)):
            declared_object[cls].add(prop)

    def above(c: URIRef) -> set[URIRef]:
        found, frontier = {c}, [c]
        while frontier:
            for p in parents.get(frontier.pop(), []):
                if p not in found:
                    found.add(p)
                    frontier.append(p)
        return found

    subject_of = {c: set().union(*(declared_subject[a] for a in above(c))) for c in class_iris}
    object_of = {c: set().union(*(declared_object[a] for a in above(c))) for c in class_iris}

    sections = []
    for c, depth in order:
        members = instances[c]
        chosen = sorted(members, key=lambda e: (-len({t.lang for t in reader.entity(e).labels}), -reader.mentions[e], str(e)))
        sections.append(
            ClassSection(
                term=reader.term(c),
                superclasses=reader.refs(parents[c]),
                subclasses=reader.refs(children[c]),
                entity_root=c in roots_marked,
                count=len(members),
                total=len(below(c, {c})),
                examples=tuple(reader.entity(e) for e in chosen[: reader.examples + 1]),
                subject_of=reader.refs(subject_of[c]),
                object_of=reader.refs(object_of[c]),
                schemes=reader.refs(schemes[c]),
                depth=depth,
            )
        )
    return tuple(sections)


def _uses(reader: _Reader, prop: URIRef) -> tuple[Use, ...]:
    graph = reader.graph
    n = reader.examples
    assertions = reader.assertions.get(prop, [])
    if assertions:
        picked = _spread([(_doc_of(reader, a), str(a), a) for a in assertions], n)
        out = []
        for a in picked:
            quotes, more = reader.quotes(a)
            out.append(
                Use(
                    subject=reader.entity(graph.value(a, RDF.subject)),
                    object=reader.entity(graph.value(a, RDF.object)),
                    quotes=quotes,
                    more_quotes=more,
                    qualifiers=reader.qualifiers(a, {_NOTE}),
                )
            )
        return tuple(out)
    # Not stated as a fact: the property of a link, an indicator or evidence; its quotes are its subject's.
    triples = sorted(graph.subject_objects(prop))
    cited = [(s, o) for s, o in triples if isinstance(s, URIRef) and (s, PROV.wasDerivedFrom, None) in graph]
    chosen = _spread([(_doc_of(reader, s), f"{s} {o}", (s, o)) for s, o in cited if isinstance(s, URIRef)], n) if cited else triples[:n]
    uses = []
    for s, o in chosen:
        quotes, more = reader.quotes(s) if isinstance(s, URIRef) else ((), 0)
        uses.append(Use(subject=reader.entity(s), object=reader.entity(o), quotes=quotes, more_quotes=more))
    return tuple(uses)


def _properties(reader: _Reader, props: list[URIRef]) -> tuple[PropertyGroup, ...]:
    graph = reader.graph
    known = set(props)
    sections: dict[URIRef, PropertySection] = {}
    inverse_of: dict[URIRef, object] = {}
    for prop in props:
        types = _types(graph, prop)
        kind = (
            "object"
            if OWL.ObjectProperty in types
            else "datatype"
            if OWL.DatatypeProperty in types
            else "annotation"
            if OWL.AnnotationProperty in types
            else "property"
        )
        characteristics = tuple(
            name
            for name, t in (
                ("symmetric", OWL.SymmetricProperty),
                ("transitive", OWL.TransitiveProperty),
                ("functional", OWL.FunctionalProperty),
                ("inverse functional", OWL.InverseFunctionalProperty),
                ("asymmetric", OWL.AsymmetricProperty),
                ("reflexive", OWL.ReflexiveProperty),
                ("irreflexive", OWL.IrreflexiveProperty),
            )
            if t in types
        )
        role = graph.value(prop, _T.factRole)
        inverse = graph.value(prop, OWL.inverseOf) or next(graph.subjects(OWL.inverseOf, prop), None)
        inverse_of[prop] = inverse
        key = graph.value(prop, _T.measureKey)
        sections[prop] = PropertySection(
            term=reader.term(prop),
            kind=kind,
            characteristics=characteristics,
            role=reader.local(role) if isinstance(role, URIRef) else "",
            role_ref=reader.term_ref(role),
            superproperties=reader.refs(o for o in graph.objects(prop, RDFS.subPropertyOf)),
            subproperties=reader.refs(s for s in graph.subjects(RDFS.subPropertyOf, prop) if s in known),
            inverse=reader.term_ref(inverse),
            domain=reader.refs(_declared(reader, prop, RDFS.domain)),
            domain_includes=reader.refs(_declared(reader, prop, _SCHEMA_DOMAIN)),
            range=reader.refs(_declared(reader, prop, RDFS.range)),
            range_includes=reader.refs(_declared(reader, prop, _SCHEMA_RANGE)),
            measure_key=str(key) if key is not None else "",
            statements=len(reader.assertions.get(prop, [])),
            triples=reader.by_predicate[prop],
            uses=_uses(reader, prop),
        )
    groups: list[PropertyGroup] = []
    left = dict(sections)

    def take(test: Callable[[URIRef, PropertySection], bool]) -> tuple[PropertySection, ...]:
        """Remove the properties that pass ``test`` from those left and return them by name."""
        chosen = [p for p, s in left.items() if test(p, s)]
        for p in chosen:
            del left[p]
        return tuple(sorted((sections[p] for p in chosen), key=lambda s: s.term.name.lower()))

    def add(gid: str, title: str, intro: str | tuple[Definition, ...], members: tuple[PropertySection, ...]) -> None:
        if members:
            text = (Definition("en", reader.segments(intro)),) if isinstance(intro, str) else intro
            groups.append(PropertyGroup(gid, title, text, members))

    # One group per fact role, titled and introduced by the role's own label and definition.
    roles = sorted({s.role for s in sections.values() if s.role}, key=lambda r: ((*_ROLE_ORDER, r).index(r), r))
    for role_name in roles:
        role_term = reader.term(URIRef(KG_NS + role_name))
        add(f"s-{role_name}", f"{role_term.label}s", role_term.definitions, take(_has_role(role_name)))
    stated = {p for p, s in sections.items() if s.role}
    add(
        "s-inverses",
        "Declared inverses",
        "Inverses of the relations above: never asserted (a query follows the relation backwards, ^kg:partOf), declared so that tools and readers know the pair.",
        take(lambda p, _s: inverse_of[p] in stated),
    )
    measures = take(lambda _p, s: bool(s.measure_key))
    add(
        "s-model-objects",
        "Object properties of the model",
        "The model's own machinery (cooperation links, participations, indicators, evidence, bookkeeping): written by the build, never stated as facts.",
        take(lambda _p, s: s.kind == "object"),
    )
    add(
        "s-model-data",
        "Datatype properties of the model",
        "Values the build writes on cooperation links, indicators, evidence, documents and analysis runs.",
        take(lambda _p, s: s.kind == "datatype"),
    )
    add(
        "s-measures",
        "Network measures",
        "Scores kg analyze computes for every actor (build/centrality.csv and analysis.trig, not kg.ttl); the key is the column name.",
        tuple(sorted(measures, key=lambda s: (_order(graph, URIRef(s.term.iri)), s.measure_key))),
    )
    add(
        "s-annotations",
        "Annotation properties",
        "What the tools read from this ontology: how they treat each term.",
        take(lambda _p, s: s.kind == "annotation"),
    )
    add("s-other-properties", "Other properties", "Properties of no OWL property type.", take(lambda _p, _s: True))
    return tuple(groups)


def _has_role(role: str) -> Callable[[URIRef, PropertySection], bool]:
    """A test for :func:`_properties`' ``take``: the property has this fact role."""
    return lambda _p, s: s.role == role


def _order(graph: Graph, prop: URIRef) -> int:
    value = graph.value(prop, _T.measureOrder)
    return int(value) if isinstance(value, Literal) else 0


def _schemes(reader: _Reader, scheme_iris: list[URIRef]) -> tuple[tuple[SchemeSection, ...], set[URIRef]]:
    graph = reader.graph
    covered: set[URIRef] = set()
    sections = []
    for scheme in sorted(scheme_iris, key=reader.local):
        concepts = sorted(
            {c for c in graph.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef) and c in reader.terms}, key=reader.local
        )
        covered.update(concepts)
        entries = []
        for concept in concepts:
            counts: Counter[URIRef] = Counter(
                p for p in graph.predicates(None, concept) if isinstance(p, URIRef) and str(p).startswith(KG_NS)
            )
            uses = tuple((ref, counts[p]) for p in sorted(counts, key=reader.local) if (ref := reader.term_ref(p)) is not None)
            entries.append(
                ConceptSection(
                    term=reader.term(concept),
                    types=reader.refs(t for t in _types(graph, concept) if t != SKOS.Concept),
                    exact_match=reader.refs(graph.objects(concept, SKOS.exactMatch)),
                    uses=uses,
                )
            )
        classes = reader.refs({t for c in concepts for t in _types(graph, c)} - {SKOS.Concept})
        sections.append(SchemeSection(term=reader.term(scheme), concepts=tuple(entries), classes=classes))
    return tuple(sections), covered


def _graph_counts(reader: _Reader) -> dict[str, int]:
    """What the graph holds, for the page's opening lines."""
    graph = reader.graph
    entities: set[object] = set()
    for cls in Ontology(graph).entity_classes.values():
        entities.update(graph.subjects(RDF.type, cls))
    return {
        "entities": len(entities),
        "statements": sum(len(v) for v in reader.assertions.values()),
        "links": sum(1 for _ in graph.subjects(RDF.type, _T.CooperationLink)),
        "quotes": len({q for q in graph.subjects(OA.exact, None)}),
        "documents": sum(1 for _ in graph.subjects(RDF.type, _T.SourceDocument)),
        "triples": len(graph),
    }


def ontology_page(graph: Graph, examples: int = 3) -> OntologyPage:
    """Everything the ontology page shows, read from a graph that holds the ontology (and, for examples, data).

    Parameters
    ----------
    graph : rdflib.Graph
        ``build/kg.ttl`` (ontology and data) or the ontology alone (then every count is 0
        and no section has examples).
    examples : int
        Uses shown per property (entities per class: one more), picked one document at a
        time so that they come from several sources.
    """
    reader = _Reader(graph, examples)
    by_type: dict[str, list[URIRef]] = defaultdict(list)
    for term in sorted(reader.terms):
        types = _types(graph, term)
        if OWL.Class in types or RDFS.Class in types:
            by_type["class"].append(term)
        elif types & {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property}:
            by_type["property"].append(term)
        elif SKOS.ConceptScheme in types:
            by_type["scheme"].append(term)
        else:
            by_type["other"].append(term)
    relations = {
        p: (
            _declared(reader, p, RDFS.domain) + _declared(reader, p, _SCHEMA_DOMAIN),
            _declared(reader, p, RDFS.range) + _declared(reader, p, _SCHEMA_RANGE),
        )
        for p in by_type["property"]
    }
    classes = _classes(reader, by_type["class"], relations)
    groups = _properties(reader, by_type["property"])
    schemes, covered = _schemes(reader, by_type["scheme"])
    others = tuple(reader.term(t) for t in by_type["other"] if t not in covered and _types(graph, t))
    ontology = next(iter(sorted(s for s in graph.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef))), None)

    def meta(predicate: URIRef) -> str:
        if ontology is None:
            return ""
        values = reader.texts(ontology, predicate)
        if values:
            return values[0].text
        value = graph.value(ontology, predicate)
        return str(value) if value is not None else ""

    properties = [p for g in groups for p in g.properties]
    concepts = [c for s in schemes for c in s.concepts]
    return OntologyPage(
        title=meta(DCTERMS.title) or "Ontology",
        iri=str(ontology) if ontology is not None else KG_NS,
        version=meta(OWL.versionInfo),
        description=meta(DCTERMS.description),
        license=meta(DCTERMS.license),
        namespace=KG_NS,
        classes=classes,
        property_groups=groups,
        schemes=schemes,
        others=others,
        counts={
            "classes": len(classes),
            "properties": len(properties),
            "relations": sum(1 for p in properties if p.role),
            "schemes": len(schemes),
            "concepts": len(concepts),
        },
        graph_counts=_graph_counts(reader),
        namespaces=tuple((prefix, ns, _VOCABULARIES.get(ns, "")) for prefix, ns in sorted((*PREFIXES, *_EXTRA_PREFIXES))),
        examples_per_term=examples,
    )


def render_ontology_page(page: OntologyPage) -> str:
    """The page as one HTML string: UTF-8, no script, no external resource, every text escaped."""
    from jinja2 import Environment

    env = Environment(autoescape=True, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    source = resources.files("kg.viz").joinpath("ontology_page.html").read_text(encoding="utf-8")
    css = resources.files("kg.viz").joinpath("ontology_page.css").read_text(encoding="utf-8").replace("</style", "<\\/style")
    return env.from_string(source).render(page=page, csp=CSP, css=css)
