"""Link a new document to the registry and describe the names the registry lacks.

Linking reuses :class:`kg.text.mentions.MentionFinder` (one pass over the document for all
names of all entities), so ``kg ingest`` sees exactly the mentions the build will
count.  Candidates reuse :func:`kg.text.coverage.uncovered` (the patterns of
``kg coverage``), so a curator reviews the same list either way.  What ingest adds to
each candidate name:

* a **guessed class** (:func:`guess_class`): a country, region or city when the name is
  one (pycountry and the bundled list of :mod:`kg.text.places`, or a registered place
  under a place word: "上海市", "นครเชี่ยงใช้"), else the kind its head word says (大学,
  University, มหาวิทยาลัย -> University; 论坛, Forum, เวที -> Forum), else the broad
  class of what the finder saw (an organisation, a place, a programme, an event);
* a **suggested English label** for a Chinese or Thai name (:func:`english_label`),
  built from its parts only when every part is known: a registered name (with its
  English label), a known place, or a head or common word of the small glossary here
  ("上海交通大学医学院" -> "Shanghai Jiao Tong University School of Medicine"); otherwise
  none, and the draft asks for one;
* a **possible alias** (:func:`possible_alias`): a registered name that is the same thing
  spelled otherwise, because the commonest mistake when registering names from a new
  document is to create a second entity for a thing the registry already has.  A flag
  needs a difference that is only spelling, word order, initials or a generic word:

  - *similar*: RapidFuzz's ``fuzz.ratio`` at least 0.8 (docs/decisions/0009) and the
    words that differ are spellings of each other ("Zhang Jiang" / "Zhangjiang"), or, in
    Chinese and Thai, a few characters at most ("นครเชี่ยงใช้" / "นครเซี่ยงไฮ้");
  - *affix*: equal once a generic place word or title is taken off ("上海市" / "上海",
    "Vice Mayor Wu Qing" / "Wu Qing");
  - *initials*: an acronym of a registered English name, or the reverse;
  - *word order*: the same words in another order ("Plan for Science Cooperation on
    the Belt and Road" / "Belt and Road Science Cooperation Plan").

  Containing a registered name is not enough: "Shanghai Stock Exchange" contains
  "Shanghai" and "中国一带一路网" contains "一带一路", and neither is the thing it
  contains.  Words the registry uses in many names (their document frequency over the
  registered names: "Shanghai", "China", "科技", "จีน") single nothing out.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from ..schema.model import Entity
from ..text.coverage import Finding, uncovered
from ..text.mentions import Mention, MentionFinder
from ..text.normalize import normalize_space, script_of
from ..text.places import known_places
from ..text.segment import chinese_words, thai_words

__all__ = [
    "ALIAS_RATIO",
    "ALIAS_SCORE",
    "GENERIC_DF",
    "LEARNED_HEAD",
    "MIN_CONTAINED",
    "PLACE_CLASSES",
    "Alias",
    "CandidateName",
    "Registry",
    "candidates",
    "english_label",
    "fold",
    "guess_class",
    "initials",
    "link",
    "possible_alias",
]

#: ``fuzz.ratio`` score (percent) at or above which a candidate is similar to a registered name.
ALIAS_SCORE = 80.0
#: The same threshold as a ratio (0..1), the scale :attr:`Alias.ratio` is given in.
ALIAS_RATIO = ALIAS_SCORE / 100
#: Containment counts only for registered names at least this long (not "จีน" in everything).
MIN_CONTAINED = 4
#: A word in the names of this many registered entities or more singles nothing out.
GENERIC_DF = 5
#: Registered entities that must share a head word, most of them one class, before it decides a guess.
LEARNED_HEAD = 3
#: Classes of places: a name containing one of them is not that place.
PLACE_CLASSES = frozenset({"Country", "City", "Province", "Municipality", "District", "WorldRegion", "EconomicRegion", "Place"})


@dataclass(frozen=True)
class Alias:
    """A registered name a candidate may be another spelling of."""

    entity: str
    name: str
    ratio: float
    how: str  # "similar", "affix", "initials", "word order" (from _best_alias alone also "contains" / "contained")


@dataclass
class CandidateName(Finding):
    """An unregistered, name-like string of the document (a coverage finding), described for a curator.

    ``stub`` is the id its draft entity stub gets, and candidate statements use: a slug
    of an English name ("huawei", or of ``label_en``), else ``candidate-N`` by rank, never
    a registered id.  ``cls`` is the guessed ontology class; ``label_en`` the suggested
    English label (the name itself for an English name), ``None`` when a Chinese or Thai
    name needs one from the curator.
    """

    alias: Alias | None = None
    stub: str = ""
    cls: str = ""
    label_en: str | None = None


def link(text: str, finder: MentionFinder) -> list[Mention]:
    """Every mention of every registered entity, in document order (one automaton pass)."""
    return finder.find(text)


def fold(name: str) -> str:
    """The form names are compared in: case-folded, spaces removed."""
    return name.casefold().replace(" ", "")


# -- The registry as the guesses need it ------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    """A word list written as one string, words separated by whitespace."""
    return tuple(text.split())


_EN_WORD = re.compile(r"[a-z0-9]+(?:[-'’][a-z0-9]+)*")
_EN_STOP = frozenset(_words("and of the for in on at to a an & s"))
_PUNCT = re.compile(r"[\s\"“”‘’'()（）《》「」—–\-·,、.]+")


@lru_cache(maxsize=65536)
def _tokens(name: str, script: str) -> tuple[str, ...]:
    """The words of a name, lower case, without function words or punctuation (cached: registries repeat)."""
    if script == "en":
        return tuple(w for w in _EN_WORD.findall(name.casefold()) if w not in _EN_STOP)
    words = chinese_words(name) if script == "zh" else thai_words(name)
    return tuple(w.text for w in words if not _PUNCT.fullmatch(w.text))


@dataclass
class Registry:
    """The registered names, indexed once for every candidate of a document."""

    entities: dict[str, Entity]
    #: ``{script: [(entity id, name, folded name)]}``, folded once rather than per candidate.
    names: dict[str, list[tuple[str, str, str]]]
    #: ``{script: {word: number of entities with the word in a name}}``.
    df: dict[str, Counter[str]]
    #: Folded name -> (entity id, name), per script.
    exact: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)
    #: ``{(script, head word): Counter(class of the registered entities named with that head)}``.
    heads: dict[tuple[str, str], Counter[str]] = field(default_factory=dict)
    #: ``{(script, sorted words): (entity id, name)}``, the first name with those words.
    bags: dict[tuple[str, tuple[str, ...]], tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, entities: Iterable[Entity]) -> Registry:
        by_id = {e.id: e for e in entities}
        names: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        df: dict[str, Counter[str]] = defaultdict(Counter)
        exact: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
        heads: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        bags: dict[tuple[str, tuple[str, ...]], tuple[str, str]] = {}
        for entity in by_id.values():
            seen: dict[str, set[str]] = defaultdict(set)
            headed: set[tuple[str, str]] = set()
            for _lang, name in entity.names.all_names():
                clean = normalize_space(name)
                script = script_of(clean)
                names[script].append((entity.id, clean, fold(clean)))
                exact[script].setdefault(fold(clean), (entity.id, clean))
                words = _tokens(clean, script)
                seen[script].update(words)
                bags.setdefault((script, tuple(sorted(words))), (entity.id, clean))
                if (head := _head(clean, script)) is not None:
                    headed.add((script, head))
            for script, seen_words in seen.items():
                df[script].update(seen_words)
            for key in headed:
                heads[key][entity.cls] += 1
        return cls(by_id, dict(names), dict(df), dict(exact), dict(heads), bags)

    def head_class(self, head: str, script: str) -> str | None:
        """The class most registered entities named with ``head`` have, if at least three do and they are most."""
        counts = self.heads.get((script, head))
        if not counts:
            return None
        (top, n), total = counts.most_common(1)[0], sum(counts.values())
        return top if n >= LEARNED_HEAD and 2 * n > total else None

    def generic(self, word: str, script: str) -> bool:
        """Whether the registry uses ``word`` in so many names that it singles nothing out."""
        return self.df.get(script, Counter())[word] >= GENERIC_DF

    def english(self, entity_id: str) -> str | None:
        """The entity's English label, if it has one."""
        return self.entities[entity_id].names.pref.get("en")

    def lookup(self, name: str, script: str) -> tuple[str, str] | None:
        """The registered (entity id, name) spelled ``name`` (folded), if any."""
        return self.exact.get(script, {}).get(fold(normalize_space(name)))


def _names_by_script(entities: Iterable[Entity]) -> dict[str, list[tuple[str, str, str]]]:
    """``{script: [(entity id, name, folded name)]}`` (kept for the ingest benchmark)."""
    return Registry.of(entities).names


# -- Class guess -------------------------------------------------------------------------

#: Chinese heads (the end of a name) and the class they make; the longest that ends it wins.
_ZH_HEADS: dict[str, tuple[str, str]] = {
    # head: (class, English)
    "委员会": ("Commission", "Commission"),
    "办公室": ("Office", "Office"),
    "领导小组": ("GovernmentBody", "Leading Group"),
    "研究院": ("ResearchInstitute", "Research Institute"),
    "研究所": ("ResearchInstitute", "Institute"),
    "科学院": ("Academy", "Academy of Sciences"),
    "医学院": ("University", "School of Medicine"),
    "实验室": ("Laboratory", "Laboratory"),
    "交易所": ("TechnologyExchange", "Exchange"),
    "研究中心": ("ResearchCentre", "Research Centre"),
    "中心": ("ResearchCentre", "Centre"),
    "大学": ("University", "University"),
    "学院": ("University", "College"),
    "有限公司": ("Enterprise", "Co., Ltd."),
    "公司": ("Enterprise", "Company"),
    "集团": ("Enterprise", "Group"),
    "协会": ("Association", "Association"),
    "联盟": ("Association", "Alliance"),
    "基金会": ("Organisation", "Foundation"),
    "银行": ("FinancialInstitution", "Bank"),
    "基金": ("FinancialInstitution", "Fund"),
    "平台": ("Platform", "Platform"),
    "基地": ("Platform", "Base"),
    "网络": ("Platform", "Network"),
    "服务网": ("Platform", "Network"),
    "体系": ("Project", "System"),
    "系统": ("Platform", "System"),
    "孵化器": ("Platform", "Incubator"),
    "政府": ("GovernmentBody", "Government"),
    "人民政府": ("LocalGovernment", "People's Government"),
    "部": ("Ministry", "Ministry"),
    "委": ("Commission", "Commission"),
    "局": ("Administration", "Bureau"),
    "署": ("Administration", "Administration"),
    "办": ("Office", "Office"),
    "自贸区": ("FreeTradeZone", "Free Trade Zone"),
    "自贸试验区": ("FreeTradeZone", "Pilot Free Trade Zone"),
    "示范区": ("InnovationZone", "Demonstration Zone"),
    "试验区": ("InnovationZone", "Pilot Zone"),
    "开发区": ("SciencePark", "Development Zone"),
    "新区": ("District", "New Area"),
    "服务区": ("ParkOrZone", "Service Zone"),
    "合作区": ("ParkOrZone", "Cooperation Zone"),
    "科学城": ("ScienceCity", "Science City"),
    "科技城": ("ScienceCity", "Science and Technology City"),
    "知识城": ("ScienceCity", "Knowledge City"),
    "生态城": ("ScienceCity", "Eco-City"),
    "城": ("ScienceCity", "City"),
    "科技园": ("SciencePark", "Science Park"),
    "产业园": ("SciencePark", "Industrial Park"),
    "园区": ("SciencePark", "Park"),
    "园": ("SciencePark", "Park"),
    "区": ("ParkOrZone", "Zone"),
    "经济带": ("EconomicRegion", "Economic Belt"),
    "经济圈": ("EconomicRegion", "Economic Circle"),
    "市场": ("Platform", "Market"),
    "省": ("Province", "Province"),
    "市": ("City", "City"),
    "规划": ("Plan", "Plan"),
    "计划": ("Plan", "Programme"),
    "倡议": ("Initiative", "Initiative"),
    "战略": ("Initiative", "Strategy"),
    "工程": ("Project", "Project"),
    "行动": ("Plan", "Action"),
    "意见": ("PolicyDocument", "Opinions"),
    "方案": ("Plan", "Plan"),
    "项目": ("Project", "Projects"),
    "资金": ("Project", "Fund"),
    "纲要": ("Plan", "Outline"),
    "博览会": ("Expo", "Expo"),
    "展览会": ("Expo", "Exhibition"),
    "论坛": ("Forum", "Forum"),
    "分论坛": ("Forum", "Sub-forum"),
    "峰会": ("Conference", "Summit"),
    "大会": ("Conference", "Conference"),
    "会议": ("Conference", "Conference"),
    "研讨会": ("Conference", "Seminar"),
    "交流会": ("Conference", "Exchange Meeting"),
    "通报会": ("Conference", "Briefing"),
    "洽谈会": ("Conference", "Fair"),
    "推介会": ("Conference", "Promotion Meeting"),
}
#: Thai heads (the start of a name) and the class they make; the longest that starts it wins.
_TH_HEADS: dict[str, tuple[str, str]] = {
    "กระทรวง": ("Ministry", "Ministry"),
    "กรม": ("Administration", "Department"),
    "สถาบันบัณฑิต": ("Academy", "Academy"),
    "สถาบัน": ("ResearchInstitute", "Institute"),
    "ศูนย์": ("ResearchCentre", "Centre"),
    "มหาวิทยาลัย": ("University", "University"),
    "ห้องปฏิบัติการ": ("Laboratory", "Laboratory"),
    "สำนักงาน": ("Office", "Office"),
    "คณะกรรมการ": ("Commission", "Commission"),
    "ธนาคาร": ("FinancialInstitution", "Bank"),
    "บริษัท": ("Enterprise", "Company"),
    "สมาคม": ("Association", "Association"),
    "องค์การ": ("Organisation", "Organisation"),
    "พิพิธภัณฑ์": ("Museum", "Museum"),
    "สภา": ("GovernmentBody", "Council"),
    "รัฐบาล": ("GovernmentBody", "Government"),
    "แพลตฟอร์ม": ("Platform", "Platform"),
    "เครือข่าย": ("Platform", "Network"),
    "กองทุน": ("FinancialInstitution", "Fund"),
    "กลุ่ม": ("Project", "Cluster"),
    "ระบบ": ("Project", "System"),
    "อุทยานวิทยาศาสตร์": ("SciencePark", "Science Park"),
    "อุทยาน": ("SciencePark", "Park"),
    "เขตนำร่อง": ("InnovationZone", "Pilot Zone"),
    "เขตเศรษฐกิจ": ("EconomicRegion", "Economic Zone"),
    "เขต": ("ParkOrZone", "Zone"),
    "เมืองวิทยาศาสตร์": ("ScienceCity", "Science City"),
    "นคร": ("City", "City"),
    "มณฑล": ("Province", "Province"),
    "เมือง": ("City", "City"),
    "ประเทศ": ("Country", "Country"),
    "พื้นที่": ("ParkOrZone", "Area"),
    "ภูมิภาค": ("EconomicRegion", "Region"),
    "วงกลมเศรษฐกิจ": ("EconomicRegion", "Economic Circle"),
    "อุปกรณ์": ("Facility", "Device"),
    "สิ่งอำนวยความสะดวก": ("Facility", "Facility"),
    "เรดาร์": ("Facility", "Radar"),
    "สถานี": ("Facility", "Station"),
    "แผนที่": ("Project", "Map"),
    "โครงการ": ("Project", "Project"),
    "แผน": ("Plan", "Plan"),
    "ข้อริเริ่ม": ("Initiative", "Initiative"),
    "ความคิดเห็น": ("PolicyDocument", "Opinions"),
    "ยุทธศาสตร์": ("Initiative", "Strategy"),
    "นโยบาย": ("PolicyDocument", "Policy"),
    "มาตรการ": ("PolicyDocument", "Measures"),
    "งานมหกรรม": ("Expo", "Expo"),
    "งานแสดงสินค้า": ("Expo", "Expo"),
    "มหกรรม": ("Expo", "Expo"),
    "การประชุม": ("Conference", "Conference"),
    "เวที": ("Forum", "Forum"),
}
#: English heads (the last word, or the word before "of"/"for") and the class they make.
_EN_HEADS: dict[str, str] = {
    **dict.fromkeys(_words("university college school"), "University"),
    **dict.fromkeys(_words("institute institutes"), "ResearchInstitute"),
    **dict.fromkeys(_words("academy"), "Academy"),
    **dict.fromkeys(_words("laboratory laboratories lab labs"), "Laboratory"),
    **dict.fromkeys(_words("center centre centers centres"), "ResearchCentre"),
    **dict.fromkeys(_words("ministry"), "Ministry"),
    **dict.fromkeys(_words("commission committee"), "Commission"),
    **dict.fromkeys(_words("office bureau section"), "Office"),
    **dict.fromkeys(_words("administration agency"), "Administration"),
    **dict.fromkeys(_words("department council government"), "GovernmentBody"),
    **dict.fromkeys(_words("company co ltd inc corporation corp group technologies"), "Enterprise"),
    **dict.fromkeys(_words("bank fund"), "FinancialInstitution"),
    **dict.fromkeys(_words("association alliance society federation consortium network"), "Association"),
    **dict.fromkeys(_words("park parks"), "SciencePark"),
    **dict.fromkeys(_words("zone zones"), "InnovationZone"),
    **dict.fromkeys(_words("exchange"), "TechnologyExchange"),
    **dict.fromkeys(_words("platform platforms"), "Platform"),
    **dict.fromkeys(_words("forum"), "Forum"),
    **dict.fromkeys(_words("conference summit congress seminar symposium meeting briefing"), "Conference"),
    **dict.fromkeys(_words("expo exhibition fair"), "Expo"),
    **dict.fromkeys(_words("week festival"), "Event"),
    **dict.fromkeys(_words("plan plans programme program outline"), "Plan"),
    **dict.fromkeys(_words("initiative strategy system scheme vouchers"), "Initiative"),
    **dict.fromkeys(_words("project projects"), "Project"),
    **dict.fromkeys(_words("opinions measures rules regulations guidelines policy"), "PolicyDocument"),
    "law": "Law",
    "museum": "Museum",
    **dict.fromkeys(_words("facility facilities telescope device devices satellite machine cluster"), "Facility"),
    "party": "PoliticalParty",
    "district": "District",
    "province": "Province",
    "municipality": "Municipality",
    **dict.fromkeys(_words("region delta belt"), "EconomicRegion"),
}
#: Two-word English heads that say more than their last word.
_EN_HEADS_2 = {"free trade zone": "FreeTradeZone", "science city": "ScienceCity", "co ltd": "Enterprise"}
#: The class of a candidate whose head says nothing, by what the finder saw.
_CATEGORY_CLASSES = {
    "organisation": "Organisation",
    "place": "Place",
    "programme": "Programme",
    "event": "Event",
    "facility": "Facility",
    "name": "Actor",
}
#: Place words around a place's name ("上海市", "นครเชี่ยงใช้", "Shanghai Municipality").
_ZH_PLACE_AFFIX = re.compile("(特别行政区|自治区|地区|省|市|区)$")
_TH_PLACE_AFFIX = re.compile("^(นคร|มณฑล|ประเทศ|เมือง|เขต|ภูมิภาค|จังหวัด)")
_EN_PLACE_AFFIX = re.compile(r"^(the\s+)|\s+(city|municipality|province|region|area|district)$", re.IGNORECASE)
#: Titles before a person's name ("Vice Mayor Wu Qing").
_EN_TITLES = re.compile(
    r"^(?:(?:chinese|vice|deputy|executive|general|former)\s+)*"
    r"(?:president|premier|mayor|secretary|minister|director|chairman|governor|professor|dr|mr|ms|madam)\s+",
    re.IGNORECASE,
)
_ZH_TITLES = re.compile("(主席|总书记|总理|副市长|市长|部长|主任|书记|院长|教授)$")
_TH_TITLES = re.compile("^(นาย|นาง|นางสาว|ดร\\.|ประธานาธิบดี|นายกรัฐมนตรี|รองนายกเทศมนตรี|นายกเทศมนตรี)")


def _strip_affixes(text: str, script: str) -> str:
    """``text`` without the place words and titles around a name (the name alone)."""
    if script == "zh":
        return _ZH_TITLES.sub("", _ZH_PLACE_AFFIX.sub("", text))
    if script == "th":
        return _TH_TITLES.sub("", _TH_PLACE_AFFIX.sub("", text))
    out = _EN_TITLES.sub("", _EN_PLACE_AFFIX.sub("", text.strip()))
    return re.sub(r"['’]s$", "", out)


def _place_class(text: str, script: str, registry: Registry) -> str | None:
    """The class of a place ``text`` names: a known place, or a registered one under a place word."""
    places = known_places()
    if text in places:
        return places[text].cls
    bare = _strip_affixes(text, script)
    if bare != text and bare:
        if bare in places:
            return places[bare].cls
        found = registry.lookup(bare, script)
        if found is not None and registry.entities[found[0]].cls in PLACE_CLASSES:
            return registry.entities[found[0]].cls
    parts = [p for p in re.split(r"\s*(?:[-–—、]|และ|\band\b)\s*", bare or text) if p]
    if len(parts) >= 2 and all(p in places or _registered_place(p, script, registry) for p in parts):
        return "EconomicRegion"  # a region of several places: ภูมิภาคปักกิ่ง-เทียนจิน-เหอเป่ย
    return None


def _registered_place(name: str, script: str, registry: Registry) -> bool:
    found = registry.lookup(name, script)
    return found is not None and registry.entities[found[0]].cls in PLACE_CLASSES


_ZH_HEAD_ORDER = sorted(_ZH_HEADS, key=len, reverse=True)
_TH_HEAD_ORDER = sorted(_TH_HEADS, key=len, reverse=True)


def _head(text: str, script: str) -> str | None:
    """The head word of a name: its last word in Chinese and English, its first in Thai, or the word before "of"."""
    if script == "zh":
        return next((h for h in _ZH_HEAD_ORDER if text.endswith(h) and len(text) > len(h)), None)
    if script == "th":
        return next((h for h in _TH_HEAD_ORDER if text.startswith(h) and len(text) > len(h)), None)
    words: list[str] = _EN_WORD.findall(text.casefold())
    for size in (3, 2):
        if len(words) >= size and " ".join(words[-size:]) in _EN_HEADS_2:
            return " ".join(words[-size:])
    if words and words[-1] in _EN_HEADS:
        return words[-1]
    for k, word in enumerate(words[:-1]):
        if words[k + 1] in ("of", "for") and word in _EN_HEADS:
            return word  # "Ministry of ...", "Centre for ..."
    return None


def _head_class(text: str, script: str) -> str | None:
    """The class the head word of a name says in the tables here, if it says one."""
    head = _head(text, script)
    if head is None:
        return None
    if script == "zh":
        return _ZH_HEADS[head][0]
    if script == "th":
        return _TH_HEADS[head][0]
    return _EN_HEADS_2.get(head) or _EN_HEADS[head]


#: Titles that stand right before or after a person's name ("Leng Weiqing, director of …",
#: "Wu Qing รองนายกเทศมนตรี…", "นาย…", "李强市长").  A candidate name with no kind of its own
#: that is written so at least once is taken for a person.
_EN_TITLE = r"(?:president|premier|mayor|secretary|minister|director|chairman|governor|professor|inspector|engineer|spokes(?:person|man|woman)|academician|dean)"
_EN_TITLE_MOD = r"(?:(?:vice|deputy|executive|chief|general|former|assistant|associate|senior)[\s-]+)*"
_PERSON_AFTER = {
    "en": re.compile(rf",?\s+(?:the\s+)?{_EN_TITLE_MOD}{_EN_TITLE}\b", re.IGNORECASE),
    "zh": re.compile("(?:副)?(?:主席|总书记|总理|市长|部长|主任|书记|院长|教授|局长|省长|司长|所长|校长|董事长|总经理|秘书长)"),
    "th": re.compile(r"\s*(?:รอง)?(?:นายกเทศมนตรี|นายกรัฐมนตรี|รัฐมนตรี|ผู้ว่าการ|ประธาน|ผู้อำนวยการ|อธิการบดี|เลขาธิการ)"),
}
_PERSON_BEFORE = {
    "en": re.compile(rf"\b(?:{_EN_TITLE_MOD}{_EN_TITLE}|mr|ms|mrs|madam|dr)\.?\s+$", re.IGNORECASE),
    "th": re.compile(r"(?:นาย|นาง|นางสาว|ดร\.|ศาสตราจารย์)\s*$"),
}


def written_as_person(text: str, spans: Iterable[tuple[int, int]], script: str) -> bool:
    """Whether a title stands right before or after one of the name's occurrences (``spans`` into ``text``).

    >>> written_as_person("Leng Weiqing, director of the Office", [(0, 12)], "en")
    True
    >>> written_as_person("Fudan University, the campus", [(0, 16)], "en")
    False
    """
    after, before = _PERSON_AFTER.get(script), _PERSON_BEFORE.get(script)
    for start, end in spans:
        if after is not None and after.match(text, end):
            return True
        if before is not None and before.search(text[max(0, start - 30) : start]):
            return True
    return False


#: An English name that opens with a policy's verb in -ing is the title of a document ("Further
#: Supporting the Accelerated Construction of the Western Science City", "Promoting the …"), whatever
#: its last word names.  A list, not any word in -ing: Beijing, Nanjing and Chongqing end so too.
_EN_TITLE_START = re.compile(
    r"^(?:Further\s+)?(?:Supporting|Promoting|Accelerating|Deepening|Strengthening|Building|Implementing|Advancing|"
    r"Encouraging|Establishing|Developing|Improving|Expanding|Facilitating|Optimi[sz]ing|Carrying|Guiding|Regulating|"
    r"Standardi[sz]ing|Reforming|Boosting|Fostering|Enhancing|Creating|Launching)\s"
)


def guess_class(text: str, script: str, category: str, registry: Registry) -> str:
    """The ontology class a candidate name most likely has (a place, its head's kind, or its category's).

    >>> reg = Registry.of([])
    >>> guess_class("欧洲", "zh", "place", reg), guess_class("复旦大学", "zh", "organisation", reg)
    ('WorldRegion', 'University')
    >>> guess_class("Mekong Innovation Centre", "en", "name", reg), guess_class("Huawei", "en", "name", reg)
    ('ResearchCentre', 'Actor')
    """
    head = _head(text, script)
    if script == "en" and _EN_TITLE_START.match(text):
        return "PolicyDocument"  # "Further Supporting the … of the Western Science City": a title, not the city
    title = script == "zh" and category == "programme" and head is None
    learned = registry.head_class(head, script) if head is not None else None
    fallback = "PolicyDocument" if title else _CATEGORY_CLASSES.get(category, "Actor")
    return _place_class(text, script, registry) or learned or _head_class(text, script) or fallback


# -- English label -----------------------------------------------------------------------

#: Chinese words a name is commonly built from, beside the heads, with their English.
_ZH_GLOSSARY = {
    **{head: english for head, (_cls, english) in _ZH_HEADS.items()},
    "国际": "International",
    "国家": "National",
    "全球": "Global",
    "科技": "Science and Technology",
    "科学": "Science",
    "技术": "Technology",
    "创新": "Innovation",
    "合作": "Cooperation",
    "研究": "Research",
    "联合": "Joint",
    "转移": "Transfer",
    "研发": "R&D",
    "产业": "Industrial",
    "工业": "Industrial",
    "交流": "Exchange",
    "服务": "Service",
    "知识产权": "Intellectual Property",
    "交易": "Trading",
    "企业": "Enterprise",
    "海洋": "Marine",
    "金融": "Financial",
    "人才": "Talent",
    "中德": "Sino-German",
    "中英": "Sino-British",
    "中法": "Sino-French",
    "中俄": "China-Russia",
    "中韩": "China-Korea",
    "中泰": "China-Thailand",
    "中美": "China-US",
    "中日": "China-Japan",
    "中以": "China-Israel",
    "东部": "Eastern",
    "西部": "Western",
    "南部": "Southern",
    "北部": "Northern",
    "华东": "East China",
}
#: Thai words a name is commonly built from, beside the heads, with their English.
_TH_GLOSSARY = {**{head: english for head, (_cls, english) in _TH_HEADS.items()}, "และ": "and"}
_JOINERS = {"-": "-", "–": "-", "—": "-", "－": "-"}
_QUOTES = "“”‘’「」\"'"


def _parts(text: str, script: str, registry: Registry) -> list[tuple[str, bool]] | None:
    """``text`` cut into known parts, longest first: (English, whether a proper name), or None if a part is unknown."""
    places = known_places()
    glossary = _ZH_GLOSSARY if script == "zh" else _TH_GLOSSARY
    known: dict[str, tuple[str, bool]] = {}
    for ent_id, name, _folded in registry.names.get(script, []):
        english = registry.english(ent_id)
        if english and name not in known:
            known[name] = (english, True)
    out: list[tuple[str, bool]] = []
    at = 0
    longest = max((len(k) for k in (*known, *places, *glossary)), default=1)
    while at < len(text):
        if text[at] in _QUOTES or text[at].isspace():
            at += 1
            continue
        if text[at] in _JOINERS:
            out.append((_JOINERS[text[at]], False))
            at += 1
            continue
        for size in range(min(longest, len(text) - at), 0, -1):
            piece = text[at : at + size]
            if piece in known:
                out.append(known[piece])
            elif piece in places:
                out.append((places[piece].label_en, True))
            elif piece in glossary:
                out.append((glossary[piece], False))
            else:
                continue
            at += size
            break
        else:
            return None
    return out


def english_label(text: str, script: str, registry: Registry) -> str | None:
    """A suggested English label for a Chinese or Thai name, from parts only when every part is known.

    Chinese puts the head last, as English does; a Thai name opens with its head
    ("มหาวิทยาลัย" + name), which English puts after a proper name ("Fudan University")
    and before anything else ("Ministry of Science and Technology").

    >>> from kg.schema.model import Entity, Names, Where
    >>> sjtu = Entity("sjtu", "University", Names({"en": "Shanghai Jiao Tong University", "zh": "上海交通大学"}, {}), Where("x", 1))
    >>> english_label("上海交通大学医学院", "zh", Registry.of([sjtu]))
    'Shanghai Jiao Tong University School of Medicine'
    >>> english_label("中国-东盟技术转移中心", "zh", Registry.of([]))
    'China-ASEAN Technology Transfer Centre'
    >>> english_label("上海交通大学附属医院", "zh", Registry.of([sjtu])) is None
    True
    """
    if script == "en":
        return text
    parts = _parts(text, script, registry)
    if not parts:
        return None
    if script == "th" and len(parts) >= 2 and not parts[0][1]:
        head, rest = parts[0][0], parts[1:]
        if all(proper or word == "-" for word, proper in rest):
            return _join(rest) + " " + head
        return head + " of " + _join(rest)
    return _join(parts)


def _join(parts: list[tuple[str, bool]]) -> str:
    out = ""
    for word, _proper in parts:
        out += word if (word == "-" or out.endswith("-") or not out) else " " + word
    return out


# -- Possible aliases --------------------------------------------------------------------


def _best_alias(text: str, names: list[tuple[str, str, str]]) -> Alias | None:
    """The closest registered name: highest ``fuzz.ratio`` (the first on a tie), else containment.

    The raw search; :func:`possible_alias` decides whether the closest name is the same thing.
    """
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


def _spelling_only(text: str, name: str, script: str) -> bool:
    """Whether two similar names differ in spelling only, not by a word that names something else.

    English: the words one has and the other lacks, run together, are nearly the same
    ("zhang jiang" / "zhangjiang"; not "zhangjiang" / "zhangjiang drug").  Chinese and Thai:
    a few characters changed (one in four at most), none inserted beyond one: an inserted run
    is a word ("ศูนย์นวัตกรรม|ทาง|วิทยาศาสตร์...").  An acronym is never a spelling of another.
    """
    if re.fullmatch(r"[A-Z][A-Z0-9&]{1,9}", text):
        return False
    if script != "en":
        a, b = fold(text), fold(name)
        if _head_class(text, script) != _head_class(name, script):
            return False  # "ระบบ..." is no spelling of "กระทรวง...": another head, another kind of thing
        return abs(len(a) - len(b)) <= 1 and Levenshtein.distance(a, b) <= max(1, min(len(a), len(b)) // 4)
    mine, theirs = _tokens(text, "en"), _tokens(name, "en")
    only_mine = "".join(w for w in mine if w not in theirs)
    only_theirs = "".join(w for w in theirs if w not in mine)
    if not only_mine and not only_theirs:
        return True
    return abs(len(only_mine) - len(only_theirs)) <= 2 and fuzz.ratio(only_mine, only_theirs) >= ALIAS_SCORE


def initials(name: str) -> str:
    """The initials of an English name's capitalised words ("Shanghai Technology Exchange" -> "STE")."""
    return "".join(w[0] for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", name) if w[0].isupper() and w.casefold() not in _EN_STOP)


def _distinctive(text: str, script: str, registry: Registry) -> bool:
    """Whether a name has a word that few registered names share."""
    return any(not registry.generic(w, script) for w in _tokens(text, script))


def possible_alias(text: str, script: str, registry: Registry) -> Alias | None:
    """A registered name ``text`` may be another spelling of (see the module docs), else None."""
    bare = _strip_affixes(text, script)
    if bare and bare != text and len(fold(bare)) >= 2:
        found = registry.lookup(bare, script)
        if found is not None:
            return Alias(found[0], found[1], 0.0, "affix")
    names = registry.names.get(script, [])
    if script == "en" and re.fullmatch(r"[A-Z][A-Z0-9&]{1,9}", text):
        for ent_id, name, _folded in names:
            if len(name.split()) >= 2 and initials(name) == text:
                return Alias(ent_id, name, 0.0, "initials")
    elif script == "en" and len(text.split()) >= 2:
        letters = initials(text)
        if len(letters) >= 2 and (found := registry.lookup(letters, "en")) is not None and found[1].isupper():
            return Alias(found[0], found[1], 0.0, "initials")
    words = tuple(sorted(_tokens(text, script)))
    moved = registry.bags.get((script, words)) if len(words) >= 2 else None
    if moved is not None and fold(moved[1]) != fold(text):
        return Alias(moved[0], moved[1], 0.0, "word order")
    best = _best_alias(text, names)
    if best is not None and best.how == "similar" and _spelling_only(text, best.name, script) and _distinctive(best.name, script, registry):
        return best
    return None


def candidates(
    text: str,
    finder: MentionFinder,
    entities: Iterable[Entity],
    ignores: dict[str, str] | None = None,
    mentions: list[Mention] | None = None,
) -> list[CandidateName]:
    """Uncovered name-like strings, most frequent first, each with a class, an English label and a possible alias.

    ``mentions``: the text's mentions if already found (:func:`link`), not to find them twice.
    """
    todo, _ignored = uncovered(text, finder, ignores, mentions)
    entities = list(entities)
    registry = Registry.of(entities)
    ranked: list[Finding] = sorted(todo, key=lambda f: (-f.count, f.first_line, f.text))
    taken = {e.id for e in entities}
    out = []
    for n, f in enumerate(ranked, 1):
        label = english_label(f.text, f.script, registry)
        stub = _stub_id(label, n, taken)
        taken.add(stub)
        out.append(
            CandidateName(
                f.text,
                f.script,
                f.category,
                f.count,
                f.first_line,
                f.context,
                f.spans,
                alias=possible_alias(f.text, f.script, registry),
                stub=stub,
                cls=_person_or(guess_class(f.text, f.script, f.category, registry), f, text),
                label_en=label,
            )
        )
    return out


def _person_or(guess: str, f: Finding, text: str) -> str:
    """``Person`` for a name with no kind of its own (an actor by default) that ``text`` writes with a title."""
    return "Person" if guess == "Actor" and written_as_person(text, f.spans, f.script) else guess


def _stub_id(label: str | None, n: int, taken: set[str]) -> str:
    """A slug of the English name if free, else ``candidate-N`` (N: the candidate's rank)."""
    slug = re.sub(r"[^a-z0-9]+", "-", (label or "").lower()).strip("-")[:60].strip("-")
    return slug if slug and slug not in taken else f"candidate-{n}"
