"""SHACL validation: the gate every build passes through.

pySHACL validates the union of all graphs (ontology included, so ``sh:targetClass``
and ``sh:class`` see the class hierarchy) against ``ontology/shapes.ttl`` without
inference: the shapes are written for the data as built, not for an entailment of it.

The shapes file is curated input like the rest, and SHACL lets it carry SPARQL, which
pySHACL runs on rdflib's engine, where ``SERVICE`` opens a connection to any address.
pySHACL refuses ``SERVICE`` in SPARQL *constraints* but not in SHACL-AF rules and
targets, so validation runs without SHACL-AF (the shapes use none of it) and with
Python-level network access blocked (:func:`kg.netguard.network_lockdown`); shapes
that pySHACL cannot use, or that try to reach the network, stop the build with
:class:`ShapesError` instead of a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from ..errors import KgError
from ..rdf.load import parse_turtle

__all__ = ["ShapeReport", "ShapeViolation", "ShapesError", "load_shapes", "validate_graph"]


class ShapeViolation(KgError):
    """The graph does not conform to the SHACL shapes."""


class ShapesError(KgError):
    """The shapes themselves cannot be used (invalid SHACL, or SPARQL that reaches for the network)."""


@dataclass(frozen=True)
class ShapeReport:
    """Outcome of a validation: conformance, the report graph and readable text."""

    conforms: bool
    results: Graph
    text: str


def load_shapes(path: Path, display: str | None = None) -> Graph:
    """Parse the shapes file: Turtle only, checked first (:mod:`kg.rdf.load`)."""
    return parse_turtle(path, display)


def validate_graph(data: Graph, shapes: Graph, shapes_name: str = "ontology/shapes.ttl") -> ShapeReport:
    """Validate ``data`` against ``shapes``; never raises for non-conformance.

    Raises
    ------
    ShapesError
        pySHACL cannot use the shapes (it names why), or their SPARQL tried to reach the network.
    """
    import urllib.error

    from pyshacl import validate  # heavy import (owlrl, SPARQL engine): only when validating

    from ..netguard import NetworkBlocked, network_lockdown

    try:
        with network_lockdown():
            conforms, results, text = validate(
                data,
                shacl_graph=shapes,
                inference="none",
                abort_on_first=False,
                allow_warnings=False,
                advanced=False,  # SHACL-AF rules, targets and functions: unused here, and they run SPARQL unchecked
                do_owl_imports=False,
            )
    except (NetworkBlocked, urllib.error.URLError) as exc:
        raise ShapesError(
            f"{shapes_name}: the shapes' SPARQL tried to reach the network ({exc}); SERVICE and remote graphs are never allowed"
        ) from None
    if not isinstance(results, Graph):  # pySHACL returns a ValidationFailure for shapes it cannot use
        raise ShapesError(f"{shapes_name}: the shapes cannot be used: {results}")
    return ShapeReport(bool(conforms), results, str(text))
