"""The candidate-name rules of kg.text.coverage, one script at a time, on sentences written for the rule."""

from __future__ import annotations

import pytest

from kg.text.coverage import find_candidates
from kg.text.normalize import NormalizedText
from kg.text.places import known_places


def names(text: str, registered: tuple[str, ...] = ()) -> list[str]:
    return [c.text for c in find_candidates(NormalizedText(text), registered)]


# -- Chinese ------------------------------------------------------------------------------


def test_a_head_ends_a_name_only_at_a_word_boundary() -> None:
    assert names("外交部进行了工作部署。") == []  # 部署 is a word: no 工作部
    assert names("该市城市建设加快。") == []  # 城市 is a word: no 该市


def test_a_name_starts_after_function_words_governing_verbs_and_clause_openers() -> None:
    assert names("上海还积极支持亚洲企业孵化器协会。", ("上海",)) == ["亚洲企业孵化器协会"]
    assert names("依托浦江创新论坛，推动合作。") == ["浦江创新论坛"]
    assert names("2017年浦江创新论坛开幕。") == ["浦江创新论坛"]


def test_a_name_must_single_something_out() -> None:
    """A proper name, a place, two lone characters, a quotation; kinds of things are not names."""
    assert names("建设联合实验室和技术转移中心。") == []
    assert names("设立研发中心。") == []
    assert names("东盟技术转移中心成立。") == ["东盟技术转移中心"]
    assert names("共建一批联合实验室。") == []  # a quantity: a kind


def test_quoted_names_are_taken_whole_and_sino_x_abbreviations_belong_to_the_name() -> None:
    found = names("推动“驻外科技外交官创新合作与技术转移服务体系”建设。陆续主办中俄科技企业研讨会。")
    assert found == ["驻外科技外交官创新合作与技术转移服务体系", "中俄科技企业研讨会"]


def test_members_of_an_enumeration_closed_by_a_kind_are_names_of_that_kind() -> None:
    found = names("推动张江、漕河泾、紫竹、临港等品牌园区开展合作。")
    assert found == ["张江", "漕河泾", "紫竹", "临港"]


def test_events_someone_holds_are_names() -> None:
    found = names("定期举办跨国技术转移大会、国际创新论坛。")
    assert found == ["跨国技术转移大会", "国际创新论坛"]


def test_a_country_or_bloc_the_registry_lacks_is_a_candidate_where_no_name_holds_it() -> None:
    assert names("与欧盟开展合作。") == ["欧盟"]
    assert names("东盟技术转移中心成立。") == ["东盟技术转移中心"]


def test_titles_in_book_marks_are_candidates() -> None:
    assert "上海市科技创新“十三五”规划" in names("发布了《上海市科技创新“十三五”规划》。")


# -- Thai ---------------------------------------------------------------------------------


def test_a_thai_name_opens_with_a_prefix_and_runs_to_a_break() -> None:
    found = names("กระทรวงวิทยาศาสตร์และเทคโนโลยีได้ร่วมกันจัดทำแผน", ("จีน",))
    assert found[0] == "กระทรวงวิทยาศาสตร์และเทคโนโลยี"  # และ inside a name, ได้ ends it


def test_thai_and_before_a_new_body_or_a_verb_ends_the_name() -> None:
    assert names("สร้างห้องปฏิบัติการร่วมและวางแผนสร้างห้องปฏิบัติการระดับมณฑล")[-1] == "ห้องปฏิบัติการระดับมณฑล"
    assert names("ความร่วมมือระหว่างกระทรวงและมณฑล") == []  # kinds in a list


def test_thai_ordinary_words_that_start_like_a_prefix_open_nothing() -> None:
    assert names("สภาวะแวดล้อมทางธุรกิจดีขึ้น") == []


def test_thai_qualifiers_make_a_kind() -> None:
    assert names("รวบรวมมหาวิทยาลัยชั้นนำ") == []


def test_a_quoted_thai_title_is_taken_whole() -> None:
    """Past "เกี่ยวกับ" and a line break's double space (one in the normalised view), up to the closing mark, as 《》 in Chinese."""
    found = names("ได้ร่วมกันเผยแพร่ “ความคิดเห็นเกี่ยวกับ  การสนับสนุนการเร่งสร้างเมืองวิทยาศาสตร์ภาคตะวันตก” ในวันนี้")
    assert found == ["ความคิดเห็นเกี่ยวกับ การสนับสนุนการเร่งสร้างเมืองวิทยาศาสตร์ภาคตะวันตก"]
    assert names("ตามแนวคิด “ก้าวออกไป” ของจีน") == []  # a quoted phrase that opens no name is a slogan


# -- English ------------------------------------------------------------------------------


def test_coordinated_names_are_split_at_and() -> None:
    found = names("It works with Shanghai Jiao Tong University and Tongji University on this.")
    assert found == ["Shanghai Jiao Tong University", "Tongji University"]
    assert names("The fair drew Guangdong and Guangxi firms.") == ["Guangdong", "Guangxi"]
    assert names("It opened the Science and Technology Museum.") == ["Science and Technology Museum"]


def test_headings_of_ordinary_words_and_generic_abbreviations_are_not_names() -> None:
    text = "I Major Progress and Achievements\n\nThe major progress and achievements of GDP and IC output grew at the Mekong Innovation Centre."
    assert names(text) == ["Mekong Innovation Centre"]


def test_a_name_opening_a_sentence_is_kept_before_a_list_of_names() -> None:
    assert names("Huawei, Tencent, Alibaba and others set up labs.")[:3] == ["Huawei", "Tencent", "Alibaba"]
    assert names("Projects grew. Policy matters.") == []


def test_quoted_and_descriptive_names() -> None:
    found = names("Shanghai introduced “20 measures” and the angel investment tax system, but not the major projects.")
    assert "20 measures" in found and "angel investment tax system" in found
    assert not any("major" in f for f in found)


def test_an_event_is_named_by_its_kind_and_one_word() -> None:
    found = names("The Office held a press conference on May 21. Officials attended the conference and the major forum.")
    assert "press conference" in found
    assert not any(f in ("conference", "major forum", "forum") for f in found)  # a bare kind, or a kind of thing, is no name


def test_a_numbered_package_of_measures_is_named_with_its_number() -> None:
    assert "10 reform measures" in names("The 10 reform measures that the State Council authorized have been established.")
    assert names("They took three measures.") == []  # a count of steps, not a package's name


def test_counted_bodies_are_indicators_not_names() -> None:
    assert names("The city had 441 foreign invested research centers by 2018.") == []


# -- Places -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "cls", "english"),
    [
        ("老挝", "Country", "Lao People's Democratic Republic"),
        ("South Korea", "Country", "Korea, Republic of"),
        ("Iran", "Country", "Iran, Islamic Republic of"),
        ("รัสเซีย", "Country", "Russian Federation"),
        ("广西", "Province", "Guangxi"),
        ("上海市", "Municipality", "Shanghai"),
        ("非洲", "WorldRegion", "Africa"),
        ("EU", "InternationalOrganisation", "European Union"),
    ],
)
def test_known_places_in_three_scripts(name: str, cls: str, english: str) -> None:
    place = known_places()[name]
    assert (place.cls, place.label_en) == (cls, english)


def test_a_short_form_two_countries_share_is_neither() -> None:
    assert "Korea" not in known_places()


def test_an_event_described_not_named_is_no_candidate() -> None:
    assert names("The expo was the world's first state level expo featuring imports.") == []
