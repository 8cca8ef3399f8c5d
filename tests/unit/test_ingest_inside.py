"""Names inside names, alternatives of a suggestion, persons by their titles: the typed suggestions added to ingest."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from kg.curation.yamlload import load_yaml_text
from kg.ingest.analysis import analyse_text
from kg.ingest.classifier import NONE, Example, StatementModel
from kg.ingest.cues import Cues
from kg.ingest.draft import render_draft
from kg.ingest.engine import Engine
from kg.ingest.holdout import _offers
from kg.ingest.inside import MIN_INSIDE, inner_names, inside_examples, suggest_inside
from kg.ingest.link import CandidateName, written_as_person
from kg.ingest.prior import ClassPrior
from kg.ingest.split import Sentence, sentences
from kg.ingest.suggest import ALTERNATIVES, Suggestion, allowed, combine, outermost, suggest
from kg.ingest.training import Classes, TrainingDocument, classes_of
from kg.schema.model import Entity, EvidenceRef, Fact, Names, Where
from kg.schema.ontology import Ontology
from kg.text.mentions import Mention, MentionFinder

ROOT = Path(__file__).resolve().parents[2]
_W = Where("x", 1)
SHANGHAI = Entity("shanghai", "Municipality", Names({"en": "Shanghai", "zh": "上海"}, {}), _W)
DUPONT = Entity("dupont", "Company", Names({"en": "DuPont", "zh": "杜邦"}, {}), _W)
CENTRE = Entity("dupont-centre", "ResearchCentre", Names({"en": "DuPont Shanghai R&D Centre", "zh": "杜邦上海研发中心"}, {}), _W)
GE_CENTRE = Entity("ge-centre", "ResearchCentre", Names({"zh": "通用上海研发中心"}, {}), _W)


def _fact(sid: str, subject: str, relation: str, obj: str, quote: str) -> Fact:
    return Fact(sid, "d1", subject, relation, obj, None, (EvidenceRef("d1", quote, None, _W),), _W)


def test_the_finder_gives_the_names_inside_a_registered_name_only_when_asked() -> None:
    finder = MentionFinder([SHANGHAI, DUPONT, CENTRE])
    assert [m.entity for m in finder.find("杜邦上海研发中心")] == ["dupont-centre"]
    inner = finder.find("杜邦上海研发中心", inner=True)
    assert [(m.entity, m.start, m.end) for m in inner] == [("dupont", 0, 2), ("shanghai", 2, 4)]
    # a text that is only a shorter name has nothing inside it
    assert finder.find("上海", inner=True) == []


def test_inner_names_have_document_offsets_and_each_pair_comes_once() -> None:
    finder = MentionFinder([SHANGHAI, DUPONT, CENTRE])
    text = "据悉，杜邦上海研发中心扩建。杜邦上海研发中心。"
    found = inner_names(text, finder.find(text), finder)
    assert [(o.entity, i.entity, text[i.start : i.end]) for o, i in found] == [
        ("dupont-centre", "dupont", "杜邦"),
        ("dupont-centre", "shanghai", "上海"),
    ]


def test_examples_label_the_outer_entity_first_and_unstated_pairs_none(ontology: Ontology) -> None:
    entities = [SHANGHAI, DUPONT, CENTRE]
    text = "杜邦上海研发中心成立。"
    doc = TrainingDocument("d1", text, (_fact("f1", "dupont-centre", "locatedIn", "shanghai", "杜邦上海研发中心"),))
    examples = inside_examples(doc, MentionFinder(entities), classes_of(entities, ontology))
    assert sorted((e.label, e.features[0]) for e in examples) == [("locatedIn>", "cx=ResearchCentre"), (NONE, "cx=ResearchCentre")]


def _prior(ontology: Ontology) -> ClassPrior:
    """What a curation that records research centres in the city of their name teaches."""
    entities = [SHANGHAI, DUPONT, CENTRE]
    text = "杜邦上海研发中心成立。"
    doc = TrainingDocument("d1", text, (_fact("f1", "dupont-centre", "locatedIn", "shanghai", "杜邦上海研发中心"),))
    return ClassPrior.train(inside_examples(doc, MentionFinder(entities), classes_of(entities, ontology)) * 3)


def test_a_new_name_holding_a_registered_place_is_suggested_in_it_quoting_the_name(ontology: Ontology) -> None:
    text = "第一段。\n\n通用上海研发中心于2005年成立。\n"
    finder = MentionFinder([SHANGHAI])  # the centre is not registered: a candidate of the text
    candidate = Mention("candidate-1", 6, 14, "通用上海研发中心")
    classes = classes_of([SHANGHAI], ontology, {"candidate-1": "ResearchCentre"})
    got = suggest_inside(text, sentences(text), [candidate], finder, classes, _prior(ontology), ontology)
    assert [(s.kind, s.name, s.subject, s.object, s.source) for s in got] == [("fact", "locatedIn", "candidate-1", "shanghai", "name")]
    assert got[0].sentence.text == "通用上海研发中心" == text[got[0].sentence.start : got[0].sentence.end]
    assert got[0].line == 3
    assert got[0].confidence >= MIN_INSIDE


def test_a_class_pair_the_curation_leaves_unstated_gets_no_suggestion(ontology: Ontology) -> None:
    entities = [SHANGHAI, DUPONT, CENTRE]
    text = "杜邦上海研发中心成立。"
    doc = TrainingDocument("d1", text, ())  # nothing recorded between the centre and the names inside it
    prior = ClassPrior.train(inside_examples(doc, MentionFinder(entities), classes_of(entities, ontology)))
    classes = classes_of(entities, ontology)
    assert (
        suggest_inside(text, sentences(text), MentionFinder(entities).find(text), MentionFinder(entities), classes, prior, ontology) == []
    )


def test_a_name_inside_a_heading_is_not_suggested(ontology: Ontology) -> None:
    text = "通用上海研发中心\n\n正文。\n"
    heading = [Sentence(0, 8, text[:8], 0, heading=True), Sentence(10, 13, "正文。", 1)]
    classes = classes_of([SHANGHAI], ontology, {"c": "ResearchCentre"})
    got = suggest_inside(text, heading, [Mention("c", 0, 8, text[:8])], MentionFinder([SHANGHAI]), classes, _prior(ontology), ontology)
    assert got == []


def test_the_engine_learns_names_inside_names_from_the_curation(cues: Cues, ontology: Ontology) -> None:
    entities = [SHANGHAI, DUPONT, GE_CENTRE]
    engine = Engine(ontology, cues, StatementModel.train([]), ClassPrior(), 0, (), inside=_prior(ontology))
    found = analyse_text("通用上海研发中心于2005年成立。\n", entities, {}, engine)
    assert ("locatedIn", "ge-centre", "shanghai", "name") in {(s.name, s.subject, s.object, s.source) for s in found.suggestions}
    draft = render_draft("n01", "Note", "note.txt", found)
    assert "#    relation: locatedIn    # score" in draft and "name on line 1" in draft
    assert '#    quote: "通用上海研发中心"' in draft
    assert '#    gloss: ""' in draft  # a Chinese name needs its English gloss like any Chinese quote


def _sentence_model() -> StatementModel:
    """A classifier that has seen a ministry issue a plan, a plan apply to a city, and a city host an expo."""
    examples = [
        Example(("cx=PolicyDocument", "cy=Ministry", "b:issued"), "issuedBy>"),
        Example(("cx=PolicyDocument", "cy=Ministry", "b:for"), "appliesTo>"),
        Example(("cx=PolicyDocument", "cy=Ministry", "b:x"), NONE),
    ] * 4
    return StatementModel.train(examples)


def test_a_suggestion_offers_the_next_allowed_statements_of_its_pair(cues: Cues, ontology: Ontology) -> None:
    entities = [
        Entity("plan", "PolicyDocument", Names({"en": "Green Plan"}, {}), _W),
        Entity("most", "Ministry", Names({"en": "Science Ministry"}, {}), _W),
    ]
    text = "Green Plan was issued by Science Ministry.\n"
    got = suggest(
        text, sentences(text), MentionFinder(entities).find(text), classes_of(entities, ontology), _sentence_model(), ontology, cues
    )
    assert [(s.name, s.subject, s.object) for s in got] == [("issuedBy", "plan", "most")]
    alternatives = got[0].alternatives
    assert 1 <= len(alternatives) <= ALTERNATIVES - 1
    assert ("fact", "issuedBy", "plan", "most") not in alternatives  # the suggestion itself is not its own alternative
    # every alternative is a statement the ontology allows between the two
    assert all({a, b} == {"plan", "most"} for _k, _n, a, b in alternatives)


def test_alternatives_follow_a_statement_passed_along_a_list(cues: Cues, ontology: Ontology) -> None:
    entities = [
        Entity("plan", "PolicyDocument", Names({"en": "Green Plan"}, {}), _W),
        Entity("most", "Ministry", Names({"en": "Science Ministry"}, {}), _W),
        Entity("mof", "Ministry", Names({"en": "Finance Ministry"}, {}), _W),
    ]
    text = "Green Plan was issued by Science Ministry and Finance Ministry.\n"
    got = suggest(
        text,
        sentences(text),
        MentionFinder(entities).find(text),
        classes_of(entities, ontology),
        _sentence_model(),
        ontology,
        cues,
        lambda _t, ms: [[m for m in ms if m.entity != "plan"]],
    )
    passed = [s for s in got if s.via_list and s.name == "issuedBy"]
    assert passed, got
    for s in passed:
        assert all({a, b} == {s.subject, s.object} for _k, _n, a, b in s.alternatives)


def test_the_draft_lists_alternatives_and_they_parse_as_comments(cues: Cues, ontology: Ontology) -> None:
    entities = [
        Entity("plan", "PolicyDocument", Names({"en": "Green Plan"}, {}), _W),
        Entity("most", "Ministry", Names({"en": "Science Ministry"}, {}), _W),
    ]
    engine = Engine(ontology, cues, _sentence_model(), ClassPrior(), 0, ())
    draft = render_draft("n01", "Note", "note.txt", analyse_text("Green Plan was issued by Science Ministry.\n", entities, {}, engine))
    assert "#    # or: " in draft
    lines = draft.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("#  - subject:"))
    block = [line[1:] for line in lines[first:] if line.startswith("#  ")]
    statement = load_yaml_text("statements:\n" + "\n".join(block), "draft")["statements"][0]
    assert (statement["subject"], statement["relation"], statement["object"]) == ("plan", "issuedBy", "most")


def test_combine_keeps_each_statement_once_at_its_best_score() -> None:
    s = Sentence(0, 3, "abc", 0)
    a = Suggestion("fact", "locatedIn", "x", "y", 0.3, "Reported", s, 1)
    b = replace(a, confidence=0.6, source="name")
    c = Suggestion("link", "Investment", "y", "x", 0.5, "Reported", s, 1)
    assert combine([a, c], [b]) == [b, c]


def test_holdout_counts_a_statement_offered_as_an_alternative() -> None:
    s = Sentence(0, 3, "abc", 0)
    st = _fact("f1", "x", "partOf", "y", "abc")
    offered = Suggestion("fact", "locatedIn", "x", "y", 0.3, "Reported", s, 1, alternatives=(("fact", "partOf", "x", "y"),))
    assert _offers(offered, st, {})
    assert not _offers(replace(offered, alternatives=(("fact", "partOf", "y", "x"),)), st, {})


@pytest.mark.parametrize(
    ("text", "span", "script", "person"),
    [
        ("Leng Weiqing, director of the Municipal Talent Office", (0, 12), "en", True),
        ("Qiu Wenjin, deputy inspector of the Commission", (0, 10), "en", True),
        ("said Mr. Zhang Quan", (9, 19), "en", True),
        ("Fudan University, a campus", (0, 16), "en", False),
        ("Wu Qing รองนายกเทศมนตรีเซี่ยงไฮ้", (0, 7), "en", False),  # an English name: English titles only
        ("นายสมชาย ใจดี กล่าว", (3, 13), "th", True),
        ("李强市长表示", (0, 2), "zh", True),
        ("复旦大学表示", (0, 4), "zh", False),
    ],
)
def test_a_title_next_to_a_name_makes_it_a_person(text: str, span: tuple[int, int], script: str, person: bool) -> None:
    assert written_as_person(text, [span], script) is person


# --- a plan's own clauses (kg.ingest.directives) ---------------------------------------

PLAN_ENTITIES = [
    Entity("opinions", "PolicyDocument", Names({"en": "Green Opinions"}, {}), _W),
    Entity("centre", "ResearchCentre", Names({"en": "Delta Centre"}, {}), _W),
    Entity("zone", "InnovationZone", Names({"en": "Delta Zone"}, {}), _W),
    SHANGHAI,
]
PLAN = "The Green Opinions were issued.\n\n• Build the Delta Centre.\n• To support the Delta Zone and Shanghai.\n• Improve services.\n"


def test_a_text_of_directives_makes_its_plan_promote_what_each_clause_names(cues: Cues, ontology: Ontology) -> None:
    from kg.ingest.directives import suggest_directives

    named = MentionFinder(PLAN_ENTITIES).find(PLAN)
    got = suggest_directives(PLAN, sentences(PLAN), named, classes_of(PLAN_ENTITIES, ontology), ontology, cues)
    assert [(s.subject, s.name, s.object, s.modality) for s in got] == [
        ("opinions", "promotes", "centre", "Directed"),
        ("opinions", "promotes", "zone", "Directed"),
        ("opinions", "promotes", "shanghai", "Directed"),
    ]
    assert got[0].sentence.text == "Build the Delta Centre." and got[0].line == 3


def test_a_text_with_few_directives_or_no_plan_gets_none(cues: Cues, ontology: Ontology) -> None:
    from kg.ingest.directives import suggest_directives

    classes = classes_of(PLAN_ENTITIES, ontology)
    news = "The Green Opinions were issued. Shanghai opened the Delta Centre. The Delta Zone grew. Officials spoke. It rained.\n\nBuild the Delta Centre.\n"
    assert suggest_directives(news, sentences(news), MentionFinder(PLAN_ENTITIES).find(news), classes, ontology, cues) == []
    no_plan = PLAN.replace("The Green Opinions were issued.", "A note.")
    assert suggest_directives(no_plan, sentences(no_plan), MentionFinder(PLAN_ENTITIES).find(no_plan), classes, ontology, cues) == []


@pytest.mark.parametrize(
    ("sentence", "relation"),
    [
        ("  • เพื่อสนับสนุนภูมิภาคเฉิงตู-ฉงชิ่ง", "promotes"),
        ("สร้างศูนย์นวัตกรรม", "promotes"),
        ("(一)支持上海建设科技创新中心", "promotes"),
        ("1. Build the Delta Centre.", "promotes"),
        ("The city will build the Delta Centre.", None),
        ("上海支持建设", None),
    ],
)
def test_a_directive_opens_the_sentence_after_bullets_numbers_and_to(cues: Cues, sentence: str, relation: str | None) -> None:
    from kg.ingest.directives import directive_relation

    assert directive_relation(sentence, cues) == relation


def test_a_place_is_only_inside_a_larger_kind_of_place(ontology: Ontology) -> None:
    assert allowed(ontology, "fact", "locatedIn", "Municipality", "Country")
    assert allowed(ontology, "fact", "partOf", "Country", "WorldRegion")
    assert allowed(ontology, "fact", "locatedIn", "District", "Municipality")
    assert not allowed(ontology, "fact", "locatedIn", "Country", "Municipality")
    assert not allowed(ontology, "fact", "partOf", "Province", "Municipality")  # Shanghai is not in Jiangsu
    assert not allowed(ontology, "fact", "locatedIn", "Country", "Country")
    # places the table does not rank, and things that are not places, are left to the ontology
    assert allowed(ontology, "fact", "partOf", "EconomicRegion", "Country")
    assert allowed(ontology, "fact", "locatedIn", "ResearchCentre", "District")


def test_a_place_known_in_one_country_is_not_suggested_in_another() -> None:
    from kg.ingest.knowledge import consistent, countries_of

    classes = Classes(
        {"shanghai": "Municipality", "china": "Country", "singapore": "Country", "pudong": "District", "lab": "Laboratory"}, {}
    )
    known = countries_of([_fact("f1", "shanghai", "locatedIn", "china", "q"), _fact("f2", "pudong", "partOf", "shanghai", "q")], classes)
    assert known == {"shanghai": frozenset({"china"}), "pudong": frozenset({"china"})}
    s = Sentence(0, 3, "abc", 0)
    wrong = Suggestion(
        "fact",
        "locatedIn",
        "shanghai",
        "singapore",
        0.5,
        "Reported",
        s,
        1,
        alternatives=(("fact", "partOf", "shanghai", "singapore"), ("link", "TechnologyCooperation", "shanghai", "singapore")),
    )
    right = replace(wrong, object="china", alternatives=())
    unknown = replace(wrong, subject="lab", alternatives=())  # nothing is known of the laboratory
    got = consistent([wrong, right, unknown], known, classes)
    assert [(g.kind, g.name, g.subject, g.object) for g in got] == [
        ("link", "TechnologyCooperation", "shanghai", "singapore"),
        ("fact", "locatedIn", "shanghai", "china"),
        ("fact", "locatedIn", "lab", "singapore"),
    ]
    assert got[0].alternatives == () and got[0].confidence == 0.5
    # with no alternative left, the suggestion goes
    assert consistent([replace(wrong, alternatives=())], known, classes) == []


def test_the_class_prior_can_count_a_pair_in_both_orders() -> None:
    examples = [Example(("cx=PolicyDocument", "cy=Ministry", "rx=Programme", "ry=Actor"), "issuedBy>")] * 3
    one_way, both = ClassPrior.train(examples), ClassPrior.train(examples, both_orders=True)
    # the ministry named first: only the prior that counted both orders knows it issued the document
    assert one_way.prob("issuedBy<", "Ministry", "PolicyDocument", "Actor", "Programme") == 0.0
    assert both.prob("issuedBy<", "Ministry", "PolicyDocument", "Actor", "Programme") == pytest.approx(3.5 / 4)
    assert both.prob("issuedBy>", "PolicyDocument", "Ministry", "Programme", "Actor") == one_way.prob(
        "issuedBy>", "PolicyDocument", "Ministry", "Programme", "Actor"
    )


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("Further Supporting the Accelerated Construction of the Western Science City", "PolicyDocument"),
        ("Promoting the Development of Artificial Intelligence", "PolicyDocument"),
        ("Beijing Science City", "ScienceCity"),  # a place in -ing is no verb
    ],
)
def test_an_english_title_opening_with_a_policy_verb_is_a_document(name: str, cls: str) -> None:
    from kg.ingest.link import Registry, guess_class

    assert guess_class(name, "en", "name", Registry.of([])) == cls


def test_a_name_inside_a_longer_name_pairs_with_nothing_outside_it(cues: Cues, ontology: Ontology) -> None:
    """ "南亚" in "中国-南亚技术转移中心" is part of the centre's name: Jiangxi draws on the centre, not on South Asia."""
    entities = [
        Entity("jiangxi", "Province", Names({"zh": "江西省"}, {}), _W),
        Entity("south-asia", "WorldRegion", Names({"zh": "南亚"}, {}), _W),
    ]
    text = "江西省借力中国-南亚技术转移中心。\n"
    centre = Mention("candidate-1", 5, 16, "中国-南亚技术转移中心")
    named = [*MentionFinder(entities).find(text), centre]
    assert [m.entity for m in named] == ["jiangxi", "south-asia", "candidate-1"]
    classes = classes_of(entities, ontology, {"candidate-1": "ResearchCentre"})
    prior = ClassPrior.train([Example(("cx=Province", "cy=WorldRegion", "rx=Place", "ry=Place"), "link:TechnologyTransfer")] * 3)
    got = suggest(text, sentences(text), named, classes, StatementModel.train([]), ontology, cues, prior=prior)
    assert all("south-asia" not in (s.subject, s.object) for s in got)


def test_the_city_stands_for_its_topic_when_the_topic_is_only_inside_another_name(cues: Cues, ontology: Ontology) -> None:
    from kg.ingest.anaphora import resolve

    text = "Shanghai grew. Shanghai built. Shanghai won. The city formed Shanghai Jiaotong University Zhang Jiang Science Park.\n"
    at = text.index("Shanghai Jiaotong")
    named = [Mention("shanghai", i, i + 8, "Shanghai") for i in (0, 15, 31, at)]
    named.append(Mention("park", at, text.index(".", at), text[at : text.index(".", at)]))
    classes = classes_of([SHANGHAI], ontology, {"park": "SciencePark"})
    assert [(m.entity, m.name) for m in resolve(text, sentences(text), named, classes, ontology, cues)] == [("shanghai", "The city")]


def test_outermost_keeps_every_owner_of_one_span_and_drops_what_lies_inside() -> None:
    a, b = Mention("cas", 0, 4, "中科院"), Mention("cas-2", 0, 4, "中科院")  # an ambiguous name: both owners stay
    inner, after = Mention("china", 0, 1, "中"), Mention("sh", 5, 7, "上海")
    assert outermost([inner, b, after, a]) == [b, a, after]


# --- names given in brackets (kg.ingest.glosses) -----------------------------------------


def _candidate(stub: str, text: str, script: str, spans: list[tuple[int, int]], cls: str = "Actor") -> CandidateName:
    return CandidateName(text, script, "name", len(spans), 1, text, spans, stub=stub, cls=cls, label_en=text if script == "en" else None)


def test_an_acronym_in_brackets_is_folded_into_the_name_it_abbreviates() -> None:
    from kg.ingest.glosses import defined_names, merge_glosses

    text = "China International Import Expo (CIIE) opened. CIIE is hosted by MOFCOM."
    expo = _candidate("china-international-import-expo", text[:31], "en", [(0, 31)], "Expo")
    ciie = _candidate("ciie", "CIIE", "en", [(33, 37), (47, 51)])
    occurrences = [Mention(c.stub, s, e, text[s:e]) for c in (expo, ciie) for s, e in c.spans]
    same = defined_names(text, occurrences)
    assert same == {"ciie": "china-international-import-expo"}
    kept, registered, moved = merge_glosses([expo, ciie], occurrences, same)
    assert [c.stub for c in kept] == ["china-international-import-expo"] and registered == []
    assert [(m.entity, m.start) for m in moved] == [
        ("china-international-import-expo", 0),
        ("china-international-import-expo", 33),
        ("china-international-import-expo", 47),
    ]


def test_a_glossed_thai_name_takes_the_english_name_of_its_bracket_and_its_acronym() -> None:
    from kg.ingest.glosses import defined_names, merge_glosses

    thai = "งานมหกรรมแสดงสินค้านำเข้านานาชาติประเทศจีน"
    text = f"{thai} (China International Import Expo – CIIE)\n\nCIIE is hosted by MOFCOM."
    start = text.index("China")
    gloss = text[start : text.index(")")]
    first = _candidate("candidate-1", thai, "th", [(0, len(thai))], "Expo")
    english = _candidate("china-international-import-expo-ciie", gloss, "en", [(start, start + len(gloss))])
    occurrences = [Mention(c.stub, s, e, text[s:e]) for c in (first, english) for s, e in c.spans]
    same = defined_names(text, occurrences)
    assert same == {"china-international-import-expo-ciie": "candidate-1"}
    kept, _registered, moved = merge_glosses([first, english], occurrences, same)
    assert [(c.stub, c.label_en) for c in kept] == [("candidate-1", "China International Import Expo")]
    assert {m.entity for m in moved} == {"candidate-1"}


def test_a_bare_english_gloss_or_a_qualifying_bracket_is_not_another_name() -> None:
    from kg.ingest.glosses import defined_names

    college = "วิทยาลัยเฉิงตูแห่งมหาวิทยาลัย"
    text = f"{college} (University of Chinese Academy of Sciences) and China-Israel (Shanghai) Innovation Park"
    u = text.index("University")
    named = [
        Mention("c1", 0, len(college), college),
        Mention("c2", u, text.index(")"), text[u : text.index(")")]),
        Mention("park", text.index("China-Israel"), len(text), text[text.index("China-Israel") :]),
        Mention("shanghai", text.index("Shanghai"), text.index("Shanghai") + 8, "Shanghai"),
    ]
    assert defined_names(text, named) == {}


def test_an_acronym_of_a_registered_name_stays_a_candidate_flagged_as_its_alias() -> None:
    from kg.ingest.glosses import defined_names, merge_glosses

    text = "Shanghai Technology Exchange (STE) said so. STE agreed."
    exchange = Mention("shanghai-technology-exchange", 0, 28, "Shanghai Technology Exchange")
    ste = _candidate("ste", "STE", "en", [(30, 33), (44, 47)])
    occurrences = [Mention("ste", s, e, "STE") for s, e in ste.spans]
    same = defined_names(text, [exchange, *occurrences])
    kept, registered, moved = merge_glosses([ste], occurrences, same)
    assert kept[0].alias is not None and kept[0].alias.entity == "shanghai-technology-exchange"
    assert kept[0].alias.how == "defined in brackets"
    assert [(m.entity, m.start) for m in registered] == [("shanghai-technology-exchange", 30), ("shanghai-technology-exchange", 44)]
    assert moved == []


def test_members_of_a_list_are_linked_only_where_a_word_says_how(cues: Cues, ontology: Ontology) -> None:
    entities = [
        Entity("fudan", "University", Names({"en": "Fudan University"}, {}), _W),
        Entity("tongji", "University", Names({"en": "Tongji University"}, {}), _W),
    ]
    prior = ClassPrior.train([Example(("cx=University", "cy=University", "rx=Actor", "ry=Actor"), "link:Hosting")] * 3)
    classes = classes_of(entities, ontology)
    both = lambda _t, ms: [ms]  # noqa: E731  # the two names are one list
    plain = "Parks stand in places like Fudan University and Tongji University.\n"
    got = suggest(
        plain, sentences(plain), MentionFinder(entities).find(plain), classes, StatementModel.train([]), ontology, cues, both, prior
    )
    assert got == []
    cued = "Fudan University and Tongji University signed a memorandum.\n"
    got = suggest(cued, sentences(cued), MentionFinder(entities).find(cued), classes, StatementModel.train([]), ontology, cues, both, prior)
    assert [(s.kind, s.name) for s in got] == [("link", "MemorandumOfUnderstanding")]


def test_attending_is_participating(cues: Cues) -> None:
    assert "participatesIn" in {c.key for c in cues.find("Six officials attended the press conference.", "en")}


def test_names_between_a_pair_count_against_every_label_even_one_only_a_cue_brought() -> None:
    from kg.ingest.suggest import BETWEEN_PENALTY, CUE_WEIGHTS, PRIOR_WEIGHT, _scores

    scores = _scores({}, ["between_names=3", "cue_bfar=relations:operates"], {"issuedBy<": 0.3})
    assert scores["operates>"] == pytest.approx(CUE_WEIGHTS["cue_bfar"] - 3 * BETWEEN_PENALTY)
    assert scores["issuedBy<"] == pytest.approx(PRIOR_WEIGHT * 0.3 - 3 * BETWEEN_PENALTY)
