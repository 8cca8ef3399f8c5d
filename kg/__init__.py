"""Belt and Road Science Cooperation knowledge graph.

A curated, evidence-backed RDF graph of science and technology cooperation along the
Belt and Road, built from verbatim source documents and human-editable curation files.
The library core lives in small modules (one job each); :mod:`kg.cli` is a thin layer
over them.
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
