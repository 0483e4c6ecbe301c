"""The RDF stage: deterministic IRIs, valid Turtle whatever the labels say."""
from decimal import Decimal

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from edukg.export.serialize import to_jsonld, to_ntriples, to_turtle
from edukg.rdf import EDU, build_graph, entity_iri
from edukg.records import (CleanDocument, Entity, Evidence, Fact, KnowledgeBase, Outcome,
                           Sentence)

HOSTILE = 'a "quoted" <b>tag</b> > \\ back\nnew line\x07bell 😀 中文 ]]> @prefix x: <y> .'


def tiny_kb(label: str, identifier: str = "doc 1") -> KnowledgeBase:
    sentence = Sentence(0, 0, label, label)
    doc = CleanDocument(identifier, f"{identifier}.txt", label, (sentence,), title=label)
    ev = Evidence(identifier, 0, 0, len(label), label)
    return KnowledgeBase(
        documents=(doc,),
        entities=(
            Entity("Region", "370602", "芝罘区", ("芝罘",), (), "County", "370602", "county", (identifier,)),
            Entity("Program", label, label, (label + "改革",), (label,), "Reform", None, None, (identifier,)),
        ),
        facts=(Fact("370602", "implements", label, (ev,)),),
        outcomes=(Outcome("Measure", "m1", label, ("370602",), (ev,), label, Decimal("43e8"), "CNY", True),),
    )


def test_hostile_labels_give_turtle_that_strict_parsers_accept():
    graph = build_graph(tiny_kb(HOSTILE, identifier='x y"<z>'))
    turtle = to_turtle(graph)
    reparsed = Graph().parse(data=turtle, format="turtle")
    assert len(reparsed) == len(graph)
    assert len(list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))) == len(graph)
    for s, p, o in graph:
        for term in (s, p, o):
            if isinstance(term, URIRef):
                assert not any(ch in str(term) for ch in ' <>"{}|\\^`\n'), term
    labels = {str(o) for o in reparsed.objects(None, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))}
    assert HOSTILE.replace("\x07", "") in labels


def test_same_input_same_bytes():
    assert to_turtle(build_graph(tiny_kb("县管校聘"))) == to_turtle(build_graph(tiny_kb("县管校聘")))


def test_iris_come_from_keys_not_text():
    assert entity_iri("Region", "370602").endswith("/region/370602")
    iri = entity_iri("Program", "县管校聘 管理改革")
    assert iri.isascii() and " " not in iri


def test_ntriples_are_sorted_and_jsonld_round_trips():
    graph = build_graph(tiny_kb("强镇筑基试点"))
    lines = to_ntriples(graph).decode().splitlines()
    assert lines == sorted(lines)
    assert Graph().parse(data=to_ntriples(graph), format="nt").isomorphic(graph)
    assert Graph().parse(data=to_jsonld(graph), format="json-ld").isomorphic(graph)


def test_measure_values_are_decimals():
    graph = build_graph(tiny_kb("累计投入"))
    values = list(graph.objects(None, EDU.value))
    assert values == [Literal(Decimal("4300000000"), datatype=values[0].datatype)]
    assert str(values[0].datatype).endswith("#decimal")


def test_implements_evidence_carries_the_stated_since_year():
    from dataclasses import replace

    kb = tiny_kb("县管校聘")
    fact = kb.facts[0]
    dated = replace(fact, evidence=(replace(fact.evidence[0], since=2018),))
    graph = build_graph(replace(kb, facts=(dated,)))
    years = list(graph.objects(None, URIRef(EDU + "sinceYear")))
    assert [str(y) for y in years] == ["2018"]
    assert years[0].datatype == URIRef("http://www.w3.org/2001/XMLSchema#gYear")
    assert not list(build_graph(kb).objects(None, URIRef(EDU + "sinceYear")))
