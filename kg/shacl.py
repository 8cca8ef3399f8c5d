"""SHACL validation: the gate every build passes through.

pySHACL validates the union of all graphs (ontology included, so ``sh:targetClass``
and ``sh:class`` see the class hierarchy) against ``ontology/shapes.ttl`` without
inference: the shapes are written for the data as built, not for an entailment of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from .errors import KgError
from .rdfload import parse_turtle

__all__ = ["ShapeReport", "ShapeViolation", "load_shapes", "validate_graph"]


class ShapeViolation(KgError):
    """The graph does not conform to the SHACL shapes."""


@dataclass(frozen=True)
class ShapeReport:
    """Outcome of a validation: conformance, the report graph and readable text."""

    conforms: bool
    results: Graph
    text: str


def load_shapes(path: Path, display: str | None = None) -> Graph:
    """Parse the shapes file: Turtle only, checked first (:mod:`kg.rdfload`)."""
    return parse_turtle(path, display)


def validate_graph(data: Graph, shapes: Graph) -> ShapeReport:
    """Validate ``data`` against ``shapes``; never raises for non-conformance."""
    from pyshacl import validate  # heavy import (owlrl, SPARQL engine): only when validating

    conforms, results, text = validate(
        data,
        shacl_graph=shapes,
        inference="none",
        abort_on_first=False,
        allow_warnings=False,
        advanced=True,
    )
    assert isinstance(results, Graph)
    return ShapeReport(bool(conforms), results, str(text))
