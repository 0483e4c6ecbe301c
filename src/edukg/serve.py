"""Oxigraph stores: incremental loading (`edukg load`), preparing one to serve, and serving it.

`edukg load --store DIR FILES…` adds graphs to a persistent store. Loading is idempotent: a
store is a set of triples, and blank nodes are renamed after the file's content, so loading
the same file twice adds nothing.

`edukg serve` never writes into the store it serves. An empty or new store is prepared first
(bulk-loaded with the graph and the ontology, then closed); a store that holds triples is
served as it is. Without --store the graph goes into a temporary store, removed at exit. The
store is then served read-only by Oxigraph's own server behind edukg's guard (edukg.endpoint).
"""
from __future__ import annotations

import asyncio
import gc
import hashlib
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pyoxigraph as ox

_SUFFIX_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES,
                   ".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG,
                   ".jsonld": ox.RdfFormat.JSON_LD, ".rdf": ox.RdfFormat.RDF_XML,
                   ".owl": ox.RdfFormat.RDF_XML, ".n3": ox.RdfFormat.N3}


class StoreError(Exception):
    """A store that cannot be opened or a file that cannot be loaded (one line)."""


def _one_line(exc: BaseException) -> str:
    message = " ".join(str(exc).split()) or type(exc).__name__
    return message if len(message) <= 400 else message[:400] + " …"


# --------------------------------------------------------------------------- store

def open_store(path: Path | None) -> ox.Store:
    """The persistent store in DIR (created if missing), or an in-memory one for None."""
    if path is None:
        return ox.Store()
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path}: not a directory")
    try:
        return ox.Store(str(path))
    except OSError as exc:
        hint = " (is another edukg process using this store?)" if "lock" in str(exc).lower() else ""
        raise StoreError(f"{path}: cannot open the store: {_one_line(exc)}{hint}") from None


def rdf_format_of(path: Path) -> ox.RdfFormat:
    try:
        return _SUFFIX_FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(_SUFFIX_FORMATS))
        raise StoreError(f"{path}: unknown RDF format (use one of {known})") from None


def read_quads(path: Path) -> list[ox.Quad]:
    """All quads of one file, blank nodes named after the file's content (so re-loads merge)."""
    if not path.is_file():
        raise StoreError(f"{path}: no such file")
    fmt = rdf_format_of(path)
    try:
        data = path.read_bytes()
        quads = list(ox.parse(data, format=fmt))
    except (SyntaxError, ValueError, OSError) as exc:
        raise StoreError(f"{path}: cannot parse: {_one_line(exc)}") from None
    salt = hashlib.sha1(data).hexdigest()[:16]
    names: dict[str, ox.BlankNode] = {}

    def fix(term):
        if isinstance(term, ox.BlankNode):
            if term.value not in names:
                names[term.value] = ox.BlankNode(f"f{salt}n{len(names)}")
            return names[term.value]
        return term

    if not any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object, q.graph_name)):
        return quads
    return [ox.Quad(fix(q.subject), q.predicate, fix(q.object), fix(q.graph_name)) for q in quads]


def load_files(store: ox.Store, paths: Iterable[Path],
               on_loaded: Callable[[Path, int, int], None] | None = None) -> int:
    """Add each file to the store (one transaction per file); returns the triples added.

    on_loaded(path, added, total) is called after each file.
    """
    added_total = 0
    for path in paths:
        quads = read_quads(path)
        before = len(store)
        try:
            store.extend(quads)
            store.flush()
        except OSError as exc:
            raise StoreError(f"{path}: cannot write to the store: {_one_line(exc)}") from None
        after = len(store)
        added_total += after - before
        if on_loaded:
            on_loaded(path, after - before, after)
    return added_total


# --------------------------------------------------------------------------- serving

def store_size(path: Path) -> int:
    """Triples in the store at PATH (0 for a missing or empty folder), read without writing."""
    if not path.exists() or (path.is_dir() and not any(path.iterdir())):
        return 0
    if not path.is_dir():
        raise StoreError(f"{path}: not a directory")
    try:
        store = ox.Store.read_only(str(path))
    except OSError as exc:
        raise StoreError(f"{path}: cannot open the store: {_one_line(exc)}") from None
    size = len(store)
    del store
    gc.collect()
    return size


def prepare_store(path: Path, files: Iterable[Path]) -> int:
    """Bulk-load FILES into the new or empty store at PATH and close it; returns its size."""
    if store_size(path):
        raise StoreError(f"{path}: the store is not empty; it is served as it is")
    for file in files:
        if not file.is_file():
            raise StoreError(f"{file}: no such file")
    store = open_store(path)
    try:
        for file in files:
            try:
                store.bulk_load(path=str(file), format=rdf_format_of(file))
            except (SyntaxError, ValueError) as exc:
                store.clear()
                raise StoreError(f"{file}: cannot parse: {_one_line(exc)}") from None
            except OSError as exc:
                raise StoreError(f"{path}: cannot write to the store: {_one_line(exc)}") from None
        store.flush()
        size = len(store)
    finally:
        del store
        gc.collect()                    # the store's lock goes with the object
    return size


@contextmanager
def served_store(store_dir: Path | None, files: list[Path]) -> Iterator[tuple[Path, int]]:
    """(folder, triples) of the store to serve: STORE_DIR (prepared from FILES when it is new
    or empty) or a temporary one made from FILES and removed afterwards."""
    if store_dir is not None:
        size = store_size(store_dir)
        if not size:
            size = prepare_store(store_dir, files)
        yield store_dir, size
        return
    with tempfile.TemporaryDirectory(prefix="edukg-store-") as folder:
        yield Path(folder), prepare_store(Path(folder), files)


def run_endpoint(store: Path, options, on_ready: Callable[[str], None]) -> None:
    """Serve STORE until SIGINT or SIGTERM; on_ready(url) once it listens."""
    from .endpoint import Front
    from .oxserver import Backends

    async def main() -> None:
        backends = Backends(store, options.timeout, options.cors, options.memory_limit)
        front = Front(backends, options)
        try:
            port = await front.start()
            host = f"[{options.host}]" if ":" in options.host else options.host
            on_ready(f"http://{host}:{port}/sparql")
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(signum, stop.set)
            await stop.wait()
        finally:
            if front.server is not None:
                front.server.close()
                front._watch.cancel()
            backends.close()

    asyncio.run(main())
