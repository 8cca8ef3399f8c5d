"""The source texts the explorer's document reader shows, read beside the built graph.

The graph names each document's file (``kg:fileName``) and its SHA-256 (``kg:sha256``).
A text is embedded only if the file is still the one the graph was built from: offsets
into a changed file would highlight the wrong words, so a changed or missing file is
left out (the reader then shows the quote with the context the selector carries) and
the reason is returned for the command to print.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF

from ..curation.manifest import read_document
from ..errors import CurationError
from ..rdf.vocab import KG

__all__ = ["document_texts"]


def document_texts(graph: Graph, seeds: Path) -> tuple[dict[str, str], list[str]]:
    """``(texts by document id, warnings)`` for every source document of ``graph`` found in ``seeds``."""
    texts: dict[str, str] = {}
    warnings: list[str] = []
    for doc in sorted(graph.subjects(RDF.type, KG.SourceDocument), key=str):
        ident, name, digest = (graph.value(doc, p) for p in (DCTERMS.identifier, KG.fileName, KG.sha256))
        if not isinstance(ident, Literal) or not isinstance(name, Literal):
            continue
        file_name = str(name)
        if "/" in file_name or "\\" in file_name or file_name in ("", ".", ".."):
            warnings.append(f"document {ident}: kg:fileName {file_name!r} is not a plain file name; its text is left out of the reader")
            continue
        path = seeds / file_name
        if not path.is_file():
            warnings.append(f"document {ident}: {path} does not exist; the reader shows its quotes only")
            continue
        if digest is not None and hashlib.sha256(path.read_bytes()).hexdigest() != str(digest):
            warnings.append(f"document {ident}: {path} changed since the graph was built; rebuild to read it in the explorer")
            continue
        try:
            texts[str(ident)] = read_document(path, str(path))
        except CurationError as exc:
            warnings.append(f"document {ident}: {exc}")
    return texts, warnings
