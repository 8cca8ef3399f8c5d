"""Fill an Oxigraph store with the query layout: named graphs, class closure, union default graph.

The layout itself is described in :mod:`kg.sparql.store`; this module only puts it into
a store, in the way that is fastest for each kind of store.  Both ways give exactly
the same quads (``tests/unit/test_sparql_fill.py`` checks them against a plain
reference implementation).

* In memory (:func:`fill_in_memory`) the store takes one writer at a time and each
  inserted quad costs about the same however it arrives (about a microsecond), so the
  route is the one with the least work besides the inserts: a transactional ``load`` of
  each file (in memory it is faster than ``bulk_load``, which first gathers batches of a
  million quads), the closure, then the union copied inside the store by one SPARQL
  update (no round trip through Python objects or text).
* On disk (:func:`fill_on_disk`) a transactional write goes through RocksDB's
  write-ahead log and memtables, which made the union copy alone take longer than
  everything else; the bulk loader instead sorts each batch and writes it as finished
  table files, in background threads while the next batch is read.  So the union is
  not copied afterwards: each parsed quad is handed to the bulk loader together with
  its default-graph copy, in one pass over the file.

Blank nodes stay the same node in a named graph and in its default-graph copy in
both ways: the copy is made from the same parsed term (never written out as text and
parsed again, which would give it a new identity), and each file's blank nodes are
renamed apart from every other file's, as the TriG scoping rules ask.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ..rdf.vocab import GRAPH, UNREPORTED_GRAPH
from .errors import StoreError

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = ["INFERRED_GRAPH", "fill_in_memory", "fill_on_disk", "type_closure"]

#: Named graph of the rdf:type triples implied by the class hierarchy.
INFERRED_GRAPH = str(GRAPH["inferred"])

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_SUBCLASSOF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"

T = TypeVar("T")


def type_closure(types: Iterable[tuple[T, T]], subclass_of: Iterable[tuple[T, T]]) -> set[tuple[T, T]]:
    """The (instance, class) pairs implied by the class hierarchy and not already stated.

    Parameters
    ----------
    types
        Stated (instance, class) pairs.
    subclass_of
        (subclass, superclass) pairs; cycles are harmless.

    Examples
    --------
    >>> sorted(type_closure([("mofcom", "Ministry")], [("Ministry", "GovernmentBody"), ("GovernmentBody", "Actor")]))
    [('mofcom', 'Actor'), ('mofcom', 'GovernmentBody')]
    >>> type_closure([("x", "A"), ("x", "B")], [("A", "B"), ("B", "A")])
    set()
    """
    parents: dict[T, set[T]] = {}
    for sub, sup in subclass_of:
        parents.setdefault(sub, set()).add(sup)
    ancestors: dict[T, set[T]] = {}

    def up(cls: T) -> set[T]:
        if cls not in ancestors:
            seen: set[T] = set()
            todo = list(parents.get(cls, ()))
            while todo:
                nxt = todo.pop()
                if nxt not in seen:
                    seen.add(nxt)
                    todo.extend(parents.get(nxt, ()))
            ancestors[cls] = seen
        return ancestors[cls]

    stated: dict[T, set[T]] = {}
    for inst, cls in types:
        stated.setdefault(inst, set()).add(cls)
    return {(inst, sup) for inst, classes in stated.items() for cls in classes for sup in up(cls) if sup not in classes}


def fill_in_memory(store: ox.Store, files: Sequence[Path]) -> None:
    """Load ``files`` into an in-memory ``store``, then add the class closure and the union default graph.

    Raises
    ------
    StoreError
        If a file cannot be read or parsed.
    """
    import pyoxigraph as ox

    for path in files:
        _check(path)
        try:
            store.load(path=str(path), format=ox.RdfFormat.TRIG)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot load {path}: {exc}; rebuild it ('kg build') or remove it") from exc
    inferred = ox.NamedNode(INFERRED_GRAPH)
    rdf_type = ox.NamedNode(RDF_TYPE)
    store.extend([ox.Quad(instance, rdf_type, cls, inferred) for instance, cls in _inferred_types(store)])
    # The union default graph leaves out graph:unreported: a plain query must never read a plan as a fact.
    store.update(f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != <{UNREPORTED_GRAPH}>) }}")


def fill_on_disk(store: ox.Store, files: Sequence[Path]) -> None:
    """Bulk-load ``files`` with their union default graph into an empty on-disk ``store``, then the closure.

    Not transactional: if it fails, the store holds part of the data, so the caller
    builds into a directory of its own and throws it away (:func:`kg.sparql.store.open_persisted`).

    Raises
    ------
    StoreError
        If a file cannot be read or parsed.
    OSError
        If the store cannot be written.
    """
    import pyoxigraph as ox

    store.bulk_extend(quad for path in files for quad in _with_union_copies(path))
    inferred = ox.NamedNode(INFERRED_GRAPH)
    rdf_type = ox.NamedNode(RDF_TYPE)
    closure = _inferred_types(store)  # read back from the store: a second pass over the data, but over rdf:type of a few classes only
    store.bulk_extend(
        quad for instance, cls in closure for quad in (ox.Quad(instance, rdf_type, cls, inferred), ox.Quad(instance, rdf_type, cls))
    )


def _check(path: Path) -> None:
    """A .trig name and no XML inside, before the parser (told: TriG) sees the file."""
    from ..rdf.load import check_rdf_file

    check_rdf_file(path, "trig")


def _with_union_copies(path: Path) -> Iterator[ox.Quad]:
    """Each quad of ``path``, followed by its copy in the default graph unless it is in graph:unreported.

    Quads the file puts in the default graph itself are yielded once.  This loop runs
    once per quad of the build, so it does as little as it can.  The file is checked
    when its turn comes, as :func:`fill_in_memory` does, so that the same broken build
    gives the same message either way.
    """
    import pyoxigraph as ox

    _check(path)
    kept_apart = (ox.NamedNode(UNREPORTED_GRAPH), ox.DefaultGraph())
    quad_type = ox.Quad
    try:
        # rename_blank_nodes: a blank node label means one node within one file only, as bulk_load and load do it.
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.TRIG, rename_blank_nodes=True):
            yield quad
            graph = quad.graph_name
            if graph not in kept_apart:
                yield quad_type(quad.subject, quad.predicate, quad.object)
    except (OSError, SyntaxError, ValueError) as exc:
        raise StoreError(f"cannot load {path}: {exc}; rebuild it ('kg build') or remove it") from exc


def _inferred_types(store: ox.Store) -> set[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode | ox.BlankNode]]:
    """The closure of the store's rdf:type statements (any graph) under its rdfs:subClassOf statements (any graph).

    Only instances of classes that take part in the hierarchy are read: a class with
    no superclass that is nobody's superclass adds nothing to the closure and removes
    nothing from it, and such classes (annotations, links, selectors) hold most of
    the typed nodes of the graph.
    """
    import pyoxigraph as ox

    rdf_type, sub_class_of = ox.NamedNode(RDF_TYPE), ox.NamedNode(RDFS_SUBCLASSOF)
    hierarchy: set[tuple[ox.NamedNode, ox.NamedNode]] = set()
    for q in store.quads_for_pattern(None, sub_class_of, None, None):
        if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode):
            hierarchy.add((q.subject, q.object))
    classes = {cls for pair in hierarchy for cls in pair}
    types = (
        (q.subject, cls)
        for cls in classes
        for q in store.quads_for_pattern(None, rdf_type, cls, None)
        if isinstance(q.subject, ox.NamedNode | ox.BlankNode)
    )
    return type_closure(types, hierarchy)
