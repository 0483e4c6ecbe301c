"""The files of a build: graph.ttl, graph.nt, graph.jsonld and graph.html in one folder, and
the SHACL check of the same triples. `edukg build` and `edukg.Graph.save` both write them
here, so a graph saved from Python is byte for byte what the command line writes.

All files are staged first and renamed into place together at the end (edukg.atomic): an
interrupted or failed save leaves the folder as it was. With jobs > 1 the SHACL check, the
JSON-LD and the view are made in worker processes while this one writes N-Triples and
Turtle (edukg.export.parallel).
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ..atomic import AtomicBatch

GRAPH_FILES = {"ttl": "graph.ttl", "nt": "graph.nt", "jsonld": "graph.jsonld"}
VIEW_FILE = "graph.html"
VIEW_LIMIT = 20_000     # nodes: above this graph.html is not written (docs/performance.md)


@dataclass(frozen=True)
class Products:
    """What a save wrote, what the check found, and how long each part took (seconds)."""

    written: list[Path]
    violations: list[Any]                       # edukg.validate.Violation, when checked
    seconds: dict[str, float] = field(default_factory=dict)
    view_skipped: bool = False                  # more nodes than the view limit


def check_formats(formats: Collection[str]) -> set[str]:
    """The set of graph formats asked for; ValueError for an unknown or empty one."""
    wanted = {f.strip() for f in formats if f.strip()}
    if not wanted or wanted - set(GRAPH_FILES):
        raise ValueError(f"formats are {', '.join(GRAPH_FILES)}, not {', '.join(sorted(formats)) or 'none'}")
    return wanted


def write_products(triples: Sequence[tuple], out: Path, formats: Collection[str] = tuple(GRAPH_FILES),
                   *, jobs: int = 1, validate: bool = True, html: bool = True,
                   view_limit: int = VIEW_LIMIT, nodes: int | None = None) -> Products:
    """Write the graph files named in formats (and graph.html) into out, atomically.

    triples are (s, p, o) tuples of pyoxigraph terms (edukg.rdf.build_triples). The view is
    left out when the graph has more than view_limit nodes (0: no limit); nodes defaults to
    the number of distinct subjects. Raises edukg.atomic.OutputError when out cannot be
    written (nothing is then changed there)."""
    from ..atomic import ensure_writable_dir
    from ..malloc import keep_freed_memory
    from .parallel import make_all

    wanted = check_formats(formats)
    ensure_writable_dir(out)
    if html and view_limit > 0 and nodes is None:
        nodes = len({t[0] for t in triples})
    view_skipped = bool(html and 0 < view_limit < (nodes or 0))
    tasks: dict[str, Callable] = {}
    if validate:
        tasks["validate"] = _shacl_fast
    if "jsonld" in wanted:      # staged by the process that makes it (it may be a worker)
        tasks["jsonld"] = partial(_staged_jsonld, out / GRAPH_FILES["jsonld"], os.getpid())
    if html and not view_skipped:
        tasks["html"] = _html_page

    def serialise_here(batch: AtomicBatch) -> dict:
        # Only this process (any workers are forked by now) keeps its freed buffers: the
        # writers here are the ones that gain (see edukg.malloc). The files are staged at
        # once, while any workers are still busy.
        from .serialize import ntriples_lines_and_turtle, ntriples_pieces, turtle_pieces

        keep_freed_memory()
        start = time.perf_counter()
        if wanted >= {"nt", "ttl"}:     # one pass and one sort for both; the text of each
            # is made as it is streamed to its file, never joined into one buffer
            ntriples, turtle = ntriples_lines_and_turtle(triples)
            batch.write(out / GRAPH_FILES["ttl"], turtle)
            batch.write(out / GRAPH_FILES["nt"], ntriples)
            name = "ntriples+turtle"
        elif "nt" in wanted:
            batch.write(out / GRAPH_FILES["nt"], ntriples_pieces(triples))
            name = "ntriples"
        elif "ttl" in wanted:
            batch.write(out / GRAPH_FILES["ttl"], turtle_pieces(triples))
            name = "turtle"
        else:
            return {}
        return {name: (None, time.perf_counter() - start)}     # made and staged

    seconds: dict[str, float] = {}
    start = time.perf_counter()
    with AtomicBatch() as batch:        # all staged first, renamed together at the end
        made = make_all(triples, {name: _timed(task) for name, task in tasks.items()},
                        jobs, meanwhile=lambda: serialise_here(batch))
        seconds["outputs"] = time.perf_counter() - start
        if "jsonld" in made:
            batch.adopt(made["jsonld"][0], out / GRAPH_FILES["jsonld"])
        if "html" in made:
            batch.write(out / VIEW_FILE, made["html"][0])
        violations = list(made["validate"][0]) if validate else []
        seconds.update({name: spent for name, (_, spent) in made.items() if spent is not None})
        start = time.perf_counter()
    seconds["write"] = time.perf_counter() - start
    return Products(list(batch.written), violations, seconds, view_skipped)


def _timed(task: Callable) -> Callable:
    """task → a picklable-by-fork function returning (result, seconds)."""
    def run(graph):
        start = time.perf_counter()
        result = task(graph)
        return result, time.perf_counter() - start
    return run


def _staged_jsonld(path: Path, owner: int, graph) -> Path:
    from ..atomic import stage
    from .serialize import jsonld_lines

    return stage(path, jsonld_lines(graph), owner)


def _shacl_fast(graph):
    from ..validate import validate as shacl

    return shacl(graph, engine="fast")


def _html_page(graph) -> str:
    from .html import render_html
    from .triplegraph import TripleGraph

    try:
        return render_html(TripleGraph(graph))
    except (AttributeError, TypeError):     # the view came to need more of rdflib's API
        from ..rdf import to_rdflib

        return render_html(to_rdflib(graph))
