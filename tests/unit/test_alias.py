"""kg alias: a spelling added to an entity's alt: with every comment and the layout kept (kg.ingest.alias)."""

from __future__ import annotations

import difflib

import pytest
import yaml

from kg.curation.loader import load_curation
from kg.errors import UsageError
from kg.ingest.alias import AliasError, add_alias, add_alias_text
from kg.project import Project
from kg.schema.model import Curation
from kg.schema.ontology import load_ontology

REGISTRY = """\
# A registry file: this comment must survive.
entities:
  - id: most   # the ministry
    class: Ministry
    label: {en: Ministry of Science and Technology, zh: 中华人民共和国科学技术部}
    alt: {en: [MOST], zh: [科技部]}
    note: key order stays id, class, label, alt, note
  # a comment between two entities
  - id: ndrc
    class: Commission
    label:
      en: National Development and Reform Commission
    note: "no alt yet"
  - id: cas
    class: Academy
    label:
      en: Chinese Academy of Sciences
    alt:
      zh: 中科院
# a comment after the last entity, where a draft keeps its proposals
#  - id: candidate-1
"""


def _changed(old: str, new: str) -> list[str]:
    return [line for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0) if line[:1] in "+-"][2:]


def test_a_name_joins_the_flow_list_and_nothing_else_changes() -> None:
    new = add_alias_text(REGISTRY, "r.yaml", "most", "en", "Science Ministry")
    assert _changed(REGISTRY, new) == [
        "-    alt: {en: [MOST], zh: [科技部]}",
        "+    alt: {en: [MOST, Science Ministry], zh: [科技部]}",
    ]
    assert list(yaml.safe_load(new)["entities"][0]) == ["id", "class", "label", "alt", "note"]


def test_a_new_language_in_a_flow_mapping() -> None:
    new = add_alias_text(REGISTRY, "r.yaml", "most", "th", "กระทรวงวิทย์")
    assert _changed(REGISTRY, new)[-1] == "+    alt: {en: [MOST], zh: [科技部], th: [กระทรวงวิทย์]}"


def test_a_new_alt_goes_after_the_label_in_the_label_style() -> None:
    new = add_alias_text(REGISTRY, "r.yaml", "ndrc", "en", "NDRC")
    assert _changed(REGISTRY, new) == ["+    alt:", "+      en: [NDRC]"]
    assert '      en: National Development and Reform Commission\n    alt:\n      en: [NDRC]\n    note: "no alt yet"\n  - id: cas' in new
    assert list(yaml.safe_load(new)["entities"][1]) == ["id", "class", "label", "alt", "note"]


def test_a_name_written_as_a_string_becomes_a_list_and_trailing_comments_stay_last() -> None:
    new = add_alias_text(REGISTRY, "r.yaml", "cas", "zh", "中国科学院")
    assert _changed(REGISTRY, new) == ["-      zh: 中科院", "+      zh: [中科院, 中国科学院]"]
    new = add_alias_text(REGISTRY, "r.yaml", "cas", "en", "CAS")
    assert new.endswith(
        "      zh: 中科院\n      en: [CAS]\n# a comment after the last entity, where a draft keeps its proposals\n#  - id: candidate-1\n"
    )


def test_a_new_alt_after_a_block_label_keeps_the_proposals_below_it() -> None:
    draft = (
        'document: "005"\nstatus: draft\nentities:\n  - id: mekong-centre    # kept\n    class: Organisation\n    label:\n'
        '      en: "Mekong Innovation Centre"\n#  - id: hanoi\n#    class: Place\n\n# Candidate statements (0)\nstatements:\n'
    )
    new = add_alias_text(draft, "d.yaml", "mekong-centre", "zh", "湄公创新中心")
    assert '      en: "Mekong Innovation Centre"\n    alt:\n      zh: [湄公创新中心]\n#  - id: hanoi\n' in new
    assert yaml.safe_load(new)["entities"][0]["alt"] == {"zh": ["湄公创新中心"]}


def test_a_file_ruamel_would_reformat_is_refused() -> None:
    odd = "entities:\n- id: x\n  class: Organisation\n  label: {en: X}\n"  # sequence not indented: ruamel would indent it
    with pytest.raises(AliasError, match="editing it would reformat the file; add 'Y' to the alt: of 'x' by hand"):
        add_alias_text(odd, "odd.yaml", "x", "en", "Y")


# -- against a project ------------------------------------------------------------------------


def _load(project: Project) -> Curation:
    return load_curation(project.root, load_ontology(project.ontology), include_drafts=True)


def test_add_alias_writes_the_registry_file_and_the_curation_still_loads(project_copy: Project) -> None:
    path = project_copy.curation / "entities" / "china-central.yaml"
    before = path.read_text(encoding="utf-8")
    result = add_alias(project_copy, "most", " 科学部 ")  # the language from the script; spaces trimmed
    assert (result.entity, result.name, result.lang, result.file) == ("most", "科学部", "zh", path)
    after = path.read_text(encoding="utf-8")
    assert _changed(before, after) == [
        "-    alt: {en: [Ministry of Science and Technology, MOST], zh: [科技部, 科学技术部]}",
        "+    alt: {en: [Ministry of Science and Technology, MOST], zh: [科技部, 科学技术部, 科学部]}",
    ]
    assert after.startswith("# Central and Shanghai government bodies that several documents name.\n")
    curation = _load(project_copy)
    assert "科学部" in curation.entities["most"].names.alt["zh"]
    # --lang overrides the script: a romanisation written in Latin letters, filed as Thai
    add_alias(project_copy, "most", "Krasuang Witthayasat", lang="th")
    assert "Krasuang Witthayasat" in _load(project_copy).entities["most"].names.alt["th"]


@pytest.mark.parametrize(
    ("entity", "spelling", "error", "message"),
    [
        ("mots", "x", UsageError, "unknown entity 'mots': did you mean 'most'"),
        ("Ministry of Science and Technology", "x", UsageError, "did you mean 'most'"),
        ("most", "  most ", AliasError, "'most' is already a name of 'most' (en: 'MOST', seeds/curation/entities/china-central.yaml:"),
        ("most", "科技部", AliasError, "already a name of 'most' (zh: '科技部'"),
        (
            "most",
            "NDRC",
            AliasError,
            "'NDRC' is already a name of another entity, 'ndrc' (en: 'NDRC', seeds/curation/entities/china-central.yaml:",
        ),
        ("most", "   ", UsageError, "the spelling is empty"),
    ],
)
def test_refusals_write_nothing(project_copy: Project, entity: str, spelling: str, error: type[Exception], message: str) -> None:
    files = {p: p.read_bytes() for p in sorted(project_copy.curation.rglob("*.yaml"))}
    with pytest.raises(error) as caught:
        add_alias(project_copy, entity, spelling)
    assert message in str(caught.value)
    assert {p: p.read_bytes() for p in sorted(project_copy.curation.rglob("*.yaml"))} == files


def test_an_unknown_language_is_refused(project_copy: Project) -> None:
    with pytest.raises(UsageError, match="--lang 'fr'"):
        add_alias(project_copy, "most", "Ministère", lang="fr")
