"""The ontology as the rest of the code needs it: which classes, relations and concepts exist.

The curation loader checks every class, relation, kind, status, role and unit a curator
writes against ``ontology/kg.ttl`` itself, so extending the ontology is the only step
needed to make a new term usable in curation files.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from ..rdf.load import parse_turtle
from ..rdf.vocab import KG, KG_NS

__all__ = ["ENTITY_ROOTS", "Ontology", "load_ontology"]

#: Classes whose (transitive) subclasses a registry entity may have.
ENTITY_ROOTS = (KG.Actor, KG.Programme, KG.Achievement)

# Object properties used only inside links, indicators and bookkeeping, or derived by the
# build: curators never write them as a fact's relation.
_RESERVED_OBJECT = {
    "participant",
    "qualifiedParticipation",
    "agent",
    "hadRole",
    "kind",
    "concerns",
    "unit",
    "indicatorOf",
    "entity",
    "document",
    "cooperatesWith",
    "status",
}
# Datatype properties a fact may set on an entity (the rest are bookkeeping).
_FACT_DATATYPE = {"startDate", "endDate", "date", "ordinal", "field"}
_DATE_PROPERTIES = {"startDate", "endDate", "date"}


def _local(iri: URIRef) -> str:
    return str(iri)[len(KG_NS) :]


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

    def _kg_local(self, items: set[URIRef]) -> dict[str, URIRef]:
        return {_local(i): i for i in items if str(i).startswith(KG_NS)}

    @cached_property
    def entity_classes(self) -> dict[str, URIRef]:
        """Local name -> IRI of every class a registry entity may have."""
        found: set[URIRef] = set()
        for root in ENTITY_ROOTS:
            found |= self._subclasses(root)
        return self._kg_local(found)

    def is_subclass(self, cls: str, root: URIRef) -> bool:
        """True if the class with local name ``cls`` is ``root`` or below it."""
        iri = self.entity_classes.get(cls)
        return iri is not None and iri in self._subclasses(root)

    @cached_property
    def object_relations(self) -> dict[str, URIRef]:
        """Relations from an entity to an entity that a fact may state."""
        props = {p for p in self.graph.subjects(RDF.type, OWL.ObjectProperty) if isinstance(p, URIRef)}
        return {k: v for k, v in self._kg_local(props).items() if k not in _RESERVED_OBJECT}

    @cached_property
    def datatype_relations(self) -> dict[str, URIRef]:
        """Relations from an entity to a literal that a fact may state."""
        props = {p for p in self.graph.subjects(RDF.type, OWL.DatatypeProperty) if isinstance(p, URIRef)}
        return {k: v for k, v in self._kg_local(props).items() if k in _FACT_DATATYPE}

    @staticmethod
    def is_date_relation(name: str) -> bool:
        """True for relations whose value is a typed date."""
        return name in _DATE_PROPERTIES

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
