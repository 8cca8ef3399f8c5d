"""Throughput of ``kg ingest``'s analysis with typed suggestions, against the untyped pairs, in one run.

The baseline is the analysis ``kg ingest`` made before typed suggestions: split, link,
candidate names and every pair of names in a sentence.  The shipped analysis adds the
suggestion engine (pair features, the classifier's probabilities, cue words, ontology
checks, lists).  Both run on documents made of the five seed texts repeated 1, 4 and
10 times (Thai, Chinese and English in their real mix); the table gives megabytes per
second of each and their ratio, and the time to train the engine on the curation
(paid once per ``kg ingest`` run, whatever the document's size).

    .venv/bin/python bench/bench_suggest.py
    .venv/bin/python bench/bench_suggest.py --factors 1 10 --repeat 3
"""

from __future__ import annotations

import argparse
import time

from common import ROOT, machine, median, ms, timed

from kg.curation.ignore import IGNORE_FILE, load_ignores
from kg.curation.loader import load_curation
from kg.ingest.analysis import analyse_text
from kg.ingest.engine import train_engine
from kg.project import Project
from kg.schema.ontology import load_ontology


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 4, 10], help="copies of the seed texts per document")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (the median is shown)")
    args = parser.parse_args()
    print(f"Machine: {machine()}\n", flush=True)

    project = Project(ROOT)
    ontology = load_ontology(project.ontology, project.rel(project.ontology))
    curation = load_curation(ROOT, ontology)
    entities = list(curation.entities.values())
    ignores = load_ignores(ROOT / IGNORE_FILE, IGNORE_FILE).get("*", {})
    started = time.perf_counter()
    engine = train_engine(project, curation, ontology)
    trained = time.perf_counter() - started
    print(f"Training the engine on {len(engine.documents)} reviewed documents ({engine.examples:,} labelled pairs): {ms(trained)}\n")
    seeds = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("0*.txt")))

    print(
        "| document | size | suggestions | untyped pairs (baseline) | typed suggestions (shipped) | MB/s baseline | MB/s shipped | shipped / baseline |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for factor in args.factors:
        text = "\n\n".join([seeds] * factor)
        size = len(text.encode("utf-8")) / 1e6
        baseline = median(timed(lambda t=text: analyse_text(t, entities, ignores), args.repeat))
        shipped = median(timed(lambda t=text: analyse_text(t, entities, ignores, engine), args.repeat))
        found = analyse_text(text, entities, ignores, engine)
        print(
            f"| seeds × {factor} | {size:.2f} MB | {len(found.suggestions):,} | {ms(baseline)} | {ms(shipped)} "
            f"| {size / baseline:.2f} | {size / shipped:.2f} | {shipped / baseline:.2f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
