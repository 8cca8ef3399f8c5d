"""SHACL validation: the gate every build passes through.

Two engines give the verdict.  rudof (``pyrudof``, in Rust) checks the seed graph in
about 0.4 s where pySHACL takes 1.4 s, so it answers first; when it finds the graph
conforms, that is the verdict.  When it finds a violation, cannot use the shapes, or is
not installed, pySHACL validates again and its report is the one shown: its messages are
the reference the curation guide and the tests are written against, and the slow path
is taken only when something is wrong anyway.  Both engines give the same verdict on
every bad fixture of ``tests/fixtures/shacl`` and on the seed build
(``tests/unit/test_shapes.py``).  rudof runs SPARQL constraints in Rust, out of reach of
the network lockdown below, so shapes whose SPARQL names ``SERVICE``, ``LOAD`` or
``FROM``, or that use SHACL-AF rules or targets, go to pySHACL alone.

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

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.namespace import SH
from rdflib.term import Node

from ..errors import KgError
from ..rdf.load import parse_turtle
from ..rdf.serialize import union_graph

__all__ = [
    "ShapeReport",
    "ShapeViolation",
    "ShapesError",
    "conforms_fast",
    "fast_engine_applies",
    "load_shapes",
    "reference_validate",
    "validate_graph",
]


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


#: SPARQL words that can reach outside the data graph (a remote endpoint, a file, a URL).
_REACHING_OUT = re.compile(r"\b(?:SERVICE|LOAD|FROM)\b", re.IGNORECASE)
#: Shape properties that hold SPARQL text.
_SPARQL_TEXT = (SH.select, SH.ask, SH.construct, SH.update)
#: SHACL-AF terms the build never uses: such shapes are left to pySHACL, which refuses them.
_ADVANCED = (SH.rule, SH.target, SH.SPARQLTarget, SH.SPARQLRule, SH.SPARQLFunction)


def fast_engine_applies(shapes: Graph) -> bool:
    """Whether rudof may check ``shapes``: installed, no SHACL-AF, no SPARQL that reaches outside the data."""
    try:
        import pyrudof  # noqa: F401
    except ImportError:
        return False
    if any(True for term in _ADVANCED for _ in shapes.triples((None, term, None))):
        return False
    if any(True for term in _ADVANCED for _ in shapes.triples((None, None, term))):
        return False
    return not any(_REACHING_OUT.search(str(text)) for term in _SPARQL_TEXT for text in shapes.objects(None, term))


def _turtle_lines(triples: Iterable[tuple[Node, Node, Node]]) -> str:
    """One ``s p o .`` line per triple, each term in N3 (valid Turtle, no prefixes): rudof's input."""
    return "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in triples)


def conforms_fast(data: Iterable[tuple[Node, Node, Node]], shapes: Graph) -> bool | None:
    """rudof's verdict on ``data`` (True: conforms), or None when it cannot give one."""
    import pyrudof

    try:
        rudof = pyrudof.Rudof(pyrudof.RudofConfig())
        rudof.read_data(_turtle_lines(data), format=pyrudof.RDFFormat.Turtle)
        rudof.read_shacl(_turtle_lines(shapes), format=pyrudof.ShaclFormat.Turtle)
        return bool(rudof.validate_shacl().conforms)
    except Exception:  # any rudof error (a shape it does not support, say) means: ask pySHACL
        return None


def _conforming() -> ShapeReport:
    """The report of rudof's "conforms": pySHACL's words for it, no results."""
    return ShapeReport(True, Graph(), "Validation Report\nConforms: True\n")


def validate_graph(data: Graph, shapes: Graph, shapes_name: str = "ontology/shapes.ttl", fast: bool = True) -> ShapeReport:
    """Validate ``data`` against ``shapes``; never raises for non-conformance.

    ``fast=False`` asks pySHACL alone (see the module docstring for when rudof answers).

    Raises
    ------
    ShapesError
        pySHACL cannot use the shapes (it names why), or their SPARQL tried to reach the network.
    """
    if fast and fast_engine_applies(shapes) and conforms_fast(data, shapes):
        return _conforming()
    return reference_validate(data, shapes, shapes_name)


def validate_dataset(dataset: Dataset, shapes: Graph, shapes_name: str = "ontology/shapes.ttl") -> ShapeReport:
    """:func:`validate_graph` of every triple of every graph of ``dataset``.

    rudof reads the quads as they are (a triple in two graphs is read twice, which
    changes nothing); the union graph pySHACL needs is made only when it is asked.
    """
    if fast_engine_applies(shapes) and conforms_fast(((s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))), shapes):
        return _conforming()
    return reference_validate(union_graph(dataset, exclude=()), shapes, shapes_name)


def reference_validate(data: Graph, shapes: Graph, shapes_name: str = "ontology/shapes.ttl") -> ShapeReport:
    """pySHACL's validation and report (see :func:`validate_graph`)."""
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
