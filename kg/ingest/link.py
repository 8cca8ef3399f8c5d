"""Link a new document to the registry and list the names the registry lacks.

Linking reuses :class:`kg.mentions.MentionFinder` (one pass over the document for all
names of all entities), so ``kg ingest`` sees exactly the mentions the build will
count.  Candidates reuse :func:`kg.coverage.uncovered` (the patterns of
``kg coverage``), so a curator reviews the same list either way.  What ingest adds is
a *possible alias* for each candidate: a registered name of the same script that is
nearly the same string (a spelling variant, a missing Thai tone mark, a longer or
shorter form), because the commonest mistake when registering names from a new
document is to create a second entity for a thing the registry already has.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..coverage import Finding, uncovered
from ..mentions import Mention, MentionFinder
from ..model import Entity
from ..textnorm import normalize_space, script_of

__all__ = ["ALIAS_RATIO", "Alias", "CandidateName", "candidates", "link"]

#: difflib similarity at or above which a candidate is flagged as a possible alias.
ALIAS_RATIO = 0.8
#: Containment counts only for registered names at least this long (not "จีน" in everything).
_MIN_CONTAINED = 4


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


def _fold(name: str) -> str:
    """The form names are compared in: case-folded, spaces removed."""
    return name.casefold().replace(" ", "")


def _names_by_script(entities: Iterable[Entity]) -> dict[str, list[tuple[str, str, str]]]:
    """``{script: [(entity id, name, folded name)]}``, folded once rather than per candidate."""
    by_script: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for entity in entities:
        for _lang, name in entity.names.all_names():
            clean = normalize_space(name)
            by_script[script_of(clean)].append((entity.id, clean, _fold(clean)))
    return by_script


def _best_alias(text: str, names: list[tuple[str, str, str]]) -> Alias | None:
    """The closest registered name: highest difflib ratio, else containment.

    ``ratio()`` is costly (quadratic in the lengths), so each name first meets difflib's
    cheap upper bounds (lengths only, then character counts): a name whose bound is
    below the threshold, or no better than the best so far, cannot be chosen and is
    skipped.  The bounds are exact, so the answer is the one a full scan gives.
    """
    key = _fold(text)
    best: Alias | None = None
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq1(key)
    for ent_id, name, other in names:
        floor = ALIAS_RATIO if best is None else max(ALIAS_RATIO, best.ratio)
        total = len(key) + len(other)
        if total and 2.0 * min(len(key), len(other)) / total < floor:
            continue
        matcher.set_seq2(other)
        if matcher.quick_ratio() < floor:
            continue
        ratio = matcher.ratio()
        if ratio >= ALIAS_RATIO and (best is None or ratio > best.ratio):
            best = Alias(ent_id, name, round(ratio, 3), "similar")
    if best is not None:
        return best
    for ent_id, name, other in names:
        if len(other) >= _MIN_CONTAINED and other in key:
            return Alias(ent_id, name, 0.0, "contains")
        if len(key) >= _MIN_CONTAINED and key in other:
            return Alias(ent_id, name, 0.0, "contained")
    return None


def candidates(text: str, finder: MentionFinder, entities: Iterable[Entity], ignores: dict[str, str] | None = None) -> list[CandidateName]:
    """Uncovered name-like strings, most frequent first, each with a possible alias."""
    todo, _ignored = uncovered(text, finder, ignores)
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
