"""What review decisions teach the suggestion engine: leave one document out, with and without another's decisions.

For each held-out document D and each other document E, D's draft is scored (typed
recall and top-20 precision, as ``kg holdout``) by an engine trained on the documents
other than D and E, and

* **without E**: nothing of E;
* **E's decisions**: E as a draft holding only what a scripted review of E's own draft
  decided (:func:`kg.ingest.holdout.scripted_review`): the curated statements the review
  kept, quoted by the suggestion's sentence as the review page writes them, and the
  suggestions it rejected under ``rejected:``.  E's draft is the one ingest would make
  with E's curation withdrawn and D's too (D never informs the decisions that score it);
* **E complete**: E's whole curation (what ``kg holdout`` trains on).

The registry and the oracle are the full curation's in all three (as ``kg holdout``
has them for D), so only the training material differs.  Nothing is written.

    .venv/bin/python bench/bench_review_feedback.py
    .venv/bin/python bench/bench_review_feedback.py --docs 000 004
"""

from __future__ import annotations

from dataclasses import replace

from common import held_out_documents, without

from kg.ingest.holdout import HoldoutResult, ScriptedReview, holdout
from kg.schema.model import Curation, EvidenceRef, Rejection, Where


def decisions_only(curation: Curation, doc: str, review: ScriptedReview) -> Curation:
    """``curation`` with ``doc`` a draft that holds only what ``review`` decided on its draft."""
    kept = [
        replace(d.statement, evidence=(EvidenceRef(doc, d.suggestion.sentence.text, None, d.statement.where),))
        for d in review.decisions
        if d.statement is not None
    ]
    rejected = tuple(
        Rejection(
            doc,
            d.suggestion.kind,
            d.suggestion.name,
            d.suggestion.subject,
            d.suggestion.object,
            d.suggestion.sentence.text,
            Where("(scripted review)", 0),
        )  # type: ignore[arg-type]
        for d in review.decisions
        if d.action == "reject"
    )
    base = without(curation, {doc})
    return replace(base, statements=base.statements + kept, rejections=base.rejections + rejected, status={**curation.status, doc: "draft"})


def figures(result: HoldoutResult) -> tuple[int, float, float]:
    """Typed statements found, typed recall and top-20 precision."""
    return result.typed_found, result.typed_recall or 0.0, result.top_precision or 0.0


def main() -> None:
    docs, project, curation, left_out = held_out_documents(__doc__.splitlines()[0])
    others = sorted(d for d in curation.documents if curation.status.get(d) == "complete")
    print("| D | E | E's review: kept, rejected | found: without E → E's decisions (E complete) | typed recall | top-20 precision |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    totals = {"without": [0, 0.0], "decisions": [0, 0.0], "complete": [0, 0.0]}
    pairs = better = worse = 0
    for d in docs:
        complete = figures(holdout(project, d, curation))
        for e in others:
            if e == d:
                continue
            review = holdout(project, e, curation, training=without(curation, {d})).review
            alone = figures(holdout(project, d, curation, training=without(curation, {e})))
            taught = figures(holdout(project, d, curation, training=decisions_only(curation, e, review)))
            print(
                f"| {d} | {e} | {review.kept}, {review.count('reject')} | {alone[0]} → {taught[0]} ({complete[0]}) "
                f"| {alone[1]:.3f} → {taught[1]:.3f} ({complete[1]:.3f}) | {alone[2]:.2f} → {taught[2]:.2f} ({complete[2]:.2f}) |",
                flush=True,
            )
            for key, value in (("without", alone), ("decisions", taught), ("complete", complete)):
                totals[key][0] += value[0]
                totals[key][1] += value[2]
            pairs += 1
            better += taught[0] > alone[0]
            worse += taught[0] < alone[0]
    print(
        f"\nOver {pairs} pairs: statements found without E {totals['without'][0]}, with E's decisions {totals['decisions'][0]}, "
        f"with E complete {totals['complete'][0]}; mean top-20 precision {totals['without'][1] / pairs:.3f} → "
        f"{totals['decisions'][1] / pairs:.3f} ({totals['complete'][1] / pairs:.3f}); E's decisions found more in {better} "
        f"pairs, fewer in {worse}."
    )
    if left_out:
        print(f"Drafts left out (they do not load): {', '.join(sorted(left_out))}")


if __name__ == "__main__":
    main()
