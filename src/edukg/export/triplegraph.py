"""A read-only, rdflib-like view of (s, p, o) tuples of pyoxigraph terms.

The HTML view (``export/html.py``) reads a graph through three rdflib methods:
``subjects(p, o)``, ``objects(s, p)`` and ``subject_objects(p)``. Building a whole rdflib
Graph just for that costs more than the view itself on a large corpus, so `edukg build`
hands ``render_html`` this index instead: it answers the same calls, with rdflib terms
(converted once per distinct term), and gives the same page byte for byte
(tests/test_scale.py checks it).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox

from ..rdf import to_rdflib_term


class TripleGraph:
    def __init__(self, triples: Iterable[tuple]) -> None:
        self._by_p: dict[Any, list[tuple[Any, Any]]] = {}
        self._sp: dict[tuple[Any, Any], list[Any]] = {}
        self._terms: dict[Any, Any] = {}        # rdflib term → its ox term
        self._rdf: dict[Any, Any] = {}          # ox term → its rdflib term
        n = 0
        for s, p, o in triples:
            n += 1
            pairs = self._by_p.get(p)
            if pairs is None:
                pairs = self._by_p[p] = []
            pairs.append((s, o))
            values = self._sp.get((s, p))
            if values is None:
                self._sp[(s, p)] = [o]
            else:
                values.append(o)
        self._len = n

    def __len__(self) -> int:
        return self._len

    def _r(self, term):
        out = self._rdf.get(term)
        if out is None:
            out = self._rdf[term] = to_rdflib_term(term)
            self._terms[out] = term
        return out

    def _ox(self, term):
        """The ox term of an rdflib IRI or blank node used in a lookup."""
        known = self._terms.get(term)
        if known is not None:
            return known
        from rdflib import BNode, URIRef

        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, BNode):
            return ox.BlankNode(str(term))
        raise TypeError(f"unsupported lookup term {term!r}")

    def subject_objects(self, predicate=None) -> Iterator[tuple[Any, Any]]:
        if predicate is None:
            raise TypeError("subject_objects needs a predicate here")
        r = self._r
        for s, o in self._by_p.get(self._ox(predicate), ()):
            yield r(s), r(o)

    def objects(self, subject=None, predicate=None) -> Iterator[Any]:
        if predicate is None:
            raise TypeError("objects needs a predicate here")
        r, p = self._r, self._ox(predicate)
        if subject is None:
            for _s, o in self._by_p.get(p, ()):
                yield r(o)
        else:
            for o in self._sp.get((self._ox(subject), p), ()):
                yield r(o)

    def subjects(self, predicate=None, object=None) -> Iterator[Any]:  # noqa: A002 (rdflib's name)
        if predicate is None:
            raise TypeError("subjects needs a predicate here")
        r, p = self._r, self._ox(predicate)
        if object is None:
            for s, _o in self._by_p.get(p, ()):
                yield r(s)
        else:
            o = self._ox(object)
            for s, value in self._by_p.get(p, ()):
                if value == o:
                    yield r(s)
