"""Everything a build reads from disk, checked, before any RDF is made.

Kept apart from :mod:`kg.build.pipeline` so that consumers of the inputs (the report, coverage,
later stages) do not depend on the pipeline that produces them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..project import Project
from ..schema.model import Curation, EvidenceRef
from ..schema.ontology import Ontology
from ..text.normalize import NormalizedText
from ..text.quotes import Located

__all__ = ["Inputs"]


@dataclass
class Inputs:
    """Everything read from disk and checked, before any RDF is made."""

    project: Project
    ontology: Ontology
    curation: Curation
    texts: dict[str, str]
    views: dict[str, NormalizedText]
    evidence: dict[EvidenceRef, Located]
    warnings: list[str] = field(default_factory=list)
