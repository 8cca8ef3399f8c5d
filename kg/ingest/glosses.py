"""Names a text gives in brackets for the name it has just written: the same thing twice.

Reports define their abbreviations and gloss their foreign names in place: "China
International Import Expo (CIIE)", "งานมหกรรมแสดงสินค้านำเข้านานาชาติประเทศจีน (China
International Import Expo – CIIE)", "มหาวิทยาลัยแห่งสถาบันบัณฑิตวิทยาศาสตร์จีน (University of
Chinese Academy of Sciences: UCAS)".  Read as three separate candidate names, each gets
its own stub, its own class guess and its own statements, and the acronym, alone, is
guessed to be some actor ("CIIE is hosted by …" then types an expo as a company).

So a name in brackets right after a name (nothing but spaces between) is taken for the
same thing when it is

* an acronym whose letters are the initials of the name before it ("CIIE"), or
* a name followed by its own acronym ("China International Import Expo – CIIE"): the
  name before it again, or its English gloss when that is Thai or Chinese.

A bare English gloss is not enough: it may translate only the end of the name before it
("วิทยาลัยเฉิงตูแห่งมหาวิทยาลัย… (University of Chinese Academy of Sciences: UCAS)" glosses
the university a college belongs to, not the college); taken as the college's other
name it lost two statements of document 001 held out.

Each such name then stands for the first: a candidate's occurrences become occurrences
of the first name's entity (a registered entity, or the first candidate's stub), and the
first candidate takes the gloss as its English label when it has none.  A bracket that
only qualifies a name ("China-Israel (Shanghai) Innovation Park") is left alone: it is
inside the name, and a place is not a gloss of the name around it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from ..text.mentions import Mention
from ..text.normalize import script_of
from .link import Alias, CandidateName, initials

__all__ = ["defined_names", "merge_glosses"]

_OPEN = "(（"
_CLOSE = ")）"
#: A name and its acronym in one bracket: "China International Import Expo – CIIE", "… : UCAS".
_WITH_ACRONYM = re.compile(r"^(?P<name>.*\S)\s*[–—:\-]\s*(?P<acronym>[A-Z][A-Z0-9&]{1,9})$")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,9}$")


def _gloss_of(first: str, second: str) -> bool:
    """Whether ``second`` (in brackets) names what ``first`` names (see the module docs).

    >>> _gloss_of("China International Import Expo", "CIIE"), _gloss_of("งานมหกรรม", "China International Import Expo – CIIE")
    (True, True)
    >>> _gloss_of("วิทยาลัยเฉิงตูแห่งมหาวิทยาลัย", "University of Chinese Academy of Sciences"), _gloss_of("Shanghai", "CIIE")
    (False, False)
    """
    if _ACRONYM.match(second):
        return initials(first) == second
    found = _WITH_ACRONYM.match(second)
    if not found or initials(found.group("name")) != found.group("acronym"):
        return False
    return script_of(first) != "en" or found.group("name").casefold() in first.casefold()


def defined_names(text: str, named: Iterable[Mention]) -> dict[str, str]:
    """``{candidate stub: entity}``: each candidate that a bracket gives as another name of the name before it.

    ``named``: registered mentions and candidate occurrences; only entities whose id
    starts a candidate stub's bracket are mapped, the first name's entity is the value.

    >>> text = "China International Import Expo (CIIE) opened. CIIE is hosted by MOFCOM."
    >>> named = [Mention("expo", 0, 31, text[:31]), Mention("c-ciie", 33, 37, "CIIE"), Mention("c-ciie", 47, 51, "CIIE")]
    >>> defined_names(text, named)
    {'c-ciie': 'expo'}
    """
    ordered = sorted(named, key=lambda m: (m.start, -m.end))
    out: dict[str, str] = {}
    for i, first in enumerate(ordered):
        at = first.end
        while at < len(text) and text[at] == " ":
            at += 1
        if at >= len(text) or text[at] not in _OPEN:
            continue
        close = next((k for k in range(at + 1, min(len(text), at + 200)) if text[k] in _CLOSE), None)
        if close is None:
            continue
        inside = [m for m in ordered[i + 1 :] if m.start > at and m.end <= close and m.entity != first.entity]
        if not inside:
            continue
        second = min(inside, key=lambda m: (m.start, -m.end))
        whole = text[at + 1 : close].strip()
        if second.start > at + 1 + (len(text[at + 1 : close]) - len(text[at + 1 : close].lstrip())):
            continue  # the bracket does not open with the name
        if second.entity in out or not _gloss_of(
            text[first.start : first.end], whole if second.end >= close - 1 else text[second.start : second.end]
        ):
            continue
        out[second.entity] = out.get(first.entity, first.entity)
        for later in inside:  # "(University of Chinese Academy of Sciences: UCAS)": the acronym too
            if later is not second and later.entity not in out and _ACRONYM.match(later.name) and initials(second.name) == later.name:
                out[later.entity] = out[second.entity]
    return out


def merge_glosses(
    candidates: list[CandidateName], occurrences: list[Mention], same: dict[str, str]
) -> tuple[list[CandidateName], list[Mention], list[Mention]]:
    """``(candidates, new mentions, occurrences)`` once each name of ``same`` stands for its entity.

    A candidate given as another name of a registered entity stays a candidate (a curator
    adds it to the entity's names: it is flagged as a possible alias) but its occurrences
    become mentions of the entity; one given as another name of a candidate is folded into
    it, and a first candidate without an English label takes the English gloss.
    """
    by_stub = {c.stub: c for c in candidates}
    labels: dict[str, str] = {}
    for gloss, first in sorted(same.items()):
        c = by_stub.get(gloss)
        if c is not None and c.script == "en" and first in by_stub and first not in labels and not _ACRONYM.match(c.text):
            found = _WITH_ACRONYM.match(c.text)
            labels[first] = found.group("name") if found else c.text
    kept = []
    for cand in candidates:
        target = same.get(cand.stub)
        if target is not None and target in by_stub:
            continue  # folded into the candidate it glosses
        kept.append(
            replace(
                cand,
                alias=Alias(target, cand.text, 0.0, "defined in brackets") if target is not None and cand.alias is None else cand.alias,
                label_en=cand.label_en or labels.get(cand.stub),
            )
        )
    registered = [replace(m, entity=same[m.entity]) for m in occurrences if m.entity in same and same[m.entity] not in by_stub]
    moved = [replace(m, entity=same.get(m.entity, m.entity)) for m in occurrences if same.get(m.entity, m.entity) in by_stub]
    return kept, registered, moved
