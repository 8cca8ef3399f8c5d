"""Coordinated lists of names in Chinese, English and Thai sentences."""

from __future__ import annotations

from pathlib import Path

from kg.ingest.lists import coordinated_groups, expand, group_of
from kg.ingest.split import sentences
from kg.schema.model import Entity, Names, Where
from kg.text.mentions import Mention, MentionFinder


def _mentions(text: str, *names: str) -> list[Mention]:
    """One mention per name (its first occurrence after the previous one), the entity id being the name."""
    out, at = [], 0
    for name in names:
        start = text.index(name, at)
        out.append(Mention(name, start, start + len(name), name))
        at = start + len(name)
    return out


def _groups(text: str, *names: str) -> list[list[str]]:
    return [[m.entity for m in g] for g in coordinated_groups(text, _mentions(text, *names))]


# --- Chinese -----------------------------------------------------------------------------


def test_chinese_enumeration_comma_and_final_conjunction() -> None:
    text = "科技部、国家发展改革委、外交部和商务部联合制定了专项规划。"
    assert _groups(text, "科技部", "国家发展改革委", "外交部", "商务部") == [["科技部", "国家发展改革委", "外交部", "商务部"]]


def test_chinese_conjunction_followed_by_a_list_means_with() -> None:
    text = "上海技术交易所与越南、泰国建立了长期技术合作。"
    assert _groups(text, "上海技术交易所", "越南", "泰国") == [["越南", "泰国"]]


def test_chinese_pair_and_other_conjunctions() -> None:
    assert _groups("中东欧和西亚国家", "中东欧", "西亚") == [["中东欧", "西亚"]]
    assert _groups("北京、上海以及广州", "北京", "上海", "广州") == [["北京", "上海", "广州"]]
    assert _groups("《规划甲》、《规划乙》等文件", "规划甲", "规划乙") == [["规划甲", "规划乙"]]


def test_chinese_full_width_comma_only_inside_a_list() -> None:
    assert _groups("俄罗斯、以色列，新加坡、德国等国家", "俄罗斯", "以色列", "新加坡", "德国") == [["俄罗斯", "以色列", "新加坡", "德国"]]
    assert _groups("上海，越南", "上海", "越南") == []
    assert _groups("上海支持越南建设", "上海", "越南") == []


# --- English -----------------------------------------------------------------------------


def test_english_lists_with_and_without_the_oxford_comma() -> None:
    text = "CIIE is hosted by the Ministry of Commerce and Shanghai Municipal People's Government."
    assert _groups(text, "CIIE", "Ministry of Commerce", "Shanghai Municipal People's Government") == [
        ["Ministry of Commerce", "Shanghai Municipal People's Government"]
    ]
    text = "Parks at Fudan University, Shanghai Jiao Tong University, and the Tongji University opened."
    assert _groups(text, "Fudan University", "Shanghai Jiao Tong University", "Tongji University") == [
        ["Fudan University", "Shanghai Jiao Tong University", "Tongji University"]
    ]
    assert _groups("Jiangsu, Zhejiang or Anhui", "Jiangsu", "Zhejiang", "Anhui") == [["Jiangsu", "Zhejiang", "Anhui"]]


def test_english_comma_alone_is_no_list() -> None:
    assert _groups("the Pudong New Area, Shanghai, hosts it", "Pudong New Area", "Shanghai") == []


def test_english_apposition_before_and_is_no_list_of_two() -> None:
    text = "Qiu Wenjin, deputy inspector of the Reform Commission, and Zhang Ying, chief engineer, attended."
    assert _groups(text, "Qiu Wenjin", "Reform Commission", "Zhang Ying") == []


def test_english_possessive_is_no_member() -> None:
    text = "The AI Institute of Jiaotong University and Tongji University’s systems lab opened."
    assert _groups(text, "AI Institute", "Jiaotong University", "Tongji University") == []


# --- Thai --------------------------------------------------------------------------------


def test_thai_list_with_spaces_and_a_final_conjunction() -> None:
    text = "เมื่อวันที่ 12 เมษายน กระทรวงการคลัง กระทรวงศึกษาธิการ ธนาคารแห่งประเทศไทย และสำนักงานสถิติแห่งชาติได้ร่วมกันลงนาม"
    names = ("กระทรวงการคลัง", "กระทรวงศึกษาธิการ", "ธนาคารแห่งประเทศไทย", "สำนักงานสถิติแห่งชาติ")
    assert _groups(text, *names) == [list(names)]


def test_thai_glosses_in_brackets_between_members() -> None:
    text = "ได้แก่ เมืองเฉิงตู (Chengdu City) เมืองฉงชิ่ง (Chongqing City) และเมืองเหมียนหยาง (Mianyang)"
    assert _groups(text, "เมืองเฉิงตู", "เมืองฉงชิ่ง", "เมืองเหมียนหยาง") == [["เมืองเฉิงตู", "เมืองฉงชิ่ง", "เมืองเหมียนหยาง"]]


def test_thai_space_without_conjunction_is_no_list() -> None:
    assert _groups("ตั้งอยู่ที่เซี่ยงไฮ้ จีน", "เซี่ยงไฮ้", "จีน") == []
    assert _groups("สนับสนุนเสฉวนและฉงชิ่ง", "เสฉวน", "ฉงชิ่ง") == [["เสฉวน", "ฉงชิ่ง"]]
    assert _groups("เซี่ยงไฮ้ได้ร่วมมือกับเวียดนาม", "เซี่ยงไฮ้", "เวียดนาม") == []


# --- Mentions and the helpers -------------------------------------------------------------


def test_ambiguous_and_nested_mentions() -> None:
    text = "上海技术交易所和越南合作。"
    ms = [
        Mention("ste", 0, 7, "上海技术交易所"),
        Mention("shanghai", 0, 2, "上海"),  # inside a longer name: not a member
        Mention("vietnam", 8, 10, "越南"),
        Mention("viet-nam", 8, 10, "越南"),  # one name of two entities: one member
    ]
    assert [[m.entity for m in g] for g in coordinated_groups(text, ms)] == [["ste", "viet-nam", "vietnam"]]
    assert coordinated_groups("越南", ms[2:]) == []


def test_expand_and_group_of() -> None:
    text = "X 由 A、B 和 C 主办，D 与 E 支持。"
    x, a, b, c, d, e = _mentions(text, "X", "A", "B", "C", "D", "E")
    groups = coordinated_groups(text, [x, a, b, c, d, e])
    assert [[m.entity for m in g] for g in groups] == [["A", "B", "C"], ["D", "E"]]
    assert group_of(groups) == {a: 0, b: 0, c: 0, d: 1, e: 1}
    assert [(p.entity, q.entity) for p, q in expand(groups, x, b)] == [("X", "B"), ("X", "A"), ("X", "C")]
    assert [(p.entity, q.entity) for p, q in expand(groups, a, d)] == [
        ("A", "D"),
        ("A", "E"),
        ("B", "D"),
        ("B", "E"),
        ("C", "D"),
        ("C", "E"),
    ]
    assert expand(groups, a, c) == [(a, c)]
    assert expand(groups, x, x) == []


def test_organisers_in_the_thai_and_english_seed_sentences(root: Path) -> None:
    text = (root / "seeds" / "000_e308cd5cac0daa06.txt").read_text(encoding="utf-8")
    w = Where("x", 1)
    entities = [
        Entity("ciie", "Event", Names({"en": "CIIE", "th": "งานมหกรรมแสดงสินค้านำเข้านานาชาติประเทศจีน"}, {}), w),
        Entity(
            "mofcom",
            "Ministry",
            Names({"en": "Ministry of Commerce of the People's Republic of China", "th": "กระทรวงการพาณิชย์แห่งสาธารณรัฐประชาชนจีน"}, {}),
            w,
        ),
        Entity("sh-gov", "Government", Names({"en": "Shanghai Municipal People's Government", "th": "รัฐบาลประชาชนนครเซี่ยงไฮ้"}, {}), w),
    ]
    finder = MentionFinder(entities)
    mentions = finder.find(text)
    found = []
    for s in sentences(text):
        inside = [m for m in mentions if s.start <= m.start and m.end <= s.end]
        found += [[m.entity for m in g] for g in coordinated_groups(text, inside)]
    assert found == [["mofcom", "sh-gov"], ["mofcom", "sh-gov"]]  # the Thai sentence, then the English one


def test_a_thai_list_holds_across_name_ends_the_finder_left_out() -> None:
    """ "…ทรัพย์สิน|ของรัฐ การบริหารงานทั่วไปของ|กรมศุลกากร …และ…": the bits outside the names are theirs."""
    names = ["กระทรวงการคลัง", "คณะกรรมการกำกับดูแลทรัพย์สิน", "กรมศุลกากร", "สำนักงานทรัพย์สินทางปัญญา"]
    text = "กระทรวงการคลัง คณะกรรมการกำกับดูแลทรัพย์สินของรัฐ การบริหารงานทั่วไปของกรมศุลกากร และสำนักงานทรัพย์สินทางปัญญาได้ร่วมกันเผยแพร่"
    ms = [Mention(f"e{i}", text.index(n), text.index(n) + len(n), n) for i, n in enumerate(names)]
    assert [[m.entity for m in g] for g in coordinated_groups(text, ms)] == [["e0", "e1", "e2", "e3"]]


def test_thai_names_with_a_clause_written_on_between_them_are_no_list() -> None:
    text = "กระทรวงการคลังได้ลงนาม สำนักงานทรัพย์สินทางปัญญา และกรมศุลกากร"
    names = ["กระทรวงการคลัง", "สำนักงานทรัพย์สินทางปัญญา", "กรมศุลกากร"]
    ms = [Mention(f"e{i}", text.index(n), text.index(n) + len(n), n) for i, n in enumerate(names)]
    assert [[m.entity for m in g] for g in coordinated_groups(text, ms)] == [["e1", "e2"]]
