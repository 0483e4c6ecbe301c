"""The region gazetteer, as its users call it."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from edukg.gazetteer import DEFAULT_PATH, Gazetteer
from edukg.records import RegionInfo


@pytest.fixture(scope="module")
def gz() -> Gazetteer:
    return Gazetteer.load()


def names(regions) -> list[str]:
    return [r.name for r in regions]


def codes(regions) -> list[str]:
    return [r.code for r in regions]


# ------------------------------------------------------------------------- hierarchy

def test_county_with_its_city_and_province(gz):
    zhifu = gz.get("370602")
    assert zhifu == RegionInfo(code="370602", name="芝罘区", level="county", parent="370600",
                               short="芝罘")
    assert names(gz.ancestors("370602")) == ["烟台市", "山东省"]
    assert gz.lineage("370602") == ("370602", "370600", "370000")


def test_two_character_county_name(gz):
    (she,) = gz.candidates("涉县")
    assert she.code == "130426" and she.level == "county"
    assert names(gz.ancestors(she.code)) == ["邯郸市", "河北省"]


def test_province_has_no_ancestors(gz):
    assert gz.get("370000").name == "山东省"
    assert gz.ancestors("370000") == ()


def test_municipality_is_the_parent_of_its_districts(gz):
    beijing = gz.get("110000")
    assert (beijing.name, beijing.level, beijing.short) == ("北京市", "province", "北京")
    (haidian,) = gz.candidates("海淀区")
    assert haidian.parent == "110000"
    assert codes(gz.ancestors(haidian.code)) == ["110000"]


def test_county_directly_under_province(gz):
    # 省直辖县级行政区划: no pseudo city in between
    (xiantao,) = gz.candidates("仙桃市")
    assert (xiantao.code, xiantao.parent) == ("429004", "420000")
    (jiyuan,) = gz.candidates("济源市")
    assert jiyuan.parent == "410000"


def test_city_without_counties_holds_its_towns(gz):
    (humen,) = gz.candidates("虎门镇")
    assert humen.level == "town" and humen.parent == "441900"
    assert names(gz.ancestors(humen.code)) == ["东莞市", "广东省"]


def test_unknown_code(gz):
    assert gz.get("999999") is None
    assert gz.ancestors("999999") == ()
    assert not gz.is_official("999999")


# ------------------------------------------------------------------------ candidates

def test_ambiguous_names_list_every_region(gz):
    chaoyang = gz.candidates("朝阳区")
    assert {"110105", "220104"} <= set(codes(chaoyang))        # 北京, 长春
    assert {r.name for r in chaoyang} == {"朝阳区"}
    assert len(gz.candidates("鼓楼区")) >= 3                    # 南京, 徐州, 福州, 开封…


def test_short_forms(gz):
    assert codes(gz.candidates("威海")) == ["371000"]
    assert codes(gz.candidates("山东")) == ["370000"]
    assert codes(gz.candidates("淄川")) == ["370302"]
    assert "371000" in codes(gz.candidates("威海市"))


def test_historical_and_colloquial_names(gz):
    assert names(gz.candidates("襄樊市")) == ["襄阳市"]
    assert "襄樊市" in gz.aliases("420600")
    assert names(gz.candidates("大理州")) == ["大理白族自治州"]
    assert names(gz.candidates("长阳县")) == ["长阳土家族自治县"]
    assert gz.shorts("653000") == ("克州", "克孜勒苏")


def test_towns_have_derived_keys(gz):
    towns = gz.candidates("寨里镇")
    assert len(towns) > 1                                      # the name repeats in China
    zibo = [t for t in towns if t.parent == "370302"]
    assert len(zibo) == 1
    town = zibo[0]
    assert re.fullmatch(r"370302-[0-9a-f]{8}", town.code)
    assert not gz.is_official(town.code)
    assert gz.is_official("370302")
    assert names(gz.ancestors(town.code)) == ["淄川区", "淄博市", "山东省"]


def test_sar_districts_have_derived_keys(gz):
    (wan_chai,) = gz.candidates("湾仔区")
    assert wan_chai.code.startswith("810000-") and not gz.is_official(wan_chai.code)


# ----------------------------------------------------------------------------- names

def test_names_for_a_jieba_dictionary(gz):
    forms = set(gz.names())
    assert {"威海市", "威海", "芝罘区", "芝罘", "山东省", "山东", "昆仑镇", "襄樊市"} <= forms
    assert min(len(n) for n in forms) >= 2
    # ordinary words are not offered as place names
    assert not {"城区", "郊区", "和平", "合作", "高新区"} & forms


def test_generic_names_and_blockers(gz):
    (yangquan_chengqu,) = [r for r in gz.candidates("城区") if r.parent == "140300"]
    assert gz.is_generic(yangquan_chengqu.code)
    assert "三明治" in gz.blockers("350400")                   # 三明市


# ------------------------------------------------------------------------------ file

def test_file_is_sorted_and_small():
    path = Path(DEFAULT_PATH)
    assert path.stat().st_size < 5_000_000
    with path.open(encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        keys = [line.split("\t", 1)[0] for line in fh]
    assert header[:6] == ["code", "name", "level", "parent", "short", "aliases"]
    assert keys == sorted(keys) and len(keys) == len(set(keys))
    assert all(k.isascii() for k in keys)


def test_load_is_cached_and_complete():
    """Load time is measured by the benchmark, not asserted here."""
    assert Gazetteer.load() is Gazetteer.load()
    fresh = Gazetteer.from_text(Path(DEFAULT_PATH).read_text(encoding="utf-8"))
    assert fresh.surface_index is not None
    assert len(fresh) > 40_000
