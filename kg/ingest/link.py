"""Link a new document to the registry and list the names the registry lacks.

Linking reuses :class:`kg.text.mentions.MentionFinder` (one pass over the document for all
names of all entities), so ``kg ingest`` sees exactly the mentions the build will
count.  Candidates reuse :func:`kg.text.coverage.uncovered` (the patterns of
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

from ..schema.model import Entity
from ..text.coverage import Finding, uncovered
from ..text.mentions import Mention, MentionFinder
from ..text.normalize import normalize_space, script_of

__all__ = ["ALIAS_RATIO", "MIN_CONTAINED", "Alias", "CandidateName", "candidates", "fold", "link", "ratio_at_least"]

#: difflib similarity at or above which a candidate is flagged as a possible alias.
ALIAS_RATIO = 0.8
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


def ratio_at_least(a: str, b: str, floor: float) -> float | None:
    """difflib's ``ratio()`` of ``a`` and ``b`` if it is at least ``floor``, else ``None``.

    ``ratio()`` is costly (quadratic in the lengths), so difflib's cheap upper bounds
    (lengths only, then character counts) are tried first; they are exact bounds, so
    the answer is the one ``ratio()`` alone gives.
    """
    total = len(a) + len(b)
    if total and 2.0 * min(len(a), len(b)) / total < floor:
        return None
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.quick_ratio() < floor:
        return None
    ratio = matcher.ratio()
    return ratio if ratio >= floor else None


def _best_alias(text: str, names: list[tuple[str, str, str]]) -> Alias | None:
    """The closest registered name: highest difflib ratio, else containment.

    A name that cannot reach the threshold, or beat the best so far, is skipped on
    :func:`ratio_at_least`'s bounds without computing its ratio.
    """
    key = fold(text)
    best: Alias | None = None
    for ent_id, name, other in names:
        ratio = ratio_at_least(key, other, ALIAS_RATIO if best is None else max(ALIAS_RATIO, best.ratio))
        if ratio is not None and (best is None or ratio > best.ratio):
            best = Alias(ent_id, name, round(ratio, 3), "similar")
    if best is not None:
        return best
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
