"""How often the curation states each relation between two kinds of entity.

Held out of its document, the statement classifier types a pair poorly: five documents
are too few for character n-grams to carry from one report (and one language) to the
next.  What does carry is the kinds of the two entities: a policy document and a
ministry are joined by ``issuedBy``, a laboratory and a city by ``locatedIn``, two
countries by a cooperation link, whatever the language.  The prior counts, over the
labelled pairs of the reviewed documents, how often each label joins two classes, and
backs off to the two root classes (``Actor``, ``Programme``...) where a class pair was
never seen, so that a new kind of entity still gets what its root usually gets.

The counts are read from the examples' own features (``cx=``, ``cy=``, ``rx=``,
``ry=``, see :mod:`kg.ingest.features`), so the prior and the classifier always learn
from the same pairs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from .classifier import NONE, Example

__all__ = ["BACKOFF", "ClassPrior"]

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


@dataclass(frozen=True)
class ClassPrior:
    """Label counts by the classes (and by the root classes) of a pair, first name first."""

    by_class: dict[tuple[str, str], Counter[str]] = field(default_factory=dict)
    by_root: dict[tuple[str, str], Counter[str]] = field(default_factory=dict)
    _memo: dict[tuple[str, str, str, str], dict[str, float]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def train(cls, examples: Iterable[Example], both_orders: bool = False) -> ClassPrior:
        """Count every example's label (``none`` included: it is what most pairs are).

        ``both_orders``: count each pair also as if its second name came first, with the
        label turned round (``issuedBy>`` becomes ``issuedBy<``).  Which name a sentence
        happens to write first says nothing of what joins the two classes, and counting
        both orders lets "科技部发布《规划》" learn from "《规划》由科技部发布".
        """
        by_class: dict[tuple[str, str], Counter[str]] = {}
        by_root: dict[tuple[str, str], Counter[str]] = {}
        for e in examples:
            cx, cy, rx, ry = _classes(e.features)
            by_class.setdefault((cx, cy), Counter())[e.label] += 1
            by_root.setdefault((rx, ry), Counter())[e.label] += 1
            if both_orders:
                turned = _turned(e.label)
                by_class.setdefault((cy, cx), Counter())[turned] += 1
                by_root.setdefault((ry, rx), Counter())[turned] += 1
        return cls(by_class, by_root)

    @cached_property
    def labels(self) -> list[str]:
        """Every label the counts hold, sorted."""
        return sorted({label for counts in self.by_root.values() for label in counts})

    def prob(self, label: str, cx: str, cy: str, rx: str, ry: str) -> float:
        """Estimated share of pairs of classes ``cx``, ``cy`` (roots ``rx``, ``ry``) that ``label`` joins.

        ``(n(label | classes) + BACKOFF * share(label | roots)) / (n(classes) + 1)``:
        the class pair's own counts where it was seen, its roots' share where not.

        >>> p = ClassPrior.train([Example(("cx=Lab", "cy=City", "rx=Actor", "ry=Actor"), "locatedIn>")])
        >>> round(p.prob("locatedIn>", "Lab", "City", "Actor", "Actor"), 2)
        0.75
        >>> round(p.prob("locatedIn>", "Park", "City", "Actor", "Actor"), 2)
        0.5
        """
        own = self.by_class.get((cx, cy), Counter())
        root = self.by_root.get((rx, ry), Counter())
        root_total = sum(root.values())
        root_share = root[label] / root_total if root_total else 0.0
        return (own[label] + BACKOFF * root_share) / (sum(own.values()) + 1)

    def probs(self, cx: str, cy: str, rx: str, ry: str) -> dict[str, float]:
        """:meth:`prob` of every label for one pair of classes (computed once per pair of classes)."""
        key = (cx, cy, rx, ry)
        if key not in self._memo:
            self._memo[key] = {label: self.prob(label, cx, cy, rx, ry) for label in self.labels}
        return self._memo[key]

    def related(self, cx: str, cy: str, rx: str, ry: str) -> float:
        """Estimated share of such pairs that the curation states anything about (1 - share of ``none``)."""
        return 1.0 - self.prob(NONE, cx, cy, rx, ry)
