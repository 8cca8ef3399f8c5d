"""Names in a document that look like entities but that no registered entity covers.

A curator's checklist: after curating a document, ``kg coverage DOC`` should list
nothing a careful reader would want in the graph.  Candidates come from simple,
script-specific patterns:

* **Chinese**: a run of Han characters ending in an organisation, place, programme or
  event suffix (部, 委, 局, 中心, 大学, 研究院, 实验室, 园区, 交易所, 论坛, 规划, ...),
  cut after the last function word (的, 与, 和, ...); and titles in 《》.
* **Thai**: a word group starting with an organisation or programme prefix
  (กระทรวง, สถาบัน, ศูนย์, มหาวิทยาลัย, อุทยาน, งานมหกรรม, ...) up to the next space.
* **English**: runs of two or more capitalised words (joined by of/and/for/the/-),
  acronyms of two or more capitals, and single capitalised words ("Huawei") that do not
  open a sentence and never occur in lower case in the document.

A candidate is *covered* when a mention of a registered name covers its head (the
suffix, the prefix, or every capitalised word).  Reviewed non-entities (headings,
titles of people, generic phrases) go in ``seeds/curation/coverage-ignore.yaml`` with a
reason, so the list shrinks to what still needs a decision.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from dataclasses import dataclass, field
from itertools import accumulate

from .mentions import Mention, MentionFinder
from .normalize import NormalizedText

__all__ = ["Candidate", "SpanIndex", "find_candidates", "uncovered"]

_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_ZH_SUFFIXES = {
    "organisation": [
        "委员会",
        "办公室",
        "研究院",
        "研究所",
        "科学院",
        "实验室",
        "交易所",
        "研究中心",
        "中心",
        "大学",
        "学院",
        "公司",
        "集团",
        "协会",
        "联盟",
        "基金会",
        "银行",
        "部",
        "委",
        "局",
        "署",
        "院",
        "所",
    ],
    "place": ["示范区", "试验区", "自贸区", "开发区", "新区", "科学城", "科技园", "产业园", "园区", "省", "市"],
    "programme": ["规划", "计划", "倡议", "战略", "工程", "行动", "意见", "方案", "项目"],
    "event": ["博览会", "论坛", "峰会", "大会", "会议"],
}
_ZH_STOP = set("的与和在了是对将为及等并由向从于以到也已被把同跟其各该这那个通过积极推动推进加快建设开展支持已经先后分别")
_TH_PREFIXES = {
    "organisation": [
        "กระทรวง",
        "สถาบัน",
        "ศูนย์",
        "มหาวิทยาลัย",
        "ห้องปฏิบัติการ",
        "สำนักงาน",
        "คณะกรรมการ",
        "ธนาคาร",
        "บริษัท",
        "สมาคม",
        "องค์การ",
        "พิพิธภัณฑ์",
        "สภา",
        "รัฐบาล",
        "แพลตฟอร์ม",
    ],
    "place": ["อุทยาน", "เขต", "นคร", "มณฑล", "เมือง", "ประเทศ", "พื้นที่"],
    "programme": ["โครงการ", "แผน", "ข้อริเริ่ม", "ความคิดเห็น", "ยุทธศาสตร์", "นโยบาย"],
    "event": ["งานมหกรรม", "การประชุม", "เวที"],
}
# Thai words that end a name: verbs, relative markers and demonstratives.  A Thai
# candidate is cut at the first of these after its prefix ("งานมหกรรมดังกล่าว" -> dropped,
# "นครเชี่ยงใช้ได้สร้าง..." -> "นครเชี่ยงใช้").
_TH_BREAK = re.compile(
    "ได้|แห่งนี้|(?<!ระห)ว่า|จะ|ซึ่ง|ที่|เพื่อ|โดย|ให้|ถูก|เป็น|ดังกล่าว|ช่วย|กว่า|ในการ|นี้|ต่าง|จำนวน|มี|อีก|ก็|แล้ว|ทั้ง|เช่น|รวมถึง|ด้วย|ยัง|เมื่อ|จาก|มาก"
)
_EN_CONNECT = {"of", "and", "for", "the", "&", "-", "–", "de"}
_EN_LEADING_STOP = {
    "In",
    "On",
    "At",
    "By",
    "The",
    "A",
    "An",
    "It",
    "This",
    "These",
    "Those",
    "Among",
    "As",
    "For",
    "From",
    "With",
    "Over",
    "Under",
    "During",
    "After",
    "Before",
    "Since",
    "Its",
    "Their",
    "Our",
    "And",
    "Of",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
}


@dataclass(frozen=True)
class Candidate:
    """A name-like span of the document."""

    text: str
    script: str
    category: str
    start: int
    end: int
    head: tuple[int, int]


@dataclass
class Finding:
    """An uncovered candidate with all its occurrences."""

    text: str
    script: str
    category: str
    count: int
    first_line: int
    context: str
    #: Every occurrence, as (start, end) offsets into the original text.
    spans: list[tuple[int, int]] = field(default_factory=list)


def _zh_candidates(view: NormalizedText) -> list[Candidate]:
    out = []
    suffixes = sorted(((s, cat) for cat, items in _ZH_SUFFIXES.items() for s in items), key=lambda x: -len(x[0]))
    cats = dict(suffixes)
    # Longest suffix first: at a position, the alternation takes the first (longest) that
    # matches, and search() jumps straight to the next position where one does.
    suffix_at = re.compile("|".join(re.escape(s) for s, _ in suffixes))
    pattern = re.compile(f"[{_HAN}]+")
    for run in pattern.finditer(view.text):
        text = run.group()
        taken_until = 0
        found = suffix_at.search(text)
        while found is not None:
            i, end = found.span()
            lo = max(taken_until, i - 12)
            stem = text[lo:i]
            cut = max((k + 1 for k, ch in enumerate(stem) if ch in _ZH_STOP), default=0)
            start = lo + cut
            if end - start >= 3:
                out.append(
                    Candidate(
                        text[start:end],
                        "zh",
                        cats[found.group()],
                        run.start() + start,
                        run.start() + end,
                        (run.start() + i, run.start() + end),
                    )
                )
                taken_until = end
            found = suffix_at.search(text, end)
    for m in re.finditer(r"《([^》]{2,80})》", view.text):
        out.append(Candidate(m.group(1), "zh", "programme", m.start(1), m.end(1), (m.start(1), m.end(1))))
    return out


def _th_candidates(view: NormalizedText) -> list[Candidate]:
    out = []
    prefixes = sorted(((p, cat) for cat, items in _TH_PREFIXES.items() for p in items), key=lambda x: -len(x[0]))
    alternation = "|".join(re.escape(p) for p, _ in prefixes)
    cats = dict(prefixes)
    for m in re.finditer(f"({alternation})([\u0e00-\u0e7f]*)", view.text):
        prefix, rest = m.group(1), m.group(2)
        cut = _TH_BREAK.search(rest)
        if cut:
            rest = rest[: cut.start()]
        if len(rest) < 3:
            continue
        end = m.start() + len(prefix) + len(rest)
        out.append(Candidate(view.text[m.start() : end], "th", cats[prefix], m.start(), end, (m.start(), m.start() + len(prefix))))
    return out


#: Capitalised words that are not names even when they never occur in lower case.
_EN_SINGLE_STOP = {
    *("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    *("I", "You", "Your", "We", "He", "She", "They", "His", "Her", "Them", "That", "There", "Here"),
    *("Firstly", "Secondly", "Thirdly", "Finally", "Moreover", "However", "Furthermore", "Additionally"),
    *("Meanwhile", "Therefore", "Besides", "Also", "Thus", "Hence", "Yet", "Still", "Then", "Now"),
}
#: A single capitalised word, possibly CamelCase ("YouTube"), with an optional possessive.
_EN_SINGLE = re.compile(r"([A-Z][a-z]+(?:[A-Z][a-z]+)*)(?:['’]s)?")
#: What may stand between a sentence's start and its first word.
_EN_OPENERS = " \t\"“‘'([{•·*–—-"


def _starts_sentence(text: str, pos: int) -> bool:
    """Whether the word at ``pos`` opens a sentence, a line or the text (capitalised anyway)."""
    k = pos - 1
    while k >= 0 and text[k] in _EN_OPENERS:
        k -= 1
    return k < 0 or text[k] in "\n.!?:;。"


def _single_name(token: re.Match[str], text: str, lowercase: set[str]) -> str | None:
    """The name a lone capitalised word stands for ("Huawei", "Alibaba's"), if it looks like one.

    Lone capitals are mostly sentence starts and headings, so the word must not open a
    sentence, must not be a function word or discourse adverb, and must never occur in
    lower case in the document ("Customs" in a heading vs "customs" in the text).
    """
    match = _EN_SINGLE.fullmatch(token.group())
    if match is None:
        return None
    word = match.group(1)
    if len(word) < 3 or word in _EN_LEADING_STOP or word in _EN_SINGLE_STOP or word.lower() in lowercase:
        return None
    if re.match(r"-[a-z]", text[token.end() : token.end() + 2]):
        return None  # the first half of a compound adjective ("High-end")
    return None if _starts_sentence(text, token.start()) else word


_EN_TOKEN = re.compile(r"[A-Za-z](?:[A-Za-z0-9'’&]|\.(?=[A-Za-z]))*|&|[-–]")


def _en_candidates(view: NormalizedText) -> list[Candidate]:
    out = []
    tokens = list(_EN_TOKEN.finditer(view.text))
    lowercase = set(re.findall(r"\b[a-z]+\b", view.text))

    def capital(tok: str) -> bool:
        return tok[0].isupper()

    i = 0
    while i < len(tokens):
        if not capital(tokens[i].group()):
            i += 1
            continue
        j = i
        group = [tokens[i]]
        while j + 1 < len(tokens):
            nxt = tokens[j + 1]
            gap = view.text[tokens[j].end() : nxt.start()]
            o_gap_start = view.index[tokens[j].end() - 1] + 1
            o_gap_end = view.index[nxt.start()]
            if gap not in (" ", "") or "\n" in view.original[o_gap_start:o_gap_end]:
                break
            if capital(nxt.group()) or nxt.group().lower() in _EN_CONNECT:
                group.append(nxt)
                j += 1
            else:
                break
        while group and (group[-1].group().lower() in _EN_CONNECT):
            group.pop()
        while group and group[0].group() in _EN_LEADING_STOP:
            group.pop(0)
        while group and (group[-1].group() in _EN_LEADING_STOP or group[-1].group().lower() in _EN_CONNECT):
            group.pop()
        capitals = [t for t in group if capital(t.group())]
        if len(capitals) >= 2 or (len(group) == 1 and re.fullmatch(r"[A-Z][A-Z0-9&]{1,9}s?", group[0].group())):
            start, end = group[0].start(), group[-1].end()
            text = view.text[start:end].rstrip(".")
            end = start + len(text)
            out.append(Candidate(text, "en", "name", start, end, (start, end)))
        elif len(group) == 1 and (word := _single_name(group[0], view.text, lowercase)) is not None:
            start = group[0].start()
            out.append(Candidate(word, "en", "name", start, start + len(word), (start, start + len(word))))
        i = j + 1
    return out


def find_candidates(view: NormalizedText) -> list[Candidate]:
    """All name-like spans of a document, in normalised-text offsets."""
    return sorted(_zh_candidates(view) + _th_candidates(view) + _en_candidates(view), key=lambda c: (c.start, c.end))


class SpanIndex:
    """Mention spans, answering "does one contain / overlap [a, b)?" in logarithmic time.

    A long document has thousands of candidates and thousands of mentions; testing every
    pair made ``kg ingest`` quadratic (26 of 45 s on a 1.3 MB text).  With the spans
    sorted by start and the running maximum of their ends, "some span starting at or
    before ``a`` ends at or after ``b``" is one bisection and one lookup.
    """

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._reach = list(accumulate((e for _, e in ordered), max))

    def _max_end(self, count: int) -> int:
        """The furthest end among the first ``count`` spans (-1 if none)."""
        return self._reach[count - 1] if count else -1

    def contains(self, a: int, b: int) -> bool:
        """Whether a span ``(s, e)`` has ``s <= a`` and ``b <= e``."""
        return self._max_end(bisect_right(self._starts, a)) >= b

    def overlaps(self, a: int, b: int) -> bool:
        """Whether a span ``(s, e)`` has ``s < b`` and ``a < e``."""
        return self._max_end(bisect_left(self._starts, b)) > a


def _covered(candidate: Candidate, spans: SpanIndex, view: NormalizedText) -> bool:
    """Whether mentions (original offsets) cover the candidate's head."""

    def inside(a: int, b: int) -> bool:
        return spans.contains(*view.to_original(a, b))

    if candidate.script == "en":
        words = [m.span(1) for m in re.finditer(r"([A-Z][A-Za-z0-9]*)(?:['’]s)?", view.text[candidate.start : candidate.end])]
        return all(inside(candidate.start + a, candidate.start + b) for a, b in words)
    o_start, o_end = view.to_original(*candidate.head)
    if candidate.script == "th":
        # A generic Thai prefix is often followed directly by the name ("นคร" + "เซี่ยงไฮ้").
        o_end += 1
    return spans.overlaps(o_start, o_end)


def uncovered(
    text: str, finder: MentionFinder, ignores: dict[str, str] | None = None, mentions: list[Mention] | None = None
) -> tuple[list[Finding], list[Finding]]:
    """Uncovered candidates of a document, split into (still to review, ignored with a reason).

    Candidates are found on the whitespace-normalised text (spaces delimit Thai word
    groups); mentions are found as in the build (spaces inside Thai names ignored);
    the two are compared in original-text offsets.  ``mentions``, if given, are
    ``finder.find(text)`` already computed.
    """
    view = NormalizedText(text)
    spans = SpanIndex([(m.start, m.end) for m in (finder.find(text) if mentions is None else mentions)])
    ignores = ignores or {}
    todo: OrderedDict[str, Finding] = OrderedDict()
    ignored: OrderedDict[str, Finding] = OrderedDict()
    for cand in find_candidates(view):
        if _covered(cand, spans, view):
            continue
        target = ignored if cand.text in ignores else todo
        o_span = view.to_original(cand.start, cand.end)
        if cand.text in target:
            target[cand.text].count += 1
            target[cand.text].spans.append(o_span)
            continue
        lo, hi = max(0, cand.start - 25), min(len(view.text), cand.end + 25)
        target[cand.text] = Finding(cand.text, cand.script, cand.category, 1, view.line_of(o_span[0]), view.text[lo:hi], [o_span])
    return list(todo.values()), list(ignored.values())
