"""Typed statement suggestions: what each sentence probably says of each pair of names it holds.

For every pair of names in a sentence (registered entities and candidate names alike),
the statement classifier gives the probability of each label.  The suggestion is the
most probable label that the ontology allows for the two entities' classes, in the
direction the label gives (an ``issuedBy`` whose subject is not a policy document is
dropped for the next label); when ``none`` is the most probable the pair is still
suggested if a statement label reaches :data:`MIN_CONFIDENCE`, since a curator would
rather strike a weak suggestion than miss a statement.  A name that is a member of a
coordinated list ("A, B and C") passes its suggestion on to the other members, with the
same quote, so that "organised by A, B and C" becomes three statements.

The modality of a suggestion is read from cue words of its sentence
(:meth:`kg.ingest.cues.Cues.modality`).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..schema.ontology import Ontology
from ..text.mentions import Mention
from ..text.normalize import script_of
from .classifier import NONE, StatementModel, parse_label
from .cues import Cues
from .features import pair_features, pairs_in
from .split import Sentence
from .training import Classes, make_pair, other_mentions

__all__ = ["MIN_CONFIDENCE", "ListFinder", "Suggestion", "suggest"]

#: A statement label at least this probable is suggested even when ``none`` is more probable.
MIN_CONFIDENCE = 0.2

#: ``groups(text, mentions)``: the coordinated lists among ``mentions`` (each a list of two or more).
ListFinder = Callable[[str, list[Mention]], list[list[Mention]]]


@dataclass(frozen=True)
class Suggestion:
    """A typed statement the draft proposes.

    ``kind`` is ``fact`` (``name`` a relation, ``subject`` -> ``object``) or ``link``
    (``name`` a cooperation kind, ``subject`` and ``object`` its two participants).
    ``via_list`` says the statement was passed on from another member of a list.
    """

    kind: str
    name: str
    subject: str
    object: str
    confidence: float
    modality: str
    sentence: Sentence
    line: int
    via_list: bool = False

    @property
    def key(self) -> tuple[str, str, str, str]:
        """Identity: a link is the same whichever participant comes first."""
        if self.kind == "link":
            a, b = sorted((self.subject, self.object))
            return (self.kind, self.name, a, b)
        return (self.kind, self.name, self.subject, self.object)


def _allowed(ontology: Ontology, kind: str, name: str, subject_cls: str, object_cls: str) -> bool:
    """Whether the ontology lets ``subject_cls`` -[name]-> ``object_cls`` (links join any two)."""
    if kind == "link":
        return True
    relation = ontology.relations.get(name)
    if relation is None:
        return False
    return ontology.fits(relation.domain, subject_cls) and ontology.fits(relation.range, object_cls)


def _choose(probs: dict[str, float], x: str, y: str, classes: Classes, ontology: Ontology) -> tuple[str, str, str, str, float] | None:
    """The most probable allowed label as ``(kind, name, subject, object, p)``, if it beats ``none`` or :data:`MIN_CONFIDENCE`."""
    none = probs.get(NONE, 0.0)
    for label, p in sorted(probs.items(), key=lambda kv: (-kv[1], kv[0])):
        if label == NONE:
            continue
        if p < none and p < MIN_CONFIDENCE:
            return None
        kind, name, x_first = parse_label(label)
        subject, obj = (x, y) if x_first else (y, x)
        if _allowed(ontology, kind, name, classes.of(subject)[0], classes.of(obj)[0]):
            return kind, name, subject, obj, p
    return None


def suggest(
    text: str,
    sentences: list[Sentence],
    mentions: list[Mention],
    classes: Classes,
    model: StatementModel,
    ontology: Ontology,
    cues: Cues,
    lists: ListFinder | None = None,
) -> list[Suggestion]:
    """Every suggestion of the text, most confident first (then in text order), each statement once."""
    starts = [s.start for s in sentences]
    by_sentence: dict[int, list[Mention]] = {}
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        i = bisect.bisect_right(starts, m.start) - 1
        if i >= 0 and m.end <= sentences[i].end:
            by_sentence.setdefault(i, []).append(m)
    found: dict[tuple[str, str, str, str], Suggestion] = {}
    for i, inside in sorted(by_sentence.items()):
        sentence = sentences[i]
        if getattr(sentence, "heading", False):
            continue
        pairs = pairs_in(inside, sentence.start, sentence.end)
        if not pairs:
            continue
        lang = script_of(sentence.text)
        feats = [
            pair_features(text, make_pair(x, y, classes, sentence.start, sentence.end, text), other_mentions(inside, x, y), cues)
            for x, y in pairs
        ]
        modality = cues.modality(sentence.text, lang)
        line = text.count("\n", 0, sentence.start) + 1
        here: list[Suggestion] = []
        for (x, y), probs in zip(pairs, model.predict(feats), strict=True):
            chosen = _choose(probs, x.entity, y.entity, classes, ontology)
            if chosen is not None:
                kind, name, subject, obj, p = chosen
                here.append(Suggestion(kind, name, subject, obj, round(p, 4), modality, sentence, line))
        here += _through_lists(here, lists(text, inside) if lists else [], classes, ontology)
        for s in here:
            if s.subject != s.object and (s.key not in found or s.confidence > found[s.key].confidence):
                found[s.key] = s
    return sorted(found.values(), key=lambda s: (-s.confidence, s.sentence.start, s.key))


def _through_lists(here: list[Suggestion], groups: list[list[Mention]], classes: Classes, ontology: Ontology) -> list[Suggestion]:
    """The suggestions of a list member passed on to the other members of its list."""
    member_of = {m.entity: g for g in groups for m in g}
    more = []
    for s in here:
        for side in ("subject", "object"):
            for other in member_of.get(getattr(s, side), []):
                moved = (
                    replace(s, via_list=True, subject=other.entity) if side == "subject" else replace(s, via_list=True, object=other.entity)
                )
                cls_s, cls_o = classes.of(moved.subject)[0], classes.of(moved.object)[0]
                if other.entity != getattr(s, side) and _allowed(ontology, s.kind, s.name, cls_s, cls_o):
                    more.append(moved)
    return more
