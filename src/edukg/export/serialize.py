"""Graph → Turtle, N-Triples and JSON-LD bytes, byte-identical for the same graph.

Turtle and N-Triples are written from each term's text as Oxigraph makes it (Turtle's
abbreviations as Oxigraph's writer makes them: tests compare the bytes), which is strict
about IRIs. Triples are sorted first (type and label leading each subject in Turtle), so the
output is stable, diffs line by line, and concatenated shards still parse.

Each function takes either the (s, p, o) tuples of pyoxigraph terms made by
:func:`edukg.rdf.build_triples` (what `edukg build` passes: no rdflib graph is made) or an
rdflib Graph; both give the same bytes.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any, Union

import pyoxigraph as ox

from ..rdf import PREFIXES, UniqueTriples, coded_triples

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_FIRST_RANK = {_RDF + "type": 0, _RDFS + "label": 1}   # a subject's first predicates
_FIRST = {iri: str(rank) for iri, rank in _FIRST_RANK.items()}
_CHUNK = 65_536         # triples a piece of Turtle or N-Triples text holds

Triples = Sequence[tuple]                # (s, p, o) tuples of pyoxigraph terms
GraphLike = Union[Triples, Any]          # such tuples, or an rdflib Graph


def oxigraph_triples(graph: GraphLike) -> Sequence[tuple]:
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
    """Turtle in the order of sorted_triples: subject, then rdf:type, rdfs:label, the other
    predicates, then object (the same bytes Oxigraph's writer makes of sorted_triples)."""
    return b"".join(turtle_pieces(graph))


def to_ntriples(graph: GraphLike) -> bytes:
    """Sorted, unique N-Triples: shards from separate workers concatenate into one valid
    file."""
    return b"".join(ntriples_pieces(graph))


def turtle_pieces(graph: GraphLike) -> Iterable[bytes]:
    """to_turtle's bytes in pieces, made as they are read (a writer streaming them to a file
    never holds the whole text)."""
    terms, codes, unique = coded_triples(oxigraph_triples(graph))
    in_turtle, _ = _orders(terms, codes, unique, _texts(terms), ntriples=False)
    return _turtle_chunks(terms, codes, in_turtle)


def ntriples_pieces(graph: GraphLike) -> Iterable[bytes]:
    """to_ntriples' bytes in pieces, made as they are read (at 3.6 M triples the whole text
    is 0.6 GB)."""
    terms, codes, unique = coded_triples(oxigraph_triples(graph))
    texts = _texts(terms)
    _, in_ntriples = _orders(terms, codes, unique, texts, turtle=False)
    return _ntriples_chunks(terms, codes, texts, in_ntriples)


def to_ntriples_and_turtle(graph: GraphLike) -> tuple[bytes, bytes]:
    """Both, from one pass over the triples (see ntriples_lines_and_turtle)."""
    lines, turtle = ntriples_lines_and_turtle(graph)
    return b"".join(lines), b"".join(turtle)


def ntriples_lines_and_turtle(graph: GraphLike) -> tuple[Iterable[bytes], Iterable[bytes]]:
    """The pieces of to_ntriples' bytes and of to_turtle's, each to be written one by one
    (both are made as they are read, a few MB at a time: at 3.6 M triples the N-Triples are
    0.6 GB and the Turtle 0.2 GB, memory that a writer streaming them to a file never needs)."""
    terms, codes, unique = coded_triples(oxigraph_triples(graph))
    texts = _texts(terms)
    in_turtle, in_ntriples = _orders(terms, codes, unique, texts)
    return (_ntriples_chunks(terms, codes, texts, in_ntriples),
            _turtle_chunks(terms, codes, in_turtle))


def _texts(terms: list) -> list[bytes]:
    """Each term's N-Triples text, made once, by pyoxigraph (str() of a term is that)."""
    return [str(term).encode() for term in terms]


def _orders(terms: list, codes: list[tuple[int, int, int]], unique: bool, texts: list[bytes],
            turtle: bool = True, ntriples: bool = True) -> tuple[list[int], list[int]]:
    """The indices of the triples in Turtle's order and in N-Triples' (each triple once;
    an order not asked for is an empty list).

    N-Triples' order is that of the lines' bytes; Turtle's the same except that a subject's
    rdf:type, then rdfs:label, triples come first. Neither compares lines: each term gets
    its rank among the terms sorted by text, and a triple the number (subject rank,
    predicate rank, object rank) packed into one int. That is the lines' order, because a
    line is the three texts each followed by a space (or " .\n"), texts hold no character
    below a space (canonical N-Triples escapes them), so a text that is a prefix of
    another sorts first either way. At 3.6 M triples: 3 s, where sorting the lines took 6 s
    and their bytes 1.2 GB. (sorted_triples orders predicates by IRI, not by "<iri>": the
    same unless one IRI is another followed by a character below ">", which no edukg
    predicate pair is.)"""
    by_text = sorted(range(len(terms)), key=texts.__getitem__)
    rank = [0] * len(terms)
    for position, code in enumerate(by_text, 2):    # 0 and 1: rdf:type and rdfs:label
        rank[code] = position
    del by_text
    bits = (len(terms) + 2).bit_length()
    in_turtle: list[int] = []
    if turtle:
        verb_rank = rank[:]         # as a predicate: type and label first
        for p in {p for _, p, _ in codes}:
            if isinstance(terms[p], ox.NamedNode) and terms[p].value in _FIRST_RANK:
                verb_rank[p] = _FIRST_RANK[terms[p].value]
        keys = _keys(rank, verb_rank, codes, bits)
        del verb_rank
        in_turtle = _deduplicated(sorted(range(len(codes)), key=keys.__getitem__), keys, unique)
    in_ntriples: list[int] = []
    if ntriples:
        keys = _keys(rank, rank, codes, bits)
        # Turtle's order is nearly N-Triples' (only type and label lines move): Python's
        # sort finds the runs and merges them
        in_ntriples = (sorted(in_turtle, key=keys.__getitem__) if turtle
                       else _deduplicated(sorted(range(len(codes)), key=keys.__getitem__),
                                          keys, unique))
    return in_turtle, in_ntriples


def _keys(rank: list[int], verb_rank: list[int], codes: list[tuple[int, int, int]],
          bits: int) -> list[int]:
    shift_s, shift_p = 2 * bits, bits
    return [(rank[s] << shift_s) | (verb_rank[p] << shift_p) | rank[o] for s, p, o in codes]


def _deduplicated(order: list[int], keys: list[int], unique: bool) -> list[int]:
    """order without the repeats of a triple (equal keys are next to each other)."""
    if unique or not order:
        return order
    return [order[0]] + [i for i, before in zip(islice(order, 1, None), order)
                         if keys[i] != keys[before]]


def _ntriples_chunks(terms: list, codes: list[tuple[int, int, int]], texts: list[bytes],
                     order: list[int]) -> Iterator[bytes]:
    """The N-Triples lines of the triples in order, joined a chunk at a time (no bytes
    object per line: at 3.6 M triples those were 0.6 GB made and freed)."""
    heads = [b"" if isinstance(term, ox.Literal) else text + b" "  # as subject or predicate
             for term, text in zip(terms, texts)]    # (a literal is neither: no copy of it)
    for first in range(0, len(order), _CHUNK):
        out = []
        append = out.append
        for i in order[first:first + _CHUNK]:
            s, p, o = codes[i]
            append(heads[s])
            append(heads[p])
            append(texts[o])
            append(b" .\n")
        yield b"".join(out)


# ------------------------------------------------------------------ Turtle, directly
# Oxigraph's Turtle writer needs an ox.Triple per triple, made from Python (parsing the
# sorted N-Triples back took 5 s at 3.6 M triples); this writes the same bytes from the
# sorted triples: a subject's predicates after " ;\n\t", a predicate's objects after " , ".
# Each term's text is made once; terms it does not know how to abbreviate for certain are
# written by Oxigraph itself, one at a time.

_SIMPLE_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*(?:/[A-Za-z0-9_][A-Za-z0-9_-]*)*")
_BARE = {_XSD + "integer": re.compile(r"[+-]?[0-9]+"),
         _XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
         _XSD + "boolean": re.compile(r"true|false")}
_PROBE_S, _PROBE_P = ox.NamedNode("urn:edukg:s"), ox.NamedNode("urn:edukg:p")


class _TurtleTerms:
    """Each term's Turtle text, as Oxigraph writes it with our prefixes."""

    def __init__(self) -> None:
        self.prefix = {ns: prefix for prefix, ns in PREFIXES.items()}
        # the longest namespace an IRI starts with (an alternation tries them in order)
        self.namespace = re.compile("|".join(map(re.escape, sorted(self.prefix, key=len,
                                                                   reverse=True))))
        self.iris: dict[str, bytes] = {}

    def header(self) -> bytes:
        probe = ox.serialize([ox.Triple(_PROBE_S, _PROBE_P, _PROBE_S)],
                             format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        return b"".join(line for line in probe.splitlines(keepends=True)
                        if line.startswith(b"@prefix"))

    def text(self, term) -> bytes:
        if isinstance(term, ox.NamedNode):
            return self.iri(term)
        if isinstance(term, ox.Literal):
            return self.literal(term)
        return self._by_oxigraph(term)

    def predicate(self, term) -> bytes:
        return b"a" if term.value == _RDF + "type" else self.iri(term)

    def iri(self, term: ox.NamedNode) -> bytes:
        iri = term.value
        out = self.iris.get(iri)
        if out is None:
            out = self.iris[iri] = self._iri(term)
        return out

    def _iri(self, term: ox.NamedNode) -> bytes:
        iri = term.value
        namespace = self.namespace.match(iri)
        if namespace is None:
            return str(term).encode()
        if _SIMPLE_LOCAL.fullmatch(iri, namespace.end()):
            local = iri[namespace.end():].replace("/", "\\/")
            return f"{self.prefix[namespace.group()]}:{local}".encode()
        return self._by_oxigraph(term)

    def literal(self, term: ox.Literal) -> bytes:
        if term.language:
            return str(term).encode()
        datatype = term.datatype.value
        if datatype == _XSD + "string":
            return str(term).encode()
        bare = _BARE.get(datatype)
        if bare is not None and bare.fullmatch(term.value):
            return term.value.encode()
        if datatype in (_XSD + "double", _XSD + "float"):
            return self._by_oxigraph(term)
        text = str(term)
        quoted = text[:text.rindex('"^^<') + 1]
        return quoted.encode() + b"^^" + self.iri(term.datatype)

    @staticmethod
    def _by_oxigraph(term) -> bytes:
        text = ox.serialize([ox.Triple(_PROBE_S, _PROBE_P, term)], format=ox.RdfFormat.TURTLE,
                            prefixes=PREFIXES)
        line = text.splitlines(keepends=True)[-1]
        head = f"{_PROBE_S} {_PROBE_P} ".encode()
        assert line.startswith(head) and line.endswith(b" .\n"), text
        return line[len(head):-3]


def _turtle_chunks(terms: list, codes: list[tuple[int, int, int]],
                   order: list[int]) -> Iterator[bytes]:
    """The Turtle text of the triples in order, a piece at a time (a writer streams them to
    a file: at 3.6 M triples the whole text is 0.2 GB, and its pieces as many again)."""
    if not order:
        return
    writer = _TurtleTerms()
    yield writer.header()
    texts: list[bytes | None] = [None] * len(terms)     # code → its Turtle text, when made
    verbs: dict[int, bytes] = {}
    leads: dict[int, bytes] = {}        # predicate code → " ;\n\t" + its text + " "
    last_s = last_p = -1
    for first in range(0, len(order), _CHUNK):
        out = []                        # two pieces a triple: what leads to the object, and
        append = out.append             # the object
        for i in order[first:first + _CHUNK]:
            s, p, o = codes[i]
            obj = texts[o]
            if obj is None:
                obj = texts[o] = writer.text(terms[o])
            if s != last_s:
                subject = texts[s]
                if subject is None:
                    subject = texts[s] = writer.text(terms[s])
                verb = verbs.get(p)
                if verb is None:
                    verb = verbs[p] = writer.predicate(terms[p])
                append(b"".join((b" .\n" if last_s >= 0 else b"", subject, b" ", verb, b" ")))
                last_s, last_p = s, p
            elif p != last_p:
                lead = leads.get(p)
                if lead is None:
                    verb = verbs.get(p)
                    if verb is None:
                        verb = verbs[p] = writer.predicate(terms[p])
                    lead = leads[p] = b" ;\n\t" + verb + b" "
                append(lead)
                last_p = p
            else:
                append(b" , ")
            append(obj)
        yield b"".join(out)
    yield b" .\n"


def to_jsonld(graph: GraphLike) -> bytes:
    """JSON-LD with a context of our prefixes: one node per line, keys sorted, nodes by @id,
    so the file diffs node by node (and is written by json's C encoder: an indented
    document goes through its pure-Python one, 3-4× slower on a large graph)."""
    return b"".join(jsonld_lines(graph))


def jsonld_lines(graph: GraphLike) -> Iterator[bytes]:
    """to_jsonld's bytes, a line at a time (a writer streams them to a file without ever
    holding the whole text: at 4,000 documents that is 0.2 G characters, made as a str,
    then copied twice more)."""
    if not isinstance(graph, (list, tuple, UniqueTriples)):
        data = json.loads(graph.serialize(format="json-ld", context=dict(PREFIXES),
                                          auto_compact=True))
        if isinstance(data.get("@graph"), list):
            data["@graph"].sort(key=lambda node: node.get("@id", ""))
    else:
        data = _jsonld_data(graph)
    return _dumps(data)


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
    named = {ns: prefix for prefix, ns in PREFIXES.items()}     # a namespace is its prefix
    shrunk: dict[str, str] = {}

    def shrink(iri: str) -> str:
        out = shrunk.get(iri)
        if out is None:
            ns, name = _split_iri(iri)
            prefix = by_namespace.get(ns)
            out = shrunk[iri] = f"{prefix}:{name}" if prefix else iri
        return out

    def symbol(iri: str) -> str:
        return named[iri] if iri in named else shrink(iri)

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

    nodes: dict[int, dict[str, Any]] = {}      # subject code → its node
    type_iri = _RDF + "type"
    keys: dict[int, tuple[str, bool]] = {}      # predicate code → (key, is rdf:type)
    types: dict[int, str] = {}                  # class code → its "@type" name
    last_s, node = -1, None
    # Consecutive triples of one subject (the usual order) reuse its node; predicates and
    # objects are looked up by code (see coded_triples); a repeated triple is skipped by its codes.
    terms, codes, unique = coded_triples(oxigraph_triples(triples))
    values: list[Any] = [None] * len(terms)     # object code → its JSON value, when made
    if not unique:
        codes = list(dict.fromkeys(codes))
    for s, pred, o in codes:
        if s != last_s:
            node = nodes.get(s)
            if node is None:
                subject = terms[s]
                node = nodes[s] = {"@id": shrink(subject.value) if isinstance(subject, ox.NamedNode)
                                   else str(subject)}
            last_s = s
        known = keys.get(pred)
        if known is None:
            p = terms[pred].value
            known = keys[pred] = (symbol(p), p == type_iri)
        if known[1] and isinstance(terms[o], ox.NamedNode):
            key = "@type"
            v = types.get(o)
            if v is None:
                v = types[o] = symbol(terms[o].value)
        else:
            key, v = known[0], values[o]
            if v is None:
                v = values[o] = value(terms[o])
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


def _dumps(data: dict[str, Any]) -> Iterator[bytes]:
    """The document with its context first and then each node of @graph on a line."""
    line = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
    nodes = data.get("@graph")
    if not isinstance(nodes, list):
        yield (line(data) + "\n").encode()
        return
    head = {key: value for key, value in data.items() if key != "@graph"}
    yield (f"{line(head)[:-1]},\n\"@graph\": [\n" if head else "{\"@graph\": [\n").encode()
    if not nodes:
        yield b"\n"
    last = len(nodes) - 1
    for at, node in enumerate(nodes):
        yield (line(node) + (",\n" if at < last else "\n")).encode()
    yield b"]}\n"
