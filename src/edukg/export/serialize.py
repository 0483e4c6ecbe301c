"""Graph → Turtle, N-Triples and JSON-LD bytes, byte-identical for the same graph.

Oxigraph's writers are used for Turtle and N-Triples: they are fast on large graphs and
strict about IRIs. Triples are sorted first (type and label leading each subject), so the
output is stable, diffs line by line, and concatenated shards still parse.
"""
from __future__ import annotations

import json

import pyoxigraph as ox
from rdflib import RDF, RDFS, Graph

from ..rdf import PREFIXES

_FIRST = {str(RDF.type): "0", str(RDFS.label): "1"}


def _oxigraph_triples(graph: Graph) -> list[ox.Triple]:
    data = graph.serialize(format="nt", encoding="utf-8")
    triples = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))

    def order(t: ox.Triple) -> tuple[str, str, str]:
        p = t.predicate.value
        return (str(t.subject), _FIRST.get(p, "2") + p, str(t.object))

    return sorted(triples, key=order)


def to_turtle(graph: Graph) -> bytes:
    return ox.serialize(_oxigraph_triples(graph), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def to_ntriples(graph: Graph) -> bytes:
    """Sorted N-Triples: shards from separate workers concatenate into one valid file."""
    lines = ox.serialize(_oxigraph_triples(graph), format=ox.RdfFormat.N_TRIPLES).splitlines()
    return b"".join(line + b"\n" for line in sorted(set(lines)))


def to_jsonld(graph: Graph) -> bytes:
    """JSON-LD with a context of our prefixes, keys sorted for stable output."""
    data = json.loads(graph.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True))
    if isinstance(data.get("@graph"), list):
        data["@graph"].sort(key=lambda node: node.get("@id", ""))
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")
