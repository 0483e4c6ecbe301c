"""Who holds a number: hand-written sentences of the kinds real reports use (other places)."""
from edukg.extract.document import extract_document
from edukg.extract.holders import clean_indicator
from edukg.normalize import normalize
from edukg.records import Document


def holders(text: str, extractor) -> dict:
    """value → name of the holder (a list when one value has several holders)."""
    ex = extract_document(normalize(Document("t", "t.txt", text)), extractor)
    names = {**{r.code: r.name for r in ex.regions}, **{m.key: m.text for m in ex.mentions}}
    out: dict = {}
    for m in ex.measures:
        name = names.get(m.subject, m.subject)
        out[m.value] = name if m.value not in out else sorted({*_as_list(out[m.value]), name})
    return out


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def test_a_region_above_the_report_holds_the_clause_it_opens(extractor):
    got = holders("岳阳市平江县教育局\n全市现有教育集团58个，其中城区30个。"
                  "平江县在全市率先完成校安工程，新建学校3所，群众满意度居全省第1。", extractor)
    assert got[58] == "岳阳市" and got[30] == "岳阳市"      # 全市 in a county's report
    assert got[3] == "平江县" and got[1] == "平江县"        # 在全市…, 居全省…: only context


def test_a_province_named_in_a_city_report_holds_its_own_counts(extractor):
    got = holders("遵义市教育局\n在首批名单中，贵州有54所学校上榜，其中小学34所。遵义市新增学位1200个。",
                  extractor)
    assert got[54] == "贵州省" and got[34] == "贵州省"
    assert got[1200] == "遵义市"


def test_listed_examples_and_beneficiaries_are_read_past(extractor):
    got = holders("岳阳市平江县教育局\n平江县芙蓉学校、平江县第一中学等12个重点工程已建成投用，"
                  "累计新增学位3400个。县里为平江县第三中学、平江县第四中学选配了校长，"
                  "同时考察了60名优秀教师。", extractor)
    assert got[12] == "平江县" and got[3400] == "平江县"
    assert got[60] == "平江县"


def test_each_place_of_a_distributive_list_holds_the_number(extractor):
    ex = extract_document(normalize(Document("t", "t.txt", "怀化市教育局\n从地区分布看，鹤城区有4所，"
                                             "中方县、沅陵县和辰溪县各有2所，溆浦县、会同县各1所。")),
                          extractor)
    names = {r.code: r.name for r in ex.regions}
    got = sorted((names[m.subject], int(m.value)) for m in ex.measures)
    assert got == [("中方县", 2), ("会同县", 1), ("沅陵县", 2), ("溆浦县", 1), ("辰溪县", 2),
                   ("鹤城区", 4)]
    assert not any(m.indicator.startswith(("中方县", "会同县")) for m in ex.measures)


def test_the_school_a_page_is_about_holds_its_numbers(extractor):
    got = holders("福州市鼓楼第一小学 学校简介\n一、学校概况\n福州市鼓楼第一小学是一所公办小学。"
                  "截至2023学年，学校已开设教学班89个，在校学生接近4000人。", extractor)
    assert got[89] == "福州市鼓楼第一小学" and got[4000] == "福州市鼓楼第一小学"


def test_an_anaphor_points_to_the_school_named_just_before_in_its_section(extractor):
    got = holders("岳阳市平江县教育局\n六、发挥优质学校的示范作用\n平江县第一中学是省级示范性高中。"
                  "学校创办于1939年，首批招收学生54人。\n七、存在问题\n学校布局仍需优化，全县缺少教师300名。",
                  extractor)
    assert got[54] == "平江县第一中学"
    assert got[300] == "平江县"                 # a new section: 学校 points nowhere


def test_a_body_named_by_its_relative_form_stands_for_its_region(extractor):
    got = holders("黔东南州从江县人民政府\n今年以来，县政府把教育摆在优先发展的位置，年初确定了10件教育实事。"
                  "从江县县委、县政府一至三季度共为此安排资金4620万元。", extractor)
    assert got[10] == "从江县"                  # 县政府 → 从江县政府, which acts for 从江县
    assert got[46200000] == "从江县"            # so does a list of its bodies


def test_a_source_of_figures_does_not_hold_them(extractor):
    got = holders("岳阳市教育局\n据湖南师范大学调查，中小学生近视率为52%。", extractor)
    assert got[52] == "岳阳市"


def test_an_institution_holds_what_its_own_clause_gives_it(extractor):
    got = holders("岳阳市平江县教育局\n县里向平江县职业技术学校无偿划拨建设用地78亩，并投入500万元新建教学楼。",
                  extractor)
    assert got[78] == "平江县职业技术学校"      # given to it in its clause
    assert got[5000000] == "平江县"             # the next clause is the county's again


def test_past_a_list_only_a_clause_subject_holds_the_count(extractor):
    got = holders("岳阳市平江县教育局\n县里投入8亿元，启动了平江县第一中学新校区、平江县中心幼儿园以及"
                  "安定镇等5个乡镇中心幼儿园的建设。", extractor)
    assert got[5] == "平江县"


def test_gaixiao_is_the_school_named_last_before_it(extractor):
    got = holders("福州市鼓楼区教育局\n福州市鼓楼第一小学建于1950年。该校现有学生1200名。", extractor)
    assert got[1200] == "福州市鼓楼第一小学"


def test_a_clause_after_a_semicolon_keeps_the_subject_before_it(extractor):
    got = holders("岳阳市平江县教育局\n平江县第一中学是省级示范性高中。学校创办于1939年，首批招收学生54人；"
                  "到1949年春，已发展到9个教学班。", extractor)
    assert got[54] == "平江县第一中学" and got[9] == "平江县第一中学"


def test_an_indicator_never_names_a_place_list_a_holder_or_an_anaphor():
    assert clean_indicator("检查组认为汨罗市等", ["汨罗市"]) == ""
    assert clean_indicator("白塔畈镇等地新建公办幼儿园", ["白塔畈镇"]) == "新建公办幼儿园"
    assert clean_indicator("鹤城区", ["鹤城区"]) == ""
    assert clean_indicator("贵州学校上榜", ["贵州"]) == "学校上榜"
    assert clean_indicator("本批省级示范学校中三亚市", ["三亚市"]) == "本批省级示范学校"
    assert clean_indicator("该校每年输送实习生", []) == "每年输送实习生"
    assert clean_indicator("新建学校", ["平江县"]) == "新建学校"
    assert clean_indicator("自治区教育厅拿出", []) == "拿出"
    assert clean_indicator("财政性教育经费投入", []) == "财政性教育经费投入"


def test_measures_of_a_sentence_carry_clean_indicators(extractor):
    ex = extract_document(normalize(Document("t", "t.txt", "遵义市教育局\n检查组认为湄潭县等9个县全部达到认定标准，"
                                             "凤冈县有4所。")), extractor)
    assert {m.indicator for m in ex.measures} <= {"县", ""}


def test_a_region_above_the_report_holds_the_units_it_counts(extractor):
    got = holders("湘潭市湘乡市教育局\n国家督导检查组对全省14个市(州)申报的32个县进行督导，"
                  "期间随机抽查了300所学校。", extractor)
    assert got[14] == got[32] == got[300] == "湖南省"


def test_places_that_say_where_each_listed_school_lies_hold_nothing(extractor):
    got = holders("湖南省教育厅\n鹤城区的怀化市第一中学、中方县的中方县第一中学共2所学校被认定为省级示范性高中。"
                  "怀化市的怀化市第三中学和怀化市第五中学3所学校入选。", extractor)
    assert got[2] == "湖南省"
    assert got[3] == "怀化市"           # one place before the list: the count is its


def test_gaipingtai_is_the_platform_the_sentence_is_about(extractor):
    got = holders("贵州省教育厅\n贵州教育云平台是全省统一的教育云平台，该平台于2016年上线，"
                  "至今提供教育资源1200多万件。", extractor)
    assert got[12000000] == "贵州教育云平台"


def test_a_schools_own_page_holds_what_no_one_else_does(extractor):
    text = "福州市鼓楼第一小学创办于1950年。校园占地45亩，建筑面积2.6万平方米。"
    assert holders("福州市鼓楼第一小学 学校简介\n一、学校概况\n" + text, extractor)[45] == "福州市鼓楼第一小学"
    assert holders("鼓楼区教育局2023年工作总结\n" + text, extractor)[45] == "鼓楼区"
    got = holders("福建省永泰县职业中专学校办学纪实\n学校创建于1984年。"
                  "新校园占地253亩。", extractor)
    assert got[253] == "福建省永泰县职业中专学校"     # named in the title's text


def test_the_size_of_the_one_school_a_sentence_builds_is_the_schools(extractor):
    got = holders("岳阳市平江县教育局\n以专项资金建设平江县芙蓉学校，规划36个教学班，可容纳学生1620人。"
                  "平江县第一中学新校区选址天岳大道，2025年开工，建成后可提供学位1800个。"
                  "新建平江县第三中学和平江县实验小学，建成后可新增学位2400个。", extractor)
    assert got[36] == got[1620] == "平江县芙蓉学校"
    assert got[1800] == "平江县第一中学"
    assert got[2400] == "平江县"            # two schools: the county's number


def test_a_figure_stated_twice_in_a_report_is_one_measure_with_both_sentences(extractor):
    """A summary line and the sentence it sums up: one holder, indicator and value, one node."""
    from edukg.link import link
    text = ("岳阳市平江县教育局\n全县扩优：教育集团18个，学区26个。\n"
            "截至目前，全县现有教育集团18个，其中城区10个。")
    kb = link([extract_document(normalize(Document("t", "t.txt", text)), extractor)])
    groups = [o for o in kb.outcomes if o.kind == "Measure" and o.value == 18]
    assert len(groups) == 1 and len(groups[0].evidence) == 2


def test_a_sum_spent_for_a_school_is_the_schools(extractor):
    got = holders("岳阳市平江县教育局\n县里向平江县职业中专划拨建设用地78亩，并投入500万元为该校新建教学楼。"
                  "全县投入800万元新建学校2所。", extractor)
    assert got[5000000] == "平江县职业中专"
    assert got[8000000] == "平江县"


def test_places_listed_before_what_each_of_them_did_each_hold_the_number(extractor):
    """A镇、B镇新建公办幼儿园各1所: the towns are listed, each built one kindergarten."""
    ex = extract_document(normalize(Document(
        "t", "t.txt", "浏阳市教育局2023年工作总结\n全市学前教育普惠率达到91.5%，官渡镇、大围山镇新建公办幼儿园各1所。")),
        extractor)
    names = {**{r.code: r.name for r in ex.regions}, **{m.key: m.text for m in ex.mentions}}
    built = sorted((names.get(m.subject), m.indicator) for m in ex.measures if m.value == 1)
    assert built == [("大围山镇", "新建公办幼儿园"), ("官渡镇", "新建公办幼儿园")]
