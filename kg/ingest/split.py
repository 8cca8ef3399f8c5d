"""Split a document into paragraphs and sentences, keeping offsets into the original.

Offsets are code points into the text exactly as stored (the same convention as the
evidence offsets of the graph), so a sentence can be quoted verbatim.

Rules
-----
* **Paragraphs** are runs of non-blank lines separated by one or more blank lines.
* **Chinese and English** sentences end after 。！？!? (and after ``.`` when followed by
  whitespace or the end of the paragraph, so "3.5" and "www.gov.cn" do not split),
  together with any closing quotes or brackets that follow.  A ``.`` inside brackets
  ("(Yangtze River. Economic Belt)") or after a Thai letter (the Thai abbreviations
  "พ.ค.", "ค.ศ.", "ตร.ม.") does not end a sentence, nor does the ``.`` of a line's
  number ("1. ...", "2.1 ...").
* **Lines of their own**: a line that starts with a bullet (•, ·, -, ...) or a number
  ("1.", "2.1", "一、", "（一）", "(3)") starts a sentence, and a *heading* is a sentence
  of its own and never merges with the next line.  A heading is a whole line without
  final punctuation that begins a paragraph (or follows a finished line), is short
  (:data:`HEADING_WIDTH`), holds no sentence inside it, and has none of the marks of a
  statement (a Thai aspect word such as ได้/แล้ว/จะ, an English auxiliary such as
  "is"/"have been"); a line whose length fills the paragraph's width, or whose next
  line starts in lower case, is a wrapped line, not a heading.  Headings are flagged
  (:attr:`Sentence.heading`) so that statement suggestions can skip them.
* **Thai** has no sentence punctuation; writers separate sentences (and often
  clauses) with a space.  So a run of spaces or line breaks *between two Thai
  characters* is where a sentence may end.  A space between Thai and Latin text
  ("การประชุม Shanghai Y50 Forum") is not, because Thai writers put spaces around
  foreign names inside a sentence.  A Thai space does *not* end the sentence when
  the text around it shows that it continues (:func:`_thai_joins`):

  - it lies inside brackets or quotation marks (a quoted title is part of its sentence);
  - the next phrase starts with a conjunction that continues a list or a clause
    (และ, หรือ, รวมถึง, รวมทั้ง, ตลอดจน, กับ) or with a word that cannot begin a
    sentence (ๆ, ของ, แห่ง, กว่า);
  - the phrase before ends with a word that cannot end one: a list opener (โดย, ได้แก่,
    คือ, เช่น, อาทิ, ประกอบด้วย, ระหว่าง, ร่วมกับ, ทั้ง), a preposition or
    conjunction (ของ, จาก, ใน, สำหรับ, เกี่ยวกับ, เพื่อ, ว่า, และ, ...), or a day and
    month still waiting for its year ("15 พ.ค.");
  - both phrases are members of a list of organisations or places: short phrases
    starting with a prefix such as กระทรวง, สำนักงาน, มหาวิทยาลัย, สถาบัน, ศูนย์,
    รัฐบาล, ประเทศ, มณฑล (a short phrase between two such members counts as one, so
    "... กระทรวงการคลัง การบริหารงานทั่วไปของกรมศุลกากร สำนักงาน... และ..." stays
    whole);
  - the next phrases are short items (:data:`_ITEM`) that run up to a phrase starting
    with a conjunction ("๑๗๒ ประเทศ ภูมิภาค และองค์การระหว่างประเทศ").

  Joins that only read a conjunction or short items stop at :data:`MAX_SENTENCE`
  characters, because very long Thai "sentences" make poor quotes; joins inside
  brackets, after a word that cannot end a sentence and inside lists of organisations
  may reach :data:`MAX_LIST_SENTENCE`.  Thai "sentences" are therefore still
  sometimes clauses; that errs towards shorter quotes, which is what evidence wants.
  The rules read characters only (no word segmenter): PyThaiNLP's ``newmm`` costs
  about 0.25 s to load its dictionary and found few spaces inside words in the seeds.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise

__all__ = ["HEADING_WIDTH", "MAX_LIST_SENTENCE", "MAX_SENTENCE", "Sentence", "paragraphs", "sentences"]

#: A Thai join that only reads a conjunction or short list items stops at this length.
MAX_SENTENCE = 400
#: No Thai join makes a sentence longer than this (a long list of co-issuers still fits).
MAX_LIST_SENTENCE = 1000
#: The widest a heading may be, per script (East Asian wide characters count two
#: columns, Thai vowel and tone marks none).  Thai is stricter because, without
#: punctuation, a one-line paragraph that is a sentence looks like a heading.
HEADING_WIDTH = {"th": 90, "zh": 120, "en": 150}

_PARA = re.compile(r"\S(?:.*?\S)?(?=\s*\n[ \t\u00a0\u3000]*\n|\s*$)", re.DOTALL)
_THAI = "\u0e01-\u0e4f"  # Thai letters and marks; Thai digits are neutral, like Arabic ones
_CLOSERS = "”’\"'」』）)\\]"
_PUNCT = re.compile(rf"(?:[。！？!?]+|\.(?=[{_CLOSERS}]*(?:\s|$)))[{_CLOSERS}]*")
#: Whitespace between two Thai characters (or after a Thai abbreviation's final ``.``).
_THAI_GAP = re.compile(rf"(?:(?<=[{_THAI}])|(?<=[{_THAI}]\.))\s+(?=[{_THAI}])")
_LINE = re.compile(r"[^\n]+")
_BULLET = re.compile(r"(?:[•·▪▫●○◦■□◆◇►▸▶➢➤✓✔]\s*|[-–—*]\s+)")
_NUMBER = re.compile(
    r"(?:\d{1,3}(?:\.\d{1,3})*[.)、．](?!\d)"  # 1.  2)  3、  2.1.
    r"|\d{1,3}(?:\.\d{1,3})+(?=\s+[^a-z0-9\s])"  # 2.1 Heading (not "1.5 million")
    r"|[（(](?:\d{1,3}|[一二三四五六七八九十]{1,3}|[a-zA-Z])[）)]"  # (1) （一） (a)
    r"|[一二三四五六七八九十]{1,3}[、．.)）]"  # 一、 一)
    r"|第[一二三四五六七八九十\d]{1,3}[章节条部篇]"  # 第一章
    r"|[IVX]{1,4}[.)、]"  # II.
    r")\s*"
)
#: What a finished line ends with (before any closing quotes or brackets).
_FINAL = re.compile(rf"[.。!?！？:：;；,，、…][{_CLOSERS}]*$")
#: A sentence ending inside a line: then the line is not a heading.
_INNER_END = re.compile(rf"[。！？!?]|(?<![{_THAI}])\.\s")
#: Marks of a statement (tense, aspect, auxiliaries, reported speech): headings lack them.
_STATEMENT = {
    "th": re.compile(r"ได้(?!เปรียบ|ประโยชน์)|แล้ว|จะ|กำลัง|ถูก|(?<!ก)(?<!ระห)ว่า(?!ง)|(?<!จำ)เป็น|คือ"),
    "en": re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|been)\b", re.IGNORECASE),
    "zh": re.compile(r"了|已经|将会"),
}
_OPENERS = {"(": ")", "（": "）", "“": "”", "「": "」", "『": "』", "《": "》", "[": "]"}
_CLOSING = {v: k for k, v in _OPENERS.items()}
#: A line at least this share of the paragraph's longest line is taken as wrapped text.
_WRAP = 0.75
#: Brackets and quotation marks further apart than this are not treated as a pair.
_PAIR_SPAN = 300

# --- Thai words that decide whether a space ends a sentence ----------------------
#: Conjunctions that continue a list or a clause when they start the next phrase.
_TH_CONJ = r"(?:และ|หรือ|รวมถึง|รวมทั้ง|ตลอดจน|กับ(?!ดัก|ข้าว))"
#: Words a phrase cannot begin with (repetition mark, "of", "than", "numbering N", "such as",
#: "namely", the copula "is/as" that needs the subject before it).
_TH_NO_START = re.compile(r"(?:ๆ|ฯ|ของ|แห่ง|กว่า|จำนวน\s*[\d๐-๙]|เช่น(?!เดียว|กัน)|อาทิ|ได้แก่|ประกอบด้วย|คือ|(?<!จำ)เป็น)")
#: Words a Thai sentence cannot end with: list openers, prepositions, conjunctions, and
#: dates still waiting for their number or year ("ภายในปี", "15 พ.ค.").
_TH_NO_END = re.compile(
    r"(?:และ|หรือ|กับ|หลาย(?:\s*ๆ)?|(?<!สิ่ง)ของ|จาก|ใน|(?<!ก)ว่า|(?<!จำ)เป็น|โดย|ได้แก่|คือ|ระหว่าง|ทั้ง|เช่น|อาทิ"
    r"|ประกอบด้วย|รวมถึง|รวมทั้ง|ตลอดจน|สำหรับ|เกี่ยวกับ|ณ|สู่|เพื่อ|ซึ่ง|จะ|แต่"
    r"|(?:ใน|ภายใน|เมื่อ|ตั้งแต่|ถึง|ช่วง|ปลาย|ต้น)(?:ปี|เดือน)|วันที่"
    r"|มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม"
    r"|ม\.ค\.|ก\.พ\.|มี\.ค\.|เม\.ย\.|พ\.ค\.|มิ\.ย\.|ก\.ค\.|ส\.ค\.|ก\.ย\.|ต\.ค\.|พ\.ย\.|ธ\.ค\.)$"
)
#: Prefixes that start the Thai name of an organisation or a place.
_TH_ORG = (
    r"(?:กระทรวง|ทบวง|กรม(?!ธรรม์)|สำนัก|สถาบัน|มหาวิทยาลัย|วิทยาลัย|ศูนย์|ห้องปฏิบัติการ|บริษัท|ธนาคาร"
    r"|สภา(?!พ|วะ)|คณะ|องค์การ|องค์กร|สมาคม|มูลนิธิ|หน่วยงาน|รัฐบาล|พิพิธภัณฑ์|สถานเอกอัครราชทูต|สถานทูต"
    r"|สถานกงสุล|กองทุน|อุทยาน|นิคม|สหพันธ์|โรงเรียน|โรงพยาบาล|ประเทศ|มณฑล|นคร|กรุง|จังหวัด|เมือง|เขต)"
)
#: Words after which an organisation's name opens a list ("จัดโดยกระทรวง...").
_TH_OPENER = r"(?:โดย|และ|หรือ|กับ|ได้แก่|คือ|ระหว่าง|จาก|ทั้ง|รวมถึง|รวมทั้ง|ตลอดจน|อาทิ|เช่น)"
_TH_CONJ_START = re.compile(_TH_CONJ)
_TH_OPENER_END = re.compile(r"(?:เช่น|อาทิ|ได้แก่|ประกอบด้วย|คือ)$")
_TH_MEMBER = re.compile(rf"{_TH_CONJ}?{_TH_ORG}")
_TH_MEMBER_INSIDE = re.compile(rf"{_TH_CONJ}{_TH_ORG}")
_TH_OPENS_LIST = re.compile(rf"(?:^|{_TH_OPENER}){_TH_ORG}")
_TH_ORG_ANYWHERE = re.compile(_TH_ORG)
_TRAILING_GLOSS = re.compile(r"\s*\((?:[^()]|\([^()]*\))*\)$")
#: The longest Thai phrase that still reads as one organisation of a list.
_MEMBER = 60
#: The longest Thai phrase that still reads as one short item of a list.
_ITEM = 25


@dataclass(frozen=True)
class Sentence:
    """A sentence: ``text == original[start:end]``; ``paragraph`` counts from 0.

    ``heading`` marks a line that is a heading (see the module's rules): it is a
    sentence of its own, but says nothing a statement could be drawn from.
    """

    start: int
    end: int
    text: str
    paragraph: int
    heading: bool = False


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the paragraphs (blank-line separated), without surrounding whitespace.

    >>> paragraphs("One.\\n\\n  Two\\nlines.\\n")
    [(0, 4), (8, 18)]
    """
    return [m.span() for m in _PARA.finditer(text)]


def sentences(text: str) -> list[Sentence]:
    """Every sentence of every paragraph, trimmed of whitespace, with original offsets.

    >>> [s.text for s in sentences("上海很大。它在中国！ Big city. Yes")]
    ['上海很大。', '它在中国！', 'Big city.', 'Yes']
    >>> [s.text for s in sentences("นครเซี่ยงไฮ้เป็นเมืองใหญ่ ตั้งอยู่ที่จีน")]
    ['นครเซี่ยงไฮ้เป็นเมืองใหญ่', 'ตั้งอยู่ที่จีน']
    >>> [(s.text, s.heading) for s in sentences("一、总体要求\\n加强合作。")]
    [('一、总体要求', True), ('加强合作。', False)]
    >>> [s.text for s in sentences("งานนี้จัดโดยกระทรวงการคลัง กระทรวงศึกษาธิการ และธนาคารแห่งประเทศไทย")]
    ['งานนี้จัดโดยกระทรวงการคลัง กระทรวงศึกษาธิการ และธนาคารแห่งประเทศไทย']
    """
    out: list[Sentence] = []
    for number, (p_start, p_end) in enumerate(paragraphs(text)):
        block = text[p_start:p_end]
        for start, end, heading in _pieces(block):
            piece = block[start:end]
            stripped = piece.strip()
            if stripped:
                first = p_start + start + len(piece) - len(piece.lstrip())
                out.append(Sentence(first, first + len(stripped), stripped, number, heading))
    return out


# --- One paragraph ------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    """A trimmed line of a paragraph: ``marker`` is the length of its opening bullet or number (0: none)."""

    start: int
    end: int
    marker: int
    heading: bool


def _pieces(block: str) -> list[tuple[int, int, bool]]:
    """The sentence spans of one paragraph (untrimmed) and whether each is a heading."""
    pairs = _pairs(block)
    hard: set[int] = set()
    quiet: list[tuple[int, int]] = []  # nothing breaks inside a heading line or a line's number
    headings: dict[int, int] = {}
    for line in _lines(block):
        if line.heading:
            hard.update((line.start, line.end))
            headings[line.start] = line.end
            quiet.append((line.start, line.end))
        elif line.marker:
            hard.add(line.start)
            quiet.append((line.start, line.start + line.marker))
    for m in _PUNCT.finditer(block):
        at = m.start()
        if _inside(at, quiet):
            continue
        if block[at] == "." and (_is_thai(block[at - 1 : at]) or _inside(at, [p for p in pairs if block[p[0]] in "(（["])):
            continue  # a Thai abbreviation, or a full stop inside brackets
        hard.add(m.end())
    bounds = sorted(hard | {0, len(block)})
    gaps = [m.span() for m in _THAI_GAP.finditer(block) if not _inside(m.start(), quiet) and not _touches(m.span(), bounds)]
    bounds = sorted({*bounds, *_thai_cuts(block, bounds, gaps, pairs)})
    return [(start, end, headings.get(start) == end) for start, end in pairwise(bounds) if block[start:end].strip()]


def _is_thai(char: str) -> bool:
    return bool(char) and "\u0e01" <= char <= "\u0e4f"


def _touches(span: tuple[int, int], bounds: list[int]) -> bool:
    """Whether a cut of ``bounds`` (sorted) falls within ``span`` (ends included)."""
    i = bisect.bisect_left(bounds, span[0])
    return i < len(bounds) and bounds[i] <= span[1]


def _inside(at: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``at`` lies strictly inside one of ``spans``."""
    return any(s < at < e for s, e in spans)


def _pairs(block: str) -> list[tuple[int, int]]:
    """Spans ``(open, close)`` of matched brackets and quotation marks at most :data:`_PAIR_SPAN` apart."""
    stack: list[tuple[str, int]] = []
    out = []
    for i, ch in enumerate(block):
        if ch in _OPENERS:
            stack.append((ch, i))
        elif ch in _CLOSING:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == _CLOSING[ch]:
                    opened = stack[depth][1]
                    del stack[depth:]
                    if i - opened <= _PAIR_SPAN:
                        out.append((opened, i))
                    break
    return out


# --- Lines: bullets, numbers and headings ------------------------------------------


def _lines(block: str) -> list[_Line]:
    """The lines of a paragraph, trimmed, with their markers and which are headings."""
    spans = []
    for m in _LINE.finditer(block):
        raw = m.group()
        if raw.strip():
            spans.append((m.start() + len(raw) - len(raw.lstrip()), m.start() + len(raw.rstrip())))
    longest = max((e - s for s, e in spans), default=0)
    out: list[_Line] = []
    for i, (s, e) in enumerate(spans):
        line = block[s:e]
        bullet = _BULLET.match(line)
        found = bullet or _NUMBER.match(line)
        marker = found.end() if found and found.end() < len(line) else 0  # a bare mark is no marker
        previous = out[-1] if out else None
        begins = previous is None or bool(marker) or previous.heading or bool(_FINAL.search(block[previous.start : previous.end]))
        following = block[spans[i + 1][0] : spans[i + 1][1]] if i + 1 < len(spans) else None
        numbered = bool(marker) and not bullet
        # a wrapped line fills the paragraph's width, or the next line goes on in lower case
        wraps = following is not None and (following[:1].islower() or (not numbered and (e - s) >= _WRAP * longest))
        heading = begins and not wraps and not (bullet and marker) and _heading_like(line, marker)
        out.append(_Line(s, e, marker, heading))
    return out


def _heading_like(line: str, marker: int) -> bool:
    """Short, unfinished, one sentence at most, and without the marks of a statement.

    >>> _heading_like("Innovative Enterprises", 0), _heading_like("Shanghai has grown", 0)
    (True, False)
    """
    body = line[marker:]
    if _FINAL.search(line) or _INNER_END.search(body):
        return False
    script = _script(body)
    if _width(line) > HEADING_WIDTH[script] or _STATEMENT[script].search(body):
        return False
    return script != "th" or _one_phrase(body)


def _one_phrase(text: str) -> bool:
    """Whether no Thai space of ``text`` ends a sentence (a heading is one phrase)."""
    gaps = [m.span() for m in _THAI_GAP.finditer(text)]
    if not gaps:
        return True
    bounds = [0, *(x for gap in gaps for x in gap), len(text)]
    segments = [text[a:b].strip() for a, b in zip(bounds[::2], bounds[1::2], strict=True)]
    pairs = _pairs(text)
    return None not in _thai_joins(segments, [_inside(start, pairs) for start, _ in gaps])


def _script(text: str) -> str:
    """``th``, ``zh`` or ``en``: the script most of ``text``'s Thai and Han letters are in (``en``: neither)."""
    thai = sum(1 for c in text if "\u0e00" <= c <= "\u0e7f")
    han = sum(1 for c in text if "\u3400" <= c <= "\u9fff")
    if not thai and not han:
        return "en"
    return "th" if thai >= han else "zh"


def _width(text: str) -> int:
    """Columns ``text`` takes: wide characters two, combining marks none.

    >>> _width("Expo"), _width("上海"), _width("ที่")
    (4, 4, 1)
    """
    return sum(
        0 if unicodedata.combining(c) or unicodedata.category(c) == "Mn" else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


# --- Thai spaces -----------------------------------------------------------------------


def _thai_cuts(block: str, hard: list[int], gaps: list[tuple[int, int]], pairs: list[tuple[int, int]]) -> list[int]:
    """The Thai spaces (of ``gaps``) that end a sentence, run by run between the ``hard`` cuts."""
    cuts: list[int] = []
    g = 0
    for run_start, run_end in pairwise(hard):
        inside = []
        while g < len(gaps) and gaps[g][0] < run_end:
            if gaps[g][0] >= run_start:
                inside.append(gaps[g])
            g += 1
        if not inside:
            continue
        bounds = [run_start, *(x for gap in inside for x in gap), run_end]
        segments = [block[a:b].strip() for a, b in zip(bounds[::2], bounds[1::2], strict=True)]
        joins = _thai_joins(segments, [_inside(start, pairs) for start, _ in inside])
        piece_start = run_start
        for i, (_, gap_end) in enumerate(inside):
            limit = MAX_LIST_SENTENCE if joins[i] == "hard" else MAX_SENTENCE if joins[i] == "soft" else 0
            if bounds[2 * i + 3] - piece_start > limit:  # the end of the phrase after the space
                cuts.append(gap_end)
                piece_start = gap_end
    return cuts


def _org_tail(phrase: str, opened: bool) -> bool:
    """Whether ``phrase`` ends with (the start of) an organisation's name, opened by a list word if ``opened``.

    >>> _org_tail("งานนี้จัดโดยกระทรวงการคลัง", True), _org_tail("ตั้งอยู่ที่มหาวิทยาลัยมหิดล", True)
    (True, False)
    >>> _org_tail("ก่อสร้างสถาบันเลเซอร์", False)
    True
    """
    words = phrase.rsplit(maxsplit=1)
    tail = (words[-1] if words else phrase)[-_MEMBER:]
    return bool((_TH_OPENS_LIST if opened else _TH_ORG_ANYWHERE).search(tail))


def _thai_joins(segments: list[str], bracketed: list[bool]) -> list[str | None]:
    """For each space between ``segments[i]`` and ``segments[i+1]``: ``"hard"``, ``"soft"`` or ``None`` (a break).

    ``"hard"`` joins are grammatical (the sentence cannot stop there) or inside a list;
    ``"soft"`` ones only read a conjunction or short items.  ``bracketed[i]``: the
    space lies inside brackets or quotation marks.

    >>> _thai_joins(["จัดโดยกระทรวงการคลัง", "กระทรวงศึกษาธิการ", "และธนาคารแห่งประเทศไทย"], [False, False])
    ['hard', 'hard']
    >>> _thai_joins(["นครเซี่ยงไฮ้เป็นเมืองใหญ่", "ตั้งอยู่ที่จีน"], [False])
    [None]
    >>> _thai_joins(["มีผู้แทนจาก ๑๗๒ ประเทศ", "ภูมิภาค", "และองค์การระหว่างประเทศ"], [False, False])
    ['hard', 'hard']
    """
    n = len(segments)
    core = [_TRAILING_GLOSS.sub("", s) if s.endswith(")") else s for s in segments]  # without "(English gloss)"
    ends = list(core)  # the text a space follows: a short phrase that cannot start a sentence joins the one before
    for i in range(1, n):
        if _TH_NO_START.match(core[i]) and len(core[i]) < _ITEM:
            ends[i] = ends[i - 1] + " " + core[i]
    conj = [bool(_TH_CONJ_START.match(s)) for s in segments]
    short = [len(c) <= _MEMBER for c in core]
    inner = [sh and bool(_TH_MEMBER_INSIDE.search(c)) for sh, c in zip(short, core, strict=True)]
    member = [(sh and bool(_TH_MEMBER.match(c))) or i for sh, c, i in zip(short, core, inner, strict=True)]
    opens = [m or _org_tail(e, opened=True) for m, e in zip(member, ends, strict=True)]
    for i in range(1, n - 1):  # a short phrase between two members is a member too
        if not member[i] and short[i] and opens[i - 1] and (member[i + 1] or conj[i + 1]):
            member[i] = opens[i] = True
    # items that run up to a phrase opening with a conjunction: short ones anywhere,
    # longer ones once a list word ("เช่น", "ได้แก่", ...) has opened the list
    items = [False] * n
    long_items = [False] * n
    for i in range(n - 2, -1, -1):
        items[i] = len(core[i]) <= _ITEM and (conj[i + 1] or items[i + 1])
        long_items[i] = short[i] and (conj[i + 1] or long_items[i + 1])
    out: list[str | None] = []
    listing = False
    for i in range(n - 1):
        listing = bool(_TH_OPENER_END.search(ends[i])) or (listing and long_items[i])
        in_list = (opens[i] and (member[i + 1] or conj[i + 1])) or (inner[i + 1] and _org_tail(ends[i], opened=False))
        grammar = bool(_TH_NO_END.search(ends[i]) or _TH_NO_START.match(segments[i + 1]))
        if bracketed[i] or grammar or in_list or (listing and long_items[i + 1]):
            out.append("hard")
        elif conj[i + 1] or items[i + 1]:
            out.append("soft")
        else:
            out.append(None)
    return out
