"""Namespaces: the project's closed ontology namespace and the W3C ones it reuses.

``KG`` is a closed :class:`rdflib.namespace.DefinedNamespace`: a mistyped term such as
``KG.hostBy`` raises at import time instead of silently producing a new IRI that no
query would ever match.  A test checks that the terms listed here are exactly the terms
defined in ``ontology/kg.ttl``.
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
]

KG_NS = "https://w3id.org/brsc-kg/ontology#"
ENT_NS = "https://w3id.org/brsc-kg/id/"
GRAPH_NS = "https://w3id.org/brsc-kg/graph/"

ONTOLOGY_IRI = URIRef("https://w3id.org/brsc-kg/ontology")


class KG(DefinedNamespace):
    """Terms of the Belt and Road Science Cooperation ontology (``ontology/kg.ttl``)."""

    _fail = True
    _NS = Namespace(KG_NS)

    Academy: URIRef
    Achievement: URIRef
    Actor: URIRef
    Administration: URIRef
    AnalysisRun: URIRef
    Assertion: URIRef
    Association: URIRef
    CNY: URIRef
    City: URIRef
    Cluster: URIRef
    CoIssuing: URIRef
    Commission: URIRef
    Completed: URIRef
    Conference: URIRef
    CooperationKind: URIRef
    CooperationKinds: URIRef
    CooperationLink: URIRef
    Count: URIRef
    Country: URIRef
    CurationComplete: URIRef
    CurationDraft: URIRef
    CurationPartial: URIRef
    CurationStatus: URIRef
    CurationStatuses: URIRef
    DestinationRole: URIRef
    District: URIRef
    EUR: URIRef
    EconomicRegion: URIRef
    Enterprise: URIRef
    Event: URIRef
    Evidence: URIRef
    Expo: URIRef
    Facility: URIRef
    FinancialInstitution: URIRef
    Forum: URIRef
    FreeTradeZone: URIRef
    FunderRole: URIRef
    GovernmentBody: URIRef
    HostRole: URIRef
    Hosting: URIRef
    Indicator: URIRef
    Initiative: URIRef
    InnovationZone: URIRef
    InternationalOrganisation: URIRef
    Investment: URIRef
    InvestorRole: URIRef
    IssuerRole: URIRef
    JointResearch: URIRef
    Laboratory: URIRef
    Law: URIRef
    LeadRole: URIRef
    Legislature: URIRef
    LocalGovernment: URIRef
    MemorandumOfUnderstanding: URIRef
    MentionCount: URIRef
    Ministry: URIRef
    Municipality: URIRef
    Museum: URIRef
    Office: URIRef
    Operating: URIRef
    Organisation: URIRef
    ParkOrZone: URIRef
    ParticipantRole: URIRef
    Participation: URIRef
    PartnerRole: URIRef
    PerTenThousandPeople: URIRef
    Percent: URIRef
    Person: URIRef
    Place: URIRef
    Plan: URIRef
    Planned: URIRef
    Platform: URIRef
    PolicyDocument: URIRef
    PoliticalParty: URIRef
    PriorityPartner: URIRef
    Programme: URIRef
    Project: URIRef
    Proposed: URIRef
    Province: URIRef
    ResearchCentre: URIRef
    ResearchInstitute: URIRef
    ResearchOrganisation: URIRef
    Role: URIRef
    Roles: URIRef
    ScienceCity: URIRef
    SciencePark: URIRef
    SignatoryRole: URIRef
    Signed: URIRef
    SourceDocument: URIRef
    SourceRole: URIRef
    SquareKilometre: URIRef
    SquareMetre: URIRef
    Status: URIRef
    Statuses: URIRef
    StrategicPartnership: URIRef
    TalentExchange: URIRef
    TechnologyCooperation: URIRef
    TechnologyExchange: URIRef
    TechnologyTransfer: URIRef
    Trade: URIRef
    TrialOperation: URIRef
    USD: URIRef
    UnderConstruction: URIRef
    Unit: URIRef
    Units: URIRef
    University: URIRef
    Venue: URIRef
    WorldRegion: URIRef
    achievedBy: URIRef
    agent: URIRef
    algorithm: URIRef
    amount: URIRef
    announcedAt: URIRef
    announcedBy: URIRef
    appliesTo: URIRef
    betweenness: URIRef
    closeness: URIRef
    comparator: URIRef
    concerns: URIRef
    constraint: URIRef
    cooperatesWith: URIRef
    count: URIRef
    curationStatus: URIRef
    date: URIRef
    degree: URIRef
    develops: URIRef
    document: URIRef
    documentKind: URIRef
    editionOf: URIRef
    eigenvector: URIRef
    endDate: URIRef
    entity: URIRef
    establishedBy: URIRef
    field: URIRef
    fileName: URIRef
    funds: URIRef
    gloss: URIRef
    hadRole: URIRef
    heldAt: URIRef
    holdsPositionIn: URIRef
    hostedBy: URIRef
    inCluster: URIRef
    indicatorOf: URIRef
    investsIn: URIRef
    isTarget: URIRef
    isoCode: URIRef
    issuedBy: URIRef
    kind: URIRef
    locatedIn: URIRef
    measure: URIRef
    modularity: URIRef
    note: URIRef
    operates: URIRef
    ordinal: URIRef
    organisedBy: URIRef
    pagerank: URIRef
    parameters: URIRef
    partOf: URIRef
    participant: URIRef
    participatesIn: URIRef
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
    subOrganizationOf: URIRef
    supports: URIRef
    unit: URIRef
    value: URIRef
    weightedDegree: URIRef


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
