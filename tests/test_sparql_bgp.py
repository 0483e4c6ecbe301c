"""The SPARQL subset SHACL constraints use, answered in Python: the same rows as Oxigraph's
for every query it accepts, and no answer (None: use a store) for anything else."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from edukg.rdf import coded_triples
from edukg.sparql_bgp import TripleIndex, plan

E = "http://example.org/"
PREFIXES = f"PREFIX e: <{E}>\nPREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
DATA = f"""
@prefix e: <{E}> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
e:weihai e:implements e:p1 , e:p2 ; e:partOf e:shandong ; a e:Region .
e:rongcheng e:implements e:p1 ; e:partOf e:weihai ; a e:Region .
e:school e:locatedIn e:rongcheng ; e:label "曜华小学"@zh-hans ; a e:Institution .
e:shandong a e:Region .
e:ev1 a e:Evidence ; rdf:subject e:weihai ; rdf:predicate e:implements ; rdf:object e:p1 ;
      e:document e:doc1 .
e:ev2 a e:Evidence ; rdf:subject e:rongcheng ; rdf:predicate e:partOf ; rdf:object e:weihai ;
      e:document e:doc1 .
e:ev3 a e:Evidence ; rdf:subject e:weihai ; rdf:predicate e:implements ; rdf:object e:p2 .
e:ev4 a e:Evidence ; rdf:subject e:school ; rdf:predicate e:locatedIn ; rdf:object e:rongcheng ;
      e:document e:doc2 , e:doc3 .
"""

RELATIONS = "FILTER (?p IN (e:partOf, e:locatedIn, e:implements))"
EVIDENCE = "?ev a e:Evidence ; rdf:subject ?this ; rdf:predicate ?p ; rdf:object ?o ; e:document ?doc ."


def graph(coded: bool = False) -> tuple[ox.Store, TripleIndex]:
    """The store and the index of DATA; `coded`: the index holds the terms' codes (as the
    SHACL checker's does), not the terms."""
    triples = [(t.subject, t.predicate, t.object)
               for t in ox.parse(DATA.encode(), format=ox.RdfFormat.TURTLE)]
    store = ox.Store()
    store.extend(ox.Quad(*t) for t in triples)
    terms = None
    if coded:
        terms, triples, _ = coded_triples(triples)
    spo: dict = {}
    for s, p, o in triples:
        spo.setdefault(s, {}).setdefault(p, []).append(o)
    return store, TripleIndex(triples, spo, terms)


def oxigraph_rows(store: ox.Store, query: str) -> list[tuple]:
    solutions = store.query(query)
    names = [v.value for v in solutions.variables]
    return sorted(tuple(sorted((n, str(row[n])) for n in names if row[n] is not None))
                  for row in solutions)


def our_rows(index: TripleIndex, query: str) -> list[tuple]:
    answer = plan(query)
    assert answer is not None, query
    return sorted(tuple(sorted((n, str(row[n])) for n in answer.variables if n in row))
                  for row in answer.rows(index))


@pytest.mark.parametrize("where", [
    # the edukg shape: relations without evidence pointing at a document
    f"SELECT ?this ?p ?o WHERE {{ ?this ?p ?o . {RELATIONS} MINUS {{ {EVIDENCE} }} }}",
    # joins by subject, by object, a constant object, a literal
    "SELECT * WHERE { ?r a e:Region ; e:implements ?p . ?q e:implements ?p }",
    "SELECT ?x WHERE { ?x e:partOf ?y . ?y e:partOf e:shandong }",
    "SELECT ?s WHERE { ?s e:label \"曜华小学\"@zh-hans }",
    "SELECT DISTINCT ?p WHERE { ?r e:implements ?p }",
    # a variable predicate on a known subject, and pinned by IN (also under &&)
    "SELECT ?p ?o WHERE { e:weihai ?p ?o }",
    f"SELECT ?this ?p WHERE {{ ?this ?p ?o {RELATIONS} }}",
    "SELECT ?s WHERE { ?s ?p ?o FILTER (?p IN (e:partOf) && ?o IN (e:weihai, e:shandong)) }",
    # MINUS with nothing shared removes nothing; a join of two groups; nothing matches
    "SELECT ?s WHERE { ?s a e:Region MINUS { ?x e:locatedIn ?y } }",
    "SELECT ?s ?d WHERE { { ?s e:partOf ?t } { ?ev rdf:subject ?s ; e:document ?d } }",
    "SELECT ?s WHERE { ?s e:nothing ?o }",
    # a filter on a variable the pattern never binds passes no row
    "SELECT ?s WHERE { ?s a e:Region FILTER (?z IN (e:weihai)) }",
    "SELECT ?s WHERE { [ a e:Evidence ; rdf:subject ?s ] }",
])
@pytest.mark.parametrize("coded", [False, True], ids=["terms", "codes"])
def test_rows_are_oxigraphs(where, coded):
    store, index = graph(coded)
    query = PREFIXES + where
    assert our_rows(index, query) == oxigraph_rows(store, query)


def test_a_constant_the_graph_does_not_hold_matches_nothing():
    store, index = graph(coded=True)
    for where in ["SELECT ?s WHERE { ?s e:implements e:nowhere }",
                  "SELECT ?s WHERE { ?s ?p ?o FILTER (?p IN (e:nowhere, e:partOf)) }",
                  "SELECT ?s WHERE { e:nowhere e:partOf ?s }"]:
        query = PREFIXES + where
        assert our_rows(index, query) == oxigraph_rows(store, query)


def test_the_edukg_shape_finds_the_relations_without_documented_evidence():
    _, index = graph()
    rows = our_rows(index, PREFIXES + f"SELECT ?this ?p ?o WHERE {{ ?this ?p ?o . {RELATIONS} "
                                      f"MINUS {{ {EVIDENCE} }} }}")
    assert [dict(r)["this"] + " " + dict(r)["o"] for r in rows] == [
        f"<{E}rongcheng> <{E}p1>",          # no evidence at all
        f"<{E}weihai> <{E}p2>",             # evidence without a document
        f"<{E}weihai> <{E}shandong>"]       # no evidence at all


@pytest.mark.parametrize("where", [
    "SELECT * WHERE { ?s ?p ?o }",                                   # every triple
    "SELECT * WHERE { ?s e:a ?o OPTIONAL { ?o e:b ?x } }",
    "SELECT * WHERE { { ?s e:a ?o } UNION { ?s e:b ?o } }",
    "SELECT * WHERE { ?s ?p ?o FILTER (?p = e:a) }",                 # only IN is taken
    "SELECT * WHERE { ?s e:a ?o FILTER NOT EXISTS { ?o e:b ?x } }",  # the checker makes MINUS
    "SELECT * WHERE { ?s e:a ?s }",
    "SELECT * WHERE { ?s e:a/e:b ?o }",
    "SELECT * WHERE { GRAPH ?g { ?s e:a ?o } }",
    "SELECT ?s WHERE { ?s e:a ?o } ORDER BY ?s",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s e:a ?o }",
    "ASK { ?s e:a ?o }",
    "this is not SPARQL",
])
def test_anything_else_is_left_to_a_store(where):
    assert plan(PREFIXES + where) is None
