"""Subject resolution and relations, on hand-written sentences of other provinces."""
import pytest

from edukg.extract.document import Extractor, extract_document
from edukg.normalize import normalize
from edukg.records import Document


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.load()


def extract(text: str, extractor: Extractor, name: str = "t"):
    return extract_document(normalize(Document(name, f"{name}.txt", text)), extractor)


def names(ex) -> dict[str, str]:
    return {**{r.code: r.name for r in ex.regions}, **{m.key: m.text for m in ex.mentions}}


def triples(ex) -> set[tuple[str, str, str]]:
    n = names(ex)
    return {(n.get(r.subject, r.subject), r.predicate, n.get(r.object, r.object)) for r in ex.relations}


def test_explicit_region_implements_the_program(extractor):
    ex = extract("邯郸市涉县教育局发布工作总结。涉县全面推行“县管校聘”管理改革，成效明显。", extractor)
    assert ("涉县", "implements", "县管校聘管理改革") in triples(ex)


def test_relative_words_fall_back_to_the_report_region(extractor):
    ex = extract("杭州市西湖区教育局工作总结\n近年来，我区深入实施乡村教师支持计划。", extractor)
    assert ex.home_region == "330106"
    assert ("西湖区", "implements", "乡村教师支持计划") in triples(ex)


def test_conferring_body_is_not_the_subject(extractor):
    ex = extract("广州市天河区教育局总结\n2021年，天河区被教育部确定为全国智慧教育示范区。", extractor)
    rec = ex.recognitions[0]
    assert names(ex)[rec.subject] == "天河区"
    assert rec.conferred_by and names(ex)[rec.conferred_by] == "教育部"
    assert rec.year == 2021


def test_measure_subject_is_the_school_it_describes(extractor):
    ex = extract("淄博市淄川区教育和体育局\n投资1.2亿元的新建曜华小学已投入使用。", extractor)
    money = next(m for m in ex.measures if m.unit == "CNY")
    assert names(ex)[money.subject] == "曜华小学"
    assert int(money.value) == 120000000


def test_schools_lie_in_the_report_region_and_bureaus_in_their_own(extractor):
    ex = extract("淄博市淄川区教育和体育局\n新建双泉小学主体工程已经完工。淄川区教育和体育局印发方案。", extractor)
    found = triples(ex)
    assert ("双泉小学", "locatedIn", "淄川区") in found
    assert ("淄川区教育和体育局", "locatedIn", "淄川区") in found


def test_hierarchy_is_added_even_when_only_the_district_is_named(extractor):
    ex = extract("芝罘区推动区域教育实现高位均衡发展。", extractor)
    found = triples(ex)
    assert ("芝罘区", "partOf", "烟台市") in found
    assert ("烟台市", "partOf", "山东省") in found


def test_relative_bodies_take_the_report_city(extractor):
    ex = extract("潍坊市教育局\n市教育局党组书记介绍，潍坊市委、市政府把教育摆在优先位置。", extractor)
    labels = {m.text for m in ex.mentions if m.kind == "Institution"}
    assert {"潍坊市教育局", "潍坊市委", "潍坊市人民政府"} <= labels     # 市政府 is the 人民政府
    government = next(m for m in ex.mentions if m.text == "潍坊市人民政府")
    assert "潍坊市政府" in government.aliases


def test_the_unnamed_leadership_pair_is_the_place_itself(extractor):
    """县委、县政府把教育摆在…: the county acts; neither body is named, so neither is listed."""
    ex = extract("黔东南州雷山县教育局\n县委、县政府把教育摆在优先位置，深入实施“强师工程”。", extractor)
    assert not [m for m in ex.mentions if m.kind == "Institution" and m.text.endswith(("委", "政府"))]
    assert ("雷山县", "implements", "强师工程") in triples(ex)
    ex = extract("黔东南州雷山县教育局\n县政府定期研究教育工作。", extractor)
    assert "雷山县人民政府" in {m.text for m in ex.mentions}


def test_regions_above_the_report_region_are_context_not_subjects(extractor):
    ex = extract("威海市教育局\n威海市在全省率先完成农村中小学校安工程。", extractor)
    assert ("威海市", "implements", "农村中小学校安工程") in triples(ex)
    assert not any(s == "山东省" and p == "implements" for s, p, _ in triples(ex))


def test_issuing_bodies_implement_their_titled_policy(extractor):
    ex = extract("成都市教育局总结\n根据中共中央办公厅、国务院办公厅《关于深化教育体制机制改革的意见》，成都市推进改革。", extractor)
    found = triples(ex)
    assert ("中共中央办公厅", "implements", "关于深化教育体制机制改革的意见") in found
    assert ("国务院办公厅", "implements", "关于深化教育体制机制改革的意见") in found


def test_every_listed_place_implements_the_program(extractor):
    ex = extract("威海市教育局总结\n文登区、荣成市全面推行“县管校聘”管理改革。", extractor)
    found = triples(ex)
    assert ("文登区", "implements", "县管校聘管理改革") in found
    assert ("荣成市", "implements", "县管校聘管理改革") in found


def test_a_higher_region_that_acts_is_the_subject(extractor):
    ex = extract("威海市教育局总结\n2015年山东省启动“县管校聘”教师管理改革。", extractor)
    assert ("山东省", "implements", "县管校聘教师管理改革") in triples(ex)


def test_a_two_character_county_in_the_header_is_the_report_region(extractor):
    ex = extract("涉县教育体育局\n发布时间：2023-05-12  来源：涉县教育体育局\n涉县深化“县管校聘”管理改革。", extractor)
    assert ex.home_region == "130426"
    assert ex.document.publisher == "涉县教育体育局"
    assert ("涉县", "implements", "县管校聘管理改革") in triples(ex)
    assert ("涉县", "partOf", "邯郸市") in triples(ex)


def test_a_body_that_issues_a_policy_implements_it(extractor):
    ex = extract("威海市教育局总结\n2019年10月，教育部下发《关于开展教学成果推广应用工作的通知》。", extractor)
    assert ("教育部", "implements", "关于开展教学成果推广应用工作的通知") in triples(ex)


def test_where_something_happens_first_is_not_who_does_it(extractor):
    ex = extract("芝罘区教育和体育局\n在全市率先启动了名师、名校长培养工程。", extractor)
    assert ("芝罘区", "implements", "名师、名校长培养工程") in triples(ex)


def test_a_programme_named_with_a_level_word_is_run_by_that_level(extractor):
    ex = extract("成都市郫都区教育局工作总结\n郫都区1名教师入选省乡村优秀青年教师奖励计划，"
                 "郫都区实施市首批乡村名师培育工程。", extractor)
    found = triples(ex)
    assert ("四川省", "implements", "乡村优秀青年教师奖励计划") in found
    assert ("郫都区", "implements", "乡村优秀青年教师奖励计划") not in found   # only selected into it
    assert ("成都市", "implements", "乡村名师培育工程") in found
    assert ("郫都区", "implements", "乡村名师培育工程") in found        # carries it out too


def test_a_case_study_is_about_the_place_it_names(extractor):
    text = ("洛阳市教育局工作总结\n洛阳市全面推进教育改革。\n典型案例：伊川县推进县管校聘改革\n"
            "背景：伊川县乡村学校教师紧缺。\n措施：通过校内竞聘、联盟内竞聘的三级竞聘模式，全县新建学校12所。\n"
            "二、推进集团化办学\n组建教育集团8个，建立城乡学校共同体发展机制。")
    ex = extract(text, extractor)
    found = triples(ex)
    assert ("伊川县", "implements", "三级竞聘模式") in found
    schools = next(m for m in ex.measures if m.value == 12)
    assert names(ex)[schools.subject] == "伊川县"        # 全县 in a case about 伊川县
    groups = next(m for m in ex.measures if m.value == 8)
    assert names(ex)[groups.subject] == "洛阳市"         # the next section is the city's again


def test_centres_and_groups_without_a_place_belong_to_the_report_region(extractor):
    ex = extract("广州市天河区教育局\n天河区组建教育数字化智库，中国教育科学研究院专家参与指导。", extractor)
    found = triples(ex)
    assert ("教育数字化智库", "locatedIn", "天河区") in found
    assert not any(s == "中国教育科学研究院" for s, p, o in found if p == "locatedIn")


def test_an_honoured_school_or_bureau_is_the_subject_not_its_place(extractor):
    ex = extract("洛阳市伊川县教育局\n鸦岭镇中心小学被评为洛阳市劳动教育特色学校。"
                 "伊川县教育局被评为河南省教育系统先进集体。", extractor)
    got = {(names(ex)[r.subject], r.label) for r in ex.recognitions}
    assert ("鸦岭镇中心小学", "洛阳市劳动教育特色学校") in got
    assert ("伊川县教育局", "河南省教育系统先进集体") in got


def test_a_body_that_was_built_or_used_does_not_act(extractor):
    ex = extract("淄博市淄川区教育和体育局\n建成淄川区教师发展中心，先后实施青年干部赋能培育工程。", extractor)
    assert ("淄川区", "implements", "青年干部赋能培育工程") in triples(ex)
    assert not any(s == "淄川区教师发展中心" and p == "implements" for s, p, o in triples(ex))


def test_where_institutions_lie(extractor):
    ex = extract("岳阳市平江县教育局\n平江县地处湖南省东北部。位于伍市镇的平江县芙蓉学校建成投用。"
                 "依托湖南师范大学、洛阳师范学院和清华大学培训教师，浙江省长兴中学、长兴县教育局参加，"
                 "《河南日报》作了报道。", extractor)
    found = triples(ex)
    assert ("平江县芙蓉学校", "locatedIn", "伍市镇") in found
    assert ("湖南师范大学", "locatedIn", "湖南省") in found
    assert ("洛阳师范学院", "locatedIn", "洛阳市") in found
    assert ("浙江省长兴中学", "locatedIn", "长兴县") in found
    assert ("河南日报", "locatedIn", "河南省") in found
    assert not any(s == "清华大学" and p == "locatedIn" for s, p, o in found)


def test_a_region_opening_a_programme_name_runs_it(extractor):
    ex = extract("岳阳市平江县教育局\n通过湖南省乡村教师公费定向培养计划接收毕业生216名。", extractor)
    found = triples(ex)
    assert ("湖南省", "implements", "湖南省乡村教师公费定向培养计划") in found
    assert ("平江县", "implements", "湖南省乡村教师公费定向培养计划") in found


def measure_subjects(ex) -> dict:
    n = names(ex)
    return {m.value: n.get(m.subject, m.subject) for m in ex.measures}


def test_partners_and_means_are_not_the_subject_of_a_number(extractor):
    ex = extract("深圳市龙华区教育局\n龙华区与华南师范大学共建实验区，全年引进优秀毕业生1380名。"
                 "依托湖南理工学院、湖南师范大学实施培训，培训教师1.32万人次。", extractor)
    got = measure_subjects(ex)
    assert got[1380] == "龙华区" and got[13200] == "龙华区"


def test_a_platform_opening_its_clause_is_what_the_number_is_about(extractor):
    ex = extract("威海市教育局\n疫情期间，“智慧教育”云平台为全市40余万师生提供线上服务。"
                 "持续落实“双减”政策，全市减少校外培训机构120家。", extractor)
    got = measure_subjects(ex)
    assert got[400000] == "智慧教育云平台"
    assert got[120] == "威海市"            # a policy is not what is counted


def test_a_count_of_pilot_sites_belongs_to_the_programme(extractor):
    ex = extract("威海市教育局\n威海市被确定为全国9个“双减”试点城市之一。", extractor)
    assert measure_subjects(ex)[9] == "双减"


def test_examples_and_means_are_not_the_subject_of_a_number(extractor):
    ex = extract("南充市仪陇县教育科技和体育局\n金城镇、新政镇等乡镇学校与县城学校建立同步课堂，每周共享课程80余节。"
                 "以伊川县实验小学、伊川县实验中学等优质学校为龙头，组建教育集团12个。", extractor)
    got = measure_subjects(ex)
    assert got[80] == "仪陇县" and got[12] == "仪陇县"


def test_partner_universities_carry_out_a_programme_with_the_region(extractor):
    ex = extract("岳阳市平江县教育局\n依托湖南理工学院、湖南师范大学实施“国培计划”，全年培训教师1.32万人次。",
                 extractor)
    found = triples(ex)
    assert {("平江县", "implements", "国培计划"), ("湖南理工学院", "implements", "国培计划"),
            ("湖南师范大学", "implements", "国培计划")} <= found


def test_implements_evidence_says_since_when_only_when_the_text_does(extractor):
    ex = extract("洛阳市伊川县教育局\n自2018年起，伊川县全面推行“县管校聘”管理改革。"
                 "2021年，伊川县启动集团化办学。年12月，伊川县实施强师工程。", extractor)
    n = names(ex)
    since = {n.get(r.object, r.object): r.since for r in ex.relations if r.predicate == "implements"}
    assert since["县管校聘管理改革"] == 2018
    assert since["集团化办学"] == 2021
    assert since["强师工程"] is None           # the year was stripped: never guessed


def test_a_long_report_places_bodies_as_its_reports_do_one_by_one(extractor):
    """Region prefixes and 位于 placements are looked up among the mentions of the body's own
    sentence (a search of the whole document made long reports quadratic): a compilation of
    several reports gives each of its institutions the place the report alone gives it."""
    parts = ["位于伍市镇的平江县芙蓉学校今年扩建。平江县教育局组织开展“县管校聘”改革。",
             "烟台市芝罘区人民政府教育督导室完成督导评估。芝罘区实验小学获评省级文明校园。",
             "淄川区教育和体育局推进集团化办学，淄博市淄川中学牵头成立教育集团。"]
    alone = set().union(*(triples(extract(text, extractor)) for text in parts))
    together = triples(extract("".join(parts * 3), extractor))
    located = {t for t in alone if t[1] == "locatedIn"}
    assert located and located <= together
    assert ("平江县芙蓉学校", "locatedIn", "伍市镇") in together


def test_a_partner_school_abroad_lies_in_its_country(extractor):
    ex = extract("潍坊市教育局组建产教联合出海共同体，“越南—班·墨学院”顺利揭牌。", extractor)
    assert ("越南—班·墨学院", "locatedIn", "越南") in triples(ex)
    assert ("产教联合出海共同体", "locatedIn", "潍坊市") in triples(ex)


def test_a_bureau_named_with_its_regions_short_form_is_one_body(extractor):
    """兰山教体局 and 兰山区教体局 in one report: one institution, the short spelling an alias."""
    ex = extract("临沂市兰山区教育工作总结\n兰山教体局召开大会。兰山区教体局推进集团化办学。", extractor)
    bodies = {m.key: m for m in ex.mentions if m.kind == "Institution"}
    assert list(bodies) == ["兰山区教体局"]
    assert "兰山教体局" in {a for m in ex.mentions if m.key == "兰山区教体局" for a in m.aliases}
    # a short form followed by its kind of place is left as written, never doubled
    ex = extract("贵州省威宁彝族回族苗族自治县教育工作总结\n威宁自治县教育局召开大会。", extractor)
    assert not any("自治县自治县" in m.text for m in ex.mentions)


def test_a_school_does_not_count_schools(extractor):
    """华西中学…创建为示范性高中，新增新优质学校3所: the new schools are the district's."""
    ex = extract("成都市成华区教育工作总结\n华西中学成功创建为省一级示范性高中，新增市级新优质学校3所。", extractor)
    (count,) = [m for m in ex.measures if m.unit == "school"]
    assert count.subject == ex.home_region


def test_a_school_named_relative_to_the_report_takes_its_place(extractor):
    """县第二职业学校 in a 苍南县 report is 苍南县第二职业学校 (as 县教育局 is 苍南县教育局);
    县城新区实验学校 (the county town's) is not relative."""
    ex = extract("温州市苍南县教育工作总结\n今年开工建设县第二职业学校、县城新区实验学校。", extractor)
    schools = {m.text for m in ex.mentions if m.kind == "Institution"}
    assert "苍南县第二职业学校" in schools and "县第二职业学校" not in schools
    assert "县城新区实验学校" in schools


def test_a_county_level_city_is_its_own_shi(extractor):
    """In a 寿光市 report (a county-level city of 潍坊市) 市教育局 and 市职业教育中心学校 are
    寿光市's, as its 我市 is."""
    ex = extract("潍坊市寿光市教育工作总结\n市职业教育中心学校被确定为首批示范学校，市教育局召开会议。", extractor)
    names = {m.text for m in ex.mentions if m.kind == "Institution"}
    assert {"寿光市职业教育中心学校", "寿光市教育局"} <= names


def test_an_honour_for_counted_unnamed_recipients_is_the_regions(extractor):
    """巴蜀中学获评…，6所校园获批…: the six are not 巴蜀中学; …学校等3所 are named, so they keep it."""
    ex = extract("重庆市渝中区教育工作总结\n巴蜀中学获评市级文明校园，6所校园获批“市级智慧校园示范校”。", extractor)
    subjects = {r.label: r.subject for r in ex.recognitions}
    assert subjects["市级智慧校园示范校"] == ex.home_region
    assert subjects["市级文明校园"] != ex.home_region


def test_a_schools_own_page_speaks_for_the_school(extractor):
    """On the page of one school, 学校 does what the sentence says, not the school's city."""
    page = ("长沙市开福区清水塘小学 学校简介\n清水塘小学是长沙市开福区的一所公办小学。\n"
            "2019年,学校启动“书香校园”建设行动。")
    ex = extract(page, extractor)
    assert ("长沙市开福区清水塘小学", "implements", "书香校园建设行动") in triples(ex)


def test_a_body_that_runs_a_programme_is_no_part_of_its_name(extractor):
    """区教委就|学区制综合改革: 区教委 is the report district's 教委, and runs the reform; a
    programme read inside a college's name (…工程|学院) is none."""
    ex = extract("北京市海淀区教委\n区教委就学区制综合改革回应了家长关心的问题。"
                 "学生进入北京工程学院学习。", extractor)
    found = triples(ex)
    assert ("海淀区教委", "implements", "学区制综合改革") in found
    assert not any(p == "implements" and o.startswith("北京工程") for s, p, o in found)


def test_several_bodies_that_run_a_programme_together(extractor):
    """中宣部、教育部、国家语委等8部门联合启动实施…: each listed body runs it, not the report's city."""
    ex = extract("湘西州教育局\n2020年，中央宣传部、教育部、国家语委等8部门联合启动实施古籍保护传承工程。", extractor)
    found = triples(ex)
    assert {("中央宣传部", "implements", "古籍保护传承工程"), ("教育部", "implements", "古籍保护传承工程"),
            ("国家语委", "implements", "古籍保护传承工程")} <= found
    assert not any(s == "湘西土家族苗族自治州" and p == "implements" for s, p, o in found)


def test_who_carries_out_a_policy_in_another_clause(extractor):
    """本次评估由省教育厅组织实施，以《…方案》为依据: the department uses the policy; a bureau
    that drafted a titled plan (…局制定了《…》) runs it."""
    ex = extract("贵州省教育厅公布评估结果\n本次评估由省教育厅组织实施，以《贵州省中小学办学水平督导评估方案》为依据。"
                 "铜仁市教育局制定了《书香校园建设实施方案》。", extractor)
    found = triples(ex)
    assert ("贵州省教育厅", "implements", "贵州省中小学办学水平督导评估方案") in found
    assert not any(s == "贵州省" and o == "贵州省中小学办学水平督导评估方案" for s, p, o in found)
    assert ("铜仁市教育局", "implements", "书香校园建设实施方案") in found


def test_a_citys_schools_called_by_their_numbers(extractor):
    """走访5小、30小、7中等3所学校 in a city's report: the city's 第五小学, 第三十小学, 第七中学."""
    ex = extract("贵阳市教育局\n督导组实地走访5小、30小、7中等3所学校。学生人数3小时内统计完毕。", extractor)
    labels = {m.text for m in ex.mentions if m.kind == "Institution"}
    assert {"贵阳市第五小学", "贵阳市第三十小学", "贵阳市第七中学"} <= labels
    assert not any("三小" in label or "第三小学" in label for label in labels)
