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

Withdrawing a document's curation must not withdraw more than the document brought:
an entity first registered in the held-out file but also used by another document
would have been registered by that other document, so it stays in the registry; only
entities that nothing else uses are removed.  Entities of the shared registry files
(``seeds/curation/entities/``) always stay: they are the registry a curator starts
from.  Nothing is written: the analysis runs in memory on the project's files.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ..curation.ignore import IGNORE_FILE, load_ignores
from ..curation.loader import load_curation
from ..curation.manifest import read_document
from ..errors import UsageError
from ..project import Project
from ..schema.model import Curation, Entity, Link, entities_of
from ..schema.ontology import load_ontology
from .analysis import analyse_text
from .link import ALIAS_SCORE, MIN_CONTAINED, fold

__all__ = ["HoldoutResult", "holdout", "registry_without"]


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


def holdout(project: Project, doc: str, curation: Curation | None = None) -> HoldoutResult:
    """Run ingest's analysis on curated document ``doc`` with its curation withdrawn.

    ``curation`` is the project's loaded curation, to load it once for several documents.

    Raises
    ------
    UsageError
        ``doc`` is not a document of the manifest.
    CurationError
        The project's curation is invalid.
    """
    curation = curation or load_curation(project.root, load_ontology(project.ontology, project.rel(project.ontology)))
    if doc not in curation.documents:
        known = ", ".join(sorted(curation.documents))
        raise UsageError(f"no document '{doc}' in {project.rel(project.manifest)}; choose one of {known}")
    meta = curation.documents[doc]
    doc_file = project.rel(project.curation / "documents" / f"{doc}.yaml")
    registry = registry_without(curation, doc, doc_file)
    text = read_document(project.seeds / meta.file, project.rel(project.seeds / meta.file))
    ignores = load_ignores(project.root / IGNORE_FILE, IGNORE_FILE).get("*", {})
    started = time.perf_counter()
    analysis = analyse_text(text, list(registry.values()), ignores)
    seconds = time.perf_counter() - started
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
    )
