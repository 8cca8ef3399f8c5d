"""Fixtures the unit tests of the suggestion engine share: the shipped ontology and cue files, loaded once per module."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.ingest.cues import Cues, load_cues
from kg.schema.ontology import Ontology, load_ontology

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def ontology() -> Ontology:
    return load_ontology(ROOT / "ontology" / "kg.ttl")


@pytest.fixture(scope="module")
def cues(ontology: Ontology) -> Cues:
    return load_cues(ontology)
