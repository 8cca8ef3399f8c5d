"""Measure ``kg ingest`` on a curated document as if it had never been curated.

A hold-out takes one seed document, withdraws its curation, runs the same analysis
``kg ingest`` runs, and checks what ingest would have shown a curator against what the
curators actually recorded:

* **entity recall**: of the entities the document's statements refer to, the share
  that ingest links (a registered name occurs in the text) or proposes (a candidate
  name is that entity's name, a near spelling of it, or contains it);
* **link recall**: of the document's curated cooperation links, the share for which a
  candidate statement pairs two of the link's participants (same sentence); a side of
  the pair may be a candidate name that proposes the participant.

A **scripted review** then prices the draft (:func:`scripted_review`): a reviewer who
knows the curation walks the suggestions the draft writes, in rank order, and accepts,
corrects or rejects each, one key per action; what it costs per statement kept is what
typing suggestions save or waste a curator.

Withdrawing a document's curation must not withdraw more than the document brought:
an entity first registered in the held-out file but also used by another document
would have been registered by that other document, so it stays in the registry; only
entities that nothing else uses are removed.  Entities of the shared registry files
(``seeds/curation/entities/``) always stay: they are the registry a curator starts
from.  Nothing is written: the analysis runs in memory on the project's files.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from ..curation.ignore import IGNORE_FILE, load_ignores
from ..curation.manifest import read_document
from ..errors import UsageError
from ..project import Project
from ..schema.model import Curation, Entity, Fact, Link, Statement, entities_of
from ..schema.ontology import load_ontology
from .analysis import Analysis, analyse_text
from .draft import MAX_PAIRS
from .engine import load_training, train_engine
from .link import ALIAS_SCORE, MIN_CONTAINED, fold
from .suggest import Suggestion

__all__ = ["ACTIONS", "TOP", "Decision", "HoldoutResult", "ScriptedReview", "holdout", "registry_without", "scripted_review"]

#: Precision is reported for this many most confident suggestions (what a curator reads first).
TOP = 20


#: Keys a reviewer presses for each decision of the review page (docs/curation.md, "kg review"):
#: accept a suggestion as it is; correct it by picking one of its alternatives (open, pick);
#: correct it by choosing the relation or kind from the list the ontology allows for the two
#: (open, list, choose); reject it.  A candidate name: create the entity (accept, check the
#: label), map it to the entity it is another name of, or reject it.
ACTIONS = {"accept": 1, "pick": 2, "choose": 3, "reject": 1, "create": 2, "map": 1}


@dataclass(frozen=True)
class Decision:
    """What the scripted reviewer did with one suggestion, and the curated statement it kept (if any)."""

    suggestion: Suggestion
    action: str  # accept, pick, choose or reject (:data:`ACTIONS`)
    statement: Fact | Link | None = None


@dataclass(frozen=True)
class ScriptedReview:
    """The cost of reviewing one draft with its curation as the oracle (:func:`scripted_review`)."""

    decisions: tuple[Decision, ...] = ()
    #: ``{action: count}`` over the candidate names (create, map, reject).
    candidate_actions: dict[str, int] = field(default_factory=dict)

    @property
    def kept(self) -> int:
        """Curated statements the review keeps (accepted or corrected suggestions)."""
        return sum(1 for d in self.decisions if d.statement is not None)

    @property
    def actions(self) -> int:
        return sum(ACTIONS[d.action] for d in self.decisions)

    @property
    def per_kept(self) -> float | None:
        return self.actions / self.kept if self.kept else None

    @property
    def candidates_kept(self) -> int:
        return self.candidate_actions.get("create", 0) + self.candidate_actions.get("map", 0)

    @property
    def candidate_cost(self) -> int:
        return sum(ACTIONS[a] * n for a, n in self.candidate_actions.items())

    @property
    def per_candidate(self) -> float | None:
        return self.candidate_cost / self.candidates_kept if self.candidates_kept else None

    def count(self, action: str) -> int:
        return sum(1 for d in self.decisions if d.action == action)

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready summary: the decisions by action, the actions and what each kept statement or entity cost."""

        def ratio(value: float | None) -> float | None:
            return None if value is None else round(value, 2)

        return {
            "suggestions": len(self.decisions),
            "kept": self.kept,
            "accepted": self.count("accept"),
            "picked": self.count("pick"),
            "chosen": self.count("choose"),
            "rejected": self.count("reject"),
            "actions": self.actions,
            "actions_per_kept": ratio(self.per_kept),
            "candidates": {
                "names": sum(self.candidate_actions.values()),
                "kept": self.candidates_kept,
                "created": self.candidate_actions.get("create", 0),
                "mapped": self.candidate_actions.get("map", 0),
                "rejected": self.candidate_actions.get("reject", 0),
                "actions": self.candidate_cost,
                "actions_per_kept": ratio(self.per_candidate),
            },
        }


@dataclass(frozen=True)
class HoldoutResult:
    """What ingest found for one held-out document, against its curation."""

    doc: str
    registry: int
    withdrawn: int
    curated: frozenset[str]
    linked: frozenset[str]
    proposed: frozenset[str]
    links: int
    linkable: int
    links_found: int
    candidate_statements: int
    #: ``{script: (candidate names, of which name a curated entity of the document)}``
    candidate_hits: dict[str, tuple[int, int]] = field(default_factory=dict)
    seconds: float = 0.0
    #: Curated statements between two entities (facts with an entity object, and links).
    typed: int = 0
    #: ... of which two of the entities are named in one sentence (an upper bound for suggestions).
    typed_reachable: int = 0
    #: ... of which a suggestion the draft writes (the first ``MAX_PAIRS``) has the relation or kind, and the subject and object.
    typed_found: int = 0
    #: ... of which a suggestion the draft writes has it or offers it among its alternatives (a correction by picking).
    typed_offered: int = 0
    suggestions: int = 0
    #: Of the suggestions, how many state a curated statement; and among the :data:`TOP` most confident.
    suggestions_right: int = 0
    top_right: int = 0
    top: int = 0
    #: Of the suggestions that state a curated statement, how many have its modality.
    modality_right: int = 0
    train_seconds: float = 0.0
    #: What reviewing the draft costs (:func:`scripted_review`).
    review: ScriptedReview = field(default_factory=ScriptedReview)

    @property
    def typed_recall(self) -> float | None:
        return self.typed_found / self.typed if self.typed else None

    @property
    def offered_recall(self) -> float | None:
        return self.typed_offered / self.typed if self.typed else None

    @property
    def top_precision(self) -> float | None:
        return self.top_right / self.top if self.top else None

    @property
    def candidate_precision(self) -> float | None:
        """Share of candidate names that name an entity the curators recorded for the document."""
        total = sum(n for n, _ in self.candidate_hits.values())
        return sum(k for _, k in self.candidate_hits.values()) / total if total else None

    def precision_of(self, script: str) -> float | None:
        """:attr:`candidate_precision` among the candidates of one script (``zh``, ``th``, ``en``)."""
        n, k = self.candidate_hits.get(script, (0, 0))
        return k / n if n else None

    @property
    def missed(self) -> frozenset[str]:
        return self.curated - self.linked - self.proposed

    @property
    def entity_recall(self) -> float:
        return (len(self.linked) + len(self.proposed)) / len(self.curated) if self.curated else 1.0

    @property
    def link_recall(self) -> float:
        return self.links_found / self.links if self.links else 1.0

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready summary (sorted lists, rounded ratios)."""
        return {
            "document": self.doc,
            "registry": self.registry,
            "withdrawn": self.withdrawn,
            "curated_entities": len(self.curated),
            "linked": len(self.linked),
            "proposed": len(self.proposed),
            "missed": sorted(self.missed),
            "entity_recall": round(self.entity_recall, 3),
            "links": self.links,
            "linkable_links": self.linkable,
            "links_found": self.links_found,
            "link_recall": round(self.link_recall, 3),
            "candidate_statements": self.candidate_statements,
            "candidates": {script: {"names": n, "curated": k} for script, (n, k) in sorted(self.candidate_hits.items())},
            "candidate_precision": None if self.candidate_precision is None else round(self.candidate_precision, 3),
            "seconds": round(self.seconds, 2),
            "train_seconds": round(self.train_seconds, 2),
            "typed_statements": self.typed,
            "typed_reachable": self.typed_reachable,
            "typed_found": self.typed_found,
            "typed_recall": None if self.typed_recall is None else round(self.typed_recall, 3),
            "typed_offered": self.typed_offered,
            "offered_recall": None if self.offered_recall is None else round(self.offered_recall, 3),
            "suggestions": self.suggestions,
            "suggestions_right": self.suggestions_right,
            f"top{TOP}_right": self.top_right,
            f"top{TOP}_precision": None if self.top_precision is None else round(self.top_precision, 3),
            "modality_right": self.modality_right,
            "scripted_review": self.review.as_dict(),
        }


def _proposes(entity: Entity, keys: list[str]) -> bool:
    """True if a candidate name is the entity's name, a near spelling, or contains it."""
    names = [fold(n) for _, n in entity.names.all_names()]
    return any(
        name == cand
        or (len(name) >= MIN_CONTAINED and name in cand)
        or (len(cand) >= MIN_CONTAINED and cand in name)
        or fuzz.ratio(name, cand, score_cutoff=ALIAS_SCORE) > 0  # 0: below the cutoff
        for name in names
        for cand in keys
    )


def _pairs_two_of(first: set[str], second: set[str], people: set[str]) -> bool:
    """Whether the two sides of a candidate statement stand for two different participants of a link."""
    return any(x != y for x in first & people for y in second & people)


def registry_without(curation: Curation, doc: str, doc_file: str) -> dict[str, Entity]:
    """The registry as it would be had ``doc`` never been curated (see module docs)."""
    needed_elsewhere = {e for st in curation.statements if st.doc != doc for e in entities_of(st)}
    needed_elsewhere |= {m.publisher_entity for m in curation.documents.values() if m.publisher_entity and m.id != doc}
    return {eid: ent for eid, ent in curation.entities.items() if ent.where.file != doc_file or eid in needed_elsewhere}


def holdout(project: Project, doc: str, curation: Curation | None = None, training: Curation | None = None) -> HoldoutResult:
    """Run ingest's analysis on curated document ``doc`` with its curation withdrawn.

    ``curation`` is the project's loaded curation, to load it once for several documents
    (default: as :func:`~kg.ingest.engine.load_training` loads it, the drafts that load
    included, as ``kg ingest`` trains).  ``training`` is what the engine trains on
    instead of ``curation`` (``doc`` withdrawn from it all the same), to measure what
    other training material does: ``bench/bench_review_feedback.py`` puts a document's
    review decisions in place of its curation.  The registry and the oracle are
    ``curation``'s either way.

    Raises
    ------
    UsageError
        ``doc`` is not a document of the manifest.
    CurationError
        The project's curation is invalid.
    """
    ontology = load_ontology(project.ontology, project.rel(project.ontology))
    curation = curation or load_training(project, ontology)[0]
    if doc not in curation.documents:
        known = ", ".join(sorted(curation.documents))
        raise UsageError(f"no document '{doc}' in {project.rel(project.manifest)}; choose one of {known}")
    meta = curation.documents[doc]
    doc_file = project.rel(project.curation / "documents" / f"{doc}.yaml")
    registry = registry_without(curation, doc, doc_file)
    text = read_document(project.seeds / meta.file, project.rel(project.seeds / meta.file))
    ignores = load_ignores(project.root / IGNORE_FILE, IGNORE_FILE).get("*", {})
    started = time.perf_counter()
    engine = train_engine(project, training or curation, ontology, registry, exclude=doc)
    trained = time.perf_counter()
    analysis = analyse_text(text, list(registry.values()), ignores, engine)
    seconds = time.perf_counter() - trained
    mentions, cands, pairs = analysis.mentions, analysis.candidates, analysis.pairs

    statements = [st for st in curation.statements if st.doc == doc]
    curated = frozenset(e for st in statements for e in entities_of(st))
    linked = frozenset(curated & {m.entity for m in mentions})
    unlinked = sorted(curated - linked)
    # What each candidate stands for: the curated entities it proposes (a registered id
    # stands for itself), so that a candidate statement naming a candidate counts for a
    # curated link to the entity the curator made of it.
    meaning: dict[str, set[str]] = {c.stub: {e for e in unlinked if _proposes(curation.entities[e], [fold(c.text)])} for c in cands}
    proposed = frozenset(e for stands_for in meaning.values() for e in stands_for)
    hits: dict[str, tuple[int, int]] = {}
    for c in cands:
        n, k = hits.get(c.script, (0, 0))
        names_curated = bool(meaning[c.stub]) or any(_proposes(curation.entities[e], [fold(c.text)]) for e in linked)
        hits[c.script] = (n + 1, k + names_curated)

    links = [st for st in statements if isinstance(st, Link)]
    found = linkable = 0
    for link in links:
        people = {p.entity for p in link.participants}
        if len(people & registry.keys()) >= 2:
            linkable += 1
        if any(_pairs_two_of(meaning.get(p.a, {p.a}), meaning.get(p.b, {p.b}), people) for p in pairs):
            found += 1
    return HoldoutResult(
        doc,
        len(registry),
        len(curation.entities) - len(registry),
        curated,
        linked,
        proposed,
        len(links),
        linkable,
        found,
        len(pairs),
        hits,
        seconds,
        train_seconds=trained - started,
        review=scripted_review(statements, analysis, meaning, curated, registry),
        **_typed_scores(statements, analysis, meaning),
    )


def _stands_for(meaning: dict[str, set[str]], entity: str) -> set[str]:
    return meaning.get(entity, {entity})


def _states(s: Suggestion, st: Statement, meaning: dict[str, set[str]]) -> bool:
    """Whether suggestion ``s`` says what curated statement ``st`` says (relation or kind, subject, object)."""
    subject, obj = _stands_for(meaning, s.subject), _stands_for(meaning, s.object)
    if isinstance(st, Fact):
        return s.kind == "fact" and s.name == st.relation and st.subject in subject and st.object in obj
    if isinstance(st, Link):
        people = {p.entity for p in st.participants}
        return s.kind == "link" and s.name == st.link_kind and _pairs_two_of(subject, obj, people)
    return False


def _offers(s: Suggestion, st: Statement, meaning: dict[str, set[str]]) -> bool:
    """Whether ``s`` or one of its alternatives says what ``st`` says."""
    options = [s] + [replace(s, kind=k, name=n, subject=a, object=b, alternatives=()) for k, n, a, b in s.alternatives]
    return any(_states(option, st, meaning) for option in options)


def _typed_scores(statements: list[Statement], analysis: Analysis, meaning: dict[str, set[str]]) -> dict[str, int]:
    """Typed recall and suggestion precision counts (see :class:`HoldoutResult`)."""
    typed = _typed(statements)
    together = [(_stands_for(meaning, p.a), _stands_for(meaning, p.b)) for p in analysis.pairs]

    def reachable(st: Statement) -> bool:
        people = {p.entity for p in st.participants} if isinstance(st, Link) else {st.subject, str(getattr(st, "object", ""))}
        return any(_pairs_two_of(a, b, people) for a, b in together)

    shown = analysis.suggestions[:MAX_PAIRS]  # what the draft writes: a curator sees no more
    right = [s for s in shown if any(_states(s, st, meaning) for st in typed)]
    top = shown[:TOP]
    modality = sum(1 for s in right if any(_states(s, st, meaning) and st.modality == s.modality for st in typed))
    return {
        "typed": len(typed),
        "typed_reachable": sum(1 for st in typed if reachable(st)),
        "typed_found": sum(1 for st in typed if any(_states(s, st, meaning) for s in shown)),
        "typed_offered": sum(1 for st in typed if any(_offers(s, st, meaning) for s in shown)),
        "suggestions": len(shown),
        "suggestions_right": len(right),
        "top_right": sum(1 for s in top if s in right),
        "top": len(top),
        "modality_right": modality,
    }


def _typed(statements: list[Statement]) -> list[Fact | Link]:
    """The statements a suggestion can state: facts between two entities, and links."""
    return [st for st in statements if isinstance(st, Link) or (isinstance(st, Fact) and st.object is not None)]


def _joins(s: Suggestion, st: Fact | Link, meaning: dict[str, set[str]]) -> bool:
    """Whether ``s`` is between the two entities of ``st`` (either way round), whatever it says of them."""
    subject, obj = _stands_for(meaning, s.subject), _stands_for(meaning, s.object)
    people = {p.entity for p in st.participants} if isinstance(st, Link) else {st.subject, str(st.object)}
    return _pairs_two_of(subject, obj, people)


def _decide(s: Suggestion, open_: list[Fact | Link], meaning: dict[str, set[str]]) -> tuple[str, Fact | Link | None]:
    """What a reviewer who knows the curation does with ``s``: the action, and the statement it keeps."""
    picks = [replace(s, kind=k, name=n, subject=a, object=b, alternatives=()) for k, n, a, b in s.alternatives]
    for action, options in (("accept", [s]), ("pick", picks)):
        for st in open_:
            if any(_states(option, st, meaning) for option in options):
                return action, st
    for st in open_:
        if _joins(s, st, meaning):
            return "choose", st
    return "reject", None


def scripted_review(
    statements: list[Statement],
    analysis: Analysis,
    meaning: dict[str, set[str]],
    curated: frozenset[str] = frozenset(),
    registry: dict[str, Entity] | None = None,
) -> ScriptedReview:
    """Review the draft's suggestions (the first ``MAX_PAIRS``, in rank order) and candidate names, the curation as the oracle.

    A suggestion that states a curated statement not yet kept is accepted (1 action);
    one whose alternative states it is corrected by picking the alternative (2); one
    between the two entities of a curated statement not yet kept, with another relation
    or kind, is corrected by choosing from the relations the ontology allows for the two
    (3; the curated relation is among them, since the build checks it against the same
    ontology); anything else is rejected (1), a second suggestion of a statement already
    kept included.  A candidate name flagged as an alias of a registered entity of the
    document's curation (``curated``) is mapped to it (1); one that stands for a curated
    entity (``meaning``) is created (2: accept, check the label), or mapped (1) once that
    entity has been created from another candidate; any other is rejected (1).
    """
    open_ = _typed(statements)
    decisions = []
    for s in analysis.suggestions[:MAX_PAIRS]:
        action, st = _decide(s, open_, meaning)
        if st is not None:
            open_.remove(st)
        decisions.append(Decision(s, action, st))
    counts: dict[str, int] = {}
    created: set[str] = set()
    for c in analysis.candidates:
        stands = meaning.get(c.stub, set())
        if c.alias is not None and c.alias.entity in curated and (registry is None or c.alias.entity in registry):
            action = "map"
        elif stands - created:
            action = "create"
            created |= stands
        else:
            action = "map" if stands else "reject"
        counts[action] = counts.get(action, 0) + 1
    return ScriptedReview(tuple(decisions), dict(sorted(counts.items())))
