"""Review decisions as training material: what a draft's reviewer accepted and rejected, and nothing else.

A complete document says of every pair of names it does not state that it is nothing; a
draft says only what its reviewer decided.  A rejected suggestion must teach the model
(one document's "no" lowers the same kind of statement in another), a pair nobody
looked at must teach nothing, and a draft that does not load must not stop training.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from kg.ingest.analysis import analyse_text
from kg.ingest.classifier import NONE
from kg.ingest.cues import Cues
from kg.ingest.engine import Engine, load_training, train_engine, training_documents
from kg.ingest.training import classes_of, document_examples
from kg.project import Project
from kg.schema.ontology import Ontology
from kg.text.mentions import MentionFinder

ROOT = Path(__file__).resolve().parents[2]

ENTITIES = "entities:\n" + "".join(
    f"  - {{id: {name.lower()}-{kind.lower()}, class: {cls}, label: {{en: {name} {kind}}}}}\n"
    for name, kind, cls in (
        ("Alpha", "Institute", "ResearchInstitute"),
        ("Beta", "Laboratory", "Laboratory"),
        ("Gamma", "Institute", "ResearchInstitute"),
        ("Delta", "Laboratory", "Laboratory"),
        ("Epsilon", "Institute", "ResearchInstitute"),
        ("Zeta", "Laboratory", "Laboratory"),
    )
)
TEXTS = {
    "000": "The Alpha Institute met the Beta Laboratory last winter.\nThe Alpha Institute thanked the Zeta Laboratory.\n",
    "001": "The Gamma Institute met the Delta Laboratory last spring.\nThe Gamma Institute met the Beta Laboratory last summer.\n",
}
COMPLETE = """\
document: "000"
status: complete
modality: reported
statements:
  - link: MemorandumOfUnderstanding
    participants: [alpha-institute, beta-laboratory]
    quote: "The Alpha Institute met the Beta Laboratory last winter."
"""
DRAFT = """\
document: "001"
status: draft
modality: reported
statements:
"""
REJECTED = """\
rejected:
  - {link: MemorandumOfUnderstanding, participants: [delta-laboratory, gamma-institute], quote: "The Gamma Institute met the Delta Laboratory last spring."}
"""
#: A third document, never curated: the same kind of sentence about two other names.
TARGET = "The Epsilon Institute met the Zeta Laboratory last autumn.\n"


def _project(folder: Path, draft: str) -> Project:
    """Two documents: 000 complete (one memorandum), 001 a draft whose curation file is ``draft``."""
    shutil.copytree(ROOT / "ontology", folder / "ontology")
    (folder / "seeds" / "curation" / "entities").mkdir(parents=True)
    (folder / "seeds" / "curation" / "documents").mkdir(parents=True)
    manifest = "documents:\n"
    for doc, text in TEXTS.items():
        (folder / "seeds" / f"{doc}_doc.txt").write_text(text, encoding="utf-8")
        sha = hashlib.sha256(text.encode()).hexdigest()
        manifest += f'  - id: "{doc}"\n    file: {doc}_doc.txt\n    sha256: {sha}\n    title: {{en: "Document {doc}"}}\n'
        manifest += "    languages: [en]\n    kind: test\n"
    (folder / "seeds" / "manifest.yaml").write_text(manifest, encoding="utf-8")
    (folder / "seeds" / "curation" / "entities" / "core.yaml").write_text(ENTITIES, encoding="utf-8")
    (folder / "seeds" / "curation" / "documents" / "000.yaml").write_text(COMPLETE, encoding="utf-8")
    (folder / "seeds" / "curation" / "documents" / "001.yaml").write_text(draft, encoding="utf-8")
    return Project(folder)


def _engine(project: Project, ontology: Ontology) -> Engine:
    curation, left_out = load_training(project, ontology)
    return train_engine(project, curation, ontology, left_out=left_out)


def _examples(project: Project, ontology: Ontology, cues: Cues) -> dict[str, list[str]]:
    """Each training document's labels, in order."""
    curation, _ = load_training(project, ontology)
    entities = list(curation.entities.values())
    finder, classes = MentionFinder(entities), classes_of(entities, ontology)
    return {d.doc: [e.label for e in document_examples(d, finder, classes, cues)] for d in training_documents(project, curation)}


def _memorandum_score(engine: Engine, project: Project) -> float:
    """The score of a memorandum between Epsilon and Zeta in TARGET (0 if not suggested)."""
    entities = list(load_training(project, engine.ontology)[0].entities.values())
    found = analyse_text(TARGET, entities, {}, engine)
    pair = {"epsilon-institute", "zeta-laboratory"}
    scores = [s.confidence for s in found.suggestions if s.name == "MemorandumOfUnderstanding" and {s.subject, s.object} == pair]
    return max(scores, default=0.0)


def test_a_draft_gives_examples_of_what_was_decided_only(tmp_path: Path, ontology: Ontology, cues: Cues) -> None:
    undecided = _examples(_project(tmp_path / "a", DRAFT), ontology, cues)
    assert undecided == {"000": ["link:MemorandumOfUnderstanding", NONE]}  # the draft decided nothing: it is not read
    decided = _examples(_project(tmp_path / "b", DRAFT.replace("status: draft\n", "status: draft\n" + REJECTED)), ontology, cues)
    # the rejected pair is nothing; Gamma and Beta, which nobody decided in 001, give no example
    assert decided == {"000": ["link:MemorandumOfUnderstanding", NONE], "001": [NONE]}
    accepted = DRAFT + (
        "  - link: TechnologyCooperation\n    participants: [gamma-institute, beta-laboratory]\n"
        '    quote: "The Gamma Institute met the Beta Laboratory last summer."\n'
    )
    assert _examples(_project(tmp_path / "c", accepted), ontology, cues)["001"] == ["link:TechnologyCooperation"]
    complete = accepted.replace("status: draft", "status: complete")  # a complete document: every other pair is nothing
    assert _examples(_project(tmp_path / "d", complete), ontology, cues)["001"] == [NONE, "link:TechnologyCooperation"]


def test_a_rejection_in_a_draft_lowers_the_same_statement_in_another_document(tmp_path: Path, ontology: Ontology) -> None:
    without = _project(tmp_path / "without", DRAFT)
    with_rejection = _project(tmp_path / "with", DRAFT.replace("status: draft\n", "status: draft\n" + REJECTED))
    before, after = (
        _memorandum_score(_engine(without, ontology), without),
        _memorandum_score(_engine(with_rejection, ontology), with_rejection),
    )
    assert before > 0.1  # suggested without the rejection: the class pair's only statement is a memorandum
    assert after < before


def test_a_draft_that_does_not_load_is_left_out_and_says_why(tmp_path: Path, ontology: Ontology) -> None:
    broken = DRAFT + '  - {link: Hosting, participants: [gamma-institute, omega-centre], quote: "x"}\n' + REJECTED
    project = _project(tmp_path, broken)
    curation, left_out = load_training(project, ontology)
    assert list(left_out) == ["001"]
    assert left_out["001"].startswith("seeds/curation/documents/001.yaml:5: statements[0].participants")
    assert left_out["001"].endswith("unknown entity 'omega-centre'")
    assert curation.rejections == () and curation.status["001"] == "draft"  # none of its decisions count
    engine = train_engine(project, curation, ontology, left_out=left_out)
    assert engine.documents == ("000",) and engine.left_out == left_out
