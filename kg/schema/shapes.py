"""SHACL shapes generated from the ontology's expected classes, so they are never written twice.

Every relation between entities declares the classes it expects on each side
(``schema:domainIncludes`` / ``schema:rangeIncludes``, read by
:class:`kg.schema.ontology.Ontology`).  The curation loader checks each statement against
them with a message a curator can act on; these shapes state the same constraints in
SHACL, so that a graph produced elsewhere (another tool, a hand edit of ``kg.ttl``) is
checked the same way by the build's gate or by any SHACL engine.

One node shape per relation and side, with an IRI (``kg:shape-locatedIn-subject``) so
that a violation's ``sh:sourceShape`` names the relation:

.. code-block:: turtle

    kg:shape-locatedIn-subject a sh:NodeShape ;
        sh:targetSubjectsOf kg:locatedIn ;
        sh:or ( [ sh:class kg:Organisation ] [ sh:class kg:ParkOrZone ] ... ) ;
        sh:message "the subject of kg:locatedIn must be a Organisation, ParkOrZone, ..." .

Examples
--------
>>> from rdflib import Graph
>>> g = Graph().parse(format="turtle", data='''
... @prefix kg: <https://w3id.org/brsc-kg/ontology#> . @prefix schema: <https://schema.org/> .
... @prefix owl: <http://www.w3.org/2002/07/owl#> .
... kg:subOrganizationOf a owl:ObjectProperty ; kg:factRole kg:StructuralFact ;
...     schema:domainIncludes kg:Organisation ; schema:rangeIncludes kg:Organisation .
... ''')
>>> shapes = relation_shapes(Ontology(g))
>>> sorted(str(s).rsplit("#", 1)[1] for s in shapes.subjects(SH.targetSubjectsOf | SH.targetObjectsOf, None))
['shape-subOrganizationOf-object', 'shape-subOrganizationOf-subject']
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from ..rdf.vocab import KG_NS
from .ontology import Ontology

__all__ = ["relation_shapes", "shape_iri"]


def shape_iri(relation: str, side: str) -> URIRef:
    """The IRI of the generated shape for one side (``subject`` or ``object``) of a relation."""
    return URIRef(f"{KG_NS}shape-{relation}-{side}")


def _name(cls: URIRef) -> str:
    return str(cls).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def relation_shapes(ontology: Ontology) -> Graph:
    """Node shapes requiring the expected classes on both sides of every relation between entities."""
    g = Graph()
    g.bind("sh", SH)
    g.bind("kg", KG_NS)
    for name, relation in ontology.relations.items():
        if not relation.between_entities:
            continue  # literal values: their datatypes are checked by ontology/shapes.ttl and the loader
        for side, target, classes in (("subject", SH.targetSubjectsOf, relation.domain), ("object", SH.targetObjectsOf, relation.range)):
            if not classes:
                continue
            shape = shape_iri(name, side)
            g.add((shape, RDF.type, SH.NodeShape))
            g.add((shape, target, relation.iri))
            names = ", ".join(_name(c) for c in classes)
            g.add(
                (
                    shape,
                    SH.message,
                    Literal(f"the {side} of kg:{name} must be a {names} (expected classes of the relation in ontology/kg.ttl)"),
                )
            )
            if len(classes) == 1:
                g.add((shape, SH["class"], classes[0]))
                continue
            members: list[Node] = []
            for cls in classes:
                member = BNode()
                g.add((member, SH["class"], cls))
                members.append(member)
            head = BNode()
            Collection(g, head, members)
            g.add((shape, SH["or"], head))
    return g
