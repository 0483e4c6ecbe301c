"""`edukg query`: how QUERY is resolved, the output formats, and one-line errors."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from edukg import query as q
from edukg.cli import main
from edukg.rdf import EDU, EDUID

ROOT = Path(__file__).resolve().parents[1]
GRAPH = ROOT / "output" / "graph.ttl"
ZHIFU = EDUID["region/370602"]          # 芝罘区
YANTAI = EDUID["region/370600"]         # 烟台市


def run(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(["query", *args])
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def assert_one_line_error(code: int, err: str, *expected: str) -> None:
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("edukg: error: "), err
    for text in expected:
        assert text in lines[0], err


# ---------------------------------------------------------------- resolving QUERY

def test_list_shows_every_catalog_query_on_one_line(capsys):
    code, out, _ = run(capsys, "--list")
    assert code == 0
    lines = out.strip().splitlines()
    names = [line.split()[0] for line in lines]
    assert names == sorted(q.catalog()) and len(names) >= 10
    assert any("program-regions" in line and "--param search=" in line for line in lines)


def test_a_catalog_name_runs_that_query(capsys):
    code, out, _ = run(capsys, "region-hierarchy", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {"regionName": "芝罘区", "ancestorName": "山东省"}.items() <= \
        next(r for r in rows if r["regionName"] == "芝罘区" and r["ancestorName"] == "山东省").items()


def test_a_rq_file_and_a_sparql_string(capsys, tmp_path: Path):
    text = "SELECT ?label WHERE { eduid:region\\/370602 rdfs:label ?label }"
    rq = tmp_path / "zhifu.rq"
    rq.write_text("# the label of 芝罘区\n" + text + "\n", encoding="utf-8")
    for query in (str(rq), text):
        code, out, err = run(capsys, query, "-f", "tsv")
        assert code == 0, err
        assert out == '?label\n"芝罘区"@zh-hans\n'


def test_unknown_name_and_missing_file_are_one_line(capsys):
    code, _, err = run(capsys, "program-regoins")
    assert_one_line_error(code, err, "unknown catalog query", "did you mean program-regions?")
    code, _, err = run(capsys, "no/such/query.rq")
    assert_one_line_error(code, err, "no/such/query.rq: no such file")


def test_missing_graph_is_one_line(capsys, tmp_path: Path):
    code, _, err = run(capsys, "region-hierarchy", "--graph", str(tmp_path / "nope.ttl"))
    assert_one_line_error(code, err, "nope.ttl: no such file")


def test_broken_graph_is_one_line(capsys, tmp_path: Path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('<urn:a> <urn:b> "unterminated .\n')
    for engine in q.ENGINES:
        code, _, err = run(capsys, "region-hierarchy", "--graph", str(bad), "--engine", engine)
        assert_one_line_error(code, err, "bad.ttl: cannot parse as turtle")


@pytest.mark.parametrize("engine", q.ENGINES)
def test_syntax_error_names_line_and_column(capsys, engine: str):
    code, _, err = run(capsys, "SELECT ?x\nWHERE { ?x a edu:Region", "--engine", engine)
    assert_one_line_error(code, err, "SPARQL syntax error at line 2, column ")


def test_undeclared_prefix_is_explained(capsys):
    code, _, err = run(capsys, "SELECT ?x WHERE { ?x a foo:Region }")
    assert_one_line_error(code, err, "undeclared prefix")


def test_unknown_format_and_engine(capsys):
    code, _, err = run(capsys, "region-hierarchy", "--format", "xlsx")
    assert_one_line_error(code, err, "unknown --format 'xlsx'")
    code, _, err = run(capsys, "region-hierarchy", "--engine", "jena")
    assert_one_line_error(code, err, "unknown engine 'jena'")


# ---------------------------------------------------------------- output formats

def test_table_shows_labels_and_short_iris(capsys):
    code, out, _ = run(capsys, "SELECT ?r WHERE { ?r edu:adminCode \"370602\" }")
    assert code == 0
    assert "芝罘区" in out and "eduid:region/370602" in out and "https://" not in out
    assert "1 row" in out


def test_csv_tsv_json_follow_the_w3c_formats(capsys):
    text = "SELECT ?r ?label ?code WHERE { ?r edu:adminCode ?code ; rdfs:label ?label } ORDER BY ?code"
    _, out_csv, _ = run(capsys, text, "-f", "csv")
    _, out_tsv, _ = run(capsys, text, "-f", "tsv")
    _, out_json, _ = run(capsys, text, "-f", "json")
    assert out_csv.startswith("r,label,code\r\n")
    assert f"{ZHIFU},芝罘区,370602\r\n" in out_csv
    assert out_tsv.startswith("?r\t?label\t?code\n")
    assert f'<{ZHIFU}>\t"芝罘区"@zh-hans\t"370602"\n' in out_tsv
    data = json.loads(out_json)
    assert data["head"]["vars"] == ["r", "label", "code"]
    assert {"r": {"type": "uri", "value": str(ZHIFU)},
            "label": {"type": "literal", "value": "芝罘区", "xml:lang": "zh-hans"},
            "code": {"type": "literal", "value": "370602"}} in data["results"]["bindings"]
    # an independent parser reads them back
    parsed = list(ox.parse_query_results(out_tsv, format=ox.QueryResultsFormat.TSV))
    assert len(parsed) == len(data["results"]["bindings"]) == len(out_csv.splitlines()) - 1


def test_ask(capsys):
    code, out, _ = run(capsys, "ASK { ?r rdfs:label \"芝罘区\"@zh-hans }")
    assert (code, out) == (0, "true\n")
    _, out, _ = run(capsys, "ASK { ?r rdfs:label \"no such place\" }", "-f", "json")
    assert json.loads(out) == {"head": {}, "boolean": False}


@pytest.mark.parametrize("engine", q.ENGINES)
def test_construct_prints_turtle(capsys, engine: str):
    text = "CONSTRUCT { ?r edu:partOf ?p } WHERE { ?r edu:partOf ?p ; edu:adminCode \"370602\" }"
    code, out, _ = run(capsys, text, "--engine", engine)
    assert code == 0
    assert "@prefix eduid:" in out
    graph = Graph().parse(data=out, format="turtle")
    assert set(graph) == {(ZHIFU, EDU.partOf, YANTAI)}
    _, out_nt, _ = run(capsys, text, "-f", "nt")
    assert out_nt == f"<{ZHIFU}> <{EDU.partOf}> <{YANTAI}> .\n"
    code, _, err = run(capsys, text, "-f", "csv")
    assert_one_line_error(code, err, "--format csv does not fit a CONSTRUCT/DESCRIBE query")


# ---------------------------------------------------------------- parameters

def test_param_replaces_the_values_block(capsys):
    code, out, _ = run(capsys, "program-regions", "--param", "search=双减", "-f", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and all("双减" in r["programName"] or "双减" in r["sentence"] for r in rows)
    assert any(r["regionName"] == "淄川区" for r in rows)
    assert not any("县管校聘" in r["programName"] for r in rows)


def test_show_prints_the_query_after_params(capsys):
    code, out, _ = run(capsys, "program-regions", "--param", "search=雙減", "--show")
    assert code == 0
    assert 'VALUES ?search { "双减" }' in out and "县管校聘\" }" not in out
    assert out.startswith("# title:")
    code, out, _ = run(capsys, "SELECT * WHERE { VALUES ?x { UNDEF } }", "--param", 'x=a"b', "--show")
    assert code == 0 and 'VALUES ?x { "a\\"b" }' in out       # taken as written, quoted


# names as people write them: the view finds all of these, and so does the catalog

@pytest.mark.parametrize("name, param, given, exact", [
    ("institutions-in-area", "within", "淄川", "淄川区"),          # a short form
    ("program-regions", "search", "縣管校聘", "县管校聘"),          # Traditional script
    ("facts-about", "name", "威海", "威海市"),
    ("region-profile", "place", "威海", "威海市"),
    ("recognitions", "who", "芝罘", "芝罘区"),
    ("shared-programs", "search", "縣管校聘", "县管校聘"),
])
def test_params_match_short_forms_and_both_scripts(capsys, name, param, given, exact):
    code, out, err = run(capsys, name, "--param", f"{param}={exact}", "-f", "csv")
    assert code == 0, err
    expected = out
    assert len(expected.splitlines()) > 1                          # rows, not just the header
    code, out, err = run(capsys, name, "--param", f"{param}={given}", "-f", "csv")
    assert code == 0, err
    assert out == expected


def test_an_unknown_name_is_an_error_with_suggestions(capsys):
    code, _, err = run(capsys, "institutions-in-area", "--param", "within=淄州")
    assert_one_line_error(code, err, "no region named 淄州", "did you mean", "淄川区")
    code, _, err = run(capsys, "facts-about", "--param", "name=威海教育")
    assert_one_line_error(code, err, "no entity named 威海教育", "威海市教育局")
    code, _, err = run(capsys, "program-regions", "--param", "search=不存在的改革")
    assert_one_line_error(code, err, "no program named 不存在的改革")


def test_every_catalog_query_about_something_takes_its_parameter():
    from edukg.query_params import declared

    for name, item in q.catalog().items():
        kinds = declared(item)
        assert kinds, f"{name} declares no parameter"
        assert set(kinds) <= set(item.params), f"{name}: a declared parameter has no VALUES block"
        for param in kinds:
            assert f"--param {param}=" in item.description, f"{name}: the description shows no {param}"


def test_param_keeps_the_language_tag_of_the_default():
    text = 'SELECT * WHERE { VALUES ?name { "荣成市"@zh-hans } ?e rdfs:label ?name }'
    assert 'VALUES ?name { "威海市"@zh-hans }' in q.apply_params(text, {"name": "威海市"})
    assert q.catalog()["facts-about"].params == {"name": '"荣成市"@zh-hans'}


def test_bad_params_are_one_line(capsys):
    code, _, err = run(capsys, "region-hierarchy", "--param", "nothing=1")
    assert_one_line_error(code, err, "no `VALUES ?nothing")
    code, _, err = run(capsys, "program-regions", "--param", "search")
    assert_one_line_error(code, err, "expected NAME=VALUE")


def test_params_ignore_comments_iris_and_strings():
    text = ('# VALUES ?x { "in a comment" }\n'
            'SELECT * WHERE { VALUES ?x { UNDEF } ?s <http://e.org/#VALUES> "# not a comment" }  # end\n')
    out = q.apply_params(text, {"x": "新"})
    assert out.splitlines()[0] == '# VALUES ?x { "in a comment" }'
    assert 'VALUES ?x { "新" } ?s <http://e.org/#VALUES> "# not a comment" }  # end' in out
    masked = q.mask_comments(text)
    assert len(masked) == len(text) and "in a comment" not in masked and "# not a comment" in masked


# ---------------------------------------------------------------- a store, the engine's writers

def test_a_store_is_queried_without_parsing(capsys, tmp_path: Path):
    store = tmp_path / "store"
    assert main_code(["load", "--store", str(store), str(GRAPH)]) == 0
    capsys.readouterr()
    code, from_graph, _ = run(capsys, "region-hierarchy", "-f", "csv")
    code, from_store, err = run(capsys, "region-hierarchy", "-f", "csv", "--store", str(store))
    assert code == 0, err
    assert from_store == from_graph
    code, _, err = run(capsys, "region-hierarchy", "--store", str(tmp_path / "none"))
    assert_one_line_error(code, err, "no such store")


def main_code(args: list[str]) -> int:
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    return exit_info.value.code


def test_version(capsys):
    assert main_code(["--version"]) == 0
    assert capsys.readouterr().out.startswith("edukg ")


@pytest.mark.parametrize("name", sorted(q.catalog()))
def test_oxigraph_writers_give_the_same_csv_and_tsv(name: str):
    engine = q.open_graph(GRAPH)
    text = q.catalog()[name].text
    result = engine.query(text)
    assert engine.results_text(text, "csv") == q.to_csv(result).encode("utf-8")
    assert engine.results_text(text, "tsv") == q.to_tsv(result).encode("utf-8")


# ---------------------------------------------------------------- serializers vs Oxigraph's

def test_serializers_match_oxigraph_on_awkward_terms():
    store = ox.Store()
    text = r"""SELECT ?a ?b WHERE { VALUES (?a ?b) {
        ("tab\there" 1) ("quote\" and, comma"@en-GB 2.50) ("line\nbreak" -7)
        (<http://e.org/x#y> 1.5e3) ("true"^^<http://www.w3.org/2001/XMLSchema#boolean> UNDEF)
        ("2019-10-18"^^<http://www.w3.org/2001/XMLSchema#date> "0012"^^<http://www.w3.org/2001/XMLSchema#integer>)
        ("\\ backslash" "") } }"""
    native = store.query(text)
    solutions = list(native)
    result = q.Result("SELECT", ["a", "b"], [(q.from_ox(s["a"]), q.from_ox(s["b"])) for s in solutions])
    for fmt, ours in ((ox.QueryResultsFormat.CSV, q.to_csv), (ox.QueryResultsFormat.TSV, q.to_tsv)):
        assert ours(result).encode() == store.query(text).serialize(format=fmt), fmt
    assert json.loads(q.to_json(result)) == json.loads(store.query(text).serialize(format=ox.QueryResultsFormat.JSON))


def test_from_ox_keeps_lexical_forms():
    term = q.from_ox(ox.Literal("4300000000.0", datatype=ox.NamedNode(str(Literal(1.0).datatype))))
    assert str(term) == "4300000000.0"
    assert q.from_ox(ox.NamedNode("http://e.org/a")) == URIRef("http://e.org/a")
    assert q.shorten(str(ZHIFU), {"eduid": str(EDUID)}) == "eduid:region/370602"
    assert q.shorten("http://elsewhere.org/x", {"eduid": str(EDUID)}) == "<http://elsewhere.org/x>"
