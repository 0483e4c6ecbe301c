"""The built graph in other tools: Oxigraph, Raptor's rapper, and the three serialisations.

output/ holds what users load into their stores, so these tests read the committed files
(test_build checks that output/graph.ttl matches a fresh build).
"""
from __future__ import annotations

import shutil
import subprocess
import warnings
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic

from edukg import query as q

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "output"
TTL, NT, JSONLD = OUTPUT / "graph.ttl", OUTPUT / "graph.nt", OUTPUT / "graph.jsonld"
_NUMERIC = {f"http://www.w3.org/2001/XMLSchema#{name}" for name in ("integer", "decimal", "double", "float")}


@pytest.fixture(scope="module")
def turtle_graph() -> Graph:
    return Graph().parse(TTL, format="turtle")


def test_turtle_loads_into_oxigraph_strictly_without_warnings(turtle_graph: Graph):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        store = ox.Store()
        store.load(path=str(TTL), format=ox.RdfFormat.TURTLE, lenient=False)
    assert len(store) == len(turtle_graph) > 1000


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (Debian raptor2-utils) not installed")
@pytest.mark.parametrize("path,syntax", [(TTL, "turtle"), (NT, "ntriples")])
def test_rapper_parses_the_graph_without_warnings(turtle_graph: Graph, path: Path, syntax: str):
    done = subprocess.run(["rapper", "-i", syntax, "-c", str(path)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert "warning" not in done.stderr.lower() and "error" not in done.stderr.lower(), done.stderr
    assert f"returned {len(turtle_graph)} triples" in done.stderr


def test_ntriples_is_sorted_and_is_the_same_graph(turtle_graph: Graph):
    lines = NT.read_text(encoding="utf-8").splitlines()
    assert lines == sorted(set(lines))
    assert isomorphic(Graph().parse(NT, format="nt"), turtle_graph)


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # inside rdflib
def test_jsonld_is_the_same_graph(turtle_graph: Graph):
    assert isomorphic(Graph().parse(JSONLD, format="json-ld"), turtle_graph)


def _key(term):
    """Engine-independent comparison key: numbers by value (1.50 = 1.5), bnodes anonymous."""
    if term is None:
        return ("",)
    if isinstance(term, Literal):
        if term.datatype and str(term.datatype) in _NUMERIC:
            return ("number", Decimal(str(term)))
        return ("literal", str(term), term.language or "", str(term.datatype or ""))
    return (type(term).__name__, str(term))


@pytest.fixture(scope="module")
def both_engines(turtle_graph: Graph) -> tuple[q.Engine, q.Engine]:
    return q.open_graph(TTL, "oxigraph"), q.RdflibEngine(turtle_graph)


@pytest.mark.parametrize("name", sorted(q.catalog()))
def test_catalog_query_gives_the_same_rows_on_oxigraph_and_rdflib(both_engines, name: str):
    oxigraph, rdflib_engine = both_engines
    text = q.catalog()[name].text
    a, b = oxigraph.query(text), rdflib_engine.query(text)
    assert a.variables == b.variables
    assert a.rows, name
    assert sorted(tuple(map(_key, r)) for r in a.rows) == sorted(tuple(map(_key, r)) for r in b.rows)
