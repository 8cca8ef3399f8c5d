"""What ``kg ingest`` reads out of a text: sentences, mentions, candidate names, pairs and typed suggestions.

One function, :func:`analyse_text`, is shared by ``kg ingest`` (which writes it as a
draft), ``kg holdout`` (which scores it against a withdrawn curation) and the ingest
benchmark, so the three always measure and write the same analysis.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..schema.model import Entity
from ..text.mentions import Mention, MentionFinder
from .anaphora import resolve
from .directives import suggest_directives
from .glosses import defined_names, merge_glosses
from .implicit import implied_topic
from .inside import suggest_inside
from .knowledge import consistent
from .link import CandidateName, candidates, link
from .lists import coordinated_groups
from .pairs import Pair, cooccurring_pairs
from .split import Sentence, sentences
from .suggest import Suggestion, combine, suggest
from .training import classes_of

if TYPE_CHECKING:
    from ..schema.ontology import Ontology
    from .engine import Engine

__all__ = ["Analysis", "analyse_text"]


@dataclass
class Analysis:
    """Everything ingest found in one text, in document order unless said otherwise."""

    text: str
    sentences: list[Sentence]
    mentions: list[Mention]
    candidates: list[CandidateName]
    pairs: list[Pair]
    occurrences: list[Mention] = field(default_factory=list)  # mentions of candidate names (entity: the stub id)
    suggestions: list[Suggestion] = field(default_factory=list)  # typed statements, most confident first


def analyse_text(text: str, entities: list[Entity], ignores: dict[str, str], engine: Engine | None = None) -> Analysis:
    """Split ``text``, link it to ``entities``, find candidate names and pairs, and (with ``engine``) type them."""
    finder = MentionFinder(entities)
    sents = sentences(text)
    mentions = link(text, finder)
    cands = candidates(text, finder, entities, ignores, mentions)
    occurrences = [Mention(c.stub, start, end, c.text) for c in cands for start, end in c.spans]
    # "China International Import Expo (CIIE)": a name in brackets stands for the one before it
    cands, glossed, occurrences = merge_glosses(cands, occurrences, defined_names(text, mentions + occurrences))
    mentions = sorted(mentions + glossed, key=lambda m: (m.start, -m.end, m.entity))
    pairs = cooccurring_pairs(text, mentions, sents, occurrences)
    typed: list[Suggestion] = []
    if engine is not None:
        classes = classes_of(entities, engine.ontology, {c.stub: candidate_class(c, engine.ontology) for c in cands})
        named = mentions + occurrences
        named += resolve(text, sents, named, classes, engine.ontology, engine.cues)  # "the city" for the city
        named += implied_topic(sents, named, classes, engine.ontology, engine.cues)  # a report's city, left unnamed
        typed = combine(
            suggest(text, sents, named, classes, engine.model, engine.ontology, engine.cues, coordinated_groups, engine.prior),
            suggest_inside(text, sents, mentions + occurrences, finder, classes, engine.inside, engine.ontology),
            suggest_directives(text, sents, named, classes, engine.ontology, engine.cues),
        )
        typed = combine(consistent(typed, engine.countries, classes))  # a statement the replacement repeats is kept once
    return Analysis(text, sents, mentions, cands, pairs, occurrences, typed)


#: A candidate's class when the name finder gives none: by the kind of word that made it a candidate.
_BY_CATEGORY = {"organisation": "Organisation", "place": "Place", "programme": "Programme", "event": "Event", "name": "Organisation"}


def candidate_class(cand: CandidateName, ontology: Ontology) -> str:
    """The class a candidate name is guessed to have (a class the ontology declares)."""
    guess = getattr(cand, "cls", None) or _BY_CATEGORY.get(cand.category, "Organisation")
    return guess if guess in ontology.entity_classes else "Organisation"
