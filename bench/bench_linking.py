"""Linking throughput: the one-pass automaton against a loop of one regex per name.

``kg ingest`` and ``kg build`` find every registered name in a document with
:class:`kg.text.mentions.MentionFinder`, which puts all names of all scripts into one
Aho-Corasick automaton, so a document is read once whatever the size of the registry.
The obvious alternative, one regular expression per name, reads the document once per
name.  This script measures both in the same run:

1. the automaton over a synthetic corpus of ``--mb`` megabytes (UTF-8) with 10,000
   registered names: throughput in MB/s and at 1/10/100% of the corpus, to show it is
   linear in the input;
2. both methods on the same 1 MB slice with 1,000 and 10,000 names: the naive loop
   slows down with every name added, the automaton does not.

The registry is the project's own (every name of every curated entity) topped up with
synthetic names in the three scripts to ``--names``.  The corpus is made of the seed
documents' own lines (Thai, Chinese and English, in their real proportions) cut into
~100 KB documents, each line preceded by one of the synthetic names, so that matches
are at least as dense as in a real report.

    .venv/bin/python bench/bench_linking.py            # 100 MB, about two minutes
    .venv/bin/python bench/bench_linking.py --mb 10
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections.abc import Iterator

from common import ROOT, machine

from kg.curation.loader import load_curation
from kg.project import Project
from kg.schema.model import Entity, Names, Where
from kg.schema.ontology import load_ontology
from kg.text.mentions import MIN_NAME_LENGTH, MentionFinder
from kg.text.normalize import NormalizedText, fold_case, normalize_space

SEED = 20261123
DOC_BYTES = 100_000

_EN_A = [
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Central",
    "Coastal",
    "Highland",
    "Lancang",
    "Mekong",
    "Silk",
    "Maritime",
    "Digital",
    "Green",
    "Smart",
    "Joint",
    "Applied",
]
_EN_B = [
    "Photonics",
    "Genomics",
    "Robotics",
    "Agritech",
    "Seismology",
    "Oceanography",
    "Materials",
    "Hydrology",
    "Batteries",
    "Vaccines",
    "Satellites",
    "Microbiology",
    "Aquaculture",
    "Metallurgy",
    "Logistics",
    "Forestry",
    "Acoustics",
    "Catalysis",
    "Polymers",
    "Semiconductors",
]
_EN_C = ["Institute", "Laboratory", "Centre", "Academy", "Park", "Consortium", "Foundation", "Observatory", "Alliance", "Zone"]
_ZH = "江海山川明华中东南西北新金银龙凤光电信科创智联合德兴安和平天宇星云岭湾港桥林泉"
_ZH_KIND = ["研究院", "实验室", "大学", "科技园", "有限公司", "创新中心", "联盟", "示范区"]
_TH_SYL = ["กา", "นดา", "ภู", "เชียง", "รัตน", "ศรี", "สุข", "ทอง", "พร", "ชัย", "วิทย์", "นคร", "ธารา", "มณี", "บุญ", "เพชร"]
_TH_KIND = ["สถาบัน", "มหาวิทยาลัย", "ศูนย์วิจัย", "บริษัท", "อุทยานวิทยาศาสตร์", "ห้องปฏิบัติการ"]


def synthetic_names(n: int, rng: random.Random) -> list[tuple[str, str]]:
    """``n`` distinct (language, name) pairs, a third in each script."""
    names: set[tuple[str, str]] = set()
    while len(names) < n:
        script = len(names) % 3
        if script == 0:
            name = f"{rng.choice(_EN_A)} {rng.choice(_EN_B)} {rng.choice(_EN_C)} {rng.randint(1, 99)}"
            names.add(("en", name))
        elif script == 1:
            names.add(("zh", "".join(rng.choices(_ZH, k=rng.randint(2, 4))) + rng.choice(_ZH_KIND)))
        else:
            names.add(("th", rng.choice(_TH_KIND) + "".join(rng.choices(_TH_SYL, k=rng.randint(2, 4)))))
    return sorted(names)


def registered_names() -> list[tuple[str, str]]:
    """Every (language, name) of the project's curated entities."""
    curation = load_curation(ROOT, load_ontology(Project(ROOT).ontology))
    return sorted({(lang, name) for ent in curation.entities.values() for lang, name in ent.names.all_names()})


def entities(names: list[tuple[str, str]]) -> list[Entity]:
    where = Where("bench", 1)
    return [Entity(f"e{i}", "Organisation", Names({lang: name}, {}), where) for i, (lang, name) in enumerate(names)]


def corpus(megabytes: float, names: list[tuple[str, str]], rng: random.Random) -> list[str]:
    """Documents of about :data:`DOC_BYTES` UTF-8 bytes, ``megabytes`` in all."""
    lines = [line for path in sorted((ROOT / "seeds").glob("*.txt")) for line in path.read_text("utf-8").splitlines() if line.strip()]
    docs: list[str] = []
    total = 0
    while total < megabytes * 1e6:
        parts: list[str] = []
        size = 0
        while size < DOC_BYTES:
            line = f"{rng.choice(names)[1]} {rng.choice(lines)}\n"
            parts.append(line)
            size += len(line.encode("utf-8"))
        docs.append("".join(parts))
        total += size
    return docs


def size_mb(docs: list[str]) -> float:
    return sum(len(d.encode("utf-8")) for d in docs) / 1e6


def automaton(finder: MentionFinder, docs: list[str]) -> int:
    return sum(len(finder.find(doc)) for doc in docs)


def naive_patterns(ents: list[Entity]) -> list[re.Pattern[str]]:
    """One compiled regex per name, on the same normalised, case-folded keys."""
    out = []
    for ent in ents:
        for _lang, name in ent.names.all_names():
            key = fold_case(NormalizedText(normalize_space(name), join_thai=True).text)
            if len(key) >= MIN_NAME_LENGTH:
                edge = r"\b" if key[0].isascii() else ""
                out.append(re.compile(f"{edge}{re.escape(key)}{edge if key[-1].isascii() else ''}"))
    return out


def naive(patterns: list[re.Pattern[str]], docs: list[str]) -> int:
    found = 0
    for doc in docs:
        hay = fold_case(NormalizedText(doc, join_thai=True).text)
        for pattern in patterns:
            found += sum(1 for _ in pattern.finditer(hay))
    return found


def clock(fn: object, *args: object) -> tuple[float, int]:
    started = time.perf_counter()
    result = fn(*args)  # type: ignore[operator]
    return time.perf_counter() - started, int(result)


def prefix(docs: list[str], megabytes: float) -> Iterator[str]:
    total = 0.0
    for doc in docs:
        if total >= megabytes * 1e6:
            return
        total += len(doc.encode("utf-8"))
        yield doc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=100.0, help="corpus size in MB (default 100)")
    parser.add_argument("--names", type=int, default=10_000, help="registered names (default 10000)")
    args = parser.parse_args()
    rng = random.Random(SEED)
    real = registered_names()
    synthetic = synthetic_names(args.names - len(real), rng)
    names = sorted(set(real) | set(synthetic))
    small_names = names[:: max(1, len(names) // 1000)][:1000]
    docs = corpus(args.mb, synthetic, rng)
    print(f"Measured on {machine()}.\n")
    print(f"Corpus: {len(docs)} documents, {size_mb(docs):.1f} MB UTF-8; {len(names)} registered names ({len(real)} curated).\n")

    started = time.perf_counter()
    finder = MentionFinder(entities(names))
    built = time.perf_counter() - started
    print(f"Automaton over {len(finder.owners)} distinct name keys built in {built:.2f} s.\n")
    print("| share of corpus | MB | mentions | seconds | MB/s |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for share in (0.01, 0.1, 1.0):
        part = list(prefix(docs, args.mb * share))
        seconds, found = clock(automaton, finder, part)
        print(f"| {share:.0%} | {size_mb(part):.1f} | {found:,} | {seconds:.2f} | {size_mb(part) / seconds:.1f} |")

    slice_ = list(prefix(docs, 1.0))
    mb = size_mb(slice_)
    print(f"\nSame {mb:.2f} MB slice, both methods (mention counts differ: the regex loop keeps overlapping matches):\n")
    print("| names | method | matches | seconds | MB/s | automaton speed-up |")
    print("| ---: | --- | ---: | ---: | ---: | ---: |")
    for label, subset in ((len(small_names), small_names), (len(names), names)):
        ents = entities(subset)
        fast = MentionFinder(ents)
        t_fast, n_fast = clock(automaton, fast, slice_)
        t_slow, n_slow = clock(naive, naive_patterns(ents), slice_)
        print(f"| {label:,} | automaton | {n_fast:,} | {t_fast:.2f} | {mb / t_fast:.1f} | |")
        print(f"| {label:,} | regex per name | {n_slow:,} | {t_slow:.2f} | {mb / t_slow:.2f} | {t_slow / t_fast:.0f}x |")


if __name__ == "__main__":
    main()
