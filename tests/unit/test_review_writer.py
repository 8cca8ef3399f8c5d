"""The line edits of kg review: one item in, comments and layout kept, anything surprising refused."""

from __future__ import annotations

import pytest
import yaml

from kg.review.writer import WriteRefused, add_item, drop_proposals, item_lines, set_status

DRAFT = """\
# DRAFT curation of document 009
document: "009"
status: draft    # set complete once reviewed

entities:
#  - id: huawei-research-institute    # 1x
#    class: ResearchInstitute

statements:
  - subject: a    # kept by hand
    relation: locatedIn
    object: b
    modality: reported
    quote: "A is in B."
#  - subject: c
#    relation: partOf    # score 0.40
#    object: d
#    quote: "C is part of D."
"""


def test_an_item_goes_after_the_last_reviewed_item_and_nothing_else_moves() -> None:
    item = {"link": "Hosting", "participants": ["x", "y"], "modality": "reported", "quote": "X hosts Y: 2019", "gloss": "g"}
    new = add_item(DRAFT, "statements", item, "009.yaml")
    assert yaml.safe_load(new)["statements"][-1] == item
    assert new.count("# kept by hand") == 1 and "#    relation: partOf    # score 0.40" in new
    lines = new.splitlines()
    at = lines.index('    quote: "A is in B."') + 1
    assert lines[at : at + 5] == [
        "  - link: Hosting",
        "    participants: [x, y]",
        "    modality: reported",
        '    quote: "X hosts Y: 2019"',
        '    gloss: "g"',
    ]
    # the old lines are all still there, in order
    assert lines[:at] + lines[at + 5 :] == DRAFT.splitlines()
    assert item_lines(item, 2) == lines[at : at + 5]


def test_an_empty_key_becomes_a_list_and_a_missing_key_is_added_at_the_end() -> None:
    new = add_item(DRAFT, "entities", {"id": "e1", "class": "Company", "label": {"en": "E", "zh": "乙"}}, "009.yaml")
    assert yaml.safe_load(new)["entities"] == [{"id": "e1", "class": "Company", "label": {"en": "E", "zh": "乙"}}]
    assert '    label: {en: "E", zh: "乙"}' in new
    new = add_item(new, "rejected", {"candidate": "某某"}, "009.yaml", flow=True)
    assert new.rstrip().splitlines()[-2:] == ["rejected:", '  - {candidate: "某某"}']
    assert yaml.safe_load(new)["rejected"] == [{"candidate": "某某"}]


def test_items_follow_the_indentation_the_file_already_uses() -> None:
    text = (
        'document: "009"\nstatus: draft\nstatements:\n- subject: a\n  relation: partOf\n  object: b\n  quote: "q"\n  modality: reported\n'
    )
    new = add_item(text, "statements", {"subject": "c", "relation": "partOf", "object": "d", "quote": "r", "modality": "reported"}, "f")
    assert "- subject: c\n  relation: partOf" in new
    assert len(yaml.safe_load(new)["statements"]) == 2


def test_a_value_that_is_not_a_block_list_is_refused() -> None:
    text = 'document: "009"\nstatus: draft\nstatements: [{subject: a, relation: partOf, object: b, quote: "q"}]\n'
    with pytest.raises(WriteRefused, match="not a block list"):
        add_item(text, "statements", {"subject": "c"}, "f.yaml")


def test_the_status_changes_in_place_with_its_comment() -> None:
    new = set_status(DRAFT, "complete", "009.yaml")
    assert "status: complete    # set complete once reviewed" in new
    assert yaml.safe_load(new) == {**yaml.safe_load(DRAFT), "status": "complete"}
    with pytest.raises(WriteRefused, match="no top-level 'status:'"):
        set_status('document: "009"\n', "complete", "009.yaml")


def test_finishing_drops_the_proposals_and_keeps_the_reviewer_s_comments() -> None:
    new = drop_proposals(DRAFT, "009.yaml")
    assert "partOf" not in new and "huawei" not in new
    assert "# kept by hand" in new and "# DRAFT curation of document 009" in new
    assert yaml.safe_load(new) == yaml.safe_load(DRAFT)


def test_hostile_text_is_written_as_a_string() -> None:
    quote = 'he said: "- {a: b}" # not a comment\n<script>alert(1)</script>'
    new = add_item(DRAFT, "statements", {"subject": "a", "relation": "partOf", "object": "b", "quote": quote}, "009.yaml")
    assert yaml.safe_load(new)["statements"][-1]["quote"] == quote
