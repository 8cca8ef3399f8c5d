"""The draft curation file is ruamel.yaml round-trip YAML: a tool can edit it and keep every comment."""

from __future__ import annotations

import io

import yaml

from kg.curation.yamlload import load_yaml_text
from kg.ingest.analysis import analyse_text
from kg.ingest.draft import MARKER, draft_yaml, render_draft
from kg.schema.model import Entity, Names, Where

_W = Where("x", 1)
ENTITIES = [
    Entity("shanghai", "Municipality", Names({"en": "Shanghai", "zh": "上海"}, {}), _W),
    Entity("vietnam", "Country", Names({"en": "Vietnam", "zh": "越南"}, {}), _W),
    Entity("ste", "TechnologyExchange", Names({"en": "Shanghai Technology Exchange", "zh": "上海技术交易所"}, {}), _W),
    Entity("nmpa", "GovernmentBody", Names({"en": "National Medical Products Administration"}, {}), _W),
]
#: A Chinese sentence with two registered names (a statement needing a gloss), an English
#: one with a candidate name and characters YAML must escape, a near-spelling of a
#: registered name (a possible alias), and a registered name written across a line break.
TEXT = (
    "上海技术交易所与越南建立了长期技术合作。\n\n"
    'The Mekong Innovation Centre said: "Vietnam #1" \\ Shanghai\u2028agreed.\n\n'
    "Shanghai Technology Exchangee met Vietnam.\n\n"
    "The National Medical Products\n\nAdministration and Shanghai spoke.\n"
)


def _draft() -> str:
    return render_draft("n01", "Note", "note.txt", analyse_text(TEXT, ENTITIES, {}))


def _dump(data: object) -> str:
    out = io.StringIO()
    draft_yaml().dump(data, out)
    return out.getvalue()


def test_draft_loads_with_the_project_loader_and_proposes_only_in_comments() -> None:
    draft = _draft()
    assert load_yaml_text(draft, "n01.yaml") == {"document": "n01", "status": "draft", "entities": None, "statements": None}
    assert "#    participants: [shanghai, vietnam]" in draft or "#    participants: [ste, vietnam]" in draft
    assert "#  - id: mekong-innovation-centre" in draft
    assert "POSSIBLE ALIAS of ste" in draft
    # a name written across a line break stays on its comment line (it used to break the YAML)
    assert "#   nmpa: 1 (National Medical Products Administration)" in draft


def test_edit_one_value_with_ruamel_keeps_every_comment_and_the_layout() -> None:
    draft = _draft()
    data = draft_yaml().load(draft)
    data["status"] = "partial"
    edited = _dump(data)
    assert edited == draft.replace("\nstatus: draft\n", "\nstatus: partial\n")
    comments = [line for line in draft.splitlines() if line.startswith("#")]
    assert len(comments) > 30 and comments == [line for line in edited.splitlines() if line.startswith("#")]
    assert _dump(draft_yaml().load(draft)) == draft  # and unchanged, it round-trips byte for byte


def test_uncommented_proposals_are_valid_yaml_with_the_exact_quotes() -> None:
    """ruamel quotes and escapes the proposals (a quote with ", #, \\ and U+2028 survives)."""
    draft = _draft()
    body = draft.split("\nstatements:\n", 1)[1]
    uncommented = "statements:\n" + "".join(line[1:] + "\n" for line in body.splitlines())
    statements = yaml.safe_load(uncommented)["statements"]
    quotes = {st["quote"] for st in statements}
    assert 'The Mekong Innovation Centre said: "Vietnam #1" \\ Shanghai\u2028agreed.' in quotes
    assert all(st["note"] == MARKER and st["link"] == "TechnologyCooperation" for st in statements)
    assert [st["gloss"] for st in statements if "gloss" in st] == [""]  # the Chinese sentence only
