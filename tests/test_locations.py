"""Where institutions lie, on hand-written pages of other provinces."""
import pytest

from edukg.extract.document import Extractor, extract_document
from edukg.normalize import normalize
from edukg.records import Document


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.load()


def located(text: str, extractor: Extractor) -> dict[str, str]:
    ex = extract_document(normalize(Document("t", "t.txt", text)), extractor)
    names = {**{r.code: r.name for r in ex.regions}, **{m.key: m.text for m in ex.mentions}}
    places = {}
    for r in ex.relations:
        if r.predicate == "locatedIn":
            assert names[r.subject] not in places, "one place per institution and document"
            places[names[r.subject]] = names[r.object]
    return places


def test_a_section_about_a_district_places_its_schools(extractor):
    page = ("贵阳市教育局关于各区新建学校的情况\n"
            "一、南明区:新建学校扩学位\n观水路小学、贵阳市第九中学完成改造。\n"
            "二、云岩区:补短板\n云岩区启用黔灵山路小学。\n"
            "三、全市统筹\n全市新建枫林小学。")
    found = located(page, extractor)
    assert found["观水路小学"] == "南明区"
    assert found["贵阳市第九中学"] == "南明区"     # the city's name, in a district's section
    assert found["黔灵山路小学"] == "云岩区"
    assert found["枫林小学"] == "贵阳市"            # a heading without a place ends the section


def test_a_section_about_a_neighbour_names_it_by_its_short_form(extractor):
    page = ("长沙市芙蓉区教育局\n芙蓉区推进学区制改革的情况\n芙蓉区与天心区同为中心城区，芙蓉区新建马王堆小学。\n"
            "天心:支持新城\n承办方依次是仰天湖幼儿园和青园小学。")
    found = located(page, extractor)
    assert found["马王堆小学"] == "芙蓉区"
    assert found["仰天湖幼儿园"] == "天心区" and found["青园小学"] == "天心区"


def test_a_table_row_names_the_place_in_its_own_column(extractor):
    page = ("湖南省教育厅公布省级示范学校名单\n序号 市县 学校名称\n"
            "1 吉首市 北京师范大学附属吉首实验学校\n2 长沙市 长沙市开福区清水塘小学\n"
            "二、省级规范学校\n1.雅礼中学新城学校(湘潭县)")
    found = located(page, extractor)
    assert found["北京师范大学附属吉首实验学校"] == "吉首市"
    assert found["长沙市开福区清水塘小学"] == "开福区"     # the name is more specific
    assert found["雅礼中学新城学校"] == "湘潭县"


def test_a_school_page_says_where_the_school_is(extractor):
    page = ("湖南省教育厅\n麓山国际实验学校是长沙市岳麓区的一所民办学校，办学条件优越。\n"
            "湘西州民族中学（简称州民中）是州教育局主管的完全中学，校址在吉首市。")
    found = located(page, extractor)
    assert found["麓山国际实验学校"] == "岳麓区"
    assert found["湘西州民族中学"] == "吉首市"


def test_a_numbered_school_called_by_its_city_is_the_citys(extractor):
    page = "长沙市望城区教育局\n望城区学生考入长沙市一中、长沙市第一中学和长沙外国语学校。"
    found = located(page, extractor)
    assert found["长沙市一中"] == "长沙市" and found["长沙市第一中学"] == "长沙市"
    assert found["长沙外国语学校"] == "望城区"     # any other school named after the city


def test_a_school_brought_in_and_a_village_school(extractor):
    """在…片区引进长沙市长郡中学: a school from elsewhere lies where its name says; a school
    of a village (梅溪镇龙山村的龙山小学) lies in the village's town."""
    page = ("长沙市望城区教育局\n在高塘岭片区引进长沙市长郡中学和长沙市实验小学。"
            "望城区长沙外国语学校开学。乌山街道团山村的团山小学新建教学楼。")
    found = located(page, extractor)
    assert found["长沙市长郡中学"] == "长沙市" and found["长沙市实验小学"] == "长沙市"
    assert found["团山小学"] == "乌山街道"
