"""Programs: named policies, reforms, projects, pilots, plans, platforms, campaigns, models.

Signals, each a pattern over one sentence:
- a nationwide programme from a data list (data/lexicon/national_programs.txt: 控辍保学,
  特岗计划, 三通两平台…), found by name: these often have no head word or quote;
- a 《title》 in a policy-document genre (…意见/通知/方案/办法) → PolicyDocument; so is an
  untitled name in such a genre that a drafting verb introduces (制定…评价办法, 出台…标准);
- a head word (…工程/计划/改革/试点/行动/平台/模式/…) with its name read leftwards to the
  clause's verb (see names.left_boundary);
- a practice noun (…交流轮岗, …竞聘上岗, 集团化办学, …一体化建设) that is the object of an
  implementing verb;
- a quoted coinage (“县管校聘”, “5+2”课后服务) that a head word follows, an implementing
  verb introduces, or a count of its units follows (“智享讲堂”20期). The quoted core becomes
  an alias, so “县管校聘”管理改革 and “县管校聘” elsewhere merge into one node at the link
  stage;
- the items of a list that ends in 等一系列改革 (…聘任制、…开放性分配等一系列改革);
- a numbered coinage an implementing verb introduces (推进五项管理, 落实三个课堂).
Pilot titles (全国“双减”试点城市, 首批…综合试点单位) are recognitions, but they also name the
pilot programme itself (双减, …综合试点), which is kept as a Program.
Descriptive mechanisms (完善…机制, 健全…制度) are left out unless quoted or coined: they are
activities, not named programs. A slogan in quotes before the name (“以学生为中心、…”的智慧课堂
模式) or a chain of stages (合格——优秀——拔尖的…模式) marks a coined one.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..records import PROGRAM, Mention, Sentence, Token
from ..segment import read_word_list
from .names import (CLOSE_QUOTES, COUNT_AFTER, COUNTED, MAX_NAME, OPEN_QUOTES, QUOTES,
                    Vocabulary, balanced_quotes, clause_start,
                    clean_name, is_generic, left_boundary, listed_start, name_key)

# Head words and the Program subclass they suggest.
HEADS: dict[str, str] = {
    "工程": "Project", "项目": "Project", "计划": "Project",
    "行动": "Campaign", "活动": "Campaign", "改革": "Reform", "模式": "Reform",
    "机制": "Reform", "制度": "Reform", "体系": "Reform", "试点": "Pilot", "平台": "Platform",
    "云平台": "Platform", "系统": "Platform", "工作室": "Project", "品牌": "Project",
    "创建": "Campaign", "办法": "Reform", "制": "Reform",
    "评选": "Campaign", "资源库": "Platform",
    "实验区": "Pilot", "示范区": "Pilot", "先行区": "Pilot",
    "政策": "Reform", "战略": "Reform",
}
# Heads of pilot sites: in a title (入选…实验区, 确定为…试点单位) only a 试点 still names the
# pilot programme itself; a zone title (…未来教育实验区) is a recognition alone.
PILOT_HEADS = {"试点", "实验区", "示范区", "先行区"}
PILOT_PROGRAMME = "试点"
# Practice nouns: a reform when it is the object of an implementing verb (推进…交流轮岗), the
# 建设/工作 after it left out (德育课程一体化|建设, 民办学校规范治理|工作).
PRACTICE_HEADS = ("交流轮岗", "竞聘上岗", "集团化办学", "一体化", "规范治理")
_PRACTICE = re.compile("|".join(PRACTICE_HEADS))
_PRACTICE_END = re.compile(r"(?:建设|工作)?(?=$|[，,。；;、：:）)]|和|及|与|等)")
# Heads that name a program only when the name is coined (quoted, or with digits/+).
COINED_ONLY = {"机制", "制度", "体系", "模式", "品牌", "活动", "项目", "办法", "政策", "战略"}
# Heads that also name areas of work (考试改革, 试点工作): a core of generic words names nothing.
AREA_HEADS = {"改革", "试点", "创建", "模式", "机制", "制度", "体系", "活动", "项目", "计划",
              "行动", "平台", "系统", "制", "评选", "资源库", "实验区", "示范区",
              "先行区", "政策", "战略"}
# Words ending in 制 that are not a "…制" system (体制, 编制, 控制 …).
_NOT_A_SYSTEM = re.compile(r"(体|机|编|控|建|管|限|抵|强|研|定|复|绘|印|专|法|节|压|牵|克|学)制$")
_PHASE = re.compile(r"(一期|二期|三期|主体|配套|附属|重点|民生|相关|各项|有关"
                    r"|放心|基础性?|[一头]号|良心|德政)$")      # …建成放心工程: what a work is like
# A count of the head's items ends the core: 综合教学楼三个|项目, 每一个|项目.
_COUNTED_HEAD = re.compile(r"(?:[一二三四五六七八九十两\d]+|每一?)个$")
# Heads that several short items may share: 名师、名校长|培养工程.
LISTABLE_HEADS = {"工程", "计划", "活动", "行动", "项目"}
# Heads of programs one can be selected into (入选…奖励计划, 入选…名师建设工程).
SELECTABLE_HEADS = {"工程", "计划", "工作室", "项目"}
# Heads whose plain names are often generic areas (考试改革, 编制计划): need a longer core.
LONG_CORE = {"改革": 4, "计划": 4, "模式": 4, "体系": 4, "系统": 4, "制": 4,
             "评选": 4, "资源库": 4, "实验区": 4, "示范区": 4, "先行区": 4, "政策": 4, "战略": 4}
POLICY_GENRES = ("意见", "通知", "方案", "办法", "规定", "细则", "规划", "计划", "纲要", "条例",
                 "标准", "决定", "措施", "制度", "规则", "指南", "要点", "实施方案", "工作方案",
                 "指标体系", "法")
PERIODICAL = re.compile(r"(报|日报|晚报|杂志|周刊|期刊)$")
IMPLEMENT_VERBS = ("实施", "推行", "推进", "开展", "推广", "深化", "落实", "实行", "打造",
                   "创新实施", "构建", "探索", "启动", "创建", "建立", "聚焦", "参与", "推动实现",
                   "开设", "推出", "开通", "上线", "开发", "搭建", "建成", "创设", "推动", "依托")
_HEAD = re.compile("|".join(sorted(map(re.escape, HEADS), key=len, reverse=True)))
_TITLE = re.compile(r"《([^《》]{2,60})》")
_YEARS_AFTER = re.compile(r"[（(][\d—–\-~～至年]*[）)]$")
# A note after a title's genre word, kept in the name: …实施办法（试行）, …方案(2020年修订).
_NOTE_AFTER = re.compile(r"[（(](?:试行|暂行|草案|征求意见稿|(?:19|20)\d{2}年(?:修订|修正|版))[）)]$")
# Untitled policy documents: a drafting verb, then a name ending in a genre word at clause end.
_DRAFTED = re.compile(r"(?:制定|出台|印发|颁布|发布|修订)(?:了|出)?([^，,。；;：:、“”《》（）()]{4,24}?"
                      r"(?:办法|标准|规划|方案|意见|细则|规定|条例|指南|纲要))(?=$|[，,。；;、]|和|及|等)")
_DRAFT_GENERIC = re.compile(r"^(?:相关|有关|具体|实施|工作|配套|各项|一系列|若干)|"
                            r"(?:实施|工作|推进|落实)(?:方案|意见|细则|办法)$")
# A slogan or a chain of stages right before a coined mechanism: “…”的 | 合格——优秀——拔尖的.
_STAGE = r"[\u4e00-\u7683\u7685-\u9fff]{2,4}"     # a Chinese word without 的 (U+7684)
_DESCRIPTOR = re.compile(rf"(?:[“「]([^“”「」]{{2,40}})[”」]的?|(?:(?<![\u4e00-\u9fff])|(?<=[了出成])){_STAGE}"
                         rf"(?:[—\-]{{1,2}}{_STAGE}){{2,}}的)(?=[\u4e00-\u9fff]{{0,12}}$)")
# A version after a programme's head: …能力提升工程|2.0.
_VERSION = re.compile(r"\d+(?:\.\d+)?(?![\d.%％万亿元个所名人项])")
# Verbs that may join two halves of one programme name: 薄弱环节改善|与|能力提升工程.
_JOINED_HALF = re.compile(r"(改善|建设|发展|提升|改革|创新|保障|提质|扩容)与$")
# A quoted numbered coinage: “三通两平台”, “五个提升”, “三个课堂”.
_NUMBERED_QUOTE = re.compile(r"(?:[二三四五六七八九十两]+[个项大张类通]|双)[\u4e00-\u9fff]{1,4}")
_NOT_A_NUMBERED_NAME = re.compile(r"(的|中|推进|推动)")
# After a quote: it states a principle or lists items, it names nothing (“一校一案”原则,
# “…、…、…”三大重点).
_NOT_A_NAME_AFTER = re.compile(r"的?(?:原则|要求|目标|理念|思路|格局|使命|精神|方针|路径|需求)|"
                               r"[一二三四五六七八九十两]+[大个项类]")
# Quotes after these name a means (通过“同步课堂”共享课程), unless an assessment is passed
# (通过“国家义务教育…”验收).
_BY_WAY_OF = ("通过", "借助", "利用")
_ASSESSED_AFTER = re.compile(r"[^，,。；;]{0,12}?(验收|评估|认定|考核|督导|审核|评审)")
# 创建全国义务教育优质均衡发展县: the campaign to become one.
_CAMPAIGN = re.compile(r"创建(?:全国|国家级?|省级?|首批)*([\u4e00-\u9fff]{4,16}?(?:县|市|区|城市|示范区|示范县|"
                       r"先行区|实验区))(?=为|工作|目标|[，,。；;、])")
# A list of reforms: 推行了…制、…制和…分配等一系列改革.
_LISTED_REFORMS = re.compile(r"等(?:一系列|多项|各项)?(?:改革|改革举措)")
# A numbered coinage after an implementing verb, ending its clause: 推进五项管理.
_NUMBERED = re.compile(r"([一二三四五六七八九十两]+[项个大]|双)([\u4e00-\u9fff]{2,4})(?=$|[，,。；;、])")
_NOT_NUMBERED = {"措施", "任务", "工作", "举措", "方面", "内容", "问题", "要求", "目标", "环节",
                 "领域", "行动", "工程", "活动", "项目", "计划", "改革", "试点", "平台", "重点"}
# After a quoted name: a count of its units (“智享讲堂”20期) or its coverage (“校校通”达到).
_UNITS_AFTER = re.compile(r"(?:[0-9]+|[一二三四五六七八九十百千万]+)(?:期|个|场|次|套|项|所)|达到|覆盖")
# After a quoted name: pilot sites of it (全国“双减”试点城市, “…标准化”8个试点实验区).
_PILOT_AFTER = re.compile(r"(?:[0-9一二三四五六七八九十]+个)?(?:试点|实验区|示范区)")
# What a pilot title adds to the pilot's own name: 全国首批|…试点|单位.
_PILOT_PREFIX = re.compile(r"^(?:全国|国家级?|省级?|市级?|全省|全市|首批|第[一二三四五六七八九十]+批)+")
_QUOTED = re.compile(f"[{OPEN_QUOTES}]([^{OPEN_QUOTES}{CLOSE_QUOTES}]{{2,30}})[{CLOSE_QUOTES}]")
_LOST_YEAR = re.compile(r"^[—–\-~～至]*年度?|^度(?=[\u4e00-\u9fff]{4})")   # 《—年成果推广应用工作方案》: the years were stripped
_WORD_GOES_ON = re.compile(r"[\u4e00-\u9fff](?<![和等及与])")   # 制|定: the word goes on
# Words after a quoted name that make it a program: “双减”政策, “课程超市”建设, “空中课堂”模块.
_PROGRAM_TAIL = re.compile(r"(政策|建设|模块|系列课程|活动|工作|项目)(?![\u4e00-\u9fff]{0,1}(?:成果|经验|情况))")
_CODED = re.compile(r"[0-9+＋]|[一二三四五六七八九十两]+[级个项年张类大种化]")
_AFTER_HEAD_BLOCKS = re.compile(r"^(城市|县|区|市|旗|单位|学校|经验|成果|任务|资金)")
_HEAD_AS_MODIFIER = re.compile(r"^(压力|举措|红利|要求|效果|成效|资金|经费|进度|质量|力度|结果|类|师)")
# Level words that open a programme's name, and the levels that run it.
_LEVEL_WORDS = {"省": ("province",), "市": ("city",), "省市": ("province", "city"),
                "省级": ("province",), "市级": ("city",)}
_BATCH = re.compile(r"首批|第[一二三四五六七八九十]+[期批]")
_BATCH_BEFORE = re.compile(f"(?:{_BATCH.pattern})$")
_RECOGNITION_CUE = re.compile(r"(被评为|评为|获评|荣获|获得|获|入选|确定为|认定为|命名为|授予|列为|列入)$")
# Plans that are quotas, budgets or schedules, not programmes: 普通高中招生计划, 编制计划,
# 列入年度创建计划.
_ROUTINE_PLAN = re.compile(r"(招生|编制|财政|预算|工作|教学|培训|采购|创建)计划$")
# Verbs that introduce a reform as something put into practice (实施全员育人导师制度), unlike
# 建立/完善/健全/探索, which describe building a mechanism.
_PRACTISED_HEADS = {"制度", "制", "机制", "模式", "办法"}   # reforms, not projects or events
_PUT_IN_PRACTICE = ("实施", "推行", "实行", "推广", "全面实施", "全面推行")
# An age range opens some names: 3—6岁|儿童运动促进健康项目.
_AGES = re.compile(r"\d+[—–\-~～至]\d+岁$")
_DASHES = "-—–"
_COUNTED_LIST_AFTER = re.compile(r"(?:[、和及][\u4e00-\u9fff]{2,8})*(?:\d+|[一二三四五六七八九十百千]+)[个所间家]")
_GENRE_AFTER = re.compile(r"(?:实施|工作)?(?:方案|意见|办法|细则|规划)(?![\u4e00-\u9fff])")
# Nouns that set the scene for a coinage and never name it: “双减”背景下, “强省会”形势下.
_SETTING_NOUNS = frozenset({"背景", "形势", "视域", "视角", "语境", "契机", "要求", "大势"})
# A short name given to the title before it: （以下简称《总体方案》）.
_SHORT_NAME_CUE = re.compile(r"(?:以下|下文)?简称[为“]?$")
_GENRE_ONLY = re.compile(r"(?:实施|总体|工作|指导|行动)?(?:" + "|".join(POLICY_GENRES) + ")")
_GENERIC_PROGRAMS = {"教育改革", "综合改革", "各项改革", "一系列改革", "课堂教学改革", "试点工作"}


def extract_programs(sentence: Sentence, tokens: Sequence[Token],
                     vocab: Vocabulary | None = None) -> list[Mention]:
    """Program mentions of one sentence, longest first where they overlap."""
    vocab = vocab or Vocabulary.load()
    found = (_known(sentence) + _titled(sentence) + _drafted(sentence, vocab)
             + _headed(sentence, tokens, vocab)
             + _practices(sentence, tokens, vocab) + _quoted(sentence, tokens)
             + _campaigns(sentence, vocab)
             + _listed_reforms(sentence, vocab) + _numbered(sentence))
    return non_overlapping(found)


def _mention(sentence: Sentence, start: int, end: int, subclass: str,
             aliases: tuple[str, ...] = (), label: str | None = None,
             run_by: tuple[str, ...] = ()) -> Mention | None:
    surface = sentence.text[start:end]
    label = _LOST_YEAR.sub("", clean_name(label or surface))
    if len(label) < 2 or not balanced_quotes(surface):
        return None
    original = sentence.original[start:end] if len(sentence.original) == len(sentence.text) else ""
    alias = tuple(a for a in aliases if a and a != label)
    return Mention(PROGRAM, label, sentence.index, start, end, name_key(label),
                   clean_name(original), subclass, alias, run_by)


def _run_by(text: str, tokens: Sequence[Token], start: int) -> tuple[int, int, tuple[str, ...]]:
    """A level word that opens a program's name says who runs it: 省|乡村优秀青年教师奖励计划,
    市首批|乡村中小学名师工作室, 省市|名师、名校长建设工程 (the province, the city). Returns
    where the prefix starts, where the programme's own name starts, and the levels. The
    adjectives 省级/市级 stay in the name (市级成果两年推广攻关计划) but say the same."""
    levels: tuple[str, ...] = ()
    prefix_start = name_start = start
    starts = {t.start: t for t in tokens}
    first = starts.get(start)
    after = starts.get(first.end) if first else None
    if first and first.text in _LEVEL_WORDS and after and len(after.text) > 1:
        levels, name_start = _LEVEL_WORDS[first.text], first.end   # not 市|域大平台
    batch = _BATCH.match(text, name_start)
    if levels and batch:
        name_start = batch.end()
    if not levels:
        batch = _BATCH_BEFORE.search(text, 0, start)
        edge = batch.start() if batch else start
        for token in tokens:
            if token.end == edge and token.text in _LEVEL_WORDS and (batch or len(
                    starts[start].text if start in starts else "") > 1):
                levels, prefix_start = _LEVEL_WORDS[token.text], token.start
    return prefix_start, name_start, levels


@dataclass(frozen=True)
class KnownProgrammes:
    """Nationwide programmes by every name they go by (data/lexicon/national_programs.txt)."""

    names: dict[str, tuple[str, str]]      # spelling → (canonical name, subclass)
    pattern: re.Pattern[str]

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "KnownProgrammes":
        names: dict[str, tuple[str, str]] = {}
        for line in read_word_list("national_programs.txt"):
            name, subclass, *rest = line.split("\t")
            for spelling in (name, *(rest[0].split("|") if rest else ())):
                names[spelling] = (name, subclass)
        return cls(names, re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True)))))


def _known(sentence: Sentence) -> list[Mention]:
    known = KnownProgrammes.load()
    out = []
    for m in known.pattern.finditer(sentence.text):
        if _COUNTED_LIST_AFTER.match(sentence.text, m.end()):
            continue                    # 建设专递课堂、名师课堂…1578个: classrooms counted, a kind
        name, subclass = known.names[m.group()]
        mention = _mention(sentence, m.start(), m.end(), subclass, (m.group(),), name)
        if mention:
            out.append(mention)
    return out


def _titled(sentence: Sentence) -> list[Mention]:
    out: list[Mention] = []
    for m in _TITLE.finditer(sentence.text):
        title = _YEARS_AFTER.sub("", m.group(1))     # …三年行动计划（2023—2025年）
        if PERIODICAL.search(title) or not _NOTE_AFTER.sub("", title).endswith(POLICY_GENRES):
            continue
        if _SHORT_NAME_CUE.search(sentence.text, 0, m.start()) or _GENRE_ONLY.fullmatch(title):
            continue                    # (以下简称《总体方案》), 该《意见》: the document named in
                                        # full elsewhere; not an alias, which would join every
                                        # report's 《总体方案》 into one programme when linking
        mention = _mention(sentence, m.start(), m.end(), "PolicyDocument",
                           (m.group(1),) if title != m.group(1) else (), title)
        if mention:
            out.append(mention)
    return out


def _drafted(sentence: Sentence, vocab: Vocabulary) -> list[Mention]:
    """制定淄川区教学基本规范和评价办法, 出台中小学校长数字化领导力标准: a policy document
    named without 《》. A name that only says what kind of document it is (实施方案) is none."""
    out = []
    for m in _DRAFTED.finditer(sentence.text):
        name = m.group(1)
        core = name.rstrip("办法标准规划方案意见细则规定条例指南纲要")
        if _DRAFT_GENERIC.search(name) or len(core) < 4 or is_generic(core, vocab) \
                or any(q in name for q in QUOTES):
            continue
        mention = _mention(sentence, m.start(1), m.end(1), "PolicyDocument")
        if mention:
            out.append(mention)
    return out


def _headed(sentence: Sentence, tokens: Sequence[Token], vocab: Vocabulary) -> list[Mention]:
    text = sentence.text
    out = []
    for m in _HEAD.finditer(text):
        head, end = m.group(), m.end()
        title = head in PILOT_HEADS and bool(_AFTER_HEAD_BLOCKS.match(text[end:]))
        if title and head != PILOT_PROGRAMME or text.startswith("会", end):
            continue                    # …示范区城市: a title; 运动|会: an event
        version = _VERSION.match(text, end)
        if version and head == "工程":
            end = version.end()         # …能力提升工程2.0
        if head == "创建" and text.startswith(("为", "成为", "成"), end) \
                and "以" not in text[clause_start(text, m.start()):m.start()]:
            continue                    # 熊猫路小学创建为|成都市新优质学校: a verb (not
                                        # 以…发展县创建为抓手, where the campaign is named)
        if _AFTER_HEAD_BLOCKS.match(text[end:]) and head == "创建":
            continue                    # 创建单位: a title, not the program
        if _HEAD_AS_MODIFIER.match(text[end:]) or text.startswith("活动", end):
            continue                    # 改革压力, 工程资金: the head word modifies a noun;
                                        # 评选|活动: the stricter 活动 head decides
        if head == "制" and (_NOT_A_SYSTEM.search(text, 0, end) or (
                _WORD_GOES_ON.match(text, end) and not text.startswith("建设", end))):
            continue                    # 体制, 编制; 制定, 制度 (its own head); 学区制|建设
        floor = max(text.rfind("《", 0, m.start()), text.rfind("》", 0, m.start()) + 1, 0)
        start = left_boundary(text, tokens, m.start(), vocab, floor)
        start = _quote_opening(text, m.start(), m.end(), start, floor)
        if _JOINED_HALF.search(text, 0, start):
            start = left_boundary(text, tokens, start - 1, vocab, floor)  # 改善与能力提升工程
        if text[start:start + 1] in "市区县省" and text[start - 1:start] in "我全本该":
            start += 1                  # 我县|学前教育…创建: the relative word is no part of it
        elif text[start:start + 1] in "我全本该" and text[start + 1:start + 2] in "市区县省旗":
            start += 2                  # 本区|“芙蓉名师领航工程”
        batch = _BATCH.match(text, start)
        if batch and m.start() - batch.end() >= 2 and not _LEVEL_WORDS.get(text[start - 1:start]):
            start = batch.end()         # 第一批|薄改计划: the batch is no part of the name
        ages = _AGES.search(text, 0, start)
        if ages:
            start = ages.start()        # 3—6岁|儿童运动促进健康项目
        start = _chain_start(text, tokens, start, floor)   # 全区-|协作区-学校三级研训体系
        descriptor = _DESCRIPTOR.search(text, floor, m.start()) if head in COINED_ONLY else None
        if descriptor and descriptor.end() == m.start():
            descriptor = None           # “总量控制、动态调整”|机制: the quote is the name itself
        if descriptor and not descriptor.group().endswith("的") and start > descriptor.end():
            descriptor = None           # “一校一策”打造|特色品牌, “…”为主题的|读书月活动: the
                                        # reading stopped at a verb or a 的 after the quote
        label = None
        if descriptor:
            start = descriptor.end()    # the name starts after the slogan: …”的|递进式…实施新机制
            if descriptor.group(1) and (not re.search(r"[、，,]", descriptor.group(1))
                                        or is_generic(text[start:m.start()], vocab)):
                label = descriptor.group(1) + text[start:end]  # “一体化分段分类动态”的|评价机制
                start = descriptor.start()
        core = text[start:m.start()]
        quoted_whole = text[m.end():m.end() + 1] in CLOSE_QUOTES and (
            text[start:start + 1] in OPEN_QUOTES or text[start - 1:start] in OPEN_QUOTES)
        if core.count("”") >= 2 and head in COINED_ONLY:
            continue                    # “国培计划”“省培计划”项目: each quote is the name
        if "以上" in core or "以下" in core or (not quoted_whole and COUNT_AFTER.match(text, end)):
            continue                    # 县级以上名师工作室, 县级名师工作室28个: a kind, counted
        built = text.startswith("建设", end) and len(clean_name(core)) >= 4
        if len(clean_name(core)) < (4 if descriptor else 2 if quoted_whole else LONG_CORE.get(head, 2)) \
                or end - start > MAX_NAME \
                or COUNTED.fullmatch(clean_name(core)) or _ROUTINE_PLAN.search(text, 0, end) \
                or _COUNTED_HEAD.search(core) \
                or _PHASE.search(core) or (head in AREA_HEADS and not built and is_generic(
                    _without_places(core, tokens, start), vocab)):
            continue                    # (现代学校制度|建设 names one though its words are generic)
        if head in LISTABLE_HEADS and start > floor:
            start = listed_start(text, start, vocab, _HEAD)
        surface = text[start:end]
        coined = any(q in surface for q in OPEN_QUOTES) or bool(_CODED.search(surface)) \
            or descriptor is not None or (head in _PRACTISED_HEADS and text[:start].endswith(_PUT_IN_PRACTICE)
                                          and len(clean_name(core)) >= 4
                                          and not is_generic(core, vocab))
        if head in COINED_ONLY and not coined and not text.startswith("建设", end):
            continue                    # 完善…机制 is an activity; 现代学校制度建设 names one
        if clean_name(surface) in _GENERIC_PROGRAMS:
            continue
        if head not in SELECTABLE_HEADS and _RECOGNITION_CUE.search(text[:start]):
            title = head == PILOT_PROGRAMME
            if not title:
                continue                # 评为…示范创建: a title; 入选…计划: still a program
        if title:
            mention = _pilot(sentence, start, end)     # 首批…综合试点单位: the pilot itself
            if mention:
                out.append(mention)
            continue
        if text[end:end + 1] in CLOSE_QUOTES and not balanced_quotes(surface) \
                and balanced_quotes(surface + text[end]):
            end += 1                    # “名师工作室”, 「强师工程」: the head sits inside the quotes
            surface = text[start:end]
        genre = _GENRE_AFTER.match(text, end) if head in ("行动", "计划", "工程", "改革", "创建") else None
        subclass = HEADS[head]
        if genre:
            end, subclass = genre.end(), "PolicyDocument"    # …三年行动|方案: the plan itself
            surface = text[start:end]
        prefix_start, name_start, run_by = _run_by(text, tokens, start)
        if run_by and label is None and text[prefix_start:prefix_start + 2] not in ("省级", "市级"):
            label = text[name_start:end]    # 省|第四期|齐鲁名师建设工程: the province's programme
            surface = label
            aliases = (clean_name(text[prefix_start:end]),)
            start = prefix_start
        else:
            aliases = ()
        quoted = _QUOTED.search(surface)
        aliases += ((quoted.group(1),) if quoted else ()) + (
            (surface.replace("、", ""),) if "、" in surface else ()) + (
            (text[descriptor.start():end],) if descriptor and descriptor.group(1) and label is None
            else ())
        mention = _mention(sentence, start, end, subclass, aliases, label, run_by)
        if mention:
            out.append(mention)
        if head == "创建":
            out += _shared_campaigns(sentence, tokens, vocab, start, floor)
    return out


def _shared_campaigns(sentence: Sentence, tokens: Sequence[Token], vocab: Vocabulary,
                      start: int, floor: int) -> list[Mention]:
    """推进学前教育普及普惠县、义务教育优质均衡发展县创建: the first target shares the head."""
    text = sentence.text
    out = []
    while start - 1 > floor and text[start - 1] == "、":
        item_start = left_boundary(text, tokens, start - 1, vocab, floor)
        item = text[item_start:start - 1]
        if len(item) < 6 or not item.endswith(("县", "区", "市", "城市")) or is_generic(item[:-1], vocab):
            break
        mention = _mention(sentence, item_start, start - 1, "Campaign", (), item + "创建")
        if mention:
            out.append(mention)
        start = item_start
    return out


def _quote_opening(text: str, head_start: int, head_end: int, start: int, floor: int) -> int:
    """A head that closes a quote names what the quote holds: “县中振兴计划” starts at “, even
    where a word inside would stop the leftward reading (县|中|振兴计划). Not a quoted list
    (“抓党建、抓投入、抓人才、抓改革”)."""
    if text[head_end:head_end + 1] not in CLOSE_QUOTES:
        return start
    opening = max(text.rfind(q, floor, head_start) for q in "“「『")
    if opening < 0 or opening >= start or head_start - opening > 16 \
            or any(c in text[opening + 1:head_start] for c in CLOSE_QUOTES + "，,。；;、"):
        return start
    return opening


def _chain_start(text: str, tokens: Sequence[Token], start: int, floor: int) -> int:
    """A chain of levels opens some names: 全区-|协作区-学校三级研训体系. Take the short words
    joined to the name by dashes."""
    ends = {t.end: t for t in tokens}
    while start > floor and (text[start:start + 1] in _DASHES or text[start - 1] in _DASHES):
        dash = start if text[start] in _DASHES else start - 1
        word = ends.get(dash)
        if word is None or len(word.text) > 3 or word.tag in ("v", "x", "p", "c"):
            break
        start = word.start
    return start


def _pilot(sentence: Sentence, start: int, end: int) -> Mention | None:
    """The pilot programme a pilot title names: 全国首批教育信息化区域综合试点|单位 →
    教育信息化区域综合试点 (levels and batches belong to the title, not the programme)."""
    surface = clean_name(sentence.text[start:end])
    label = _PILOT_PREFIX.sub("", surface)
    if len(label) < 6:
        return None
    return _mention(sentence, start, end, "Pilot", (surface,), label)


def _practices(sentence: Sentence, tokens: Sequence[Token], vocab: Vocabulary) -> list[Mention]:
    """推进义务教育学校校长教师交流轮岗, 推进教职工全员竞聘上岗和干部教师交流轮岗: a practice
    noun names a reform when an implementing verb earlier in its clause governs it."""
    text = sentence.text
    out = []
    for m in _PRACTICE.finditer(text):
        tail = _PRACTICE_END.match(text, m.end())
        if not tail:
            continue
        start = left_boundary(text, tokens, m.start(), vocab)
        verb = next((v for v in IMPLEMENT_VERBS if text.startswith(v, start)), None)
        if verb:
            start += len(verb)          # 推进|集团化办学: a compound verb is no part of a practice
        clause = text[clause_start(text, start):start]
        verb_before = clause.endswith(IMPLEMENT_VERBS) or (
            clause[-1:] in ("和", "、", "及", "与", "的") and any(v in clause for v in IMPLEMENT_VERBS))
        core = clean_name(text[start:m.start()])
        if not verb_before or (not core and m.group() in ("一体化", "规范治理")) or (
                len(core) < 4 and core and is_generic(_without_places(core, tokens, start), vocab)):
            continue                    # 推进城乡一体化: an aim, not a named reform
        mention = _mention(sentence, start, m.end(), "Reform", (text[start:tail.end()],))
        if mention:
            out.append(mention)
    return out


def _quoted(sentence: Sentence, tokens: Sequence[Token]) -> list[Mention]:
    """A bare quoted coinage introduced by an implementing verb: 推行“县管校聘”, 实现“一校一品”
    “一校多品” (a quote right after an accepted one counts too); one followed by a count of
    its units (“智享讲堂”20期) or by its pilot sites (全国“双减”试点城市). A short noun phrase
    right after the quotes belongs to the name: “5+2”课后服务."""
    text = sentence.text
    out: list[Mention] = []
    last_end = -1
    for m in _QUOTED.finditer(text):
        inner = m.group(1)
        piloted = bool(_PILOT_AFTER.match(text, m.end()))
        if not piloted and (_HEAD.search(_clause_rest(text, m.end())[:8])
                            or _NOT_A_NAME_AFTER.match(text, m.end())):
            continue                    # “三名”建设工程: the headed pattern covers it
        before = text[max(0, m.start() - 6):m.start()]
        if _RECOGNITION_CUE.search(before) and not piloted:
            continue                    # 评为“…先进城市”: a title
        chained = m.start() == last_end
        introduced = before.endswith(IMPLEMENT_VERBS) or (
            before.endswith(_BY_WAY_OF) and not _ASSESSED_AFTER.match(text, m.end()))
        numbered = bool(_NUMBERED_QUOTE.fullmatch(inner)) and not before.endswith(("实现", "的")) \
            and not _NOT_A_NUMBERED_NAME.match(text, m.end())
        if not (chained or introduced or piloted or numbered or _PROGRAM_TAIL.match(text, m.end())
                or _UNITS_AFTER.match(text, m.end())):
            continue
        if "，" in inner or "," in inner or len(inner) > (30 if introduced else 16) \
                or len(clean_name(inner)) < 2:
            continue
        tail = _PROGRAM_TAIL.match(text, m.end())
        if piloted:
            mention = _mention(sentence, m.start(), m.end(), "Pilot", (inner,))
        elif tail:                      # “课程超市”|建设: the work on it, named as an alias
            mention = _mention(sentence, m.start(), tail.end(), "Reform",
                               (inner + tail.group(),), inner)
        else:
            end = _trailing_nouns(tokens, m.end())
            mention = _mention(sentence, m.start(), end, "Reform", (inner,))
        if mention:
            out.append(mention)
            last_end = m.end()
    return out


def _campaigns(sentence: Sentence, vocab: Vocabulary) -> list[Mention]:
    """以创建全国义务教育优质均衡发展县为目标: the campaign …发展县创建."""
    out = []
    for m in _CAMPAIGN.finditer(sentence.text):
        target = m.group(1)
        if is_generic(target[:-1], vocab):
            continue
        mention = _mention(sentence, m.start(), m.end(), "Campaign",
                           (clean_name(m.group()),), target + "创建")
        if mention:
            out.append(mention)
    return out


def _listed_reforms(sentence: Sentence, vocab: Vocabulary) -> list[Mention]:
    """推行了校长聘任制、中层干部竞聘上岗制和新教师开放性分配等一系列改革: each item a reform."""
    text = sentence.text
    out = []
    for m in _LISTED_REFORMS.finditer(text):
        start = clause_start(text, m.start())
        verb_end = max((text.rfind(v, start, m.start()) + len(v)
                        for v in IMPLEMENT_VERBS if text.rfind(v, start, m.start()) >= 0),
                       default=-1)
        if verb_end < 0:
            continue
        if text.startswith("了", verb_end):
            verb_end += 1
        items = [(i.start() + verb_end, i.end() + verb_end) for i in
                 re.finditer(r"[^、和及与]+", text[verb_end:m.start()])]
        if len(items) < 2:
            continue
        for start, end in items:
            item = text[start:end]
            if not 3 <= len(item) <= 16 or not re.fullmatch(r"[\u4e00-\u9fff]+", item) \
                    or is_generic(item, vocab) or vocab.is_boundary(item[:2]):
                continue
            mention = _mention(sentence, start, end, "Reform")
            if mention:
                out.append(mention)
    return out


def _numbered(sentence: Sentence) -> list[Mention]:
    """推进五项管理, 落实三个课堂: a numbered coinage right after an implementing verb."""
    text = sentence.text
    out = []
    for m in _NUMBERED.finditer(text):
        noun = m.group(2)
        if not text[:m.start()].endswith(IMPLEMENT_VERBS) or noun in _NOT_NUMBERED \
                or _HEAD.search(noun):
            continue
        mention = _mention(sentence, m.start(), m.end(), "Reform")
        if mention:
            out.append(mention)
    return out


def _without_places(core: str, tokens: Sequence[Token], start: int) -> str:
    """The core without the place names that open it: 潍坊|教育 → 教育."""
    for token in tokens:
        if token.start == start and token.tag == "ns":
            return _without_places(core[len(token.text):], tokens, token.end)
    return core


def _clause_rest(text: str, start: int) -> str:
    """The text from start to the end of its clause."""
    match = re.search(r"[，,。；;：:！？、“]", text[start:])
    return text[start:start + match.start()] if match else text[start:]


def _trailing_nouns(tokens: Sequence[Token], end: int) -> int:
    """End of the nouns (≤ 6 characters) that follow a closing quote: “5+2”|课后服务; not a
    setting (“双减”|背景下)."""
    new_end = end
    for token in tokens:
        if token.start < new_end:
            continue
        if token.start != new_end or token.tag not in ("n", "vn", "nz", "j") \
                or token.end - end > 6 or token.text in _SETTING_NOUNS:
            break
        new_end = token.end
    return new_end


def non_overlapping(found: list[Mention]) -> list[Mention]:
    """Keep the longest of overlapping mentions; order by position."""
    kept: list[Mention] = []
    for mention in sorted(found, key=lambda x: (-(x.end - x.start), x.start)):
        if all(mention.end <= k.start or mention.start >= k.end for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda x: x.start)
