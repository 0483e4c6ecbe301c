"""KnowledgeBase → RDF triples: the only module that knows the ontology's IRIs.

IRIs are minted from normalised keys, never from raw text: admin codes for regions, short
SHA-1 digests of the normalised name for programs and institutions, digests of where and
what for outcomes and evidence. The same input therefore always gives the same IRIs, and no
label, however hostile, can break an IRI.

Provenance (documented in ontology/README.md): each relation triple S P O is asserted as is
and also described by one edu:Evidence node per supporting sentence, which is an
rdf:Statement (rdf:subject S; rdf:predicate P; rdf:object O) quoting the sentence and
pointing to its edu:Document. Each Outcome points to its Evidence with edu:evidence.

The triples are built as tuples of pyoxigraph terms (:func:`build_triples`), in a fixed insertion
order and without duplicates: the exporters, the fast validator and the bulk loaders take
them as they are, with no rdflib graph in between (an rdflib graph costs about ten times as
much per triple to build and to serialise). :func:`build_graph` gives the same triples as an
rdflib Graph, for pyshacl, the HTML view and anyone who wants rdflib's API.
"""
from __future__ import annotations

import re
from decimal import Decimal

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from .link import digest
from .records import (CONFERRED_BY, INSTITUTION, PROGRAM, REGION, CleanDocument, Entity,
                      Evidence, Fact, KnowledgeBase, Outcome)

EDU = Namespace("https://w3id.org/edukg/ontology#")
EDUID = Namespace("https://w3id.org/edukg/id/")
PREFIXES = {"edu": str(EDU), "eduid": str(EDUID), "rdf": str(RDF), "rdfs": str(RDFS),
            "skos": str(SKOS), "prov": str(PROV), "dcterms": str(DCTERMS), "xsd": str(XSD),
            "owl": str(OWL)}
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,80}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
ZH = "zh-hans"
ZH_HANT = "zh-hant"


def text(value: str, lang: str | None = ZH) -> Literal:
    """A string literal with control characters (which some stores reject) removed."""
    return Literal(_CONTROL.sub("", value), lang=lang)


def document_iri(identifier: str) -> URIRef:
    slug = identifier if _SAFE_ID.fullmatch(identifier) else "d" + digest(identifier)
    return EDUID[f"doc/{slug}"]


def entity_iri(kind: str, key: str) -> URIRef:
    if kind == REGION:
        return EDUID[f"region/{key}"] if _SAFE_ID.fullmatch(key) else EDUID[f"region/x{digest(key)}"]
    folder = {PROGRAM: "program", INSTITUTION: "institution"}[kind]
    return EDUID[f"{folder}/{digest(kind, key)}"]


def outcome_iri(key: str) -> URIRef:
    return EDUID[f"outcome/{key}"]


# ------------------------------------------------------------------ pyoxigraph terms

Triple = tuple  # (subject, predicate, object), each a pyoxigraph term

def _iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


_E = {name: _iri(EDU + name) for name in (
    "Document", "Evidence", "adminCode", "level", "mentionedIn", "indicator", "value", "unit",
    "approximate", "year", "evidence", "document", "sentence", "sentenceIndex", "startOffset",
    "endOffset", "sinceYear")}
_TYPE, _LABEL, _ALT = _iri(str(RDF.type)), _iri(str(RDFS.label)), _iri(str(SKOS.altLabel))
_STATEMENT = _iri(str(RDF.Statement))
_SPO = (_iri(str(RDF.subject)), _iri(str(RDF.predicate)), _iri(str(RDF.object)))
_IDENTIFIER, _TITLE = _iri(str(DCTERMS.identifier)), _iri(str(DCTERMS.title))
_PUBLISHER, _ISSUED = _iri(str(DCTERMS.publisher)), _iri(str(DCTERMS.issued))
_SOURCE = _iri(str(DCTERMS.source))
_XSD = {name: _iri(str(XSD[name])) for name in ("date", "decimal", "gYear", "integer", "boolean")}
_TRUE = ox.Literal("true", datatype=_XSD["boolean"])
_FALSE = ox.Literal("false", datatype=_XSD["boolean"])


def _decimal(value: Decimal) -> ox.Literal:
    # the lexical form rdflib gives a Decimal (positional, never an exponent)
    return ox.Literal(format(Decimal(value), "f"), datatype=_XSD["decimal"])


class GraphBuilder:
    """Accumulates the triples for one KnowledgeBase: unique, in insertion order.

    Evidence records are nine in ten triples. One is made once per IRI (sentences with
    several outcomes share it) and its triples kept in a plain list: checking each of them
    for a duplicate hashed every term, the sentence text included, in Rust each time."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.kinds = {e.key: e.kind for e in kb.entities}
        self._triples: dict[tuple, None] = {}
        self._evidence: dict[str, ox.NamedNode] = {}
        self._evidence_triples: list[tuple] = []
        self._docs: dict[str, ox.NamedNode] = {}
        self._nodes: dict[str, ox.NamedNode] = {}
        self._classes: dict[str, ox.NamedNode] = {}
        self._predicates: dict[str, ox.NamedNode] = {}
        self._texts: dict[tuple[str, str], ox.Literal] = {}
        self._integers: dict[int, ox.Literal] = {}

    def text_literal(self, value: str, lang: str = ZH) -> ox.Literal:
        """Sentences and labels repeat: each is made once (and control characters go)."""
        key = (value, lang)
        literal = self._texts.get(key)
        if literal is None:
            literal = self._texts[key] = ox.Literal(_CONTROL.sub("", value), language=lang)
        return literal

    def integer_literal(self, value: int) -> ox.Literal:
        literal = self._integers.get(value)
        if literal is None:
            literal = self._integers[value] = ox.Literal(str(int(value)),
                                                         datatype=_XSD["integer"])
        return literal

    def add(self, s, p, o) -> None:
        self._triples[(s, p, o)] = None

    def doc(self, identifier: str) -> ox.NamedNode:
        iri = self._docs.get(identifier)
        if iri is None:
            iri = self._docs[identifier] = _iri(document_iri(identifier))
        return iri

    def node(self, key: str) -> ox.NamedNode:
        iri = self._nodes.get(key)
        if iri is None:
            uri = entity_iri(self.kinds[key], key) if key in self.kinds else outcome_iri(key)
            iri = self._nodes[key] = _iri(uri)
        return iri

    def cls(self, name: str) -> ox.NamedNode:
        iri = self._classes.get(name)
        if iri is None:
            iri = self._classes[name] = _iri(EDU + name)
        return iri

    def predicate(self, name: str) -> ox.NamedNode:
        iri = self._predicates.get(name)
        if iri is None:
            iri = self._predicates[name] = _iri(EDU + name)
        return iri

    def build(self) -> list[Triple]:
        for doc in self.kb.documents:
            self.add_document(doc)
        for entity in self.kb.entities:
            self.add_entity(entity)
        for outcome in self.kb.outcomes:
            self.add_outcome(outcome)
        for fact in self.kb.facts:
            self.add_fact(fact)
        return [*self._triples, *self._evidence_triples]

    def add_document(self, doc: CleanDocument) -> None:
        add, iri = self.add, self.doc(doc.identifier)
        add(iri, _TYPE, _E["Document"])
        add(iri, _IDENTIFIER, ox.Literal(_CONTROL.sub("", doc.identifier)))
        add(iri, _LABEL, self.text_literal(doc.title or doc.identifier))
        if doc.title:
            add(iri, _TITLE, self.text_literal(doc.title))
        if doc.publisher:
            add(iri, _PUBLISHER, self.text_literal(doc.publisher))
        if doc.source:
            add(iri, _SOURCE, self.text_literal(doc.source))
        if doc.issued:
            add(iri, _ISSUED, ox.Literal(doc.issued, datatype=_XSD["date"]))

    def add_entity(self, e: Entity) -> None:
        add, iri = self.add, self.node(e.key)
        add(iri, _TYPE, self.cls(e.kind))
        if e.subclass:
            add(iri, _TYPE, self.cls(e.subclass))
        add(iri, _LABEL, self.text_literal(e.label))
        for alt in e.alt_labels:
            add(iri, _ALT, self.text_literal(alt))
        for alt in e.hant_labels:
            add(iri, _ALT, self.text_literal(alt, ZH_HANT))
        if e.code and e.code.isdigit():
            add(iri, _E["adminCode"], ox.Literal(e.code))
        if e.level:
            add(iri, _E["level"], ox.Literal(e.level))
        for doc in e.documents:
            add(iri, _E["mentionedIn"], self.doc(doc))

    def add_outcome(self, o: Outcome) -> None:
        add, iri = self.add, self.node(o.key)
        add(iri, _TYPE, self.cls(o.kind))
        add(iri, _LABEL, self.text_literal(o.label))
        if o.indicator:
            add(iri, _E["indicator"], self.text_literal(o.indicator))
        if o.value is not None:
            add(iri, _E["value"], _decimal(o.value))
        if o.unit:
            add(iri, _E["unit"], ox.Literal(o.unit))
        if o.kind == "Measure":
            add(iri, _E["approximate"], _TRUE if o.approximate else _FALSE)
        if o.year is not None:
            add(iri, _E["year"], ox.Literal(f"{o.year:04d}", datatype=_XSD["gYear"]))
        add(iri, _E["evidence"], self.add_evidence(o.evidence, None))
        add(iri, _E["mentionedIn"], self.doc(o.evidence.document))
        if o.conferred_by:
            self.add_fact(Fact(o.key, CONFERRED_BY, o.conferred_by, (o.evidence,)))

    def add_fact(self, fact: Fact) -> None:
        triple = (self.node(fact.subject), self.predicate(fact.predicate), self.node(fact.object))
        self.add(*triple)
        for ev in fact.evidence:
            self.add_evidence(ev, triple)

    def add_evidence(self, ev: Evidence, triple: tuple | None) -> ox.NamedNode:
        parts = (ev.document, ev.sentence, *(t.value for t in triple)) if triple else \
            (ev.document, ev.sentence)
        uri = EDUID + f"evidence/{digest(*parts)}"
        iri = self._evidence.get(uri)
        if iri is not None:
            return iri
        iri = self._evidence[uri] = _iri(uri)
        append = self._evidence_triples.append
        append((iri, _TYPE, _E["Evidence"]))
        append((iri, _E["document"], self.doc(ev.document)))
        append((iri, _E["sentence"], self.text_literal(ev.text)))
        append((iri, _E["sentenceIndex"], self.integer_literal(ev.sentence)))
        append((iri, _E["startOffset"], self.integer_literal(ev.start)))
        append((iri, _E["endOffset"], self.integer_literal(ev.end)))
        if ev.since is not None:
            append((iri, _E["sinceYear"], ox.Literal(f"{ev.since:04d}", datatype=_XSD["gYear"])))
        if triple:
            append((iri, _TYPE, _STATEMENT))
            for prop, term in zip(_SPO, triple):
                append((iri, prop, term))
        return iri


class UniqueTriples(list):
    """A list of triples known to hold no duplicate: the writers skip their own check
    (JSON-LD spent 1.7 s of its 13 s at 4,000 documents hashing every triple for it)."""


def build_triples(kb: KnowledgeBase) -> UniqueTriples:
    """The graph of kb as (subject, predicate, object) tuples of pyoxigraph terms: unique, in
    a deterministic insertion order. (Tuples, not ox.Triple: reading a term back out of an
    ox.Triple costs microseconds, which adds up to seconds on a large corpus.)"""
    return UniqueTriples(GraphBuilder(kb).build())


def to_rdflib_term(term, normalize: bool | None = None):
    """A pyoxigraph term as the equal rdflib term. normalize=False keeps a typed literal's
    lexical form as written (query answers show what the graph holds)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=normalize)
    if isinstance(term, ox.BlankNode):
        from rdflib import BNode

        return BNode(term.value)
    raise TypeError(f"unsupported term {term!r}")


def to_rdflib(triples, graph: Graph | None = None) -> Graph:
    """(s, p, o) tuples of pyoxigraph terms → an rdflib Graph (edukg prefixes bound)."""
    graph = Graph() if graph is None else graph
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    convert, cache = to_rdflib_term, {}

    def term(t):
        out = cache.get(t)
        if out is None:
            out = cache[t] = convert(t)
        return out

    graph.addN((term(s), term(p), term(o), graph) for s, p, o in triples)
    return graph


def build_graph(kb: KnowledgeBase) -> Graph:
    """The graph of kb as an rdflib Graph (the same triples as build_triples)."""
    return to_rdflib(build_triples(kb))
