"""A small classifier that says how a sentence relates two names, trained on the curation itself.

Every curated statement with a quote is a labelled example: the quote's sentence names
two entities, and the curators recorded what it says of them (``locatedIn`` with the
first as subject, a ``MemorandumOfUnderstanding`` link, ...).  Every other pair of names
in the same sentences is an example of *no statement*.  A logistic regression over the
features of :mod:`kg.ingest.features` learns from those, so the suggestions of
``kg ingest`` improve as the curation grows, with no rule to maintain.

Labels are ``none``, ``<relation>>`` (the first name is the subject), ``<relation><``
(the second name is), and ``link:<Kind>`` (cooperation links are undirected).

Training is deterministic (the solver is deterministic for a fixed input, features are
sorted) and takes about a second on the seed curation; nothing is downloaded or stored:
the model is trained again in each ``kg ingest`` and ``kg holdout`` run, from whatever
the curation holds then.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import SGDClassifier

__all__ = ["NONE", "Example", "StatementModel", "parse_label"]

#: The label of a pair the sentence states nothing about.
NONE = "none"
#: L2 regularisation of the logistic regression (fitted by stochastic gradient descent,
#: which takes about a second here where L-BFGS took half a minute on the same features).
ALPHA = 1e-4
#: Passes over the examples, and the seed that orders them: the same curation gives the same model.
EPOCHS = 30
SEED = 0
#: A feature seen in fewer examples than this is dropped: it cannot generalise, and it costs time.
MIN_SEEN = 2
#: ``balanced``: the few labelled statements weigh as much as the many pairs of nothing.
CLASS_WEIGHT: str | None = "balanced"


@dataclass(frozen=True)
class Example:
    """The features of one pair and what the curators recorded for it."""

    features: tuple[str, ...]
    label: str


def parse_label(label: str) -> tuple[str, str, bool]:
    """``(kind, name, x_is_subject)`` of a label: kind is ``fact`` or ``link``.

    >>> parse_label("locatedIn<")
    ('fact', 'locatedIn', False)
    >>> parse_label("link:Investment")
    ('link', 'Investment', True)
    """
    if label.startswith("link:"):
        return "link", label[5:], True
    return "fact", label[:-1], label.endswith(">")


def _int32(matrix: Any) -> Any:
    """The sparse matrix with 32-bit indices: SGD refuses the 64-bit ones DictVectorizer may give."""
    matrix = matrix.tocsr()
    matrix.indices = matrix.indices.astype("int32")
    matrix.indptr = matrix.indptr.astype("int32")
    return matrix


class StatementModel:
    """A trained classifier: features of a pair in, probability of each label out."""

    def __init__(self, vectorizer: DictVectorizer | None, model: SGDClassifier | None, labels: list[str]) -> None:
        self._vectorizer = vectorizer
        self._model = model
        self.labels = labels

    @classmethod
    def train(cls, examples: Sequence[Example]) -> StatementModel:
        """Fit on ``examples``; with fewer than two labels there is nothing to learn, and every pair gets ``none``."""
        labels = sorted({e.label for e in examples})
        if len(labels) < 2:
            return cls(None, None, [NONE])
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import SGDClassifier

        seen = Counter(f for e in examples for f in e.features)
        vectorizer = DictVectorizer(sort=True)
        matrix = vectorizer.fit_transform([{f: 1.0 for f in e.features if seen[f] >= MIN_SEEN} for e in examples])
        model = SGDClassifier(loss="log_loss", alpha=ALPHA, class_weight=CLASS_WEIGHT, max_iter=EPOCHS, tol=None, random_state=SEED)
        model.fit(_int32(matrix), [e.label for e in examples])
        return cls(vectorizer, model, [str(c) for c in model.classes_])

    def predict(self, features: Sequence[Sequence[str]]) -> list[dict[str, float]]:
        """The probability of every label, for each feature list."""
        if not features:
            return []
        if self._model is None or self._vectorizer is None:
            return [{NONE: 1.0} for _ in features]
        matrix = self._vectorizer.transform([dict.fromkeys(f, 1.0) for f in features])
        probs: Any = self._model.predict_proba(_int32(matrix))
        return [{label: float(p) for label, p in zip(self.labels, row, strict=True)} for row in probs]
