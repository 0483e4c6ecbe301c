"""extract_measures on single sentences: seeds, other provinces, stripped numbers, Traditional."""
import re
from decimal import Decimal
from pathlib import Path

import opencc
import pytest

from edukg.extract.measures import extract_measures, stated_year
from edukg.records import Sentence


def sent(text: str, original: str | None = None, index: int = 0) -> Sentence:
    return Sentence(index=index, start=0, text=text, original=original or text)


def measures(text: str):
    return extract_measures(sent(text))


def values(text: str):
    return [(m.value, m.unit) for m in measures(text)]


# ------------------------------------------------------------------------ number forms

@pytest.mark.parametrize(
    ("text", "value", "unit", "approximate"),
    [
        ("累计投入43余亿元", "4300000000", "CNY", True),
        ("投资3000余万元的开发区中心小学改扩建一期工程", "30000000", "CNY", True),
        ("投资1.2亿元的新建曜华小学", "120000000", "CNY", False),
        ("发放各类助学金1036万元", "10360000", "CNY", False),
        ("累计线上直播课程1.4万余节", "14000", "节", True),
        ("在校学生6.3万人", "63000", "person", False),
        ("占应交流人数18.13%", "18.13", "percent", False),
        ("超省定标准8.13个百分点", "8.13", "percentage point", False),
        ("新建、改扩建学校66所", "66", "school", False),
        ("安装精品录播教室30间", "30", "classroom", False),
        ("评选出市级教学成果54项", "54", "item", False),
        ("组建7个教育集团", "7", "item", False),
        ("智慧黑板330套", "330", "套", False),
        ("总带宽实现扩容10倍", "10", "倍", False),
        ("完成38所学校18万平方米的校舍加固任务", "180000", "m2", False),
        ("获奖率居全省第1", "1", "rank", False),
        ("数量在全省位居第一", "1", "rank", False),
        ("教师平均年龄为36.6岁", "36.6", "岁", False),
        ("最快26秒即可完成信息采集", "26", "second", False),
        ("城区学生参与率达到92%左右", "92", "percent", True),
        ("近20项国家和省级教育改革试点工作", "20", "item", True),
        ("日平均更新资源数量超过1万套", "10000", "套", True),
        ("疫情期间为全市40余万师生提供线上教育教学服务", "400000", "person", True),
        ("播放量超15亿人次", "1500000000", "人次", True),
        ("百分之九十的学校", "90", "percent", False),
    ],
)
def test_number_forms(text, value, unit, approximate):
    found = [m for m in measures(text) if unit in (m.unit, m.unit_label)]   # the code or the word
    assert found, measures(text)
    m = found[-1]
    assert m.value == Decimal(value)
    assert m.approximate is approximate


def test_offsets_and_surface():
    s = "近年来,威海市累计投入43余亿元,新建学校66所"
    ms = extract_measures(sent(s, index=7))
    assert [m.text for m in ms] == ["43余亿元", "66所"]
    for m in ms:
        assert s[m.start:m.end] == m.text
        assert m.sentence == 7
        assert m.subject is None


def test_approximation_markers():
    assert measures("在全省率先消除56人以上大班额")[0].approximate is True
    assert measures("每所学校每周向全市至少直播1节有示范意义的公开课")[0].approximate is True
    assert measures("网络总出口带宽不低于100兆,覆盖学校不少于30所")[-1].approximate is True
    # a stated cap is exact
    caps = measures("在全省率先实现了小学每班不超过45人、中学每班不超过50人的标准班额")
    assert [(m.value, m.approximate) for m in caps] == [(Decimal(45), False), (Decimal(50), False)]


def test_chinese_numeral_counts():
    assert values("集成涵盖小学、初中、高中三个学段") == [(Decimal(3), "item")]
    assert values("先后三次在全区范围内进行中层干部竞聘") == [(Decimal(3), "occasion")]
    assert values("年至今共评选出六批市级特色学校68所") == [(Decimal(6), "occasion"), (Decimal(68), "school")]
    assert values("全省12个示范区中,威海市占据两个") == [(Decimal(12), "item"), (Decimal(2), "item")]
    assert values("连续两年有效应对入学高峰冲击") == [(Decimal(2), "year")]
    # idioms and list markers are not counts
    assert values("打破“三通两平台”中资源服务和管理服务“两平台”的界限") == []
    assert values("一是提高教育经费投入,二是改善办学条件") == []
    assert values("重点采取两个办法减轻改革压力") == []
    assert values("推动实现“一校一品”“一校多品”") == []
    assert values("全区有数十所学校、几十名教师参加") == []


def test_indicators():
    def ind(text):
        return [m.indicator for m in measures(text)]

    assert ind("近年来,威海市累计投入43余亿元") == ["累计投入"]
    assert ind("为全区学校安装精品录播教室30间,智慧黑板330套") == ["学校安装精品录播教室", "智慧黑板"]
    assert ind("荣成市决定组建7个学校联盟,搭建工作联盟化平台") == ["组建学校联盟"]
    assert ind("建成中小学152所、幼儿园344所") == ["建成中小学", "幼儿园"]
    assert ind("打通公安、住建、人社等10个部门的数据壁垒") == ["打通部门"]
    assert ind("1人通过省第四期齐鲁名师建设工程人选考核4人获淄博市教学基本功大赛一等奖")[-1].startswith("获淄博市")
    assert all(len(i) <= 18 for i in ind("在职教师大专以上学历人数占教师总数的99.7%,教师平均年龄为36.6岁"))


def test_list_and_range_forms():
    # 各: one measure per listed item
    ms = measures("现有区属公办中小学64所(其中,中学18所,小学43所,职教、特教、体校各1所)")
    assert [(m.value, m.indicator) for m in ms][-3:] == [
        (Decimal(1), "职教"), (Decimal(1), "特教"), (Decimal(1), "体校"),
    ]
    # a range gives both ends
    ms = measures("在每个镇街设立乡村学校特级教师岗位1至2个")
    assert [m.value for m in ms] == [Decimal(1), Decimal(2)]
    # parallel values share the indicator
    ms = measures("小学、初中年巩固率分别为100%、98.3%")
    assert [(m.value, m.indicator) for m in ms] == [
        (Decimal(100), "小学、初中年巩固率"), (Decimal("98.3"), "小学、初中年巩固率"),
    ]


# ------------------------------------------------------------------ missing numbers

@pytest.mark.parametrize(
    "text",
    [
        "增加学位个",
        "小学、初中生均公用经费实际达到元、元,分别高于省定标准元和元",
        "累计投入万元建成综合性大平台",
        "包括各种教育教学资源多万个,智能化题库试题总量超过万套",
        "年交流轮岗教师共名",
        "建成录播教室个,覆盖率达到%",
        "自年起,中小学班主任津贴标准调整到每班每月元",
    ],
)
def test_lost_numbers_give_nothing(text):
    assert measures(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "年12月,获教育部“基础教育国家级优秀教学成果推广应用示范区”",
        "发布日期:2022-12-16",
        "索引号: 11370302MB2858318T/2022-None",
        "联系电话:0571-87654321,邮编310000",
        "根据浙教发〔2021〕35号文件精神",
        "推进“5+2”课后服务全覆盖,全面普及体育、艺术2+1活动",
        "12月23日,《山东教育报》头版头条聚焦潍坊教育",
        "探索实施3—6岁儿童运动促进健康项目",
        "第五届“地方教育制度创新奖”,第六轮校长聘任",
    ],
)
def test_not_measures(text):
    assert measures(text) == []


def test_zero_only_as_stated_rate():
    ms = measures("目前,民办义务教育学校学生占比为0")
    assert [(m.value, m.unit) for m in ms] == [(Decimal(0), "percent")]
    assert measures("新增学校0所") == []


# ---------------------------------------------------------------------------- years

def test_year_stated_vs_stripped():
    assert measures("2016年全面启动名校+工程,确定了首批9对试点结对学校")[0].year == 2016
    assert measures("2021年,成都市投入教育经费386.5亿元")[0].year == 2021
    assert measures("截至2022年底,全省共有各级各类学校2.7万所")[0].year == 2022
    # periods are not the measure's year
    assert measures("2015年以来,年均补充新教师128名")[0].year is None
    assert measures("自2018年起,全市累计投入资金8亿元")[0].year is None
    # a stripped year gives no year
    assert measures("年组织了首届评选,评选出市级教学成果54项")[0].year is None
    assert measures("—年全市累计投入52亿元")[0].year is None


def test_stated_year_helper():
    s = "2012年和2015年分别入选全国首批试点单位"
    assert stated_year(s, len(s)) == 2015
    assert stated_year("根据《规划纲要(2010—2020年)》,全省投入", 20) is None


# ------------------------------------------------------------------ other provinces

def test_other_provinces():
    assert values("2021年,成都市投入教育经费386.5亿元,新建改扩建中小学幼儿园120所,新增学位12.3万个") == [
        (Decimal("38650000000"), "CNY"), (Decimal(120), "school"), (Decimal(123000), "item"),
    ]
    assert values("全区学前三年毛入园率达到98.5%,普惠性幼儿园覆盖率达91.2%,较上年提高3.6个百分点") == [
        (Decimal("98.5"), "percent"), (Decimal("91.2"), "percent"), (Decimal("3.6"), "percentage point"),
    ]
    ms = measures("学校占地面积3.2万平方米,建筑面积约4.5万平方米,总投资约2.8亿元")
    assert [(m.value, m.unit, m.approximate) for m in ms] == [
        (Decimal(32000), "m2", False), (Decimal(45000), "m2", True), (Decimal(280000000), "CNY", True),
    ]
    ms = measures("该市教育质量综合评价连续4年位居全省第一,高考本科上线率排名全省第2位")
    assert [(m.value, m.unit) for m in ms] == [
        (Decimal(4), "year"), (Decimal(1), "rank"), (Decimal(2), "rank"),
    ]
    assert values("累计培训教师1.2万人次,开发校本课程200余门,建成名师工作室36个") == [
        (Decimal(12000), "person-time"), (Decimal(200), "item"), (Decimal(36), "item"),
    ]


def test_full_width_digits():
    ms = measures("全市新建学校１２所，投入资金３.５亿元")
    assert [(m.value, m.unit) for m in ms] == [(Decimal(12), "school"), (Decimal(350000000), "CNY")]
    assert ms[0].text == "１２所"


def test_traditional_converted_sentence():
    original = "建成中小學152所、幼兒園344所，新增優質學位28.76萬個，惠及近1萬名鄉村教師"
    text = opencc.OpenCC("t2s").convert(original)
    ms = extract_measures(sent(text, original))
    assert [(m.value, m.unit, m.approximate) for m in ms] == [
        (Decimal(152), "school", False),
        (Decimal(344), "school", False),
        (Decimal(287600), "item", False),
        (Decimal(10000), "person", True),
    ]
    assert ms[2].indicator == "新增优质学位"


# ------------------------------------------------------------------- seed sentences

def test_seed_sentence_weihai():
    s = ("三是持续实施重点民生工程,—年全市累计投入52亿元,新建、改扩建学校66所,增加学位个,"
         "在全省率先消除56人以上大班额")
    ms = measures(s)
    assert [(m.value, m.unit, m.approximate) for m in ms] == [
        (Decimal(5200000000), "CNY", False),
        (Decimal(66), "school", False),
        (Decimal(56), "person", True),
    ]
    assert ms[1].indicator == "新建、改扩建学校"


def test_the_unit_is_a_code_and_the_word_is_kept():
    from edukg.extract.measures import UNIT_CODE_LIST

    ms = measures("开发校本课程200余门,智慧黑板330套,开展家长大讲堂65场,惠及学生1.7万人次")
    assert [(m.unit, m.unit_label) for m in ms] == [
        ("item", "门"), ("item", "套"), ("occasion", "场"), ("person-time", "人次")]
    assert all(m.unit in UNIT_CODE_LIST for m in ms)


def test_the_shapes_allow_exactly_the_unit_codes():
    from edukg.extract.measures import UNIT_CODES, UNIT_CODE_LIST, public_unit

    shapes = (Path(__file__).resolve().parents[1] / "ontology" / "shapes.ttl").read_text(encoding="utf-8")
    listed = re.search(r"sh:path edu:unit ;\s*sh:in \(([^)]*)\)", shapes)[1]
    assert re.findall(r'"([^"]+)"', listed) == list(UNIT_CODE_LIST)
    assert {public_unit(code) for code in UNIT_CODES.values()} <= set(UNIT_CODE_LIST)


def test_seed_sentence_zichuan():
    s = "今年以来,全区共组织家庭教育报告会61场,参与家长达2.8万余人"
    ms = measures(s)
    assert [(m.value, m.unit, m.approximate, m.indicator) for m in ms] == [
        (Decimal(61), "occasion", False, "组织家庭教育报告会"),
        (Decimal(28000), "person", True, "参与家长"),
    ]


def test_seed_sentence_zhifu():
    s = "芝罘区现有区属公办中小学64所,在校学生6.3万人。"
    ms = measures(s)
    assert [(m.value, m.indicator) for m in ms] == [
        (Decimal(64), "区属公办中小学"), (Decimal(63000), "在校学生"),
    ]


def test_an_aside_right_before_the_number_is_read_past():
    """百年老校(园)13所: what is counted is before the aside, not the aside's closing bracket."""
    assert [(m.indicator, m.value) for m in measures("全区现有百年老校(园)13所,示范性高中5所。")] \
        == [("百年老校", Decimal("13")), ("示范性高中", Decimal("5"))]
    assert [m.indicator for m in measures("全县有中小学（含教学点）126所。")] == ["中小学"]


def test_trimming_the_verb_never_cuts_a_word_in_half():
    """累计已有|23个省份: the indicator is what is counted, not 累计已 (nor 累 of 累计)."""
    (m,) = measures("又有7个省份实现基本均衡，累计已有23个省份。")[1:]
    assert m.indicator == "省份"
    assert not any(x.indicator.endswith(("累", "累计已")) for x in measures("全国累计已达2767个县。"))


def test_a_number_in_a_policy_title_is_no_measure():
    """“减负30条” and 《…10条措施》 name policies; the figures after them are measures."""
    assert values("贵阳市出台“减负30条”，全市中小学书面作业总量下降30%。") == [(Decimal("30"), "percent")]
    assert values("印发《关于推进集团化办学的10条措施》，新建学校3所。") == [(Decimal("3"), "school")]


def test_a_head_count_may_leave_its_unit_unsaid():
    assert values("全县幅员面积2380平方公里，总人口52万，常住人口46.5万。")[1:] == \
        [(Decimal("520000"), "person"), (Decimal("465000"), "person")]
    assert values("全县义务教育阶段在校学生约6.8万。") == [(Decimal("68000"), "person")]
    assert values("2019年增长至1.2万。") == []          # a number of nothing said
