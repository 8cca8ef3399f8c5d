"""Namespaces: the project's closed ontology namespace and the W3C ones it reuses.

``KG`` is a closed :class:`rdflib.namespace.DefinedNamespace`: a mistyped term such as
``KG.hostBy`` raises at import time instead of silently producing a new IRI that no
query would ever match.  It names only the terms the code itself uses (the model's
machinery: links, evidence, indicators, the annotation properties of
:mod:`kg.schema.ontology`), never the relations, classes or measures curators and
analysts use: those the code reads from the ontology, so adding one needs no edit
here.  A test checks that every term listed here is defined in ``ontology/kg.ttl`` and
that every ``KG.x`` the code names is listed.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = [
    "ENT",
    "ENT_NS",
    "GRAPH",
    "KG",
    "KG_NS",
    "MENTIONS_GRAPH",
    "OA",
    "ONTOLOGY_GRAPH",
    "ONTOLOGY_IRI",
    "ORG",
    "PREFIXES",
    "REGISTRY_GRAPH",
    "SCHEMA",
    "UNREPORTED_GRAPH",
]

KG_NS = "https://w3id.org/brsc-kg/ontology#"
ENT_NS = "https://w3id.org/brsc-kg/id/"
GRAPH_NS = "https://w3id.org/brsc-kg/graph/"

ONTOLOGY_IRI = URIRef("https://w3id.org/brsc-kg/ontology")


class KG(DefinedNamespace):
    """Terms of the Belt and Road Science Cooperation ontology (``ontology/kg.ttl``)."""

    _fail = True
    _NS = Namespace(KG_NS)

    Actor: URIRef
    AnalysisRun: URIRef
    Assertion: URIRef
    AttributeFact: URIRef
    Cluster: URIRef
    CooperationKind: URIRef
    CooperationLink: URIRef
    CooperativeFact: URIRef
    CurationComplete: URIRef
    CurationDraft: URIRef
    CurationPartial: URIRef
    DateFact: URIRef
    Evidence: URIRef
    Indicator: URIRef
    MentionCount: URIRef
    Modality: URIRef
    Participation: URIRef
    PolicyDocument: URIRef
    Reported: URIRef
    Role: URIRef
    SourceDocument: URIRef
    Status: URIRef
    StructuralFact: URIRef
    Target: URIRef
    Unit: URIRef
    agent: URIRef
    algorithm: URIRef
    amount: URIRef
    comparator: URIRef
    concerns: URIRef
    cooperatesWith: URIRef
    count: URIRef
    curationStatus: URIRef
    date: URIRef
    document: URIRef
    documentKind: URIRef
    endDate: URIRef
    entity: URIRef
    entityRoot: URIRef
    factRole: URIRef
    field: URIRef
    fileName: URIRef
    gloss: URIRef
    hadRole: URIRef
    inCluster: URIRef
    indicatorOf: URIRef
    isTarget: URIRef
    isoCode: URIRef
    kind: URIRef
    measure: URIRef
    measureKey: URIRef
    measureOrder: URIRef
    modality: URIRef
    modularity: URIRef
    note: URIRef
    parameters: URIRef
    participant: URIRef
    publisherName: URIRef
    qualifiedParticipation: URIRef
    rank: URIRef
    role: URIRef
    seed: URIRef
    sha256: URIRef
    softwareVersion: URIRef
    stability: URIRef
    startDate: URIRef
    status: URIRef
    unit: URIRef
    value: URIRef


ENT = Namespace(ENT_NS)
GRAPH = Namespace(GRAPH_NS)
OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")

#: Named graph holding the ontology.
ONTOLOGY_GRAPH = GRAPH["ontology"]
#: Named graph holding the entity registry (types, labels, names).
REGISTRY_GRAPH = GRAPH["registry"]
#: Named graph holding mention counts of entities per document.
MENTIONS_GRAPH = GRAPH["mentions"]
#: Named graph holding the shortcut triples of statements that are not reports (announced,
#: directed, recommended, target): the direct ``subject relation object`` of such a fact and
#: ``kg:cooperatesWith`` between such a link's participants.  ``kg.ttl`` and the query
#: store's default graph leave it out, so that a plain query never reads a plan as a fact.
UNREPORTED_GRAPH = GRAPH["unreported"]

#: Prefixes bound in every serialisation, in a fixed order.
PREFIXES: tuple[tuple[str, str], ...] = (
    ("kg", KG_NS),
    ("ent", ENT_NS),
    ("graph", GRAPH_NS),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("oa", "http://www.w3.org/ns/oa#"),
    ("org", "http://www.w3.org/ns/org#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("schema", "https://schema.org/"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
)
