"""Statements a name makes by itself: the registered names inside a longer name.

"杜邦上海研发中心" (DuPont Shanghai R&D Centre) says where the centre is and whose it
is; "天津市推进“一带一路”建设科技创新合作专项规划" which city a plan is for and which
initiative it belongs to; "the 2nd Shanghai Y50 Forum" which series a forum is an
edition of.  Of the curated facts between two entities, 157 of 377 join an entity to one
whose name is inside its own.  The sentence classifier (:mod:`kg.ingest.suggest`) cannot
see them: the inner name is no mention of its own (matching is leftmost-longest, so the
outer name wins), and no word stands between the two.

So every name of the text (registered or candidate) is searched for the registered names
inside it, and the pair is typed by what the reviewed curation states between an entity
and an entity named inside its name, for the two classes: a :class:`~kg.ingest.prior.ClassPrior`
trained on those pairs only (a research centre and the city in its name: ``locatedIn``;
a plan and the city: ``appliesTo``; an event and a series: ``editionOf``), backing off to
the root classes for a pair of classes never seen.  The quote is the name itself.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from ..schema.ontology import Ontology
from ..text.mentions import Mention, MentionFinder
from .classifier import NONE, Example, parse_label
from .prior import ClassPrior
from .split import Sentence
from .suggest import ALTERNATIVES, Suggestion, allowed
from .training import Classes, TrainingDocument, labels_of, rejected_pairs

__all__ = ["MIN_INSIDE", "inner_names", "inside_examples", "suggest_inside"]

#: A pair is suggested when the share of such pairs the curation types with its label reaches this.
MIN_INSIDE = 0.3


def inner_names(text: str, named: Iterable[Mention], finder: MentionFinder) -> list[tuple[Mention, Mention]]:
    """``(outer, inner)`` for each registered name inside a name of ``named``, first occurrence of each pair.

    ``inner`` has offsets into ``text``.

    >>> from kg.schema.model import Entity, Names, Where
    >>> sh = Entity("shanghai", "Municipality", Names({"en": "Shanghai", "zh": "上海"}, {}), Where("x", 1))
    >>> text = "杜邦上海研发中心成立。"
    >>> [(o.entity, i.entity, text[i.start:i.end]) for o, i in inner_names(text, [Mention("c1", 0, 8, text[:8])], MentionFinder([sh]))]
    [('c1', 'shanghai', '上海')]
    """
    seen: set[tuple[str, str]] = set()
    found = []
    within: dict[str, list[Mention]] = {}  # a name written many times is searched once
    for outer in sorted(named, key=lambda m: (m.start, -m.end, m.entity)):
        surface = text[outer.start : outer.end]
        if surface not in within:
            within[surface] = finder.find(surface, inner=True)
        for m in within[surface]:
            key = (outer.entity, m.entity)
            if m.entity != outer.entity and key not in seen:
                seen.add(key)
                found.append((outer, Mention(m.entity, outer.start + m.start, outer.start + m.end, m.name)))
    return found


def _features(outer: str, inner: str, classes: Classes) -> tuple[str, ...]:
    (cx, rx), (cy, ry) = classes.of(outer), classes.of(inner)
    return (f"cx={cx}", f"cy={cy}", f"rx={rx}", f"ry={ry}")


def inside_examples(doc: TrainingDocument, finder: MentionFinder, classes: Classes) -> list[Example]:
    """One example per pair of an entity and a registered name inside its name, labelled by ``doc``'s statements.

    The outer entity comes first (``locatedIn>``: the outer entity is located in the inner one).
    A document in review gives only its decided pairs (:mod:`kg.ingest.training`).
    """
    examples = []
    refused = rejected_pairs(doc)
    for outer, inner in inner_names(doc.text, finder.find(doc.text), finder):
        labels = sorted({label for st in doc.statements for label in labels_of(st, outer.entity, inner.entity)})
        if not labels:
            if not doc.complete and frozenset((outer.entity, inner.entity)) not in refused:
                continue  # a document in review: nobody decided this pair
            labels = [NONE]
        examples += [Example(_features(outer.entity, inner.entity, classes), label) for label in labels]
    return examples


def suggest_inside(
    text: str,
    sentences: list[Sentence],
    named: list[Mention],
    finder: MentionFinder,
    classes: Classes,
    prior: ClassPrior,
    ontology: Ontology,
) -> list[Suggestion]:
    """The statement each name makes of a registered name inside it, where the curation makes one likely."""
    starts = [s.start for s in sentences]
    out = []
    for outer, inner in inner_names(text, named, finder):
        i = bisect.bisect_right(starts, outer.start) - 1
        if i < 0 or getattr(sentences[i], "heading", False):
            continue
        probs = prior.probs(*(f.partition("=")[2] for f in _features(outer.entity, inner.entity, classes)))
        ranked: list[tuple[tuple[str, str, str, str], float]] = []
        for label, p in sorted(probs.items(), key=lambda kv: (-kv[1], kv[0])):
            if (not ranked and p < MIN_INSIDE) or len(ranked) == ALTERNATIVES:
                break
            kind, name, outer_first = parse_label(label)
            subject, obj = (outer.entity, inner.entity) if outer_first else (inner.entity, outer.entity)
            if label != NONE and p > 0 and allowed(ontology, kind, name, classes.of(subject)[0], classes.of(obj)[0]):
                ranked.append(((kind, name, subject, obj), p))
        if ranked:
            (kind, name, subject, obj), p = ranked[0]
            quote = Sentence(outer.start, outer.end, text[outer.start : outer.end], sentences[i].paragraph)
            line = text.count("\n", 0, outer.start) + 1
            others = tuple(statement for statement, _ in ranked[1:])
            out.append(Suggestion(kind, name, subject, obj, round(p, 4), "Reported", quote, line, source="name", alternatives=others))
    return out
