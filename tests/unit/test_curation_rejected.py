"""``rejected:`` in a document file: suggestions a reviewer turned down, checked and loaded apart from the statements.

A rejection must keep a refresh from proposing the suggestion again and teach training
what two names are not, so its items are checked like any curation (file, line, field
and a fix), but never become statements: the graph holds what the texts say, not what a
reviewer struck out.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.curation.loader import load_curation
from kg.errors import CurationError
from kg.schema.model import Curation, Rejection, Where, decision_key
from kg.schema.ontology import load_ontology
from tests.security_support import MINIMAL_FILES, minimal_project

ROOT = Path(__file__).resolve().parents[2]
DOC_FILE = "seeds/curation/documents/000.yaml"
TEXT = "The Alpha Institute and the Beta Laboratory signed a memorandum of understanding in 2020.\n"


def _project(folder: Path, rejected: str, status: str = "complete") -> Path:
    """A one-document project whose curation file ends with ``rejected:`` and the lines ``rejected``."""
    text = MINIMAL_FILES[DOC_FILE].replace("status: complete", f"status: {status}") + "rejected:\n" + rejected
    return minimal_project(folder, TEXT, text)


def _load(folder: Path, include_drafts: bool = False) -> Curation:
    return load_curation(folder, load_ontology(folder / "ontology" / "kg.ttl"), include_drafts=include_drafts)


def _problems(folder: Path) -> list[tuple[str, int, str, str, str]]:
    with pytest.raises(CurationError) as caught:
        _load(folder)
    return [(p.file, p.line, p.field, p.message, p.hint) for p in caught.value.problems]


GOOD = """\
  - {subject: alpha-institute, relation: locatedIn, object: candidate-3, quote: "The Alpha Institute and  the Beta Laboratory"}
  - link: hosting
    participants: [beta-laboratory, alpha-institute]
    quote: "The Alpha Institute and the Beta Laboratory signed a memorandum of understanding in 2020."
  - {candidate: "华为研究院"}
  - {subject: alpha-institute, relation: partOf, object: beta-laboratory, quote: "The Alpha Institute", corrected: true}
"""


def test_the_three_shapes_load_as_rejections_and_never_as_statements(tmp_path: Path) -> None:
    curation = _load(_project(tmp_path, GOOD))
    assert [(r.doc, r.kind, r.name, r.subject, r.object) for r in curation.rejections] == [
        ("000", "fact", "locatedIn", "alpha-institute", "candidate-3"),  # a stub id: need not be registered
        ("000", "link", "Hosting", "beta-laboratory", "alpha-institute"),  # the kind as the ontology spells it
        ("000", "candidate", "华为研究院", None, None),
        ("000", "fact", "partOf", "alpha-institute", "beta-laboratory"),
    ]
    assert [r.where.line for r in curation.rejections] == [10, 11, 14, 15]
    assert [r.corrected for r in curation.rejections] == [False, False, False, True]  # as kg review marks a correction
    assert [st.kind for st in curation.statements] == ["link"]  # only the curated memorandum


def test_a_draft_left_out_is_not_read_and_an_included_one_is(tmp_path: Path) -> None:
    folder = _project(tmp_path, GOOD + "  - nonsense\n", status="draft")
    assert _load(folder).rejections == ()
    with pytest.raises(CurationError, match=r"rejected\[4\]"):
        _load(folder, include_drafts=True)


def test_every_wrong_item_names_file_line_field_and_the_fix(tmp_path: Path) -> None:
    bad = """\
  - {subject: Alpha, relation: locatdIn, object: b, quote: "q", gloss: "g"}
  - {link: Nope, participants: [a], quote: ""}
  - {candidate: "x", link: Hosting}
  - {candidate: "  ", corrected: true}
  - just text
"""
    found = _problems(_project(tmp_path, bad))
    by_field = {field: (file, line, message, hint) for file, line, field, message, hint in found}
    assert all(file == DOC_FILE for file, *_ in found)
    assert by_field["rejected[0].gloss"][1:] == (10, "unknown field", "choose one of: corrected, object, quote, relation, subject")
    assert by_field["rejected[0].relation"][2:] == ("unknown relation 'locatdIn' (between two entities)", "did you mean 'locatedIn'?")
    assert by_field["rejected[0].subject"][2] == "invalid id 'Alpha'" and "lower-case" in by_field["rejected[0].subject"][3]
    assert by_field["rejected[1].link"][1:3] == (11, "unknown link 'Nope'") and "Hosting" in by_field["rejected[1].link"][3]
    assert by_field["rejected[1].participants"][3] == "write 'participants: [a, b]'"
    assert by_field["rejected[1].quote"][2] == "a rejected suggestion needs its quote"
    assert by_field["rejected[2]"][1:3] == (12, "has both link and candidate")
    assert by_field["rejected[3].candidate"][1] == 13
    assert by_field["rejected[3].corrected"][2] == "unknown field"  # a candidate is rejected, never corrected
    assert by_field["rejected[4]"][1:3] == (9, "is not a rejected fact, link or candidate")  # the key's line: a scalar has none
    assert "{candidate:" in by_field["rejected[4]"][3]


def test_rejected_must_be_a_list(tmp_path: Path) -> None:
    folder = _project(tmp_path, "")
    (folder / DOC_FILE).write_text((folder / DOC_FILE).read_text(encoding="utf-8").replace("rejected:\n", "rejected: yes\n"))
    [(file, line, field, message, _hint)] = _problems(folder)
    assert (file, line, field, message) == (DOC_FILE, 9, "rejected", "must be a list")


def test_the_identity_of_a_decision_ignores_link_order_and_quote_whitespace() -> None:
    def rejection(kind: str, a: str, b: str, quote: str) -> Rejection:
        return Rejection("000", kind, "Hosting", a, b, quote, Where("f", 1))  # type: ignore[arg-type]

    assert rejection("link", "a", "b", "x  y\n").key == decision_key("link", "Hosting", "b", "a", " x y")
    assert rejection("fact", "a", "b", "x").key != decision_key("fact", "Hosting", "b", "a", "x")  # a fact has a direction
    assert decision_key("candidate", " 华为 研究院") == decision_key("candidate", "华为 研究院")
