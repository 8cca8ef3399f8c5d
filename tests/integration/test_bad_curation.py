"""Each kind of bad curation input gives a clear error naming file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build.pipeline import build, load_inputs
from kg.errors import CurationError, Problem
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


def _problems_at(project: Project, rel: str, line: int) -> list[Problem]:
    """The problems reported at exactly ``rel:line``."""
    with pytest.raises(CurationError) as info:
        load_inputs(project)
    return [p for p in info.value.problems if (p.file, p.line) == (rel, line)]


def _item(project: Project, rel: str, line: int, section: str) -> int:
    """0-based index, counted in the file's text, of the ``section:`` list item (``  - ``) that holds ``line``."""
    lines = (project.root / rel).read_text(encoding="utf-8").splitlines()
    head = lines.index(f"{section}:")
    return sum(1 for text in lines[head:line] if text.startswith("  - ")) - 1


def _evidence_item(project: Project, rel: str, line: int) -> int:
    """0-based index of the ``evidence:`` item (``      - ``) at ``line`` within its statement."""
    lines = (project.root / rel).read_text(encoding="utf-8").splitlines()[:line]
    start = max(i for i, text in enumerate(lines) if text.startswith("  - "))
    return sum(1 for text in lines[start:] if text.startswith("      - ")) - 1


def _one(problems: list[Problem]) -> tuple[str, str]:
    """The field and message of the single problem in ``problems``."""
    assert len(problems) == 1, problems
    return problems[0].field, problems[0].message


def test_malformed_yaml(project_copy: Project) -> None:
    line = _edit(project_copy, DOC, "  - subject: ciie\n    relation: announcedBy", "  - subject: [ciie\n    relation: announcedBy")
    # The flow list opened on `line` is still open on the next one, where the parser meets
    # `relation:`'s colon: that is the line it reports, for the file as a whole (no field).
    msg = _problems(project_copy)
    assert f"\n{DOC}:{line + 1}: YAML syntax error: expected ',' or ']', but got ':'" in msg
    assert _one(_problems_at(project_copy, DOC, line + 1)) == ("", "YAML syntax error: expected ',' or ']', but got ':'")


def test_quote_not_in_document(project_copy: Project) -> None:
    line = _edit(
        project_copy,
        DOC,
        'quote: "Four buyers\' alliances were formed during the event."',
        'quote: "Five buyers\' alliances were formed during the event."',
    )
    field = f"statements[{_item(project_copy, DOC, line, 'statements')}].evidence[{_evidence_item(project_copy, DOC, line)}].quote"
    msg = _problems(project_copy)
    assert f"\n{DOC}:{line}: {field}: quote not found in document 000" in msg
    assert "copy the quote exactly" in msg
    assert _one(_problems_at(project_copy, DOC, line))[0] == field


def test_duplicate_entity_id(project_copy: Project) -> None:
    line = _edit(project_copy, CORE, "  - id: asia-pacific\n", "  - id: shanghai\n")
    field = f"entities[{_item(project_copy, CORE, line, 'entities')}](shanghai).id"
    assert f"\n{CORE}:{line}: {field}: duplicate entity id 'shanghai'" in _problems(project_copy)
    assert _one(_problems_at(project_copy, CORE, line))[0] == field


def test_unknown_entity_id_suggests_the_right_one(project_copy: Project) -> None:
    line = _edit(project_copy, DOC, "    object: xi-jinping\n", "    object: xi-jingping\n")
    field = f"statements[{_item(project_copy, DOC, line, 'statements')}].object"
    msg = _problems(project_copy)
    assert f"\n{DOC}:{line}: {field}: unknown entity 'xi-jingping'" in msg and "did you mean 'xi-jinping'" in msg
    assert _one(_problems_at(project_copy, DOC, line)) == (field, "unknown entity 'xi-jingping'")


def test_unknown_relation(project_copy: Project) -> None:
    line = _edit(project_copy, DOC, "    relation: announcedBy\n", "    relation: announcedby\n")
    field = f"statements[{_item(project_copy, DOC, line, 'statements')}].relation"
    msg = _problems(project_copy)
    assert f"\n{DOC}:{line}: {field}: unknown relation 'announcedby'" in msg and "'announcedBy'" in msg
    assert _one(_problems_at(project_copy, DOC, line)) == (field, "unknown relation 'announcedby'")


def test_unknown_class(project_copy: Project) -> None:
    line = _edit(project_copy, DOC, "    class: Expo\n", "    class: Exhibition\n")
    field = f"entities[{_item(project_copy, DOC, line, 'entities')}](ciie).class"
    assert f"\n{DOC}:{line}: {field}: unknown class 'Exhibition'" in _problems(project_copy)
    assert _one(_problems_at(project_copy, DOC, line)) == (field, "unknown class 'Exhibition'")


def test_missing_english_label(project_copy: Project) -> None:
    line = _edit(project_copy, DOC, "      en: Zhangjiang Drug Laboratory\n", "")
    # reported at the `label:` line just above the deleted one
    field = f"entities[{_item(project_copy, DOC, line - 1, 'entities')}](zhangjiang-drug-laboratory).label.en"
    assert f"\n{DOC}:{line - 1}: {field}: missing English label" in _problems(project_copy)
    assert _one(_problems_at(project_copy, DOC, line - 1)) == (field, "missing English label")


def test_thai_quote_without_gloss(project_copy: Project) -> None:
    line = _edit(project_copy, DOC, '        gloss: "President Xi Jinping"\n', "")
    # reported at the Thai quote's `- quote:` line, just above the deleted gloss
    statement, evidence = _item(project_copy, DOC, line - 1, "statements"), _evidence_item(project_copy, DOC, line - 1)
    field = f"statements[{statement}].evidence[{evidence}].gloss"
    assert f"\n{DOC}:{line - 1}: {field}: a Thai quote needs an English gloss" in _problems(project_copy)
    assert _one(_problems_at(project_copy, DOC, line - 1)) == (field, "a Thai quote needs an English gloss")


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
    date = _edit(project_copy, DOC, "    value: 2018-11-05\n", "    value: 5 November 2018\n")
    number = _edit(project_copy, DOC, "    value: 3617\n", "    value: many\n")
    units = _edit(project_copy, DOC, "    measure: exhibition area\n", "    measure: exhibition area\n    units: SquareMetre\n") + 1
    msg = _problems(project_copy)
    for line, key, message in ((date, "value", "'5 November 2018' is not a date like 2018"), (number, "value", "not a number: 'many'")):
        field = f"statements[{_item(project_copy, DOC, line, 'statements')}].{key}"
        assert f"\n{DOC}:{line}: {field}: {message}" in msg
    field = f"statements[{_item(project_copy, DOC, units, 'statements')}].units"
    assert f"\n{DOC}:{units}: {field}: unknown field\n    fix: did you mean 'unit'" in msg


def test_all_problems_are_reported_at_once(project_copy: Project) -> None:
    first = _edit(project_copy, DOC, "    object: xi-jinping\n", "    object: nobody\n")
    second = _edit(project_copy, DOC, "    relation: announcedAt\n", "    relation: announced\n")
    msg = _problems(project_copy)
    assert msg.startswith("2 problems in the curation input:\n")
    assert f"\n{DOC}:{first}: statements[{_item(project_copy, DOC, first, 'statements')}].object: unknown entity 'nobody'" in msg
    assert f"\n{DOC}:{second}: statements[{_item(project_copy, DOC, second, 'statements')}].relation: unknown relation 'announced'" in msg


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
