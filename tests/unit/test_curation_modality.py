"""Modality in curation: the statement's own, its section's, its document's; and the errors when none applies.

Each test writes a one-document project (the real ontology, a text with two sections) and
loads its curation: a plan must never reach the graph as a report because a curator
forgot to say which it is, so every failure names the file, the line and the field.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.curation.loader import load_curation
from kg.errors import CurationError
from kg.schema.model import Curation, Fact, Indicator, Link
from kg.schema.ontology import load_ontology
from tests.security_support import minimal_project

ROOT = Path(__file__).resolve().parents[2]

TEXT = """\
Progress
The Alpha Institute and the Beta Laboratory signed a memorandum of understanding in 2020.

Recommendations
The Alpha Institute should build a joint laboratory with the Beta Laboratory.
The Beta Laboratory will open an office in 2026.
"""

LINK_2020 = """\
  - link: MemorandumOfUnderstanding
    participants: [alpha-institute, beta-laboratory]
    date: 2020
    quote: "The Alpha Institute and the Beta Laboratory signed a memorandum of understanding in 2020."
"""
LINK_LAB = """\
  - link: JointResearch
    participants: [alpha-institute, beta-laboratory]
    quote: "The Alpha Institute should build a joint laboratory with the Beta Laboratory."
"""
FACT_OFFICE = """\
  - subject: beta-laboratory
    relation: startDate
    value: 2026
    quote: "The Beta Laboratory will open an office in 2026."
"""
DOC_FILE = "seeds/curation/documents/000.yaml"


def _project(folder: Path, header: str, statements: str) -> Path:
    """A project whose document 000 is TEXT, curated with ``header`` (after status) and ``statements``."""
    return minimal_project(folder, TEXT, f'document: "000"\nstatus: complete\n{header}statements:\n{statements}')


def _load(folder: Path) -> Curation:
    return load_curation(folder, load_ontology(folder / "ontology" / "kg.ttl"))


def _modalities(curation: Curation) -> dict[str, str]:
    def key(st: Fact | Link | Indicator) -> str:
        return st.link_kind if isinstance(st, Link) else st.relation if isinstance(st, Fact) else st.measure

    return {key(st): st.modality for st in curation.statements}


def _problems(folder: Path) -> list[tuple[str, int, str, str, str]]:
    with pytest.raises(CurationError) as caught:
        _load(folder)
    return [(p.file, p.line, p.field, p.message, p.hint) for p in caught.value.problems]


def test_the_document_default_applies_to_every_statement(tmp_path: Path) -> None:
    curation = _load(_project(tmp_path, "modality: reported\n", LINK_2020 + LINK_LAB))
    assert _modalities(curation) == {"MemorandumOfUnderstanding": "Reported", "JointResearch": "Reported"}


def test_a_section_default_applies_from_its_heading_and_the_statement_overrides_both(tmp_path: Path) -> None:
    header = 'modality: reported\nsections:\n  "Recommendations": recommended\n'
    office = FACT_OFFICE.replace("    value: 2026\n", "    value: 2026\n    modality: Announced\n")  # any case
    curation = _load(_project(tmp_path, header, LINK_2020 + LINK_LAB + office))
    assert _modalities(curation) == {"MemorandumOfUnderstanding": "Reported", "JointResearch": "Recommended", "startDate": "Announced"}


def test_a_later_section_ends_the_one_before(tmp_path: Path) -> None:
    header = 'sections:\n  "Progress": reported\n  "Recommendations": directed\n'
    curation = _load(_project(tmp_path, header, LINK_2020 + LINK_LAB))
    assert _modalities(curation) == {"MemorandumOfUnderstanding": "Reported", "JointResearch": "Directed"}


def test_target_true_is_the_target_modality_and_the_two_must_agree(tmp_path: Path) -> None:
    indicator = """\
  - subject: beta-laboratory
    measure: offices
    value: 1
    unit: Count
    date: 2026
    target: true
    quote: "The Beta Laboratory will open an office in 2026."
"""
    curation = _load(_project(tmp_path, "modality: reported\n", indicator))
    (only,) = curation.statements
    assert isinstance(only, Indicator) and only.modality == "Target" and only.target is True
    contradiction = indicator.replace("    target: true\n", "    target: true\n    modality: reported\n")
    (problem,) = _problems(_project(tmp_path / "again", "modality: reported\n", contradiction))
    assert problem[:3] == (DOC_FILE, 10, "statements[0].target")
    assert "contradicts 'modality: reported'" in problem[3] and "modality: target" in problem[4]


def test_a_missing_modality_names_file_line_field_and_the_fix(tmp_path: Path) -> None:
    (problem,) = _problems(_project(tmp_path, "", LINK_2020))
    file, line, field, message, hint = problem
    assert (file, line, field) == (DOC_FILE, 4, "statements[0].modality")
    assert "no modality" in message
    assert "modality: ..." in hint and "reported" in hint and "sections:" in hint and DOC_FILE in hint


def test_a_statement_outside_every_listed_section_needs_a_document_default(tmp_path: Path) -> None:
    (problem,) = _problems(_project(tmp_path, 'sections:\n  "Recommendations": recommended\n', LINK_2020 + LINK_LAB))
    assert problem[:3] == (DOC_FILE, 6, "statements[0].modality")  # the 2020 link, before "Recommendations"


def test_unknown_modalities_name_their_line(tmp_path: Path) -> None:
    header = 'modality: plausible\nsections:\n  "Recommendations": advised\n'
    statement = LINK_2020.replace("    date: 2020\n", "    date: 2020\n    modality: rumoured\n")
    problems = _problems(_project(tmp_path, header, statement))
    found = {(line, field): (message, hint) for _f, line, field, message, hint in problems}
    assert set(found) == {(3, "modality"), (5, "sections['Recommendations']"), (10, "statements[0].modality")}
    assert "unknown modality 'rumoured'" in found[(10, "statements[0].modality")][0]
    assert all("reported" in hint and "recommended" in hint for _m, hint in found.values())


def test_a_heading_the_document_lacks_or_repeats_is_refused(tmp_path: Path) -> None:
    header = 'modality: reported\nsections:\n  "Conclusions": recommended\n  "Laboratory": directed\n'
    problems = {(line, field): message for _f, line, field, message, _h in _problems(_project(tmp_path, header, LINK_2020))}
    assert problems == {
        (5, "sections['Conclusions']"): "the heading does not occur in document 000",
        (6, "sections['Laboratory']"): "the heading occurs 3 times in document 000, so the section's start is ambiguous",
    }


def test_quotes_in_sections_with_different_defaults_need_the_statements_own_modality(tmp_path: Path) -> None:
    both = """\
  - link: MemorandumOfUnderstanding
    participants: [alpha-institute, beta-laboratory]
    evidence:
      - quote: "signed a memorandum of understanding in 2020"
      - quote: "should build a joint laboratory"
"""
    header = 'modality: reported\nsections:\n  "Recommendations": recommended\n'
    (problem,) = _problems(_project(tmp_path, header, both))
    assert problem[:3] == (DOC_FILE, 7, "statements[0].modality")
    assert "different default modalities" in problem[3]
    curation = _load(_project(tmp_path / "fixed", header, both.replace("    evidence:\n", "    modality: reported\n    evidence:\n")))
    assert curation.statements[0].modality == "Reported"


def test_a_fact_or_link_cannot_be_a_target(tmp_path: Path) -> None:
    (problem,) = _problems(_project(tmp_path, "modality: target\n", LINK_LAB))
    assert problem[:3] == (DOC_FILE, 5, "statements[0].modality")
    assert "goal figures (indicators)" in problem[3] and "directed" in problem[4]


def test_the_modality_does_not_change_the_statements_iri(tmp_path: Path) -> None:
    reported = _load(_project(tmp_path / "a", "modality: reported\n", LINK_LAB))
    recommended = _load(_project(tmp_path / "b", "modality: recommended\n", LINK_LAB))
    assert reported.statements[0].id == recommended.statements[0].id
