"""Runs the stages over many documents: read → normalize → extract per document (in worker
processes when asked), then link → RDF over the whole corpus. No domain logic lives here.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .normalize import normalize
from .read import ReadError, read_document
from .records import Extraction, KnowledgeBase


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


@lru_cache(maxsize=1)
def _extractor():
    from .extract.document import Extractor

    return Extractor.load()


def extract_file(path: str) -> Extraction | Skipped:
    """One file through the per-document stages; a bad file becomes a Skipped, never a crash."""
    try:
        document = read_document(Path(path))
    except ReadError as exc:
        return Skipped(path, str(exc))
    clean = normalize(document)
    if not clean.sentences:
        return Skipped(path, f"{path}: no article text left after removing page furniture")
    return _extractor()(clean)


def extract_all(paths: Iterable[Path], jobs: int = 1,
                on_done: Callable[[str], None] | None = None) -> Iterator[Extraction | Skipped]:
    """Results in input order; with jobs > 1 documents are extracted in worker processes."""
    names = [str(p) for p in paths]
    if jobs <= 1 or len(names) <= 1:
        results: Iterable[Extraction | Skipped] = map(extract_file, names)
        for name, result in zip(names, results):
            if on_done:
                on_done(name)
            yield result
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        chunk = max(1, min(32, len(names) // (jobs * 4) or 1))
        for name, result in zip(names, pool.map(extract_file, names, chunksize=chunk)):
            if on_done:
                on_done(name)
            yield result


def build_knowledge_base(paths: Iterable[Path], jobs: int = 1,
                         on_done: Callable[[str], None] | None = None) -> KnowledgeBase:
    from .link import link

    extractions, skipped = [], []
    for result in extract_all(paths, jobs, on_done):
        if isinstance(result, Skipped):
            skipped.append((result.path, result.reason))
        else:
            extractions.append(result)
    return link(extractions, skipped)
