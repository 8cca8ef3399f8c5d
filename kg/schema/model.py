"""Plain data classes for curated input: entities, statements and their evidence.

These are what the curation loader produces and the assembler consumes.  They carry
their source location so that every later check (quote verification, SHACL, mentions)
can still point a curator at the right file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal as TypingLiteral

from rdflib import Literal

__all__ = [
    "Curation",
    "DocumentMeta",
    "Entity",
    "EvidenceRef",
    "Fact",
    "Indicator",
    "Link",
    "Names",
    "Participant",
    "Rejection",
    "Statement",
    "Where",
    "decision_key",
    "entities_of",
]


@dataclass(frozen=True)
class Where:
    """A location in a curation file."""

    file: str
    line: int
    field: str = ""


@dataclass(frozen=True)
class Names:
    """Preferred labels (one per language) and alternative names of an entity."""

    pref: dict[str, str]
    alt: dict[str, tuple[str, ...]]

    def all_names(self) -> list[tuple[str, str]]:
        """Every (language, name) pair, preferred labels first."""
        pairs = list(self.pref.items())
        for lang, names in self.alt.items():
            pairs.extend((lang, n) for n in names)
        return pairs


@dataclass(frozen=True)
class EvidenceRef:
    """A quote a curator claims is in a document, before it has been located."""

    doc: str
    quote: str
    gloss: str | None
    where: Where


@dataclass(frozen=True)
class Entity:
    """One real-world thing in the registry."""

    id: str
    cls: str
    names: Names
    where: Where
    iso_code: str | None = None
    note: str | None = None
    same_as: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fact:
    """A binary relation (entity to entity) or attribute (entity to literal/concept)."""

    id: str
    doc: str
    subject: str
    relation: str
    object: str | None
    value: Literal | str | None
    evidence: tuple[EvidenceRef, ...]
    where: Where
    date: Literal | None = None
    role: str | None = None
    note: str | None = None
    #: How the text puts the claim: a concept of kg:Modalities by local name (the loader always sets it).
    modality: str = "Reported"
    kind: TypingLiteral["fact"] = "fact"


@dataclass(frozen=True)
class Participant:
    """A participant of a cooperation link, with its role where the text gives one."""

    entity: str
    role: str | None
    line: int


@dataclass(frozen=True)
class Link:
    """An n-ary cooperation link."""

    id: str
    doc: str
    link_kind: str
    participants: tuple[Participant, ...]
    evidence: tuple[EvidenceRef, ...]
    where: Where
    status: str | None = None
    date: Literal | None = None
    start: Literal | None = None
    end: Literal | None = None
    field: str | None = None
    amount: Decimal | None = None
    unit: str | None = None
    concerns: tuple[str, ...] = ()
    note: str | None = None
    #: How the text puts the claim: a concept of kg:Modalities by local name (the loader always sets it).
    modality: str = "Reported"
    kind: TypingLiteral["link"] = "link"


@dataclass(frozen=True)
class Indicator:
    """A quantitative fact about an entity."""

    id: str
    doc: str
    subject: str
    measure: str
    value: Decimal
    unit: str
    evidence: tuple[EvidenceRef, ...]
    where: Where
    date: Literal | None = None
    note: str | None = None
    comparator: str | None = None
    target: bool = False
    #: How the text puts the claim: a concept of kg:Modalities by local name (the loader always sets it).
    modality: str = "Reported"
    kind: TypingLiteral["indicator"] = "indicator"


Statement = Fact | Link | Indicator


def entities_of(st: Statement) -> set[str]:
    """Entity ids a statement refers to (subject, object, participants, concerns)."""
    if st.kind == "fact":
        return {st.subject} | ({st.object} if st.object else set())
    if st.kind == "link":
        return {p.entity for p in st.participants} | set(st.concerns)
    return {st.subject}


@dataclass(frozen=True)
class Rejection:
    """A suggestion a reviewer turned down (an item of a document file's ``rejected:``).

    It never reaches the graph: it is kept so that a refresh does not propose it again
    and so that training reads it as what the two names are *not* (a negative example).
    ``kind`` is ``"fact"`` (``name`` the relation), ``"link"`` (``name`` the kind of
    link, ``subject`` and ``object`` the two participants as written) or
    ``"candidate"`` (``name`` the candidate name as written; no subject, object or
    quote).  Ids are as suggested: a candidate's stub id need not be registered.
    """

    doc: str
    kind: TypingLiteral["fact", "link", "candidate"]
    name: str
    subject: str | None
    object: str | None
    quote: str | None
    where: Where
    #: Turned down because the reviewer corrected it (a statement in its place is accepted).
    corrected: bool = False

    @property
    def key(self) -> tuple[str, ...]:
        """What identifies the rejected suggestion (see :func:`decision_key`)."""
        return decision_key(self.kind, self.name, self.subject, self.object, self.quote)


def _spaced(text: str) -> str:
    """Every run of whitespace as one space, the ends stripped (the schema layer reads no text module)."""
    return " ".join(text.split())


def decision_key(kind: str, name: str, subject: str | None = None, obj: str | None = None, quote: str | None = None) -> tuple[str, ...]:
    """The identity of a suggestion a decision is about: kind, name, the two ids and the quote.

    A link's two participants are unordered; the quote's whitespace is normalised (a
    reviewer's editor may rewrap it); a candidate is its name alone.

    >>> decision_key("link", "Hosting", "b", "a", " x  y") == decision_key("link", "Hosting", "a", "b", "x y")
    True
    """
    if kind == "candidate":
        return (kind, _spaced(name))
    first, second = subject or "", obj or ""
    if kind == "link":
        first, second = sorted((first, second))
    return (kind, name, first, second, _spaced(quote or ""))


@dataclass(frozen=True)
class DocumentMeta:
    """A source document as the manifest describes it."""

    id: str
    file: str
    sha256: str
    title: dict[str, str]
    languages: tuple[str, ...]
    publisher: str
    date: Literal | None
    kind: str
    description: str
    url: str | None = None
    publisher_entity: str | None = None


@dataclass
class Curation:
    """Everything loaded from ``seeds/``: manifest, registry and statements."""

    documents: dict[str, DocumentMeta]
    entities: dict[str, Entity]
    statements: list[Statement]
    status: dict[str, str] = field(default_factory=dict)
    #: Suggestions reviewers turned down (``rejected:`` of the document files); never part of the graph.
    rejections: tuple[Rejection, ...] = ()
