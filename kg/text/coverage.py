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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import accumulate

from .mentions import Mention, MentionFinder
from .normalize import NormalizedText
from .places import known_places
from .segment import REGISTERED, Word, chinese_words, thai_words

__all__ = ["Candidate", "SpanIndex", "find_candidates", "uncovered"]

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


# -- Chinese ---------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    """A word list written as one string, words separated by whitespace."""
    return frozenset(text.split())


_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_ALL_HAN = re.compile(f"[{_HAN}]+")
#: Words that end a name, by what they make of it.  A word of the text ends a name when
#: it is one of these or ends with one ("交易平台", "分论坛", "专项规划"): jieba's words are
#: the boundaries, so "部署" and "城市" end nothing.
_ZH_SUFFIXES = {
    "organisation": (
        *("委员会", "办公室", "领导小组", "研究院", "研究所", "科学院", "实验室", "交易所", "研究中心", "中心"),
        *("大学", "学院", "公司", "集团", "协会", "联盟", "基金会", "银行", "平台", "基地", "网络", "体系"),
        *("系统", "服务网", "信息网", "孵化器", "政府"),
    ),
    "place": (
        *("示范区", "试验区", "自贸区", "开发区", "新区", "服务区", "合作区", "科学城", "科技城", "科技园"),
        *("产业园", "园区", "经济带", "经济圈", "市场"),
    ),
    "programme": ("规划", "计划", "倡议", "战略", "工程", "行动", "意见", "方案", "项目", "资金", "基金", "纲要"),
    "event": ("博览会", "论坛", "峰会", "大会", "会议", "研讨会", "交流会", "通报会", "洽谈会", "推介会", "展览会"),
}
_ZH_SUFFIX_CATEGORY = {s: cat for cat, items in _ZH_SUFFIXES.items() for s in items}
_ZH_SUFFIX_SIZES = sorted({len(s) for s in _ZH_SUFFIX_CATEGORY}, reverse=True)
#: One-character heads.  They end a name only as a word of their own (jieba cuts
#: "商务委" into 商务/委 and "广州中新知识城" into ... 知识/城) or at the end of a dictionary
#: word tagged as an organisation ("外交部").
_ZH_SINGLE = {**dict.fromkeys("部委局署院办厅网", "organisation"), **dict.fromkeys("省市区园城", "place")}
#: One-character heads that are also function words ("所" + verb, "会" = will): only at
#: the end of an organisation's dictionary word ("交易所", "通报会").
_ZH_SINGLE_IN_WORD = {**_ZH_SINGLE, "所": "organisation", "会": "event"}
#: jieba tags of words that never stand inside a name: conjunctions, prepositions,
#: particles, pronouns, adverbs, numerals, quantifiers, time words, interjections.
_ZH_STOP_TAGS = _words("c p u uj ul uz uv ud ug r rr rz d dg m mq q t tg y e o zg vg x w")
#: Single characters that are function words or measure words, never part of a name.
_ZH_FUNCTION = frozenset(
    "的地得之与和及或并而且但则在于对向从由以到为把被将已也都还又再很最更其各该这那此本每个家批项种位名条次届年月日等如是一二三四五六七八九十两百千万亿几多"
)
#: Conjunctions that may join two nouns inside a name ("天然产物与药物发现学术研讨会").
_ZH_AND = _words("与 和 及")
#: Tags of words that open a clause rather than a name; they are dropped from a name's front.
_ZH_OPENER_TAGS = _words("v vd vi b a ad an ag f")
#: Verbs that govern a name as their object ("依托浦江创新论坛", "设立“一带一路”技术转移平台"):
#: the name starts after them.  Verbs inside names ("技术转移中心", "药物发现学术研讨会")
#: are not on the list, nor verbal nouns ("建设" in "...建设工作领导小组").
_ZH_GOVERNING = _words("""设立 设有 建立 成立 创建 组建 共建 打造 依托 借力 借助 利用 通过 争取 探索 推动 推进 加强 深化
    支持 鼓励 引导 吸引 举办 主办 承办 召开 举行 参加 出席 加入 实施 开展 发起 组织 申请 借鉴 帮助 采取
    启动 签署 签订 发布 提出 认定 入驻 落户 作为 包括 例如 比如 成为 形成 贡献 提供 完善 参照 对接 携手
    依据 根据 按照 围绕 面向 拓展 整合 培育 引进 构建 筹建 设置 占 有""")
#: Characters that make a head before them an adjective ("政府间": intergovernmental).
_ZH_BOUND = frozenset("间式型性化级")
#: Characters that make the head after them a branch or a headquarters.
_ZH_BRANCH = frozenset("分总子")
#: Adverbs that open a dictionary word of their own with the verb they modify ("积极支持").
_ZH_ADVERBS = ("积极", "大力", "着力", "全力", "努力", "加快", "进一步", "不断", "主动", "共同")
#: Verbs whose object is an event being held: every event they govern, and every one
#: listed after it, is one event ("定期举办跨国技术转移大会、国际创新论坛、外交官科技通报会").
_ZH_HOLD = _words("举办 主办 承办 召开 举行 参加 出席 筹办")
#: Verbal nouns that stand inside names ("“一带一路”建设工作领导小组") but never open one.
_ZH_NOT_FIRST = _words("建设 发展 合作 推进")
#: Words that make a place before them a locative ("在沪研发中心": R&D centres in Shanghai).
_ZH_LOCATIVE = _words("在 来 赴 驻 于 落户")
#: Direction words (tag f) that may stand inside a name and single it out ("国家技术转移东部中心").
_ZH_DIRECTION = _words("东部 西部 南部 北部 中部 华东 华南 华北 华中 西南 西北 东北 东南")
#: Tags of proper names: places, persons, organisations, other proper nouns.
_ZH_PROPER_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nt", "nz", REGISTERED})
_ZH_QUOTES = {"”": "“", "」": "「", "’": "‘"}
_ZH_DASHES = frozenset("—–－-")
#: Longest name (characters) the finder builds from words; longer ones are titles in 《》.
_ZH_MAX = 32
#: Words just before a name that make it a kind of thing ("一批联合实验室", "50家联合实验室").
_ZH_PLURAL = _words("等 等等 一批 若干 各类 各 各种 多家 多个 一些 部分 家 个 批 类 所有 其他 其它 这些 相关 有关")
#: Words that make a long name a kind of thing ("国际重大科技合作项目": major projects).
_ZH_QUALIFIERS = _words(
    "重大 重点 主要 相关 有关 若干 一批 各类 各种 其他 多种 部分 特色 优秀 先进 一流 顶尖 新型 大型 高端 境外 海外 国内 国外 外资 双方 对方 本土 地方"
)
#: Words jieba tags as proper names that single nothing out (a deictic name of China,
#: common nouns the dictionary mis-tags).
_ZH_GENERIC = _words("我国 本市 全市 全国 城市 海洋 深度 高水平 国内 国外 沿线 沿线国家 各国 发达国家 发展中国家")
#: The commonest words of science and technology policy: they single nothing out.
_ZH_COMMON = _words("""国际 全球 国家 科技 科学 技术 创新 合作 发展 研发 研究 产业 经济 服务 交流 联合 共同 综合 公共 建设 管理
    信息 高新技术 转移 交易 对接 转化""")
#: Uncommon words before a head that make a name one thing without a proper name
#: ("国际/海洋/技术/交易/市场"; "技术/转移/中心" is a kind).
_ZH_UNCOMMON = 3
#: Separators of an enumeration ("张江、漕河泾、紫竹、临港等品牌园区").
_ZH_LIST = "、"
#: Nouns for kinds of bodies and places that close an enumeration beside the heads
#: ("金砖国家银行、丝路基金等金融机构").
_ZH_KINDS = {**dict.fromkeys(_words("机构 企业 高校 单位 组织"), "organisation"), **dict.fromkeys(_words("国家 城市 地区"), "place")}


def _zh_head(word: Word) -> str | None:
    """The category a word gives to the name it ends, or None if it ends none."""
    if word.tag == REGISTERED:
        return None
    for size in _ZH_SUFFIX_SIZES:
        if (cat := _ZH_SUFFIX_CATEGORY.get(word.text[-size:])) is not None:
            return cat
    if len(word.text) == 1:
        return _ZH_SINGLE.get(word.text)
    return _ZH_SINGLE_IN_WORD.get(word.text[-1]) if word.tag == "nt" else None


def _lone(words: list[Word], k: int) -> bool:
    """Whether ``words[k]`` is one Han character that is no function word."""
    return 0 <= k < len(words) and len(words[k].text) == 1 and words[k].text not in _ZH_FUNCTION and bool(_ALL_HAN.match(words[k].text))


def _zh_inside(words: list[Word], k: int) -> bool:
    """Whether ``words[k]`` may stand in a name just before ``words[k + 1]``."""
    word, after = words[k], words[k + 1]
    if not _ALL_HAN.fullmatch(word.text) or word.text in _ZH_FUNCTION:
        return False
    if word.text in _ZH_GOVERNING or (word.tag.startswith("v") and word.text.startswith(_ZH_ADVERBS)):
        return False  # 依托, 积极支持: the verb of a clause, not part of a name
    if len(word.text) == 1:
        # A lone character is part of a word the dictionary lacks when another stands
        # beside it (张/江, 自/贸, 中/新); "中" + one-character country is Sino-X (中/俄);
        # 分, 总, 子 make a head a branch or a headquarters (分/论坛, 分/中心, 总/部).
        if _lone(words, k - 1) or (_lone(words, k + 1) and after.text not in _ZH_SINGLE):
            return True
        if word.text in _ZH_BRANCH and _zh_head(after) is not None:
            return True
        return word.tag in ("", "q", "j", "ns", "nr")
    if word.tag == "f":
        return word.text in _ZH_DIRECTION or word.text == "中外"
    return word.tag not in _ZH_STOP_TAGS


def _zh_quote_start(words: list[Word], close: int) -> int | None:
    """Index of the opening mark of the quotation closed at ``words[close]``, if it is short and in one sentence."""
    opening = _ZH_QUOTES[words[close].text]
    k = close - 1
    while k >= 0 and words[close].start - words[k].start <= _ZH_MAX:
        if words[k].text == opening:
            return k
        if words[k].text in "。！？；\n“”":
            return None
        k -= 1
    return None


def _zh_extent(words: list[Word], head: int, places: Mapping[str, object], conjunct: bool = False) -> int:
    """Index of the first word of the name that ``words[head]`` ends (``conjunct``: the left one of two)."""
    if not conjunct and head + 1 < len(words) and words[head + 1].text in _ZH_QUOTES:
        opened = _zh_quote_start(words, head + 1)
        if opened is not None:  # a quoted name is taken whole, conjunctions and verbs too
            return opened + 1
    first = head
    while first > 0 and words[head].end - words[first - 1].start <= _ZH_MAX:
        k = first - 1
        before = words[k]
        if before.text in _ZH_QUOTES:
            opened = _zh_quote_start(words, k)
            if opened is None:
                break
            first = opened
        elif before.text in _ZH_DASHES and k > 0 and (words[k - 1].tag in _ZH_PROPER_TAGS or words[k - 1].text in places):
            first = k  # 中国—东盟, 昆士兰—上海
        elif before.text in _ZH_AND and k > 0 and not _zh_specific(words[first : head + 1], places):
            # An unspecific right conjunct joins its left one if that has a proper name
            # (中泰天然产物与药物发现学术研讨会), not a list of kinds (科学实验室和研发中心).
            left = _zh_extent(words, k - 1, places, conjunct=True) if _zh_inside(words, k - 1) else k
            if left >= k or not _zh_specific(words[left:k], places, strict=True):
                break
            first = left
            break
        elif _zh_inside(words, k):
            first = k
        else:
            break
    while first < head and words[first].text in _ZH_AND:
        first += 1
    while first < head and _zh_opens_clause(words, first):
        first += 1
    locative = first > 0 and words[first - 1].text in _ZH_LOCATIVE
    if locative and first < head and len(words[first].text) == 1 and words[first].tag in ("j", "ns"):
        first += 1  # 在沪: "in Shanghai", not part of the name
    return first


def _zh_opens_clause(words: list[Word], k: int) -> bool:
    """Whether ``words[k]`` at a name's front belongs to the clause, not the name."""
    word = words[k]
    if word.text in _ZH_GOVERNING or word.text in _ZH_NOT_FIRST:
        return True
    return word.tag in _ZH_OPENER_TAGS and not _zh_inside_f(words, k)


def _zh_inside_f(words: list[Word], k: int) -> bool:
    """Direction words and Sino-X 中 are part of a name even at its front."""
    word = words[k]
    return word.tag == "f" and (word.text in _ZH_DIRECTION or word.text == "中外" or (word.text == "中" and _lone(words, k + 1)))


def _zh_specific(words: list[Word], places: Mapping[str, object], strict: bool = False) -> bool:
    """Whether a name has a word that singles it out: a proper name, a place, an unknown word, a quotation.

    "东盟技术转移中心" is one centre; "技术转移中心" (technology transfer centres) is a kind
    of thing, however often a text says it.  Unless ``strict``, a name with two uncommon
    words is one thing too ("国际海洋技术交易市场"), if no qualifier makes it a kind
    ("重大", "海外").
    """
    if any(w.text in _ZH_QUALIFIERS for w in words):
        return False
    for k, word in enumerate(words):
        if word.text in _ZH_QUOTES or word.text in places or word.text in _ZH_DIRECTION:
            return True
        if word.tag in _ZH_PROPER_TAGS and word.text not in _ZH_GENERIC:
            return True
        if len(word.text) == 1 and word.tag in ("j", "ns") and k + 1 < len(words):
            return True  # a one-character country or place: 俄, 韩, 沪
        if _lone(words, k) and _lone(words, k + 1) and words[k + 1].text not in _ZH_SINGLE:
            return True  # two lone characters: a word the dictionary lacks (张/江, 南/南)
    uncommon = [
        w for w in words[:-1] if _ALL_HAN.fullmatch(w.text) and len(w.text) > 1 and w.text not in _ZH_COMMON and _zh_head(w) is None
    ]
    return not strict and len(uncommon) >= _ZH_UNCOMMON


def _zh_held(words: list[Word], first: int) -> bool:
    """Whether the event starting at ``words[first]`` is the object of 举办 (held), alone or in a list."""
    k = first - 1
    while k >= 0 and words[first].start - words[k].start <= _ZH_MAX * 3:
        text = words[k].text
        if text in _ZH_HOLD:
            return True
        if text != _ZH_LIST and not _ALL_HAN.fullmatch(text):
            return False
        k -= 1
    return False


def _zh_names(view: NormalizedText, words: list[Word], places: Mapping[str, object]) -> list[Candidate]:
    """Names that end in a head word (see the module docs), the longest where two overlap."""
    found: list[Candidate] = []
    for i, word in enumerate(words):
        category = _zh_head(word)
        after = words[i + 1].text if i + 1 < len(words) else ""
        if category is None or after in _ZH_SINGLE or after in _ZH_BOUND:
            continue  # no head; one that a one-character head extends (产业园/区); an adjective (政府/间)
        first = _zh_extent(words, i, places)
        start, end = words[first].start, word.end
        inner = words[first : i + 1]
        if end - start < 3 or len(inner) < 2:
            continue
        quoted = first > 0 and words[first - 1].text in _ZH_QUOTES.values() and i + 1 < len(words) and words[i + 1].text in _ZH_QUOTES
        held = category == "event" and _zh_held(words, first)
        if not (quoted or held or _zh_specific(inner, places)):
            continue
        if first > 0 and words[first - 1].text in _ZH_PLURAL:
            continue  # "一批联合实验室": a kind, not a name
        found.append(Candidate(view.text[start:end], "zh", category, start, end, (word.start, word.end)))
    longest = sorted(found, key=lambda c: (c.start, -c.end))
    out: list[Candidate] = []
    reach = -1
    for cand in longest:
        if cand.end > reach:
            out.append(cand)
            reach = cand.end
    return [c for c in out if not any(o is not c and o.start <= c.start and c.end <= o.end for o in out)]


def _zh_kind(word: Word) -> str | None:
    """The category of a word that may close an enumeration: a head or a kind of body or place."""
    return _ZH_KINDS.get(word.text) or _zh_head(word)


def _zh_enumerations(view: NormalizedText, words: list[Word], places: Mapping[str, object]) -> list[Candidate]:
    """Members of an enumeration closed by 等 and a head: "张江、漕河泾、紫竹、临港等品牌园区".

    Each member is a name of the kind the head says, however short; a member that is
    already a name of its own is found as one anyway.
    """
    out = []
    for i, word in enumerate(words):
        if word.text != "等" or i + 1 >= len(words):
            continue
        j = i + 1
        if _zh_kind(words[j]) is None and j + 1 < len(words) and _ALL_HAN.fullmatch(words[j].text):
            j += 1  # one word may qualify the kind: 等/品牌/园区
        category = _zh_kind(words[j]) if j < len(words) else None
        if category is None:
            continue
        members: list[tuple[int, int]] = []
        last = i - 1
        while last >= 0 and _ALL_HAN.fullmatch(words[last].text) and words[last].text not in _ZH_FUNCTION | _ZH_GOVERNING:
            first = last
            while first > 0 and words[first - 1].text != _ZH_LIST and _zh_inside(words, first - 1):
                first -= 1
            if words[last].end - words[first].start > 8:
                break
            member = words[first : last + 1]
            if not words[last].tag.startswith("v") and not any(w.text in _ZH_QUALIFIERS for w in member):
                members.append((words[first].start, words[last].end))  # not 重大联合研发, 产业投资: activities
            if first < 2 or words[first - 1].text != _ZH_LIST:
                break
            last = first - 2
        if len(members) < 2:
            continue  # one word before 等 is no enumeration
        for start, end in members:
            text = view.text[start:end]
            if len(text) >= 2 and text not in places:
                out.append(Candidate(text, "zh", category, start, end, (start, end)))
    return out


def _zh_places(words: list[Word], places: Mapping[str, object], taken: SpanIndex) -> list[Candidate]:
    """Countries, provinces, regions and blocs the registry lacks ("欧盟"), where no longer name holds them."""
    return [
        Candidate(w.text, "zh", "place", w.start, w.end, (w.start, w.end))
        for w in words
        if w.tag != REGISTERED and len(w.text) >= 2 and w.text in places and not taken.overlaps(w.start, w.end)
    ]


def _zh_owners(candidates: list[Candidate], words: list[Word], places: Mapping[str, object]) -> list[Candidate]:
    """The owner a unit's name opens with: "杜邦上海研发中心" -> 杜邦 (brand, place, unit)."""
    at = {w.start: k for k, w in enumerate(words)}
    out = []
    for cand in candidates:
        k = at.get(cand.start)
        if k is None or k + 2 >= len(words):
            continue
        owner, place = words[k], words[k + 1]
        is_place = place.text in places or place.tag in ("ns", REGISTERED)
        if owner.tag in ("nr", "nz", "nt", "nrt") and owner.text not in places and len(owner.text) >= 2 and is_place:
            out.append(Candidate(owner.text, "zh", "organisation", owner.start, owner.end, (owner.start, owner.end)))
    return out


def _zh_candidates(view: NormalizedText, names: Iterable[str] = ()) -> list[Candidate]:
    """Chinese names: heads, enumerations, places, owners, and titles in 《》."""
    words = chinese_words(view.text, names)
    if not words:
        return []
    places = known_places()
    named = _zh_names(view, words, places)
    listed = _zh_enumerations(view, words, places)
    taken = SpanIndex([(c.start, c.end) for c in named + listed])
    out = named + listed + _zh_places(words, places, taken) + _zh_owners(named, words, places)
    for m in re.finditer(r"《([^》]{2,80})》", view.text):
        out.append(Candidate(m.group(1), "zh", "programme", m.start(1), m.end(1), (m.start(1), m.end(1))))
    return out


# -- Thai ------------------------------------------------------------------------------

_THAI = re.compile("[\u0e00-\u0e7f]+")
#: Words that open a name, by what they make of it: one list, longest first when matched.
#: A name starts where a word of the text starts with one of these (newmm sometimes cuts
#: a prefix itself: "กอง|ทุนวิจัย", "โครง|การสำรอง").
_TH_PREFIXES = {
    "organisation": (
        *("กระทรวง", "กรม", "สถาบัน", "ศูนย์", "มหาวิทยาลัย", "ห้องปฏิบัติการ", "สำนักงาน", "คณะกรรมการ", "ธนาคาร"),
        *("บริษัท", "สมาคม", "องค์การ", "พิพิธภัณฑ์", "สภา", "รัฐบาล", "แพลตฟอร์ม", "เครือข่าย", "กองทุน", "กลุ่ม"),
        "ระบบ",
    ),
    "place": ("อุทยาน", "เขต", "นคร", "มณฑล", "เมือง", "ประเทศ", "พื้นที่", "ภูมิภาค", "วงกลมเศรษฐกิจ"),
    "facility": ("อุปกรณ์", "สิ่งอำนวยความสะดวก", "เรดาร์", "สถานี", "แผนที่"),
    "programme": ("โครงการ", "แผน", "ข้อริเริ่ม", "ความคิดเห็น", "ยุทธศาสตร์", "นโยบาย", "มาตรการ"),
    "event": ("งานมหกรรม", "งานแสดงสินค้า", "การประชุม", "เวที", "มหกรรม"),
}
_TH_PREFIX_ORDER = sorted(((p, cat) for cat, items in _TH_PREFIXES.items() for p in items), key=lambda x: -len(x[0]))
_TH_PREFIX_FIRST = frozenset(p[0] for p, _ in _TH_PREFIX_ORDER)
#: Ordinary words that start like a prefix ("สภาวะ" condition, not "สภา" council).
_TH_NOT_PREFIX = _words("สภาวะ สภาพ สภาพแวดล้อม ระบบประสาท ระบบนิเวศ แผนการ กลุ่มคน เขตแดน เขตพื้นที่ เมืองหลวง พื้นที่ผิว")
#: Words that end a name: verbs, relative markers, demonstratives, adverbs.  Thai has no
#: case or capitals, so a name runs from its prefix to the first of these (or a space).
_TH_BREAK = _words(
    """ได้ แห่งนี้ ว่า จะ ซึ่ง ที่ เพื่อ โดย ให้ ถูก เป็น ดังกล่าว ช่วย กว่า ในการ นี้ ต่าง ต่างๆ ๆ จำนวน มี อีก ก็
    แล้ว ทั้ง เช่น รวมถึง ด้วย ยัง เมื่อ จาก มาก คือ ครั้ง ครั้งนี้ ครั้งแรก ครั้งที่ จัดขึ้น อาทิ ได้แก่ เพิ่มเติม ต่อไป
    ตาม โดยเร็ว นั้น นั้นๆ ซึ่งเป็น ทั้งหมด มากมาย มากกว่า
    กับ แต่ หรือ จึง อย่าง เกี่ยวกับ"""
)
#: Words that end a name even at the start of a longer word ("เป็นที่ตั้ง", "ได้ดีขึ้น", "ที่อยู่").
_TH_BREAK_START = ("เป็น", "ได้", "ซึ่ง", "จะ", "โดย", "เพื่อ", "ที่")
#: Words that go on with a name only before a place or another body ("ของนครเซี่ยงไฮ้",
#: "แห่งประเทศจีน", "ในเฉิงตู"), and otherwise end it ("ในรูปแบบ").
_TH_OF = _words("ของ ใน แห่ง ระหว่าง")
#: "และ" joins two parts of one name ("กระทรวงวิทยาศาสตร์และเทคโนโลยี") unless a new
#: body or a verb follows ("ห้องปฏิบัติการร่วมและวางแผนสร้าง...").
_TH_AND = _words("และ")
_TH_VERBS = _words(
    """สร้าง วางแผน พัฒนา ส่งเสริม สนับสนุน ยกระดับ จัดตั้ง ผลักดัน ดำเนิน ดำเนินการ เสริมสร้าง ขยาย ปรับปรุง
    เร่ง เริ่ม จัด จัดทำ เผยแพร่ รวบรวม ดึงดูด กระตุ้น ร่วมกัน ปฏิรูป ก่อตั้ง เปิด"""
)
#: Words a name never ends with.
_TH_DANGLING = _TH_OF | _TH_AND | _words("สำหรับ ด้าน ที่ การ ความ")
#: Qualifiers that make a name a kind of thing ("มหาวิทยาลัยชั้นนำ": leading universities).
_TH_QUALIFIERS = _words("ชั้นนำ ระดับสูง รูปแบบใหม่ ใหม่ แห่งใหม่ อื่น อื่นๆ เดิม หลาย หลายแห่ง สำคัญ สำคัญๆ ท้องถิ่น บางแห่ง ทั่วไป ย่อย คุณภาพสูง")
#: Longest name (characters) before the finder stops.
_TH_MAX = 90


def _th_prefix(words: list[Word], k: int) -> tuple[str, str] | None:
    """The prefix and category a name starting at ``words[k]`` opens with, if any."""
    word = words[k]
    if word.text in _TH_NOT_PREFIX or word.tag == REGISTERED:
        return None
    rest = word.text
    if rest[:1] not in _TH_PREFIX_FIRST:
        return None
    for prefix, cat in _TH_PREFIX_ORDER:
        if rest.startswith(prefix) or (prefix.startswith(rest) and _th_spells(words, k, prefix)):
            return prefix, cat
    return None


def _th_spells(words: list[Word], k: int, prefix: str) -> bool:
    """Whether the words from ``k`` on start with ``prefix`` (newmm cut it: กอง|ทุนวิจัย)."""
    text = ""
    while k < len(words) and len(text) < len(prefix):
        text += words[k].text
        k += 1
    return text.startswith(prefix)


def _th_continues(words: list[Word], k: int, places: Mapping[str, object]) -> bool:
    """Whether ``words[k]`` may go on with the name it follows."""
    word = words[k]
    if not _THAI.fullmatch(word.text) and word.text not in ("-", "–"):
        return False
    if word.text in _TH_BREAK or word.text.startswith(_TH_BREAK_START):
        return False
    if word.text in _TH_OF or word.text in _TH_AND:
        nxt = words[k + 1] if k + 1 < len(words) else None
        if nxt is None or not _THAI.fullmatch(nxt.text) or nxt.text in _TH_VERBS:
            return False
        body = _th_prefix(words, k + 1) is not None
        place = nxt.tag == REGISTERED or nxt.text in places
        return place or body if word.text in _TH_OF else not body or place
    return True


def _th_place(word: Word, places: Mapping[str, object]) -> bool:
    return word.tag == REGISTERED or word.text in places


#: A quoted stretch of Thai that may be a title: “ความคิดเห็นเกี่ยวกับ ...”.
_TH_QUOTED = re.compile(r"[“\"]([\u0e00-\u0e7f][^”\"\n]{3,160}?)\s*[”\"]")


def _th_quoted(view: NormalizedText, words: list[Word]) -> tuple[list[Candidate], list[tuple[int, int]]]:
    """Titles in quotation marks (opening with a plan's, policy's or programme's prefix), taken whole, and their spans.

    A quoted title runs on past the words that end an unquoted name ("เกี่ยวกับ", a double
    space where a line was broken): the quotation marks say where it ends, as 《》 do in
    Chinese.  Other quoted phrases are slogans or terms ("เมืองเดียว อุทยานหลายแห่ง", one
    city, many parks) and are read like the rest of the text.
    """
    first = {w.start: i for i, w in enumerate(words)}
    out, spans = [], []
    for m in _TH_QUOTED.finditer(view.text):
        k = first.get(m.start(1))
        opened = None if k is None else _th_prefix(words, k)
        if opened is None or opened[1] != "programme":
            continue  # a quoted "เมืองเดียว อุทยานหลายแห่ง" (one city, many parks) is a slogan
        prefix, category = opened
        text = m.group(1).rstrip()
        out.append(Candidate(text, "th", category, m.start(1), m.start(1) + len(text), (m.start(1), m.start(1) + len(prefix))))
        spans.append((m.start(1), m.end(1)))
    return out, spans


def _th_candidates(view: NormalizedText, names: Iterable[str] = ()) -> list[Candidate]:
    """Thai names: a prefix at a word boundary, then words up to a break (see the module docs)."""
    words = thai_words(view.text, names)
    places = known_places()
    out, titles = _th_quoted(view, words)
    k = 0
    while k < len(words):
        if any(a <= words[k].start < b for a, b in titles):
            k += 1  # inside a quoted title, taken whole
            continue
        opened = _th_prefix(words, k)
        if opened is None:
            k += 1
            continue
        prefix, category = opened
        start = words[k].start
        end = k + 1
        while words[end - 1].end - start < len(prefix) and end < len(words):
            end += 1  # the words that spell the prefix
        bare = end  # the words of the prefix alone
        while end < len(words) and words[end - 1].end - start < _TH_MAX and _th_continues(words, end, places):
            if end == bare and words[end].text in _TH_AND:
                break  # "ภูมิภาคและสาขาวิชา": kinds in a list, not a name
            end += 1
            if category == "place" and end - 1 > bare - 1 and end - 1 == bare and _th_place(words[end - 1], places):
                break  # "นคร" + a place: the place's name ends there (นครเชี่ยงไฮ้|เป็นที่ตั้ง...)
        while end > k + 1 and (words[end - 1].text in _TH_DANGLING or words[end - 1].text in (" ", "-", "–")):
            end -= 1
        inner = words[k:end]
        text = view.text[start : words[end - 1].end]
        named = any(w.tag == REGISTERED or w.text in places for w in inner)
        kind = any(w.text in _TH_QUALIFIERS for w in inner[:3])  # "มหาวิทยาลัย|วิจัย|ระดับสูง": a kind
        if len(text) - len(prefix) >= 3 and (named or not kind):
            out.append(Candidate(text, "th", category, start, start + len(text), (start, start + len(prefix))))
            k = end
        else:
            k += 1
    return out


#: Capitalised words that are not names even when they never occur in lower case.
_EN_SINGLE_STOP = {
    *("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    *("I", "You", "Your", "We", "He", "She", "They", "His", "Her", "Them", "That", "There", "Here"),
    *("Firstly", "Secondly", "Thirdly", "Finally", "Moreover", "However", "Furthermore", "Additionally"),
    *("Meanwhile", "Therefore", "Besides", "Also", "Thus", "Hence", "Yet", "Still", "Then", "Now"),
    *("Where", "What", "When", "Why", "How", "Who", "Which", "Whose"),
}
#: Abbreviations of measures, fields, titles and technical terms, not of bodies or places.
_EN_GENERIC_ABBREVIATIONS = _words(
    """GDP GNP GNI CPI FDI R&D IPO CEO CFO CTO COO VP PhD MBA AI IT ICT IC IoT VR AR 5G 4G PET MR MRI CT DNA RNA
    SME SMEs PPP ICP NGO NGOs HQ ID PC TV USD RMB CNY US GMT UTC AM PM No BC AD OK"""
)
#: Roman numerals that number a heading ("II Where to go for the next phase ...").
_EN_ROMAN = re.compile(r"(?:I|II|III|IV|V|VI|VII|VIII|IX|X)")
#: Words that end an organisation's or a place's name, where "and" after them starts
#: another name ("Shanghai Jiao Tong University and Tongji University").
_EN_NAME_ENDS = _words(
    """University College Institute Academy Laboratory Lab Center Centre Park Zone Group Company Co Ltd Inc
    Corporation Bank Fund Foundation Association Alliance Council Commission Committee Ministry Office Bureau
    Administration Agency Department Government Museum Exchange Forum Expo Conference Platform Network Hospital
    School City Province District Port Airport"""
)
#: Lower-case heads of descriptive names ("the angel investment tax system"), by category.
_EN_HEADS = {
    **dict.fromkeys(_words("system systems scheme strategy plan programme program programs programmes project projects"), "programme"),
    **dict.fromkeys(_words("initiative measures vouchers fund"), "programme"),
    **dict.fromkeys(_words("platform platforms network center centre centers centres cluster alliance base bases"), "organisation"),
    **dict.fromkeys(_words("facility facilities device devices machine telescope satellite"), "facility"),
    **dict.fromkeys(_words("zone zones park parks"), "place"),
    **dict.fromkeys(_words("conference forum seminar symposium summit expo exhibition workshop briefing"), "event"),
}
#: Words that open a descriptive name (it starts after them).
_EN_DETERMINERS = _words("the a an its their our this these those his her")
#: Words that make a descriptive name a kind of thing ("the major projects").
_EN_QUALIFIERS = _words(
    """major key new other more many some several various relevant important such same whole first next last main
    further better good large larger largest most all any each every overall specific certain own"""
)
#: Function words a descriptive name never contains.
_EN_FUNCTION = _words(
    """of for in on at to by with from as under between through into over about after before during and or but nor
    that which who whom whose than then there here is are was were be been being has have had do does did will would
    shall should can could may might must not no its their our this these those the a an it they we he she"""
)
#: A single capitalised word, possibly CamelCase ("YouTube"), with an optional possessive.
_EN_SINGLE = re.compile(r"([A-Z][a-z]+(?:[A-Z][a-z]+)*)(?:['’]s)?")
#: What may stand between a sentence's start and its first word.
_EN_OPENERS = " \t\"“‘'([{•·*–—-"
_EN_TOKEN = re.compile(r"[A-Za-z](?:[A-Za-z0-9'’&/]|\.(?=[A-Za-z])|-(?=\d))*|&|[-–]")
_EN_WORD = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9'’&/]|-(?=[A-Za-z0-9]))*")
_EN_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{1,9}s?(?:-\d+)?")


def _starts_sentence(text: str, pos: int) -> bool:
    """Whether the word at ``pos`` opens a sentence, a line or the text (capitalised anyway)."""
    k = pos - 1
    while k >= 0 and text[k] in _EN_OPENERS:
        k -= 1
    return k < 0 or text[k] in "\n.!?:;。"


def _listed_names_follow(text: str, end: int, lowercase: set[str]) -> bool:
    """Whether a list of capitalised words that never occur in lower case follows ("Huawei, Tencent, Alibaba")."""
    found = re.match(r",\s+([A-Z][A-Za-z]+)(?:,\s+([A-Z][A-Za-z]+))?", text[end : end + 60])
    return found is not None and all(w.lower() not in lowercase for w in found.groups() if w)


def _single_name(token: re.Match[str], text: str, lowercase: set[str]) -> str | None:
    """The name a lone capitalised word stands for ("Huawei", "Alibaba's"), if it looks like one.

    Lone capitals are mostly sentence starts and headings, so the word must not be a
    function word or discourse adverb, must never occur in lower case in the document
    ("Customs" in a heading vs "customs" in the text), and must not open a sentence,
    unless a list of such names follows it ("Huawei, Tencent, Alibaba, Baidu ...").
    """
    match = _EN_SINGLE.fullmatch(token.group())
    if match is None:
        return None
    word = match.group(1)
    if len(word) < 3 or word in _EN_LEADING_STOP or word in _EN_SINGLE_STOP or word.lower() in lowercase:
        return None
    if re.match(r"-[a-z]", text[token.end() : token.end() + 2]):
        return None  # the first half of a compound adjective ("High-end")
    if _starts_sentence(text, token.start()) and not _listed_names_follow(text, token.end(), lowercase):
        return None
    return word


def _line_of(view: NormalizedText, pos: int) -> str:
    """The line of the original text that normalised position ``pos`` is on."""
    at = view.index[pos]
    start = view.original.rfind("\n", 0, at) + 1
    end = view.original.find("\n", at)
    return view.original[start : end if end >= 0 else len(view.original)]


def _heading(line: str) -> bool:
    """Whether a line is a heading or a breadcrumb: short, no closing full stop, most words capitalised."""
    words = re.findall(r"[A-Za-z][A-Za-z'’]*", line)
    if not words or len(words) > 25 or line.rstrip().endswith((".", "。")):
        return False
    lower = [w for w in words if w[0].islower() and w not in _EN_CONNECT and w not in _EN_FUNCTION]
    return len(lower) <= len(words) // 4


def _split_coordination(group: list[re.Match[str]], places: Mapping[str, object]) -> list[list[re.Match[str]]]:
    """Two names joined by "and" or "&" ("Shanghai Jiao Tong University and Tongji University", "Guangdong and Guangxi").

    A name is cut at "and" when the words before it end an organisation's or a place's
    name, when both sides are acronyms ("GDP and IC"), or when both sides are one known
    place each; "Science and Technology Museum" stays whole.
    """
    parts: list[list[re.Match[str]]] = [[]]
    for k, tok in enumerate(group):
        word = tok.group()
        if word in ("and", "&") and parts[-1] and k + 1 < len(group):
            left, right = parts[-1][-1].group(), group[k + 1].group()
            single = len(parts[-1]) == 1 and (k + 2 >= len(group) or group[k + 2].group() in ("and", "&"))
            acronyms = left.isupper() and right.isupper() and len(left) > 1 and len(right) > 1
            if left in _EN_NAME_ENDS or acronyms or (single and left in places and right in places):
                parts.append([])
                continue
        parts[-1].append(tok)
    return [p for p in parts if p]


def _en_descriptive(view: NormalizedText) -> list[Candidate]:
    """Lower-case descriptive names after a determiner: "the angel investment tax system".

    The words between "the" (a, an, its, a number) and a head such as system, scheme,
    platform, facility or zone must be content words, at least two of them, none a
    qualifier that makes the phrase a kind of thing ("the major projects").
    """
    out = []
    words = list(_EN_WORD.finditer(view.text))
    for i, tok in enumerate(words):
        category = _EN_HEADS.get(tok.group())
        if category is None or (i + 1 < len(words) and words[i + 1].group() in _EN_HEADS):
            continue  # no head, or one another head follows ("facility cluster")
        first = i
        while first > 0 and i - first < 8:
            before = words[first - 1]
            gap = view.text[before.end() : words[first].start()]
            if gap not in (" ", "") or before.group().lower() in _EN_FUNCTION:
                break
            first -= 1
        determined = first > 0 and words[first - 1].group().lower() in _EN_DETERMINERS
        if first < i - 2 and words[first].group().lower() in _EN_INTENSIFIERS:
            first += 2  # "most powerful photon science facility cluster": a degree and its adjective
            determined = True
        counted = first < i and _en_quantity(words[first].group())
        if counted and words[first].group().isdigit() and tok.group().endswith("s") and category != "programme":
            continue  # "441 foreign-funded R&D centers": a count of bodies, an indicator ("36 measures" is a package)
        # A number of measures is the name of a package ("the 10 reform measures", "36 reform
        # measures"): the number stays in the name, and one word before the head is enough.
        package = counted and words[first].group().isdigit() and category == "programme"
        if counted:
            first += 1  # "five national technology transfer centers", "the first domestic ... device"
        inner = words[first:i]
        # Two words before the head make a name ("the angel investment tax system"); one is
        # enough for an event, which a text names by its kind and its day ("a press conference on May 21").
        if not (determined or counted) or len(inner) < (1 if category == "event" or package else 2) or _en_quantity(inner[0].group()):
            continue
        if category == "event" and any(_en_quantity(w.group()) or _POSSESSIVE_WORD.search(w.group()) for w in inner):
            continue  # "the world's first state level expo" describes an expo, it does not name one
        if package:
            first -= 1
        if any(w.group()[0].isupper() and w.group().isalpha() and w.group().istitle() for w in inner):
            continue  # capitalised names are found as such
        start, end = words[first].start(), tok.end()
        out.append(Candidate(view.text[start:end], "en", category, start, end, (start, end)))
    return out


_EN_INTENSIFIERS = _words("most more less very highly")
_POSSESSIVE_WORD = re.compile(r"['’]s$")
_EN_NUMBERS = _words("two three four five six seven eight nine ten eleven twelve dozen first second third")


def _en_quantity(word: str) -> bool:
    """Whether a word counts or ranks what follows it, or makes it a kind ("five", "36", "first", "major")."""
    low = word.lower()
    return low in _EN_NUMBERS or low in _EN_QUALIFIERS or bool(re.fullmatch(r"\d+(?:st|nd|rd|th)?", low))


def _en_quoted(view: NormalizedText) -> list[Candidate]:
    """Names in quotation marks: “20 measures”, “GV-971”, “technical innovation vouchers”.

    A quotation of one to six words is a name when it has a digit or ends with a head
    (a plain quoted phrase, “going global”, is a slogan); quoted capitalised names are
    found as such.
    """
    out = []
    for m in re.finditer(r"[“\"]([A-Za-z0-9][^”\"\n]{0,60}?)[,.]?[”\"]", view.text):
        inner = m.group(1).rstrip(",.")
        words = inner.split()
        if not 1 <= len(words) <= 6 or sum(w[0].isupper() for w in words) >= 2:
            continue
        if not (re.search(r"\d", inner) or words[-1] in _EN_HEADS):
            continue
        start = m.start(1)
        category = _EN_HEADS.get(words[-1], "name")
        out.append(Candidate(inner, "en", category, start, start + len(inner), (start, start + len(inner))))
    return out


def _en_candidates(view: NormalizedText) -> list[Candidate]:
    """English names: capitalised runs, acronyms, lone capitalised names, quoted and descriptive names."""
    out = []
    tokens = list(_EN_TOKEN.finditer(view.text))
    lowercase = set(re.findall(r"\b[a-z]+\b", view.text))
    places = known_places()

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
        i = j + 1
        if _starts_sentence(view.text, group[0].start()) and _EN_ROMAN.fullmatch(group[0].group()) and len(group) > 1:
            group.pop(0)  # "II Where to go ...": a heading's number, then a word capitalised as an opening
            if len(group) == 1 or group[1].group().lower() in _EN_CONNECT:
                continue
        line = _line_of(view, group[0].start())
        if _heading(line) and all(t.group().lower() in lowercase for t in group if capital(t.group())):
            continue  # a heading of ordinary words ("Major Progress and Achievements")
        if re.match(r"\s*[A-Z]{2,}(?:\s+[A-Z]{2,})+\b", line) and group[0].group().isupper():
            continue  # a line that opens in capitals (a shouted heading or dateline), not acronyms
        for part in _split_coordination(group, places):
            out.extend(_en_name(part, view, lowercase))
    return out + _en_quoted(view) + _en_descriptive(view)


def _en_name(group: list[re.Match[str]], view: NormalizedText, lowercase: set[str]) -> list[Candidate]:
    """The candidate a run of capitalised words (with of/and/the between them) makes, if any."""

    def capital(tok: str) -> bool:
        return tok[0].isupper()

    while group and (group[-1].group().lower() in _EN_CONNECT):
        group.pop()
    while group and group[0].group() in _EN_LEADING_STOP:
        group.pop(0)
    while group and (group[-1].group() in _EN_LEADING_STOP or group[-1].group().lower() in _EN_CONNECT):
        group.pop()
    capitals = [t for t in group if capital(t.group())]
    if len(capitals) >= 2:
        start, end = group[0].start(), group[-1].end()
        text = view.text[start:end].rstrip(".")
        return [Candidate(text, "en", "name", start, start + len(text), (start, start + len(text)))]
    if len(group) == 1 and _EN_ACRONYM.fullmatch(group[0].group()):
        acronym = group[0].group()
        if acronym.rstrip("s") in _EN_GENERIC_ABBREVIATIONS or acronym in _EN_GENERIC_ABBREVIATIONS:
            return []
        start = group[0].start()
        return [Candidate(acronym, "en", "name", start, start + len(acronym), (start, start + len(acronym)))]
    if len(group) == 1 and (word := _single_name(group[0], view.text, lowercase)) is not None:
        start = group[0].start()
        return [Candidate(word, "en", "name", start, start + len(word), (start, start + len(word)))]
    return []


def find_candidates(view: NormalizedText, names: Iterable[str] = ()) -> list[Candidate]:
    """All name-like spans of a document, in normalised-text offsets.

    ``names``: the registered names, kept whole by the segmenters.
    """
    names = sorted(set(names))
    found = _zh_candidates(view, names) + _th_candidates(view, names) + _en_candidates(view)
    return sorted(found, key=lambda c: (c.start, c.end))


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
        if not words:  # a descriptive or quoted name in lower case: a mention must hold all of it
            return inside(candidate.start, candidate.end)
        return all(inside(candidate.start + a, candidate.start + b) for a, b in words)
    o_start, o_end = view.to_original(*candidate.head)
    if candidate.script == "zh" and candidate.head == (candidate.start, candidate.end):
        return spans.contains(o_start, o_end)  # a title or a short name: a mention must hold all of it
    if spans.overlaps(o_start, o_end):
        return True  # the head is part of a registered name
    if candidate.script == "th" and candidate.category == "place" and candidate.head[1] < candidate.end:
        # A place word before a registered place is another spelling of it ("นคร" +
        # "เซี่ยงไฮ้"); before a body's prefix it is not ("รัฐบาล" + "นครฉงชิ่ง" is a government).
        return inside(candidate.head[1], candidate.end)
    return False


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
    for cand in find_candidates(view, finder.owners):
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
