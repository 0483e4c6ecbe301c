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
