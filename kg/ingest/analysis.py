"""What ``kg ingest`` reads out of a text: sentences, mentions, candidate names, pairs and typed suggestions.

One function, :func:`analyse_text`, is shared by ``kg ingest`` (which writes it as a
draft), ``kg holdout`` (which scores it against a withdrawn curation) and the ingest
benchmark, so the three always measure and write the same analysis.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..schema.model import Entity
from ..text.mentions import Mention, MentionFinder
from .draft import Pair, cooccurring_pairs
from .link import CandidateName, candidates, link
from .split import Sentence, sentences

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


def analyse_text(text: str, entities: list[Entity], ignores: dict[str, str]) -> Analysis:
    """Split ``text``, link it to ``entities`` and find candidate names and statements."""
    finder = MentionFinder(entities)
    sents = sentences(text)
    mentions = link(text, finder)
    cands = candidates(text, finder, entities, ignores, mentions)
    occurrences = [Mention(c.stub, start, end, c.text) for c in cands for start, end in c.spans]
    return Analysis(text, sents, mentions, cands, cooccurring_pairs(text, mentions, sents, occurrences), occurrences)
