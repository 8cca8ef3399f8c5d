"""`kg ingest` end to end: bad files, drafts left out of the build unless included, and hold-out recall."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kg.build.pipeline import build
from kg.curation.loader import load_curation
from kg.errors import CurationError
from kg.ingest.draft import MAX_PAIRS
from kg.ingest.holdout import holdout, registry_without
from kg.project import Project
from kg.schema.model import Curation, entities_of
from kg.schema.ontology import load_ontology

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, env=dict(os.environ), timeout=300, check=False
    )


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("สวัสดี ครับ".encode("cp874"), "not valid UTF-8"),
        ("上海".encode("gb18030") + b"\x81\x30", "not valid UTF-8"),
        ("é".encode("latin-1"), "not valid UTF-8"),
        (b"\xef\xbb\xbfShanghai", "byte-order mark"),
        (b"", "empty"),
        (b"  \n\n", "no text"),
        (b"%PDF-1.4\n\x00\x01\x02", "binary"),
    ],
)
def test_bad_files_exit_1_and_write_nothing(project_copy: Project, tmp_path: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    before = _digest(project_copy.seeds)
    result = run("ingest", str(bad), "--root", str(project_copy.root))
    assert result.returncode == 1, result.stderr
    assert str(bad) in result.stderr
    assert message in result.stderr
    assert _digest(project_copy.seeds) == before


@pytest.mark.e2e
def test_ingest_writes_copy_manifest_and_draft_then_build_gate(project_copy: Project, tmp_path: Path) -> None:
    src = tmp_path / "note.txt"
    src.write_text("上海技术交易所与越南建立了长期技术合作。\n\nThe Mekong Innovation Centre opened.\n", encoding="utf-8")
    manifest_before = project_copy.manifest.read_text(encoding="utf-8")
    result = run("ingest", str(src), "--id", "n01", "--root", str(project_copy.root))
    assert result.returncode == 0, result.stderr
    sha = hashlib.sha256(src.read_bytes()).hexdigest()
    copy = project_copy.seeds / f"n01_{sha[:16]}.txt"
    assert copy.read_bytes() == src.read_bytes()
    manifest_after = project_copy.manifest.read_text(encoding="utf-8")
    assert manifest_after.startswith(manifest_before)  # appended: comments and layout intact
    entry = yaml.safe_load(manifest_after)["documents"][-1]
    assert entry == {
        "id": "n01",
        "file": copy.name,
        "sha256": sha,
        "title": {"en": "note.txt", "zh": "上海技术交易所与越南建立了长期技术合作。"},
        "languages": ["en", "zh"],  # by share of letters: 30 Latin, 19 Han
        "publisher": "unknown",
        "date": None,
        "kind": "unreviewed",
    }
    draft_path = project_copy.curation / "documents" / "n01.yaml"
    draft = draft_path.read_text(encoding="utf-8")
    assert yaml.safe_load(draft) == {"document": "n01", "status": "draft", "entities": None, "statements": None}
    assert "#    participants: [shanghai-technology-exchange, vietnam]" in draft
    assert "#  - link: TechnologyCooperation" in draft and '#    gloss: ""' in draft  # 技术合作: technology cooperation
    assert "#  - id: mekong-innovation-centre" in draft

    # Ingesting again under the same id is refused, nothing changes.
    before = _digest(project_copy.seeds)
    again = run("ingest", str(src), "--id", "n01", "--root", str(project_copy.root))
    assert again.returncode == 1 and "already" in again.stderr
    assert _digest(project_copy.seeds) == before

    # kg coverage reviews the draft's document.
    coverage = run("coverage", "n01", "--root", str(project_copy.root))
    assert coverage.returncode == 0 and "Mekong Innovation Centre" in coverage.stdout

    # The build leaves the draft out, saying so in one line, and builds the reviewed documents ...
    left_out = run("build", "--root", str(project_copy.root), "-q")
    assert left_out.returncode == 0, left_out.stderr
    assert (
        "left out 1 draft document (n01): review it and set status: complete or partial, or build with --include-drafts" in left_out.stderr
    )
    assert (project_copy.root / "build" / "kg.ttl").exists()

    # ... loads it with --include-drafts, and still checks what a curator uncommented.
    statement = (
        "  - link: TechnologyCooperation\n"
        "    participants: [shanghai-technology-exchange, vietnam]\n"
        '    quote: "上海技术交易所与越南建立了长期技术合作。"\n'
        '    gloss: "The Shanghai Technology Exchange has set up long-term technology cooperation with Vietnam."\n'
    )
    # The suggestion's modality is read from cue words (none here: reported); a statement whose
    # modality says "choose" (as an untyped pair's does) is refused by the build.
    assert "#    modality: reported" in draft
    draft_path.write_text(draft + statement + "    modality: choose\n", encoding="utf-8")
    with pytest.raises(CurationError, match=r"statements\[0\]\.modality: unknown modality 'choose'"):
        build(project_copy, include_drafts=True, validate=False)
    statement += "    modality: reported\n"
    draft_path.write_text(draft + statement, encoding="utf-8")
    result_build = build(project_copy, include_drafts=True)
    assert any(st.doc == "n01" for st in result_build.curation.statements)
    draft_path.write_text(draft + statement.replace("长期", "短期"), encoding="utf-8")
    with pytest.raises(CurationError, match="n01"):
        build(project_copy, include_drafts=True, validate=False)
    # kg validate --include-drafts checks the draft and refuses it for that quote, naming it
    refused_quote = run("validate", "--root", str(project_copy.root), "-q", "--include-drafts")
    assert refused_quote.returncode == 1
    assert "seeds/curation/documents/n01.yaml:" in refused_quote.stderr
    assert "quote not found in document n01" in refused_quote.stderr
    draft_path.write_text(draft + statement, encoding="utf-8")
    assert run("build", "--root", str(project_copy.root), "-q", "--include-drafts").returncode == 0


#: Hold-out recall floors per document, a little under the figures measured when the
#: ingest rules were last changed (docs/curation.md, "Measured quality"): a change that
#: loses recall fails here; one that gains it should raise the floor.
# 002: 11 of 12 since the Vice Mayor's post is in the municipal government, which the text implies but never names
ENTITY_RECALL_FLOOR = {"000": 0.85, "001": 0.94, "002": 0.9, "003": 0.85, "004": 0.87}
LINK_RECALL_FLOOR = {"000": 1.0, "001": 0.8, "002": 1.0, "003": 0.85, "004": 0.82}
#: Curated statements between entities that a suggestion of the draft states (relation or kind, subject, object).
TYPED_FOUND_FLOOR = {"000": 10, "001": 52, "002": 4, "003": 28, "004": 42}
#: Of the suggestions that state a curated statement, how many also have its modality (reported, directed, ...).
MODALITY_RIGHT_FLOOR = {"000": 10, "001": 85, "002": 3, "003": 26, "004": 30}
#: What the scripted review of the draft costs per curated statement it keeps (actions per kept statement), at most.
#: 000: 4.1 since the report's place is suggested for its sentences that name one thing (kg.ingest.implicit):
#: one more statement kept for 13 more actions, where writing it by hand costs far more.
ACTIONS_PER_KEPT_CEILING = {"000": 4.1, "001": 4.0, "002": 2.8, "003": 3.6, "004": 4.0}
#: Chinese candidate names that name an entity the curators recorded (the Chinese document only).
ZH_PRECISION_FLOOR = {"004": 0.85}


@pytest.fixture(scope="module")
def seed_curation() -> Curation:
    return load_curation(ROOT, load_ontology(Project(ROOT).ontology))


@pytest.mark.parametrize("doc", sorted(ENTITY_RECALL_FLOOR))
def test_holdout_recall(doc: str, seed_curation: Curation) -> None:
    """Curated entities, links and typed statements of ``doc`` that ingest finds when its curation is withheld."""
    result = holdout(Project(ROOT), doc, seed_curation)
    print(json.dumps(result.as_dict(), ensure_ascii=False))
    assert result.curated and result.linked <= result.curated and result.proposed <= result.curated - result.linked
    assert result.entity_recall >= ENTITY_RECALL_FLOOR[doc]
    assert result.link_recall >= LINK_RECALL_FLOOR[doc]
    assert result.typed_found >= TYPED_FOUND_FLOOR[doc]
    assert MODALITY_RIGHT_FLOOR[doc] <= result.modality_right <= result.suggestions_right
    assert result.typed_found <= result.typed and result.suggestions_right <= result.suggestions <= MAX_PAIRS
    if doc in ZH_PRECISION_FLOOR:
        assert (result.precision_of("zh") or 0.0) >= ZH_PRECISION_FLOOR[doc]
    # a link may be found through a candidate name, so found links can exceed the linkable ones
    assert result.links_found <= result.links and result.linkable <= result.links
    review = result.review
    assert len(review.decisions) == result.suggestions and result.typed_found <= review.kept + 3 and review.kept <= result.typed
    assert review.per_kept is not None and review.per_kept <= ACTIONS_PER_KEPT_CEILING[doc]
    assert review.candidates_kept <= sum(n for n, _ in result.candidate_hits.values())


def test_holdout_withdraws_only_what_nothing_else_uses(seed_curation: Curation) -> None:
    """An entity first registered in 000.yaml but used by another document stays registered."""
    own_file = "seeds/curation/documents/000.yaml"
    kept = registry_without(seed_curation, "000", own_file)
    used_elsewhere = {e for st in seed_curation.statements if st.doc != "000" for e in entities_of(st)}
    defined_here = {eid for eid, ent in seed_curation.entities.items() if ent.where.file == own_file}
    assert defined_here & used_elsewhere, "the seeds should exercise the shared-entity case"
    assert defined_here & used_elsewhere <= kept.keys()
    assert not (defined_here - used_elsewhere) & kept.keys()
    assert {eid for eid, ent in seed_curation.entities.items() if ent.where.file != own_file} <= kept.keys()


def test_holdout_cli(tmp_path: Path) -> None:
    """`kg holdout DOC --json` prints the figures; an unknown document is a usage error."""
    result = run("holdout", "002", "--json", "--root", str(ROOT))
    assert result.returncode == 0, result.stderr
    [figures] = json.loads(result.stdout)
    assert figures["document"] == "002" and figures["curated_entities"] == 12 and 0 < figures["entity_recall"] <= 1
    review = figures["scripted_review"]
    assert review["suggestions"] == figures["suggestions"] == review["kept"] + review["rejected"]
    assert review["actions"] == review["accepted"] + 2 * review["picked"] + 3 * review["chosen"] + review["rejected"]
    assert review["actions_per_kept"] == round(review["actions"] / review["kept"], 2)
    table = run("holdout", "000", "--root", str(ROOT))
    assert table.returncode == 0 and "Hold-out quality" in table.stdout and "000" in table.stdout
    assert "actions/kept" in table.stdout and "modality" in table.stdout
    unknown = run("holdout", "999", "--root", str(ROOT))
    assert unknown.returncode == 2
    assert "no document '999' in seeds/manifest.yaml; choose one of 000, 001, 002, 003, 004" in unknown.stderr


@pytest.mark.e2e
def test_holdout_matches_a_real_ingest_of_the_withheld_document(project_copy: Project, seed_curation: Curation) -> None:
    """The in-memory hold-out sees what `kg ingest` sees after the curation file is deleted."""
    expected = holdout(Project(ROOT), "002", seed_curation)
    (project_copy.curation / "documents" / "002.yaml").unlink()
    source = ROOT / "seeds" / seed_curation.documents["002"].file
    # kg ingest refuses a text the manifest already has, so the document is withdrawn from it too.
    manifest = project_copy.manifest.read_text(encoding="utf-8")
    start = manifest.index('  - id: "002"')
    project_copy.manifest.write_text(manifest[:start] + manifest[manifest.index("  - id:", start + 1) :], encoding="utf-8")
    (project_copy.seeds / source.name).unlink()
    result = run("ingest", str(source), "--id", "h002", "--json", "--root", str(project_copy.root))
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert {m["entity"] for m in found["mentions"]} & expected.curated == expected.linked
    assert len(found["pairs"]) == expected.candidate_statements
    stubs = {c["stub"] for c in found["candidates"]}
    kinds = [p["candidates"] for p in found["pairs"]]
    assert kinds == sorted(kinds) and 0 in kinds and 1 in kinds  # registered pairs come first
    assert all((p["a"] in stubs) + (p["b"] in stubs) == p["candidates"] for p in found["pairs"])
    # the typed suggestions are the hold-out's too, each with the alternatives a reviewer can pick from
    assert len(found["suggestions"]) == expected.suggestions
    assert {s["source"] for s in found["suggestions"]} <= {"sentence", "name", "topic"}
    assert all(set(a) == {"kind", "name", "subject", "object"} for s in found["suggestions"] for a in s["alternatives"])
