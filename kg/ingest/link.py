"""Link a new document to the registry and list the names the registry lacks.

Linking reuses :class:`kg.text.mentions.MentionFinder` (one pass over the document for all
names of all entities), so ``kg ingest`` sees exactly the mentions the build will
count.  Candidates reuse :func:`kg.text.coverage.uncovered` (the patterns of
``kg coverage``), so a curator reviews the same list either way.  What ingest adds is
a *possible alias* for each candidate: a registered name of the same script that is
nearly the same string (a spelling variant, a missing Thai tone mark, a longer or
shorter form), because the commonest mistake when registering names from a new
document is to create a second entity for a thing the registry already has.
Similarity is RapidFuzz's ``fuzz.ratio``: 2·M / total length, M the length of the longest
common subsequence (difflib's ``ratio()`` has the same formula with a greedy M that can be
smaller).  ``process.extractOne`` with a score cutoff runs the search in C++, skipping
names whose lengths alone rule them out (docs/decisions/0009-rapidfuzz-for-alias-search.md).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ..schema.model import Entity
from ..text.coverage import Finding, uncovered
from ..text.mentions import Mention, MentionFinder
from ..text.normalize import normalize_space, script_of

__all__ = ["ALIAS_RATIO", "ALIAS_SCORE", "MIN_CONTAINED", "Alias", "CandidateName", "candidates", "fold", "link"]

#: ``fuzz.ratio`` score (percent) at or above which a candidate is flagged as a possible alias.
ALIAS_SCORE = 80.0
#: The same threshold as a ratio (0..1), the scale :attr:`Alias.ratio` is given in.
ALIAS_RATIO = ALIAS_SCORE / 100
#: Containment counts only for registered names at least this long (not "จีน" in everything).
MIN_CONTAINED = 4


@dataclass(frozen=True)
class Alias:
    """A registered name a candidate closely resembles."""

    entity: str
    name: str
    ratio: float
    how: str  # "similar" or "contains" / "contained"


@dataclass
class CandidateName(Finding):
    """An unregistered, name-like string of the document (a coverage finding), with its best alias guess.

    ``stub`` is the id its draft entity stub gets, and candidate statements use: a slug
    of an English name ("huawei"), else ``candidate-N`` by rank, never a registered id.
    """

    alias: Alias | None = None
    stub: str = ""


def link(text: str, finder: MentionFinder) -> list[Mention]:
    """Every mention of every registered entity, in document order (one automaton pass)."""
    return finder.find(text)


def fold(name: str) -> str:
    """The form names are compared in: case-folded, spaces removed."""
    return name.casefold().replace(" ", "")


def _names_by_script(entities: Iterable[Entity]) -> dict[str, list[tuple[str, str, str]]]:
    """``{script: [(entity id, name, folded name)]}``, folded once rather than per candidate."""
    by_script: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for entity in entities:
        for _lang, name in entity.names.all_names():
            clean = normalize_space(name)
            by_script[script_of(clean)].append((entity.id, clean, fold(clean)))
    return by_script


def _best_alias(text: str, names: list[tuple[str, str, str]]) -> Alias | None:
    """The closest registered name: highest ``fuzz.ratio`` (the first on a tie), else containment."""
    key = fold(text)
    best = process.extractOne(key, [other for _, _, other in names], scorer=fuzz.ratio, score_cutoff=ALIAS_SCORE)
    if best is not None:
        ent_id, name, _ = names[best[2]]
        return Alias(ent_id, name, round(best[1] / 100, 3), "similar")
    for ent_id, name, other in names:
        if len(other) >= MIN_CONTAINED and other in key:
            return Alias(ent_id, name, 0.0, "contains")
        if len(key) >= MIN_CONTAINED and key in other:
            return Alias(ent_id, name, 0.0, "contained")
    return None


def candidates(
    text: str,
    finder: MentionFinder,
    entities: Iterable[Entity],
    ignores: dict[str, str] | None = None,
    mentions: list[Mention] | None = None,
) -> list[CandidateName]:
    """Uncovered name-like strings, most frequent first, each with a possible alias.

    ``mentions``: the text's mentions if already found (:func:`link`), not to find them twice.
    """
    todo, _ignored = uncovered(text, finder, ignores, mentions)
    entities = list(entities)
    by_script = _names_by_script(entities)
    ranked: list[Finding] = sorted(todo, key=lambda f: (-f.count, f.first_line, f.text))
    taken = {e.id for e in entities}
    out = []
    for n, f in enumerate(ranked, 1):
        stub = _stub_id(f, n, taken)
        taken.add(stub)
        alias = _best_alias(f.text, by_script.get(f.script, []))
        out.append(CandidateName(f.text, f.script, f.category, f.count, f.first_line, f.context, f.spans, alias=alias, stub=stub))
    return out


def _stub_id(finding: Finding, n: int, taken: set[str]) -> str:
    """A slug of an English name if free, else ``candidate-N`` (N: the candidate's rank)."""
    slug = re.sub(r"[^a-z0-9]+", "-", finding.text.lower()).strip("-")[:60].strip("-")
    return slug if finding.script == "en" and slug and slug not in taken else f"candidate-{n}"
