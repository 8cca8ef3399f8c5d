"""The build pipeline: curation + documents -> verified, validated RDF dataset.

Each step is a call into a module with one job; this module only sequences them and
collects warnings.  Nothing here writes files: :func:`build` returns a
:class:`BuildResult` and :func:`render_outputs` turns it into bytes, so a failed build
can never leave partial output behind (see :mod:`kg.build.output`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from rdflib import Dataset, Graph

from ..curation.loader import load_curation
from ..curation.manifest import read_document
from ..errors import CurationError, Problem
from ..project import Project
from ..rdf.annotations import SelectorMismatch, selector_problems
from ..rdf.serialize import to_trig, to_turtle, union_graph
from ..schema.model import Curation, EvidenceRef, Fact, Link, Statement, entities_of
from ..schema.ontology import load_ontology
from ..schema.shapes import relation_shapes
from ..text.mentions import MentionFinder, count_mentions
from ..text.normalize import NormalizedText, thai_digits_to_ascii
from ..text.quotes import Located, QuoteIndex, locate
from .assemble import assemble, document_iri
from .inputs import Inputs
from .report import BuildReport, build_report, report_markdown
from .shacl import ShapeViolation, load_shapes, validate_dataset

__all__ = ["OUTPUT_FILES", "BuildResult", "Inputs", "build", "load_inputs", "render_outputs"]

#: Files ``kg build`` writes into the output directory.
OUTPUT_FILES = ("kg.ttl", "kg.trig", "report.json", "report.md")

Progress = Callable[[str], None]


def _quiet(_step: str) -> None:
    """Default progress callback: say nothing."""


@dataclass
class BuildResult:
    """The built dataset with its report."""

    inputs: Inputs
    dataset: Dataset
    union: Graph
    mentions: dict[str, Counter[str]]
    report: BuildReport
    #: Documents whose curation file is an unreviewed draft, left out of this build (none with ``include_drafts``).
    drafts_left_out: tuple[str, ...] = ()

    @property
    def curation(self) -> Curation:
        return self.inputs.curation


_YEAR_BE = re.compile(r"(?<!\d)(2[45]\d\d)(?!\d)")
_YEAR_CE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def _years_in(quote: str) -> set[int]:
    """Years a quote mentions, with Buddhist-Era years converted to CE."""
    text = thai_digits_to_ascii(quote)
    years = {int(y) - 543 for y in _YEAR_BE.findall(text)}
    years |= {int(y) for y in _YEAR_CE.findall(text)}
    return years


def _date_warnings(statements: list[Statement]) -> list[str]:
    """Flag dates whose year no quote of the statement mentions (often a BE slip)."""
    out = []
    for st in statements:
        dates: list[object] = [st.date]
        if isinstance(st, Link):
            dates += [st.start, st.end]
        if isinstance(st, Fact) and st.relation in ("date", "startDate", "endDate"):
            dates.append(st.value)
        quoted: set[int] = set()
        for ref in st.evidence:
            quoted |= _years_in(ref.quote)
        for date in dates:
            if date is None or not quoted:
                continue
            year = int(str(date)[:4])
            if year not in quoted:
                out.append(
                    f"{st.where.file}:{st.where.line}: {st.where.field}: date {date} is not a year its quote mentions "
                    f"({', '.join(str(y) for y in sorted(quoted))}; Buddhist-Era years converted) -- check the conversion"
                )
    return out


def load_inputs(
    project: Project, progress: Progress = _quiet, include_drafts: bool = False, overrides: Mapping[Path, str] | None = None
) -> Inputs:
    """Read and check ontology, manifest, curation and documents; locate every quote.

    ``overrides``: curation files read from these texts instead of the disk (see
    :func:`kg.curation.loader.load_curation`), to check a change before writing it.

    Raises
    ------
    CurationError
        Listing every problem with file, line and field.
    """
    progress("Reading the ontology")
    ontology = load_ontology(project.ontology, project.rel(project.ontology))
    progress("Loading curation files")
    curation = load_curation(project.root, ontology, include_drafts=include_drafts, overrides=overrides)
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    for meta in curation.documents.values():
        path = project.seeds / meta.file
        try:
            texts[meta.id] = read_document(path, project.rel(path))
        except CurationError as exc:
            problems.extend(exc.problems)
    if problems:
        raise CurationError(problems)
    progress("Verifying quotes against the documents")
    index = QuoteIndex(texts)
    evidence: dict[EvidenceRef, Located] = {}
    warnings: list[str] = []
    for st in curation.statements:
        for ref in st.evidence:
            found = locate(ref, index)
            if isinstance(found, Problem):
                problems.append(found)
                continue
            evidence[ref] = found
            if found.occurrences > 1:
                warnings.append(
                    f"{ref.where.file}:{ref.where.line}: {ref.where.field}: quote occurs {found.occurrences} times in document {ref.doc}; "
                    f"the first (line {found.line}) is recorded -- quote more context to pin it down"
                )
    if problems:
        raise CurationError(problems)
    warnings.extend(_date_warnings(curation.statements))
    return Inputs(project, ontology, curation, texts, index.views, evidence, warnings)


def build(project: Project, progress: Progress = _quiet, validate: bool = True, include_drafts: bool = False) -> BuildResult:
    """Run the whole pipeline and return the validated dataset.

    Raises
    ------
    CurationError
        Bad curation input (file, line, field, fix).
    ShapeViolation
        The assembled graph fails the SHACL shapes.

    ``include_drafts`` loads document files marked ``status: draft``.  Without it they
    are left out (:attr:`BuildResult.drafts_left_out`): their documents stay in the graph
    as the manifest describes them, like a document not yet curated, with no statement
    and no ``kg:curationStatus`` (the ontology keeps ``kg:CurationDraft`` for graphs
    built with drafts); the report lists their status as ``draft``.
    """
    inputs = load_inputs(project, progress, include_drafts=include_drafts)
    curation = inputs.curation
    left_out = () if include_drafts else tuple(sorted(doc for doc, st in curation.status.items() if st == "draft"))
    progress("Finding entity mentions in all documents")
    finder = MentionFinder(curation.entities.values())
    mentions = count_mentions(finder, {doc: NormalizedText(text, join_thai=True) for doc, text in inputs.texts.items()})
    for name, owners in sorted(finder.ambiguous().items()):
        inputs.warnings.append(f"the name '{name}' belongs to several entities ({', '.join(owners)}); its mentions count for each")
    used = {e for st in curation.statements for e in entities_of(st)}
    mentioned = {e for counts in mentions.values() for e in counts}
    for ent_id in sorted(set(curation.entities) - used - mentioned):
        inputs.warnings.append(f"entity '{ent_id}' is neither mentioned in any document nor used by any statement")
    progress("Assembling the RDF dataset")
    published = replace(curation, status={doc: st for doc, st in curation.status.items() if doc not in left_out})
    dataset = assemble(inputs.ontology, published, inputs.evidence, mentions)
    union = union_graph(dataset)
    if validate:
        progress("Checking every annotation's selectors against its document")
        mismatches = selector_problems(union, {document_iri(doc): text for doc, text in inputs.texts.items()})
        if mismatches:  # an assembler bug: the quotes were located, so their annotations must select them
            raise SelectorMismatch(
                "the built graph has annotations whose selectors do not select their quote from the document; nothing was written:\n"
                + "\n".join(mismatches)
            )
        progress("Validating against the SHACL shapes")
        shapes = load_shapes(project.shapes, project.rel(project.shapes)) + relation_shapes(inputs.ontology)
        # Every triple, graph:unreported included: its shortcuts obey the same shapes as reported ones.
        shape_report = validate_dataset(dataset, shapes, project.rel(project.shapes))
        if not shape_report.conforms:
            raise ShapeViolation(
                "the built graph does not conform to ontology/shapes.ttl and the shapes generated from the ontology's expected classes; "
                "nothing was written:\n" + shape_report.text
            )
    report = build_report(inputs, dataset, union, mentions)
    return BuildResult(inputs, dataset, union, mentions, report, left_out)


def render_outputs(result: BuildResult) -> dict[str, bytes]:
    """All output files as bytes, keyed by file name (see :data:`OUTPUT_FILES`)."""
    import json

    return {
        "kg.ttl": to_turtle(result.union).encode("utf-8"),
        "kg.trig": to_trig(result.dataset).encode("utf-8"),
        "report.json": (json.dumps(result.report.to_json(), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8"),
        "report.md": report_markdown(result.report).encode("utf-8"),
    }
