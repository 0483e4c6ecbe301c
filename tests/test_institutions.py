import pytest

from edukg.extract.institutions import extract_institutions
from edukg.records import Sentence
from edukg.segment import Segmenter


@pytest.fixture(scope="module")
def segmenter() -> Segmenter:
    return Segmenter()


def institutions(text: str, segmenter: Segmenter, places: tuple[str, ...] = ()) -> dict[str, str]:
    sentence = Sentence(0, 0, text, text)
    starts = frozenset(text.find(p) for p in places if p in text)
    return {m.text: m.subclass
            for m in extract_institutions(sentence, segmenter.tokens(text), starts)}


def test_schools_after_a_verb_or_a_number(segmenter):
    found = institutions("投资1.2亿元的新建曜华小学已投入使用，梓童山武术学校获评先进。", segmenter)
    assert found == {"曜华小学": "School", "梓童山武术学校": "School"}


def test_central_bodies_from_the_data_list(segmenter):
    found = institutions("被中共中央办公厅、国务院办公厅确定为试点，获教育部表彰。", segmenter)
    assert found == {"中共中央办公厅": "GovernmentBody", "国务院办公厅": "GovernmentBody",
                     "教育部": "GovernmentBody"}


def test_bureaus_need_their_place(segmenter):
    found = institutions("杭州市西湖区教育局印发方案，教育局负责落实。", segmenter, ("杭州市",))
    assert found == {"杭州市西湖区教育局": "GovernmentBody"}


def test_generic_plurals_are_not_institutions(segmenter):
    found = institutions("鼓励薄弱学校与优质学校结对，推动中小学特色学校建设。", segmenter)
    assert found == {}


def test_place_plus_kind_is_not_a_school(segmenter):
    assert institutions("淄川区中小学全部达标。", segmenter, ("淄川区",)) == {}


def test_periodicals_in_title_marks(segmenter):
    assert institutions("《山东教育报》头版聚焦潍坊教育。", segmenter) == {"山东教育报": "Newspaper"}


def test_universities(segmenter):
    found = institutions("山东第二医科大学博士授权单位和潍坊学院硕士授权单位获批。", segmenter, ("山东",))
    assert found["潍坊学院"] == "University"
    assert found["山东第二医科大学"] == "University"


def test_a_body_acting_with_another_is_not_part_of_its_name(segmenter):
    found = institutions("区教育局联合浙江大学开展“未来学校”试点。", segmenter, ("浙江",))
    assert found == {"区教育局": "GovernmentBody", "浙江大学": "University"}


def test_place_plus_experimental_school_is_a_school(segmenter):
    found = institutions("涉县第一中学、涉县实验小学等名校发挥龙头作用。", segmenter, ("涉县",))
    assert found == {"涉县第一中学": "School", "涉县实验小学": "School"}


def test_development_zones_place_a_name_like_regions_do(segmenter):
    found = institutions("投资3000余万元的开发区中心小学改扩建完工，农综区产教联合体成立。", segmenter)
    assert found == {"开发区中心小学": "School", "农综区产教联合体": "EducationGroup"}


def test_a_common_school_name_counts_when_listed_with_proper_ones(segmenter):
    found = institutions("推进育才中学、洛阳外国语实验学校、洛阳瀚文学校的治理工作。", segmenter, ("洛阳",))
    assert "育才中学" in found
    assert "育才中学" not in institutions("育才中学开展读书活动。", segmenter)


def test_a_body_being_founded_is_named(segmenter):
    assert "现代物流专业委员会" in institutions("现代物流专业委员会正式成立。", segmenter)
    assert "教育数字化智库" in institutions("组建教育数字化智库，助力校长成长。", segmenter)
    assert "越南—班·墨学院" in institutions("“越南—班·墨学院”顺利揭牌。", segmenter)
    assert institutions("组建教育集团8个，成立家长委员会。", segmenter) == {}


def test_a_quoted_description_of_a_kind_is_no_name(segmenter):
    assert institutions("撤并整合一批“小微散”乡村幼儿园。", segmenter) == {}


def test_organisation_tokens_and_unknown_names_after_a_place(segmenter):
    found = institutions("被清华大学、北京大学等高校录取，福建省晋江市养正中学获评文明校园。", segmenter,
                         ("福建省", "晋江市"))
    assert {"清华大学", "北京大学"} <= set(found)
    assert any(name.endswith("晋江市养正中学") for name in found)


def test_one_of_a_kind_schools_of_a_place_are_names(segmenter):
    found = institutions("梅仙镇中心小学建设基地，晋江市特殊教育学校开设职业教育部。", segmenter,
                         ("梅仙镇", "晋江市"))
    assert set(found) == {"梅仙镇中心小学", "晋江市特殊教育学校"}     # and no 教育部 inside 职业教育部


def test_designations_and_plurals_are_not_institutions(segmenter):
    assert institutions("洛阳市劳动教育特色学校达到20所，汉昌街道部分学校开展活动。",
                        segmenter, ("洛阳市", "汉昌街道")) == {}


def test_other_bureau_names(segmenter):
    found = institutions("仪陇县教育科技和体育局2023年工作总结", segmenter, ("仪陇县",))
    assert found == {"仪陇县教育科技和体育局": "GovernmentBody"}


def test_two_bodies_joined_by_a_verb_are_two_names(segmenter):
    found = institutions("吴中区教师发展中心联合苏州大学开展培训，金寨第一中学托管金寨县南溪中学。", segmenter,
                         ("吴中区", "苏州", "金寨", "金寨县"))
    assert "吴中区教师发展中心联合苏州大学" not in found
    assert "金寨第一中学托管金寨县南溪中学" not in found
    assert {"吴中区教师发展中心", "金寨县南溪中学"} <= set(found)


def test_groups_named_after_their_lead_school_and_names_cut_into_characters(segmenter):
    found = institutions("组建小溪塔幼儿园教育集团，吴中区越溪实验学校投入使用。", segmenter, ("吴中区",))
    assert "小溪塔幼儿园教育集团" in found
    assert "吴中区越溪实验学校" in found
    assert not any(name.startswith("仪陇县被") for name in
                   institutions("仪陇县被四川省教育厅确定为试点。", segmenter, ("仪陇县", "四川省")))


def test_bodies_named_in_the_formula_of_thanks_are_not_actors(segmenter):
    assert institutions("在区委、区政府的坚强领导下，全区教育事业稳步发展。", segmenter) == {}


def test_a_central_district_is_no_centre(segmenter):
    """越秀是广州市中心城区: 中心 describes the district; 广州市青少年宫活动中心 is a body."""
    assert institutions("越秀是广州市中心城区，交通便利。", segmenter, ("广州市",)) == {}
    found = institutions("成都市青少年活动中心开放。", segmenter, ("成都市",))
    assert found == {"成都市青少年活动中心": "Centre"}


def test_a_school_called_by_its_place_and_number(segmenter):
    found = institutions("临沂三中人文办学、潍坊十二中航空科技特色鲜明。", segmenter, ("临沂", "潍坊"))
    assert found == {"临沂三中": "School", "潍坊十二中": "School"}
    # the numeral must follow a place: a plenary session or a school year is no school
    assert institutions("学习党的十八届三中全会精神，高三中考成绩提升。", segmenter) == {}
    assert institutions("潍坊市中考成绩提升。", segmenter, ("潍坊市",)) == {}


def test_a_title_conferred_on_a_school_is_no_school(segmenter):
    """临沂七中被认定为首批|普通高中省级美术学科基地学校: the title a school holds; a kind of
    kindergarten (居住区配套幼儿园) is no name either."""
    found = institutions("临沂七中被认定为首批普通高中省级美术学科基地学校。", segmenter, ("临沂",))
    assert found == {"临沂七中": "School"}
    assert institutions("两所学校被确定为山东省高水平中等职业学校。", segmenter, ("山东省",)) == {}
    assert institutions("完成城镇居住区配套幼儿园整治。", segmenter) == {}


def test_received_is_no_part_of_a_bodys_name(segmenter):
    """课后服务改革获|省教育厅主要领导肯定性批示: the body is 省教育厅, not 获省教育厅."""
    found = institutions("学生课后服务改革探索获省教育厅主要领导肯定性批示。", segmenter)
    assert found == {"省教育厅": "GovernmentBody"}


def test_a_school_named_relative_to_the_report_is_found(segmenter):
    """市|职业教育中心学校: the report's own (document.py gives it the place's name); 全区|实验小学
    are the district's experimental schools, a kind."""
    found = institutions("市职业教育中心学校被确定为首批示范学校。", segmenter)
    assert found == {"市职业教育中心学校": "School"}
    assert institutions("全区实验小学均达标。", segmenter) == {}


def test_the_clauses_verb_is_no_part_of_a_name(segmenter):
    """包括|青竹幼儿园, 引进|长沙市雅礼中学, 更名为|芙蓉小学: the name starts after the verb."""
    found = institutions("幼儿园5所，包括青竹幼儿园、桃源幼儿园等。", segmenter)
    assert "青竹幼儿园" in found and not any(n.startswith("包括") for n in found)
    found = institutions("在岳麓片区引进长沙市雅礼中学。", segmenter, ("岳麓", "长沙市"))
    assert set(found) == {"长沙市雅礼中学"}
    found = institutions("该校后来更名为芙蓉小学。", segmenter)
    assert set(found) == {"芙蓉小学"}
    # a verb right before the head may be the name itself; a place keeps its name whole
    assert "启明小学" in institutions("启明小学、育英学校开展活动。", segmenter)
    assert "遵义市产教联合出海共同体" in institutions("组建遵义市产教联合出海共同体。", segmenter,
                                                     ("遵义市",))


def test_branches_campuses_and_divisions_of_a_school(segmenter):
    """A branch is a school of its own; a campus or a division is its school, under an alias."""
    found = institutions("遵义市第四中学分校、遵义市妇联幼儿园第三分园和贵阳一中新世界学校开学。",
                         segmenter, ("遵义市",))
    assert {"遵义市第四中学分校", "遵义市妇联幼儿园第三分园"} <= set(found)
    sentence = Sentence(0, 0, "长沙市雨花区砂子塘小学东校区和株洲市第二完全学校初中部启用。",
                        "长沙市雨花区砂子塘小学东校区和株洲市第二完全学校初中部启用。")
    mentions = {m.text: m.aliases for m in extract_institutions(
        sentence, segmenter.tokens(sentence.text), frozenset({0, 15}))}
    assert "长沙市雨花区砂子塘小学东校区" in mentions["长沙市雨花区砂子塘小学"]
    assert "株洲市第二完全学校初中部" in mentions["株洲市第二完全学校"]
    assert "岳阳市第九小学校" in institutions("岳阳市第九小学校开展活动，小学校长参加。", segmenter,
                                              ("岳阳市",))


def test_groups_lists_and_kinds_of_group(segmenter):
    """A group named after a numbered school keeps its number; a kind of group and the
    heading over a list of groups are no groups."""
    found = institutions("组建了二十中学教育集团，全区公办中小学教育集团达到12个。", segmenter)
    assert found == {"二十中学教育集团": "EducationGroup"}
    assert institutions("附:汇川区教育集团一览", segmenter, ("汇川区",)) == {}


def test_a_central_bodys_office(segmenter):
    assert institutions("按照财政部办公厅的通知开展工作。", segmenter) == {"财政部办公厅": "GovernmentBody"}


def test_a_central_school_and_a_headline_before_a_dash_pair(segmenter):
    """镇中心校 is a school; 扎根乡土——某中心校办学纪实: the headline is no part of the name."""
    found = institutions("扎根乡土——湖南省平江县职业教育中心校办学纪实", segmenter)
    assert found == {"湖南省平江县职业教育中心校": "School"}
    assert institutions("加快龙门镇中心校综合楼建设。", segmenter) == {"龙门镇中心校": "School"}


def test_titles_and_kinds_a_school_holds_are_no_schools(segmenter):
    """学校是…培训基地学校, 岳阳市文明学校, 湖南省优秀家长学校, 受评学校: titles and kinds."""
    assert institutions("学校是小学骨干教师省级培训基地学校，获评岳阳市文明学校、湖南省优秀家长学校。",
                        segmenter, ("岳阳市", "湖南省")) == {}
    assert institutions("受评学校包括高水平示范性职业学校3所。", segmenter) == {}
    found = institutions("雨花区同长沙市教育局签订协议。", segmenter, ("雨花区", "长沙市"))
    assert found == {"长沙市教育局": "GovernmentBody"}
