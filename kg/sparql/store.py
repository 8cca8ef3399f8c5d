"""The embedded store: the build output loaded into an rdflib Dataset, fast.

rdflib is the API the code, the notebooks and users touch; what holds the triples
behind it is chosen by measurement (``docs/decisions/0004-embedded-store.md``):
Oxigraph through the ``oxrdflib`` store plugin by default, rdflib's own Memory store
on request (``backend="memory"``, the baseline of the benchmark and of the tests that
compare engines).

Layout of the loaded dataset, the same for every backend and for a remote store
filled by ``kg push``:

* every named graph of ``build/kg.trig`` (and ``build/analysis.trig`` when it exists),
  so ``GRAPH ?doc { ... }`` answers *which document says so*;
* ``graph:inferred``: the ``rdf:type`` triples implied by ``rdfs:subClassOf`` in the
  ontology that the data does not state (a ministry is also a ``kg:GovernmentBody``,
  a ``kg:Organisation``, a ``kg:Actor``, an ``org:Organization``, a ``prov:Agent``), so
  ``?x a kg:Actor`` finds ministries and laboratories;
* the default graph: the union of all of the above but ``graph:unreported``, each
  triple once.  Queries without ``GRAPH`` therefore see the whole graph with set
  semantics on every engine, without relying on a store's "union default graph" option
  (which Oxigraph implements as a multiset and remote stores configure differently) —
  and never the shortcut triples of what a text only announces, directs, recommends or
  sets as a target: a query reads those with ``GRAPH graph:unreported { ... }`` or
  through the statements' ``kg:modality``.

Loading parses TriG with Oxigraph's parser and fills the store without rdflib
(:mod:`.fill`; about a tenth of a second for the seed graph, a few seconds for a
million triples).  The command line also keeps an on-disk copy (:func:`open_persisted`,
under ``build/.cache/oxigraph/``) that later processes open in a few tens of
milliseconds whatever the size; it is keyed by the name, size and modification time of
the TriG files, so a new build gets a new copy and a stale one is never read.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..rdf.vocab import GRAPH, PREFIXES
from .errors import StoreError
from .fill import INFERRED_GRAPH, fill_in_memory, fill_on_disk, type_closure

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Dataset
    from rdflib.term import Node

__all__ = [
    "ANALYSIS_GRAPH",
    "BACKENDS",
    "DEFAULT_BACKEND",
    "INFERRED_GRAPH",
    "Backend",
    "as_dataset",
    "build_files",
    "graph_names",
    "load_dataset",
    "load_oxigraph",
    "open_persisted",
    "open_store",
    "type_closure",
]

Backend = Literal["oxigraph", "memory"]
#: Store backends behind the rdflib API; the first is the default.
BACKENDS: tuple[Backend, ...] = ("oxigraph", "memory")
DEFAULT_BACKEND: Backend = "oxigraph"

#: Named graph written by ``kg analyze`` (centralities, clusters).
ANALYSIS_GRAPH = str(GRAPH["analysis"])


def build_files(build_dir: Path) -> list[Path]:
    """The TriG files of a build directory: ``kg.trig`` first, then the others by name.

    ``analysis.trig`` (written by ``kg analyze``) is picked up when present.

    Raises
    ------
    StoreError
        If ``kg.trig`` is missing.
    """
    main = build_dir / "kg.trig"
    if not main.is_file():
        raise StoreError(f"no build output at {main}; run 'kg build' first (or pass --build DIR / --endpoint URL)")
    others = sorted(p for p in build_dir.glob("*.trig") if p.name != "kg.trig" and p.is_file())
    return [main, *others]


def load_oxigraph(files: Sequence[Path]) -> ox.Store:
    """An in-memory Oxigraph store with the layout described in the module docstring.

    Raises
    ------
    StoreError
        If a file cannot be read or parsed.
    """
    import pyoxigraph as ox

    store = ox.Store()
    fill_in_memory(store, files)
    return store


#: Layout version of persisted stores: change it when :mod:`.fill` changes what a store holds.
_LAYOUT = "union-default-without-unreported+inferred-2"
_STALE_TEMP_SECONDS = 3600


def _cache_key(files: Sequence[Path]) -> str:
    """Identifies the inputs of a persisted store: layout, Oxigraph version, and each file's name, size and mtime."""
    from importlib.metadata import version

    digest = hashlib.sha256(f"{_LAYOUT}\0{version('pyoxigraph')}".encode())
    for path in files:
        stat = path.stat()
        digest.update(f"\0{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:20]


def open_persisted(files: Sequence[Path], cache_root: Path) -> ox.Store:
    """A read-only on-disk store of ``files`` under ``cache_root``, created first if missing.

    The store is built in a temporary directory and renamed into place once complete
    (a ``READY`` marker inside), so a crash or a concurrent process never sees half a
    store; copies for older inputs are removed.  Opening an existing copy takes a few
    tens of milliseconds whatever the graph's size.

    Raises
    ------
    StoreError
        If a file cannot be parsed.
    OSError
        If the cache cannot be written (the caller may fall back to :func:`load_oxigraph`).
    """
    import pyoxigraph as ox

    key = _cache_key(files)
    target = cache_root / key
    if not (target / "READY").is_file():
        cache_root.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=cache_root))
        try:
            store = ox.Store(str(building))
            fill_on_disk(store, files)
            store.flush()  # the bulk loader writes finished table files; this only writes what little went through the log
            del store  # closes the database
            _remove_info_logs(building)
            # File names only: build/ may be zipped and shared, and must not tell where it was built.
            (building / "READY").write_text(" ".join(p.name for p in files) + "\n", encoding="utf-8")
            try:
                building.rename(target)
            except OSError:
                if not (target / "READY").is_file():  # another process won the race only if it finished
                    raise
        finally:
            if building.exists():
                shutil.rmtree(building, ignore_errors=True)
        _remove_stale(cache_root, keep=key)
    return ox.Store.read_only(str(target))


def _remove_info_logs(directory: Path) -> None:
    """Delete RocksDB's informational ``LOG`` files from a closed store.

    They are diagnostics the database never reads back, and they record the absolute
    path of the store (and so of the project and the user's home) in plain text.
    """
    for entry in directory.glob("LOG*"):
        if entry.is_file():
            entry.unlink()


def _remove_stale(cache_root: Path, keep: str) -> None:
    """Delete copies for other inputs, and temporary directories abandoned by crashed processes."""
    now = time.time()
    for entry in cache_root.iterdir():
        if entry.name == keep or not entry.is_dir():
            continue
        if entry.name.startswith(".") and now - entry.stat().st_mtime < _STALE_TEMP_SECONDS:
            continue  # another process may be building it right now
        shutil.rmtree(entry, ignore_errors=True)


def graph_names(ds: Dataset) -> list[str]:
    """IRIs of the named graphs of a dataset, sorted (the default graph is not named)."""
    from rdflib import URIRef
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    return sorted(str(g.identifier) for g in ds.graphs() if isinstance(g.identifier, URIRef) and g.identifier != DATASET_DEFAULT_GRAPH_ID)


def _memory_quads(store: ox.Store, ds: Dataset) -> Iterator[tuple[Node, Node, Node, object]]:
    import pyoxigraph as ox
    from rdflib import URIRef

    from ..rdf.terms import TermConverter, UnsupportedTerm

    term = TermConverter()
    graphs: dict[str, object] = {}
    try:
        for quad in store:
            name = quad.graph_name
            if isinstance(name, ox.DefaultGraph):
                context: object = ds.default_graph
            else:
                key = str(name.value)
                if key not in graphs:
                    graphs[key] = ds.graph(URIRef(key))
                context = graphs[key]
            yield term(quad.subject), term(quad.predicate), term(quad.object), context
    except UnsupportedTerm as exc:
        raise StoreError(str(exc)) from None


def open_store(files: Sequence[Path], cache: Path | None = None) -> ox.Store:
    """The Oxigraph store of ``files``: the on-disk copy under ``cache`` (:func:`open_persisted`), else in memory.

    If the copy cannot be written (a read-only or full disk), the in-memory store answers the same.
    """
    if cache is not None:
        try:
            return open_persisted(files, cache)
        except OSError:
            pass
    return load_oxigraph(files)


def as_dataset(store: ox.Store, backend: Backend = DEFAULT_BACKEND) -> Dataset:
    """An rdflib Dataset over ``store``: through ``oxrdflib``, or copied into rdflib's Memory store."""
    from rdflib import Dataset

    if backend == "oxigraph":
        from oxrdflib import OxigraphStore

        ds = Dataset(store=OxigraphStore(store=store), default_union=False)
    elif backend == "memory":
        ds = Dataset(store="Memory", default_union=False)
        ds.addN(_memory_quads(store, ds))  # type: ignore[arg-type]
    else:
        raise StoreError(f"unknown store backend '{backend}'; choose one of: {', '.join(BACKENDS)}")
    for prefix, namespace in PREFIXES:
        ds.bind(prefix, namespace, override=True, replace=True)
    return ds


def load_dataset(files: Sequence[Path], backend: Backend = DEFAULT_BACKEND, cache: Path | None = None) -> Dataset:
    """The build output as an rdflib Dataset on the chosen backend.

    Both backends hold exactly the same quads (the Memory store is filled from the
    Oxigraph one), so they must answer every query alike; the catalogue tests check it.

    Parameters
    ----------
    files
        TriG files, usually :func:`build_files` of ``build/``.
    backend
        ``"oxigraph"`` (fast, the default) or ``"memory"`` (rdflib's own store and engine).
    cache
        With the Oxigraph backend, keep and reuse a read-only on-disk copy under this
        directory (:func:`open_persisted`); if it cannot be written, load in memory.
    """
    if backend not in BACKENDS:
        raise StoreError(f"unknown store backend '{backend}'; choose one of: {', '.join(BACKENDS)}")
    return as_dataset(open_store(files, cache if backend == "oxigraph" else None), backend)
