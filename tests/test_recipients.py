"""Who holds a recognition, on hand-written pages of other provinces: lists grouped by city,
counts taken up later, tables and headings, honours lists, 学校 as the page's school."""
from __future__ import annotations

import pytest

from edukg.extract.document import extract_document
from edukg.extract.recognition_lists import list_title_label
from edukg.extract.recognition_words import recognition_kind
from edukg.normalize import normalize
from edukg.records import Document


def extract(text: str, extractor, name: str = "t"):
    return extract_document(normalize(Document(name, f"{name}.txt", text)), extractor)


def holders(ex) -> set[tuple[str, str]]:
    """(holder name, recognition label) of every recognition found."""
    named = {**{r.code: r.name for r in ex.regions}, **{m.key: m.text for m in ex.mentions}}
    return {(named.get(r.subject, r.subject), r.label) for r in ex.recognitions}


def of(ex, label: str) -> set[str]:
    return {who for who, what in holders(ex) if what == label}


def test_a_list_grouped_by_city_goes_to_each_county_not_to_the_cities(extractor):
    ex = extract("湖南省教育督导工作简报\n2019年,长沙市的岳麓区、望城区,以及株洲市的渌口区等3个县(市、区)"
                 "被认定为全国义务教育发展基本均衡县。", extractor)
    assert of(ex, "全国义务教育发展基本均衡县") == {"岳麓区", "望城区", "渌口区"}


def test_a_count_is_taken_up_by_the_next_sentences(extractor):
    ex = extract("湖南省教育督导工作简报\n10月20日,反馈会在省教育厅举行,4个县(市、区)顺利过关,"
                 "被认定为国家义务教育发展基本均衡县。这4个县(市、区)中,长沙市占了2席,即岳麓区和望城区;"
                 "其余2个分别是株洲市的渌口区和衡阳市的衡东县。", extractor)
    assert of(ex, "国家义务教育发展基本均衡县") == {"岳麓区", "望城区", "渌口区", "衡东县"}


def test_holders_named_in_the_next_sentence_as_in_the_list(extractor):
    ex = extract("济南市教育局通报\n省教育厅于12月9日宣布命名20所中小学为山东省首批书法教育特色学校。"
                 "济南市历下区甸柳第一小学、青岛市实验小学均在首批名单之中。", extractor)
    assert of(ex, "山东省首批书法教育特色学校") == {"济南市历下区甸柳第一小学", "青岛市实验小学"}


def test_the_named_ones_of_a_counted_list_hold_it(extractor):
    ex = extract("福建省教育厅通知\n另有12所学校通过“省级规范化学校”认定,福州市鼓楼第一小学、厦门市实验小学均在其中。",
                 extractor)
    assert {"福州市鼓楼第一小学", "厦门市实验小学"} <= {who for who, what in holders(ex) if "省级规范化学校" in what}


def test_holders_counted_for_the_whole_country_are_nobody_on_the_page(extractor):
    ex = extract("贵阳市教育局通报\n中央文明委公布第三届全国文明校园名单,全国共有600所学校入选。", extractor)
    assert not any(what == "第三届全国文明校园" and who for who, what in holders(ex))


def test_people_who_joined_a_programme_give_the_place_nothing(extractor):
    ex = extract("遵义市红花岗区教育工作总结\n红花岗区另有3人入选省“黔灵英才”教育领军人才。", extractor)
    assert not any("黔灵英才" in what for _, what in holders(ex))


def test_rows_under_a_designation_heading_hold_it_with_the_year_and_body_of_the_notice(extractor):
    page = ("福建省教育厅公布2021年“省级示范性普通高中”评估认定结果\n"
            "一、省级示范性普通高中(共2所)\n"
            "序号 市县 学校名称\n1 福州市 福州第三中学\n2 泉州市 泉州第五中学\n")
    ex = extract(page, extractor)
    assert of(ex, "省级示范性普通高中") == {"福州第三中学", "泉州第五中学"}
    rows = [r for r in ex.recognitions if r.label == "省级示范性普通高中"]
    assert {r.year for r in rows} == {2021}
    assert {r.conferred_by for r in rows} == {"福建省教育厅"}
    assert {r.kind for r in rows} == {"pilot"}


def test_a_table_of_inspected_counties_names_no_holder(extractor):
    page = ("福建省县域义务教育均衡发展工作回顾\n"
            "附表1 2020年接受国家实地督导检查的县(市、区)\n"
            "序号 所在市 县(市、区)\n1 泉州市 晋江市\n2 漳州市 龙海区\n")
    assert extract(page, extractor).recognitions == ()


def test_an_honours_list_of_a_school_page_is_the_schools(extractor):
    page = ("贵阳市南明小学 学校简介\n一、学校概况\n贵阳市南明小学是南明区的一所公办小学。\n"
            "二、学校荣誉\n多年来,学校获得的集体荣誉主要有:\n· 全国文明校园\n· 贵州省“绿色学校”\n")
    ex = extract(page, extractor)
    assert {("贵阳市南明小学", "全国文明校园"), ("贵阳市南明小学", "贵州省绿色学校")} <= holders(ex)


def test_school_is_the_school_the_passage_is_about_and_a_semicolon_keeps_the_subject(extractor):
    ex = extract("遵义市教育局工作报告\n六、发挥优质学校的示范作用\n遵义市第一中学是遵义市教育局主管的公办高级中学。"
                 "1985年,学校被贵州省人民政府评为“贵州省重点中学”;1999年被评为“贵州省示范性高中”。", extractor)
    found = {(r.label, r.year) for r in ex.recognitions}
    assert {("贵州省重点中学", 1985), ("贵州省示范性高中", 1999)} <= found
    assert of(ex, "贵州省重点中学") == of(ex, "贵州省示范性高中") == {"遵义市第一中学"}


@pytest.mark.parametrize(("heading", "label"), [
    ("三、省级示范性普通高中(共19所)", "省级示范性普通高中"),
    ("附件:山东省第二批书法教育特色学校名单", "山东省第二批书法教育特色学校"),
    ("附表1 2020年接受国家实地督导检查的县(市、区)", None),
    ("附:南明区教育集团一览", None),
    ("二、存在的问题", None),
])
def test_which_list_titles_name_a_recognition(heading, label):
    assert list_title_label(heading) == label


@pytest.mark.parametrize(("label", "kind"), [
    ("全国义务教育发展基本均衡县", "assessment"),
    ("通过省级督导评估", "assessment"),
    ("国家级智慧教育示范区", "pilot"),
    ("全省教师教学能力大赛一等奖", "prize"),
    ("全国综合实力百强区", "ranking"),
    ("全国文明校园", "title"),
])
def test_kinds_of_recognition(label, kind):
    assert recognition_kind(label) == kind


def test_the_named_members_of_a_selection_stated_before(extractor):
    ex = extract("贵阳市教育局通报\n2022年底,中央文明委公布第三届全国文明校园名单,全国共有600所学校入选。"
                 "其中贵州省入选30所,入选的2所大学是贵州大学和贵州师范大学。", extractor)
    assert of(ex, "第三届全国文明校园") == {"贵州大学", "贵州师范大学"}


def test_a_school_passage_keeps_its_school_past_a_project_or_a_year(extractor):
    page = ("黔东南州教育局工作简报\n六、特色学校\n凯里市第一中学是州教育局直属的公办高级中学。"
            "2023年,该校“苗绣课堂”项目被确定为贵州省基础教育教学改革示范项目。"
            "学校把苗绣资源开发成劳动课程,2022年被确定为贵州省劳动教育实验学校。")
    ex = extract(page, extractor)
    assert of(ex, "贵州省基础教育教学改革示范项目") == {"凯里市第一中学"}
    assert of(ex, "贵州省劳动教育实验学校") == {"凯里市第一中学"}


def test_a_day_without_a_year_takes_the_year_of_its_passage(extractor):
    ex = extract("湖南省教育督导工作简报\n一、四县通过国家认定\n2019年10月14日到18日,国家督导检查组来湘开展实地督导。"
                 "10月18日,反馈会在省教育厅举行,岳麓区、望城区等4个县(市、区)被认定为国家义务教育发展基本均衡县。",
                 extractor)
    assert {r.year for r in ex.recognitions if r.label == "国家义务教育发展基本均衡县"} == {2019}


def test_the_body_that_announced_the_results_confers_what_follows(extractor):
    ex = extract("福建省教育厅通知\n相关链接:上一批认定情况回顾\n据福建日报报道,省教育厅曾于1月4日公布年“省一级达标高中”认定结果。"
                 "最终,福州市的福州第三中学、泉州市的泉州第五中学共2所学校获评“省一级达标高中”。", extractor)
    found = [r for r in ex.recognitions if r.label == "省一级达标高中"]
    assert of(ex, "省一级达标高中") == {"福州第三中学", "泉州第五中学"}
    assert {r.conferred_by for r in found} == {"福建省教育厅"}
    assert {r.year for r in found} == {None}      # the page lost the year: none is guessed


def test_a_province_that_opens_the_sentence_holds_what_it_won_in_a_county_report(extractor):
    ex = extract("晋江市教育局工作总结\n晋江市推进职业教育改革。\n福建在全国中学生田径锦标赛上已拿下“五连冠”。", extractor)
    assert of(ex, "全国中学生田径锦标赛五连冠") == {"福建省"}


def test_a_list_stated_again_in_an_attachment_keeps_the_body_of_the_sentence(extractor):
    page = ("贵阳市教育局关于我市学校入选贵州省书法教育特色学校情况的通报\n"
            "经过各地推荐、专家评审(由省教育厅组织)和网上公示,全省共有20所中小学校被命名为贵州省第二批书法教育特色学校。\n"
            "附件:贵州省第二批书法教育特色学校名单\n序号 地市 学校名称\n1 贵阳市 贵阳市南明小学\n2 遵义市 遵义市第一中学\n")
    ex = extract(page, extractor)
    rows = [r for r in ex.recognitions if r.label == "贵州省第二批书法教育特色学校"]
    assert of(ex, "贵州省第二批书法教育特色学校") == {"贵阳市南明小学", "遵义市第一中学"}
    assert {r.conferred_by for r in rows} == {"贵州省教育厅"}


def test_each_listed_major_of_a_school_is_its_own_recognition(extractor):
    page = ("遵义市第一中学办学纪实\n遵义市第一中学是遵义市教育局主管的公办高级中学。"
            "学校的数控技术应用、会计2个专业被评为省示范专业。")
    ex = extract(page, extractor)
    assert {("遵义市第一中学", "省示范专业(数控技术应用)"), ("遵义市第一中学", "省示范专业(会计)")} <= holders(ex)


def test_named_on_a_published_list(extractor):
    ex = extract("湖南省教育厅简报\n近日,教育部公布了2023年全国义务教育优质均衡发展县(市、区)名单,"
                 "我省长沙市岳麓区、株洲市渌口区榜上有名。", extractor)
    found = [r for r in ex.recognitions if r.label == "全国义务教育优质均衡发展县(市、区)"]
    assert of(ex, "全国义务教育优质均衡发展县(市、区)") == {"岳麓区", "渌口区"}
    assert {(r.year, r.conferred_by) for r in found} == {(2023, "教育部")}


def test_members_named_in_the_list_of_the_sentence_before(extractor):
    ex = extract("宁乡市教育局工作总结\n全省共有12所学校被命名为首批省级劳动教育示范学校。"
                 "宁乡市第一高级中学、宁乡市实验小学名列其中。", extractor)
    assert of(ex, "首批省级劳动教育示范学校") == {"宁乡市第一高级中学", "宁乡市实验小学"}


def test_a_notice_that_announces_a_years_results_dates_them_but_not_an_earlier_batch(extractor):
    page = ("福建省教育厅公布2022年“省一级达标高中”认定结果\n"
            "现将认定结果公布如下:福州第三中学认定为“省一级达标高中”。\n"
            "相关链接:上一批认定情况回顾\n据福建日报报道,省教育厅曾于1月4日公布年“省一级达标高中”认定结果。"
            "最终,泉州市的泉州第五中学获评“省一级达标高中”。\n")
    ex = extract(page, extractor)
    years = {named: r.year for r in ex.recognitions
             for named in [next(m.text for m in ex.mentions if m.key == r.subject)]}
    assert years == {"福州第三中学": 2022, "泉州第五中学": None}


def test_respectively_pairs_each_holder_with_its_title(extractor):
    ex = extract("衡阳市教育局工作总结\n衡阳市第八中学、衡阳市第一中学分别被评为省级示范性高中和省级文明校园。", extractor)
    assert {("衡阳市第八中学", "省级示范性高中"), ("衡阳市第一中学", "省级文明校园")} == holders(ex)


def test_a_description_is_no_recognition(extractor):
    ex = extract("长沙市教育局工作总结\n长沙市是全国较早开启集团化办学的城市之一,岳麓区是办学历史较长的行政区。", extractor)
    assert ex.recognitions == ()


@pytest.mark.parametrize("heading", ["附件:2023年株洲市中小学校园足球特色学校推荐名单",
                                     "附件:2023年湘潭市义务教育优质均衡发展县创建培育对象名单"])
def test_a_list_of_candidates_names_no_holder(extractor, heading):
    page = f"株洲市教育局通知\n{heading}\n序号 区县 学校名称\n1 天元区 株洲市天元区白鹤小学\n"
    assert extract(page, extractor).recognitions == ()


def test_a_grant_names_its_holders_before_the_quoted_title(extractor):
    ex = extract("湖南省教育厅关于表彰2023年度教育强县的决定\n经研究,决定授予岳麓区、望城区等5个县(市、区)"
                 "“2023年度全省教育强县”称号。", extractor)
    assert of(ex, "全省教育强县") == {"岳麓区", "望城区"}
