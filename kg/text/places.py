"""Countries, Chinese provinces, world regions and blocs, by name in English, Chinese and Thai.

The candidate finder and the class guess of ``kg ingest`` need to know that "越南",
"Viet Nam" and "เวียดนาม" are a country, that "欧洲" is a world region (not an
organisation), and that "东盟" is a bloc, whether or not the registry has them yet.

* **Countries** come from pycountry (ISO 3166-1) and its bundled gettext catalogues for
  ``zh_CN`` and ``th``: short and official names, plus the short form where the
  catalogue gives only a long one ("老挝人民民主共和国" -> "老挝", "Korea, Republic of" ->
  "Korea", "สหพันธรัฐรัสเซีย" -> "รัสเซีย").  Nothing is downloaded.
* **Chinese provinces and municipalities** come from ISO 3166-2 (``CN-*``), in ``zh_CN``
  with and without their suffix (省, 市, 自治区: "四川省" and "四川"), and in pinyin
  ("Sichuan Sheng" -> "Sichuan").
* **World regions and blocs** are a short list kept here: the continents and regions
  policy texts name, and the international bodies they name as a group.

Examples
--------
>>> places = known_places()
>>> places["越南"].cls, places["越南"].label_en
('Country', 'Viet Nam')
>>> places["四川"].cls, places["四川省"].label_en
('Province', 'Sichuan')
>>> places["欧洲"].cls, places["ASEAN"].cls
('WorldRegion', 'InternationalOrganisation')
>>> places["เวียดนาม"].label_en
'Viet Nam'
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

__all__ = ["Place", "known_places"]


@dataclass(frozen=True)
class Place:
    """What a place name stands for: its ontology class and its English name."""

    cls: str
    label_en: str


#: Regions and blocs: (class, English, Chinese names, Thai names).
_REGIONS: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("WorldRegion", "Asia", ("亚洲",), ("เอเชีย",)),
    ("WorldRegion", "Europe", ("欧洲",), ("ยุโรป",)),
    ("WorldRegion", "Africa", ("非洲",), ("แอฟริกา",)),
    ("WorldRegion", "North America", ("北美", "北美洲"), ("อเมริกาเหนือ",)),
    ("WorldRegion", "South America", ("南美", "南美洲"), ("อเมริกาใต้",)),
    ("WorldRegion", "Latin America", ("拉美", "拉丁美洲"), ("ละตินอเมริกา",)),
    ("WorldRegion", "Oceania", ("大洋洲",), ("โอเชียเนีย",)),
    ("WorldRegion", "Middle East", ("中东",), ("ตะวันออกกลาง",)),
    ("WorldRegion", "East Asia", ("东亚",), ("เอเชียตะวันออก",)),
    ("WorldRegion", "Southeast Asia", ("东南亚",), ("เอเชียตะวันออกเฉียงใต้",)),
    ("WorldRegion", "South Asia", ("南亚",), ("เอเชียใต้",)),
    ("WorldRegion", "Central Asia", ("中亚",), ("เอเชียกลาง",)),
    ("WorldRegion", "West Asia", ("西亚",), ("เอเชียตะวันตก",)),
    ("WorldRegion", "Asia-Pacific", ("亚太", "亚太地区"), ("เอเชียแปซิฟิก",)),
    ("WorldRegion", "Eurasia", ("欧亚",), ("ยูเรเชีย",)),
    ("WorldRegion", "Western Europe", ("西欧",), ("ยุโรปตะวันตก",)),
    ("WorldRegion", "Eastern Europe", ("东欧",), ("ยุโรปตะวันออก",)),
    ("WorldRegion", "Northern Europe", ("北欧",), ("ยุโรปเหนือ",)),
    ("WorldRegion", "Southern Europe", ("南欧",), ("ยุโรปใต้",)),
    ("WorldRegion", "Central and Eastern Europe", ("中东欧",), ("ยุโรปกลางและตะวันออก",)),
    ("WorldRegion", "Arab States", ("阿拉伯国家",), ("รัฐอาหรับ",)),
    ("InternationalOrganisation", "ASEAN", ("东盟", "东南亚国家联盟"), ("อาเซียน",)),
    ("InternationalOrganisation", "European Union", ("欧盟", "欧洲联盟"), ("สหภาพยุโรป",)),
    ("InternationalOrganisation", "African Union", ("非盟", "非洲联盟"), ("สหภาพแอฟริกา",)),
    ("InternationalOrganisation", "United Nations", ("联合国",), ("สหประชาชาติ",)),
    ("InternationalOrganisation", "League of Arab States", ("阿盟", "阿拉伯国家联盟"), ("สันนิบาตอาหรับ",)),
    ("InternationalOrganisation", "Shanghai Cooperation Organisation", ("上合组织", "上海合作组织"), ("องค์การความร่วมมือเซี่ยงไฮ้",)),
    ("InternationalOrganisation", "BRICS", ("金砖国家",), ("กลุ่มประเทศบริกส์",)),
    ("InternationalOrganisation", "APEC", ("亚太经合组织",), ("เอเปค",)),
    ("InternationalOrganisation", "OECD", ("经合组织",), ()),
    ("InternationalOrganisation", "World Trade Organization", ("世界贸易组织", "世贸组织"), ("องค์การการค้าโลก",)),
    ("InternationalOrganisation", "UNESCO", ("联合国教科文组织",), ("ยูเนสโก",)),
)
_REGION_ABBREVIATIONS = {"EU": "European Union", "UN": "United Nations", "SCO": "Shanghai Cooperation Organisation"}

#: Long forms of a country's name and the words to strip for its short form.
#: Only short names are shortened ("老挝人民民主共和国" is the catalogue's short name for Laos);
#: an official name ("中华人民共和国") is kept as it is.
_ZH_LONG = re.compile("(人民民主共和国|社会主义共和国|伊斯兰共和国|民主共和国|联邦共和国|共和国)$")
_TH_LONG = re.compile("^(ประเทศ|สหพันธรัฐ)")
#: Ethnic words in the names of China's autonomous regions (广西壮族自治区 -> 广西).
_ZH_ETHNIC = re.compile("(维吾尔|壮族|回族)?(自治区|特别行政区|省|市)$")
_PINYIN_TYPE = re.compile(r"\s+(Sheng|Shi|Zizhiqu|SAR|Uygur Zizhiqu|Zhuangzu Zizhiqu|Huizu Zizhiqu)$")
_ISO_CLASS = {"Province": "Province", "Autonomous region": "Province", "Municipality": "Municipality"}


def _add(table: dict[str, Place], name: str, place: Place) -> None:
    """Record ``name`` (first come, first kept: a country's own name beats a region's)."""
    name = name.strip()
    if len(name) >= 2 and name not in table:
        table[name] = place


def _english_forms(country: object, shared: set[str]) -> list[str]:
    name = str(getattr(country, "name", ""))
    forms = [name, str(getattr(country, "common_name", "") or ""), str(getattr(country, "official_name", "") or "")]
    short = name.split(", ", maxsplit=1)[0]
    if ", " in name and short not in shared:  # "Iran, Islamic Republic of" -> "Iran"; not "Korea", two countries'
        forms.append(short)
    return [f for f in forms if f]


def _countries(table: dict[str, Place]) -> None:
    import gettext

    import pycountry

    zh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True)
    th = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["th"], fallback=True)
    countries = sorted(pycountry.countries, key=lambda c: c.alpha_2)
    shorts = Counter(str(c.name).split(", ", maxsplit=1)[0] for c in countries if ", " in str(c.name))
    shared = {short for short, n in shorts.items() if n > 1}
    for country in countries:
        english = _english_forms(country, shared)
        place = Place("Country", english[0])
        for form in english:
            _add(table, form, place)
        official = str(getattr(country, "official_name", "") or "")
        for form in english:
            for catalogue, long_form, script in ((zh, _ZH_LONG, "[\u4e00-\u9fff]"), (th, _TH_LONG, "[\u0e00-\u0e7f]")):
                local = catalogue.gettext(form)
                if not re.search(script, local):
                    continue
                local = local.split(",")[0].strip()
                _add(table, local, place)
                if form != official:
                    _add(table, long_form.sub("", local), place)


def _provinces(table: dict[str, Place]) -> None:
    import gettext

    import pycountry

    zh = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True)
    chinese = pycountry.subdivisions.get(country_code="CN")  # type: ignore[no-untyped-call]
    for sub in sorted(chinese or [], key=lambda s: s.code):
        cls = _ISO_CLASS.get(str(sub.type), "City")  # the special administrative regions: cities
        pinyin = _PINYIN_TYPE.sub("", str(sub.name))
        place = Place(cls, pinyin)
        _add(table, pinyin, place)
        local = zh.gettext(str(sub.name))
        if re.search("[\u4e00-\u9fff]", local):
            _add(table, local, place)
            _add(table, _ZH_ETHNIC.sub("", local), place)


@cache
def known_places() -> dict[str, Place]:
    """Every name form (English, Chinese, Thai) of a country, Chinese province, world region or bloc."""
    table: dict[str, Place] = {}
    _countries(table)
    _provinces(table)
    for cls, english, zh_names, th_names in _REGIONS:
        place = Place(cls, english)
        for name in (english, *zh_names, *th_names):
            _add(table, name, place)
    for short, english in _REGION_ABBREVIATIONS.items():
        _add(table, short, Place("InternationalOrganisation", english))
    return table
