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


def used(where: str) -> dict | None:
    return predicates_used(PREFIXES + "SELECT ?s WHERE { " + where + " }")


def test_constant_predicates_and_paths_are_collected():
    assert used("?s e:a ?o . ?o e:b ?x") == {E + "a": None, E + "b": None}
    assert used("?s ^e:a|e:b ?o") == {E + "a": None, E + "b": None}
    assert used("?s a/rdfs:subClassOf* e:C") == {RDF + "type": None, RDFS + "subClassOf": None}


def test_iri_objects_narrow_a_predicate_until_one_pattern_takes_any_object():
    assert used("?s a e:Class . ?x a e:Other") == {RDF + "type": {E + "Class", E + "Other"}}
    assert used("?s a e:Class . ?x a ?t") == {RDF + "type": None}
    assert used('?s e:name "x"') == {E + "name": None}        # literals: any object


@pytest.mark.parametrize("negation", ["FILTER NOT EXISTS", "MINUS"])
def test_a_variable_predicate_pinned_by_a_filter_over_its_pattern_is_bounded(negation):
    """The shape of edukg's relation-evidence constraint (the checker runs NOT EXISTS as
    MINUS)."""
    query = f"""?s ?p ?o . FILTER (?p IN (e:partOf, e:implements))
               {negation} {{ ?ev a e:Evidence ; rdf:subject ?s ; rdf:predicate ?p ;
                             e:document ?doc . }}"""
    assert used(query) == {E + "partOf": None, E + "implements": None,
                           RDF + "type": {E + "Evidence"}, RDF + "subject": None,
                           RDF + "predicate": None, E + "document": None}


def test_the_relation_evidence_shape_is_scoped_as_the_checker_runs_it():
    from edukg.shaclcheck import Checker, _not_exists_as_minus
    from edukg.validate import ontology_dir

    checker = Checker(ontology_dir() / "shapes.ttl")
    selects = [checker.g.one(c, "select").value for shape in checker.shapes
               for c in checker.g.objects(shape, "sparql")]
    assert selects
    for select in selects:
        query = "PREFIX edu: <https://w3id.org/edukg/ontology#>\n" \
                "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n" + select
        scope = predicates_used(_not_exists_as_minus(query).replace("$this", "?this"))
        assert scope is not None and scope[RDF + "type"] == {"https://w3id.org/edukg/ontology#Evidence"}


@pytest.mark.parametrize("where", [
    "?s ?p ?o",                                                  # any predicate
    "?s ?p ?o OPTIONAL { ?o e:z ?q } FILTER (?p IN (e:x))",      # the filter is over a left join
    "?s e:a ?o MINUS { ?s ?p ?o } FILTER (?p IN (e:x))",         # … pins only MINUS's left side
    "{ ?s ?p ?o } UNION { ?s e:a ?o } FILTER (?p IN (e:x))",     # … or over a union
    "?s ?p ?o FILTER (?p IN (e:x) || ?p = e:y)",                 # not a conjunction of IN
    "?s rdfs:subClassOf* e:C",                                   # zero steps: every node
    "?s !e:a ?o",                                                # negated path
    "GRAPH ?g { ?s e:a ?o }",                                    # named graphs
    "this is not SPARQL",
])
def test_anything_else_may_need_every_triple(where):
    assert used(where) is None
