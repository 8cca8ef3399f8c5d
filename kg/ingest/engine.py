"""The suggestion engine of ``kg ingest``: cues, the ontology and a classifier trained on the curation.

One object carries what typing a pair needs, trained once per run: ``kg ingest`` trains
on every reviewed document, ``kg holdout`` on every reviewed document but the one held
out (leave one document out: a document is never scored by a model that has read its
curation).  Drafts are never training material: nobody has checked them yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..curation.manifest import read_document
from ..project import Project
from ..schema.model import Curation, Entity, Fact, Link
from ..schema.ontology import Ontology
from ..text.mentions import MentionFinder
from .classifier import Example, StatementModel
from .cues import Cues, load_cues
from .inside import inside_examples
from .knowledge import countries_of
from .prior import ClassPrior
from .training import TrainingDocument, classes_of, document_examples

__all__ = ["Engine", "train_engine", "training_documents"]


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


def training_documents(project: Project, curation: Curation, exclude: str | None = None) -> list[TrainingDocument]:
    """The reviewed documents of ``curation`` (not ``exclude``) with their statements between entities."""
    docs = []
    for doc_id, meta in sorted(curation.documents.items()):
        if doc_id == exclude or curation.status.get(doc_id, "complete") == "draft":
            continue
        statements = tuple(
            st
            for st in curation.statements
            if st.doc == doc_id and (isinstance(st, Link) or (isinstance(st, Fact) and st.object is not None))
        )
        if statements:
            path = project.seeds / meta.file
            docs.append(TrainingDocument(doc_id, read_document(path, project.rel(path)), statements))
    return docs


def train_engine(
    project: Project, curation: Curation, ontology: Ontology, registry: dict[str, Entity] | None = None, exclude: str | None = None
) -> Engine:
    """Train on the reviewed documents of ``curation`` except ``exclude``, finding names of ``registry``."""
    cues = load_cues(ontology)
    entities = list((registry if registry is not None else curation.entities).values())
    finder = MentionFinder(entities)
    classes = classes_of(entities, ontology)
    docs = training_documents(project, curation, exclude)
    examples: list[Example] = [e for doc in docs for e in document_examples(doc, finder, classes, cues)]
    inside = ClassPrior.train(e for doc in docs for e in inside_examples(doc, finder, classes))
    countries = countries_of((st for doc in docs for st in doc.statements), classes)
    return Engine(
        ontology,
        cues,
        StatementModel.train(examples),
        ClassPrior.train(examples, both_orders=True),
        len(examples),
        tuple(d.doc for d in docs),
        inside,
        countries,
    )
