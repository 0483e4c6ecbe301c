import pytest

from edukg.extract.programs import extract_programs
from edukg.records import Sentence
from edukg.segment import Segmenter


@pytest.fixture(scope="module")
def segmenter() -> Segmenter:
    return Segmenter()


def programs(text: str, segmenter: Segmenter) -> dict[str, tuple]:
    sentence = Sentence(0, 0, text, text)
    return {m.text: (m.subclass, m.aliases) for m in extract_programs(sentence, segmenter.tokens(text))}


def test_named_projects_end_at_the_clause_verb(segmenter):
    found = programs("深入实施中小学特色学校建设工程，在全省率先完成农村中小学校安工程建设、教学仪器更新工程。", segmenter)
    assert "中小学特色学校建设工程" in found
    assert "农村中小学校安工程" in found
    assert "教学仪器更新工程" in found


def test_quoted_core_becomes_an_alias(segmenter):
    found = programs("荣成市全面推行“县管校聘”管理改革。", segmenter)
    assert found == {"县管校聘管理改革": ("Reform", ("县管校聘",))}


def test_policy_documents_in_title_marks(segmenter):
    found = programs("印发《杭州市西湖区集团化办学实施方案》，出台《关于深化教育评价改革的意见》。", segmenter)
    assert found["杭州市西湖区集团化办学实施方案"][0] == "PolicyDocument"
    assert found["关于深化教育评价改革的意见"][0] == "PolicyDocument"


def test_newspapers_in_title_marks_are_not_programs(segmenter):
    assert programs("《中国教育报》头版报道了涉县的经验。", segmenter) == {}


def test_generic_activities_are_not_programs(segmenter):
    assert programs("持续深化教育综合改革，推进考试改革和课程改革。", segmenter) == {}


def test_descriptive_mechanisms_are_left_out_but_coined_ones_kept(segmenter):
    found = programs("健全教师培训机制，建立“总量控制、动态调整”机制。", segmenter)
    assert list(found) == ["总量控制、动态调整机制"]


def test_pilot_status_titles_are_not_programs(segmenter):
    found = programs("被确定为全国“双减”试点城市之一。", segmenter)
    assert "双减试点" not in found


def test_a_pilot_title_still_names_the_pilot_programme(segmenter):
    assert programs("被确定为全国“双减”试点城市之一。", segmenter)["双减"][0] == "Pilot"
    assert "义务教育管理标准化" in programs("作为全国“义务教育管理标准化”8个试点实验区之一。", segmenter)
    found = programs("郫都区入选全国首批教育信息化区域综合试点单位。", segmenter)
    assert list(found) == ["教育信息化区域综合试点"] and found["教育信息化区域综合试点"][0] == "Pilot"
    assert programs("被评为全市试点学校。", segmenter) == {}


def test_untitled_policy_documents_after_a_drafting_verb(segmenter):
    found = programs("制定余杭区教学基本规范和评价办法，在全国率先出台中小学校长数字化领导力标准。",
                     segmenter)
    assert found["余杭区教学基本规范和评价办法"][0] == "PolicyDocument"
    assert found["中小学校长数字化领导力标准"][0] == "PolicyDocument"
    assert programs("制定实施方案，出台工作方案，制定全环境育人实施方案。", segmenter) == {}


def test_practice_nouns_governed_by_an_implementing_verb(segmenter):
    found = programs("全面推进教职工全员竞聘上岗和干部教师交流轮岗，推进以贯通培养为特点的集团化办学。",
                     segmenter)
    assert {"教职工全员竞聘上岗", "干部教师交流轮岗", "集团化办学"} <= set(found)
    assert programs("积极推进德育课程一体化建设。", segmenter)["德育课程一体化"][1] == ("德育课程一体化建设",)
    assert programs("推进城乡一体化，教师交流轮岗比例达到20%。", segmenter) == {}


def test_a_slogan_or_stage_chain_marks_a_coined_mechanism(segmenter):
    found = programs("完善“党政主导、家校协同、社会参与”校家社协同育人体系，"
                     "建立了合格——优秀——拔尖的递进式校长培训模式。", segmenter)
    assert "校家社协同育人体系" in found and "递进式校长培训模式" in found
    assert "一体化分段分类动态评价机制" in programs("构建“一体化分段分类动态”的评价机制。", segmenter)
    assert programs("形成了“培育、评选、奖励”的成熟机制。", segmenter) == {}


def test_items_of_a_series_of_reforms(segmenter):
    found = programs("先后推行了校长聘任制、教师招考引进制和新教师开放性分配等一系列改革。", segmenter)
    assert {"校长聘任制", "教师招考引进制", "新教师开放性分配"} <= set(found)


def test_numbered_coinages_after_an_implementing_verb(segmenter):
    assert "五项管理" in programs("扎实推进五项管理，规范课程开设。", segmenter)
    assert programs("认真落实三项措施，推进两项工作。", segmenter) == {}


def test_quoted_names_counted_in_their_units(segmenter):
    found = programs("组织“智享讲堂”20期，中小学“校校通”达到100%，当好“大先生”。", segmenter)
    assert set(found) == {"智享讲堂", "校校通"}


def test_other_provinces_and_platforms(segmenter):
    found = programs("广州市天河区建成智慧教育云平台，启动乡村教师支持计划。", segmenter)
    assert "智慧教育云平台" in found
    assert found["乡村教师支持计划"][0] == "Project"


def test_bare_quoted_names_need_an_implementing_verb(segmenter):
    assert "双减" in programs("全面落实“双减”，减轻学生负担。", segmenter)
    assert programs("奋力书写“潍坊答卷”。", segmenter) == {}


def test_counts_and_verbs_next_to_the_head_belong_to_the_name(segmenter):
    found = programs("深化教育惠民八项行动，实施市级成果两年推广攻关计划。", segmenter)
    assert "教育惠民八项行动" in found
    assert "市级成果两年推广攻关计划" in found


def test_short_items_listed_before_a_head_share_it(segmenter):
    found = programs("在全市率先启动了名师、名班主任、名校长培养工程。", segmenter)
    assert found["名师、名班主任、名校长培养工程"][1] == ("名师名班主任名校长培养工程",)


def test_programs_one_is_selected_into_are_programs(segmenter):
    found = programs("1名教师入选省乡村优秀青年教师奖励计划。", segmenter)
    assert found["乡村优秀青年教师奖励计划"] == ("Project", ("省乡村优秀青年教师奖励计划",))


def test_a_level_word_opening_the_name_is_kept_as_an_alias(segmenter):
    found = programs("2个团队入选市首批乡村中小学“名师工作室”，1人通过省第四期齐鲁名师建设工程人选考核。",
                     segmenter)
    assert found["乡村中小学名师工作室"][1][0] == "市首批乡村中小学名师工作室"
    assert found["齐鲁名师建设工程"][1] == ("省第四期齐鲁名师建设工程",)
    assert "市域大平台" in programs("建设市域大平台。", segmenter)       # 市域 is not a level word
    assert "市级成果两年推广攻关计划" in programs("实施市级成果两年推广攻关计划。", segmenter)


def test_quoted_head_inside_a_longer_name(segmenter):
    found = programs("推进中小学幼儿园建设“三年攻坚行动”，建成学校12所。", segmenter)
    assert "三年攻坚行动" in found


def test_corner_bracket_quotes_from_traditional_sources(segmenter):
    found = programs("天河区全面实施「强师工程」，组织教师培训3.2万人次。", segmenter)
    assert "强师工程" in found


def test_quoted_programme_names_with_a_short_core(segmenter):
    found = programs("依托“国培计划”和“省培计划”，通过“特岗计划”招聘教师86名。", segmenter)
    assert {"国培计划", "省培计划", "特岗计划"} <= set(found)
    assert not any("项目" in name for name in programs("实施“国培计划”“省培计划”项目。", segmenter))


def test_numbered_quoted_coinages(segmenter):
    found = programs("加快推进“三通两平台”建设，全区“三个课堂”实现常态化应用，以“五个提升”为抓手。", segmenter)
    assert {"三通两平台", "三个课堂", "五个提升"} <= set(found)
    assert programs("改革激活“一池春水”，按照“一校一案”原则，编制“十四五”规划。", segmenter) == {}
    assert programs("聚焦“办学条件改善、教育质量提升、教师队伍建设”三大重点。", segmenter) == {}


def test_versions_halves_and_relative_words_around_a_name(segmenter):
    found = programs("全县开展教师信息技术应用能力提升工程2.0培训。", segmenter)
    assert "教师信息技术应用能力提升工程2.0" in found
    found = programs("我县统筹实施义务教育薄弱环节改善与能力提升工程。", segmenter)
    assert "义务教育薄弱环节改善与能力提升工程" in found
    assert "学前教育普及普惠县创建" in programs("我县学前教育普及普惠县创建顺利通过评估。", segmenter)


def test_the_campaign_to_become_a_model_county(segmenter):
    found = programs("晋江市将以创建全国义务教育优质均衡发展县为目标。", segmenter)
    assert found["义务教育优质均衡发展县创建"][0] == "Campaign"


def test_counted_kinds_and_titles_are_not_programmes(segmenter):
    assert programs("建立县级名师工作室28个，吸纳县级以上名师工作室36个。", segmenter) == {}
    assert programs("入选浙江省第二批未来教育实验区，举办县级中小学生运动会。", segmenter) == {}
    assert "教师教育创新实验区" in programs("与华南师范大学共建教师教育创新实验区。", segmenter)


def test_nationwide_programmes_by_name(segmenter):
    found = programs("严格落实控辍保学责任，通过农村义务教育阶段学校教师特设岗位计划补充教师。", segmenter)
    assert found["控辍保学"][0] == "Campaign"
    assert found["特岗计划"] == ("Project", ("农村义务教育阶段学校教师特设岗位计划",))


def test_a_quoted_means_is_a_programme_unless_it_is_an_assessment(segmenter):
    assert "同步课堂" in programs("偏远乡镇学校通过“同步课堂”与县城学校共享优质课程。", segmenter)
    assert programs("顺利通过“国家义务教育发展基本均衡县”督导评估。", segmenter) == {}


def test_ages_level_chains_and_shared_campaign_heads(segmenter):
    assert "3—6岁儿童运动促进健康项目" in programs("探索实施3—6岁儿童运动促进健康项目。", segmenter)
    assert "全区-协作区-学校三级研训体系" in programs("构建全区-协作区-学校三级研训体系。", segmenter)
    found = programs("扎实推进学前教育普及普惠县、义务教育优质均衡发展县创建。", segmenter)
    assert {"学前教育普及普惠县创建", "义务教育优质均衡发展县创建"} <= set(found)


def test_reforms_put_into_practice_and_systems_being_built(segmenter):
    found = programs("实施全员育人导师制度，提升现代学校制度建设水平，健全教师培训制度。", segmenter)
    assert set(found) == {"全员育人导师制度", "现代学校制度"}
    assert programs("全区普通高中招生计划较上年增长21.3%。", segmenter) == {}


def test_sports_are_not_campaigns_and_a_plan_document_follows_its_programme(segmenter):
    assert programs("开设冰雪运动课程，生均体育运动时间达到2小时。", segmenter) == {}
    found = programs("印发《宁安市中小学强校提质三年行动方案》，制定夷陵区义务教育集团化办学三年行动方案。",
                     segmenter)
    assert found["夷陵区义务教育集团化办学三年行动方案"][0] == "PolicyDocument"


def test_a_head_closing_a_quote_names_the_quote(segmenter):
    assert "县中振兴计划" in programs("将6个县的县中纳入“县中振兴计划”，每县每年安排资金。", segmenter)
    assert programs("强化“抓党建、抓投入、抓人才、抓改革”职能。", segmenter) == {}


def test_nationwide_names_are_words_for_the_segmenter(segmenter):
    tokens = [t.text for t in segmenter.tokens("组织教师参加国培计划、省培计划培训720人次。")]
    assert "国培计划" in tokens and "参加国" not in tokens
    assert set(programs("组织教师参加国培计划、省培计划培训720人次。", segmenter)) == {"国培计划", "省培计划"}


def test_a_counted_list_of_nationwide_kinds_is_no_programme(segmenter):
    assert programs("建设专递课堂、名师课堂、名校网络课堂1578个。", segmenter) == {}
    assert "专递课堂" in programs("偏远学校依托专递课堂共享优质课程。", segmenter)


def test_names_already_one_token_and_titles_with_their_years(segmenter):
    found = programs("深入推进县管校聘管理改革，在山区县推广“一长多校、捆绑考核”机制。", segmenter)
    assert not any(name.startswith(("推进", "山区县")) for name in found)
    found = programs("全面实施《龙华区基础教育高质量发展三年行动计划（2023—2025年）》。", segmenter)
    assert list(found) == ["龙华区基础教育高质量发展三年行动计划"]
    assert programs("投入3800万元实施教育信息化提升项目。", segmenter) == {}


def test_a_quote_before_a_verb_does_not_describe_the_name_after_it(segmenter):
    """A slogan describes the mechanism right after it (“…”的评价机制), not a name read across a
    verb or a 为…的 phrase: “一校一策”打造|特色品牌, “…”为主题的|读书月活动."""
    assert programs("坚持“一校一策”打造区域特色品牌学校。", segmenter) == {}
    found = programs("各校开展以“阅读润心、书香致远”为主题的读书月活动。", segmenter)
    assert not any(name.startswith("为") for name in found)


def test_successfully_is_no_part_of_a_name(segmenter):
    """成功创建|省级“文明校园”: a verb with its object, not a campaign 学校成功创建; 成功立项|…
    改革实验项目: the name starts after the verbs."""
    assert programs("全县有12所学校成功创建省级“文明校园”。", segmenter) == {}
    found = programs("我区成功立项省级课堂教学改革实验项目。", segmenter)
    assert not any("成功" in name or "立项" in name for name in found)


def test_the_setting_after_a_quoted_coinage_is_no_part_of_it(segmenter):
    found = programs("“双减”背景下，全面推行“县管校聘”。", segmenter)
    assert "双减背景" not in found and "双减" in found


def test_a_short_title_names_no_document_of_its_own(segmenter):
    """《…总体方案》(以下简称《总体方案》): one policy document. The short name is no alias
    either: linking joins aliases across reports, and every report has its own 《总体方案》.
    A bare genre word in title marks (该《意见》) names no document."""
    found = programs("依据《关于深化县域教育综合改革的总体方案》（以下简称《总体方案》）开展工作。", segmenter)
    assert found == {"关于深化县域教育综合改革的总体方案": ("PolicyDocument", ())}
    assert programs("该《意见》分为指导思想、主要任务两部分。", segmenter) == {}
    assert programs("市政府印发《实施方案》。", segmenter) == {}


def test_launching_is_no_part_of_a_platform_name(segmenter):
    found = programs("区教育局推出教学信息互动平台，服务全区师生。", segmenter)
    assert list(found) == ["教学信息互动平台"]


def test_created_as_is_a_verb_not_a_campaign(segmenter):
    assert programs("海滨小学、熊猫路小学创建为市级新优质学校。", segmenter) == {}
    assert "义务教育优质均衡发展县创建" in programs("我县将以义务教育优质均衡发展县创建为抓手，建设教育强县。", segmenter)


def test_a_schedule_of_candidates_is_no_programme(segmenter):
    assert programs("陈仓区、凤翔区、眉县列入年度创建计划。", segmenter) == {}


def test_carrying_out_is_no_part_of_a_name(segmenter):
    found = programs("全市挑选了“县管校聘”管理改革示范区，进行试点。", segmenter)
    assert list(found) == ["县管校聘管理改革示范区"]


def test_descriptions_counts_and_words_are_no_programmes(segmenter):
    """放心工程, 基础性工程 say what a work is like; 三个项目 counts; 工程师, 工程类 are words."""
    assert programs("努力把每一个项目都建成放心工程。", segmenter) == {}
    assert programs("把教育扶贫作为脱贫攻坚的基础性工程。", segmenter) == {}
    assert programs("综合楼和教学楼三个项目已完工，安排建筑工程类资金，请企业工程师授课。", segmenter) == {}


def test_batches_and_relative_words_open_no_name(segmenter):
    found = programs("实施第二批农村校舍改造计划，参加本县“苗岭名师领航工程”的教师达200人。", segmenter)
    assert "农村校舍改造计划" in found and "苗岭名师领航工程" in found


def test_titled_laws_and_versions_of_a_policy(segmenter):
    found = programs("贯彻《中华人民共和国教师法》，依据《贵州省中小学督导评估办法（试行）》和"
                     "《贵州省普通高中办学水平评估方案(2021年修订)》开展评估。", segmenter)
    labels = {name.replace("（", "").replace("）", "").replace("(", "").replace(")", "") for name in found}
    assert {"中华人民共和国教师法", "贵州省中小学督导评估办法试行",
            "贵州省普通高中办学水平评估方案2021年修订"} <= labels     # brackets are not compared


def test_a_coined_strategy_or_policy_is_a_programme(segmenter):
    found = programs("纳入“科教兴县、人才强县”战略统筹推进，落实学生资助政策。", segmenter)
    assert "科教兴县、人才强县战略" in found
    assert "学生资助政策" not in found          # a plain policy area is no programme
