"""Reading a page as an analyst does: header fields, furniture, structure (layout.py)."""
from edukg.layout import (BODY, CHROME, DROPPED, HEADING, ITEM, SITE, TABLE_HEAD, TITLE,
                          parse_fields, read_layout)
from edukg.normalize import normalize
from edukg.records import Document

PORTAL_PAGE = """\
中国政府网  |  河北省人民政府  |  邢台市人民政府
临城县人民政府
首页    走进临城    政务公开    政务服务    互动交流
当前位置：首页 > 政务公开 > 部门信息公开 > 县教育局 > 工作总结
字号：【大】 【中】 【小】      打印    关闭

索 引 号：                          发文字号：
发文机关：临城县教育局              发布日期：2023-03-02
主题分类：教育
标    题：临城县教育局2022年工作总结

临城县教育局2022年工作总结

时间：2021-11-30 09:00      来源：邢台日报      浏览次数：

2022年，全县教育系统投入资金1.2亿元，新建改扩建学校8所。

一、办学条件

我县新增学位2400个。

                                        临城县教育局
                                        2023年3月1日

【打印本页】  【关闭窗口】
扫一扫在手机打开当前页
主办单位：临城县人民政府办公室    地址：河北省邢台市临城县
版权所有：临城县人民政府    未经授权，请勿转载
"""


def roles(page: str) -> dict[str, str]:
    lines = [(line, line) for line in page.splitlines()]
    return {line.text: line.role for line in read_layout(lines).lines if line.text}


def test_header_fields_in_their_real_forms():
    fields = parse_fields("索 引 号：                          发文字号：")
    assert [(label, value) for label, value, *_ in fields] == [("索引号", ""), ("发文字号", "")]
    fields = parse_fields("发文机关：临城县教育局              发布日期：2023-03-02")
    assert [(label, value) for label, value, *_ in fields] == [
        ("发文机关", "临城县教育局"), ("发布日期", "2023-03-02")]
    fields = parse_fields("2016-05-10 09:12  来源:湖北日报、荆楚网  字号:大 中 小")
    assert [label for label, *_ in fields] == ["来源", "字号"]
    # a reporter's question in an interview is no header field
    assert parse_fields("记者：这几年全县的优质学位有了哪些变化？请您具体谈一谈。") == []


def test_a_portal_page_header_gives_title_issuer_source_and_the_documents_own_date():
    header = read_layout([(line, line) for line in PORTAL_PAGE.splitlines()]).header
    assert header.title == "临城县教育局2022年工作总结"
    assert header.issuer == "临城县教育局"
    assert header.source == "邢台日报"
    # the signature's date is the document's own: it wins over the portal's 发布日期 and
    # over the time line, which dates the newspaper article the page reposts
    assert header.issued == "2023-03-01"
    assert header.site == "临城县人民政府"


def test_page_furniture_is_told_from_the_report():
    got = roles(PORTAL_PAGE)
    assert got["河北省人民政府 | 邢台市人民政府"] == CHROME      # portal links: names only
    assert got["临城县人民政府"] == SITE
    assert got["临城县教育局2022年工作总结"] == TITLE
    assert got["发文机关：临城县教育局"] == CHROME
    assert got["来源：邢台日报"] == CHROME
    assert got["主办单位：临城县人民政府办公室  地址：河北省邢台市临城县"] == CHROME
    assert got["2022年，全县教育系统投入资金1.2亿元，新建改扩建学校8所。"] == BODY
    assert got["一、办学条件"] == HEADING
    for furniture in ("首页    走进临城    政务公开    政务服务    互动交流",
                      "当前位置：首页 > 政务公开 > 部门信息公开 > 县教育局 > 工作总结",
                      "字号：【大】 【中】 【小】      打印    关闭", "【打印本页】  【关闭窗口】",
                      "扫一扫在手机打开当前页", "主题分类：教育"):
        assert got[furniture] == DROPPED, furniture


def test_reader_and_document_site_furniture_is_dropped():
    page = ("谷城县教育扶贫工作汇报Word文档下载推荐.docx\n"
            "文档下载 | 上传时间:2020-05-18 | 格式:DOCX | 页数:8 | 大小:30.2KB\n"
            "《谷城县教育扶贫工作汇报Word文档下载推荐.docx》由会员分享,可在线阅读,更多相关文档请在本站搜索。\n"
            "谷城县教育扶贫工作汇报\n"
            "近年来，谷城县把教育扶贫作为脱贫攻坚的基础性工程，全县资助学生1.2万人次。\n"
            "下载文档到电脑,查找使用更方便\n还剩5页未读,继续阅读\n相关搜索:教育扶贫 控辍保学\n"
            "图为谷城县第三中学新建的教学楼\n（责任编辑：王敏）\n热门推荐 | 最新文章 | 返回首页")
    layout = read_layout([(line, line) for line in page.splitlines()])
    kept = [line.text for line in layout.lines if line.role != DROPPED]
    assert kept == ["谷城县教育扶贫工作汇报",
                    "近年来，谷城县把教育扶贫作为脱贫攻坚的基础性工程，全县资助学生1.2万人次。"]
    assert layout.header.title == "谷城县教育扶贫工作汇报"


def test_a_list_under_a_heading_and_a_flattened_table_know_their_heading():
    page = ("关于公布2021年云南省义务教育标准化学校名单的通知\n"
            "经评估，下列学校认定为义务教育标准化学校。\n"
            "一、省级标准化学校(共2所)\n会泽县第一中学\n会泽县金钟小学\n"
            "二、市级标准化学校\n序号 县(市、区) 学校名称\n1 麒麟区 曲靖市第二小学\n2 沾益区 沾益区西平小学\n"
            "以上学校要发挥示范作用，持续提升办学水平，不断提高教育质量。")
    layout = read_layout([(line, line) for line in page.splitlines()])
    by_text = {line.text: (n, line) for n, line in enumerate(layout.lines)}
    first_heading, _ = by_text["一、省级标准化学校(共2所)"]
    table_head, head_line = by_text["序号 县(市、区) 学校名称"]
    assert head_line.role == TABLE_HEAD
    for school in ("会泽县第一中学", "会泽县金钟小学"):
        assert by_text[school][1].role == ITEM and by_text[school][1].heading == first_heading
    for row in ("1 麒麟区 曲靖市第二小学", "2 沾益区 沾益区西平小学"):
        assert by_text[row][1].role == ITEM and by_text[row][1].heading == table_head
    assert by_text["以上学校要发挥示范作用，持续提升办学水平，不断提高教育质量。"][1].role == BODY


def test_sentences_carry_their_role_and_the_report_region_ignores_portal_links(extractor):
    clean = normalize(Document("t", "t.txt", PORTAL_PAGE))
    by_text = {s.text: s for s in clean.sentences}
    assert by_text["河北省人民政府 | 邢台市人民政府"].role == CHROME
    assert clean.publisher == "临城县教育局"
    extraction = extractor(clean)
    assert extractor.gazetteer.name(extraction.home_region) == "临城县"
    # numbers in the report are the county's, none come from the furniture
    subjects = {m.value: m.subject for m in extraction.measures}
    assert subjects[120000000] == extraction.home_region
    assert all(clean.sentences[m.sentence].role != CHROME for m in extraction.measures)


def test_a_national_document_is_about_no_one_province(extractor):
    page = ("发布机构：教育部\n标题：教育部关于公布2015年全国义务教育发展基本均衡县名单的通知\n"
            "河北省邢台市临城县、湖北省襄阳市谷城县、云南省曲靖市会泽县等3个县通过国家认定。\n"
            "湖北省襄阳市谷城县新建学校5所。")
    extraction = extractor(normalize(Document("t", "t.txt", page)))
    assert extraction.home_region is None


UNNAMED_COUNTY_PAGE = """\
中国政府网 | 山西省人民政府 | 长治市人民政府
首页    政务公开    政务服务    互动交流
标    题：**县教育局2022年工作总结
发文机关：**县教育局              发布日期：2023-01-10

**县教育局2022年工作总结

2022年，全县教育系统投入资金2.3亿元，新建改扩建学校6所。
我县新增学位1800个，全县义务教育巩固率达到99.2%。
"""


def test_a_report_that_never_names_its_county_keeps_its_numbers_on_an_explicit_node(extractor):
    clean = normalize(Document("masked", "masked.txt", UNNAMED_COUNTY_PAGE))
    extraction = extractor(clean)
    home = extraction.home_region
    assert home.startswith("unnamed:")
    info = {r.code: r for r in extraction.regions}[home]
    assert info.level == "county" and info.name.startswith("未具名的县")
    assert extractor.gazetteer.name(info.parent) == "长治市"     # from the portal's links
    # the numbers stay on the county, never on the parent city named in the furniture
    assert {m.subject for m in extraction.measures} == {home}


def test_every_document_states_the_region_it_is_about(tmp_path):
    from edukg.pipeline import build_knowledge_base
    from edukg.rdf import build_graph
    from edukg.validate import validate

    (tmp_path / "portal.txt").write_text(PORTAL_PAGE, encoding="utf-8")
    (tmp_path / "masked.txt").write_text(UNNAMED_COUNTY_PAGE, encoding="utf-8")
    graph = build_graph(build_knowledge_base([tmp_path / "portal.txt", tmp_path / "masked.txt"]))
    rows = {str(doc).rsplit("/", 1)[-1]: (str(label), kinds) for doc, label, kinds in graph.query("""
        PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?doc ?label (GROUP_CONCAT(STR(?type)) AS ?kinds) WHERE {
            ?doc dcterms:spatial ?region . ?region rdfs:label ?label ; a ?type }
        GROUP BY ?doc ?label""")}
    assert rows["portal"][0] == "临城县"
    assert rows["masked"][0].startswith("未具名的县")
    assert "UnnamedRegion" in rows["masked"][1] and "County" in rows["masked"][1]
    assert validate(graph, engine="pyshacl") == [] and validate(graph) == []


def test_a_header_printed_as_a_list_of_labels_over_values():
    page = ("• 发文字号\n• 索引号\n• 115135/2021-00007\n• 发布机构\n• 将乐县教育局\n• 发布日期\n"
            "• 2021-03-31\n• 主题分类\n• 教育督导\n将乐县2020年教育督导工作总结\n"
            "2020年，全县投入教育经费3.1亿元，新建学校2所，改造校舍1.2万平方米。")
    header = read_layout([(line, line) for line in page.splitlines()]).header
    assert (header.issuer, header.issued, header.title) == (
        "将乐县教育局", "2021-03-31", "将乐县2020年教育督导工作总结")
    assert header.index_number == "115135/2021-00007"


def test_contact_lines_of_a_notice_are_furniture():
    got = roles("电话：(010)66096857 传真：(010)66097361\n电子邮箱：dd@example.cn\n"
                "通讯地址：北京市西城区某某胡同35号\n全县新建学校2所，改造校舍1.2万平方米，投入资金3000万元。")
    assert [r for r in got.values()] == [DROPPED, DROPPED, DROPPED, BODY]
