"""The typed suggestions of a real ``kg ingest``: names inside names, a plan's own clauses, alternatives, then a build.

Each command runs as a subprocess against a private copy of the project (``project_copy``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from kg.build.pipeline import build
from kg.project import Project
from tests.integration.test_ingest_workflow import run

#: A plan summary: its title names a registered plan, most sentences are clauses with no
#: subject, and a registered research centre is named by a name holding a city's name.
PLAN = (
    "《上海市科技创新“十三五”规划》发布。\n\n"
    "支持杜邦上海研发中心开展国际合作。\n\n"
    "推动建设张江综合性国家科学中心。\n\n"
    "加快建设上海技术交易所。\n"
)


def _block(draft: str, subject: str, relation: str, obj: str) -> list[str]:
    """The commented-out suggestion ``subject relation object``, uncommented as a reviewer does."""
    lines = draft.splitlines()
    start = next(
        i
        for i, line in enumerate(lines)
        if line == f"#  - subject: {subject}"
        and lines[i + 1].startswith(f"#    relation: {relation} ")
        and lines[i + 2] == f"#    object: {obj}"
    )
    end = next((i for i in range(start + 1, len(lines)) if not re.match(r"^#\s{3,}\S", lines[i])), len(lines))
    return [line[1:] for line in lines[start:end]]


def _ingest(project: Project, tmp_path: Path, text: str, doc: str) -> tuple[list[dict[str, Any]], str]:
    """``kg ingest --json`` of ``text`` as document ``doc``: its suggestions and the draft it wrote."""
    src = tmp_path / f"{doc}.txt"
    src.write_text(text, encoding="utf-8")
    result = run("ingest", str(src), "--id", doc, "--json", "--root", str(project.root))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["suggestions"], (project.curation / "documents" / f"{doc}.yaml").read_text(encoding="utf-8")


def test_a_plan_is_drafted_with_typed_suggestions_and_a_reviewed_one_builds(project_copy: Project, tmp_path: Path) -> None:
    found, draft = _ingest(project_copy, tmp_path, PLAN, "p01")
    by_statement = {(s["subject"], s["name"], s["object"]): s for s in found}

    # the plan promotes what each of its clauses names, directed, quoting the clause
    promoted = by_statement[("shanghai-13th-fyp-sti", "promotes", "zhangjiang-comprehensive-national-science-centre")]
    assert promoted["modality"] == "Directed" and promoted["quote"] == "推动建设张江综合性国家科学中心。"
    # the centre's name says where it is and whose it is: the quote is the name
    inside = [s for s in found if s["source"] == "name" and s["subject"] == "dupont-shanghai-rd-centre"]
    assert {s["object"] for s in inside} >= {"shanghai"}
    assert all(s["quote"] == "杜邦上海研发中心" for s in inside)
    assert all(len(s["alternatives"]) <= 2 for s in found)

    draft_path = project_copy.curation / "documents" / "p01.yaml"
    assert "name on line 3" in draft and "# or: " in draft

    # a reviewer keeps the plan's clause and the centre's name, each with its gloss, and finishes
    keep = [
        ("shanghai-13th-fyp-sti", "promotes", "zhangjiang-comprehensive-national-science-centre"),
        ("dupont-shanghai-rd-centre", inside[0]["name"], inside[0]["object"]),
    ]
    reviewed = []
    for block in (_block(draft, *statement) for statement in keep):
        reviewed += [line.replace('gloss: ""', 'gloss: "(reviewed)"') for line in block if "DRAFT" not in line]
    assert yaml.safe_load(draft)["status"] == "draft"
    draft_path.write_text(draft.replace("status: draft", "status: complete") + "\n".join(reviewed) + "\n", encoding="utf-8")
    built = build(project_copy)
    mine = {(st.subject, st.relation, st.object) for st in built.curation.statements if st.doc == "p01"}  # type: ignore[union-attr]
    assert mine == set(keep)


#: A report on Shanghai: it names the city three times, then leaves it out of a sentence.
REPORT = (
    "Shanghai opened a science park in 2019.\n\n"
    "Shanghai hosted a forum on innovation.\n\n"
    "Shanghai signed an agreement with Vietnam.\n\n"
    "Second is to increase the concentration and display of Zhangjiang Science City.\n"
)


def test_a_report_s_city_is_suggested_for_the_sentence_that_leaves_it_out(project_copy: Project, tmp_path: Path) -> None:
    found, draft = _ingest(project_copy, tmp_path, REPORT, "r01")
    topical = [s for s in found if s["source"] == "topic"]
    assert topical, found
    assert all("shanghai" in (s["subject"], s["object"]) for s in topical)
    assert {s["quote"] for s in topical} == {"Second is to increase the concentration and display of Zhangjiang Science City."}
    assert {s["object"] if s["subject"] == "shanghai" else s["subject"] for s in topical} == {"zhangjiang-science-city"}
    assert "the text's topic (not named) and a sentence on line 7" in draft
