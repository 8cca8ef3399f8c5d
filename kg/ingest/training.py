"""Labelled examples for the statement classifier, read from curated documents.

For each curated document: its sentences, the registered names in them, and its
statements whose quote lies in (overlaps) a sentence.  A pair of names in that sentence
is labelled with what a statement says of the two (the relation and which of them is
the subject, or the kind of cooperation link); every other pair is labelled ``none``.
Only statements between two entities are typed suggestions (a date, a status or a
number is not a pair of names), so only those label pairs.

That every other pair is ``none`` holds for a **complete** document only: its curators
read every sentence.  A document still in review (``draft``, or ``partial``) says only
what was decided: a pair is labelled from its accepted statements, ``none`` where a
reviewer rejected a suggestion between the two (``rejected:``, its quote in the
sentence), and gives no example at all where nobody decided, since a suggestion not yet
looked at is not a wrong one.  A rejected suggestion that names a candidate never
registered gives no example either: the name finder cannot see it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..schema.model import Entity, EvidenceRef, Fact, Link, Rejection
from ..schema.ontology import Ontology
from ..text.mentions import Mention, MentionFinder
from ..text.normalize import script_of
from ..text.quotes import Located, QuoteIndex, locate
from .classifier import NONE, Example
from .cues import Cues
from .features import Pair, pair_features, pairs_in
from .split import sentences

__all__ = [
    "Classes",
    "TrainingDocument",
    "classes_of",
    "document_examples",
    "labels_of",
    "make_pair",
    "other_mentions",
    "rejected_pairs",
]


@dataclass(frozen=True)
class Classes:
    """Each entity's class and root class (local names), as the features name them."""

    cls: dict[str, str]
    root: dict[str, str]

    def of(self, entity: str) -> tuple[str, str]:
        return self.cls.get(entity, "Organisation"), self.root.get(entity, "Organisation")


def classes_of(entities: Iterable[Entity], ontology: Ontology, extra: dict[str, str] | None = None) -> Classes:
    """The classes of registered ``entities`` plus ``extra`` (candidate stub id -> guessed class)."""
    known = ontology.entity_classes
    roots = ontology.class_roots()
    cls = {e.id: e.cls for e in entities} | (extra or {})
    root = {eid: roots.get(known[c], c) if c in known else c for eid, c in cls.items()}
    return Classes(cls, root)


@dataclass(frozen=True)
class TrainingDocument:
    """A curated document: its text, its statements between entities and (in review) its rejected suggestions."""

    doc: str
    text: str
    statements: tuple[Fact | Link, ...]
    #: The curation status: only a ``complete`` document says that every pair it does not state is nothing.
    status: str = "complete"
    #: Statement suggestions a reviewer turned down (facts and links; not candidate names).
    rejections: tuple[Rejection, ...] = ()

    @property
    def complete(self) -> bool:
        return self.status == "complete"


def labels_of(statement: Fact | Link, x: str, y: str) -> list[str]:
    """The labels ``statement`` gives the pair (``x`` first in the text), if it is about both.

    >>> from kg.schema.model import Fact, Where
    >>> f = Fact("s1", "000", "lab", "locatedIn", "city", None, (), Where("f", 1))
    >>> labels_of(f, "city", "lab")
    ['locatedIn<']
    """
    if isinstance(statement, Fact):
        if statement.object is None or {statement.subject, statement.object} != {x, y}:
            return []
        return [f"{statement.relation}{'>' if statement.subject == x else '<'}"]
    people = {p.entity for p in statement.participants}
    return [f"link:{statement.link_kind}"] if x in people and y in people else []


def _spans(doc: TrainingDocument, index: QuoteIndex) -> dict[int, list[tuple[int, int]]]:
    """Where each statement's quotes are (by position in ``doc.statements``)."""
    spans: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for i, st in enumerate(doc.statements):
        for ref in st.evidence:
            found = locate(ref, index)
            if isinstance(found, Located):
                spans[i].append((found.start, found.end))
    return spans


def _rejected_spans(doc: TrainingDocument, index: QuoteIndex) -> list[tuple[frozenset[str], int, int]]:
    """The two ids and the quote's place of each rejected suggestion whose quote is in the text."""
    found = []
    for r in doc.rejections:
        if r.subject is None or r.object is None or r.quote is None:
            continue
        where = locate(EvidenceRef(doc.doc, r.quote, None, r.where), index)
        if isinstance(where, Located):
            found.append((frozenset((r.subject, r.object)), where.start, where.end))
    return found


def rejected_pairs(doc: TrainingDocument) -> frozenset[frozenset[str]]:
    """The pairs of ids a reviewer rejected a suggestion between, wherever its quote is."""
    return frozenset(frozenset((r.subject, r.object)) for r in doc.rejections if r.subject is not None and r.object is not None)


def document_examples(doc: TrainingDocument, finder: MentionFinder, classes: Classes, cues: Cues) -> list[Example]:
    """Every pair of names of every sentence of ``doc`` labelled from its statements (in review: only the decided pairs)."""
    text = doc.text
    mentions = finder.find(text)
    index = QuoteIndex({doc.doc: text})
    spans = _spans(doc, index)
    rejected = _rejected_spans(doc, index)
    examples = []
    for sentence in sentences(text):
        inside = [m for m in mentions if m.start >= sentence.start and m.end <= sentence.end]
        if len(inside) < 2:
            continue
        quoting = [st for i, st in enumerate(doc.statements) if any(s < sentence.end and e > sentence.start for s, e in spans.get(i, []))]
        refused = {pair for pair, s, e in rejected if s < sentence.end and e > sentence.start}
        for x, y in pairs_in(inside, sentence.start, sentence.end):
            labels = sorted({label for st in quoting for label in labels_of(st, x.entity, y.entity)})
            if not labels:
                if not doc.complete and frozenset((x.entity, y.entity)) not in refused:
                    continue  # nobody decided this pair: no example
                labels = [NONE]
            features = tuple(
                pair_features(text, make_pair(x, y, classes, sentence.start, sentence.end, text), other_mentions(inside, x, y), cues)
            )
            examples += [Example(features, label) for label in labels]
    return examples


def make_pair(x: Mention, y: Mention, classes: Classes, start: int, end: int, text: str) -> Pair:
    (cx, rx), (cy, ry) = classes.of(x.entity), classes.of(y.entity)
    return Pair(x, y, cx, cy, rx, ry, script_of(text[start:end]), start, end)


def other_mentions(inside: list[Mention], x: Mention, y: Mention) -> list[Mention]:
    return sorted((m for m in inside if m is not x and m is not y), key=lambda m: m.start)
