"""extract_recognitions on single sentences: each trigger, lists, bodies, years, Traditional."""
import opencc
import pytest

from edukg.extract.recognitions import extract_recognitions
from edukg.records import Sentence


def sent(text: str, original: str | None = None, index: int = 0) -> Sentence:
    return Sentence(index=index, start=0, text=text, original=original or text)


def recs(text: str):
    return extract_recognitions(sent(text))


def labels(text: str):
    return [r.label for r in recs(text)]


# ----------------------------------------------------------------------- each trigger

@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("长沙市岳麓区被评为全国青少年校园足球试点县", "全国青少年校园足球试点县"),
        ("福建省厦门市思明区获评首批全国义务教育优质均衡发展区", "首批全国义务教育优质均衡发展区"),
        ("该区荣获第五届“地方教育制度创新奖”", "第五届地方教育制度创新奖"),
        ("4人获齐鲁名校长称号", "齐鲁名校长"),
        ("该校获得“全国文明校园”称号", "全国文明校园"),
        ("经验做法入选中国基础教育创新典型案例", "中国基础教育创新典型案例"),
        ("3所学校被确定为省级劳动教育实践基地", "省级劳动教育实践基地"),
        ("杭州市上城区被认定为全国义务教育优质均衡发展区", "全国义务教育优质均衡发展区"),
        ("该县确定为全省县域普通高中振兴计划试点县", "全省县域普通高中振兴计划试点县"),
        ("我市评为全省教育工作先进市", "全省教育工作先进市"),
        ("3所学校被命名为省级示范性高中", "省级示范性高中"),
        ("该区成功获批国家级智慧教育示范区", "国家级智慧教育示范区"),
        ("2015年,顺利通过全国县域义务教育均衡发展评估验收", "全国县域义务教育均衡发展评估验收"),
        ("环翠区率先通过了“全国义务教育发展基本均衡县”等评估验收", "全国义务教育发展基本均衡县评估验收"),
        ("1人通过省第四期齐鲁名师建设工程人选考核", "省第四期齐鲁名师建设工程人选考核"),
        ("4人获淄博市教学基本功大赛一等奖", "淄博市教学基本功大赛一等奖"),
        ("我县作为全省首批县域普通高中振兴计划试点县之一,积极推进各项改革", "全省首批县域普通高中振兴计划试点县"),
        ("所辖各区市均为“国家义务教育发展基本均衡县”", "国家义务教育发展基本均衡县"),
        ("武汉市江岸区成功创建全国义务教育优质均衡发展区", "全国义务教育优质均衡发展区"),
    ],
)
def test_each_trigger(text, label):
    assert label in labels(text), recs(text)


def test_offsets_and_fields():
    s = "2022年4月,淄川区被教育部确定为义务教育优质均衡先行创建区"
    (r,) = extract_recognitions(sent(s, index=3))
    assert r.label == "义务教育优质均衡先行创建区"
    assert r.conferred_by == "教育部"
    assert r.year == 2022
    assert r.sentence == 3
    assert r.subject is None
    assert s[r.start:r.end].startswith("被教育部确定为")


# ------------------------------------------------------------------------------ lists

def test_list_becomes_separate_recognitions():
    assert labels("被评为“全国未成年人思想道德建设工作先进城市”、全省基础教育综合改革试验区,所辖各区市") == [
        "全国未成年人思想道德建设工作先进城市", "全省基础教育综合改革试验区",
    ]
    assert labels("先后获得全省教育工作先进单位、山东省中小学素质教育工作先进单位等称号") == [
        "全省教育工作先进单位", "山东省中小学素质教育工作先进单位",
    ]
    assert labels("21个典型案例入选《全国义务教育学校管理标准操作手册》《义务教育学校管理标准解读》") == [
        "全国义务教育学校管理标准操作手册", "义务教育学校管理标准解读",
    ]


def test_adjacent_quoted_titles_split():
    assert labels("该校先后被授予“全国文明校园”“全国青少年校园足球特色学校”“省级绿色学校”等称号") == [
        "全国文明校园", "全国青少年校园足球特色学校", "省级绿色学校",
    ]


def test_bare_prize_takes_the_contest():
    (r,) = recs("在2022年全省中小学教师教学能力大赛中,我区教师获一等奖5个、二等奖12个")
    assert (r.label, r.year) == ("全省中小学教师教学能力大赛一等奖", 2022)


def test_short_list_items_stay_together():
    assert labels("连续3年入选全省职教改革成效明显市、县,获省委、省政府督查激励")[0] == "全省职教改革成效明显市、县"


def test_years_respectively():
    rs = recs("2012年和2015年分别入选全国首批教育信息化区域综合试点单位、全国教育信息化创新应用十佳县市区")
    assert [(r.label, r.year) for r in rs] == [
        ("全国首批教育信息化区域综合试点单位", 2012),
        ("全国教育信息化创新应用十佳县市区", 2015),
    ]


# -------------------------------------------------------------------- conferring body

def test_conferred_by():
    (r,) = recs("年12月,获教育部“基础教育国家级优秀教学成果推广应用示范区”")
    assert (r.label, r.conferred_by, r.year) == ("基础教育国家级优秀教学成果推广应用示范区", "教育部", None)

    (r,) = recs("年,被中共中央办公厅、国务院办公厅《关于进一步减轻义务教育阶段学生作业负担和校外培训负担的意见》"
                "确定为全国9个“双减”试点城市之一")
    assert (r.label, r.conferred_by) == ("全国双减试点城市", "中共中央办公厅")

    (r,) = recs("并入选教育部年全国教育信息化应用成果展示交流活动")
    assert (r.label, r.conferred_by) == ("全国教育信息化应用成果展示交流活动", "教育部")

    (r,) = recs("黑龙江省哈尔滨市南岗区被中共中央宣传部、教育部联合授予“全国未成年人思想道德建设工作先进区”称号")
    assert (r.label, r.conferred_by) == ("全国未成年人思想道德建设工作先进区", "中共中央宣传部")

    (r,) = recs("经过评审,山西省教育厅发布2022年中小学优秀案例评选结果,我市3个案例入选")
    assert (r.label, r.conferred_by, r.year) == ("中小学优秀案例", "山西省教育厅", 2022)


def test_commendation_keeps_the_body():
    (r,) = recs("获省委、省政府督查激励")
    # the label keeps the bodies; a relative body (省委) is no conferring institution
    assert (r.label, r.conferred_by) == ("获省委、省政府督查激励", None)
    (r,) = recs("刚才您提到了数字化赋能教育治理获教育部推介")
    assert (r.label, r.conferred_by) == ("数字化赋能教育治理获教育部推介", "教育部")


# ------------------------------------------------------------------- grades, bare verbs

def test_grade_takes_the_evaluation_name():
    assert labels("自年省开展对市级政府履行教育职责评价以来,连续3年度获评优秀等次") == [
        "市级政府履行教育职责评价优秀等次",
    ]
    rs = recs("2016年,顺利通过全国教育信息化试点验收,并被认定为优秀等次")
    assert [(r.label, r.year) for r in rs] == [
        ("全国教育信息化试点验收", 2016), ("全国教育信息化试点验收优秀等次", 2016),
    ]


def test_bare_award_refers_back():
    assert labels("在2019年全省基础教育教学成果奖评选中,全市共有25项成果获奖") == ["全省基础教育教学成果奖"]
    assert recs("在2019年全省基础教育教学成果奖评选中,全市共有25项成果获奖")[0].year == 2019


def test_promoted_by_higher_level():
    assert labels("中小学评价改革经验在全省推广,双减工作1个案例在教育部推广、3个案例在全省推广") == [
        "中小学评价改革经验在全省推广", "双减工作案例在教育部推广", "双减工作案例在全省推广",
    ]


# ------------------------------------------------------------------ not recognitions

@pytest.mark.parametrize(
    "text",
    [
        "学生通过线上平台获取学习资源,教师通过集体备课提升教学能力",
        "通过建立考核评价机制,推动学校规范办学",
        "全区通过开展督导检查,发现问题12个,已全部整改",
        "通过网络研修、专题培训等方式做好学校校长轮训工作",
        "我们将把经验做法作为重点,作为全区教育工作的重要抓手",
        "他们获得了家长的一致好评,群众获得感显著增强",
        "该项目入选率达到30%",
        "获奖率居全省第1",
        "学校作为全省教育改革的排头兵,先行先试",
        "4个县(市、区)通过国家首批认定",
        "经验做法被中国教育报、山东教育报头版头条专题刊发",
        "区委区政府将2023年确定为教育质量提升年",
        "该问题被确定为重点整改事项,已被纳入年度考核",
        "学校获批建设资金500万元",
        "全区10所学校被列为改造对象",
    ],
)
def test_not_recognitions(text):
    assert recs(text) == []


# -------------------------------------------------------------- years and Traditional

def test_year_stated_vs_stripped():
    assert recs("2015年,顺利通过全国县域义务教育均衡发展评估验收")[0].year == 2015
    assert recs("年,顺利通过全国县域义务教育均衡发展评估验收")[0].year is None
    # a year inside one clause's object does not govern the next clause
    rs = recs("该区教育局获评2021年度全省教育系统先进集体,学校获评省级文明校园")
    assert [(r.label, r.year) for r in rs] == [("全省教育系统先进集体", 2021), ("省级文明校园", None)]


def test_traditional_converted_sentence():
    original = "我市學子獲世界職業院校技能大賽金牌17枚，數量在全省位居第一。"
    text = opencc.OpenCC("t2s").convert(original)
    assert labels_of(text, original) == ["世界职业院校技能大赛金牌"]


def labels_of(text: str, original: str):
    return [r.label for r in extract_recognitions(sent(text, original))]


# --------------------------------------------------------------------- seed sentences

def test_seed_sentence_weihai():
    s = ("全市4个行政区市全部通过首批全国义务教育优质均衡发展县省级验收,"
         "2个区市通过全国学前教育普及普惠县省级验收,并代表山东省参加国家级评审")
    assert labels(s) == ["首批全国义务教育优质均衡发展县省级验收", "全国学前教育普及普惠县省级验收"]


def test_seed_sentence_zichuan():
    s = ("1名优秀班主任入选省中小学“优秀班主任工作室”2个团队入选市首批乡村中小学“名师工作室”,"
         "1名教师入选省乡村优秀青年教师奖励计划,1人通过省第四期齐鲁名师建设工程人选考核"
         "4人获淄博市教学基本功大赛一等奖,61人获淄博市教学能手")
    assert labels(s) == [
        "省中小学优秀班主任工作室",
        "市首批乡村中小学名师工作室",
        "省乡村优秀青年教师奖励计划",
        "省第四期齐鲁名师建设工程人选考核",
        "淄博市教学基本功大赛一等奖",
        "淄博市教学能手",
    ]


def test_an_honours_list_drops_its_closing_kind_word():
    """…、最美家庭集体等综合荣誉: the last item ends before 等; the kind of honour is no title."""
    labels = [r.label for r in recs("区教育局获评市级文明单位、最美家庭集体等综合荣誉")]
    assert labels == ["市级文明单位", "最美家庭集体"]
    assert [r.label for r in recs("学校先后获得省级文明校园等多项荣誉")] == ["省级文明校园"]


def test_a_counted_prize_takes_the_contest_it_was_won_in():
    """在…大赛中获6项金牌: the prize of that contest, without the count (the count is a measure)."""
    assert labels("学校在全省职业院校技能大赛中获8项金牌") == ["全省职业院校技能大赛金牌"]
    assert labels("我区教师在全市优质课评选中获得三个一等奖") == ["全市优质课评选一等奖"]


def test_a_later_item_naming_its_own_province_does_not_inherit_the_conferrer():
    rs = recs("该区先后被认定为教育部信息化应用示范区、广东省推进教育现代化先进区")
    assert [(r.label, r.conferred_by) for r in rs] == [
        ("信息化应用示范区", "教育部"), ("广东省推进教育现代化先进区", None)]


# ------------------------------------------------ conferring verbs, standing titles, renamings

def test_a_conferring_verb_with_the_holders_in_between():
    (r,) = recs("省教育厅于12月9日宣布命名20所中小学为山东省首批书法教育特色学校")
    assert r.label == "山东省首批书法教育特色学校"
    assert r.conferred_by == "省教育厅"     # relative: document.py resolves it to the province's


def test_the_body_that_issues_the_decision_confers_what_it_names():
    (r,) = recs("2018年7月4日,湖南省人民政府教育督导委员会印发《关于公布名单的决定》,正式认定岳麓区等12个县为"
                "2018年湖南省义务教育发展基本均衡县")
    assert r.conferred_by == "湖南省人民政府教育督导委员会"
    assert r.label == "湖南省义务教育发展基本均衡县" and r.year == 2018


def test_a_standing_title_stated_with_shi():
    assert labels("学校是小学骨干教师国家级培训基地学校") == ["小学骨干教师国家级培训基地学校"]
    assert labels("学校还是贵州师范大学、遵义师范学院的教育实习基地") == [
        "贵州师范大学教育实习基地", "遵义师范学院教育实习基地"]
    assert labels("贵阳市南明小学是南明区的一所公办小学") == []


def test_a_school_renamed_holds_no_title():
    assert labels("1964年,校名正式确定为“贵阳市南明小学”") == []
    assert labels("1993年,学校被命名为“贵州师范大学附属小学”") == []


def test_a_bare_ruxuan_takes_the_list_named_before():
    (r,) = recs("国务院教育督导委员会办公室公示了由国务院教育督导委员会拟认定的2017年全国义务教育发展基本均衡县(市、区)名单,"
                "福建省共有晋江市、南安市等8个县入选")
    assert r.label == "全国义务教育发展基本均衡县(市、区)"
    assert r.year == 2017 and r.conferred_by == "国务院教育督导委员会"


def test_what_is_no_recognition_at_all():
    assert labels("希望获得认定的学校珍惜荣誉") == []
    assert labels("还通过问卷调查和随机访谈了解群众的真实评价") == []


def test_lists_and_contests_won():
    assert labels("福清市并上榜全国综合实力百强县市和全国绿色发展百强县市") == [
        "全国综合实力百强县市", "全国绿色发展百强县市"]
    assert labels("福建在全国中学生田径锦标赛上已拿下“五连冠”") == ["全国中学生田径锦标赛五连冠"]
    assert labels("泉州市、漳州市上榜学校总数最多") == []


@pytest.mark.parametrize("text", [
    "岳麓区被确定为省级义务教育优质均衡发展区培育对象",
    "望城区被列为全国文明城市候选",
    "雨花区被确定为省级督导检查对象",
    "芙蓉区力争被评为全国义务教育优质均衡发展区",
    "天心区申报并被推荐为全国智慧教育示范区",
])
def test_candidates_and_aspirants_hold_nothing(text):
    assert labels(text) == []
