"""Typed suggestions: cue files, pair features, the classifier, ontology-checked directions, lists, the draft."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.curation.yamlload import load_yaml_text
from kg.errors import CurationError
from kg.ingest.analysis import analyse_text
from kg.ingest.anaphora import resolve
from kg.ingest.classifier import NONE, Example, StatementModel
from kg.ingest.cues import Cues, load_cues
from kg.ingest.draft import SUGGESTED, render_draft
from kg.ingest.engine import Engine
from kg.ingest.features import Pair, pair_features, pairs_in
from kg.ingest.prior import ClassPrior
from kg.ingest.split import sentences
from kg.ingest.suggest import allowed, specificity, suggest
from kg.ingest.training import TrainingDocument, classes_of, document_examples, labels_of
from kg.schema.model import Entity, EvidenceRef, Fact, Link, Names, Participant, Where
from kg.schema.ontology import Ontology
from kg.text.mentions import Mention, MentionFinder

ROOT = Path(__file__).resolve().parents[2]
_W = Where("x", 1)
ENTITIES = [
    Entity("expo", "Expo", Names({"en": "Tech Expo"}, {}), _W),
    Entity("stcsm", "Commission", Names({"en": "Science Commission"}, {}), _W),
    Entity("shanghai", "Municipality", Names({"en": "Shanghai"}, {}), _W),
    Entity("vietnam", "Country", Names({"en": "Vietnam"}, {}), _W),
    Entity("laos", "Country", Names({"en": "Laos"}, {}), _W),
    Entity("thailand", "Country", Names({"en": "Thailand"}, {}), _W),
]


def test_every_shipped_cue_file_loads_and_names_ontology_terms(cues: Cues) -> None:
    assert cues.languages == ["en", "th", "zh"]
    assert [c.key for c in cues.find("实验室位于上海", "zh") if c.section == "relations"] == ["locatedIn"]
    assert "organisedBy" in {c.key for c in cues.find("The forum was organized by the city.", "en")}
    assert "organisedBy" in {c.key for c in cues.find("งานนี้จัดโดยกระทรวง", "th")}


def test_a_cue_key_that_is_not_an_ontology_term_is_refused_with_file_and_line(ontology: Ontology, tmp_path: Path) -> None:
    (tmp_path / "xx.yaml").write_text("language: xx\nrelations:\n  locatedIn: [in]\n  hostedBY: [hosted]\n", encoding="utf-8")
    with pytest.raises(CurationError) as err:
        load_cues(ontology, tmp_path)
    problem = err.value.problems[0]
    assert (problem.file, problem.line, problem.field) == ("kg/ingest/cues/xx.yaml", 4, "relations.hostedBY")
    assert "hostedBy" in problem.hint


def test_modality_cues_pick_the_strongest_frame(cues: Cues) -> None:
    assert cues.modality("Laos will join the plan.", "en") == "Announced"
    assert cues.modality("建议上海将与越南合作", "zh") == "Recommended"
    assert cues.modality("Laos joined the plan.", "en") == "Reported"


@pytest.mark.parametrize(
    ("text", "lang", "modality"),
    [
        # a directive opens its sentence; the same verb after a subject, or later, reports
        ("支持上海技术交易所与越南建立长期技术合作。", "zh", "Directed"),
        ("(二)鼓励企业与沿线国家共建联合实验室。", "zh", "Directed"),
        ("根据上海市科委的介绍,上海还积极支持上海科技创业中心开展交流合作。", "zh", "Reported"),
        ("近年来,在上海市科委的支持下,上海技术交易所与越南建立了长期技术合作。", "zh", "Reported"),
        ("例如,北京市利用丰富的外交资源,推动技术转移服务体系建设。", "zh", "Reported"),
        ("สนับสนุนเสฉวนและฉงชิ่งในการสร้างห้องปฏิบัติการร่วมและวางแผนสร้างห้องปฏิบัติการ", "th", "Directed"),
        ("Support the region in building joint laboratories.", "en", "Directed"),
        ("16 opinions on supporting foreign-funded R&D centers have been implemented.", "en", "Reported"),
        # modal verbs count anywhere, as words: 要 of 主要 or 重要 is no modal verb
        ("各地方要结合当地实际开展合作。", "zh", "Directed"),
        ("其中主要下跌份额来自新加坡。", "zh", "Reported"),
        ("这是上海贯彻两大国家战略的重要结合点。", "zh", "Reported"),
        ("The city should strengthen its science parks.", "en", "Directed"),
    ],
)
def test_a_directive_opens_its_sentence_and_a_modal_verb_is_a_word(cues: Cues, text: str, lang: str, modality: str) -> None:
    assert cues.modality(text, lang) == modality


def test_pairs_are_nearest_mentions_of_different_entities() -> None:
    m = [Mention("a", 0, 1, "A"), Mention("b", 3, 4, "B"), Mention("c", 6, 7, "C")]
    assert [(x.entity, y.entity) for x, y in pairs_in(m, 0, 10)] == [("a", "b"), ("a", "c"), ("b", "c")]


def test_features_see_cues_between_names_and_mask_other_names(cues: Cues) -> None:
    text = "Tech Expo was organised by Shanghai and Laos."
    x, y, other = Mention("expo", 0, 9, "Tech Expo"), Mention("shanghai", 27, 35, "Shanghai"), Mention("laos", 40, 44, "Laos")
    keys = pair_features(text, Pair(x, y, "Expo", "Municipality", "Event", "Place", "en", 0, len(text)), [other], cues)
    assert "cue_b=relations:organisedBy" in keys
    assert "cx=Expo" in keys
    assert not any("laos" in k for k in keys)  # the other name is masked in the n-grams of its context


def test_a_cue_word_inside_one_of_the_two_names_is_not_said_of_them(cues: Cues) -> None:
    """'develop' in a plan's title does not make the issuer its developer; the same word outside it does."""
    text = "The Ministry issued the Plan to Develop Science Parks."
    x, y = Mention("ministry", 4, 12, "Ministry"), Mention("plan", 24, 53, "Plan to Develop Science Parks")
    keys = pair_features(text, Pair(x, y, "Ministry", "Plan", "Organisation", "Programme", "en", 0, len(text)), [], cues)
    assert "cue_s=relations:develops" not in keys and "cue_s=relations:issuedBy" in keys
    said = "The Ministry issued the Plan and will develop it."
    y2 = Mention("plan", 24, 28, "Plan")
    keys = pair_features(said, Pair(x, y2, "Ministry", "Plan", "Organisation", "Programme", "en", 0, len(said)), [], cues)
    assert "cue_s=relations:develops" in keys


def test_labels_give_direction_for_facts_and_none_for_links() -> None:
    ev = (EvidenceRef("d", "q", None, _W),)
    fact = Fact("f", "d", "expo", "organisedBy", "stcsm", None, ev, _W)
    link = Link("l", "d", "MemorandumOfUnderstanding", (Participant("shanghai", None, 1), Participant("vietnam", None, 1)), ev, _W)
    assert labels_of(fact, "expo", "stcsm") == ["organisedBy>"]
    assert labels_of(fact, "stcsm", "expo") == ["organisedBy<"]
    assert labels_of(link, "vietnam", "shanghai") == ["link:MemorandumOfUnderstanding"]
    assert labels_of(link, "vietnam", "expo") == []


def test_a_model_with_one_label_says_none() -> None:
    model = StatementModel.train([Example(("a",), NONE)])
    assert model.predict([("a",), ("b",)]) == [{NONE: 1.0}, {NONE: 1.0}]


def _training(cues: Cues, ontology: Ontology) -> StatementModel:
    text = (
        "Tech Expo was organised by Science Commission. Shanghai and Vietnam signed a memorandum. "
        "Tech Expo met Laos. Shanghai welcomed Thailand. Tech Expo was organised by Shanghai. Laos and Vietnam signed a memorandum."
    )
    ev = (EvidenceRef("d", "Tech Expo was organised by Science Commission.", None, _W),)
    ev2 = (EvidenceRef("d", "Shanghai and Vietnam signed a memorandum.", None, _W),)
    ev3 = (EvidenceRef("d", "Tech Expo was organised by Shanghai.", None, _W),)
    ev4 = (EvidenceRef("d", "Laos and Vietnam signed a memorandum.", None, _W),)
    statements = (
        Fact("f1", "d", "expo", "organisedBy", "stcsm", None, ev, _W),
        Link("l1", "d", "MemorandumOfUnderstanding", (Participant("shanghai", None, 1), Participant("vietnam", None, 1)), ev2, _W),
        Fact("f2", "d", "expo", "organisedBy", "shanghai", None, ev3, _W),
        Link("l2", "d", "MemorandumOfUnderstanding", (Participant("laos", None, 1), Participant("vietnam", None, 1)), ev4, _W),
    )
    examples = document_examples(TrainingDocument("d", text, statements), MentionFinder(ENTITIES), classes_of(ENTITIES, ontology), cues)
    assert sorted({e.label for e in examples}) == ["link:MemorandumOfUnderstanding", "none", "organisedBy>"]
    return StatementModel.train(examples)


def test_suggestions_are_typed_directed_by_the_ontology_and_passed_along_lists(cues: Cues, ontology: Ontology) -> None:
    model = _training(cues, ontology)
    text = "Science Commission organised Tech Expo. Thailand and Laos will sign a memorandum."
    found = suggest(
        text,
        sentences(text),
        MentionFinder(ENTITIES).find(text),
        classes_of(ENTITIES, ontology),
        model,
        ontology,
        cues,
        lambda _t, ms: [ms] if len(ms) > 1 and ms[0].entity == "thailand" else [],
    )
    got = {(s.kind, s.name, s.subject, s.object, s.modality) for s in found}
    # an Expo is what is organised: the ontology puts it in the subject whatever the word order
    assert ("fact", "organisedBy", "expo", "stcsm", "Reported") in got
    assert ("link", "MemorandumOfUnderstanding", "thailand", "laos", "Announced") in got
    assert all(s.confidence >= found[-1].confidence for s in found)


def test_the_draft_writes_suggestions_in_the_curation_format(cues: Cues, ontology: Ontology) -> None:
    engine = Engine(ontology, cues, _training(cues, ontology), ClassPrior(), 0, ())
    text = "Thailand and Laos will sign a memorandum.\n"
    draft = render_draft("n01", "Note", "note.txt", analyse_text(text, ENTITIES, {}, engine))
    assert "#  - link: MemorandumOfUnderstanding" in draft
    assert "#    participants: [laos, thailand]" in draft or "#    participants: [thailand, laos]" in draft
    assert "#    modality: announced" in draft
    assert SUGGESTED in draft
    # uncommenting the suggestion gives a statement of the curation format
    lines = draft.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("#  - link:"))
    block = [line[1:] for line in lines[first:] if line.startswith("#  ")]
    statements = load_yaml_text("statements:\n" + "\n".join(block), "draft")["statements"]
    assert statements[0]["link"] == "MemorandumOfUnderstanding"
    assert statements[0]["modality"] == "announced"


def test_the_class_prior_counts_labels_by_class_pair_and_backs_off_to_roots() -> None:
    examples = [
        Example(("cx=PolicyDocument", "cy=Ministry", "rx=Programme", "ry=Actor"), "issuedBy>"),
        Example(("cx=PolicyDocument", "cy=Ministry", "rx=Programme", "ry=Actor"), "issuedBy>"),
        Example(("cx=PolicyDocument", "cy=Ministry", "rx=Programme", "ry=Actor"), NONE),
        Example(("cx=Plan", "cy=Country", "rx=Programme", "ry=Actor"), NONE),
    ]
    prior = ClassPrior.train(examples)
    assert prior.labels == ["issuedBy>", NONE]
    assert prior.prob("issuedBy>", "PolicyDocument", "Ministry", "Programme", "Actor") == pytest.approx((2 + 0.5 * 2 / 4) / 4)
    # a class pair never seen gets its roots' share, discounted
    assert prior.prob("issuedBy>", "Law", "Commission", "Programme", "Actor") == pytest.approx(0.5 * 2 / 4)
    assert prior.prob("issuedBy>", "Law", "Commission", "Actor", "Actor") == 0.0
    assert prior.related("PolicyDocument", "Ministry", "Programme", "Actor") > prior.related("Plan", "Country", "Programme", "Actor")


def test_the_prior_types_a_pair_no_cue_and_no_model_speaks_for(cues: Cues, ontology: Ontology) -> None:
    entities = [*ENTITIES, Entity("plan", "PolicyDocument", Names({"en": "Green Plan"}, {}), _W)]
    prior = ClassPrior.train([Example(("cx=PolicyDocument", "cy=Commission", "rx=Programme", "ry=Actor"), "issuedBy>")] * 3)
    text = "Green Plan, Science Commission.\n"
    untrained = StatementModel.train([])
    got = suggest(
        text, sentences(text), MentionFinder(entities).find(text), classes_of(entities, ontology), untrained, ontology, cues, prior=prior
    )
    assert [(s.name, s.subject, s.object) for s in got] == [("issuedBy", "plan", "stcsm")]
    assert (
        suggest(text, sentences(text), MentionFinder(entities).find(text), classes_of(entities, ontology), untrained, ontology, cues) == []
    )


def test_of_two_equally_likely_labels_the_more_specific_one_is_suggested(cues: Cues, ontology: Ontology) -> None:
    entities = [*ENTITIES, Entity("qiu", "Person", Names({"en": "Qiu Wenjin"}, {}), _W)]
    pair = ("cx=Person", "cy=Commission", "rx=Actor", "ry=Actor")
    prior = ClassPrior.train([Example(pair, "develops>")] * 3 + [Example(pair, "holdsPositionIn>")] * 3)
    text = "Qiu Wenjin, Science Commission.\n"
    got = suggest(
        text,
        sentences(text),
        MentionFinder(entities).find(text),
        classes_of(entities, ontology),
        StatementModel.train([]),
        ontology,
        cues,
        prior=prior,
    )
    assert [(s.name, s.subject, s.object) for s in got] == [("holdsPositionIn", "qiu", "stcsm")]
    assert ("fact", "develops", "qiu", "stcsm") in got[0].alternatives
    # only the order of the pair's labels changes: its confidence is still its best score
    assert got[0].confidence == pytest.approx(0.3 * prior.prob("develops>", "Person", "Commission", "Actor", "Actor"), abs=1e-4)
    specific = specificity(ontology)
    assert specific[("fact", "holdsPositionIn")] > specific[("fact", "issuedBy")] > specific[("link", "")] > specific[("fact", "partOf")]


def test_members_of_one_list_are_linked_not_each_others_subject(cues: Cues, ontology: Ontology) -> None:
    entities = [*ENTITIES, Entity("plan", "PolicyDocument", Names({"en": "Green Plan"}, {}), _W)]
    text = "Vietnam, Laos and Thailand issued Green Plan.\n"
    mentions = MentionFinder(entities).find(text)
    countries = [m for m in mentions if m.entity != "plan"]
    found = suggest(
        text,
        sentences(text),
        mentions,
        classes_of(entities, ontology),
        StatementModel.train([]),
        ontology,
        cues,
        lambda _t, _m: [countries],
    )
    got = {(s.kind, s.name, s.subject, s.object) for s in found}
    # the issuing cue makes the listed countries co-issuers, and each issued the plan
    assert ("link", "CoIssuing", "vietnam", "laos") in got or ("link", "CoIssuing", "laos", "vietnam") in got
    assert ("fact", "issuedBy", "plan", "thailand") in got
    assert not any(s.kind == "fact" and {s.subject, s.object} <= {"vietnam", "laos", "thailand"} for s in found)


def test_a_cooperation_link_joins_two_actors_only(ontology: Ontology) -> None:
    assert allowed(ontology, "link", "TechnologyCooperation", "Country", "University")
    assert not allowed(ontology, "link", "TechnologyCooperation", "Country", "Initiative")
    shapes = (ROOT / "ontology" / "shapes.ttl").read_text(encoding="utf-8")
    assert "sh:path kg:agent ; sh:minCount 1 ; sh:maxCount 1 ; sh:class kg:Actor" in shapes  # what allowed relies on


def test_an_anaphora_cue_stands_for_a_class_and_an_unknown_class_is_refused(cues: Cues, ontology: Ontology, tmp_path: Path) -> None:
    assert [(s, e, c.key) for s, e, c in cues.spans("在沪的银行与本市企业", "zh", "anaphora")] == [
        (1, 2, "Municipality"),
        (6, 8, "Municipality"),
    ]
    (tmp_path / "xx.yaml").write_text("language: xx\nanaphora:\n  Metropolis: [the city]\n", encoding="utf-8")
    with pytest.raises(CurationError) as err:
        load_cues(ontology, tmp_path)
    assert err.value.problems[0].field == "anaphora.Metropolis"


def test_the_city_is_paired_as_the_document_s_city(cues: Cues, ontology: Ontology) -> None:
    text = "Shanghai grew. Shanghai built. Shanghai won. The city signed a memorandum with Laos.\n"
    found = suggest(
        text,
        sentences(text),
        MentionFinder(ENTITIES).find(text)
        + resolve(text, sentences(text), MentionFinder(ENTITIES).find(text), classes_of(ENTITIES, ontology), ontology, cues),
        classes_of(ENTITIES, ontology),
        StatementModel.train([]),
        ontology,
        cues,
    )
    assert ("link", "MemorandumOfUnderstanding", {"shanghai", "laos"}) in [(s.kind, s.name, {s.subject, s.object}) for s in found]
    # a word inside no sentence about the city, or a document that names no city often, stands for nothing
    assert resolve("The city opened.", sentences("The city opened."), [], classes_of(ENTITIES, ontology), ontology, cues) == []


@pytest.mark.parametrize(
    "text",
    [
        "Science Commission supports Shanghai.\n",  # the doer first
        "Shanghai is supported by Science Commission.\n",  # passive: the doer after "by"
    ],
)
def test_a_cue_word_between_the_names_gives_the_direction(text: str, cues: Cues, ontology: Ontology) -> None:
    """Both are actors, so the ontology lets supports run either way: the verb's place decides."""
    found = suggest(
        text, sentences(text), MentionFinder(ENTITIES).find(text), classes_of(ENTITIES, ontology), StatementModel.train([]), ontology, cues
    )
    assert [(s.name, s.subject, s.object) for s in found][:1] == [("supports", "stcsm", "shanghai")]


def test_the_direction_rule_turns_with_passive_voice_and_with_relations_named_by() -> None:
    from kg.ingest.suggest import _first_is_subject

    assert _first_is_subject("supports", passive=False) and not _first_is_subject("supports", passive=True)
    assert not _first_is_subject("issuedBy", passive=False) and _first_is_subject("issuedBy", passive=True)
    assert _first_is_subject("locatedIn", passive=False)


def test_a_report_s_place_is_the_unnamed_side_of_the_sentences_that_leave_it_out(cues: Cues, ontology: Ontology) -> None:
    """Shanghai is the topic; the last sentence leaves it out, so it is paired as the sentence's subject."""
    from kg.ingest.implicit import implied_topic

    classes = classes_of(ENTITIES, ontology)
    text = "Shanghai grew. Shanghai built. Shanghai won. Last year it signed a memorandum with Laos.\n"
    named = MentionFinder(ENTITIES).find(text)
    implied = implied_topic(sentences(text), named, classes, ontology, cues)
    assert [(m.entity, m.start, m.end) for m in implied] == [("shanghai", 45, 45)]
    found = suggest(text, sentences(text), named + implied, classes, StatementModel.train([]), ontology, cues)
    by_pair = {(s.kind, s.name, frozenset((s.subject, s.object))): s for s in found}
    topic = by_pair[("link", "MemorandumOfUnderstanding", frozenset(("shanghai", "laos")))]
    assert topic.source == "topic" and topic.sentence.text == "Last year it signed a memorandum with Laos."


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("Shanghai grew. Shanghai built. Laos signed a memorandum.\n", "a place named twice is no topic"),
        ("Shanghai grew. Shanghai built. Shanghai won. Shanghai signed a memorandum with Laos.\n", "every sentence names it"),
        (
            "Shanghai grew. Shanghai built. Shanghai won.\nSupport Laos.\nBuild Vietnam.\nPromote Thailand.\n",
            "a plan's clauses are the plan's",
        ),
    ],
)
def test_no_topic_is_implied_without_a_topic_a_sentence_leaving_it_out_or_in_a_plan(
    text: str, why: str, cues: Cues, ontology: Ontology
) -> None:
    from kg.ingest.implicit import implied_topic

    assert implied_topic(sentences(text), MentionFinder(ENTITIES).find(text), classes_of(ENTITIES, ontology), ontology, cues) == [], why


@pytest.mark.parametrize(
    ("last", "why"),
    [
        ("Laos signed a memorandum.", "a sentence that opens with its name has its subject"),
        ("Later Laos signed a memorandum with Vietnam.", "a sentence that names two things has pairs of its own"),
    ],
)
def test_the_topic_stands_only_for_the_missing_side_of_a_sentence_naming_one_thing(
    last: str, why: str, cues: Cues, ontology: Ontology
) -> None:
    from kg.ingest.implicit import implied_topic

    classes = classes_of(ENTITIES, ontology)
    text = f"Shanghai grew. Shanghai built. Shanghai won. {last}\n"
    named = MentionFinder(ENTITIES).find(text)
    assert implied_topic(sentences(text), named, classes, ontology, cues) == [], why
