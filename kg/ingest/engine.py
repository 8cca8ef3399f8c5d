"""The suggestion engine of ``kg ingest``: cues, the ontology and a classifier trained on the curation.

One object carries what typing a pair needs, trained once per run: ``kg ingest`` trains
on every curated document, ``kg holdout`` on every curated document but the one held
out (leave one document out: a document is never scored by a model that has read its
curation).  A document still in review (a draft, or partial) counts for what a
reviewer decided only: its accepted statements and its rejected suggestions
(:mod:`kg.ingest.training`), so every decision of a review improves the next draft.
A draft that does not load cleanly is left out of training (:func:`load_training`
says which and why): its half-typed items cannot be trusted, and an unfinished draft
must not stop ingest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..curation.loader import load_curation
from ..curation.manifest import read_document
from ..curation.yamlload import load_yaml
from ..errors import CurationError, Problem
from ..project import Project
from ..schema.model import Curation, Entity, Fact, Link
from ..schema.ontology import Ontology
from ..text.mentions import MentionFinder
from .classifier import Example, StatementModel
from .cues import Cues, load_cues
from .inside import inside_examples
from .knowledge import countries_of
from .prior import ClassPrior, parent_classes
from .training import TrainingDocument, classes_of, document_examples

__all__ = ["Engine", "load_training", "train_engine", "training_documents"]


@dataclass(frozen=True)
class Engine:
    """What suggestions are made with."""

    ontology: Ontology
    cues: Cues
    model: StatementModel
    prior: ClassPrior  # how often each label joins two classes, from the same examples
    examples: int  # how many labelled pairs it was trained on
    documents: tuple[str, ...]  # the documents it was trained on
    #: how often each label joins an entity to one named inside its name (:mod:`kg.ingest.inside`)
    inside: ClassPrior = field(default_factory=ClassPrior)
    #: the countries each place is in, as the reviewed documents say (:mod:`kg.ingest.knowledge`)
    countries: dict[str, frozenset[str]] = field(default_factory=dict)
    #: drafts left out of training because they do not load cleanly: document id -> the first problem
    left_out: dict[str, str] = field(default_factory=dict)


def _drafts(project: Project) -> dict[str, tuple[Path, str]]:
    """The document files marked ``status: draft``: file (as problems name it) -> its path and document id."""
    drafts = {}
    for path in sorted((project.curation / "documents").glob("*.yaml")):
        try:
            data = load_yaml(path, project.rel(path))
        except CurationError:
            data = None  # unreadable: the loader reports it with the rest
        if isinstance(data, dict) and data.get("status") == "draft":
            doc = data.get("document")
            drafts[project.rel(path)] = (path, f"{doc:03d}" if isinstance(doc, int) else str(doc))
    return drafts


def load_training(project: Project, ontology: Ontology) -> tuple[Curation, dict[str, str]]:
    """The curation with every draft that loads cleanly, and the drafts left out (id -> first problem).

    A draft with a problem is read as an empty draft (its entities and decisions are
    left out), and the others are loaded again; anything wrong outside the drafts is
    the curation's own error.

    Raises
    ------
    CurationError
        A reviewed file (or the manifest, or the registry) has problems.
    """
    drafts = _drafts(project)
    left_out: dict[str, str] = {}
    overrides: dict[Path, str] = {}
    while True:
        try:
            return load_curation(project.root, ontology, include_drafts=True, overrides=overrides), left_out
        except CurationError as exc:
            bad = _first_problems(exc.problems, drafts, left_out)
            if not bad:
                raise
            for file, problem in bad.items():
                path, doc = drafts[file]
                left_out[doc] = problem
                overrides[path] = f'document: "{doc}"\nstatus: draft\n'


def _first_problems(problems: list[Problem], drafts: dict[str, tuple[Path, str]], done: dict[str, str]) -> dict[str, str]:
    """The first problem of each draft file not yet left out, as one line."""
    first: dict[str, str] = {}
    for p in problems:
        if p.file in drafts and drafts[p.file][1] not in done and p.file not in first:
            first[p.file] = f"{p.file}:{p.line}: {p.field}: {p.message}" if p.field else f"{p.file}:{p.line}: {p.message}"
    return first


def training_documents(project: Project, curation: Curation, exclude: str | None = None) -> list[TrainingDocument]:
    """The curated documents of ``curation`` (not ``exclude``) with their statements between entities and their rejections.

    A draft counts with what was decided in it (a draft left out of ``curation`` has none).
    """
    docs = []
    for doc_id, meta in sorted(curation.documents.items()):
        if doc_id == exclude:
            continue
        statements = tuple(
            st
            for st in curation.statements
            if st.doc == doc_id and (isinstance(st, Link) or (isinstance(st, Fact) and st.object is not None))
        )
        status = curation.status.get(doc_id, "complete")
        rejections = tuple(r for r in curation.rejections if r.doc == doc_id and r.kind != "candidate")
        if statements or (rejections and status != "complete"):
            path = project.seeds / meta.file
            docs.append(TrainingDocument(doc_id, read_document(path, project.rel(path)), statements, status, rejections))
    return docs


def train_engine(
    project: Project,
    curation: Curation,
    ontology: Ontology,
    registry: dict[str, Entity] | None = None,
    exclude: str | None = None,
    left_out: dict[str, str] | None = None,
) -> Engine:
    """Train on the curated documents of ``curation`` except ``exclude``, finding names of ``registry``.

    ``left_out`` records the drafts :func:`load_training` could not load, for the report.
    """
    cues = load_cues(ontology)
    entities = list((registry if registry is not None else curation.entities).values())
    finder = MentionFinder(entities)
    classes = classes_of(entities, ontology)
    docs = training_documents(project, curation, exclude)
    examples: list[Example] = [e for doc in docs for e in document_examples(doc, finder, classes, cues)]
    parents = parent_classes(ontology)
    inside = ClassPrior.train((e for doc in docs for e in inside_examples(doc, finder, classes)), parents=parents)
    countries = countries_of((st for doc in docs for st in doc.statements), classes)
    return Engine(
        ontology,
        cues,
        StatementModel.train(examples),
        ClassPrior.train(examples, both_orders=True, parents=parents),
        len(examples),
        tuple(d.doc for d in docs),
        inside,
        countries,
        dict(left_out or {}),
    )
