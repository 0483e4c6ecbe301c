"""The fast SHACL checker on small hand-written shapes: each failed constraint is reported
with its own message (the build prints them), however many constraints a shape has."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from edukg.shaclcheck import Checker

SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
ex:CodeShape a sh:NodeShape ;
    sh:targetClass ex:Thing ;
    sh:property [ sh:path ex:code ; sh:datatype xsd:string ; sh:minLength 3 ; sh:maxLength 6 ;
                  sh:pattern "^[0-9]+$" ; sh:nodeKind sh:Literal ] ;
    sh:property [ sh:path ex:name ; sh:languageIn ( "zh" ) ; sh:in ( "甲"@zh "乙"@zh ) ] .
"""
EX = "http://example.org/"
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD_INT = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


def violations(tmp_path: Path, code, name=ox.Literal("甲", language="zh")) -> set[str]:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES, encoding="utf-8")
    thing = ox.NamedNode(EX + "a")
    triples = [(thing, TYPE, ox.NamedNode(EX + "Thing")), (thing, ox.NamedNode(EX + "code"), code),
               (thing, ox.NamedNode(EX + "name"), name)]
    return {r.message for r in Checker(shapes).run(triples)}


def test_a_conforming_value_passes_every_constraint(tmp_path):
    assert violations(tmp_path, ox.Literal("1234")) == set()


def test_each_failed_constraint_reports_its_own_message(tmp_path):
    assert violations(tmp_path, ox.Literal("12")) == {"minLength 3 not met"}
    assert violations(tmp_path, ox.Literal("1234567")) == {"maxLength 6 not met"}
    assert violations(tmp_path, ox.Literal("12a4")) == {"Value does not match pattern '^[0-9]+$'"}
    assert violations(tmp_path, ox.Literal("1234", datatype=XSD_INT)) == {
        "Value is not Literal with datatype http://www.w3.org/2001/XMLSchema#string"}
    assert violations(tmp_path, ox.NamedNode(EX + "1234")) == {   # an IRI's text is checked too
        "Value is not Literal with datatype http://www.w3.org/2001/XMLSchema#string",
        "maxLength 6 not met", "Value does not match pattern '^[0-9]+$'",
        "Value is not of node kind Literal"}
    assert violations(tmp_path, ox.Literal("1234"), ox.Literal("丙", language="en")) == {
        "Language not in the allowed list", "Value is not in the allowed list"}


def test_target_nodes_and_classes_reached_through_subclasses(tmp_path):
    """A target node is a focus node even when the graph never names it; a class target
    and sh:class follow rdfs:subClassOf; values are checked on the triples given, not on
    the ontology's."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:Named a sh:NodeShape ; sh:targetNode ex:present , ex:absent ;
    sh:property [ sh:path ex:label ; sh:minCount 1 ] .
ex:Placed a sh:NodeShape ; sh:targetClass ex:Place ;
    sh:property [ sh:path ex:within ; sh:class ex:Place ; sh:maxCount 1 ] .
""", encoding="utf-8")
    ontology = tmp_path / "ontology.ttl"
    ontology.write_text("""
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/> .
ex:Town rdfs:subClassOf ex:Place . ex:County rdfs:subClassOf ex:Place .
""", encoding="utf-8")
    n = lambda local: ox.NamedNode(EX + local)   # noqa: E731
    triples = [(n("present"), n("label"), ox.Literal("here")),
               (n("kunlun"), TYPE, n("Town")), (n("huancui"), TYPE, n("County")),
               (n("kunlun"), n("within"), n("huancui")),            # a Place: conforms
               (n("huancui"), n("within"), n("present"))]           # not a Place
    found = {(r.focus, r.path, r.message)
             for r in Checker(shapes, ontology).run(triples)}
    assert found == {(EX + "absent", EX + "label", "Less than 1 values"),
                     (EX + "huancui", EX + "within", f"Value does not have class {EX}Place")}
