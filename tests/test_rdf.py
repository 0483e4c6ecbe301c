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


def test_the_page_address_a_report_gives_is_its_documents_and_evidences_source(tmp_path):
    from rdflib.namespace import DCTERMS

    from edukg.pipeline import build_knowledge_base
    from edukg.rdf import build_triples, to_rdflib

    page = "https://jyj.example.gov.cn/art/2021/3/31/art_1.html"
    report = tmp_path / "report.txt"
    report.write_text("淄川区推进县管校聘管理改革工作情况\n发布机构：淄川区教育和体育局\n"
                      f"原文链接：{page}\n"
                      "2021年以来，淄川区全面推行县管校聘管理改革，组织教师交流轮岗86名。\n",
                      encoding="utf-8")
    saved = tmp_path / "saved.html"
    saved.write_text(f'<html><head><link rel="canonical" href="{page}x"></head><body><article>'
                     "<h1>荣成市推进县管校聘</h1><p>荣成市全面推行县管校聘管理改革，组织教师交流轮岗120名，"
                     "城乡教师配置更加均衡，群众满意度明显提升。</p></article></body></html>", encoding="utf-8")
    graph = to_rdflib(build_triples(build_knowledge_base([report, saved])))
    sources = {str(o) for o in graph.objects(None, DCTERMS.source) if isinstance(o, URIRef)}
    assert sources == {page, page + "x"}
    evidence = set(graph.subjects(EDU.document, None))
    cited = {ev: set(graph.objects(ev, DCTERMS.source)) for ev in evidence}
    assert evidence and all(len(pages) == 1 and str(next(iter(pages))).startswith(page)
                            for pages in cited.values())        # each sentence cites its page
