"""How the suggestion engine improves with each reviewed document: a learning curve, leave one document out.

For each held-out document D and each number k of training documents, D's draft is
scored as ``kg holdout`` scores it (typed statements found, top-20 precision,
suggestion precision) by an engine trained on every set of k of the other complete
documents, and the figures are averaged over those sets.  The registry and the oracle
are the full curation's, so only what the engine learns from changes (as in
``bench_review_feedback.py``).  The last row, k = all others, is ``kg holdout`` itself.

What it answers: whether more reviewed documents would lift the figures, and by how much
each one does on average, by language of the held-out document.  The slope is a straight
line through the averages; it says nothing of where the curve levels off.

    .venv/bin/python bench/bench_learning_curve.py            # every subset (~3 min on the seeds)
    .venv/bin/python bench/bench_learning_curve.py --docs 004
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass

from common import held_out_documents, without

from kg.ingest.holdout import holdout


@dataclass
class Point:
    """Sums over held-out documents of their figures averaged over the training sets of one size."""

    found: float = 0.0
    typed: int = 0
    top_right: float = 0.0
    top: float = 0.0
    right: float = 0.0
    suggestions: float = 0.0
    runs: int = 0

    def add(self, rows: list[tuple[int, int, int, int, int, int]]) -> None:
        """Add one held-out document's runs: ``(found, typed, top_right, top, right, suggestions)`` each."""
        n = len(rows)
        self.found += sum(r[0] for r in rows) / n
        self.typed += rows[0][1]
        self.top_right += sum(r[2] for r in rows) / n
        self.top += sum(r[3] for r in rows) / n
        self.right += sum(r[4] for r in rows) / n
        self.suggestions += sum(r[5] for r in rows) / n
        self.runs += n

    def recall(self) -> float:
        return self.found / self.typed if self.typed else 0.0

    def top20(self) -> float:
        return self.top_right / self.top if self.top else 0.0

    def precision(self) -> float:
        return self.right / self.suggestions if self.suggestions else 0.0


def slope(points: dict[int, Point], figure: str) -> float:
    """Least-squares slope of ``figure`` (a :class:`Point` method) against the number of training documents."""
    xs = sorted(points)
    ys = [getattr(points[k], figure)() for k in xs]
    if len(xs) < 2:
        return 0.0
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def main() -> None:
    held, project, curation, _ = held_out_documents(__doc__.splitlines()[0])
    complete = sorted(d for d in curation.documents if curation.status.get(d, "complete") == "complete")
    language = {d: "+".join(curation.documents[d].languages) for d in curation.documents}
    overall: dict[int, Point] = defaultdict(Point)
    by_language: dict[str, dict[int, Point]] = defaultdict(lambda: defaultdict(Point))
    print("| held out | language | training documents | runs | typed found (of) | top-20 precision | suggestion precision |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for d in held:
        others = [e for e in complete if e != d]
        for k in range(1, len(others) + 1):
            rows = []
            for kept in itertools.combinations(others, k):
                r = holdout(project, d, curation, training=without(curation, set(others) - set(kept)))
                rows.append((r.typed_found, r.typed, r.top_right, r.top, r.suggestions_right, r.suggestions))
            one = Point()
            one.add(rows)
            overall[k].add(rows)
            by_language[language[d]][k].add(rows)
            print(
                f"| {d} | {language[d]} | {k} | {one.runs} | {one.found:.1f} ({one.typed}) | {one.top20():.2f} | {one.precision():.3f} |",
                flush=True,
            )
    print("\n| training documents | typed recall | top-20 precision | suggestion precision |")
    print("| ---: | ---: | ---: | ---: |")
    for k, p in sorted(overall.items()):
        print(f"| {k} | {p.recall():.3f} | {p.top20():.2f} | {p.precision():.3f} |")
    print(
        f"\nEach training document adds on average {slope(overall, 'recall') * 100:+.1f} points of typed recall, "
        f"{slope(overall, 'top20') * 100:+.1f} of top-20 precision and {slope(overall, 'precision') * 100:+.1f} of suggestion precision."
    )
    print("\n| language held out | training documents | typed recall | top-20 precision |")
    print("| --- | ---: | ---: | ---: |")
    for lang, points in sorted(by_language.items()):
        for k, p in sorted(points.items()):
            print(f"| {lang} | {k} | {p.recall():.3f} | {p.top20():.2f} |")


if __name__ == "__main__":
    main()
