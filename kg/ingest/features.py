"""The features of a pair of names in one sentence, as the statement classifier sees them.

A pair is two mentions of different entities in one sentence, ``x`` first in the text.
What decides whether and how a sentence relates them is mostly local: the words
between the two names ("位于", "organised by", "จัดโดย"), a few characters around them,
the kinds of things they are (an event is organised, a document issued), and how far
apart they are.  So the features are:

* character n-grams (1 to 3) of the text between the names, of the few characters
  before ``x`` and after ``y`` — n-grams of characters work the same for Thai and
  Chinese, which do not separate words, and for English; other names in between are
  replaced by one placeholder character so that a name does not become a feature;
* the two entities' classes and their root classes (a guessed class for a candidate);
* the cue words (:mod:`kg.ingest.cues`) found between, before and after the names, and
  whether a word of passive voice ("by", 由, โดย) stands between them when they are near;
* the distance in characters (bucketed), how many names lie between, and whether the
  two are neighbours in a coordinated list.

Every feature is a string key with weight 1, so that a ``DictVectorizer`` with sorted
feature names gives the same matrix for the same input, run after run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.mentions import Mention
from .cues import Cues

__all__ = ["WINDOW", "Pair", "pair_features", "pairs_in"]

#: Names at most this many characters apart are near: a cue between them is ``cue_b``, else ``cue_bfar``.
NEAR = 24
#: Characters of context taken before ``x`` and after ``y``.
WINDOW = 12
#: Longest stretch of text between the names whose n-grams are all taken (longer: its two ends).
_BETWEEN = 40
_NAME = "§"
_DIGITS = re.compile(r"\d+")
_SEPARATORS = re.compile(r"^(?:\s|[、,，;；/&]|以及|和|及|与|跟|同|或|and\b|or\b|the\b|และ|หรือ)*$", re.IGNORECASE)


@dataclass(frozen=True)
class Pair:
    """Two mentions of different entities in one sentence (``x`` before ``y``) and what the sentence is."""

    x: Mention
    y: Mention
    cls_x: str
    cls_y: str
    root_x: str
    root_y: str
    lang: str
    sentence_start: int
    sentence_end: int


def pairs_in(mentions: list[Mention], start: int, end: int) -> list[tuple[Mention, Mention]]:
    """Each pair of different entities named between ``start`` and ``end``, once, by their nearest mentions.

    >>> m = [Mention("a", 0, 1, "A"), Mention("b", 5, 6, "B"), Mention("a", 8, 9, "A")]
    >>> [(x.entity, x.start, y.entity, y.start) for x, y in pairs_in(m, 0, 10)]
    [('b', 5, 'a', 8)]
    """
    inside = sorted((m for m in mentions if m.start >= start and m.end <= end), key=lambda m: (m.start, -m.end))
    best: dict[tuple[str, str], tuple[int, Mention, Mention]] = {}
    for i, x in enumerate(inside):
        for y in inside[i + 1 :]:
            if x.entity == y.entity or y.start < x.end:
                continue
            key = (min(x.entity, y.entity), max(x.entity, y.entity))
            gap = y.start - x.end
            if key not in best or gap < best[key][0]:
                best[key] = (gap, x, y)
    return [(x, y) for _gap, x, y in sorted(best.values(), key=lambda t: (t[1].start, t[2].start))]


def _masked(text: str, start: int, end: int, others: list[Mention]) -> str:
    """``text[start:end]`` with the other names inside replaced by one placeholder, digits by 0, lower-cased."""
    pieces, cursor = [], start
    for m in others:
        if m.start >= cursor and m.end <= end:
            pieces += [text[cursor : m.start], _NAME]
            cursor = m.end
    pieces.append(text[cursor:end])
    return _DIGITS.sub("0", "".join(pieces)).casefold()


def _grams(prefix: str, text: str, n_max: int = 3) -> list[str]:
    return [f"{prefix}{text[i : i + n]}" for n in range(1, n_max + 1) for i in range(len(text) - n + 1)]


def _bucket(n: int) -> str:
    return next(f"{limit}" for limit in (2, 5, 10, 20, 40, 80, 160, 10**9) if n <= limit)


def pair_features(text: str, pair: Pair, others: list[Mention], cues: Cues) -> list[str]:
    """The feature keys of ``pair`` (see the module docstring); ``others``: the sentence's other mentions, sorted."""
    x, y = pair.x, pair.y
    between = _masked(text, x.end, y.start, others)
    left = _masked(text, max(pair.sentence_start, x.start - WINDOW), x.start, others)
    right = _masked(text, y.end, min(pair.sentence_end, y.end + WINDOW), others)
    keys = [f"lang={pair.lang}", f"cx={pair.cls_x}", f"cy={pair.cls_y}", f"rx={pair.root_x}", f"ry={pair.root_y}"]
    keys += [f"pair={pair.root_x}|{pair.root_y}", f"dist={_bucket(y.start - x.end)}"]
    keys.append(f"between_names={min(sum(1 for m in others if m.start >= x.end and m.end <= y.start), 3)}")
    if _SEPARATORS.match(text[x.end : y.start]):
        keys.append("list_neighbours")
    if len(between) <= _BETWEEN:
        keys += _grams("b:", between)
    else:
        keys += _grams("bs:", between[: _BETWEEN // 2]) + _grams("be:", between[-_BETWEEN // 2 :])
    keys += _grams("l:", left) + _grams("r:", right)
    near = y.start - x.end <= NEAR
    for where, part in (
        ("b", text[x.end : y.start]),
        ("l", text[max(pair.sentence_start, x.start - WINDOW) : x.start]),
        ("r", text[y.end : min(pair.sentence_end, y.end + WINDOW)]),
    ):
        place = where if near or where != "b" else "bfar"
        found = cues.find(part, pair.lang)
        keys += [f"cue_{place}={c.section}:{c.key}" for c in found if c.section in ("relations", "links")]
        if place == "b" and any(c.section == "voice" for c in found):
            keys.append("passive_b")
    # The two names themselves are left out: a cue word inside one of them ("建设" in a plan's
    # title, "สร้าง" in "…การเร่งสร้างเมืองวิทยาศาสตร์…") is part of the name, not said of the pair.
    start, end = pair.sentence_start, pair.sentence_end
    sentence = text[start : x.start] + _NAME + text[x.end : y.start] + _NAME + text[y.end : end]
    keys += [f"cue_s={c.section}:{c.key}" for c in cues.find(sentence, pair.lang) if c.section not in ("anaphora", "voice", "directive")]
    return sorted(set(keys))
