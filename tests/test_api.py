"""The Python API as a notebook uses it: build from folders, query the catalog with
parameters, save what `edukg build` writes, load it back; and the examples in its docstrings."""
from __future__ import annotations

import doctest
import importlib
import importlib.util
import re
import sys
import warnings
from pathlib import Path

import pytest

import edukg

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED = SEEDS / "003_bea782118845cf66.txt"


@pytest.fixture(scope="module")
def graph() -> edukg.Graph:
    return edukg.build([SEEDS])


def test_a_folder_builds_a_graph_whose_regions_can_be_queried(graph: edukg.Graph):
    rows = graph.query("region-hierarchy")
    assert ("淄川区", "淄博市") in {(r["regionName"], r["ancestorName"]) for r in rows}
    assert rows.columns[:2] == ("regionName", "level")


def test_a_catalog_parameter_narrows_the_answer_to_one_district(graph: edukg.Graph):
    everywhere = graph.query("institutions-in-area")
    district = graph.query("institutions-in-area", within="淄川区")
    assert district and len(district) < len(everywhere)
    assert {r["areaName"] for r in district} == {"淄川区"}
    assert "双泉小学" in {r["institutionName"] for r in district}


def test_a_saved_graph_is_what_the_command_line_writes_and_loads_back_the_same(
        graph: edukg.Graph, seeds_build: Path, tmp_path: Path):
    written = graph.save(tmp_path)
    assert sorted(p.name for p in written) == ["graph.html", "graph.jsonld", "graph.nt", "graph.ttl"]
    for name in ("graph.ttl", "graph.nt", "graph.jsonld"):
        assert (tmp_path / name).read_bytes() == (seeds_build / name).read_bytes(), name
    again = edukg.load(tmp_path / "graph.ttl")
    assert len(again) == len(graph)
    question = ("institutions-in-area", {"within": "淄川区"})
    assert again.query(question[0], **question[1]) == graph.query(question[0], **question[1])
    assert edukg.load(tmp_path).query("region-hierarchy") == graph.query("region-hierarchy")


def test_save_writes_only_the_formats_asked_for(graph: edukg.Graph, tmp_path: Path):
    assert [p.name for p in graph.save(tmp_path, formats=["nt"], html=False)] == ["graph.nt"]
    with pytest.raises(ValueError, match="formats are ttl, nt, jsonld"):
        graph.save(tmp_path, formats=["rdfxml"])


def test_sparql_text_and_its_answer_types(graph: edukg.Graph):
    rows = graph.query("SELECT ?code WHERE { ?r edu:adminCode ?code ; rdfs:label \"淄川区\"@zh-hans }")
    assert rows == [{"code": "370302"}]
    assert graph.query("ASK { ?s a edu:School }").boolean is True
    triples = graph.query("CONSTRUCT { ?r a edu:Region } WHERE { ?r edu:adminCode \"370302\" }")
    assert triples.columns == ("subject", "predicate", "object") and len(triples) == 1


def test_query_errors_name_the_problem(graph: edukg.Graph):
    with pytest.raises(edukg.QueryError, match="did you mean region-hierarchy"):
        graph.query("region-hierachy")
    with pytest.raises(edukg.QueryError, match=r"no `VALUES \?colour"):
        graph.query("region-hierarchy", colour="red")


def test_an_rdflib_graph_for_those_who_want_one(graph: edukg.Graph):
    from rdflib import Graph as RdflibGraph

    copy = graph.rdflib()
    assert isinstance(copy, RdflibGraph) and len(copy) == len(graph)


def test_skipped_inputs_are_warned_about_and_listed(tmp_path: Path):
    (tmp_path / SEED.name).write_bytes(SEED.read_bytes())
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.warns(UserWarning, match=r"skipped .*empty\.txt: empty file"):
        built = edukg.build([tmp_path])
    assert built.skipped == [(str(tmp_path / "empty.txt"), "empty file")]


def test_inputs_that_give_nothing_are_errors(tmp_path: Path):
    with pytest.raises(edukg.ReadError, match="no such file or directory"):
        edukg.build([tmp_path / "missing"])
    (tmp_path / "empty.txt").write_bytes(b"")
    with warnings.catch_warnings(), pytest.raises(edukg.ReadError, match="no document could be read"):
        warnings.simplefilter("ignore")
        edukg.build([tmp_path])
    with pytest.raises(edukg.GraphError, match="no such file"):
        edukg.load(tmp_path / "graph.ttl")


def test_the_pipeline_walks_a_folder_it_is_given():
    from edukg.pipeline import build_knowledge_base

    assert len(build_knowledge_base([SEEDS]).documents) == 4


def test_a_dataframe_when_pandas_is_installed(graph: edukg.Graph):
    pytest.importorskip("pandas")
    frame = graph.dataframe("institutions-in-area", within="淄川区")
    assert list(frame.columns)[:2] == ["areaName", "institutionName"]
    assert set(frame["areaName"]) == {"淄川区"}


def test_without_pandas_the_error_says_what_to_install(graph: edukg.Graph, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pip install 'edukg\[pandas\]'"):
        graph.query("region-hierarchy").to_pandas()


def test_the_package_is_typed():
    assert (Path(edukg.__file__).parent / "py.typed").is_file()


@pytest.mark.parametrize("name", ["edukg.api", "edukg.read"])
def test_the_docstring_examples_run(name: str, monkeypatch):
    monkeypatch.chdir(ROOT)                 # the examples name seeds/ and output/
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def test_the_examples_in_the_api_page_run(monkeypatch):
    """docs/api.md's ```pycon blocks, in order, as one session (pandas ones need pandas)."""
    monkeypatch.chdir(ROOT)
    page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```pycon\n(.*?)^```", page, flags=re.DOTALL | re.MULTILINE)
    if importlib.util.find_spec("pandas") is None:
        blocks = [b for b in blocks if "dataframe(" not in b]
    assert len(blocks) >= 6
    test = doctest.DocTestParser().get_doctest("\n".join(blocks), {}, "docs/api.md", "docs/api.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0 and runner.tries > 10
