"""Graph → Turtle, N-Triples and JSON-LD bytes, byte-identical for the same graph.

Oxigraph's writers are used for Turtle and N-Triples: they are fast on large graphs and
strict about IRIs. Triples are sorted first (type and label leading each subject), so the
output is stable, diffs line by line, and concatenated shards still parse.

Each function takes either the (s, p, o) tuples of pyoxigraph terms made by
:func:`edukg.rdf.build_triples` (what `edukg build` passes: no rdflib graph is made) or an
rdflib Graph; both give the same bytes.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import chain, compress, islice, starmap
from operator import ne
from typing import Any, Union

import pyoxigraph as ox

from ..rdf import PREFIXES, UniqueTriples

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_FIRST = {_RDF + "type": "0", _RDFS + "label": "1"}

Triples = Sequence[tuple]                # (s, p, o) tuples of pyoxigraph terms
GraphLike = Union[Triples, Any]          # such tuples, or an rdflib Graph


def oxigraph_triples(graph: GraphLike) -> list[tuple]:
    """The triples of graph as (s, p, o) tuples of pyoxigraph terms (rdflib graphs go
    through N-Triples; ox.Triple objects are taken apart)."""
    if isinstance(graph, UniqueTriples):
        return graph
    if isinstance(graph, (list, tuple)):
        if graph and isinstance(graph[0], ox.Triple):
            return [(t.subject, t.predicate, t.object) for t in graph]
        return list(graph)
    data = graph.serialize(format="nt", encoding="utf-8")
    return [(t.subject, t.predicate, t.object)
            for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]


def sorted_triples(graph: GraphLike) -> list[ox.Triple]:
    """Unique triples by subject, then rdf:type, rdfs:label, other predicates, then object."""
    first: dict = {}

    def order(t: tuple) -> tuple[str, str, str]:
        p = t[1]
        rank = first.get(p)
        if rank is None:
            rank = first[p] = _FIRST.get(p.value, "2") + p.value
        return (str(t[0]), rank, str(t[2]))

    return [ox.Triple(*t) for t in sorted(set(oxigraph_triples(graph)), key=order)]


def to_turtle(graph: GraphLike) -> bytes:
    """Turtle in the order of sorted_triples (see :func:`turtle_from_ntriples`)."""
    return _turtle(_sorted_lines(oxigraph_triples(graph), marked=True))


def to_ntriples(graph: GraphLike) -> bytes:
    """Sorted, unique N-Triples: shards from separate workers concatenate into one valid
    file."""
    return _joined(_sorted_lines(oxigraph_triples(graph), marked=False))


def to_ntriples_and_turtle(graph: GraphLike) -> tuple[bytes, bytes]:
    """Both, from one pass over the triples and one sort: the lines are sorted in Turtle
    order, and N-Triples takes the marks back out and re-sorts the nearly sorted lines."""
    marked = _sorted_lines(oxigraph_triples(graph), marked=True)
    turtle = _turtle(marked)
    plain = _joined(marked).replace(_TYPE_MARKED, _TYPE_AT).replace(_LABEL_MARKED, _LABEL_AT)
    del marked
    lines = plain.splitlines()
    del plain
    lines.sort()
    return _joined(lines), turtle


# rdf:type and rdfs:label right after a subject in an N-Triples line, and the same marked
# to sort ahead of the subject's other lines (see turtle_from_ntriples)
_TYPE_AT = b" <" + _RDF.encode() + b"type> "
_LABEL_AT = b" <" + _RDFS.encode() + b"label> "
_TYPE_MARKED = b"\t\t" + _TYPE_AT[1:]
_LABEL_MARKED = b"\t " + _LABEL_AT[1:]


def _sorted_lines(triples: list[tuple], marked: bool) -> list[bytes]:
    """The N-Triples line of each triple, sorted, without duplicates; `marked` puts
    "\\t\\t" (rdf:type) or "\\t " (rdfs:label) after the subject instead of a space.

    A term's text is made once, by pyoxigraph (str() of a term is its N-Triples form), and
    found again by the term object's id(): build_triples shares term objects, and the list
    keeps every term alive, so an id cannot be reused meanwhile. Making an ox.Triple per
    triple for Oxigraph's writer cost more than the writing (3.6 M triples: 4.7 s of 6.7 s)."""
    heads: dict[int, bytes] = {}        # id(subject or predicate) → its text and a space
    tails: dict[int, bytes] = {}        # id(object) → its text and " ."
    marks: dict[int, bytes] = {}        # id(subject) → its text and the mark, per predicate
    special = {_RDF + "type": b"\t\t", _RDFS + "label": b"\t "} if marked else {}
    kinds: dict[int, bytes | None] = {}     # id(predicate) → its mark, or None
    lines = []
    append = lines.append
    for s, p, o in triples:
        kind = kinds.get(id(p), b"")
        if kind == b"":
            kind = kinds[id(p)] = special.get(p.value) if isinstance(p, ox.NamedNode) else None
        if kind is None:
            head = heads.get(id(s))
            if head is None:
                head = heads[id(s)] = str(s).encode() + b" "
        else:
            head = marks.get((id(s), kind))
            if head is None:
                head = marks[(id(s), kind)] = str(s).encode() + kind
        verb = heads.get(id(p))
        if verb is None:
            verb = heads[id(p)] = str(p).encode() + b" "
        tail = tails.get(id(o))
        if tail is None:
            tail = tails[id(o)] = str(o).encode() + b" ."
        append(head + verb + tail)
    lines.sort()
    if isinstance(triples, UniqueTriples):
        return lines
    return list(compress(lines, chain(map(ne, lines, islice(lines, 1, None)), (True,))))


def _joined(lines: list[bytes]) -> bytes:
    return b"".join((b"\n".join(lines), b"\n")) if lines else b""


def _turtle(marked_lines: list[bytes]) -> bytes:
    """Turtle from marked lines in sorted order (Oxigraph's reader takes a tab for a space)."""
    triples = ox.parse(_joined(marked_lines), format=ox.RdfFormat.N_TRIPLES)
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def turtle_from_ntriples(ntriples: bytes) -> bytes:
    """Turtle from the bytes :func:`to_ntriples` returns (sorted, unique lines), in the order
    of sorted_triples: subject, then rdf:type, rdfs:label, then the other predicates, then
    object, all compared as N-Triples terms (UTF-8 bytes, which order like code points).

    The lines are already in N-Triples order, so only each subject's type and label lines
    have to move ahead of its other lines: the space after their subject becomes "\\t\\t"
    (type) or "\\t " (label). A tab sorts below a space (and canonical N-Triples never
    contains one: tabs in literals are escaped), so one byte sort of the nearly sorted lines
    gives the order, and a tab is whitespace to the N-Triples parser, so Oxigraph reads the
    lines unchanged and writes Turtle. (Comparing whole lines compares predicates as
    "<iri> "; that orders two predicates like their IRIs unless one IRI is a prefix of the
    other followed by a character below ">", which no edukg predicate pair is.)"""
    keyed = []
    append = keyed.append
    for line in ntriples.splitlines():
        cut = line.find(b" ")
        if line.startswith(_TYPE_AT, cut):
            line = line[:cut] + _TYPE_MARKED[:2] + line[cut + 1:]
        elif line.startswith(_LABEL_AT, cut):
            line = line[:cut] + _LABEL_MARKED[:2] + line[cut + 1:]
        append(line)
    keyed.sort()
    return _turtle(keyed)


def to_jsonld(graph: GraphLike) -> bytes:
    """JSON-LD with a context of our prefixes: one node per line, keys sorted, nodes by @id,
    so the file diffs node by node (and is written by json's C encoder: an indented
    document goes through its pure-Python one, 3-4× slower on a large graph)."""
    if not isinstance(graph, (list, tuple)):
        data = json.loads(graph.serialize(format="json-ld", context=dict(PREFIXES),
                                          auto_compact=True))
        if isinstance(data.get("@graph"), list):
            data["@graph"].sort(key=lambda node: node.get("@id", ""))
    else:
        data = _jsonld_data(graph)
    return _dumps(data).encode("utf-8")


# ------------------------------------------------------------------ JSON-LD, directly
# The same document rdflib's JSON-LD serializer writes for our context (checked byte for
# byte against it in tests/test_scale.py), without building an rdflib graph: IRIs whose
# namespace (up to the last '#', '/' or ':') is a prefix become CURIEs, rdf:type values
# become "@type", xsd:integer/boolean/string literals native JSON values, the values of a
# subject's predicate keep their insertion order.

_NATIVE = {_XSD + "integer": int, _XSD + "boolean": lambda v: v == "true",
           _XSD + "double": float, _XSD + "string": str}


def _split_iri(iri: str) -> tuple[str, str | None]:
    for delim in ("#", "/", ":"):
        at = iri.rfind(delim)
        if at > -1:
            return iri[:at + 1], iri[at + 1:]
    return iri, None


def _jsonld_data(triples: Triples) -> dict[str, Any]:
    by_namespace = {ns: prefix for prefix, ns in PREFIXES.items()}
    terms = {ns: prefix for prefix, ns in PREFIXES.items()}
    shrunk: dict[str, str] = {}

    def shrink(iri: str) -> str:
        out = shrunk.get(iri)
        if out is None:
            ns, name = _split_iri(iri)
            prefix = by_namespace.get(ns)
            out = shrunk[iri] = f"{prefix}:{name}" if prefix else iri
        return out

    def symbol(iri: str) -> str:
        return terms[iri] if iri in terms else shrink(iri)

    def value(o) -> Any:
        if isinstance(o, ox.NamedNode):
            return {"@id": shrink(o.value)}
        if isinstance(o, ox.BlankNode):
            return {"@id": str(o)}
        if o.language:
            return {"@language": o.language, "@value": o.value}
        native = _NATIVE.get(o.datatype.value)
        if native is not None:
            return native(o.value)
        return {"@type": symbol(o.datatype.value), "@value": o.value}

    nodes: dict[Any, dict[str, Any]] = {}
    seen: set[tuple] = set()
    type_iri = _RDF + "type"
    keys: dict[int, tuple[str, bool]] = {}     # id(predicate term) → (key, is rdf:type)
    values: dict[int, Any] = {}     # id(object term) → its JSON value (build_triples shares
                                    # term objects; every term lives as long as `triples`)
    last_s = node = None
    # Hashing a pyoxigraph term hashes its string in Rust every time: the triple is hashed
    # once (the set's length tells whether it was new), consecutive triples of one subject
    # (the usual order) reuse its node, predicates and objects are looked up by identity.
    triples = oxigraph_triples(triples)
    unique = isinstance(triples, UniqueTriples)
    for t in triples:
        if not unique:
            before = len(seen)
            seen.add(t)
            if len(seen) == before:
                continue
        s, pred, o = t
        if s is not last_s:
            node = nodes.get(s)
            if node is None:
                node = nodes[s] = {"@id": shrink(s.value) if isinstance(s, ox.NamedNode)
                                   else str(s)}
            last_s = s
        known = keys.get(id(pred))
        if known is None:
            p = pred.value
            known = keys[id(pred)] = (symbol(p), p == type_iri)
        if known[1] and isinstance(o, ox.NamedNode):
            key, v = "@type", symbol(o.value)
        else:
            key, v = known[0], values.get(id(o))
            if v is None:
                v = values[id(o)] = value(o)
        old = node.get(key)
        if old is None:
            node[key] = v
        elif isinstance(old, list):
            old.append(v)
        else:
            node[key] = [old, v]
    items = sorted(nodes.values(), key=lambda n: n["@id"])
    context = dict(PREFIXES)
    if len(items) == 1:
        return {**items[0], "@context": context}
    return {"@context": context, "@graph": items}


def _dumps(data: dict[str, Any]) -> str:
    """The document with its context first and then each node of @graph on a line."""
    line = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
    if not isinstance(data.get("@graph"), list):
        return line(data) + "\n"
    head = {key: value for key, value in data.items() if key != "@graph"}
    nodes = ",\n".join(map(line, data["@graph"]))
    return f"{line(head)[:-1]},\n\"@graph\": [\n{nodes}\n]}}\n" if head else \
        f"{{\"@graph\": [\n{nodes}\n]}}\n"
