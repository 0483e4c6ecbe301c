"""Every ```sparql example in the documentation runs as written, on two engines.

A reader pastes these into Jena, GraphDB or a Python shell: each must declare every prefix it
uses (strict parsers, rdflib's prepareQuery and Oxigraph without default prefixes, refuse
what is undeclared) and find something on the seeds graph — or, for an example that says so in
a comment right above it (`<!-- example graph: docs/examples/groups.txt -->`), on the graph
built from that short report: the seeds name no education group's members, for one.
"""
from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery

ROOT = Path(__file__).resolve().parents[1]
GRAPH = ROOT / "output" / "graph.ttl"
DOCS = [ROOT / "README.md", ROOT / "ontology" / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


_FENCE = re.compile(r"^(?:<!-- example graph: (?P<source>\S+) -->\n)?```sparql\n(?P<query>.*?)^```", re.S | re.M)


def examples() -> list[tuple[str, str, str | None]]:
    """(where, query, the report it runs on when not the seeds) of every example."""
    return [(f"{path.relative_to(ROOT)}:{text[:m.start('query')].count(chr(10)) + 1}", m["query"], m["source"])
            for path in DOCS for text in [path.read_text(encoding="utf-8")] for m in _FENCE.finditer(text)]


EXAMPLES = examples()


def test_the_ontology_readme_has_examples():
    assert any(place.startswith("ontology/README.md") for place, _, _ in EXAMPLES)


@pytest.fixture(scope="module")
def graphs(tmp_path_factory) -> dict[str | None, tuple[Graph, ox.Store]]:
    """The seeds graph (key None) and the graph of each report an example names."""
    import edukg

    files = {None: GRAPH}
    for source in sorted({source for _, _, source in EXAMPLES if source}):
        folder = tmp_path_factory.mktemp("example")
        edukg.build([ROOT / source]).save(folder, formats=["ttl"], html=False)
        files[source] = folder / "graph.ttl"
    out = {}
    for source, path in files.items():
        store = ox.Store()
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
        out[source] = Graph().parse(path, format="turtle"), store
    return out


@pytest.mark.parametrize("place, text, source", EXAMPLES, ids=[place for place, _, _ in EXAMPLES])
def test_example_runs_as_written_on_rdflib_and_oxigraph(graphs, place: str, text: str, source: str | None):
    graph, store = graphs[source]
    rows = list(graph.query(prepareQuery(text)))       # no namespaces but the query's own
    assert rows, f"{place}: no answer on the {source or 'seeds'} graph (rdflib)"
    answer = store.query(text)                           # no default prefixes either
    assert list(answer) if not isinstance(answer, ox.QueryBoolean) else bool(answer), place
