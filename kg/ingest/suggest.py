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

#: A statement is suggested when its score (:func:`_scores`) reaches this.
MIN_CONFIDENCE = 0.35
#: What a cue word adds to the score of its labels, by where it is: between the names,
#: just before the first or after the second, anywhere in the sentence.
CUE_WEIGHTS = {"cue_b": 0.4, "cue_l": 0.2, "cue_r": 0.2, "cue_bfar": 0.1}
#: What each other name between the two takes off the score: the nearer the names, the likelier the statement.
BETWEEN_PENALTY = 0.1

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


def _scores(probs: dict[str, float], features: list[str]) -> dict[str, float]:
    """Each statement label's score: the classifier's probability plus the weight of its cue words.

    The classifier has seen few statements of a kind (and none in a language it was not
    trained on); the cue words carry what a linguist knows of every language.  A cue of a
    relation counts for both directions: the ontology and the classifier choose between them.
    """
    scores = {label: p for label, p in probs.items() if label != NONE}
    for feature in features:
        if feature.startswith("between_names="):
            penalty = BETWEEN_PENALTY * int(feature.partition("=")[2])
            scores = {label: score - penalty for label, score in scores.items()}
        where, _, cue = feature.partition("=")
        weight = CUE_WEIGHTS.get(where)
        if weight is None:
            continue
        section, _, name = cue.partition(":")
        for label in [f"link:{name}"] if section == "links" else [f"{name}>", f"{name}<"]:
            scores[label] = scores.get(label, 0.0) + weight
    return scores


def _choose(
    probs: dict[str, float], features: list[str], x: str, y: str, classes: Classes, ontology: Ontology
) -> tuple[str, str, str, str, float] | None:
    """The best-scoring allowed label as ``(kind, name, subject, object, score)``, if it reaches :data:`MIN_CONFIDENCE`."""
    for label, score in sorted(_scores(probs, features).items(), key=lambda kv: (-kv[1], kv[0])):
        if score < MIN_CONFIDENCE:
            return None
        kind, name, x_first = parse_label(label)
        subject, obj = (x, y) if x_first else (y, x)
        if _allowed(ontology, kind, name, classes.of(subject)[0], classes.of(obj)[0]):
            return kind, name, subject, obj, round(score, 4)
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
        here_pairs: list[tuple[Mention, Mention]] = []
        for (x, y), probs in zip(pairs, model.predict(feats), strict=True):
            chosen = _choose(probs, feats[len(here_pairs)], x.entity, y.entity, classes, ontology)
            here_pairs.append((x, y))
            if chosen is not None:
                kind, name, subject, obj, score = chosen
                here.append(Suggestion(kind, name, subject, obj, score, modality, sentence, line))
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
        if s.subject in member_of and member_of[s.subject] is member_of.get(s.object):
            continue  # a statement between two members of one list is not passed to the others
        for side in ("subject", "object"):
            for other in member_of.get(getattr(s, side), []):
                moved = (
                    replace(s, via_list=True, subject=other.entity) if side == "subject" else replace(s, via_list=True, object=other.entity)
                )
                cls_s, cls_o = classes.of(moved.subject)[0], classes.of(moved.object)[0]
                if other.entity != getattr(s, side) and _allowed(ontology, s.kind, s.name, cls_s, cls_o):
                    more.append(moved)
    return more
