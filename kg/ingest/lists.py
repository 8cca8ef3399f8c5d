"""Coordinated lists of names: "organised by A, B and C" names three organisers.

A statement drawn from a sentence with a list ("CIIE is hosted by A and B") holds for
every member of the list, so a suggestion found for one member can be passed on to the
others.  This module finds the lists among the mentions of one sentence.

API
---
* :func:`coordinated_groups` ``(text, mentions)`` -> the lists, each a list of two or
  more mentions in document order (every mention of a member's span: an ambiguous
  name's alternatives stay together).  ``text`` is the document and the mentions'
  offsets index into it (the sentence's mentions are enough; others are ignored
  only if the text between does not join them).
* :func:`group_of` ``(groups)`` -> ``{mention: group number}``.
* :func:`expand` ``(groups, x, y)`` -> every pair a statement between ``x`` and ``y``
  stands for: ``x`` and ``y`` replaced by each member of their lists (a pair inside one
  list is not expanded: "A and B cooperate" says nothing of A with A).

Rules
-----
Two neighbouring mentions are *linked* when the text between them is only a separator,
whitespace, and the filler a list allows: a gloss in brackets after a name
("เมือง... (Western (Chengdu) Science City)"), quotation marks around titles
(《A》、《B》) and an English "the".  Separators are

* **enumeration** ``、`` (Chinese): a list link on its own;
* **conjunctions**: 和 及 与 以及 同 跟 或, "and" "or" "as well as" "and/or" "&",
  และ หรือ รวมถึง รวมทั้ง ตลอดจน กับ (with an optional comma or 、 before them);
* **commas** (, ，) and, between Thai names, **spaces**: weak links that count only in
  a list that goes on to a conjunction or an enumeration comma ("A, B and C",
  "A B และ C", "A、B，C和D"); "Pudong, Shanghai" or "เซี่ยงไฮ้ จีน" is no list.

A list ends with its conjunction.  When more list links follow a conjunction, the
conjunction was a preposition ("with"): "上海技术交易所与越南、泰国" is Vietnam and
Thailand, with whom the exchange cooperates, not a list of three.  An English comma
before the conjunction needs three members ("A, B, and C"): "the Commission, and
Zhang Ying" joins two clauses, not two names.

Examples
--------
>>> from kg.text.mentions import Mention
>>> text = "CIIE is hosted by MOFCOM, the Shanghai government and the CCPIT."
>>> ms = [Mention(e, text.index(n), text.index(n) + len(n), n)
...       for e, n in [("ciie", "CIIE"), ("mofcom", "MOFCOM"), ("sh", "Shanghai government"), ("ccpit", "CCPIT")]]
>>> [[m.entity for m in g] for g in coordinated_groups(text, ms)]
[['mofcom', 'sh', 'ccpit']]
>>> [(a.entity, b.entity) for a, b in expand(coordinated_groups(text, ms), ms[0], ms[1])]
[('ciie', 'mofcom'), ('ciie', 'sh'), ('ciie', 'ccpit')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise, product

from ..text.mentions import Mention

__all__ = ["MAX_GAP", "coordinated_groups", "expand", "group_of"]

#: Text longer than this between two names is never a separator (and is not read).
MAX_GAP = 200

_ENUM, _CONJ, _COMMA_CONJ, _WEAK = "enum", "conj", "comma-conj", "weak"
_STRONG = {_ENUM, _CONJ, _COMMA_CONJ}

#: A gloss in brackets (one level of nesting) right after a name.
_GLOSS = re.compile(r"^\s*[(（](?:[^()（）]|[(（][^()（）]*[)）])*[)）]")
#: Quotation marks and title marks around names; they are not content.
_QUOTES = re.compile('[《》〈〉“”‘’「」『』"]')
_ZH = re.compile(r"^[、，,]?(和|及|与|以及|同|跟|或|或者)$")
_EN = re.compile(r"^(,)?\s*(?:(and|or|as well as|and/or|&)\s*)?(?:\bthe\b)?$", re.IGNORECASE)
_TH = re.compile(r"^[,，]?\s*(และ|หรือ|รวมถึง|รวมทั้ง|ตลอดจน|กับ)?$")
_POSSESSIVE = re.compile(r"['’]s(?![a-z])")
#: Between two Thai names of a list, the end of the first or the start of the second that the
#: name finder left out, written on to them with the list's space between ("…ทรัพย์สิน|ของรัฐ
#: การบริหารงานทั่วไปของ|กรมศุลกากร"): still a space-separated list.
_TH_GLUED = re.compile("^([ก-๏]{1,25})? ([ก-๏]{1,25})?$")
#: ... unless what is written on makes a clause: a verb or a word that opens one.
_TH_CLAUSE = re.compile("ได้|จะ|เป็น|มี|ให้|ร่วม|ที่|ซึ่ง|โดย|เพื่อ|ว่า|กับ|และ|หรือ")


@dataclass(frozen=True)
class _Slot:
    """The mentions of one span (several when a name belongs to several entities)."""

    start: int
    end: int
    mentions: tuple[Mention, ...]


def coordinated_groups(text: str, mentions: Sequence[Mention]) -> list[list[Mention]]:
    """The coordinated lists among ``mentions``: groups of two or more, in document order.

    Overlapping mentions are read leftmost-longest (a name inside a longer name is not
    a member of its own); mentions of the same span are one member.

    >>> from kg.text.mentions import Mention
    >>> text = "上海技术交易所与越南、泰国和老挝建立了合作。"
    >>> ms = [Mention(e, text.index(n), text.index(n) + len(n), n)
    ...       for e, n in [("ste", "上海技术交易所"), ("vn", "越南"), ("th", "泰国"), ("la", "老挝")]]
    >>> [[m.entity for m in g] for g in coordinated_groups(text, ms)]
    [['vn', 'th', 'la']]
    """
    slots = _slots(mentions)
    groups: list[list[Mention]] = []
    members: list[_Slot] = slots[:1]
    kinds: list[str] = []
    closed = False
    for left, right in pairwise(slots):
        kind = _link(text, left, right)
        if kind is None or (kind == _COMMA_CONJ and _WEAK not in kinds):
            _close(members, kinds, groups)
            members, kinds, closed = [right], [], False
            continue
        if closed and kind not in (_CONJ, _COMMA_CONJ):  # the conjunction was "with": the list starts after it
            members, kinds = [members[-1]], []
        members.append(right)
        kinds.append(kind)
        closed = kind in (_CONJ, _COMMA_CONJ)
    _close(members, kinds, groups)
    return groups


def group_of(groups: Iterable[Sequence[Mention]]) -> dict[Mention, int]:
    """``{mention: index of its group}`` for every member of ``groups``.

    >>> from kg.text.mentions import Mention
    >>> a, b = Mention("a", 0, 1, "A"), Mention("b", 6, 7, "B")
    >>> group_of([[a, b]]) == {a: 0, b: 0}
    True
    """
    return {m: i for i, group in enumerate(groups) for m in group}


def expand(groups: Sequence[Sequence[Mention]], x: Mention, y: Mention) -> list[tuple[Mention, Mention]]:
    """Every pair a statement between ``x`` and ``y`` stands for, ``(x, y)`` first.

    Each side is replaced by every member of its list (if it is in one); when ``x`` and
    ``y`` are in the same list, the statement is between two members and is not
    expanded.  Pairs keep the order of ``x`` and ``y`` (subject, object).

    >>> from kg.text.mentions import Mention
    >>> x, a, b = Mention("x", 0, 1, "X"), Mention("a", 10, 11, "A"), Mention("b", 16, 17, "B")
    >>> [(p.entity, q.entity) for p, q in expand([[a, b]], x, a)]
    [('x', 'a'), ('x', 'b')]
    >>> [(p.entity, q.entity) for p, q in expand([[a, b]], a, b)]
    [('a', 'b')]
    """
    index = group_of(groups)
    gx, gy = index.get(x), index.get(y)
    if gx is not None and gx == gy:
        return [(x, y)]
    xs = [x] + [m for m in groups[gx] if m != x] if gx is not None else [x]
    ys = [y] + [m for m in groups[gy] if m != y] if gy is not None else [y]
    return [(p, q) for p, q in product(xs, ys) if p.entity != q.entity]


def _slots(mentions: Iterable[Mention]) -> list[_Slot]:
    """Leftmost-longest spans of ``mentions``, each with all the mentions of exactly that span."""
    chosen: list[_Slot] = []
    for m in sorted(mentions, key=lambda m: (m.start, -m.end, m.entity)):
        if chosen and (m.start, m.end) == (chosen[-1].start, chosen[-1].end):
            if m not in chosen[-1].mentions:
                chosen[-1] = _Slot(m.start, m.end, (*chosen[-1].mentions, m))
        elif not chosen or m.start >= chosen[-1].end:
            chosen.append(_Slot(m.start, m.end, (m,)))
    return chosen


def _close(members: list[_Slot], kinds: list[str], groups: list[list[Mention]]) -> None:
    """Add the list ``members`` make, up to its last strong link (weak links need one after them)."""
    last = max((i for i, kind in enumerate(kinds) if kind in _STRONG), default=-1)
    if last >= 0:
        groups.append([m for slot in members[: last + 2] for m in slot.mentions])


def _link(text: str, left: _Slot, right: _Slot) -> str | None:
    """The kind of separator between two names, or ``None`` when the text between is more than one.

    >>> from kg.text.mentions import Mention
    >>> def link(text, a, b):
    ...     i, j = text.index(a), text.rindex(b)
    ...     return _link(text, _Slot(i, i + len(a), ()), _Slot(j, j + len(b), ()))
    >>> link("A, B", "A", "B"), link("A, and the B", "A", "B"), link("A director of B", "A", "B")
    ('weak', 'comma-conj', None)
    >>> link("《甲》、《乙》", "甲", "乙"), link("甲以及乙", "甲", "乙"), link("ก (G) และข", "ก", "ข")
    ('enum', 'conj', 'conj')
    >>> link("กระทรวงก กระทรวงข", "กระทรวงก", "กระทรวงข"), link("Shanghai Vietnam", "Shanghai", "Vietnam")
    ('weak', None)
    """
    if right.start - left.end > MAX_GAP or _POSSESSIVE.match(text, right.end) or _POSSESSIVE.search(text, right.end - 2, right.end):
        return None  # "A and B's institute": B owns a member, it is not one
    gap = text[left.end : right.start]
    while found := _GLOSS.match(gap):
        gap = gap[found.end() :]
    gap = _QUOTES.sub("", gap)
    core = " ".join(gap.split())
    if core == "、":
        return _ENUM
    if _ZH.match(core.replace(" ", "")):
        return _CONJ
    thai = _is_thai(text[right.start : right.start + 1]) or _is_thai(text[left.end - 1 : left.end])
    if thai and (found := _TH.match(core)):
        if found.group(1):
            return _CONJ
        return _WEAK if core or gap[:1].isspace() else None
    if thai and (glued := _TH_GLUED.match(gap)) and not _TH_CLAUSE.search(core):
        return _WEAK if glued.group(1) or glued.group(2) else None
    if not core or core in {"，", ","}:
        return _WEAK if core else None
    english = _EN.match(core)
    if english is None or not (english.group(1) or english.group(2)):
        return None
    if english.group(2):
        return _COMMA_CONJ if english.group(1) else _CONJ
    return _WEAK


def _is_thai(char: str) -> bool:
    return bool(char) and "\u0e01" <= char <= "\u0e4f"
