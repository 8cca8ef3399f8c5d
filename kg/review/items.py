"""What a reviewer decides on: the draft's suggestions and candidate names, as review items.

The items come from the document's analysis (:func:`kg.ingest.analysis.analyse_text`, the
same one ``kg ingest`` and ``--refresh`` draft from), not from the commented-out text of
the draft: the analysis knows where each quote is in the document (offsets the page
highlights) and what else the ontology allows for the two names (the alternatives).

Each item has an id that stays the same as long as the suggestion does (a hash of what
it states and its quote), so a page, a second tab and a restarted server agree on
which item a decision is about.

Order: statements most confident first, as in the draft; a candidate name comes just
before the first statement that needs it (a statement naming a candidate can only be
accepted once the candidate is an entity), the other candidates after the statements.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ..ingest.analysis import Analysis
from ..ingest.link import CandidateName
from ..ingest.suggest import Suggestion
from ..text.normalize import normalize_space

__all__ = ["CandidateItem", "Item", "StatementItem", "items_of"]


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class StatementItem:
    """A typed suggestion: ``suggestion`` says what, ``start``/``end`` where its quote is (code points)."""

    id: str
    suggestion: Suggestion

    @property
    def quote(self) -> str:
        return self.suggestion.sentence.text

    @property
    def start(self) -> int:
        return self.suggestion.sentence.start

    @property
    def end(self) -> int:
        return self.suggestion.sentence.end

    @property
    def line(self) -> int:
        return self.suggestion.line


@dataclass(frozen=True)
class CandidateItem:
    """A name that looks like an entity but matches no registered name."""

    id: str
    candidate: CandidateName
    line: int

    @property
    def quote(self) -> str:
        return self.candidate.text

    @property
    def start(self) -> int:
        return self.candidate.spans[0][0] if self.candidate.spans else 0

    @property
    def end(self) -> int:
        return self.candidate.spans[0][1] if self.candidate.spans else 0


Item = StatementItem | CandidateItem


def statement_item(s: Suggestion) -> StatementItem:
    """The item of a suggestion; a link's id does not depend on which participant comes first."""
    kind, name, a, b = s.key
    return StatementItem("s" + _digest(kind, name, a, b, normalize_space(s.sentence.text)), s)


def candidate_item(c: CandidateName, text: str) -> CandidateItem:
    start = c.spans[0][0] if c.spans else 0
    return CandidateItem("c" + _digest(c.text), c, text.count("\n", 0, start) + 1)


def items_of(analysis: Analysis, limit: int) -> list[Item]:
    """The review items of ``analysis``: its first ``limit`` suggestions and its candidate names (see module docs)."""
    statements: list[StatementItem] = []
    seen: set[str] = set()
    for s in analysis.suggestions[:limit]:
        item = statement_item(s)
        if item.id not in seen:  # the same statement from two sources: review it once
            seen.add(item.id)
            statements.append(item)
    candidates = {c.stub: candidate_item(c, analysis.text) for c in analysis.candidates}
    placed: set[str] = set()
    ordered: list[Item] = []
    for item in statements:
        for stub in (item.suggestion.subject, item.suggestion.object):
            if stub in candidates and stub not in placed:
                placed.add(stub)
                ordered.append(candidates[stub])
        ordered.append(item)
    ordered += [c for stub, c in candidates.items() if stub not in placed]
    return ordered
