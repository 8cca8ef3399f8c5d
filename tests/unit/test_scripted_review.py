"""The scripted review of ``kg holdout``: what a reviewer who knows the curation presses for each suggestion.

The actions per kept statement are the cost of a draft to a curator, so each rule is
pinned here: accept (1), pick an alternative (2), choose from the allowed list (3),
reject (1); and for candidate names create (2), map (1), reject (1).
"""

from __future__ import annotations

from kg.ingest.analysis import Analysis
from kg.ingest.holdout import ScriptedReview, scripted_review
from kg.ingest.link import Alias, CandidateName
from kg.ingest.split import Sentence
from kg.ingest.suggest import Suggestion
from kg.schema.model import Fact, Link, Participant, Statement, Where

SENTENCE = Sentence(0, 10, "A sentence", 0)


def _fact(subject: str, relation: str, obj: str) -> Fact:
    return Fact(f"f-{subject}-{relation}-{obj}", "000", subject, relation, obj, None, (), Where("f", 1))


def _link(kind: str, *people: str) -> Link:
    return Link(f"l-{kind}", "000", kind, tuple(Participant(p, None, 1) for p in people), (), Where("f", 1))


def _suggest(kind: str, name: str, subject: str, obj: str, *alternatives: tuple[str, str, str, str]) -> Suggestion:
    return Suggestion(kind, name, subject, obj, 0.5, "Reported", SENTENCE, 1, alternatives=alternatives)


def _candidate(text: str, stub: str, alias: str | None = None) -> CandidateName:
    return CandidateName(text, "en", "organisation", 1, 1, text, alias=Alias(alias, text, 90.0, "similar") if alias else None, stub=stub)


def _review(statements: list[Statement], suggestions: list[Suggestion], candidates: tuple[CandidateName, ...] = ()) -> ScriptedReview:
    analysis = Analysis("", [], [], list(candidates), [], [], suggestions)
    meaning = {"cand-lab": {"lab"}, "cand-lab-2": {"lab"}, "cand-noise": set()}
    return scripted_review(statements, analysis, meaning, frozenset({"lab", "city", "uni", "park"}), None)


def test_each_suggestion_costs_what_its_decision_takes() -> None:
    located, hosted, mou = (
        _fact("lab", "locatedIn", "city"),
        _fact("uni", "operates", "park"),
        _link("MemorandumOfUnderstanding", "uni", "lab"),
    )
    review = _review(
        [located, hosted, mou],
        [
            _suggest("fact", "locatedIn", "cand-lab", "city"),  # states it through the candidate that stands for lab: accept
            _suggest("fact", "locatedIn", "lab", "city"),  # the same statement again: already kept, reject
            _suggest("fact", "partOf", "park", "uni", ("fact", "operates", "uni", "park")),  # its alternative: pick
            _suggest("link", "TechnologyCooperation", "lab", "uni"),  # the right two, another kind: choose
            _suggest("fact", "locatedIn", "uni", "city"),  # nothing curated: reject
        ],
    )
    assert [d.action for d in review.decisions] == ["accept", "reject", "pick", "choose", "reject"]
    assert [d.statement for d in review.decisions] == [located, None, hosted, mou, None]
    assert (review.kept, review.actions, review.per_kept) == (3, 1 + 1 + 2 + 3 + 1, 8 / 3)
    assert review.as_dict()["accepted"] == 1 and review.as_dict()["rejected"] == 2


def test_candidates_are_created_mapped_or_rejected() -> None:
    review = _review(
        [],
        [],
        (
            _candidate("Lab", "cand-lab"),  # stands for the curated lab: create
            _candidate("The Lab", "cand-lab-2"),  # the lab again, created already: map to it
            _candidate("Citty", "cand-citty", alias="city"),  # flagged as another name of the curated city: map
            _candidate("Noise", "cand-noise"),  # names nothing curated: reject
            _candidate("Towne", "cand-towne", alias="town"),  # an alias of an entity the curation does not use: reject
        ),
    )
    assert review.candidate_actions == {"create": 1, "map": 2, "reject": 2}
    assert (review.candidates_kept, review.candidate_cost, review.per_candidate) == (3, 2 + 1 + 1 + 1 + 1, 2.0)
    assert review.per_kept is None  # no statement kept: no ratio rather than a division by zero


def test_a_link_suggestion_names_the_participants_either_way_round() -> None:
    link = _link("Hosting", "city", "uni", "lab")
    review = _review([link], [_suggest("link", "Hosting", "lab", "city"), _suggest("link", "Hosting", "uni", "city")])
    assert [d.action for d in review.decisions] == ["accept", "reject"]  # one curated link, kept once
