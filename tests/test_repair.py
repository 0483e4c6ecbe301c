"""Repairing a damaged copy before its lines are read (repair.py)."""
from edukg.normalize import normalize
from edukg.read import read_document
from edukg.records import Document
from edukg.repair import repair_lines


def test_markup_fragments_are_removed():
    assert repair_lines(["全县新建幼儿园3所。?/p>", "</font>全县共有教师1200名&nbsp;。",
                         "?/p>"]) == ["全县新建幼儿园3所。", "全县共有教师1200名 。", ""]


def test_numbers_cut_onto_their_own_line_rejoin_their_sentence():
    lines = ["在专项清理中，全县共劝返", "27", "名学生重新回到课堂，同时保障", "86",
             "名残疾儿童随班就读。"]
    assert repair_lines(lines) == ["在专项清理中，全县共劝返27名学生重新回到课堂，同时保障86名残疾儿童随班就读。"]
    assert repair_lines(["全年完成投资", "4210", "万元。"]) == ["全年完成投资4210万元。"]
    assert repair_lines(["全县完成投资5018 万元，新建校舍2 万平方米。"]) == ["全县完成投资5018万元，新建校舍2万平方米。"]


def test_a_table_with_numbers_in_cells_is_not_glued_together():
    assert repair_lines(["序号 县(市、区) 学校名称", "1 麒麟区 曲靖市第二小学"]) == [
        "序号 县(市、区) 学校名称", "1 麒麟区 曲靖市第二小学"]


def test_hard_wrapped_lines_are_joined_again():
    wrapped = ["近年来，会泽县坚持把教育摆在优先发展的战略位置，持续",
               "加大教育投入，全县财政性教育经费累计投入12.6亿元，新建",
               "改扩建校舍18万平方米，城乡办学条件得到明显改善，群众对",
               "教育的满意度逐年提高，教育事业呈现出良好的发展势头，各",
               "项工作取得了新的进展。",
               "一、主要做法"]
    assert repair_lines(wrapped) == ["".join(wrapped[:5]), "一、主要做法"]


def test_ordinary_paragraphs_of_different_lengths_are_left_alone():
    lines = ["会泽县人民政府关于2022年度教育工作的报告",
             "2022年，全县教育系统投入资金3.2亿元，新建学校6所，新增学位4800个。",
             "全县义务教育巩固率达到98.6%，高中阶段毛入学率达到92%。",
             "下一步，我县将继续加大投入。"]
    assert repair_lines(lines) == lines


def test_a_document_on_one_line_is_read_like_the_same_text_with_its_lines(seeds_dir, extractor):
    path = seeds_dir / "003_bea782118845cf66.txt"
    lined = extractor(normalize(read_document(path)))
    text = path.read_text(encoding="utf-8")
    for joiner in ("", " "):
        flat = extractor(normalize(Document("flat", "flat.txt", text.replace("\n", joiner))))
        assert flat.home_region == lined.home_region
        lined_measures = {(m.value, m.subject) for m in lined.measures}
        flat_measures = {(m.value, m.subject) for m in flat.measures}
        assert len(lined_measures & flat_measures) >= 0.9 * len(lined_measures)


def test_a_masked_name_is_never_guessed(extractor):
    clean = normalize(Document("t", "t.txt", "汇报单位：**县教育局  汇报人：*中\n全县新建学校3所，**中学新增学位600个。"))
    extraction = extractor(clean)
    assert not any("*" in m.text for m in extraction.mentions)


def test_a_pdf_copy_with_uneven_lines_is_joined_but_its_heading_stays():
    lines = ["根据《2022 年某市人民政府履行教育职责评价方案》要求,我县高度",
             "重视,及时组织财政、人社等相关部门,结合评价体系,就 2021",
             "年度履行教育职责情况进行了全面自查,现将自评情况报告",
             "如下,请审阅,全县共有各级各类学校 186 所,在校学生",
             "61230 人,教职工 4521 人。",
             "一、基本情况"]
    joined = repair_lines(lines)
    assert joined[-1] == "一、基本情况" and len(joined) == 2
    assert "就2021年度履行" in joined[0] and joined[0].endswith("教职工4521人。")
