from edukg.layout import read_layout
from edukg.normalize import is_chrome, normalize, split_sentences
from edukg.read import read_document
from edukg.records import Document


def doc(text: str) -> Document:
    return Document("t", "t.txt", text)


def test_traditional_text_becomes_simplified_and_keeps_its_original(seeds_dir):
    clean = normalize(read_document(seeds_dir / "002_74ff3eb8dc0604a9.txt"))
    assert clean.script == "hant"
    assert "潍坊" in clean.text and "濰坊" not in clean.text
    first = next(s for s in clean.sentences if "潍坊" in s.text)
    assert "濰坊" in first.original
    assert len(first.original) == len(first.text)


def test_web_chrome_and_spam_lines_are_removed(seeds_dir):
    clean = normalize(read_document(seeds_dir / "000_6c9d2db7eb6e9529.txt"))
    assert "痤疮" not in clean.text          # the hospital ad on the first line
    clean = normalize(read_document(seeds_dir / "001_88f164836c0e6b72.txt"))
    assert "字号" not in clean.text and "打印" not in clean.text and "索引号" not in clean.text


def test_header_gives_title_publisher_and_date(seeds_dir):
    clean = normalize(read_document(seeds_dir / "001_88f164836c0e6b72.txt"))
    assert clean.title == "淄川区2022年全国义务教育优质均衡发展区创建工作整体推进情况"
    assert clean.publisher == "淄川区教育和体育局"
    assert clean.issued == "2022-12-16"


def test_header_fields_share_a_line():
    line = "发布机构: 芝罘区教育和体育局 成文日期: 2019-10-18"
    header = read_layout([(line, line)]).header
    assert header.issuer == "芝罘区教育和体育局"
    assert header.issued == "2019-10-18"


def test_sentences_split_on_marks_and_keep_offsets():
    clean = normalize(doc("广州市天河区推进集团化办学。新建学校3所！\n效果如何？好；继续"))
    assert [s.text for s in clean.sentences] == [
        "广州市天河区推进集团化办学。", "新建学校3所！", "效果如何？", "好；", "继续"]
    for s in clean.sentences:
        assert clean.text[s.start:s.end] == s.text


def test_repeated_titles_and_echoed_tails_are_dropped():
    clean = normalize(doc("芝罘区推动教育均衡发展\n芝罘区推动教育均衡发展\n并被认定为优秀等次。 秀等次。"))
    assert [s.text for s in clean.sentences] == ["芝罘区推动教育均衡发展", "并被认定为优秀等次。"]


def test_chrome_detection():
    assert is_chrome("  • 字号:")
    assert is_chrome("北京专治痤疮医院 http://example.com/a.html")
    assert is_chrome("Produced By 大汉网络")
    assert is_chrome("|")
    assert not is_chrome("近年来，威海市认真贯彻党的教育方针。")


def test_split_sentences_drops_parts_without_words():
    assert split_sentences("一。。二") == ["一。", "二"]


def test_a_reprint_names_its_periodical_and_headline(seeds_dir):
    clean = normalize(read_document(seeds_dir / "002_74ff3eb8dc0604a9.txt"))
    assert clean.source == "山东教育报"
    assert clean.title == "加快区域教育现代化 奋力书写教育强国建设“潍坊答卷”"


def test_advert_lines_without_a_url_are_spam_but_hospital_school_news_is_not():
    assert is_chrome("深圳妇科医院排名 深圳X康妇科医院 专家在线预约 0755-2xxxxxxx 无痛微创")
    assert is_chrome("【广告】哈尔滨专业代办各类资质证书 诚信可靠 欢迎来电")
    assert not is_chrome("宜昌市第三人民医院与全区中小学共建校园急救培训基地12个。")
    clean = normalize(doc("郑州看白癜风哪家医院好 郑州华X白癜风医院\n伊川县新建学校12所。"))
    assert [s.text for s in clean.sentences] == ["伊川县新建学校12所。"]


def test_a_paragraph_citing_a_link_stays_but_link_lines_and_linked_ads_go():
    paragraph = ("全区建成智慧教育平台，接入中小学校86所，汇聚优质课程资源4.6万个，注册师生用户超过28万人，"
                 "详见区教育局网站 http://edu.example.gov.cn/news/1.html 的专题报道。")
    assert not is_chrome(paragraph)
    assert is_chrome("北京专治痤疮医院 http://pf.39.net/bdfyy/bdfzj/210311/8736666.html")
    assert is_chrome("相关链接：http://www.moe.gov.cn/")


def test_pinyin_glosses_from_mirror_sites_are_dropped():
    """Some sites that copy bureau pages put each character's pinyin after it: 學(xué)校. The
    glosses go in both scripts; a bracket of plain Latin letters (an English name) stays."""
    clean = normalize(doc("全縣計(jì)劃新(遷)建學(xué)校12所。\n引進(jìn)國際課程(IB)兩門。"))
    assert [s.text for s in clean.sentences] == ["全县计划新(迁)建学校12所。", "引进国际课程(IB)两门。"]
    assert clean.sentences[0].original == "全縣計劃新(遷)建學校12所。"


def test_a_news_headline_with_an_exclamation_is_the_title():
    clean = normalize(doc("新增教师260名！某区教体局这样走好内涵发展之路\n"
                          "记者从区教体局了解到，今年全区教体工作实现高质量发展，新增教师260名。"))
    assert clean.title == "新增教师260名！某区教体局这样走好内涵发展之路"
    # an opening sentence that runs on is no headline
    assert normalize(doc("记者从区教体局了解到，\n今年全区教体工作实现高质量发展。")).title is None
    # nor is a section heading, a case study's label or a question opening an interview
    for opening in ("三、聚焦教师队伍建设，推动师资均衡配置", "典型案例：依托云平台助力信息化教学",
                    "请您介绍一下，教育工作取得了哪些成效？"):
        assert normalize(doc(opening + "\n今年全区教体工作实现高质量发展，新增教师260名，成效明显。")).title is None
