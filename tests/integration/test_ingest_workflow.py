"""Adding documents end to end: HTML and PDF, folders, metadata, refusals, drafts left out of the build, kg alias.

Each command runs as a real subprocess against a private copy of the project; every
refusal is checked to leave the project byte for byte as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from rdflib import Literal
from rdflib.namespace import DCTERMS

from kg.build.assemble import document_iri
from kg.build.pipeline import build
from kg.errors import CurationError, UsageError
from kg.ingest.pipeline import Metadata, ingest
from kg.project import Project
from kg.rdf.vocab import KG
from tests.fixtures.ingest.pdf import make_pdf

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
NEWS = FIXTURES / "news.html"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
        timeout=300,
        check=False,
    )


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def _entries(project: Project) -> dict[str, dict[str, object]]:
    return {e["id"]: e for e in yaml.safe_load(project.manifest.read_text(encoding="utf-8"))["documents"]}


def _uncomment(draft: str, participants: str, modality: str = "reported") -> str:
    """The draft with the proposal naming ``participants`` uncommented, as a reviewer does, its modality chosen."""
    lines = draft.splitlines()
    target = next(i for i, line in enumerate(lines) if line.startswith("#") and f"participants: [{participants}]" in line)
    start = max(i for i in range(target + 1) if re.match(r"^#\s*- ", lines[i]))
    end = next((i for i in range(target + 1, len(lines)) if not re.match(r"^#\s{3,}\S", lines[i])), len(lines))
    block = [line[1:].replace("modality: choose", f"modality: {modality}") for line in lines[start:end]]
    return "\n".join([*lines[:start], *block, *lines[end:]]) + "\n"


@pytest.mark.e2e
def test_html_and_pdf_with_metadata_then_refusals(project_copy: Project, tmp_path: Path) -> None:
    root = str(project_copy.root)
    result = run(
        "ingest", str(NEWS), "--root", root, "--json",
        "--url", "https://news.example.org/2024/05/shanghai-vietnam", "--date", "2024-05-01", "--publisher", "most", "--lang", "en,zh",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert (found["document"], found["kind"], found["source"]) == ("005", "html", str(NEWS))
    saved = project_copy.seeds / found["file"]
    text = saved.read_text(encoding="utf-8")
    assert text.startswith("Shanghai exchange deepens technology cooperation with Vietnam\n\nThe Shanghai Technology Exchange")
    assert "Advertisement" not in text and "<p>" not in text
    entry = _entries(project_copy)["005"]
    assert entry == {
        "id": "005",
        "file": saved.name,
        "sha256": hashlib.sha256(saved.read_bytes()).hexdigest(),  # of the saved text, which the build checks
        "title": {"en": "Shanghai exchange deepens technology cooperation with Vietnam"},
        "languages": ["en", "zh"],
        "publisher": "Ministry of Science and Technology of the People's Republic of China",
        "publisher_entity": "most",
        "date": "2024-05-01",
        "url": "https://news.example.org/2024/05/shanghai-vietnam",
        "kind": "unreviewed",
    }
    assert f"file: {saved.name}  # the main text of news.html, extracted by kg ingest" in project_copy.manifest.read_text(encoding="utf-8")
    assert {m["entity"] for m in found["mentions"]} >= {"shanghai-technology-exchange", "vietnam", "thailand"}

    pdf = tmp_path / "briefing.pdf"
    pdf.write_bytes(make_pdf([["The Shanghai Technology Exchange works with Thailand."], ["Vietnam joined in 2019."]], title="Briefing"))
    result = run("ingest", str(pdf), "--root", root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Document 006 (006_")
    entry = _entries(project_copy)["006"]
    assert entry["title"] == {"en": "Briefing"} and entry["publisher"] == "unknown" and entry["date"] is None
    assert (project_copy.seeds / str(entry["file"])).read_text(encoding="utf-8") == (
        "The Shanghai Technology Exchange works with Thailand.\n\nVietnam joined in 2019.\n"
    )

    before = _digest(project_copy.seeds)
    copy = tmp_path / "saved-again.htm"
    shutil.copy(NEWS, copy)
    scanned = tmp_path / "scan.pdf"
    scanned.write_bytes(make_pdf([[]]))
    refusals = [
        (["ingest", str(NEWS)], 1, "news.html: already ingested as document 005"),
        (["ingest", str(copy)], 1, "saved-again.htm: already ingested as document 005"),  # another file, the same text
        (["ingest", str(pdf), "--id", "007"], 1, "already ingested as document 006"),
        (["ingest", str(scanned)], 1, "the PDF has no text layer"),
        (["ingest", "https://news.example.org/2024/05/x"], 2, "Save the page (or the PDF) and pass the file, with --url"),
        (["ingest", str(NEWS), "http://example.org/b"], 2, "is an address, not a file"),
    ]
    for args, code, message in refusals:
        refused = run(*args, "--root", root)
        assert refused.returncode == code, (args, refused.stderr)
        assert message in refused.stderr, (args, refused.stderr)
        assert refused.stdout == ""
    assert "fix: OCR it first" in run("ingest", str(scanned), "--root", root).stderr
    assert _digest(project_copy.seeds) == before

    # The reviewed documents still build: the two drafts are left out, with one notice.
    validated = run("validate", "--root", root, "-q")
    assert validated.returncode == 0, validated.stderr
    assert (
        "left out 2 draft documents (005, 006): review them and set status: complete or partial, or validate with --include-drafts"
        in validated.stderr
    )
    included = run("validate", "--root", root, "-q", "--include-drafts")
    assert included.returncode == 0, included.stderr
    assert "left out" not in included.stderr


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2024-02-30"], "--date: "),
        (["--date", "yesterday"], "write it as YYYY-MM-DD"),
        (["--lang", "fr"], "--lang 'fr': use en, zh, th or a comma list of them"),
        (["--url", "ftp://example.org/a"], "--url: the address"),
        (["--title", " "], "--title is empty"),
        (["--title", "One", "{second}"], "--title describes one document, and 2 files were given"),
        (["--url", "https://example.org/a", "--id", "x1", "{second}"], "--id and --url describe one document"),
        (["--refresh", "000"], "--refresh DOC re-drafts a document already ingested"),
    ],
)
def test_bad_options_are_refused_before_anything_is_written(project_copy: Project, tmp_path: Path, args: list[str], message: str) -> None:
    second = tmp_path / "second.txt"
    second.write_text("Vietnam and Thailand.\n", encoding="utf-8")
    before = _digest(project_copy.seeds)
    result = run("ingest", str(NEWS), *[str(second) if a == "{second}" else a for a in args], "--root", str(project_copy.root))
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert _digest(project_copy.seeds) == before


@pytest.mark.e2e
def test_a_folder_with_progress_a_summary_and_one_failure(project_copy: Project, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a-note.txt").write_text("The Shanghai Technology Exchange signed an agreement with Thailand.\n", encoding="utf-8")
    shutil.copy(NEWS, folder / "b-page.html")
    (folder / "c-scan.pdf").write_bytes(make_pdf([[]]))
    (folder / "d-report.pdf").write_bytes(make_pdf([["Vietnam and Thailand opened a joint laboratory."]]))
    (folder / "e-notes.md").write_text("not a document\n", encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "f.txt").write_text("Not read: sub-folders are left alone.\n", encoding="utf-8")

    result = run(
        "ingest", str(folder), "--root", str(project_copy.root), "--publisher", "Mekong Science Daily", env={"TTY_COMPATIBLE": "1"}
    )
    assert result.returncode == 1, result.stderr
    assert "Ingesting" in result.stderr  # the progress bar, on a terminal
    assert "kg ingest: 3 of 4 files ingested" in result.stdout
    for name, doc in (("a-note.txt", "005"), ("b-page.html", "006"), ("d-report.pdf", "007")):
        assert re.search(rf"{name}\s.*{doc}", result.stdout), result.stdout
    assert re.search(r"c-scan\.pdf\s.*failed\s.*the PDF has no text layer", result.stdout)
    stderr = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", result.stderr)  # a terminal's colours
    assert "error: 1 of 4 files could not be ingested (nothing of them was written):" in stderr
    assert f"{folder / 'c-scan.pdf'}: the PDF has no text layer" in stderr
    entries = _entries(project_copy)
    assert [entries[d]["publisher"] for d in ("005", "006", "007")] == ["Mekong Science Daily"] * 3
    assert "008" not in entries
    assert all((project_copy.curation / "documents" / f"{d}.yaml").exists() for d in ("005", "006", "007"))

    # --json: one object per file (an error for the failed one) and no progress, even on a terminal.
    again = tmp_path / "again"
    again.mkdir()
    shutil.copy(folder / "a-note.txt", again / "1.txt")
    (again / "2.txt").write_text("Thailand and Vietnam.\n", encoding="utf-8")
    result = run("ingest", str(again), "--root", str(project_copy.root), "--json", env={"TTY_COMPATIBLE": "1"})
    assert result.returncode == 1
    assert "Ingesting" not in result.stderr
    first, second = json.loads(result.stdout)
    assert first["source"] == str(again / "1.txt") and "already ingested as document 005" in first["error"][0]
    assert second["document"] == "008" and second["written"][-1] == "seeds/curation/documents/008.yaml"


def test_drafts_are_left_out_of_the_build_and_loaded_with_include_drafts(project_copy: Project, tmp_path: Path) -> None:
    """A left-out draft's document is a document without curation: a node with its metadata, no statement, no curation status."""
    note = tmp_path / "note.txt"
    note.write_text("上海技术交易所与越南建立了长期技术合作。\n", encoding="utf-8")
    ingest(project_copy, note, "n01")
    draft_path = project_copy.curation / "documents" / "n01.yaml"
    draft = _uncomment(draft_path.read_text(encoding="utf-8"), "shanghai-technology-exchange, vietnam")
    # an unfinished review: the gloss is empty and the quote has a typo; without drafts this does not matter
    draft_path.write_text(draft.replace("长期技术合作", "长期技术合做"), encoding="utf-8")
    result = build(project_copy)  # SHACL included
    assert result.drafts_left_out == ("n01",)
    assert not [st for st in result.curation.statements if st.doc == "n01"]
    assert result.report.documents["n01"].curation_status == "draft"
    doc = document_iri("n01")
    assert (doc, DCTERMS.identifier, Literal("n01")) in result.union
    assert result.union.value(doc, KG.curationStatus) is None
    with pytest.raises(CurationError, match=r"n01\.yaml:\d+: statements\[0\]\.gloss: gloss must be a non-empty string"):
        build(project_copy, include_drafts=True, validate=False)
    draft_path.write_text(
        draft.replace('gloss: ""', 'gloss: "The Shanghai Technology Exchange cooperates with Vietnam."'), encoding="utf-8"
    )
    included = build(project_copy, include_drafts=True)
    assert included.drafts_left_out == ()
    assert included.union.value(doc, KG.curationStatus) == KG.CurationDraft
    assert [st.doc for st in included.curation.statements if st.doc == "n01"] == ["n01"]


@pytest.mark.e2e
def test_kg_alias(project_copy: Project) -> None:
    root = str(project_copy.root)
    path = project_copy.curation / "entities" / "china-central.yaml"
    before = path.read_text(encoding="utf-8")
    added = run("alias", "stcsm", "上海科委", "--root", root)
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "Added '上海科委' (zh) to the alt: of 'stcsm'."
    assert "wrote seeds/curation/entities/china-central.yaml" in added.stderr
    after = path.read_text(encoding="utf-8")
    assert len(after.splitlines()) == len(before.splitlines()) and after.splitlines()[0] == before.splitlines()[0]
    assert "zh: [上海市科委, 市科委, 上海科委]}" in after
    unchanged = _digest(project_copy.seeds)
    for args, code, message in [
        (["stcsm", "上海科委"], 1, "'上海科委' is already a name of 'stcsm'"),
        (["most", "STCSM"], 1, "'STCSM' is already a name of another entity, 'stcsm'"),
        (["stcms", "x"], 2, "unknown entity 'stcms': did you mean 'stcsm'"),
        (["stcsm", "x", "--lang", "fr"], 2, "Invalid value for '--lang'"),
    ]:
        refused = run("alias", *args, "--root", root)
        assert refused.returncode == code, refused.stderr
        assert message in refused.stderr
    assert _digest(project_copy.seeds) == unchanged


def test_publisher_by_id_or_name_and_never_an_entity_only_a_draft_defines(project_copy: Project, tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Vietnam and Thailand opened a laboratory.\n", encoding="utf-8")
    ingest(project_copy, note, "n01")
    draft = project_copy.curation / "documents" / "n01.yaml"
    reviewed = "entities:\n  - id: mekong-daily\n    class: Organisation\n    label: {en: Mekong Science Daily}\n"
    draft.write_text(re.sub(r"(?m)^entities:\n", reviewed, draft.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text("The Shanghai Technology Exchange works with Vietnam.\n", encoding="utf-8")
    before = _digest(project_copy.seeds)
    for publisher in ("mekong-daily", "Mekong  Science Daily"):
        with pytest.raises(UsageError, match=r"entity 'mekong-daily' is defined in a draft \(seeds/curation/documents/n01\.yaml\)"):
            ingest(project_copy, other, meta=Metadata.from_options(publisher=publisher))
    assert _digest(project_copy.seeds) == before
    result = ingest(project_copy, other, meta=Metadata.from_options(publisher="科技部"))  # a registered name: linked, written as given
    entry = _entries(project_copy)[result.doc_id]
    assert (entry["publisher"], entry["publisher_entity"]) == ("科技部", "most")
