"""The predicates a SPARQL constraint can match: the SHACL checker loads only those into its
store on large graphs, so any doubt must answer None (load everything)."""
from __future__ import annotations

import pytest

from edukg.sparql_scope import predicates_used

PREFIXES = """PREFIX e: <http://example.org/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
E, RDF, RDFS = ("http://example.org/", "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
                "http://www.w3.org/2000/01/rdf-schema#")


def used(where: str) -> frozenset[str] | None:
    return predicates_used(PREFIXES + "SELECT ?s WHERE { " + where + " }")


def test_constant_predicates_and_paths_are_collected():
    assert used("?s e:a ?o . ?o e:b ?x") == {E + "a", E + "b"}
    assert used("?s a e:Class") == {RDF + "type"}
    assert used("?s ^e:a|e:b ?o") == {E + "a", E + "b"}
    assert used("?s a/rdfs:subClassOf* e:C") == {RDF + "type", RDFS + "subClassOf"}


def test_a_variable_predicate_pinned_by_a_filter_over_its_pattern_is_bounded():
    """The shape of edukg's relation-evidence constraint."""
    query = """?s ?p ?o . FILTER (?p IN (e:partOf, e:implements))
               FILTER NOT EXISTS { ?ev a e:Evidence ; rdf:subject ?s ; rdf:predicate ?p ;
                                   e:document ?doc . }"""
    assert used(query) == {E + "partOf", E + "implements", RDF + "type", RDF + "subject",
                           RDF + "predicate", E + "document"}


@pytest.mark.parametrize("where", [
    "?s ?p ?o",                                                  # any predicate
    "?s ?p ?o OPTIONAL { ?o e:z ?q } FILTER (?p IN (e:x))",      # the filter is over a left join
    "{ ?s ?p ?o } UNION { ?s e:a ?o } FILTER (?p IN (e:x))",     # … or over a union
    "?s ?p ?o FILTER (?p IN (e:x) || ?p = e:y)",                 # not a conjunction of IN
    "?s rdfs:subClassOf* e:C",                                   # zero steps: every node
    "?s !e:a ?o",                                                # negated path
    "GRAPH ?g { ?s e:a ?o }",                                    # named graphs
    "this is not SPARQL",
])
def test_anything_else_may_need_every_triple(where):
    assert used(where) is None
