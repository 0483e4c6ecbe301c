"""Reposted reports and repeated facts are counted once.

The seeds reposted 25 times each (as they are, inside a portal's menu and footer, in GB18030,
in Traditional script, as a saved HTML page) plus a mirror of seed 001 with another site's
header and footer lines build to exactly the seeds' Measures and Recognitions, with evidence
from every copy, and the same investment totals.
"""
from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import opencc
import pyoxigraph as ox
import pytest

from edukg import query as q
from edukg.copies import copy_groups, fingerprint
from edukg.extract.document import extract_document
from edukg.link import link
from edukg.normalize import normalize
from edukg.pipeline import extract_all
from edukg.rdf import build_triples
from edukg.read import find_inputs
from edukg.records import Document

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
REPOSTS = 25


def repost(text: str, i: int) -> tuple[str, bytes]:
    """(suffix, bytes) of the i-th repost of a report: five ways a page copies an article."""
    kind = i % 5
    if kind == 1:
        text = ("首页 > 新闻中心 > 教育动态\n" + text +
                "\n版权所有：某某市人民政府办公室  鲁ICP备12345678号\n联系电话：0533-1234567\n")
    if kind == 2:
        return ".txt", text.encode("gb18030")
    if kind == 3:
        return ".txt", opencc.OpenCC("s2t").convert(text).encode("utf-8")
    if kind == 4:
        paragraphs = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.splitlines())
        return ".html", ("<html><head><meta charset='utf-8'><title>转载</title></head><body>"
                         "<div class='nav'><a href='/'>首页</a> <a href='/news'>新闻</a></div>"
                         f"<div class='article'>{paragraphs}</div>"
                         "<div class='footer'>版权所有 © 2023</div></body></html>").encode("utf-8")
    return ".txt", text.encode("utf-8")


def mirror(text: str) -> str:
    """Seed 001 on another site: its four header lines replaced by the site's own."""
    body = text.splitlines()[4:]
    return "\n".join(["中国教育信息网 > 地方教育 > 山东",
                      "来源：淄博日报  作者：记者 王明  发布时间：2022-12-20 09:30  浏览：1024次",
                      *body,
                      "责任编辑：李华", "【打印本页】【关闭窗口】",
                      "主办单位：中国教育信息网  地址：北京市海淀区"])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("reposts")
    for seed in sorted(SEEDS.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        (folder / seed.name).write_text(text, encoding="utf-8")
        for i in range(REPOSTS):
            suffix, data = repost(text, i)
            (folder / f"repost_{seed.stem[:3]}_{i:02d}{suffix}").write_bytes(data)
        if seed.name.startswith("001"):
            (folder / "mirror_001.txt").write_text(mirror(text), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def extractions(corpus: Path) -> list:
    return list(extract_all(find_inputs([corpus]), jobs=2))


@pytest.fixture(scope="module")
def reposts_kb(extractions):
    return link(extractions)


def outcomes(kb) -> dict[str, object]:
    return {o.key: o for o in kb.outcomes}


def seed_of(identifier: str) -> str:
    """repost_001_07 and mirror_001 copy seed 001_88f1…"""
    number = identifier.split("_")[1] if not identifier[0].isdigit() else identifier[:3]
    return next(p.stem for p in SEEDS.glob(f"{number}_*.txt"))


@pytest.mark.slow
def test_reposts_build_to_exactly_the_seeds_measures_and_recognitions(reposts_kb, seeds_kb):
    built, seeds = outcomes(reposts_kb), outcomes(seeds_kb)
    assert built.keys() == seeds.keys()
    for key, outcome in built.items():
        assert outcome.subjects == seeds[key].subjects and outcome.value == seeds[key].value
        assert (outcome.kind, outcome.label) == (seeds[key].kind, seeds[key].label)


@pytest.mark.slow
def test_every_fact_has_evidence_from_every_copy(reposts_kb, seeds_kb):
    copies = defaultdict(set)
    for doc in reposts_kb.documents:
        copies[seed_of(doc.identifier)].add(doc.identifier)
    assert sorted(map(len, copies.values())) == [1 + REPOSTS] * 3 + [2 + REPOSTS]
    seeds = outcomes(seeds_kb)
    for key, outcome in outcomes(reposts_kb).items():
        seed = seeds[key].evidence[0].document
        assert {e.document for e in outcome.evidence} == copies[seed], outcome.label


@pytest.mark.slow
def test_the_copies_are_known_as_copies_of_their_seed(reposts_kb):
    assert len(reposts_kb.copies) == 3 * REPOSTS + REPOSTS + 1
    for copy, first in reposts_kb.copies:
        assert first == seed_of(copy) and copy != first


def engine_of(kb) -> q.OxigraphEngine:
    store = ox.Store()
    store.extend(ox.Quad(s, p, o) for s, p, o in build_triples(kb))
    return q.OxigraphEngine(store, {})


@pytest.mark.slow
@pytest.mark.parametrize("figures", ["yearly", "all"])
def test_reposts_give_the_seeds_investment_totals(reposts_kb, seeds_kb, figures: str):
    text = q.apply_params(q.catalog()["investment-totals"].text, {"figures": figures})
    rows = [engine_of(kb).query(text).rows for kb in (reposts_kb, seeds_kb)]
    assert rows[0] == rows[1] and rows[0]


@pytest.mark.slow
def test_linking_the_copies_does_not_depend_on_their_order(extractions, reposts_kb):
    assert link(extractions[::-1]) == reposts_kb


# ------------------------------------------------------------ different reports, one fact

def kb_of(texts: dict[str, str], extractor):
    return link([extract_document(normalize(Document(k, f"{k}.txt", v)), extractor)
                 for k, v in texts.items()])


def test_two_reports_sharing_a_sentence_keep_both_documents_and_one_fact(extractor):
    kb = kb_of({"2021": "荣成市2021年教育工作总结\n2021年，荣成市新建学校3所，培训教师800人次。"
                        "荣成市共有中小学58所。",
                "2022": "荣成市2022年教育工作总结\n2022年，荣成市改扩建学校5所，投入资金2亿元。"
                        "荣成市共有中小学58所。"}, extractor)
    assert [d.identifier for d in kb.documents] == ["2021", "2022"] and not kb.copies
    shared = [o for o in kb.outcomes if o.value == 58]
    assert len(shared) == 1
    assert [e.document for e in shared[0].evidence] == ["2021", "2022"]
    assert shared[0].subjects == ("371082",)


def test_one_fact_said_twice_in_a_report_is_one_node_with_two_evidences(extractor):
    kb = kb_of({"a": "威海市累计投入43余亿元。二是改善办学条件，威海市累计投入43余亿元。"}, extractor)
    (measure,) = [o for o in kb.outcomes if o.kind == "Measure"]
    assert [e.sentence for e in measure.evidence] == [0, 1] and measure.approximate


def test_a_fact_has_the_same_iri_in_the_shards_of_two_copies(tmp_path):
    from edukg.shard import document_triples

    text = next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(mirror(text), encoding="utf-8")
    measure = ox.NamedNode("https://w3id.org/edukg/ontology#Measure")
    shards = [{s for s, _, o in document_triples(tmp_path / name) if o == measure}
              for name in ("a.txt", "b.txt")]
    assert shards[0] and shards[0] == shards[1]


# ------------------------------------------------------------------ near copies

def clean(identifier: str, lines: list[str]):
    return normalize(Document(identifier, f"{identifier}.txt", "\n".join(lines)))


REPORT = [f"第{i}条，全县新建学校{i + 2}所，培训教师{100 * i + 7}人次，投入资金{i * 3 + 1}亿元，"
          f"推进集团化办学改革第{i}批试点工作，各项任务全面完成。" for i in range(1, 21)]


def test_a_repost_that_trims_a_paragraph_or_adds_an_editors_note_is_a_copy():
    docs = {"a": clean("a", REPORT),
            "b": clean("b", REPORT[:17] + REPORT[18:]),
            "c": clean("c", ["编者按：本文转载自县教育局网站，略有删节。", *REPORT])}
    assert copy_groups((k, fingerprint(d), None) for k, d in docs.items()) == {"b": "a", "c": "a"}


def test_a_report_written_on_last_years_template_is_not_a_copy():
    next_year = [line.replace("亿元", "0亿元").replace("人次", "1人次") for line in REPORT]
    docs = {"a": clean("a", REPORT), "b": clean("b", next_year)}
    assert copy_groups((k, fingerprint(d), None) for k, d in docs.items()) == {}


def test_an_exact_copy_is_found_whatever_its_script():
    hant = opencc.OpenCC("s2t").convert("\n".join(REPORT)).splitlines()
    docs = [("b", fingerprint(clean("b", hant)), None), ("a", fingerprint(clean("a", REPORT)), None)]
    assert docs[0][1].digest == docs[1][1].digest
    assert copy_groups(docs) == {"b": "a"}


def test_unrelated_reports_are_not_copies():
    other = [line.replace("新建学校", "改扩建幼儿园").replace("集团化办学", "县管校聘") for line in REPORT]
    fp = fingerprint(clean("a", REPORT))
    assert copy_groups([("a", fp, None), ("b", fingerprint(clean("b", other)), None)]) == {}
    near = replace(fp, digest="x")
    assert copy_groups([("a", fp, None), ("b", near, None)]) == {"b": "a"}


def test_the_same_prose_about_another_place_is_not_a_copy():
    """Two counties' reports written on one model differ only in their places' names."""
    fp = fingerprint(clean("a", REPORT))
    near = replace(fp, digest="x")
    assert copy_groups([("a", fp, "371082"), ("b", near, "370602")]) == {}
    assert copy_groups([("a", fp, "371082"), ("b", near, None)]) == {"b": "a"}


def test_a_copy_that_lost_its_place_holds_its_facts_on_the_reports_place(extractor):
    """The mirror dropped the headline that names the county: its 全县 is still 荣成市."""
    body = "\n".join(REPORT)
    kb = kb_of({"a": "荣成市2022年教育工作总结\n" + body, "b": body}, extractor)
    assert kb.copies == (("b", "a"),)
    assert dict(kb.document_regions) == {"a": "371082", "b": "371082"}
    schools = [o for o in kb.outcomes if o.kind == "Measure" and o.value == 3]
    assert len(schools) == 1 and schools[0].subjects == ("371082",)
    assert [e.document for e in schools[0].evidence] == ["a", "b"]
