from __future__ import annotations

from pathlib import Path

import pytest

from kg.curation.yamlload import MAX_DEPTH, LineDict, load_yaml
from kg.errors import CurationError


def _load(tmp_path: Path, text: str | bytes) -> object:
    path = tmp_path / "x.yaml"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return load_yaml(path, "x.yaml")


def _problem(tmp_path: Path, text: str | bytes) -> str:
    with pytest.raises(CurationError) as info:
        _load(tmp_path, text)
    return str(info.value)


def test_mappings_remember_lines(tmp_path: Path) -> None:
    data = _load(tmp_path, "a: 1\nb:\n  c: 2\n")
    assert isinstance(data, LineDict)
    assert data.line_of("b") == 2 and data["b"].line_of("c") == 3


def test_duplicate_key_is_an_error_with_both_lines(tmp_path: Path) -> None:
    msg = _problem(tmp_path, "id: a\nclass: City\nid: b\n")
    assert "x.yaml:3" in msg and "duplicate key 'id' (first on line 1)" in msg


def test_syntax_error_names_the_line(tmp_path: Path) -> None:
    msg = _problem(tmp_path, "a: 1\nb: [unclosed\nc: 3\n")
    assert "x.yaml:" in msg and "YAML syntax error" in msg


def test_object_constructing_tags_are_refused(tmp_path: Path) -> None:
    msg = _problem(tmp_path, "a: !!python/object/apply:os.system ['echo hi']\n")
    assert "tags that construct objects are not allowed" in msg


def test_aliases_are_refused(tmp_path: Path) -> None:
    msg = _problem(tmp_path, "a: &x [1, 2]\nb: *x\n")
    assert "aliases" in msg and "x.yaml:2" in msg


def test_too_deep_nesting(tmp_path: Path) -> None:
    msg = _problem(tmp_path, "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n")
    assert "nesting deeper" in msg


def test_not_utf8(tmp_path: Path) -> None:
    msg = _problem(tmp_path, "a: 1\nb: '\xe0\xb8'\n".encode("latin-1"))
    assert "not valid UTF-8" in msg and "x.yaml:2" in msg


def test_yaml_11_booleans_and_dates_stay_text(tmp_path: Path) -> None:
    data = _load(tmp_path, "iso_code: NO\nanswer: yes\nflag: true\ndate: 2018-11-05\nbad: 2018-02-30\n")
    assert data == {"iso_code": "NO", "answer": "yes", "flag": True, "date": "2018-11-05", "bad": "2018-02-30"}


def test_a_value_its_tag_cannot_build_names_the_line(tmp_path: Path) -> None:
    assert "x.yaml:2: cannot read the value 'many' as int" in _problem(tmp_path, "a: 1\nb: !!int many\n")
    assert "x.yaml:1: cannot read the value '' as int" in _problem(tmp_path, "c: !!int\n")
    assert "x.yaml:1: cannot read the value '' as timestamp" in _problem(tmp_path, "d: !!timestamp\n")


def test_control_characters_name_the_line(tmp_path: Path) -> None:
    msg = _problem(tmp_path, "a: 1\nb: 'x\x00y'\n")
    assert "x.yaml:2: contains the non-printable character U+0000" in msg


def test_a_utf8_bom_in_a_curation_file_is_accepted(tmp_path: Path) -> None:
    assert _load(tmp_path, b"\xef\xbb\xbfentities: []\n") == {"entities": []}


# --- libyaml's parser reads what the reference loader reads -------------------------------

ROOT = Path(__file__).resolve().parents[2]


def _shape(value: object) -> object:
    """Data with every mapping's lines, to compare two loads exactly."""
    if isinstance(value, LineDict):
        return ("map", value.line, sorted(value.key_lines.items()), {k: _shape(v) for k, v in value.items()})
    if isinstance(value, list):
        return [_shape(v) for v in value]
    return (type(value).__name__, value)


def _every_project_yaml() -> list[Path]:
    files = [*sorted((ROOT / "seeds").rglob("*.yaml")), *sorted((ROOT / "kg").rglob("*.yaml"))]
    assert len(files) >= 10
    return files


@pytest.mark.parametrize("path", _every_project_yaml(), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_fast_parser_gives_the_reference_data_and_lines(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.curation.yamlload as yl

    assert yl.FAST, "PyYAML is installed without libyaml here; the fast path is not exercised"
    fast = _shape(load_yaml(path))
    monkeypatch.setattr(yl, "FAST", False)
    assert fast == _shape(load_yaml(path))


@pytest.mark.parametrize(
    "text",
    [
        "a: yes\nb: NO\nc: 2018-11-05\nd: true\ne: 0x1F\nf: 1_000\ng: ~\nh: 'x'\n",
        "- &a 1\n- 2\n",  # an anchor without alias is read as before
        "a: |\n  two\n  lines\nb: >-\n  folded\n  text\n",
        "\ufeffa: 1\n",
    ],
)
def test_the_fast_parser_resolves_scalars_as_the_reference(text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.curation.yamlload as yl

    fast = _shape(_load(tmp_path, text))
    monkeypatch.setattr(yl, "FAST", False)
    assert fast == _shape(_load(tmp_path, text))


@pytest.mark.parametrize(
    "text",
    [
        "a: &x [1, 2]\nb: *x\n",
        "a: 1\na: 2\n",
        "a: [1,\n",
        "a: b\x07c\n",
        "a: !!int abc\n",
        "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n",
        "a: " + "[" * 100_000 + "]" * 100_000 + "\n",  # libyaml's own composer would crash the process here
    ],
)
def test_bad_yaml_gets_the_reference_message_whichever_parser(text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.curation.yamlload as yl

    fast = _problem(tmp_path, text)
    monkeypatch.setattr(yl, "FAST", False)
    assert fast == _problem(tmp_path, text)
