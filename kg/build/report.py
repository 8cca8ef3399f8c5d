"""The build report: what the graph holds, per document and per class.

The report is data (a JSON-ready dict) first and Markdown second, so tests and tools
read the numbers rather than parse prose.  It contains no timestamps or machine paths,
so it is byte-identical between builds of the same inputs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from rdflib import Dataset, Graph, URIRef

from ..rdf.vocab import KG_NS
from .assemble import document_iri
from .inputs import Inputs

__all__ = ["BuildReport", "DocumentCounts", "Totals", "build_report", "report_markdown"]


@dataclass(frozen=True)
class Totals:
    """Counts over the whole graph."""

    entities: int
    statements: int
    facts: int
    links: int
    indicators: int
    quotes: int
    mentions: int
    triples: int
    quads: int
    data_triples: int


@dataclass(frozen=True)
class DocumentCounts:
    """What one document contributes."""

    title: str
    languages: tuple[str, ...]
    curation_status: str
    facts: int
    links: int
    indicators: int
    quotes: int
    entities_mentioned: int
    mentions: int
    triples: int


@dataclass(frozen=True)
class BuildReport:
    """What the graph holds, per document and per class (``report.json`` is :meth:`to_json`)."""

    totals: Totals
    documents: dict[str, DocumentCounts]
    entities_by_class: dict[str, int]
    links_by_kind: dict[str, int]
    mentions: dict[str, dict[str, int]]
    warnings: tuple[str, ...]
    ontology: str

    def to_json(self) -> dict[str, Any]:
        """The report as JSON-ready data (lists, not tuples)."""
        data = asdict(self)
        for doc in data["documents"].values():
            doc["languages"] = list(doc["languages"])
        data["warnings"] = list(self.warnings)
        return data


def build_report(inputs: Inputs, dataset: Dataset, union: Graph, mentions: dict[str, Counter[str]]) -> BuildReport:
    """Counts per document and class, mentions and warnings."""
    curation = inputs.curation
    documents: dict[str, DocumentCounts] = {}
    for doc_id, meta in sorted(curation.documents.items()):
        sts = [s for s in curation.statements if s.doc == doc_id]
        kinds = Counter(s.kind for s in sts)
        quotes = {inputs.evidence[r].key for s in sts for r in s.evidence}
        doc_mentions = mentions.get(doc_id, Counter())
        documents[doc_id] = DocumentCounts(
            title=meta.title["en"],
            languages=tuple(meta.languages),
            curation_status=curation.status.get(doc_id, "not started"),
            facts=kinds.get("fact", 0),
            links=kinds.get("link", 0),
            indicators=kinds.get("indicator", 0),
            quotes=len(quotes),
            entities_mentioned=len(doc_mentions),
            mentions=sum(doc_mentions.values()),
            triples=len(dataset.graph(document_iri(doc_id))),
        )
    classes = Counter(e.cls for e in curation.entities.values())
    link_kinds = Counter(s.link_kind for s in curation.statements if s.kind == "link")
    per_entity: dict[str, dict[str, int]] = {}
    for doc_id, counts in mentions.items():
        for ent, n in counts.items():
            per_entity.setdefault(ent, {})[doc_id] = n
    totals = Totals(
        entities=len(curation.entities),
        statements=len(curation.statements),
        facts=sum(d.facts for d in documents.values()),
        links=sum(d.links for d in documents.values()),
        indicators=sum(d.indicators for d in documents.values()),
        quotes=len({loc.key for loc in inputs.evidence.values()}),
        mentions=sum(sum(c.values()) for c in mentions.values()),
        triples=len(union),
        quads=sum(1 for _ in dataset.quads((None, None, None, None))),
        data_triples=len(union) - len(inputs.ontology.graph),
    )
    return BuildReport(
        totals=totals,
        documents=documents,
        entities_by_class=dict(sorted(classes.items())),
        links_by_kind={str(k): n for k, n in sorted(link_kinds.items())},
        mentions={k: dict(sorted(v.items())) for k, v in sorted(per_entity.items())},
        warnings=tuple(sorted(inputs.warnings)),
        ontology=str(URIRef(KG_NS)),
    )


def report_markdown(report: BuildReport) -> str:
    """A human-readable summary of :func:`build_report`."""
    t = report.totals
    lines = [
        "# Build report",
        "",
        f"{t.entities} entities, {t.statements} statements ({t.facts} facts, {t.links} cooperation links, "
        f"{t.indicators} indicators), {t.quotes} verified quotes, {t.mentions} entity mentions, "
        f"{t.triples} triples ({t.data_triples} besides the ontology).",
        "",
        "## Documents",
        "",
        "| doc | title | curation | facts | links | indicators | quotes | entities mentioned | mentions | triples |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for doc_id, d in report.documents.items():
        lines.append(
            f"| {doc_id} | {d.title} | {d.curation_status} | {d.facts} | {d.links} | {d.indicators} | "
            f"{d.quotes} | {d.entities_mentioned} | {d.mentions} | {d.triples} |"
        )
    lines += ["", "## Entities by class", "", "| class | entities |", "| --- | ---: |"]
    lines += [f"| {cls} | {n} |" for cls, n in report.entities_by_class.items()]
    if report.links_by_kind:
        lines += ["", "## Cooperation links by kind", "", "| kind | links |", "| --- | ---: |"]
        lines += [f"| {kind} | {n} |" for kind, n in report.links_by_kind.items()]
    lines += ["", "## Warnings", ""]
    lines += [f"- {w}" for w in report.warnings] or ["None."]
    return "\n".join(lines) + "\n"
