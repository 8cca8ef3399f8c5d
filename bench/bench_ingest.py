"""Time of ``kg ingest``'s analysis on long documents: indexed and bounded against plain scans.

``kg ingest`` splits a new document, links it, and then, for every name-like span the
registry does not cover, checks it against the mentions and looks for a registered name
it resembles.  Two steps of that are easy to write as scans:

* "is this candidate covered by a mention?" as a scan of every mention (candidates ×
  mentions), where :class:`kg.text.coverage.SpanIndex` bisects;
* "which registered name is this closest to?" as a Python loop scoring every name of the
  script with ``fuzz.ratio``, where RapidFuzz's ``process.extractOne`` with a score
  cutoff does the loop in C++ and skips names that cannot reach the cutoff.

This script runs :func:`kg.ingest.analysis.analyse_text` on documents made of the five
seed texts repeated 1, 4 and 10 times (Thai, Chinese and English in their real mix),
with the scans swapped in (the baseline) and as shipped, in the same run; checks that
both give identical results; and prints the times and their ratio.

A second table times the alias search alone on the seeds' candidates: the bounded
difflib search ingest used before RapidFuzz (kept here as :func:`difflib_best_alias`)
against the shipped one, and lists every candidate whose alias differs
(docs/decisions/0009-rapidfuzz-for-alias-search.md explains each difference).

    .venv/bin/python bench/bench_ingest.py
    .venv/bin/python bench/bench_ingest.py --factors 1 10 --repeat 3
"""

from __future__ import annotations

import argparse
import difflib
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from common import ROOT, machine, median, ms, timed
from rapidfuzz import fuzz

from kg.curation.ignore import IGNORE_FILE, load_ignores
from kg.curation.loader import load_curation
from kg.ingest import link
from kg.ingest.analysis import analyse_text
from kg.project import Project
from kg.schema.ontology import load_ontology
from kg.text import coverage
from kg.text.coverage import uncovered
from kg.text.mentions import MentionFinder


class ScanSpans:
    """The baseline for :class:`kg.text.coverage.SpanIndex`: every question scans every span."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self._spans = spans

    def contains(self, a: int, b: int) -> bool:
        return any(s <= a and b <= e for s, e in self._spans)

    def overlaps(self, a: int, b: int) -> bool:
        return any(s < b and a < e for s, e in self._spans)


def scan_best_alias(text: str, names: list[tuple[str, str, str]]) -> link.Alias | None:
    """The baseline for alias search: ``fuzz.ratio`` of every name, in a Python loop."""
    key = link.fold(text)
    best: link.Alias | None = None
    best_score = 0.0
    for ent_id, name, other in names:
        score = fuzz.ratio(key, other)
        if score >= link.ALIAS_SCORE and score > best_score:
            best, best_score = link.Alias(ent_id, name, round(score / 100, 3), "similar"), score
    return best or _contained(key, names)


def _contained(key: str, names: list[tuple[str, str, str]]) -> link.Alias | None:
    for ent_id, name, other in names:
        if len(other) >= link.MIN_CONTAINED and other in key:
            return link.Alias(ent_id, name, 0.0, "contains")
        if len(key) >= link.MIN_CONTAINED and key in other:
            return link.Alias(ent_id, name, 0.0, "contained")
    return None


def difflib_best_alias(text: str, names: list[tuple[str, str, str]]) -> link.Alias | None:
    """The alias search before RapidFuzz: difflib's ``ratio()`` behind its exact upper bounds."""
    key = link.fold(text)
    best: link.Alias | None = None
    for ent_id, name, other in names:
        floor = link.ALIAS_RATIO if best is None else max(link.ALIAS_RATIO, best.ratio)
        total = len(key) + len(other)
        if total and 2.0 * min(len(key), len(other)) / total < floor:
            continue
        matcher = difflib.SequenceMatcher(None, key, other, autojunk=False)
        if matcher.quick_ratio() < floor:
            continue
        ratio = matcher.ratio()
        if ratio >= floor and (best is None or ratio > best.ratio):
            best = link.Alias(ent_id, name, round(ratio, 3), "similar")
    return best or _contained(key, names)


@contextmanager
def scans() -> Iterator[None]:
    """The analysis with the two scans in place of the shipped code."""
    with (
        mock.patch.object(coverage, "SpanIndex", ScanSpans),
        mock.patch.object(link, "_best_alias", scan_best_alias),
    ):
        yield


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 4, 10])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"Machine: {machine()}\n", flush=True)

    project = Project(ROOT)
    curation = load_curation(ROOT, load_ontology(project.ontology, project.rel(project.ontology)), include_drafts=True)
    entities = list(curation.entities.values())
    ignores = load_ignores(ROOT / IGNORE_FILE, IGNORE_FILE).get("*", {})
    seeds = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("0*.txt")))

    print("| document | size | mentions | candidates | scans (baseline) | shipped | shipped / baseline |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for factor in args.factors:
        text = "\n\n".join([seeds] * factor)
        with scans():
            expected = analyse_text(text, entities, ignores)
            baseline = median(timed(lambda t=text: analyse_text(t, entities, ignores), args.repeat))
        got = analyse_text(text, entities, ignores)
        if got != expected:
            raise SystemExit(f"{factor}x: the shipped analysis differs from the baseline")
        shipped = median(timed(lambda t=text: analyse_text(t, entities, ignores), args.repeat))
        size = len(text.encode("utf-8")) / 1e6
        print(
            f"| seeds × {factor} | {size:.2f} MB | {len(got.mentions):,} | {len(got.candidates):,} | {ms(baseline)} | {ms(shipped)} | {shipped / baseline:.2f} |",
            flush=True,
        )

    todo, _ignored = uncovered(seeds, MentionFinder(entities), ignores)
    by_script = link._names_by_script(entities)
    work = [(f.text, by_script.get(f.script, [])) for f in todo]
    print(
        f"\nAlias search alone: {len(work)} candidates of the seeds × {sum(len(n) for _, n in work):,} registered names of their scripts\n"
    )
    print("| search | min | median | max |")
    print("| --- | ---: | ---: | ---: |")
    for label, search in (("difflib, bounded (before)", difflib_best_alias), ("RapidFuzz extractOne (shipped)", link._best_alias)):
        times = timed(lambda s=search: [s(text, names) for text, names in work], max(args.repeat, 5))
        print(f"| {label} | {ms(min(times))} | {ms(median(times))} | {ms(max(times))} |", flush=True)
    for text, names in work:
        before, after = difflib_best_alias(text, names), link._best_alias(text, names)
        if before != after:
            print(f"differs: {text!r}: {before} -> {after}")


if __name__ == "__main__":
    main()
