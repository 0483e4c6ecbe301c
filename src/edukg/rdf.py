"""KnowledgeBase → RDF graph: the only module that knows the ontology's IRIs.

IRIs are minted from normalised keys, never from raw text: admin codes for regions, short
SHA-1 digests of the normalised name for programs and institutions, digests of where and
what for outcomes and evidence. The same input therefore always gives the same IRIs, and no
label, however hostile, can break an IRI.

Provenance (documented in ontology/README.md): each relation triple S P O is asserted as is
and also described by one edu:Evidence node per supporting sentence, which is an
rdf:Statement (rdf:subject S; rdf:predicate P; rdf:object O) quoting the sentence and
pointing to its edu:Document. Each Outcome points to its Evidence with edu:evidence.
"""
from __future__ import annotations

import re
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


class GraphBuilder:
    """Accumulates triples for one KnowledgeBase."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.graph = Graph()
        for prefix, ns in PREFIXES.items():
            self.graph.bind(prefix, ns)
        self.kinds = {e.key: e.kind for e in kb.entities}

    def node(self, key: str) -> URIRef:
        if key in self.kinds:
            return entity_iri(self.kinds[key], key)
        return outcome_iri(key)

    def build(self) -> Graph:
        for doc in self.kb.documents:
            self.add_document(doc)
        for entity in self.kb.entities:
            self.add_entity(entity)
        for outcome in self.kb.outcomes:
            self.add_outcome(outcome)
        for fact in self.kb.facts:
            self.add_fact(fact)
        return self.graph

    def add_document(self, doc: CleanDocument) -> None:
        g, iri = self.graph, document_iri(doc.identifier)
        g.add((iri, RDF.type, EDU.Document))
        g.add((iri, DCTERMS.identifier, Literal(_CONTROL.sub("", doc.identifier))))
        g.add((iri, RDFS.label, text(doc.title or doc.identifier)))
        if doc.title:
            g.add((iri, DCTERMS.title, text(doc.title)))
        if doc.publisher:
            g.add((iri, DCTERMS.publisher, text(doc.publisher)))
        if doc.source:
            g.add((iri, DCTERMS.source, text(doc.source)))
        if doc.issued:
            g.add((iri, DCTERMS.issued, Literal(doc.issued, datatype=XSD.date)))

    def add_entity(self, e: Entity) -> None:
        g, iri = self.graph, entity_iri(e.kind, e.key)
        g.add((iri, RDF.type, EDU[e.kind]))
        if e.subclass:
            g.add((iri, RDF.type, EDU[e.subclass]))
        g.add((iri, RDFS.label, text(e.label)))
        for alt in e.alt_labels:
            g.add((iri, SKOS.altLabel, text(alt)))
        for alt in e.hant_labels:
            g.add((iri, SKOS.altLabel, text(alt, ZH_HANT)))
        if e.code and e.code.isdigit():
            g.add((iri, EDU.adminCode, Literal(e.code)))
        if e.level:
            g.add((iri, EDU.level, Literal(e.level)))
        for doc in e.documents:
            g.add((iri, EDU.mentionedIn, document_iri(doc)))

    def add_outcome(self, o: Outcome) -> None:
        g, iri = self.graph, outcome_iri(o.key)
        g.add((iri, RDF.type, EDU[o.kind]))
        g.add((iri, RDFS.label, text(o.label)))
        if o.indicator:
            g.add((iri, EDU.indicator, text(o.indicator)))
        if o.value is not None:
            g.add((iri, EDU.value, Literal(o.value, datatype=XSD.decimal)))
        if o.unit:
            g.add((iri, EDU.unit, Literal(o.unit)))
        if o.kind == "Measure":
            g.add((iri, EDU.approximate, Literal(o.approximate)))
        if o.year is not None:
            g.add((iri, EDU.year, Literal(f"{o.year:04d}", datatype=XSD.gYear)))
        g.add((iri, EDU.evidence, self.add_evidence(o.evidence, None)))
        g.add((iri, EDU.mentionedIn, document_iri(o.evidence.document)))
        if o.conferred_by:
            self.add_fact(Fact(o.key, CONFERRED_BY, o.conferred_by, (o.evidence,)))

    def add_fact(self, fact: Fact) -> None:
        triple = (self.node(fact.subject), EDU[fact.predicate], self.node(fact.object))
        self.graph.add(triple)
        for ev in fact.evidence:
            self.add_evidence(ev, triple)

    def add_evidence(self, ev: Evidence, triple: tuple[URIRef, URIRef, URIRef] | None) -> URIRef:
        g = self.graph
        iri = EDUID[f"evidence/{digest(ev.document, ev.sentence, *(triple or ()))}"]
        g.add((iri, RDF.type, EDU.Evidence))
        g.add((iri, EDU.document, document_iri(ev.document)))
        g.add((iri, EDU.sentence, text(ev.text)))
        g.add((iri, EDU.sentenceIndex, Literal(ev.sentence)))
        g.add((iri, EDU.startOffset, Literal(ev.start)))
        g.add((iri, EDU.endOffset, Literal(ev.end)))
        if triple:
            g.add((iri, RDF.type, RDF.Statement))
            for prop, term in zip((RDF.subject, RDF.predicate, RDF.object), triple):
                g.add((iri, prop, term))
        return iri


def build_graph(kb: KnowledgeBase) -> Graph:
    return GraphBuilder(kb).build()

