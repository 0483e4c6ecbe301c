"""The fast paths `edukg build` takes at scale give exactly what the reference paths give:
triples without rdflib, the linear SHACL checker, the HTML view from triples, the segmenter
cache, --jobs, and per-document N-Triples shards. (Timings are the benchmark's business:
`python -m edukg.bench`; nothing here is timed.)"""
from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from edukg.cli import app
from edukg.export.serialize import to_jsonld, to_ntriples, to_ntriples_and_turtle, to_turtle
from edukg.rdf import build_graph, build_triples

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
EDU = "https://w3id.org/edukg/ontology#"


@pytest.fixture(scope="module")
def triples(seeds_kb):
    return build_triples(seeds_kb)


def test_triples_serialise_exactly_like_the_rdflib_graph(seeds_kb, triples):
    graph = build_graph(seeds_kb)           # rdflib's serialisers (JSON-LD) on this path
    assert len(graph) == len(triples) == len(set(triples))
    assert to_turtle(triples) == to_turtle(graph)
    assert to_ntriples(triples) == to_ntriples(graph)
    assert to_jsonld(triples) == to_jsonld(graph)


def test_writers_trust_build_triples_to_be_unique_and_check_any_other_list(triples):
    """build_triples says its triples are unique (UniqueTriples), so the writers skip their
    duplicate check on it; a plain list, duplicates and all, gets the same bytes."""
    from edukg.rdf import UniqueTriples

    assert isinstance(triples, UniqueTriples) and len(set(triples)) == len(triples)
    repeated = list(triples) + list(triples[:50])
    assert to_jsonld(repeated) == to_jsonld(triples)
    assert to_ntriples_and_turtle(repeated) == to_ntriples_and_turtle(triples)
    assert to_ntriples(repeated) == to_ntriples(triples)


def test_html_view_from_triples_is_the_same_page(triples):
    from edukg.export.html import render_html
    from edukg.export.triplegraph import TripleGraph
    from edukg.rdf import to_rdflib

    assert render_html(TripleGraph(triples)) == render_html(to_rdflib(triples))


def _broken(triples):
    """A small graph (one seed document) with a sample of each kind of defect."""
    doc = ox.NamedNode("https://w3id.org/edukg/id/doc/003_bea782118845cf66")
    about = {s for s, p, o in triples if o == doc} | {doc}
    kept = [t for t in triples if t[0] in about]
    out = []
    for i, (s, p, o) in enumerate(kept):
        name = p.value
        if name.endswith("#label") and i % 7 == 0:
            o = ox.Literal(o.value, language="en")
        elif name == EDU + "document" and i % 3 == 0:
            continue
        elif name == EDU + "level" and i % 2 == 0:
            o = ox.Literal("village")
        elif name.endswith("#type") and i % 11 == 0:
            continue
        elif name == EDU + "value" and i % 2 == 0:
            o = ox.Literal(o.value)
        elif name == EDU + "value" and i % 3 == 0:       # ill-formed for its datatype
            o = ox.Literal("约" + o.value, datatype=o.datatype)
        out.append((s, p, o))
    return out


def test_fast_shacl_finds_what_pyshacl_finds(triples):
    from edukg.rdf import to_rdflib
    from edukg.validate import validate

    assert validate(triples, engine="fast") == []
    broken = _broken(triples)
    fast = validate(broken, engine="fast")
    reference = validate(to_rdflib(broken), engine="pyshacl")
    assert len(fast) == len(reference) > 10

    def where(violations):  # pyshacl names an inverse path by a blank node, we by ^IRI
        return sorted((v.focus, v.path if v.path.startswith("http") or not v.path else "inverse")
                      for v in violations)

    assert where(fast) == where(reference)
    # the SPARQL store loaded from N-Triples, or only with the predicates the query can match
    assert validate(broken, engine="fast", ntriples=to_ntriples(broken)) == fast
    from edukg.shaclcheck import Checker
    from edukg.validate import ontology_dir

    shapes, ontology = ontology_dir() / "shapes.ttl", ontology_dir() / "edukg.ttl"
    # large (scope_above=0): the SPARQL constraint is answered in Python (edukg.sparql_bgp)
    scoped = Checker(shapes, ontology, scope_above=0).run(broken)
    assert scoped == Checker(shapes, ontology, scope_above=10**9).run(broken)
    assert any("has no edu:Evidence" in r.message for r in scoped)


def test_turtle_follows_sorted_triples_on_awkward_terms():
    """Turtle is re-sorted from the N-Triples lines; the order must stay sorted_triples'
    (type, label, other predicates) even when literals and objects mimic a predicate."""
    from edukg.export.serialize import sorted_triples
    from edukg.rdf import PREFIXES

    rdf, rdfs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#"
    a, b, b1 = (ox.NamedNode(f"https://w3id.org/edukg/id/{n}") for n in ("a", "b", "b1"))
    tp, label, value = ox.NamedNode(rdf + "type"), ox.NamedNode(rdfs + "label"), ox.NamedNode(EDU + "value")
    triples = [
        (a, value, ox.Literal(f"x <{rdf}type> y\t")), (a, label, ox.Literal("z")),
        (a, tp, ox.NamedNode(EDU + "Program")), (a, value, tp), (a, tp, tp),
        (a, ox.NamedNode(EDU + "partOf"), b), (b1, tp, ox.NamedNode(EDU + "Region")),
        (b, label, ox.Literal(f" <{rdfs}label> ", language="zh")), (b, tp, ox.NamedNode(EDU + "Region")),
        (ox.BlankNode("n1"), label, ox.Literal("blank")), (ox.BlankNode("n10"), tp, tp),
        (b, ox.NamedNode(EDU + "sentence"), ox.Literal("s")),
        (b, ox.NamedNode(EDU + "sentenceIndex"), ox.Literal("1")),
    ]
    expected = ox.serialize(sorted_triples(triples), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    assert to_turtle(triples) == expected
    assert to_turtle(list(reversed(triples))) == expected
    assert to_ntriples_and_turtle(triples)[1] == expected


def test_turtle_abbreviates_every_term_as_oxigraph_does():
    """Turtle is written by edukg from each term's text; it must be the bytes Oxigraph's
    writer makes, for local names it escapes or cannot use, and literals it writes bare."""
    from edukg.export.serialize import sorted_triples
    from edukg.rdf import PREFIXES

    xsd, eduid = "http://www.w3.org/2001/XMLSchema#", "https://w3id.org/edukg/id/"
    locals_ = ["region/370602", "region/620403-ab6569f4", "a.b", "a.", ".a", "-a", "a/-b",
               "a:b", "a%20b", "中文", "a~b", "a#b", "", "a'b", "a(b", "_a", "a,b", "a;b",
               "a=b", "a!b", "a-", "1abc", "doc/000_6c9d2db7eb6e9529"]
    typed = [("80", "decimal"), ("80.5", "decimal"), (".5", "decimal"), ("5.", "decimal"),
             ("-3", "integer"), ("+3", "integer"), ("03", "integer"), ("abc", "integer"),
             ("1e3", "double"), ("1.5E3", "double"), ("NaN", "double"), ("1E3", "float"),
             ("true", "boolean"), ("1", "boolean"), ("2019", "gYear"), ("2022-12-16", "date"),
             ("x", "string")]
    objects = [ox.NamedNode(eduid + name) for name in locals_]
    objects += [ox.Literal(value, datatype=ox.NamedNode(xsd + kind)) for value, kind in typed]
    objects += [ox.Literal("x", datatype=ox.NamedNode("http://example.org/dt")),
                ox.Literal("a\nb\"c\\d\te\rf\u0001g😀", language="zh-hans"),
                ox.BlankNode("b1"), ox.NamedNode("http://example.org/x"),
                ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")]
    subjects = [ox.NamedNode(eduid + name) for name in ("s", "s-1", "s.t")] + [ox.BlankNode("z")]
    predicates = [ox.NamedNode(EDU + "value"), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                  ox.NamedNode("http://example.org/p"), ox.NamedNode(EDU + "a-b")]
    triples = [(s, p, o) for s in subjects for p in predicates for o in objects]
    expected = ox.serialize(sorted_triples(triples), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    assert to_turtle(triples) == expected
    assert to_ntriples_and_turtle(triples)[1] == expected
    assert to_turtle([]) == b""


def test_ntriples_lines_are_oxigraphs_own_on_hostile_terms():
    """N-Triples lines are written from each term's text, made once per term object: they
    must be the lines Oxigraph's writer makes, sorted and unique, whatever the literal holds,
    whether terms are shared or repeated, and from ox.Triple objects (whose terms are new
    objects at every access)."""
    s, p = ox.NamedNode("https://w3id.org/edukg/id/s"), ox.NamedNode(EDU + "sentence")
    literals = ["引号\"与\\反斜杠", "行\n回车\r制表\t", "\x00\x7f\u2028\ud7ff", "<x> <y> .",
                "\t\t<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ", "😀", ""]
    triples = [(s, p, ox.Literal(text, language="zh-hans")) for text in literals]
    triples += [(s, p, ox.Literal("2024", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear"))),
                (ox.BlankNode("b0"), p, s), (s, p, ox.Literal(literals[0], language="zh-hans")),
                (ox.NamedNode("https://w3id.org/edukg/id/s"), ox.NamedNode(EDU + "sentence"), ox.Literal("😀"))]
    expected = b"".join(sorted(set(
        ox.serialize([ox.Triple(*t) for t in triples],
                     format=ox.RdfFormat.N_TRIPLES).splitlines(keepends=True))))
    assert to_ntriples(triples) == expected
    assert to_ntriples([ox.Triple(*t) for t in triples]) == expected
    assert to_ntriples_and_turtle(triples) == (expected, to_turtle(triples))
    assert len(list(ox.parse(expected, format=ox.RdfFormat.N_TRIPLES))) == len(triples) - 1     # one repeated triple


def test_extract_nt_shards_are_deterministic_sorted_and_concatenate(seeds_build: Path):
    from edukg.shard import merge_shards

    runner = CliRunner()
    shards = []
    for path in sorted(SEEDS.glob("*.txt")):
        first = runner.invoke(app, ["extract", str(path), "--format", "nt"])
        again = runner.invoke(app, ["extract", str(path), "--format", "nt"])
        assert first.exit_code == 0, first.output
        data = first.stdout_bytes
        assert data == again.stdout_bytes
        lines = data.splitlines()
        assert lines == sorted(set(lines)) and lines
        shards.append(data)
    store = ox.Store()
    store.bulk_load(b"".join(shards), format=ox.RdfFormat.N_TRIPLES)   # `cat` of the shards
    merged = set(merge_shards(shards).splitlines())
    built = set((seeds_build / "graph.nt").read_bytes().splitlines())
    assert len(store) == len(merged)
    # only what cross-document linking adds may differ (docs/performance.md, "Beyond one machine")
    assert len(built & merged) >= 0.95 * len(built)


def test_jobs_2_writes_the_same_files(seeds_build: Path, tmp_path: Path):
    result = CliRunner().invoke(app, ["build", str(SEEDS), "--out", str(tmp_path), "--jobs", "2",
                                      "--no-html"])
    assert result.exit_code == 0, result.output
    for name in ("graph.ttl", "graph.nt", "graph.jsonld"):
        assert (tmp_path / name).read_bytes() == (seeds_build / name).read_bytes(), name


def test_view_limit_skips_the_page_with_a_warning(tmp_path: Path):
    result = CliRunner().invoke(app, ["build", str(SEEDS / "003_bea782118845cf66.txt"), "--out",
                                      str(tmp_path), "--no-validate", "--view-limit", "10"])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "graph.html").exists() and (tmp_path / "graph.ttl").exists()
    assert "--view-limit 10" in result.output


def test_segmenter_cache_gives_the_same_tokens(monkeypatch, tmp_path: Path):
    from edukg.segment import Segmenter

    monkeypatch.setenv("EDUKG_CACHE_DIR", str(tmp_path))
    names = ("芝罘区", "芝罘", "烟台市", "淄川区")
    fresh = Segmenter(names)                  # builds, then writes the cache
    assert list(tmp_path.glob("segmenter-*.marshal"))
    cached = Segmenter(names)                 # loads it
    text = (SEEDS / "003_bea782118845cf66.txt").read_text(encoding="utf-8")[:3000]
    assert cached.tokens(text) == fresh.tokens(text)
    assert cached.words(text) == fresh.words(text)


def test_benchmark_corpus_is_deterministic_and_names_other_places():
    from edukg.bench import CorpusMaker

    a, b = CorpusMaker(seed=3), CorpusMaker(seed=3)
    docs = [a.document(i) for i in range(3)]
    assert docs == [b.document(i) for i in range(3)]
    assert len(set(docs)) == 3 and all(len(d) > 300 for d in docs)
    seeds_text = "".join(p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt"))
    assert any(line not in seeds_text for d in docs for line in d.splitlines()[1:])
    # the same corpus in any interpreter: no choice may follow set order (PYTHONHASHSEED)
    import subprocess
    import sys

    code = ("import hashlib; from edukg.bench import CorpusMaker; m = CorpusMaker(seed=3); "
            "print(hashlib.md5(''.join(m.document(i) for i in range(200)).encode()).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True, env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout
               for seed in (1, 2, 3)}
    assert len(digests) == 1


def _bench_row(floor: float, outputs: float) -> dict:
    """A 4,000-document bench row shaped like the ones `python -m edukg.bench` records."""
    return {"documents": 4000, "chars": 6_899_075,
            "floor": {"lcut": floor, "edukg_tokens": 8.6},
            "build": {"wall": 82.7, "rss_mb": 1757.0,
                      "stages": {"extract+link": 47.2, "rdf": 3.8, "outputs": outputs,
                                 "validate": 7.2, "jsonld": 7.5, "ntriples+turtle": 14.0}},
            "build_nt_only": {"wall": 55.0, "rss_mb": 1500.0, "stages": {}}}


def test_bench_budget_says_what_is_left_for_extraction():
    from edukg.bench import budget

    b = budget(_bench_row(floor=17.3, outputs=29.0))
    assert b["allowed"] == pytest.approx(51.9)
    assert b["fixed"] == pytest.approx({"start and exit": 2.7, "segmentation": 8.6,
                                        "triples": 3.8, "products": 29.0})
    assert b["left"] == pytest.approx(51.9 - 44.1)
    assert b["rest"] == pytest.approx(47.2 - 8.6)
    assert b["speedup_needed"] == pytest.approx(38.6 / 7.8)
    # products alone over the budget: no extraction speed-up can meet it
    assert budget(_bench_row(floor=10.0, outputs=29.0))["speedup_needed"] is None


def test_bench_report_has_the_budget_and_the_ntriples_only_build():
    from edukg.bench import report

    res = {"machine": {"cpu": "test", "cores": 2, "memory": "1 GB", "python": "3"},
           "load_start": 0.5, "load_end": 0.6, "jobs": 2,
           "sizes": {4000: _bench_row(floor=17.3, outputs=29.0)}}
    text = report(res)
    assert "--formats nt --no-validate at 4,000 documents: 55.00 s = 3.18× the floor" in text
    assert "3× budget at 4,000 documents: 51.90 s; start and exit 2.70 s" in text
    assert "leave 7.80 s" in text and "which took 38.60 s (4.9× faster)" in text


def test_dask_shards_equal_local_shards():
    pytest.importorskip("dask.bag")
    from edukg.shard import dask_ntriples, document_ntriples, merge_shards

    paths = sorted(SEEDS.glob("*.txt"))[:2]
    import dask

    with dask.config.set(scheduler="synchronous"):      # the recipe's code path, one process
        assert dask_ntriples(paths) == merge_shards(document_ntriples(p) for p in paths)


def test_jsonld_has_the_context_then_one_node_per_line(triples):
    """graph.jsonld diffs node by node: each node of @graph is one line, in @id order."""
    import json

    text = to_jsonld(triples).decode("utf-8")
    lines = text.split("\n")
    assert lines[0].startswith('{"@context": {') and lines[1] == '"@graph": ['
    assert lines[-2:] == ["]}", ""]
    nodes = [json.loads(line.removesuffix(",")) for line in lines[2:-2]]
    assert nodes == json.loads(text)["@graph"]
    assert [n["@id"] for n in nodes] == sorted(n["@id"] for n in nodes)
    assert len(nodes) > 1000


def test_jsonld_from_triples_with_duplicates_and_equal_terms():
    """Duplicate triples and equal terms that are different objects: still rdflib's document."""
    from edukg.rdf import to_rdflib

    rdf, rdfs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#"
    a1, a2 = ox.NamedNode("https://w3id.org/edukg/id/a"), ox.NamedNode("https://w3id.org/edukg/id/a")
    b = ox.NamedNode("https://w3id.org/edukg/id/b")
    t1, t2, label = ox.NamedNode(rdf + "type"), ox.NamedNode(rdf + "type"), ox.NamedNode(rdfs + "label")
    triples = [(a1, t1, ox.NamedNode(EDU + "Program")), (b, label, ox.Literal("x", language="zh")),
               (a2, t2, ox.NamedNode(EDU + "Program")), (a2, label, ox.Literal("y")),
               (a1, t2, ox.NamedNode(EDU + "Region")), (b, label, ox.Literal("x", language="zh")),
               (a1, label, ox.Literal("5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))]
    assert to_jsonld(triples) == to_jsonld(to_rdflib(triples))


def test_products_are_made_in_workers_while_this_process_serialises():
    """`edukg build --jobs 2`: SHACL, JSON-LD and HTML in forked workers; N-Triples and
    Turtle (`meanwhile`) here at the same time; with one job everything here, same results."""
    import os

    from edukg.export.parallel import make_all

    tasks = {"total": lambda t: (os.getpid(), sum(t)), "count": lambda t: (os.getpid(), len(t))}
    here = os.getpid()
    made = make_all([1, 2, 3], tasks, jobs=2, meanwhile=lambda: {"here": (here, "nt")})
    assert made == {"total": (made["total"][0], 6), "count": (made["count"][0], 3),
                    "here": (here, "nt")}
    assert made["total"][0] != here and made["count"][0] != here
    alone = make_all([1, 2, 3], tasks, jobs=1, meanwhile=lambda: {"here": (here, "nt")})
    assert alone == {"total": (here, 6), "count": (here, 3), "here": (here, "nt")}


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_garbage_collector_is_paused_only_while_records_pile_up(jobs):
    """Linking (and receiving from workers) runs with the cyclic GC paused; it is back on
    afterwards, and left off if the caller had turned it off."""
    import gc

    from edukg.pipeline import build_knowledge_base

    seeds = sorted(SEEDS.glob("*.txt"))[:2]
    assert gc.isenabled()
    assert build_knowledge_base(seeds, jobs=jobs).documents
    assert gc.isenabled()
    gc.disable()
    try:
        build_knowledge_base(seeds, jobs=jobs)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_build_keeps_freed_memory_for_reuse_on_linux():
    """`edukg build` asks glibc to keep big freed buffers (see edukg.malloc): on glibc
    Linux the request must take effect, elsewhere it must change nothing and say so."""
    import platform
    import sys

    from edukg.malloc import keep_freed_memory

    on_glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert keep_freed_memory() is on_glibc
