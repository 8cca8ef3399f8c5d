"""kg review's core on a real ingested draft: decisions written after the build's checks, states derived from the files.

Each test ingests a short Chinese article into a private copy of the project
(``project_copy``) and reviews its draft through :class:`kg.review.session.ReviewSession`,
the object the web page talks to.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from kg.build.pipeline import build, load_inputs
from kg.ingest.pipeline import Registry, ingest, load_registry
from kg.project import Project
from kg.review.session import Conflict, Invalid, ReviewSession

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "支持杜邦上海研发中心开展国际合作。\n\n上海技术交易所与越南签署合作协议。浦东新区的华为研究院成立了。\n"


@pytest.fixture(scope="module")
def registry() -> Registry:
    """The seed project's registry and trained engine: every copy starts from the same one."""
    return load_registry(Project(ROOT))


def _reviewing(project: Project, folder: Path, registry: Registry, text: str, doc: str) -> ReviewSession:
    """``text`` ingested as document ``doc`` of ``project``, and the review of its draft."""
    src = folder / f"{doc}.txt"
    src.write_text(text, encoding="utf-8")
    ingest(project, src, doc, registry=registry)
    return ReviewSession(project, doc, registry)


@pytest.fixture
def session(project_copy: Project, tmp_path: Path, registry: Registry) -> ReviewSession:
    return _reviewing(project_copy, tmp_path, registry, ARTICLE, "r01")


def _item(state: dict[str, Any], **match: Any) -> dict[str, Any]:
    def fits(item: dict[str, Any]) -> bool:
        return all((item.get(k)["id"] if isinstance(item.get(k), dict) else item.get(k)) == v for k, v in match.items())

    return next(i for i in state["items"] if fits(i))


def _doc(session: ReviewSession) -> dict[str, Any]:
    return yaml.safe_load(session.path.read_text(encoding="utf-8"))


def test_the_items_are_the_draft_s_suggestions_with_their_quotes_where_they_are(session: ReviewSession) -> None:
    state = session.state()
    assert state["doc"] == "r01" and state["status"] == "draft" and state["text"] == ARTICLE
    assert state["progress"] == {"reviewed": 0, "remaining": len(state["items"]), "total": len(state["items"])}
    for item in state["items"]:
        assert ARTICLE[item["start"] : item["end"]] == item["quote"]
    located = _item(state, type="statement", name="locatedIn", subject="dupont-shanghai-rd-centre", object="shanghai")
    assert located["quote"] == "杜邦上海研发中心" and located["source"] == "name" and located["gloss_needed"]
    candidate = _item(state, type="candidate", name="华为研究院")
    assert candidate["proposed_id"] == "huawei-research-institute" and candidate["label_en"]
    # the candidate comes just before the first statement that needs it
    needing = next(i for i in state["items"] if i["type"] == "statement" and "huawei-research-institute" in i["needs"])
    assert state["items"].index(candidate) < state["items"].index(needing)


def test_accept_correct_and_reject_write_exactly_those_statements_and_the_graph_builds(
    session: ReviewSession, project_copy: Project
) -> None:
    state = session.state()
    located = _item(state, type="statement", name="locatedIn", subject="dupont-shanghai-rd-centre")
    unit = _item(state, type="statement", name="subOrganizationOf", subject="dupont-shanghai-rd-centre")
    pair = _item(state, type="statement", kind="link", subject="shanghai-technology-exchange")

    state = session.decide(state["version"], located["id"], "accept", {"gloss": "DuPont Shanghai R&D Centre"})
    corrected = {
        "kind": "link",
        "name": "MemorandumOfUnderstanding",
        "quote": "上海技术交易所与越南签署合作协议",
        "gloss": "STE and Vietnam sign an agreement",
    }
    state = session.decide(state["version"], pair["id"], "correct", {"statement": corrected})
    state = session.decide(state["version"], unit["id"], "reject", {})

    states = {i["id"]: i["state"] for i in state["items"]}
    assert (states[located["id"]], states[pair["id"]], states[unit["id"]]) == ("accepted", "corrected", "rejected")
    assert state["progress"]["reviewed"] == 3
    doc = _doc(session)
    assert [(s.get("relation") or s.get("link"), s["quote"]) for s in doc["statements"]] == [
        ("locatedIn", "杜邦上海研发中心"),
        ("MemorandumOfUnderstanding", "上海技术交易所与越南签署合作协议"),
    ]
    # the correction's original suggestion and the rejected one are recorded, so neither is proposed again
    assert {r.get("relation") or r.get("link") for r in doc["rejected"]} == {pair["name"], "subOrganizationOf"}

    state, warnings = session.finish(state["version"], "complete")
    assert warnings == []
    assert state["status"] == "complete" and "#  - " not in session.path.read_text(encoding="utf-8")
    built = build(project_copy)
    mine = sorted(
        (type(st).__name__, st.quote_text if hasattr(st, "quote_text") else st.evidence[0].quote)
        for st in built.curation.statements
        if st.doc == "r01"
    )
    assert mine == [("Fact", "杜邦上海研发中心"), ("Link", "上海技术交易所与越南签署合作协议")]


def test_a_change_the_build_refuses_is_not_written(session: ReviewSession) -> None:
    state = session.state()
    located = _item(state, type="statement", name="locatedIn", subject="dupont-shanghai-rd-centre")
    before = session.path.read_bytes()
    with pytest.raises(Invalid) as no_gloss:
        session.decide(state["version"], located["id"], "accept", {})
    assert [(p.field, p.message) for p in no_gloss.value.problems] == [("statements[0].gloss", "a Chinese quote needs an English gloss")]
    with pytest.raises(Invalid) as not_there:
        session.decide(state["version"], located["id"], "correct", {"statement": {"quote": "杜邦北京研发中心", "gloss": "x"}})
    assert "not found" in not_there.value.problems[0].message or "quote" in not_there.value.problems[0].field
    with pytest.raises(Invalid, match="unknown modality"):
        session.decide(state["version"], located["id"], "accept", {"modality": "rumoured", "gloss": "x"})
    assert session.path.read_bytes() == before


def test_a_decision_against_an_old_version_is_refused_not_lost(session: ReviewSession) -> None:
    first = session.state()
    located = _item(first, type="statement", name="locatedIn", subject="dupont-shanghai-rd-centre")
    unit = _item(first, type="statement", name="subOrganizationOf", subject="dupont-shanghai-rd-centre")
    session.decide(first["version"], located["id"], "accept", {"gloss": "DuPont Shanghai R&D Centre"})  # tab A
    with pytest.raises(Conflict):
        session.decide(first["version"], unit["id"], "reject", {})  # tab B, still on the old version
    again = session.state()  # tab B reloads: A's decision is there, B's can be made
    assert _item(again, id=located["id"])["state"] == "accepted"
    session.decide(again["version"], unit["id"], "reject", {})
    assert len(_doc(session)["rejected"]) == 1


def test_a_candidate_becomes_an_entity_and_its_statements_follow(session: ReviewSession) -> None:
    state = session.state()
    candidate = _item(state, type="candidate", name="华为研究院")
    needing = next(i for i in state["items"] if i["type"] == "statement" and "huawei-research-institute" in i["needs"])
    with pytest.raises(Invalid, match="create it"):
        session.decide(state["version"], needing["id"], "accept", {"gloss": "x"})
    entity = {"id": "huawei-pudong-institute", "class": "ResearchInstitute", "label_en": "Huawei Research Institute (Pudong)"}
    state = session.decide(state["version"], candidate["id"], "correct", {"entity": entity})
    assert _item(state, id=candidate["id"])["state"] == "created"
    moved = _item(state, id=needing["id"])
    assert moved["needs"] == [] and "huawei-pudong-institute" in (moved["subject"]["id"], moved["object"]["id"])
    state = session.decide(state["version"], needing["id"], "accept", {"gloss": "Huawei's research institute in Pudong was set up."})
    doc = _doc(session)
    assert doc["entities"] == [
        {
            "id": "huawei-pudong-institute",
            "class": "ResearchInstitute",
            "label": {"en": "Huawei Research Institute (Pudong)", "zh": "华为研究院"},
        }
    ]
    assert "huawei-pudong-institute" in {doc["statements"][0].get("subject"), doc["statements"][0].get("object")}


def test_a_candidate_mapped_to_a_registered_entity_is_added_to_its_names(session: ReviewSession, project_copy: Project) -> None:
    state = session.state()
    candidate = _item(state, type="candidate", name="华为研究院")
    state = session.decide(state["version"], candidate["id"], "alias", {"entity": "huawei"})
    assert _item(state, id=candidate["id"])["state"] == "aliased"
    defining = project_copy.curation / "documents" / "003.yaml"  # huawei is registered by document 003
    assert "华为研究院" in defining.read_text(encoding="utf-8")
    with pytest.raises(Invalid, match="no item"):
        session.decide(state["version"], "nope", "accept", {})


def test_only_a_draft_is_reviewed(project_copy: Project) -> None:
    from kg.errors import UsageError

    with pytest.raises(UsageError, match="is reviewed"):
        ReviewSession(project_copy, "000")
    with pytest.raises(UsageError, match="no document 'zzz'"):
        ReviewSession(project_copy, "zzz")


#: A name written twice, and a sentence naming it with two others.
TWICE = "杜邦上海研发中心位于上海。\n\n上海市支持杜邦上海研发中心与越南开展国际合作。\n"


@pytest.fixture
def twice(project_copy: Project, tmp_path: Path, registry: Registry) -> ReviewSession:
    return _reviewing(project_copy, tmp_path, registry, TWICE, "r02")


def _evidence(project: Project, doc: str) -> list[tuple[str, int]]:
    """Each statement of ``doc`` in the built graph: its quote and where the build put it."""
    inputs = load_inputs(project, include_drafts=True)
    assert not [w for w in inputs.warnings if "occurs" in w]
    return sorted((ref.quote, inputs.evidence[ref].start) for st in inputs.curation.statements if st.doc == doc for ref in st.evidence)


def test_a_quote_that_occurs_twice_grows_until_it_occurs_once_where_it_was_seen(twice: ReviewSession, project_copy: Project) -> None:
    state = twice.state()
    centre = next(i for i in state["items"] if i["type"] == "statement" and i["source"] == "name" and i["quote"] == "杜邦上海研发中心")
    assert TWICE.count(centre["quote"]) == 2
    state = twice.decide(state["version"], centre["id"], "accept", {"gloss": "DuPont Shanghai R&D Centre"})
    written = _doc(twice)["statements"][0]["quote"]
    assert centre["quote"] in written and TWICE.count(written) == 1
    assert TWICE.index(written) <= centre["start"] < TWICE.index(written) + len(written)  # the occurrence the item showed
    assert "occurs 2 times" in state["note"] and written in state["note"]
    assert _item(state, id=centre["id"])["state"] == "accepted"  # still recognised as this item's decision
    assert _evidence(project_copy, "r02") == [(written, TWICE.index(written))]


def test_a_selected_quote_keeps_the_occurrence_that_was_selected(twice: ReviewSession, project_copy: Project) -> None:
    state = twice.state()
    second = TWICE.index("上海市支持")
    pair = next(i for i in state["items"] if i["type"] == "statement" and i["source"] == "sentence" and i["start"] >= second)
    at = TWICE.index("杜邦上海研发中心", second)
    selected = {"quote": "杜邦上海研发中心", "quote_at": [at, at + 8], "gloss": "DuPont Shanghai R&D Centre"}
    state = twice.decide(state["version"], pair["id"], "correct", {"statement": selected})
    written = _doc(twice)["statements"][0]["quote"]
    assert "杜邦上海研发中心" in written and TWICE.count(written) == 1 and TWICE.index(written) >= second
    assert _evidence(project_copy, "r02") == [(written, TWICE.index(written))]
    assert state["note"]


def test_a_quote_position_that_does_not_hold_the_quote_is_refused(twice: ReviewSession) -> None:
    state = twice.state()
    pair = next(i for i in state["items"] if i["type"] == "statement" and i["source"] == "sentence")
    before = twice.path.read_bytes()
    for at, message in (
        ([0, 3], "does not hold the quote"),
        ([5, 2], "start before end"),
        ("0-8", "quote_at must be"),
        ([0, 999], "quote_at must be"),
    ):
        with pytest.raises(Invalid, match=message):
            twice.decide(
                state["version"], pair["id"], "correct", {"statement": {"quote": "杜邦上海研发中心", "quote_at": at, "gloss": "x"}}
            )
    assert twice.path.read_bytes() == before


def test_a_unique_quote_is_written_as_it_was_with_no_note(session: ReviewSession) -> None:
    state = session.state()
    located = _item(state, type="statement", name="locatedIn", subject="dupont-shanghai-rd-centre")
    state = session.decide(state["version"], located["id"], "accept", {"gloss": "DuPont Shanghai R&D Centre"})
    assert "note" not in state and _doc(session)["statements"][0]["quote"] == "杜邦上海研发中心"
