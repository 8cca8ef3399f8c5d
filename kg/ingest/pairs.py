"""Pairs of entities named in one sentence: the untyped proposals of an analysis without a suggestion engine."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from ..text.mentions import Mention
from .split import Sentence

__all__ = ["Pair", "cooccurring_pairs"]


@dataclass(frozen=True)
class Pair:
    """Two entities named in one sentence: the first such sentence is the quote.

    ``new`` counts the participants that are candidate names rather than registered
    entities (0, 1 or 2): their stubs must be kept before the statement can be.
    """

    a: str
    b: str
    sentence: Sentence
    line: int
    new: int = 0


def cooccurring_pairs(text: str, mentions: list[Mention], sents: list[Sentence], candidates: Iterable[Mention] = ()) -> list[Pair]:
    """Distinct pairs named in one sentence: registered pairs first, then those with one and two candidates.

    ``candidates`` are occurrences of candidate names (``entity`` is the stub id), so a
    link to an entity the registry does not have yet is proposed too; within each group,
    pairs come in order of their first sentence.
    """
    by_sentence: dict[int, list[str]] = defaultdict(list)
    starts = [s.start for s in sents]
    new = set()
    for m, is_new in [*((m, False) for m in mentions), *((c, True) for c in candidates)]:
        i = bisect.bisect_right(starts, m.start) - 1
        if i >= 0 and m.end <= sents[i].end and m.entity not in by_sentence[i]:
            by_sentence[i].append(m.entity)
            if is_new:
                new.add(m.entity)
    seen: set[tuple[str, str]] = set()
    pairs: list[Pair] = []
    for i in sorted(by_sentence):
        for a, b in combinations(sorted(by_sentence[i]), 2):
            if (a, b) not in seen:
                seen.add((a, b))
                pairs.append(Pair(a, b, sents[i], text.count("\n", 0, sents[i].start) + 1, (a in new) + (b in new)))
    return sorted(pairs, key=lambda p: p.new)  # stable: sentence order within each group
