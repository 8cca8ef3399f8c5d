"""How often the curation states each relation between two kinds of entity.

Held out of its document, the statement classifier types a pair poorly: five documents
are too few for character n-grams to carry from one report (and one language) to the
next.  What does carry is the kinds of the two entities: a policy document and a
ministry are joined by ``issuedBy``, a laboratory and a city by ``locatedIn``, two
countries by a cooperation link, whatever the language.  The prior counts, over the
labelled pairs of the reviewed documents, how often each label joins two classes, and
backs off, where a class pair was seen rarely or never, to the nearest pair of their
ancestors that was seen: a science park and a city never seen together are a park or
zone and a place (which the curation joins by ``locatedIn``), before they are two
actors (which it mostly joins by nothing).  The ancestors are the ontology's
(:func:`parent_classes`); without them the prior backs off to the two root classes
(``Actor``, ``Programme``...) at once.

The counts are read from the examples' own features (``cx=``, ``cy=``, ``rx=``,
``ry=``, see :mod:`kg.ingest.features`), so the prior and the classifier always learn
from the same pairs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from rdflib import RDFS
from rdflib.term import Node

from ..schema.ontology import Ontology
from .classifier import NONE, Example

__all__ = ["BACKOFF", "ClassPrior", "ancestry", "parent_classes"]

#: How much the root-class estimate counts against the class estimate (a pseudo-count).
BACKOFF = 0.5


def _classes(features: Iterable[str]) -> tuple[str, str, str, str]:
    found = {k: v for k, _, v in (f.partition("=") for f in features) if k in ("cx", "cy", "rx", "ry")}
    return found.get("cx", ""), found.get("cy", ""), found.get("rx", ""), found.get("ry", "")


def _turned(label: str) -> str:
    """The label of the same statement with the two names the other way round.

    >>> _turned("issuedBy>"), _turned("locatedIn<"), _turned("link:Investment"), _turned("none")
    ('issuedBy<', 'locatedIn>', 'link:Investment', 'none')
    """
    if label.endswith(">"):
        return label[:-1] + "<"
    if label.endswith("<"):
        return label[:-1] + ">"
    return label


def parent_classes(ontology: Ontology) -> dict[str, str]:
    """Each entity class's parent among the entity classes (local names); a root class has none.

    A class with two parents among them would take the narrower (the one with more
    classes above it); the shipped ontology has none.  Classes of other vocabularies
    (``schema:Place``) are not parents: the prior counts the project's own classes.
    """
    known = ontology.entity_classes
    by_iri: dict[Node, str] = {iri: name for name, iri in known.items()}
    parents = {}
    for name, iri in sorted(known.items()):
        above = [by_iri[o] for o in ontology.graph.objects(iri, RDFS.subClassOf) if o in by_iri and o != iri]
        if above:
            parents[name] = min(above, key=lambda c: (-len(ontology.superclasses(c)), c))
    return parents


def ancestry(cls: str, parents: dict[str, str]) -> list[str]:
    """``cls``, its parent, its parent's parent ... up to a root.

    >>> ancestry("SciencePark", {"SciencePark": "ParkOrZone", "ParkOrZone": "Place", "Place": "Actor"})
    ['SciencePark', 'ParkOrZone', 'Place', 'Actor']
    """
    chain = [cls]
    while chain[-1] in parents and parents[chain[-1]] not in chain:
        chain.append(parents[chain[-1]])
    return chain


def _backoff_pairs(cx: str, cy: str, parents: dict[str, str]) -> list[tuple[str, str]]:
    """The pairs of ancestors of ``cx`` and ``cy``, the pair itself first, then the fewer steps up the sooner.

    Of two with as many steps, the one whose sides climbed more evenly comes first, then
    the one that kept the first class longer.

    >>> _backoff_pairs("Lab", "City", {"Lab": "Org", "City": "Place"})
    [('Lab', 'City'), ('Lab', 'Place'), ('Org', 'City'), ('Org', 'Place')]
    """
    ax, ay = ancestry(cx, parents), ancestry(cy, parents)
    steps = sorted(((i, j) for i in range(len(ax)) for j in range(len(ay))), key=lambda ij: (ij[0] + ij[1], max(ij), ij[0]))
    return [(ax[i], ay[j]) for i, j in steps]


@dataclass(frozen=True)
class ClassPrior:
    """Label counts by the classes (by their ancestors, and by the root classes) of a pair, first name first."""

    by_class: dict[tuple[str, str], Counter[str]] = field(default_factory=dict)
    by_root: dict[tuple[str, str], Counter[str]] = field(default_factory=dict)
    #: the counts of every pair of ancestors (itself included) of each pair's classes
    by_ancestors: dict[tuple[str, str], Counter[str]] = field(default_factory=dict)
    #: each class's parent (:func:`parent_classes`); empty: back off to the roots at once
    parents: dict[str, str] = field(default_factory=dict)
    _memo: dict[tuple[str, str, str, str], dict[str, float]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def train(cls, examples: Iterable[Example], both_orders: bool = False, parents: dict[str, str] | None = None) -> ClassPrior:
        """Count every example's label (``none`` included: it is what most pairs are).

        ``both_orders``: count each pair also as if its second name came first, with the
        label turned round (``issuedBy>`` becomes ``issuedBy<``).  Which name a sentence
        happens to write first says nothing of what joins the two classes, and counting
        both orders lets "科技部发布《规划》" learn from "《规划》由科技部发布".
        ``parents``: the class tree to back off along (:func:`parent_classes`).
        """
        parents = parents or {}
        by_class: dict[tuple[str, str], Counter[str]] = {}
        by_root: dict[tuple[str, str], Counter[str]] = {}
        by_ancestors: dict[tuple[str, str], Counter[str]] = {}

        def count(cx: str, cy: str, rx: str, ry: str, label: str) -> None:
            by_class.setdefault((cx, cy), Counter())[label] += 1
            by_root.setdefault((rx, ry), Counter())[label] += 1
            if parents:
                for pair in _backoff_pairs(cx, cy, parents):
                    by_ancestors.setdefault(pair, Counter())[label] += 1

        for e in examples:
            cx, cy, rx, ry = _classes(e.features)
            count(cx, cy, rx, ry, e.label)
            if both_orders:
                count(cy, cx, ry, rx, _turned(e.label))
        return cls(by_class, by_root, by_ancestors, dict(parents))

    @cached_property
    def labels(self) -> list[str]:
        """Every label the counts hold, sorted."""
        return sorted({label for counts in self.by_root.values() for label in counts})

    def prob(self, label: str, cx: str, cy: str, rx: str, ry: str) -> float:
        """Estimated share of pairs of classes ``cx``, ``cy`` (roots ``rx``, ``ry``) that ``label`` joins.

        ``(n(label | classes) + BACKOFF * share(label | ancestors)) / (n(classes) + 1)``:
        the class pair's own counts where it was seen, the share of the nearest pair of
        ancestors that was seen where not (:func:`_backoff_pairs`; the roots' without
        a class tree).

        >>> p = ClassPrior.train([Example(("cx=Lab", "cy=City", "rx=Actor", "ry=Actor"), "locatedIn>")])
        >>> round(p.prob("locatedIn>", "Lab", "City", "Actor", "Actor"), 2)
        0.75
        >>> round(p.prob("locatedIn>", "Park", "City", "Actor", "Actor"), 2)
        0.5
        """
        own = self.by_class.get((cx, cy), Counter())
        return (own[label] + BACKOFF * self._share(label, cx, cy, rx, ry)) / (sum(own.values()) + 1)

    def _share(self, label: str, cx: str, cy: str, rx: str, ry: str) -> float:
        """The share of ``label`` among the pairs of the nearest seen ancestors of ``cx`` and ``cy`` (or of the roots)."""
        back = Counter[str]()
        if self.parents:
            back = next((self.by_ancestors[p] for p in _backoff_pairs(cx, cy, self.parents)[1:] if p in self.by_ancestors), back)
        if not back:
            back = self.by_root.get((rx, ry), Counter())
        total = sum(back.values())
        return back[label] / total if total else 0.0

    def probs(self, cx: str, cy: str, rx: str, ry: str) -> dict[str, float]:
        """:meth:`prob` of every label for one pair of classes (computed once per pair of classes)."""
        key = (cx, cy, rx, ry)
        if key not in self._memo:
            self._memo[key] = {label: self.prob(label, cx, cy, rx, ry) for label in self.labels}
        return self._memo[key]

    def related(self, cx: str, cy: str, rx: str, ry: str) -> float:
        """Estimated share of such pairs that the curation states anything about (1 - share of ``none``)."""
        return 1.0 - self.prob(NONE, cx, cy, rx, ry)
