"""The store loading code as it was before ``kg/sparql/fill.py``: the baseline of ``bench_load.py``.

Kept verbatim in substance (commit 4706427 of ``kg/sparql/store.py``): bulk-load each
file, read every rdf:type back into Python for the class closure, copy the union into
the default graph with one SPARQL update, and for the on-disk copy do all of that on
the RocksDB store, then flush and optimize.  :func:`install` puts it in place of the
current code, so that ``load_dataset`` (the rdflib wrapper, the cache key, the
fallback) is the same on both sides and only the filling differs.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from kg.rdf.load import check_rdf_file
from kg.rdf.vocab import UNREPORTED_GRAPH
from kg.sparql import store as current
from kg.sparql.errors import StoreError
from kg.sparql.fill import INFERRED_GRAPH, RDF_TYPE, RDFS_SUBCLASSOF, type_closure


def _fill(store: ox.Store, files: Sequence[Path]) -> None:
    for path in files:
        check_rdf_file(path, "trig")
        try:
            store.bulk_load(path=str(path), format=ox.RdfFormat.TRIG)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot load {path}: {exc}; rebuild it ('kg build') or remove it") from exc
    rdf_type, sub_class_of = ox.NamedNode(RDF_TYPE), ox.NamedNode(RDFS_SUBCLASSOF)
    types = (
        (q.subject, q.object)
        for q in store.quads_for_pattern(None, rdf_type, None, None)
        if isinstance(q.subject, ox.NamedNode | ox.BlankNode) and isinstance(q.object, ox.NamedNode)
    )
    hierarchy = (
        (q.subject, q.object)
        for q in store.quads_for_pattern(None, sub_class_of, None, None)
        if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode)
    )
    inferred = ox.NamedNode(INFERRED_GRAPH)
    store.extend([ox.Quad(s, rdf_type, o, inferred) for s, o in type_closure(types, hierarchy)])
    store.update(f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != <{UNREPORTED_GRAPH}>) }}")


def load_oxigraph(files: Sequence[Path]) -> ox.Store:
    store = ox.Store()
    _fill(store, files)
    return store


def open_persisted(files: Sequence[Path], cache_root: Path) -> ox.Store:
    key = current._cache_key(files)
    target = cache_root / key
    if not (target / "READY").is_file():
        cache_root.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=cache_root))
        try:
            store = ox.Store(str(building))
            _fill(store, files)
            store.flush()
            store.optimize()
            del store
            current._remove_info_logs(building)
            (building / "READY").write_text(" ".join(p.name for p in files) + "\n", encoding="utf-8")
            building.rename(target)
        finally:
            if building.exists():
                shutil.rmtree(building, ignore_errors=True)
        current._remove_stale(cache_root, keep=key)
    return ox.Store.read_only(str(target))


def install() -> None:
    """Make ``kg.sparql.store.load_dataset`` fill stores the old way (in this interpreter)."""
    current.load_oxigraph = load_oxigraph
    current.open_persisted = open_persisted
