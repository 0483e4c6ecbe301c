"""Extraction beyond one machine: one document in, one sorted N-Triples shard out.

Everything up to the RDF of one document is a pure function of that document (the IRIs are
digests of normalised keys), so a corpus can be extracted anywhere, by any number of
workers, and the shards concatenated::

    edukg extract report.txt --format nt > shards/report.nt      # or document_ntriples()
    cat shards/*.nt | sort -u > graph.nt                           # merge_shards() does this
    oxigraph load --location store --file graph.nt                 # or Jena TDB2, QLever

:func:`dask_ntriples` runs the same function over a dask.bag of files (``pip install
'edukg[dask]'``). What a concatenation lacks compared with ``edukg build`` is whatever only
cross-document linking adds; :func:`compare_with_build` measures it (docs/performance.md,
"Beyond one machine", gives the numbers).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path


class SkippedDocument(ValueError):
    """The document cannot be used (unreadable, no article text …); str() says why."""


def document_triples(path: str | Path) -> list[tuple]:
    """The triples of one document, linked alone: the unit of work of a shard.
    Raises SkippedDocument with the reason when the document is skipped."""
    from .link import link
    from .pipeline import Skipped, extract_file
    from .rdf import build_triples

    result = extract_file(str(path), fingerprinted=False)
    if isinstance(result, Skipped):
        raise SkippedDocument(str(result))
    return build_triples(link([result]))


def document_ntriples(path: str | Path) -> bytes:
    """One document's shard: sorted, unique N-Triples lines (deterministic bytes)."""
    from .export.serialize import to_ntriples

    return to_ntriples(document_triples(path))


def merge_shards(shards: Iterable[bytes]) -> bytes:
    """Concatenated shards as one sorted N-Triples file (the same as `sort -u` in the C locale)."""
    lines: set[bytes] = set()
    for shard in shards:
        lines.update(line for line in shard.splitlines() if line)
    return b"".join(line + b"\n" for line in sorted(lines))


def dask_ntriples(paths: Sequence[str | Path], client=None, partitions: int | None = None) -> bytes:
    """Extract every document on a Dask cluster (a dask.bag over the files) and merge the
    shards. With no client, dask's default scheduler runs it (processes for bags)."""
    import dask.bag as db

    bag = db.from_sequence([str(p) for p in paths],
                           npartitions=partitions or max(1, min(len(paths), 64)))
    shards = bag.map(_shard_or_empty)
    computed = client.compute(shards).result() if client is not None else shards.compute()
    return merge_shards(computed)


def _shard_or_empty(path: str) -> bytes:
    try:
        return document_ntriples(path)
    except SkippedDocument:     # a skipped document contributes nothing
        return b""


def compare_with_build(paths: Sequence[str | Path]) -> dict:
    """How the concatenated per-document shards differ from the linked graph of the same
    documents: triple counts, and the differing triples counted by predicate."""
    import pyoxigraph as ox

    from .export.serialize import to_ntriples
    from .pipeline import build_knowledge_base
    from .rdf import build_triples

    built = set(to_ntriples(build_triples(build_knowledge_base(list(paths)))).splitlines())
    merged = set(merge_shards(_shard_or_empty(str(p)) for p in paths).splitlines())

    def by_predicate(lines: set[bytes]) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for t in ox.parse(b"\n".join(lines) + b"\n", format=ox.RdfFormat.N_TRIPLES):
            counts[_short(t.predicate.value)] += 1
        return dict(sorted(counts.items()))

    return {"build": len(built), "shards": len(merged), "common": len(built & merged),
            "only_build": by_predicate(built - merged),
            "only_shards": by_predicate(merged - built)}


def _short(iri: str) -> str:
    from .rdf import PREFIXES

    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri
