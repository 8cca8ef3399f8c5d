"""The ontology as the code needs it: a term table read from ``ontology/kg.ttl`` itself.

The ontology is the one place that says what a term is and how the tools treat it.
Beside the classes, concept schemes and W3C constructs (``owl:inverseOf``,
``owl:SymmetricProperty``, ``owl:TransitiveProperty``, ``rdfs:domain``,
``rdfs:range``), it declares with the project's own annotation properties

* ``kg:factRole`` — which properties a curator may state as facts, and whether each is
  cooperative (a tie of the cooperation network), structural (left out of it unless
  asked for), an attribute or a date;
* ``kg:entityRoot`` — the classes under which every registry entity's class lies;
* ``kg:measureKey`` / ``kg:measureOrder`` — the network measures, their column names
  and order;
* ``schema:domainIncludes`` / ``schema:rangeIncludes`` — the classes (or datatypes) a
  relation expects on each side, one of the listed ones; read beside ``rdfs:domain`` /
  ``rdfs:range``.  schema.org's properties rather than ``owl:unionOf``, because a union
  is an RDF list of blank nodes in every output, and because RDFS domain/range would
  make a reasoner *infer* a class from a curator's mistake instead of flagging it.

The curation loader, the assembler, the network projection, the exports and the
explorer all read these from one :class:`Ontology`, so adding a relation is one edit in
``kg.ttl`` (and its use in curation) and they cannot disagree.  The table can be read
from the ontology file or from any graph that contains the ontology (``build/kg.ttl``).

Examples
--------
>>> from rdflib import Graph
>>> g = Graph().parse(format="turtle", data='''
... @prefix kg: <https://w3id.org/brsc-kg/ontology#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
... kg:Actor a owl:Class ; kg:entityRoot true . kg:City a owl:Class ; rdfs:subClassOf kg:Actor .
... kg:locatedIn a owl:ObjectProperty ; kg:factRole kg:StructuralFact ; rdfs:domain kg:Actor ; rdfs:range kg:City .
... kg:hostedBy a owl:ObjectProperty ; kg:factRole kg:CooperativeFact .
... kg:kind a owl:ObjectProperty .
... ''')
>>> onto = Ontology(g)
>>> sorted(onto.object_relations), sorted(onto.structural_relations)
(['hostedBy', 'locatedIn'], ['locatedIn'])
>>> [str(c) for c in onto.relations["locatedIn"].range]
['https://w3id.org/brsc-kg/ontology#City']
>>> sorted(onto.class_roots().values())
['Actor', 'Actor']
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal as TypingLiteral

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from ..rdf.load import parse_turtle
from ..rdf.vocab import KG, KG_NS, ORG, SCHEMA

__all__ = ["FactRole", "Measure", "Ontology", "Relation", "load_ontology"]

FactRole = TypingLiteral["cooperative", "structural", "attribute", "date"]

_ROLES: dict[URIRef, FactRole] = {
    KG.CooperativeFact: "cooperative",
    KG.StructuralFact: "structural",
    KG.AttributeFact: "attribute",
    KG.DateFact: "date",
}


def _local(iri: URIRef) -> str:
    return str(iri)[len(KG_NS) :]


@dataclass(frozen=True)
class Relation:
    """A property a curator may state as a fact, with everything the tools need to know of it."""

    name: str
    iri: URIRef
    role: FactRole
    label: str
    inverse: URIRef | None = None
    symmetric: bool = False
    transitive: bool = False
    domain: tuple[URIRef, ...] = ()
    range: tuple[URIRef, ...] = ()

    @property
    def between_entities(self) -> bool:
        """True for relations whose object is an entity (cooperative or structural), not a literal."""
        return self.role in ("cooperative", "structural")


@dataclass(frozen=True)
class Measure:
    """A network measure: its column name, ontology property, datatype and label."""

    key: str
    iri: URIRef
    datatype: URIRef
    label: str
    order: int


@dataclass
class Ontology:
    """A parsed ontology with look-ups by local name."""

    graph: Graph

    def _subclasses(self, root: URIRef) -> set[URIRef]:
        found = {root}
        frontier = [root]
        while frontier:
            current = frontier.pop()
            for sub in self.graph.subjects(RDFS.subClassOf, current):
                if isinstance(sub, URIRef) and sub not in found:
                    found.add(sub)
                    frontier.append(sub)
        return found

    @staticmethod
    def _kg_local(items: set[URIRef]) -> dict[str, URIRef]:
        return {_local(i): i for i in items if str(i).startswith(KG_NS)}

    @cached_property
    def entity_roots(self) -> dict[str, URIRef]:
        """Local name -> IRI of the classes marked ``kg:entityRoot true``."""
        roots = {s for s, o in self.graph.subject_objects(KG.entityRoot) if isinstance(s, URIRef) and o == Literal(True)}
        return dict(sorted(self._kg_local(roots).items()))

    @cached_property
    def entity_classes(self) -> dict[str, URIRef]:
        """Local name -> IRI of every class a registry entity may have."""
        found: set[URIRef] = set()
        for root in self.entity_roots.values():
            found |= self._subclasses(root)
        return self._kg_local(found)

    def class_roots(self) -> dict[URIRef, str]:
        """Every class at or below an entity root, mapped to the root's local name."""
        roots: dict[URIRef, str] = {}
        for name, root in self.entity_roots.items():
            for cls in self._subclasses(root):
                roots.setdefault(cls, name)
        return roots

    @cached_property
    def relations(self) -> dict[str, Relation]:
        """Every property with a ``kg:factRole``, by local name."""
        found: dict[str, Relation] = {}
        for prop, role in self.graph.subject_objects(KG.factRole):
            if not isinstance(prop, URIRef) or not str(prop).startswith(KG_NS) or not isinstance(role, URIRef) or role not in _ROLES:
                continue
            inverse = self.graph.value(prop, OWL.inverseOf) or next(self.graph.subjects(OWL.inverseOf, prop), None)
            found[_local(prop)] = Relation(
                name=_local(prop),
                iri=prop,
                role=_ROLES[role],
                label=self.label(prop),
                inverse=inverse if isinstance(inverse, URIRef) else None,
                symmetric=(prop, RDF.type, OWL.SymmetricProperty) in self.graph,
                transitive=(prop, RDF.type, OWL.TransitiveProperty) in self.graph,
                domain=self._classes(prop, RDFS.domain, SCHEMA.domainIncludes),
                range=self._classes(prop, RDFS.range, SCHEMA.rangeIncludes),
            )
        return dict(sorted(found.items()))

    def _classes(self, prop: URIRef, *which: URIRef) -> tuple[URIRef, ...]:
        """The classes named by ``rdfs:domain``/``rdfs:range`` (a class or an ``owl:unionOf``) and ``schema:*Includes``."""
        out: list[URIRef] = []
        for predicate in which:
            for value in self.graph.objects(prop, predicate):
                union = self.graph.value(value, OWL.unionOf)
                if union is not None:
                    out.extend(m for m in self.graph.items(union) if isinstance(m, URIRef))
                elif isinstance(value, URIRef):
                    out.append(value)
        return tuple(sorted(set(out)))

    @cached_property
    def _superclasses(self) -> dict[str, frozenset[URIRef]]:
        return {}  # filled by superclasses(): asked thousands of times per ingest, for a few dozen classes

    def superclasses(self, cls: str) -> frozenset[URIRef]:
        """The entity class with local name ``cls`` and every class above it."""
        known = self._superclasses.get(cls)
        if known is None:
            known = self._superclasses[cls] = self._walk_up(cls)
        return known

    def _walk_up(self, cls: str) -> frozenset[URIRef]:
        found: set[URIRef] = set()
        frontier = [self.entity_classes[cls]] if cls in self.entity_classes else []
        while frontier:
            current = frontier.pop()
            if current not in found:
                found.add(current)
                frontier.extend(o for o in self.graph.objects(current, RDFS.subClassOf) if isinstance(o, URIRef))
        return frozenset(found)

    def fits(self, expected: tuple[URIRef, ...], cls: str) -> bool:
        """Whether an entity of class ``cls`` is one of the ``expected`` classes (or below one); nothing expected fits all."""
        return not expected or bool(self.superclasses(cls) & set(expected))

    def relations_joining(self, subject_cls: str, object_cls: str | None) -> list[str]:
        """Relations whose expected classes take this subject class (and object class), same-role ones first."""
        out = []
        for name, relation in self.relations.items():
            if (object_cls is None) == relation.between_entities:
                continue
            if self.fits(relation.domain, subject_cls) and (object_cls is None or self.fits(relation.range, object_cls)):
                out.append(name)
        return out

    @cached_property
    def object_relations(self) -> dict[str, URIRef]:
        """Relations from an entity to an entity that a fact may state."""
        return {n: r.iri for n, r in self.relations.items() if r.between_entities}

    @cached_property
    def datatype_relations(self) -> dict[str, URIRef]:
        """Relations from an entity to a literal that a fact may state."""
        return {n: r.iri for n, r in self.relations.items() if not r.between_entities}

    @cached_property
    def structural_relations(self) -> frozenset[str]:
        """Relations that describe structure rather than cooperation (``kg:StructuralFact``)."""
        return frozenset(n for n, r in self.relations.items() if r.role == "structural")

    def is_membership(self, name: str) -> bool:
        """True for relations below ``org:memberOf``: a fact of one with a role describes a post (``org:Post``)."""
        relation = self.relations.get(name)
        if relation is None:
            return False
        return ORG.memberOf in set(self.graph.transitive_objects(relation.iri, RDFS.subPropertyOf))

    def is_date_relation(self, name: str) -> bool:
        """True for relations whose value is a typed date (``kg:DateFact``)."""
        relation = self.relations.get(name)
        return relation is not None and relation.role == "date"

    @cached_property
    def measures(self) -> tuple[Measure, ...]:
        """The network measures, in their declared order."""
        found = []
        for prop, key in self.graph.subject_objects(KG.measureKey):
            if not isinstance(prop, URIRef):
                continue
            order = self.graph.value(prop, KG.measureOrder)
            datatype = self.graph.value(prop, RDFS.range)
            found.append(
                Measure(
                    key=str(key),
                    iri=prop,
                    datatype=datatype if isinstance(datatype, URIRef) else XSD.double,
                    label=self.label(prop),
                    order=int(order) if isinstance(order, Literal) else 0,
                )
            )
        return tuple(sorted(found, key=lambda m: (m.order, m.key)))

    def _concepts(self, cls: URIRef) -> dict[str, URIRef]:
        items = {c for c in self.graph.subjects(RDF.type, cls) if isinstance(c, URIRef)}
        return self._kg_local(items)

    @cached_property
    def kinds(self) -> dict[str, URIRef]:
        """Cooperation kinds by local name."""
        return self._concepts(KG.CooperationKind)

    @cached_property
    def statuses(self) -> dict[str, URIRef]:
        """Statuses by local name."""
        return self._concepts(KG.Status)

    @cached_property
    def modalities(self) -> dict[str, URIRef]:
        """Modalities by local name (``Reported``, ``Announced``, ``Directed``, ...).

        How the text puts a statement's claim, read from the ``kg:Modalities`` scheme like
        kinds and statuses, so that adding a modality is one edit in ``kg.ttl``; only
        ``Reported`` and ``Target`` mean something particular to the code (the shortcut
        triples, ``kg:isTarget``).
        """
        return self._concepts(KG.Modality)

    @cached_property
    def roles(self) -> dict[str, URIRef]:
        """Participant roles by local name (``HostRole``; curators may write ``Host``)."""
        return self._concepts(KG.Role)

    @cached_property
    def units(self) -> dict[str, URIRef]:
        """Units by local name."""
        return self._concepts(KG.Unit)

    def label(self, iri: URIRef) -> str:
        """English label of an ontology term (its local name if it has none)."""
        for lab in self.graph.objects(iri, RDFS.label):
            if getattr(lab, "language", None) == "en":
                return str(lab)
        for lab in self.graph.objects(iri, SKOS.prefLabel):
            return str(lab)
        return _local(iri)


def load_ontology(path: Path, display: str | None = None) -> Ontology:
    """Parse an ontology file: Turtle only, checked first (:mod:`kg.rdf.load`; never RDF/XML or OWL/XML).

    Raises
    ------
    kg.rdf.load.RdfFileError
        The file is refused (another format's name, XML content) or not valid Turtle.
    """
    return Ontology(parse_turtle(path, display))
