"""Runs the stages over many documents: read → normalize → extract per document (in worker
processes when asked), then link → RDF over the whole corpus. No domain logic lives here.

Documents stream through one at a time: only the (small) Extraction of each is kept for
linking. A document that fails at any stage, even with an unexpected exception or by
killing its worker process, becomes a Skipped with a one-line reason; the batch goes on.
"""
from __future__ import annotations

import gc
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from .copies import fingerprint
from .normalize import normalize
from .periods import mark_cumulative
from .read import (STDIN, ReadError, Skipped, display, document_identifiers, read_document,
                   scan_inputs)
from .records import Extraction, KnowledgeBase

__all__ = ["Skipped", "extract_file", "extract_all", "build_knowledge_base", "DEBUG_ENV"]

DEBUG_ENV = "EDUKG_DEBUG"     # set (by `edukg --debug`): let extraction errors propagate


@lru_cache(maxsize=1)
def _extractor():
    from .extract.document import Extractor

    return Extractor.load()


def extract_file(path: str, identifier: str | None = None,
                 fingerprinted: bool = True) -> Extraction | Skipped:
    """One file through the per-document stages; a bad file becomes a Skipped, never a crash.
    `fingerprinted`: also make the signature copy detection needs (a document extracted
    alone, for a shard, needs none, nor the second it takes to load datasketch)."""
    try:
        document = read_document(Path(path), identifier)
    except ReadError as exc:
        return Skipped(exc.path, exc.reason)
    except Exception as exc:  # noqa: BLE001 - an unexpected reader failure skips one file
        if os.environ.get(DEBUG_ENV):
            raise
        return Skipped(path, f"cannot read: {_one_line(exc)}")
    try:
        clean = normalize(document)
        del document
        if not clean.sentences:
            return Skipped(clean.path, "no article text left after removing page furniture")
        # the copy-detection signature and the figures' periods are made here, in the
        # worker, not by the linker
        extraction = mark_cumulative(_extractor()(clean))
        return replace(extraction, fingerprint=fingerprint(clean)) if fingerprinted else extraction
    except Exception as exc:  # noqa: BLE001 - a bug met on one document must not stop the batch
        if os.environ.get(DEBUG_ENV):
            raise
        return Skipped(path, f"extraction failed: {_one_line(exc)}")


def _one_line(exc: BaseException) -> str:
    message = " ".join(str(exc).split())
    if len(message) > 200:
        message = message[:199] + "…"
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def extract_all(paths: Iterable[Path | str], jobs: int = 1,
                on_done: Callable[[str], None] | None = None) -> Iterator[Extraction | Skipped]:
    """Results in input order; with jobs > 1 documents are extracted in worker processes
    (standard input, `-`, is always read in this process)."""
    names = [str(p) for p in paths]
    ids = document_identifiers(names)
    if jobs <= 1 or len(names) <= 1:
        for name in names:
            result = extract_file(name, ids[name])
            if on_done:
                on_done(name)
            yield result
        return
    local = {STDIN: extract_file(STDIN, ids[STDIN])} if STDIN in names else {}
    remote = iter(_extract_parallel([(n, ids[n]) for n in names if n not in local], jobs))
    for name in names:
        result = local[name] if name in local else next(remote)
        if on_done:
            on_done(name)
        yield result


def _extract_parallel(inputs: list[tuple[str, str]], jobs: int) -> Iterator[Extraction | Skipped]:
    """extract_file over (path, identifier) pairs in a process pool, in order. If a worker
    dies (a crash in native code, the kernel's OOM killer), the documents that were in flight
    are retried one at a time in a single worker, so that only the one that kills it is
    skipped."""
    pending = deque(inputs)
    chunk = max(1, min(16, len(inputs) // (jobs * 4) or 1))
    suspects = 0
    while pending:
        if suspects:
            suspects -= 1
            yield _isolated(pending.popleft())
            continue
        try:
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                for result in pool.map(extract_file, *zip(*pending), chunksize=chunk):
                    pending.popleft()
                    yield result
        except BrokenProcessPool:
            suspects = min(len(pending), jobs * chunk)


def _isolated(item: tuple[str, str]) -> Extraction | Skipped:
    try:
        with ProcessPoolExecutor(max_workers=1) as pool:
            return pool.submit(extract_file, *item).result()
    except BrokenProcessPool:
        return Skipped(item[0], "the worker process extracting it died (crash or out of memory)")


def build_knowledge_base(paths: Iterable[Path | str], jobs: int = 1,
                         on_done: Callable[[str], None] | None = None,
                         on_skip: Callable[[Skipped], None] | None = None,
                         skipped: Iterable[Skipped] = ()) -> KnowledgeBase:
    """Extract every document and link them. paths are files, folders, glob patterns or `-`
    (read.scan_inputs expands them; a path naming nothing is skipped, not an error).
    `skipped` are inputs already passed over (by scan_inputs); they and the documents
    skipped here end up in KnowledgeBase.skipped."""
    from .link import link

    inputs = scan_inputs(paths, missing="skip")
    paths = inputs.files
    extractions: list[Extraction] = []
    passed_over: list[Skipped] = list(dict.fromkeys([*skipped, *inputs.skipped]))
    # With workers, this process only receives finished, acyclic records, and linking makes
    # only acyclic records: the cyclic GC would rescan the growing heap of them again and
    # again for nothing (linking 4,000 documents: 6.0 s with it, 2.5 s without). In-process
    # extraction (jobs=1) makes short-lived cycles, so the collector stays on there.
    with _collector_paused(jobs > 1):
        for result in extract_all(paths, jobs, on_done):
            if isinstance(result, Skipped):
                passed_over.append(result)
                if on_skip:
                    on_skip(result)
            else:
                extractions.append(result)
    with _collector_paused():
        return link(extractions, [(display(s.path), s.reason) for s in passed_over])


@contextmanager
def _collector_paused(pause: bool = True) -> Iterator[None]:
    paused = pause and gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()
