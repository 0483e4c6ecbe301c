"""The query catalog (src/edukg/data/queries/*.rq) against the seeds graph.

Extraction is still being improved, so each query is checked on facts the seeds state plainly
(威海市 累计投入43余亿元; 芝罘区 ⊂ 烟台市 ⊂ 山东省; 荣成市 runs 县管校聘 …), not on its full
answer. Every check can fail: a wrong join, filter or parameter loses these rows.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from edukg import query as q

ROOT = Path(__file__).resolve().parents[1]
GRAPH = ROOT / "output" / "graph.ttl"
CATALOG = q.catalog()


@pytest.fixture(scope="module")
def engine() -> q.Engine:
    return q.open_graph(GRAPH, "oxigraph")


def select(engine: q.Engine, name: str, /, **params: str) -> list[dict[str, str]]:
    text = q.apply_params(CATALOG[name].text, params)
    result = engine.query(text)
    assert result.kind == "SELECT"
    return [{v: "" if t is None else str(t) for v, t in zip(result.variables, row)} for row in result.rows]


def has_row(rows: list[dict[str, str]], **expected: str) -> bool:
    return any(all(row.get(k) == v for k, v in expected.items()) for row in rows)


# ---------------------------------------------------------------- the catalog itself

def test_catalog_has_ten_documented_queries():
    assert len(CATALOG) >= 10
    for name, item in CATALOG.items():
        assert item.title and item.description, name
        assert item.text.startswith("# title: "), name
        assert "PREFIX edu:" in item.text, f"{name}: must run unchanged in any store"


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_every_query_returns_rows_on_the_seeds(engine, name: str):
    rows = select(engine, name)
    assert rows, f"{name} returned nothing on the seeds"


# ---------------------------------------------------------------- one question each

def test_region_programs(engine):
    rows = select(engine, "region-programs")
    assert any(r["regionName"] == "荣成市" and "县管校聘" in r["programName"] and "荣成市" in r["sentence"]
               for r in rows)
    assert has_row(rows, regionName="芝罘区", programName="名校+工程")
    assert all(r["sentence"] and r["document"] for r in rows)


def test_shared_programs(engine):
    rows = select(engine, "shared-programs")
    assert any("县管校聘" in r["programName"] and r["regionName"] == "威海市" and r["otherRegionName"] == "荣成市"
               for r in rows)
    assert all(r["region"] < r["otherRegion"] for r in rows)      # each pair once


def test_investments(engine):
    rows = select(engine, "investments")
    weihai = [r for r in rows if r["regionName"] == "威海市" and Decimal(r["amount"]) == 4300000000]
    assert weihai and weihai[0]["indicator"] == "累计投入" and "43" in weihai[0]["sentence"]
    assert any(r["regionName"] == "芝罘区" and Decimal(r["amount"]) == 1650000000 for r in rows)
    # a school's investment counts for the district it is in
    assert any(r["holderName"] == "曜华小学" and r["regionName"] == "淄川区" for r in rows)


def test_investment_totals(engine):
    rows = {r["regionName"]: r for r in select(engine, "investment-totals")}
    # 累计投入43余亿元 and —年累计投入52亿元 are running totals: neither is added to the
    # yearly amounts, nor to each other
    assert Decimal(rows["威海市"]["total"]) < 4300000000 and int(rows["威海市"]["leftOut"]) >= 2
    assert Decimal(rows["淄川区"]["total"]) >= 120000000          # 曜华小学 投资1.2亿元
    assert rows["淄川区"]["approximate"] == "true"                 # 投资3000余万元
    assert int(rows["淄川区"]["amounts"]) >= 2 and rows["淄川区"]["cumulative"] == "0"


def test_investment_totals_add_cumulative_figures_only_when_asked(engine):
    rows = {r["regionName"]: r for r in select(engine, "investment-totals", figures="all")}
    weihai = rows["威海市"]
    assert Decimal(weihai["total"]) >= 4300000000 + 5200000000
    assert int(weihai["cumulative"]) >= 2 and weihai["leftOut"] == "0"
    assert weihai["approximate"] == "true"                         # 43余亿元
    assert Decimal(weihai["largest"]) == 5200000000
    only = {r["regionName"]: r for r in select(engine, "investment-totals", figures="cumulative")}
    assert only["芝罘区"]["amounts"] == only["芝罘区"]["cumulative"]


def test_recognitions(engine):
    rows = select(engine, "recognitions")
    assert has_row(rows, holderName="威海市", recognitionName="全国双减试点城市", conferredByName="中共中央办公厅")
    assert any(r["holderName"] == "淄川区" and r["conferredByName"] == "教育部" for r in rows)
    assert has_row(rows, holderName="芝罘区", recognitionName="全国首批教育信息化区域综合试点单位", year="2012")


def test_institutions_in_area(engine):
    rows = select(engine, "institutions-in-area")
    for area in ("淄川区", "淄博市", "山东省"):                       # locatedIn, then partOf*
        assert has_row(rows, areaName=area, institutionName="曜华小学", locatedInName="淄川区", kind="School")
    assert not has_row(rows, areaName="淄博市", institutionName="潍坊学院")
    zibo = select(engine, "institutions-in-area", within="淄博市")
    assert zibo and {r["areaName"] for r in zibo} == {"淄博市"}
    assert has_row(zibo, institutionName="曜华小学")


def test_region_hierarchy(engine):
    rows = select(engine, "region-hierarchy")
    assert has_row(rows, regionName="芝罘区", ancestorName="烟台市", level="county", code="370602")
    assert has_row(rows, regionName="芝罘区", ancestorName="山东省", ancestorLevel="province")
    assert has_row(rows, regionName="昆仑镇", ancestorName="淄博市")
    assert not any(r["regionName"] == "山东省" for r in rows)    # nothing above the province
    assert not any(r["region"] == r["ancestor"] for r in rows)


def test_program_outcomes(engine):
    rows = select(engine, "program-outcomes")
    assert any("县管校聘" in r["programName"] and r["regionName"] == "荣成市" and "示范区" in r["outcomeName"]
               for r in rows)
    assert any(r["programName"] == "5+2课后服务" and r["regionName"] == "淄川区" and r["unit"] == "percent"
               for r in rows)
    own = [r for r in rows if r["of"] == "program"]      # the programme's own results: no region
    assert own and all(r["regionName"] == "" and r["region"] == "" for r in own)
    assert {r["of"] for r in rows} == {"program", "region"}
    one = select(engine, "program-outcomes", search="县管校聘")
    assert one and {r["programName"] for r in one} == {"县管校聘"}


def test_documents_mentioning_place(engine):
    rows = select(engine, "documents-mentioning-place")
    assert has_row(rows, placeName="山东省", documentId="003_bea782118845cf66", viaName="芝罘区")
    assert has_row(rows, placeName="芝罘区", documentId="003_bea782118845cf66", issued="2019-10-18")
    yantai = select(engine, "documents-mentioning-place", about="烟台市")
    assert {r["documentId"] for r in yantai} == {"003_bea782118845cf66"}


def test_program_regions(engine):
    rows = select(engine, "program-regions")                      # default: 县管校聘
    assert has_row(rows, regionName="荣成市", level="county", documentId="000_6c9d2db7eb6e9529")
    assert all("县管校聘" in r["sentence"] or "县管校聘" in r["programName"] for r in rows)
    assert not has_row(rows, regionName="芝罘区")
    shuangjian = select(engine, "program-regions", search="双减")
    assert has_row(shuangjian, regionName="淄川区")
    assert not any("县管校聘" in r["programName"] for r in shuangjian)


def test_region_profile(engine):
    rows = {r["regionName"]: r for r in select(engine, "region-profile")}
    assert int(rows["淄川区"]["programs"]) >= 5 and int(rows["淄川区"]["institutions"]) >= 5
    assert int(rows["威海市"]["recognitions"]) >= 5 and int(rows["威海市"]["measures"]) >= 10
    assert int(rows["山东省"]["documents"]) >= 3
    assert rows["昆仑镇"]["programs"] == "0"                     # regions without facts still listed


def test_measures(engine):
    schools = select(engine, "measures", unit="school")
    assert schools and {r["unit"] for r in schools} == {"school"}
    assert any(r["holderName"] == "威海市" and Decimal(r["value"]) == 66 for r in schools)   # 新建改扩建学校66所
    assert len(select(engine, "measures")) > len(schools)


def test_facts_about(engine):
    rows = select(engine, "facts-about")                          # default: 荣成市
    assert has_row(rows, subjectName="荣成市", relation="partOf", objectName="威海市")
    assert any(r["relation"] == "implements" and "县管校聘" in r["objectName"] for r in rows)
    zhifu = select(engine, "facts-about", name="芝罘区")
    assert has_row(zhifu, subjectName="芝罘区", relation="partOf", objectName="烟台市")
    assert not has_row(zhifu, subjectName="荣成市")


def test_recognitions_by_kind_and_holder_class(engine):
    passed = select(engine, "recognitions", kind="AssessmentPassed", holderType="County")
    assert has_row(passed, holderName="芝罘区", recognitionName="全国县域义务教育均衡发展评估验收", year="2015")
    assert {r["kindName"] for r in passed} == {"AssessmentPassed"}
    assert select(engine, "recognitions", kind="评估认定") == select(engine, "recognitions", kind="AssessmentPassed")
    pilots = select(engine, "recognitions", kind="PilotDesignation")
    assert has_row(pilots, holderName="威海市", recognitionName="全国双减试点城市")
    assert not has_row(pilots, recognitionName="全国县域义务教育均衡发展评估验收")
