"""KnowledgeBase → RDF triples: the only module that knows the ontology's IRIs.

IRIs are minted from normalised keys, never from raw text: admin codes for regions, short
SHA-1 digests of the normalised name for programs and institutions, digests of where and
what for outcomes and evidence. The same input therefore always gives the same IRIs, and no
label, however hostile, can break an IRI.

Provenance (documented in ontology/README.md): each relation triple S P O is asserted as is
and also described by one edu:Evidence node per supporting sentence, which is an
rdf:Statement (rdf:subject S; rdf:predicate P; rdf:object O) quoting the sentence and
pointing to its edu:Document. Each Outcome points to its Evidence with edu:evidence, one
for every sentence that states it. A Document that copies another (a repost, a mirror) is
prov:alternateOf the report's first copy.

The triples are built as tuples of pyoxigraph terms (:func:`build_triples`), in a fixed insertion
order and without duplicates: the exporters, the fast validator and the bulk loaders take
them as they are, with no rdflib graph in between (an rdflib graph costs about ten times as
much per triple to build and to serialise). :func:`build_graph` gives the same triples as an
rdflib Graph, for pyshacl, the HTML view and anyone who wants rdflib's API.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from itertools import chain

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from .link import digest
from .records import (CONFERRED_BY, INSTITUTION, PROGRAM, REGION, UNNAMED_KEY, CleanDocument, Entity,
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

_RDF_TYPE, _RDFS_LABEL, _SKOS_ALT = str(RDF.type), str(RDFS.label), str(SKOS.altLabel)
_EDU_TERMS = ("Document", "Evidence", "adminCode", "level", "mentionedIn", "indicator", "value",
              "unit", "unitLabel", "approximate", "year", "evidence", "document", "sentence",
              "sentenceIndex", "startOffset", "endOffset", "sinceYear", "recognitionKind",
              "cumulative")
# A Recognition's kind (records.RecognitionMention.kind) → its edu:RecognitionKind individual.
RECOGNITION_KINDS = {"assessment": "AssessmentPassed", "pilot": "PilotDesignation",
                     "prize": "ContestPrize", "ranking": "Ranking", "title": "TitleOrHonour"}
_KIND_LABELS = {"assessment": "评估认定", "pilot": "试点示范", "prize": "竞赛获奖", "ranking": "排名上榜",
                "title": "荣誉称号"}     # as in ontology/edukg.ttl, so a graph alone names its kinds
_XSD_STRING = str(XSD.string)
_XSD_DECIMAL, _XSD_GYEAR, _XSD_INTEGER = str(XSD.decimal), str(XSD.gYear), str(XSD.integer)
_XSD_BOOLEAN, _XSD_DATE = str(XSD.boolean), str(XSD.date)


def _decimal_text(value: Decimal) -> str:
    # the lexical form rdflib gives a Decimal (positional, never an exponent)
    return format(Decimal(value), "f")


class GraphBuilder:
    """Accumulates the triples for one KnowledgeBase: unique, in insertion order.

    Every term is interned once and known by its code, its index in `terms` (equal terms,
    equal codes), and triples are kept as codes: checking a triple of codes for a duplicate
    hashes three small ints, where a triple of pyoxigraph terms hashed each term's text in
    Rust every time; and the writers look a term's text up by its code in a list.
    Evidence records are two in three triples (68 % at 4,000 documents); one is made once
    per IRI (sentences with several outcomes share it) and its triples, unique by
    construction, kept in a plain list."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.kinds = {e.key: e.kind for e in kb.entities}
        self.terms: list = []                       # code → pyoxigraph term
        self._codes: dict = {}                      # IRI, or (lexical, language, datatype) → code
        self._triples: dict[tuple[int, int, int], None] = {}
        self._evidence: dict[str, int] = {}
        self._urls: dict[str, int] = {}           # document identifier → its page's IRI
        self._evidence_triples: list[tuple[int, int, int]] = []
        self._docs: dict[str, int] = {}
        self._nodes: dict[str, int] = {}
        self._texts: dict[tuple[str, str], int] = {}
        self._integers: dict[int, int] = {}
        iri = self.iri
        self.type, self.label, self.alt = iri(_RDF_TYPE), iri(_RDFS_LABEL), iri(_SKOS_ALT)
        self.edu = {name: iri(EDU + name) for name in _EDU_TERMS}
        self.statement = iri(str(RDF.Statement))
        self.spo = (iri(str(RDF.subject)), iri(str(RDF.predicate)), iri(str(RDF.object)))
        self.identifier, self.title = iri(str(DCTERMS.identifier)), iri(str(DCTERMS.title))
        self.publisher, self.issued = iri(str(DCTERMS.publisher)), iri(str(DCTERMS.issued))
        self.source = iri(str(DCTERMS.source))
        self.spatial = iri(str(DCTERMS.spatial))
        self.about = dict(kb.document_regions)
        self.copy_of = dict(kb.copies)
        self.alternate = iri(str(PROV.alternateOf))
        self.true = self.literal("true", datatype=_XSD_BOOLEAN)
        self.false = self.literal("false", datatype=_XSD_BOOLEAN)

    def iri(self, value: str) -> int:
        code = self._codes.get(value)
        if code is None:
            code = self._codes[value] = len(self.terms)
            self.terms.append(ox.NamedNode(value))
        return code

    def literal(self, value: str, language: str | None = None, datatype: str | None = None) -> int:
        if datatype == _XSD_STRING:
            datatype = None                 # the same term as a plain literal
        key = (value, language, datatype)
        code = self._codes.get(key)
        if code is None:
            code = self._codes[key] = len(self.terms)
            self.terms.append(ox.Literal(value, language=language) if language else
                              ox.Literal(value, datatype=ox.NamedNode(datatype)) if datatype
                              else ox.Literal(value))
        return code

    def text_literal(self, value: str, lang: str = ZH) -> int:
        """Sentences and labels repeat: each is cleaned once (control characters go)."""
        key = (value, lang)
        code = self._texts.get(key)
        if code is None:
            code = self._texts[key] = self.literal(_CONTROL.sub("", value), language=lang)
        return code

    def integer_literal(self, value: int) -> int:
        """Offsets and sentence numbers: three an evidence record, from a small range."""
        code = self._integers.get(value)
        if code is None:
            code = self._integers[value] = self.literal(str(int(value)), datatype=_XSD_INTEGER)
        return code

    def add(self, s: int, p: int, o: int) -> None:
        self._triples[(s, p, o)] = None

    def doc(self, identifier: str) -> int:
        code = self._docs.get(identifier)
        if code is None:
            code = self._docs[identifier] = self.iri(str(document_iri(identifier)))
        return code

    def node(self, key: str) -> int:
        code = self._nodes.get(key)
        if code is None:
            uri = entity_iri(self.kinds[key], key) if key in self.kinds else outcome_iri(key)
            code = self._nodes[key] = self.iri(str(uri))
        return code

    def cls(self, name: str) -> int:
        return self.iri(EDU + name)

    def predicate(self, name: str) -> int:
        return self.iri(EDU + name)

    def build(self) -> list[tuple[int, int, int]]:
        """The triples, as codes."""
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
        add(iri, self.type, self.edu["Document"])
        add(iri, self.identifier, self.literal(_CONTROL.sub("", doc.identifier)))
        add(iri, self.label, self.text_literal(doc.title or doc.identifier))
        if doc.title:
            add(iri, self.title, self.text_literal(doc.title))
        if doc.publisher:
            add(iri, self.publisher, self.text_literal(doc.publisher))
        if doc.source:
            add(iri, self.source, self.text_literal(doc.source))
        if doc.issued:
            add(iri, self.issued, self.literal(doc.issued, datatype=_XSD_DATE))
        if doc.url:             # the page itself (an IRI), beside the periodical's name above
            self._urls[doc.identifier] = self.iri(doc.url)
            add(iri, self.source, self._urls[doc.identifier])
        region = self.about.get(doc.identifier)
        if region:
            add(iri, self.spatial, self.node(region))
        first = self.copy_of.get(doc.identifier)
        if first:
            add(iri, self.alternate, self.doc(first))

    def add_entity(self, e: Entity) -> None:
        add, iri, edu = self.add, self.node(e.key), self.edu
        add(iri, self.type, self.cls(e.kind))
        if e.subclass:
            add(iri, self.type, self.cls(e.subclass))
        if e.kind == REGION and e.key.startswith(UNNAMED_KEY):
            add(iri, self.type, self.cls("UnnamedRegion"))
        add(iri, self.label, self.text_literal(e.label))
        for alt in e.alt_labels:
            add(iri, self.alt, self.text_literal(alt))
        for alt in e.hant_labels:
            add(iri, self.alt, self.text_literal(alt, ZH_HANT))
        if e.code and e.code.isdigit():
            add(iri, edu["adminCode"], self.literal(e.code))
        if e.level:
            add(iri, edu["level"], self.literal(e.level))
        for doc in e.documents:
            add(iri, edu["mentionedIn"], self.doc(doc))

    def add_outcome(self, o: Outcome) -> None:
        add, iri, edu = self.add, self.node(o.key), self.edu
        add(iri, self.type, self.cls(o.kind))
        add(iri, self.label, self.text_literal(o.label))
        if o.indicator:
            add(iri, edu["indicator"], self.text_literal(o.indicator))
        if o.value is not None:
            add(iri, edu["value"], self.literal(_decimal_text(o.value), datatype=_XSD_DECIMAL))
        if o.unit:
            add(iri, edu["unit"], self.literal(o.unit))
        if o.unit_label:
            add(iri, edu["unitLabel"], self.text_literal(o.unit_label))
        if o.kind == "Measure":
            add(iri, edu["approximate"], self.true if o.approximate else self.false)
        if o.year is not None:
            add(iri, edu["year"], self.literal(f"{o.year:04d}", datatype=_XSD_GYEAR))
        if o.recognition_kind in RECOGNITION_KINDS:
            kind = self.cls(RECOGNITION_KINDS[o.recognition_kind])
            add(iri, edu["recognitionKind"], kind)
            add(kind, self.type, self.cls("RecognitionKind"))
            add(kind, self.label, self.text_literal(_KIND_LABELS[o.recognition_kind]))
        if o.cumulative:
            add(iri, edu["cumulative"], self.true)
        for ev in o.evidence:
            add(iri, edu["evidence"], self.add_evidence(ev, None))
            add(iri, edu["mentionedIn"], self.doc(ev.document))
        if o.conferred_by:
            self.add_fact(Fact(o.key, CONFERRED_BY, o.conferred_by, o.evidence))

    def add_fact(self, fact: Fact) -> None:
        triple = (self.node(fact.subject), self.predicate(fact.predicate), self.node(fact.object))
        self.add(*triple)
        for ev in fact.evidence:
            self.add_evidence(ev, triple)

    def add_evidence(self, ev: Evidence, triple: tuple[int, int, int] | None) -> int:
        parts = (ev.document, ev.sentence, *(self.terms[c].value for c in triple)) if triple \
            else (ev.document, ev.sentence)
        uri = EDUID + f"evidence/{digest(*parts)}"
        iri = self._evidence.get(uri)
        if iri is not None:
            return iri
        iri = self._evidence[uri] = self.iri(uri)
        edu, append = self.edu, self._evidence_triples.append
        append((iri, self.type, edu["Evidence"]))
        append((iri, edu["document"], self.doc(ev.document)))
        if ev.document in self._urls:           # the sentence's page, to cite it directly
            append((iri, self.source, self._urls[ev.document]))
        append((iri, edu["sentence"], self.text_literal(ev.text)))
        append((iri, edu["sentenceIndex"], self.integer_literal(ev.sentence)))
        append((iri, edu["startOffset"], self.integer_literal(ev.start)))
        append((iri, edu["endOffset"], self.integer_literal(ev.end)))
        if ev.since is not None:
            append((iri, edu["sinceYear"], self.literal(f"{ev.since:04d}", datatype=_XSD_GYEAR)))
        if triple:
            append((iri, self.type, self.statement))
            for prop, term in zip(self.spo, triple):
                append((iri, prop, term))
        return iri


class UniqueTriples(Sequence):
    """The triples GraphBuilder made, known to hold no duplicate: a read-only sequence of
    (s, p, o) tuples of pyoxigraph terms, made as they are read.

    `terms` holds each term once (equal terms, one code) and `codes` each triple as the three
    indices of its terms. The writers use those directly (a term's text looked up by its
    code in a list) and skip their duplicate check; only readers that want terms (the SHACL
    check, the view) get tuples, so a build never holds two copies of 3.6 M triples."""

    __slots__ = ("terms", "codes")

    def __init__(self, terms: list, codes: list[tuple[int, int, int]]) -> None:
        self.terms, self.codes = terms, codes

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, index):
        terms = self.terms
        if isinstance(index, slice):
            return [(terms[s], terms[p], terms[o]) for s, p, o in self.codes[index]]
        s, p, o = self.codes[index]
        return terms[s], terms[p], terms[o]

    def __iter__(self) -> Iterator[tuple]:
        terms = self.terms
        for s, p, o in self.codes:
            yield terms[s], terms[p], terms[o]


def coded_triples(triples: Iterable[tuple], extra: Iterable[tuple] = ()
                  ) -> tuple[list, list[tuple[int, int, int]], bool]:
    """(terms, codes, unique): each distinct term once, each triple of triples, then of
    extra, as the three indices of its terms, and whether they are known to hold no
    duplicate. UniqueTriples are coded already (their lists are never changed here); other
    (s, p, o) tuples of terms are coded here (equal terms, one code). Readers of millions
    of triples work on the codes: an int is hashed and compared at once, a term (a
    sentence literal, a long IRI) only through pyoxigraph."""
    extra = list(extra)
    if isinstance(triples, UniqueTriples):
        if not extra:
            return triples.terms, triples.codes, True
        terms, codes = list(triples.terms), list(triples.codes)
        index = {term: code for code, term in enumerate(terms)}
        triples = ()
    else:
        terms, codes, index = [], [], {}
    for triple in chain(triples, extra):
        coded = []
        for term in triple:
            code = index.get(term)
            if code is None:
                code = index[term] = len(terms)
                terms.append(term)
            coded.append(code)
        codes.append(tuple(coded))
    return terms, codes, False


def build_triples(kb: KnowledgeBase) -> UniqueTriples:
    """The graph of kb as (subject, predicate, object) tuples of pyoxigraph terms: unique, in
    a deterministic insertion order. (Tuples, not ox.Triple: reading a term back out of an
    ox.Triple costs microseconds, which adds up to seconds on a large corpus.)"""
    builder = GraphBuilder(kb)
    codes = builder.build()
    return UniqueTriples(builder.terms, codes)


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
