"""Find every mention of every registered entity name in a text, in one pass.

All names of all entities, in all three scripts, go into one Aho-Corasick automaton,
so a document is scanned once whatever the number of names.  Matching is on the
whitespace-normalised, case-folded text; Latin names must sit on word boundaries
("CAS" does not match inside "CASE") and acronyms match only in capitals ("MOST", the
ministry, is not the word "most"), Thai and Chinese names need not (those scripts
do not separate words, and spaces between two Thai characters are ignored on both
sides).  Overlaps are resolved leftmost-longest: "上海技术交易所" wins
over "上海".

Examples
--------
>>> from kg.schema.model import Entity, Names, Where
>>> w = Where("x", 1)
>>> ents = [Entity("shanghai", "Municipality", Names({"en": "Shanghai", "zh": "上海"}, {}), w),
...         Entity("ste", "TechnologyExchange", Names({"en": "Shanghai Technology Exchange", "zh": "上海技术交易所"}, {}), w)]
>>> finder = MentionFinder(ents)
>>> [(m.entity, m.start, m.end) for m in finder.find("上海技术交易所在上海。")]
[('ste', 0, 7), ('shanghai', 8, 10)]
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from ..schema.model import Entity
from .normalize import NormalizedText, fold_case, normalize_space

__all__ = ["MIN_NAME_LENGTH", "Mention", "MentionFinder", "count_mentions"]

_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&-]*[A-Z0-9]$")
#: Names shorter than this are not searched for (one Han character is too ambiguous).
MIN_NAME_LENGTH = 2


@dataclass(frozen=True)
class Mention:
    """One occurrence of an entity name, with offsets into the original text."""

    entity: str
    start: int
    end: int
    name: str


def _is_word(ch: str) -> bool:
    """Characters that make a word boundary fail for Latin names."""
    return ch.isalnum() and ord(ch) < 0x0E00


class MentionFinder:
    """An automaton over all names of a set of entities."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        owners: dict[str, set[str]] = defaultdict(set)
        # Acronyms match only in capitals ("MOST" the ministry, not "most"); a key any
        # non-acronym name shares matches in any case.
        exact: dict[str, set[str]] = defaultdict(set)
        loose: set[str] = set()
        for entity in entities:
            for _lang, name in entity.names.all_names():
                text = NormalizedText(normalize_space(name), join_thai=True).text
                key = fold_case(text)
                if len(key) >= MIN_NAME_LENGTH:
                    owners[key].add(entity.id)
                    if _ACRONYM.match(text):
                        exact[key].add(text)
                    else:
                        loose.add(key)
        self.owners = {k: tuple(sorted(v)) for k, v in owners.items()}
        self._exact = {k: frozenset(v) for k, v in exact.items() if k not in loose}
        self._automaton = ahocorasick.Automaton()
        for key, ids in sorted(self.owners.items()):
            self._automaton.add_word(key, (key, ids))
        self._empty = not self.owners
        if not self._empty:
            self._automaton.make_automaton()

    def ambiguous(self) -> dict[str, tuple[str, ...]]:
        """Names that belong to more than one entity."""
        return {k: v for k, v in self.owners.items() if len(v) > 1}

    def find_normalized(self, view: NormalizedText, inner: bool = False) -> list[tuple[int, int, str, tuple[str, ...]]]:
        """Leftmost-longest matches as (start, end, name, entity ids) in normalised offsets.

        ``inner``: leave out a match of the whole text, so that the names inside a name are
        found ("上海" and "杜邦" in "杜邦上海研发中心" even when that is a registered name too).
        """
        if self._empty:
            return []
        hay = fold_case(view.text)
        candidates: list[tuple[int, int, str, tuple[str, ...]]] = []
        for end_index, (key, ids) in self._automaton.iter(hay):
            start = end_index - len(key) + 1
            end = end_index + 1
            if _is_word(key[0]) and start > 0 and _is_word(hay[start - 1]):
                continue
            if _is_word(key[-1]) and end < len(hay) and _is_word(hay[end]):
                continue
            if key in self._exact and view.text[start:end] not in self._exact[key]:
                continue
            if inner and start == 0 and end == len(hay):
                continue
            candidates.append((start, end, key, ids))
        candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
        chosen = []
        reach = 0
        for cand in candidates:
            if cand[0] >= reach:
                chosen.append(cand)
                reach = cand[1]
        return chosen

    def find(self, text: str | NormalizedText, inner: bool = False) -> list[Mention]:
        """Every mention in ``text``; an ambiguous name yields one mention per owner.

        ``inner``: the names inside ``text`` (a name), not ``text`` itself (see :meth:`find_normalized`).
        """
        view = text if isinstance(text, NormalizedText) else NormalizedText(text, join_thai=True)
        out: list[Mention] = []
        for start, end, _key, ids in self.find_normalized(view, inner):
            o_start, o_end = view.to_original(start, end)
            out.extend(Mention(eid, o_start, o_end, view.original[o_start:o_end]) for eid in ids)
        return out


def count_mentions(finder: MentionFinder, views: dict[str, NormalizedText]) -> dict[str, Counter[str]]:
    """Mention counts per document: ``{doc: Counter(entity -> n)}``."""
    return {doc: Counter(m.entity for m in finder.find(view)) for doc, view in sorted(views.items())}
