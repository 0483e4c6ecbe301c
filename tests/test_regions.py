"""Region extraction, written as examples of what a report's text gives."""
from __future__ import annotations

import re
from pathlib import Path

import opencc
import pytest

from edukg.extract.regions import RegionResult, extract_regions
from edukg.gazetteer import Gazetteer
from edukg.records import REGION, CleanDocument, Sentence

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
T2S = opencc.OpenCC("t2s")


@pytest.fixture(scope="module")
def gz() -> Gazetteer:
    return Gazetteer.load()


def make_doc(text: str, *, traditional: bool = False, **header) -> CleanDocument:
    """A CleanDocument without the normalizer: split on 。！？ and newlines."""
    parts = [p.strip() for p in re.split(r"(?<=[。！？])|\n", text) if p.strip()]
    sentences, pos = [], 0
    for i, original in enumerate(parts):
        simplified = T2S.convert(original) if traditional else original
        sentences.append(Sentence(i, pos, simplified, original=original))
        pos += len(simplified) + 1
    return CleanDocument("test", "test.txt", "\n".join(s.text for s in sentences),
                         tuple(sentences), script="hant" if traditional else "hans", **header)


def run(gz: Gazetteer, text: str, **kw) -> RegionResult:
    return extract_regions(make_doc(text, **kw), gz)


def linked(result: RegionResult) -> list[tuple[str, str]]:
    """(surface as written, official name) for each mention, in text order."""
    return [(m.original, m.text) for m in result.mentions]


def key_of(result: RegionResult, surface: str) -> str | None:
    keys = {m.key for m in result.mentions if m.original == surface}
    assert len(keys) <= 1
    return keys.pop() if keys else None


# ---------------------------------------------------------------- names and hierarchy

def test_full_chain_in_another_province(gz):
    r = run(gz, "河北省邯郸市涉县教育局召开会议。涉县共有学校100所,全县教师3000人。")
    assert linked(r) == [("河北省", "河北省"), ("邯郸市", "邯郸市"), ("涉县", "涉县"),
                         ("涉县", "涉县"), ("全县", "涉县")]
    assert r.home == "130426"
    assert [x.code for x in r.regions] == ["130000", "130400", "130426"]
    she = r.mentions[2]
    assert (she.kind, she.key, she.subclass, she.sentence) == (REGION, "130426", "County", 0)


def test_city_and_district_with_relative_mentions(gz):
    r = run(gz, "广州市天河区教育局发布通知。天河区将新建学校5所。全区学校共200所,全市排名第一。")
    assert r.home == "440106"                                    # 天河区
    assert key_of(r, "全区") == "440106" and key_of(r, "全市") == "440100"
    relative = [m for m in r.mentions if m.original == "全区"][0]
    assert relative.text == "天河区" and relative.aliases == ()


def test_district_bureau_as_subject(gz):
    r = run(gz, "杭州市西湖区教育局推进集团化办学。西湖区新建学校。")
    assert r.home == "330106"
    assert {m.key for m in r.mentions} == {"330100", "330106"}


def test_province_and_city(gz):
    r = run(gz, "浙江省杭州市")
    assert linked(r) == [("浙江省", "浙江省"), ("杭州市", "杭州市")]
    assert r.home == "330100"                   # the deeper region, not its prefix


def test_regions_include_every_ancestor(gz):
    r = run(gz, "寨里镇位于淄川区。")
    assert [x.name for x in r.regions] == ["山东省", "淄博市", "淄川区", "寨里镇"]


# ------------------------------------------------------------------------- ambiguity

def test_ambiguous_name_without_context_is_dropped(gz):
    r = run(gz, "朝阳区教育委员会召开会议。朝阳区学校。")
    assert r.mentions == () and r.home is None


@pytest.mark.parametrize("context, expected", [
    ("北京市教育委员会。", "110105"),
    ("长春市教育局。", "220104"),
])
def test_ambiguous_name_resolved_by_context(gz, context, expected):
    r = run(gz, context + "朝阳区学校实施改革。")
    assert key_of(r, "朝阳区") == expected


def test_prefix_resolves_directly(gz):
    r = run(gz, "北京市朝阳区教育委员会召开会议。朝阳区学校。全市学校。")
    assert key_of(r, "朝阳区") == "110105"
    assert key_of(r, "全市") == "110000"       # the municipality is the city level


def test_tie_is_not_linked(gz):
    # 南京 and 徐州 both have a 鼓楼区 and both are in 江苏: no way to tell
    r = run(gz, "江苏省教育厅。鼓楼区学校实施改革。")
    assert key_of(r, "鼓楼区") is None
    r = run(gz, "福州市教育局。鼓楼区学校实施改革。")
    assert key_of(r, "鼓楼区") == "350102"


# ------------------------------------------------------------------------ short forms

def test_short_forms_of_province_and_city(gz):
    r = run(gz, "山东教育报刊发威海经验。")
    assert linked(r) == [("山东", "山东省"), ("威海", "威海市")]
    assert r.mentions[1].aliases == ("威海",)


def test_county_short_form_needs_context(gz):
    assert run(gz, "积极打造“学在淄川”教育品牌。").mentions == ()
    seed = ("2022年以来,淄川区以加快教育高质量发展,建设教育强区为主线,积极打造“学在淄川”"
            "教育品牌,加快建设鲁中教育名城。")
    r = run(gz, seed)
    assert linked(r) == [("淄川区", "淄川区"), ("淄川", "淄川区")]


@pytest.mark.parametrize("text", [
    "午餐吃三明治。",            # 三明
    "国家长治久安。",            # 长治
    "打造平台中心。",            # 台中
    "中山大学附属中学。",        # 中山
    "中山路小学。",              # 中山 before a street word
    "各市中小学全面开展。",      # 市中 (区) is never a short form
    "城区学校和郊区学校。",      # generic names
    "安全区域。",                # not a relative word (全区)
])
def test_words_that_only_look_like_places(gz, text):
    assert run(gz, text).mentions == ()


def test_a_country_name_is_not_read_as_a_relative_word(gz):
    assert linked(run(gz, "日本市场。")) == [("日本", "日本")]     # not 本市


def test_generic_name_after_its_parent(gz):
    r = run(gz, "阳泉市城区教育局。城区学校。")
    assert linked(r) == [("阳泉市", "阳泉市"), ("城区", "城区")]
    assert r.home == "140302"


def test_historical_and_colloquial_names(gz):
    r = run(gz, "襄樊市教育局。")
    assert linked(r) == [("襄樊市", "襄阳市")] and r.mentions[0].aliases == ("襄樊市",)
    assert key_of(run(gz, "大理州教育局。"), "大理州") == "532900"


# ----------------------------------------------------------------------------- towns

def test_town_needs_its_county_in_the_document(gz):
    assert run(gz, "寨里镇中心学校。").mentions == ()
    r = run(gz, "淄川区教育局。寨里镇中心学校。")
    town = [m for m in r.mentions if m.original == "寨里镇"][0]
    assert town.subclass == "Town" and town.key.startswith("370302-")


def test_towns_listed_with_a_shared_suffix(gz):
    seed = "淄川区教育局。加强昆仑、双杨、洪山、寨里镇驻地学校办学条件。"
    r = run(gz, seed)
    towns = [(m.original, m.text) for m in r.mentions if m.subclass == "Town"]
    assert towns == [("昆仑", "昆仑镇"), ("双杨", "双杨镇"), ("洪山", "洪山镇"), ("寨里镇", "寨里镇")]


def test_town_in_a_city_without_counties(gz):
    r = run(gz, "东莞市教育局。虎门镇中心小学。")
    assert key_of(r, "虎门镇").startswith("441900-")


# -------------------------------------------------------------------------- relative

def test_my_city_in_a_county_level_city(gz):
    r = run(gz, "荣成市教育局推进改革。我市学校。全省第一。")
    assert key_of(r, "我市") == "371082"            # 荣成市 itself, not 威海市
    assert key_of(r, "全省") == "370000"


def test_whole_city_from_a_district(gz):
    r = run(gz, "淄川区教育局。全区学校。全市第一。")
    assert (key_of(r, "全区"), key_of(r, "全市")) == ("370302", "370300")


def test_whole_region_in_an_autonomous_region(gz):
    r = run(gz, "南宁市教育局。全区教育大会。")
    assert key_of(r, "全区") == "450000"             # 广西壮族自治区


def test_relative_words_without_home_are_dropped(gz):
    assert run(gz, "全市学校。全区学校。").mentions == ()


# ---------------------------------------------------------------------- header, script

def test_publisher_decides_the_home(gz):
    text = "淄博市教育局部署工作。淄博市学校。淄川区落实。"
    assert run(gz, text).home == "370300"
    assert run(gz, text, publisher="淄川区教育和体育局").home == "370302"


def test_traditional_source(gz):
    r = run(gz, "《山東教育報》頭版頭條聚焦濰坊教育,推介我市加快教育高質量發展典型做法。"
                "訪濰坊市委教育工委。", traditional=True)
    assert r.home == "370700"
    weifang = r.mentions[1]
    assert (weifang.original, weifang.text, weifang.aliases) == ("濰坊", "潍坊市", ("潍坊",))
    assert [(m.original, m.key) for m in r.mentions] == [
        ("山東", "370000"), ("濰坊", "370700"), ("我市", "370700"), ("濰坊市", "370700")]


def test_mention_offsets_point_into_the_sentence(gz):
    doc = make_doc("近年来,威海市认真贯彻党的教育方针。文登区、荣成市被确定为示范区。")
    for m in extract_regions(doc, gz).mentions:
        sentence = doc.sentences[m.sentence]
        assert sentence.original[m.start:m.end] == m.original


# ----------------------------------------------------------------------------- seeds

SEED_HOMES = {
    "000_6c9d2db7eb6e9529": ("371000", {"370000", "371000", "371002", "371003", "371082"}),
    "001_88f164836c0e6b72": ("370302", {"370000", "370300", "370302"}),
    "002_74ff3eb8dc0604a9": ("370700", {"370000", "370700"}),
    "003_bea782118845cf66": ("370602", {"370000", "370600", "370602"}),
}


def seed_docs() -> list[CleanDocument]:
    docs = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        traditional = T2S.convert(text).count("潍") > text.count("潍")
        doc = make_doc(text, traditional=traditional)
        docs.append(CleanDocument(path.stem, str(path), doc.text, doc.sentences, doc.script))
    return docs


@pytest.mark.skipif(not SEEDS.exists(), reason="no seeds")
def test_seed_homes_and_regions(gz):
    for doc in seed_docs():
        if doc.identifier not in SEED_HOMES:
            continue
        home, expected = SEED_HOMES[doc.identifier]
        r = extract_regions(doc, gz)
        assert r.home == home, doc.identifier
        assert expected <= {x.code for x in r.regions}, doc.identifier


def test_seed_sentence_with_prefix_chain(gz):
    r = run(gz, "烟台市芝罘区人民政府教育督导室")
    assert linked(r) == [("烟台市", "烟台市"), ("芝罘区", "芝罘区")]
    assert r.home == "370602"


# ---------------------------------------------------------------- foreign countries

def test_foreign_countries_are_regions_of_their_own_never_the_home(gz):
    r = run(gz, "芝罘区教育和体育局组织教师赴日本、新加坡研学，与美国哈佛大学开展交流。"
                "威海市与韩国仁川广域市教育厅签订友好协议。")
    assert [name for _, name in linked(r)] == ["芝罘区", "日本", "新加坡", "美国", "威海市", "韩国"]
    countries = {m.text: m for m in r.mentions if m.subclass == "Country"}
    assert set(countries) == {"日本", "新加坡", "美国", "韩国"}
    assert all(gz.level(m.key) == "country" and gz.parent(m.key) is None
               for m in countries.values())
    assert gz.level(r.home) == "county"
    assert gz.level(run(gz, "学习芬兰教育经验，推广英国剑桥课程。").home or "") is None


def test_country_names_inside_other_words_are_not_countries(gz):
    r = run(gz, "淄川区增加纳入学位，合法国家课程全部开齐，参加中非合作论坛。"
                "延边朝鲜族自治州朝鲜族学校、内蒙古自治区蒙古族学校开展交流，优越南北通道。")
    assert [name for _, name in linked(r)] == ["淄川区", "延边朝鲜族自治州", "内蒙古自治区"]


def test_a_compass_direction_is_no_short_place_name(gz):
    """湘西北 is the north-west of Hunan, not 湘西 (the prefecture) followed by 北."""
    r = run(gz, "地处湘西北的桃源县是教育大县。湘西州教育局召开会议。")
    assert [m.original for m in r.mentions if m.sentence == 0] == ["桃源县"]


def test_relative_words_say_the_level_of_the_home_region(gz):
    """A district report that names its province in every title it won is still about the
    district: 全区 says so."""
    r = run(gz, "黄埔区被认定为广东省首批智慧教育示范区、广东省推进教育现代化先进区。"
                "全区现有学校120所。广东省第一批课堂改革试验区落户黄埔区。")
    assert gz.name(r.home) == "黄埔区"
    assert key_of(r, "全区") == r.home
    # a county that compares itself with its province (全省前列) stays the home: the rule
    # only ever moves to a deeper region
    r = run(gz, "沂水县教育教学质量居全省前列。山东省教育厅推广沂水县经验。")
    assert gz.name(r.home) == "沂水县"


def test_a_report_naming_several_places_alike_has_no_home(gz):
    """A national summary lists provinces once each: none of them is the report's own, so
    its counts are not pinned on the one with the smallest code."""
    r = run(gz, "全国义务教育均衡发展督导评估报告发布。今年海南、辽宁、陕西、河北共4个省份提出申请。")
    assert r.home is None
    assert {m.text for m in r.mentions} >= {"海南省", "辽宁省", "陕西省", "河北省"}


def test_a_short_form_that_cuts_a_town_in_two_is_a_chance_reading(gz):
    # 和龙 (和龙市) is only the conjunction 和 before 龙门镇 of 泉州市安溪县
    r = run(gz, "泉州市安溪县新建教学楼3栋。湖头小学和龙门镇中心校的教学楼已交付。")
    assert ("龙门镇", "龙门镇") in linked(r)
    assert all(name != "和龙市" for _, name in linked(r))


def test_a_subdistrict_is_often_written_without_its_last_character(gz):
    r = run(gz, "长沙市芙蓉区在荷花园街新建一所小学。")
    assert ("荷花园街", "荷花园街道") in linked(r)


def test_the_issuer_wins_over_the_portal_and_the_title_over_the_body(gz):
    r = run(gz, "长治市教育局发布通知。长治市召开会议。", publisher="襄垣县教育局")
    assert gz.name(r.home) == "襄垣县"
    r = run(gz, "曲靖市召开会议。曲靖市教育局部署工作。", title="会泽县2022年教育工作总结")
    assert gz.name(r.home) == "会泽县"
