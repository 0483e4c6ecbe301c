"""Hostile text through the whole pipeline (read → normalize → extract → link → rdf →
serialize → HTML): whatever the labels and sentences hold, the Turtle, N-Triples and JSON-LD
parse (rdflib and Oxigraph), every IRI is valid, and the HTML view keeps the text inert."""
from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from selectolax.lexbor import LexborHTMLParser

from edukg.export.html import render_html
from edukg.export.serialize import to_jsonld, to_ntriples, to_turtle
from edukg.link import link
from edukg.pipeline import extract_file
from edukg.rdf import build_graph
from edukg.records import Extraction

ROOT = Path(__file__).resolve().parents[1]
# A real seed sentence (with a region, a program and a measure) that keeps the document
# well above the "has Chinese text" threshold whatever surrounds it.
SEED = "近年来，淄川区深入推进“县管校聘”管理改革，累计投入16.5亿元，新建改扩建学校12所。"

NASTY = ['"', "'", '"""', "'''", "\\", "\\u0022", "\\n", "<", ">", "&", "</script>",
         "<script>alert(1)</script>", "<!--", "]]>", "${x}", "{{x}}", "\x1b[31m", "\x07",
         "\x7f", "\u2028", "\u2029", "\ufeff", "\ufffe", "\u200b", "\u202e", "🎓", "👩‍🏫",
         "Ω", "العربية", "עברית", "кириллица", "汉字", "漢字", "ｆｕｌｌ", "\t", "\r", "@zh",
         "^^xsd:string", "_:b0", "<http://x/>", "#", "%00", "..", "/", " "]

hostile = st.lists(
    st.one_of(st.sampled_from(NASTY),
              st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12)),
    max_size=6,
).map("".join)


def document(h: str) -> str:
    """The hostile text where labels, titles and evidence sentences come from."""
    return (f"淄川区教育局关于{h}的报告\n"
            f"{SEED}\n"
            f"淄川区实施“{h}工程”，{h}新建{h}实验学校3所。\n"
            f"{h}淄博市{h}中学获评全国文明校园{h}。\n"
            f"{h}\n")


@lru_cache(maxsize=1)
def baseline_tags() -> Counter:
    graph = build_graph(link([run(document("普通"), Path("/tmp/edukg-baseline.txt"))]))
    return _tags(render_html(graph))


def _tags(page: str) -> Counter:
    return Counter(node.tag for node in LexborHTMLParser(page).root.traverse())


def run(text: str, path: Path) -> Extraction:
    path.write_text(text, encoding="utf-8")
    result = extract_file(str(path))
    assert isinstance(result, Extraction), result
    return result


def check_outputs(extraction: Extraction) -> None:
    graph = build_graph(link([extraction]))
    ttl, nt, jsonld = to_turtle(graph), to_ntriples(graph), to_jsonld(graph)

    # Turtle and N-Triples: both parsers agree on every triple
    parsed = Graph().parse(data=ttl, format="turtle")
    assert len(parsed) == len(graph)
    assert len(Graph().parse(data=nt, format="nt")) == len(graph)
    assert len(list(ox.parse(ttl, format=ox.RdfFormat.TURTLE))) == len(graph)
    assert len(list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))) == len(graph)
    # every IRI is one Oxigraph accepts, and literals carry no control characters
    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef):
                ox.NamedNode(str(term))
                assert str(term).isascii(), term
            elif isinstance(term, Literal):
                assert not any(ord(c) < 32 and c not in "\t\n\r" for c in str(term)), term
    json.loads(jsonld)
    assert len(Graph().parse(data=jsonld, format="json-ld")) == len(graph)

    # HTML: the page has exactly the structure of a page made from harmless text
    assert _tags(render_html(graph)) == baseline_tags()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(h=hostile)
@example(h='"\\<>&\x1b\u2028🎓Ωالعربية</script><script>alert(1)</script>')
@example(h="")
def test_hostile_text_keeps_every_output_valid(h: str, tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "report.txt"
    check_outputs(run(document(h), path))


# Not "%00": 10,000 characters of digit runs in one clause take extraction minutes (a
# quadratic clause scan in extract/measures.py), a speed problem, not one of validity.
LONG_CHUNKS = [c for c in NASTY if c != "%00"] + ["县管校聘", "a", "教育"]


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chunk=st.sampled_from(LONG_CHUNKS))
def test_ten_thousand_character_strings(chunk: str, tmp_path_factory):
    long = (chunk * (10_000 // len(chunk) + 1))[:10_000]
    path = tmp_path_factory.mktemp("long") / "report.txt"
    check_outputs(run(document(long), path))


def test_hostile_text_reaches_the_literals(tmp_path: Path):
    """The property tests are not vacuous: hostile text does end up in labels and sentences."""
    h = '"\\<>&🎓Ω</script>'
    graph = build_graph(link([run(document(h), tmp_path / "report.txt")]))
    literals = [str(o) for o in graph.objects() if isinstance(o, Literal)]
    assert any(h in value for value in literals)
    page = render_html(graph)
    assert "</script>" + "🎓" not in page and h not in page
