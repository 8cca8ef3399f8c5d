"""Each kind of bad curation input gives a clear error naming file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build.pipeline import build, load_inputs
from kg.errors import CurationError
from kg.project import Project

DOC = "seeds/curation/documents/000.yaml"
CORE = "seeds/curation/entities/core.yaml"


def _edit(project: Project, rel: str, old: str, new: str, count: int = 1) -> int:
    """Replace text in a copied curation file; return the 1-based line of the edit."""
    path = project.root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


def _problems(project: Project) -> str:
    with pytest.raises(CurationError) as info:
        load_inputs(project)
    return str(info.value)


def test_malformed_yaml(project_copy: Project) -> None:
    line = _edit(project_copy, DOC, "  - subject: ciie\n    relation: announcedBy", "  - subject: [ciie\n    relation: announcedBy")
    msg = _problems(project_copy)
    assert f"{DOC}:" in msg and "YAML syntax error" in msg
    assert str(line) in msg or str(line + 1) in msg or str(line + 2) in msg


def test_quote_not_in_document(project_copy: Project) -> None:
    line = _edit(
        project_copy,
        DOC,
        'quote: "Four buyers\' alliances were formed during the event."',
        'quote: "Five buyers\' alliances were formed during the event."',
    )
    msg = _problems(project_copy)
    assert f"{DOC}:{line}:" in msg and "quote not found in document 000" in msg
    assert "copy the quote exactly" in msg


def test_duplicate_entity_id(project_copy: Project) -> None:
    line = _edit(project_copy, CORE, "  - id: asia-pacific\n", "  - id: shanghai\n")
    msg = _problems(project_copy)
    assert f"{CORE}:{line}:" in msg and "duplicate entity id 'shanghai'" in msg


def test_unknown_entity_id_suggests_the_right_one(project_copy: Project) -> None:
    line = _edit(project_copy, DOC, "    object: xi-jinping\n", "    object: xi-jingping\n")
    msg = _problems(project_copy)
    assert f"{DOC}:{line}:" in msg and "unknown entity 'xi-jingping'" in msg and "did you mean 'xi-jinping'" in msg


def test_unknown_relation(project_copy: Project) -> None:
    line = _edit(project_copy, DOC, "    relation: announcedBy\n", "    relation: announcedby\n")
    msg = _problems(project_copy)
    assert f"{DOC}:{line}:" in msg and "unknown relation 'announcedby'" in msg and "'announcedBy'" in msg


def test_unknown_class(project_copy: Project) -> None:
    line = _edit(project_copy, DOC, "    class: Expo\n", "    class: Exhibition\n")
    msg = _problems(project_copy)
    assert f"{DOC}:{line}:" in msg and "unknown class 'Exhibition'" in msg


def test_missing_english_label(project_copy: Project) -> None:
    line = _edit(project_copy, DOC, "      en: Zhangjiang Drug Laboratory\n", "")
    msg = _problems(project_copy)
    assert f"{DOC}:{line - 1}:" in msg and "missing English label" in msg


def test_thai_quote_without_gloss(project_copy: Project) -> None:
    _edit(project_copy, DOC, '        gloss: "President Xi Jinping"\n', "")
    msg = _problems(project_copy)
    assert "a Thai quote needs an English gloss" in msg


def test_non_utf8_document(project_copy: Project) -> None:
    path = project_copy.seeds / "002_b151128fa3e5a2f2.txt"
    data = path.read_text(encoding="utf-8").encode("tis-620", errors="replace")
    path.write_bytes(data)
    import hashlib

    _edit(
        project_copy,
        "seeds/manifest.yaml",
        "cbe1a36e87faa8ec66021686c56fa857063b613a97e34d318d2f2f887fdee11f",
        hashlib.sha256(data).hexdigest(),
    )
    msg = _problems(project_copy)
    assert "seeds/002_b151128fa3e5a2f2.txt:1:" in msg and "not valid UTF-8" in msg and "iconv" in msg


def test_edited_document_fails_its_checksum(project_copy: Project) -> None:
    path = project_copy.seeds / "003_081f9a280dc1306f.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("Wu Qing", "Wu  Qing"), encoding="utf-8")
    msg = _problems(project_copy)
    assert "seeds/manifest.yaml:" in msg and "checksum mismatch for 003_081f9a280dc1306f.txt" in msg


def test_bad_date_and_number_and_unknown_field(project_copy: Project) -> None:
    _edit(project_copy, DOC, "    value: 2018-11-05\n", "    value: 5 November 2018\n")
    _edit(project_copy, DOC, "    value: 3617\n", "    value: many\n")
    _edit(project_copy, DOC, "    measure: exhibition area\n", "    measure: exhibition area\n    units: SquareMetre\n")
    msg = _problems(project_copy)
    assert "is not a date like 2018" in msg
    assert "not a number: 'many'" in msg
    assert "unknown field" in msg and "did you mean 'unit'" in msg


def test_all_problems_are_reported_at_once(project_copy: Project) -> None:
    _edit(project_copy, DOC, "    object: xi-jinping\n", "    object: nobody\n")
    _edit(project_copy, DOC, "    relation: announcedAt\n", "    relation: announced\n")
    assert "2 problems" in _problems(project_copy)


def test_shacl_violation_stops_the_build(project_copy: Project) -> None:
    from kg.build.shacl import ShapeViolation

    shapes = project_copy.root / "ontology" / "shapes.ttl"
    shapes.write_text(shapes.read_text(encoding="utf-8").replace('sh:pattern "^[A-Z]{2}$"', 'sh:pattern "^[A-Z]{3}$"'), encoding="utf-8")
    with pytest.raises(ShapeViolation, match="ISO 3166-1"):
        build(project_copy)


def test_statement_curated_twice(project_copy: Project, tmp_path: Path) -> None:
    block = (
        '  - subject: ciie-2018\n    relation: heldAt\n    object: necc\n    quote: "at the National Exhibition and Convention Center"\n'
    )
    path = project_copy.root / DOC
    path.write_text(path.read_text(encoding="utf-8") + block, encoding="utf-8")
    assert "the same statement is curated twice" in _problems(project_copy)
