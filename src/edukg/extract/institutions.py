"""Institutions: schools, universities, government bodies, centres, groups, newspapers.

A name is a head word (…小学, …大学, …教育局, …中心) read leftwards to the clause's verb, or a
central body from a data list (教育部, 国务院办公厅: named without a region, so no head-word
rule can tell them from generic words). Descriptive plurals (中小学, 薄弱学校, 特色学校) name no
one and are dropped by the generic-modifier test.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from ..records import INSTITUTION, Mention, Sentence, Token
from ..segment import read_word_list
from .names import (COUNT_AFTER, MAX_NAME, STOP_TAGS, Vocabulary, balanced_quotes, clean_name,
                    is_generic, is_proper, left_boundary, name_key)
from .programs import PERIODICAL, non_overlapping

# Head words and the Institution subclass they suggest, longest first when matching.
HEADS: dict[str, str] = {
    "幼儿园": "School", "小学": "School", "中学": "School", "中学校": "School",
    "高等专科学校": "University", "专科学校": "University", "学校": "School", "中专": "School",
    "职业学校": "School", "中心校": "School", "大学": "University", "学院": "University",
    "教育和体育局": "GovernmentBody", "教育体育局": "GovernmentBody", "教体局": "GovernmentBody",
    "教育科技和体育局": "GovernmentBody", "教育科技体育局": "GovernmentBody",
    "教科体局": "GovernmentBody", "教育科技局": "GovernmentBody", "教育文化和体育局": "GovernmentBody",
    "基金会": "Centre", "纪念馆": "Centre", "博物馆": "Centre", "图书馆": "Centre", "科技馆": "Centre",
    "少年宫": "Centre",
    "教育局": "GovernmentBody", "教育厅": "GovernmentBody", "教育委员会": "GovernmentBody",
    "教育工委": "GovernmentBody", "人民政府": "GovernmentBody", "政府": "GovernmentBody",
    "办公厅": "GovernmentBody", "办公室": "GovernmentBody", "督导室": "GovernmentBody",
    "委员会": "GovernmentBody", "市委": "GovernmentBody", "区委": "GovernmentBody",
    "县委": "GovernmentBody", "省委": "GovernmentBody", "中心": "Centre", "研究院": "Centre",
    "研究所": "Centre", "智库": "Centre", "教研室": "Centre", "集团": "EducationGroup",
    "共同体": "EducationGroup", "联合体": "EducationGroup", "电视台": "Newspaper", "卫视": "Newspaper",
    "教育报": "Newspaper", "日报": "Newspaper",
}
# Heads so common in running text that the name must also start with a place name.
NEEDS_PLACE = {"政府", "人民政府", "办公室", "委员会", "市委", "区委", "县委", "省委", "中心",
               "集团", "共同体", "联合体", "教育局", "教育和体育局", "教育体育局", "教体局",
               "教育科技和体育局", "教育科技体育局", "教科体局", "教育科技局", "教育文化和体育局",
               "基金会", "图书馆", "博物馆", "科技馆", "少年宫"}
# A designation, not a name: …劳动教育特色学校, …足球特色学校, …示范幼儿园.
_DESIGNATION = re.compile(r"(特色|示范|样板|达标|标准化|规范化|新开办|开办|部分|典型案例|结对|双优建设|配套|基地)$"
                         r"|示范性|高水平")
# A verb that confers a title: what follows is the title, not the school that holds it.
_TITLE_AFTER = re.compile(r"(?:评为|获评|确定为|认定为|命名为|列为|授予)(?:首批|第[一二三四五六七八九十\d]+批)?$")
_HEAD = re.compile("|".join(sorted(map(re.escape, HEADS), key=len, reverse=True)))
_TITLE = re.compile(r"《([^《》]{2,20})》")
_NOT_AFTER = re.compile(r"(建设|教育|教学|管理|工作|阶段|生|校|学段|课程|教师|学生|生均)")
# Verbs and time words end an institution name (鼓励|学校, 以往|热点学校); program names keep
# them (升级改造工程), so only this extractor adds them.
_STOPS = STOP_TAGS | {"t", "d", "ad"}
_CENTRAL_PLACE_AFTER = re.compile(r"城区|城市|地带|区域|位置|地区|镇区|商圈")
# 一中, 十二中 at the end of a school's short name; not 中学 (a head of its own), 中央, 中心,
# 中小学, 中考, 三中全会 …
_NUMBERED_SCHOOL = re.compile(r"[一二三四五六七八九十]{1,3}中(?![学央心国间期等全考层级途旬部小医外华方文共型职药])")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_GENERIC_HEAD = re.compile(r"(中小学|中小学校)$")
# Development zones name a place as a region does: 开发区中心小学, 农综区产教联合体.
_ZONE = re.compile(r"[\u4e00-\u9fff]{0,8}?(经济技术开发区|高新技术产业开发区|开发区|高新区|经开区|新区|园区|农综区|保税区|试验区)")
_BODY_INSIDE = re.compile(r"(教育局|教育和体育局|教体局|教育厅|人民政府|政府|委员会|中心|学校|中学|小学|"
                          r"大学|学院|幼儿园)(?:联合|与|和|同|托管|组团|结对|牵头)")
_LEADING_JUNK = re.compile(r"^(新建|改扩建|原|其中|由|在|到|的|全[省市区县旗镇乡])+")
# Words that introduce a name (校名叫|李家村小学, 后来更名为|育英小学): the name starts after them.
_INTRODUCES = re.compile(r"(?:更名为|改名为|改称为?|定名为|名为|叫做|叫|称为)")
# A verb that stands apart from the head (包括|金桂幼儿园, 引进|长沙市雅礼中学) ends the name;
# one right before it may be its name (希望小学, 启明小学, 前进小学).
_INTRODUCED_BEFORE = re.compile(rf"(?:{_INTRODUCES.pattern})[“「]?$")
_VERB_TAGS = frozenset({"v"})
_SINGLE_VERBS = set("叫即是有")
# Being founded makes a name: 现代物流专业委员会正式成立, 组建教育数字化智库, “…学院”顺利揭牌.
_FOUNDED_AFTER = re.compile(r"[”」』]?(?:正式|顺利|同时|已)?(?:成立|揭牌|挂牌|开学|开园|落成)")
_FOUNDED_BEFORE = re.compile(r"(?:组建|成立|设立|新设|挂牌成立)了?[“「]?$")
_FOUNDED_CORE = 4        # a founded body's name needs this many characters before its head
_LISTED_WITH = re.compile(r"^[、和及与]$")
_NUMERAL_RUN = re.compile(r"[一二三四五六七八九十百零]+$")
_OFFICE = re.compile(r"(?:办公厅|办公室)?")       # 教育部|办公厅: a central body's office
_BY_NUMBER = re.compile(r"(\d{1,3})([小中])")
_KIND_BY_NUMBER = {"小": "小学", "中": "中学"}
_LISTED_NUMBER = re.compile(r"(?<![\d.第高初年级届期])(\d{1,3})([小中])(?=[、，,和及与等])")
_LIST_OF = re.compile(r"一览|名单|名录|名册")
_BRANCH = re.compile(r"(?P<where>[\u4e00-\u9fff]{0,4}?)(?:(?P<own>分校|第?[一二三四五六七八九十\d]{0,3}分园)"
                     r"|(?P<campus>校区|(?:小学|初中|高中|幼儿园|幼儿)部))")
_SCHOOL_WORD_AFTER = re.compile(r"[长园区舍内外际本车医友史庆训歌徽风务级]")
_PAIRED = re.compile(r"[、和及与]?")
_QUOTED = re.compile(r"[“「『][^“”「」『』]*[”」』]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
# A group named after its lead school: 小溪塔幼儿园|教育集团, 东湖初级中学|教育集团.
_NAMED_AFTER_SCHOOL = re.compile(r"(小学|中学|学校|幼儿园|大学|学院)(教育|教研)?$")
# Bodies named only in the formula of thanks (在区委、区政府的坚强领导下): not actors.
_UNDER_LEADERSHIP = re.compile(r"[、和及与]?[^，,。；;]{0,12}?的(坚强|正确|高度重视|大力支持|精心)?(领导|指导)")
_FUNCTION_WORD = re.compile(r"[等和与及的了在对为是被把将向让由从给经据按依以同]")
_BEFORE_A_BODY = set("被由经获和与及向对在据按将从了的是为同及并会受")


@dataclass(frozen=True)
class Bodies:
    """Central bodies named without a region (data/lexicon/national_bodies.txt)."""

    kinds: dict[str, str]
    pattern: re.Pattern[str]

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "Bodies":
        kinds = dict(line.split("\t") for line in read_word_list("national_bodies.txt"))
        names = sorted(kinds, key=len, reverse=True)
        return cls(kinds, re.compile("|".join(map(re.escape, names))))


_RELATIVE = re.compile(
    r"(?:^|(?<=[，,、。；;：:（(“\s获由经被和与及对向]))([省市区县])"
    r"(委教育工委|教育工委|委|人民政府|政府|教育局|教育和体育局|教育体育局|教体局|教育厅|教委|教育委员会|"
    r"教师发展中心|教育科学研究院|教研室|教研中心|电教馆)"
    r"(?![\u4e00-\u9fff]{0,1}(?:员|会议|书记|常委|领导|部门))")
RELATIVE_LEVEL = {"省": "province", "市": "city", "区": "county", "县": "county"}
# Kinds of school a place has one of (第二中学, 实验小学, 职业学校): the name says which only with
# the place, written (淄川区实验小学) or meant (县|第二职业学校, a report's own 第十三中学).
ONE_OF_A_KIND = r"第[一二三四五六七八九十百]+|实验|中心|特殊教育|职业|民族|外国语"
SCHOOL_HEADS = r"学校|中学|小学|幼儿园|中专"
# One of its kind in a place, so a place and this kind make a proper name: 梅仙镇|中心小学,
# 晋江市|特殊教育学校, 伊川县|实验中学.
_SINGULAR_KIND = re.compile(rf"(?:{ONE_OF_A_KIND}|师范附属|附属|高级)$")
_RELATIVE_SCHOOL = re.compile(rf"([市区县])((?:{ONE_OF_A_KIND})[\u4e00-\u9fff]{{0,6}}?(?:{SCHOOL_HEADS}))")


def relative_body(label: str) -> tuple[str, str] | None:
    """(level, head) of a body or school named relative to the report's own place:
    市教育局 → (city, 教育局), 县第二职业学校 → (county, 第二职业学校), and a city's numbered
    school by its number alone, as its people call it: 30小 → (city, 第三十小学)."""
    short = _BY_NUMBER.fullmatch(label)
    if short:
        return "city", f"第{chinese_number(int(short.group(1)))}{_KIND_BY_NUMBER[short.group(2)]}"
    match = _RELATIVE.fullmatch(label) or _RELATIVE_SCHOOL.fullmatch(label)
    return (RELATIVE_LEVEL[match.group(1)], match.group(2)) if match else None


def chinese_number(n: int) -> str:
    """1..999 in the words a school's number is written in (三十, 七十三, 一百零五)."""
    digits = "零一二三四五六七八九"
    hundreds, tens, ones = n // 100, n // 10 % 10, n % 10
    out = f"{digits[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else digits[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    return out + (digits[ones] if ones else "")


def _numbered_list(sentence: Sentence) -> list[Mention]:
    """实地走访5小、30小、7中、39中等6所学校: schools called by their number, listed (two or
    more, one after another); the report's city's schools (see relative_body)."""
    text = sentence.text
    found = list(_LISTED_NUMBER.finditer(text))
    out = []
    for i, m in enumerate(found):
        listed = (i and _LISTED_WITH.match(text[found[i - 1].end():m.start()])) or (
            i + 1 < len(found) and _LISTED_WITH.match(text[m.end():found[i + 1].start()]))
        if listed:
            mention = _mention(sentence, m.start(), m.end(), "School")
            if mention:
                out.append(replace(mention, text=m.group(), key=name_key(m.group())))
    return out


def extract_institutions(sentence: Sentence, tokens: Sequence[Token],
                         place_starts: frozenset[int] = frozenset(),
                         vocab: Vocabulary | None = None) -> list[Mention]:
    """Institution mentions of one sentence.

    place_starts: offsets where a region mention starts in this sentence (names whose head
    needs a place must begin at one of them).
    """
    vocab = vocab or Vocabulary.load()
    found = _central(sentence) + _with_listed(sentence, _headed(sentence, tokens, place_starts, vocab)) \
        + _numbered_schools(sentence, place_starts) + _numbered_list(sentence) + [
        m for m in (_mention(sentence, r.start(), r.end(), "GovernmentBody")
                    for r in _relative_bodies(sentence.text)) if m]
    return non_overlapping(found)


def _relative_bodies(text: str) -> list[re.Match[str]]:
    """Bodies named relative to the report's place (市教育局, 区政府), except those of two
    formulas that name a place's leadership rather than a body acting: thanks (在区委、区政府的
    坚强领导下) and the pair 县委、县政府 when neither is named (县委、县政府把教育摆在优先位置:
    the county does it, and annotators list neither)."""
    found = list(_RELATIVE.finditer(text))
    out = []
    for i, r in enumerate(found):
        if text[:r.start()].endswith(("在", "、")) and _UNDER_LEADERSHIP.match(text, r.end()):
            continue
        before, after = (found[i - 1] if i else None), (found[i + 1] if i + 1 < len(found) else None)
        if _leadership_pair(text, r, after) or _leadership_pair(text, before, r):
            continue
        out.append(r)
    return out


def _leadership_pair(text: str, party: re.Match[str] | None, government: re.Match[str] | None) -> bool:
    return bool(party and government and party.group(2) == "委"
                and government.group(2) in ("政府", "人民政府")
                and party.group(1) == government.group(1)
                and _PAIRED.fullmatch(text, party.end(), government.start()))


def _numbered_schools(sentence: Sentence, place_starts: frozenset[int]) -> list[Mention]:
    """A school called by its place and number, as everyone there calls it: 临沂|三中,
    潍坊市|一中. The place must be a region mention ending right before the numeral (not
    十八届|三中全会, 高|三中考)."""
    text = sentence.text
    out = []
    for m in _NUMBERED_SCHOOL.finditer(text):
        start = max((p for p in place_starts if 2 <= m.start() - p <= 4
                     and _CJK_RUN.fullmatch(text, p, m.start())), default=None)
        if start is not None:
            mention = _mention(sentence, start, m.end(), "School")
            if mention:
                out.append(mention)
    return out


def _mention(sentence: Sentence, start: int, end: int, subclass: str) -> Mention | None:
    surface = sentence.text[start:end]
    label = clean_name(surface)
    if len(label) < 2 or not balanced_quotes(surface):
        return None
    original = sentence.original[start:end] if len(sentence.original) == len(sentence.text) else ""
    return Mention(INSTITUTION, label, sentence.index, start, end, name_key(label),
                   clean_name(original), subclass)


def _central(sentence: Sentence) -> list[Mention]:
    bodies = Bodies.load()
    text = sentence.text
    out = [_mention(sentence, m.start(), _OFFICE.match(text, m.end()).end(), bodies.kinds[m.group()])
           for m in bodies.pattern.finditer(text)
           if m.start() == 0 or not _CJK.match(text, m.start() - 1)
           or text[m.start() - 1] in _BEFORE_A_BODY]   # not 职业|教育部 (a school department)
    for m in _TITLE.finditer(sentence.text):      # 《山东教育报》: a periodical is an institution
        if PERIODICAL.search(m.group(1)):
            out.append(_mention(sentence, m.start(), m.end(), "Newspaper"))
    return [m for m in out if m]


def _headed(sentence: Sentence, tokens: Sequence[Token], place_starts: frozenset[int],
            vocab: Vocabulary) -> list[Mention]:
    text = sentence.text
    out = []
    for m in _HEAD.finditer(text):
        head, end = m.group(), m.end()
        modifier = bool(_NOT_AFTER.match(text, end)) and head in ("小学", "中学", "学校", "学院")
        if head.endswith("学") and text.startswith("位", end):
            continue                    # 加大|学位, 高中|学位: the word is 学位
        if _GENERIC_HEAD.search(text, 0, end) or text[end:end + 1] == "化":
            continue                    # 中小学, 中小学校, 集团化
        if _HEAD.match(text, end) and head in ("中心", "实验"):
            continue                    # 中心|小学: the next head names it
        if head == "中心" and _CENTRAL_PLACE_AFTER.match(text, end):
            continue                    # 广州市中心|城区: a central part of a place, no body
        start = left_boundary(text, tokens, m.start(), vocab, stop_tags=_STOPS)
        start = _after_a_place(text, tokens, start, m.start(), place_starts)
        introduced = _introduced(text, start, m.start())
        read_to = start
        start = introduced or _after_a_verb(tokens, start, m.start())
        cut = start != read_to and not introduced
        junk = _LEADING_JUNK.match(text[start:m.start()])
        if junk:
            start += junk.end()
        inner = None
        for inner in _BODY_INSIDE.finditer(text, start, m.start()):
            pass
        if inner and inner.end() < m.start():
            start = inner.end()         # 区教育局|联合浙江大学: another body ends before this one
        numbered = _NUMERAL_RUN.search(text, 0, start)
        if numbered and text.startswith(("中学", "小学"), start) and start - numbered.start() >= 2:
            start = numbered.start()    # 一百|中学教育集团, 八十八|小学: a school's number
        if _LIST_OF.match(text, end):
            continue                    # 岳麓区教育集团|一览: a heading over a list of them
        core = text[start:m.start()]
        if len(clean_name(core)) < 2 or end - start > MAX_NAME:
            continue
        unquoted = _QUOTED.sub("", core)
        if unquoted != core and unquoted and is_generic(unquoted, vocab):
            continue                    # “小微散”乡村幼儿园: a described kind, not a name
        placed = start in place_starts or bool(_ZONE.match(core)) \
            or (HEADS[head] == "EducationGroup" and bool(_NAMED_AFTER_SCHOOL.search(core))
                and not is_generic(core, vocab)) \
            or (_RELATIVE_SCHOOL.fullmatch(text, start, end) is not None
                and (start == 0 or text[start - 1] not in "全各我本该"))   # 市|职业教育中心学校
        if modifier and (start not in place_starts or cut):
            continue                    # 中学教师, 学校管理: the head is a modifier here
        founded = bool(introduced) or len(clean_name(core)) >= _FOUNDED_CORE and not is_generic(core, vocab) and (
            bool(_FOUNDED_AFTER.match(text, end)) or bool(_FOUNDED_BEFORE.search(text, 0, start)))
        if head in NEEDS_PLACE and not placed and not founded:
            continue
        if not placed and COUNT_AFTER.match(text, end):
            continue                    # 组建产教融合共同体4个: a kind, counted
        if _DESIGNATION.search(core):
            continue                    # …足球特色学校: a designation many schools hold
        if _TITLE_AFTER.search(text, 0, start):
            continue                    # 被认定为首批|普通高中省级美术学科基地学校: a title
        if not placed and not founded and (is_generic(core, vocab) or not is_proper(
                [t for t in tokens if start <= t.start < m.start()])):     # 清华大学/nt
            if not is_generic(core, vocab) and HEADS[head] in ("School", "University"):
                out.append(_Candidate(start, end, HEADS[head]))     # 育才中学: proper if listed
            continue
        if start in place_starts and is_generic(_after_place(core), vocab) \
                and HEADS[head] == "School" and not _SINGULAR_KIND.search(core):
            continue                    # 淄川区中小学: a place and a kind, not a school
        if text[end:end + 1] in "”」』" and text[start:start + 1] in "“「『":
            end += 1                    # “越南—班·墨学院”: the closing quote goes with it
        mention = _with_branch(sentence, start, end, HEADS[head]) if HEADS[head] in (
            "School", "University") else _mention(sentence, start, end, HEADS[head])
        if mention:
            out.append(mention)
    return out


def _with_branch(sentence: Sentence, start: int, end: int, subclass: str) -> Mention | None:
    """A school's name read on over what follows its head: a branch school or kindergarten is
    a school of its own (…中学分校, …幼儿园第二分园, …附属中学海南陵水分校); a campus or a
    division is the same school, so its name is an alias (…小学南校区, …学校小学部); and
    …小学校 is how some places write …小学."""
    text = sentence.text
    branch = _BRANCH.match(text, end)
    if branch and not _FUNCTION_WORD.search(branch.group("where") or ""):
        if branch.group("own"):
            return _mention(sentence, start, branch.end(), subclass)
        school = _mention(sentence, start, end, subclass)
        campus = clean_name(text[start:branch.end()])
        return replace(school, end=branch.end(), aliases=(*school.aliases, campus)) if school else None
    if text.startswith("小学", end - 2) and text.startswith("校", end) \
            and not _SCHOOL_WORD_AFTER.match(text, end + 1):
        return _mention(sentence, start, end + 1, subclass)
    return _mention(sentence, start, end, subclass)


@dataclass(frozen=True)
class _Candidate:
    """A school name that is not evidently proper (育才中学, 实验小学): kept only when listed
    with names that are (育才中学、淄博外国语实验学校、淄博瀚文学校)."""

    start: int
    end: int
    subclass: str


def _with_listed(sentence: Sentence, found: list) -> list[Mention]:
    names = [m for m in found if isinstance(m, Mention)]
    out = list(names)
    text = sentence.text
    for c in (c for c in found if isinstance(c, _Candidate)):
        if any(m.subclass == c.subclass and (_LISTED_WITH.match(text[c.end:m.start])
                                             or _LISTED_WITH.match(text[m.end:c.start]))
               for m in names):
            mention = _mention(sentence, c.start, c.end, c.subclass)
            if mention:
                out.append(mention)
    return out


def _after_a_place(text: str, tokens: Sequence[Token], start: int, head_start: int,
                   place_starts: frozenset[int]) -> int:
    """jieba splits unknown school names into odd words (养/v 正/d 中学, 越/d 溪实验学校): when
    a region named in the sentence ends at most two characters before the name read so far
    (and at most four before the head), the name starts with the region."""
    singles = {t.start for t in tokens if len(t.text) == 1}
    for token in tokens:
        if token.start in place_starts and token.end < start and start - token.end <= 2 \
                and all(i in singles for i in range(token.end, start)) \
                and _CJK_RUN.fullmatch(text, token.end, start) \
                and not _FUNCTION_WORD.search(text, token.end, start):
            return token.start          # 吴中区|越|溪实验学校: a name jieba cut into single characters
        if token.start in place_starts and start == head_start and 2 <= head_start - token.end <= 4 \
                and _CJK_RUN.fullmatch(text, token.end, head_start) \
                and not _FUNCTION_WORD.search(text, token.end, head_start):
            return token.start
    return start


def _introduced(text: str, start: int, head_start: int) -> int:
    """Where a name introduced as one starts (校名叫|李家村小学, 更名为|育英小学), else 0."""
    introduced = None
    for introduced in _INTRODUCES.finditer(text, start, head_start):
        pass
    if introduced and head_start - introduced.end() >= 2:
        return introduced.end()
    return start if _INTRODUCED_BEFORE.search(text, max(0, start - 4), start) else 0


def _after_a_verb(tokens: Sequence[Token], start: int, head_start: int) -> int:
    """Where a name starts once the clause's verb is left out: after a word that introduces it
    (更名为), else after the last verb that does not touch the head (包括|金桂幼儿园,
    引进|长沙市雅礼中学, 即|七中育才学校); a verb next to the head may be the name itself, and
    so may verbs one after another (潍坊市产教联合出海共同体)."""
    inside = [t for t in tokens if start <= t.start < head_start]
    for token, following in zip(inside, inside[1:]):
        if token.tag in _VERB_TAGS and not following.tag.startswith("v") \
                and (len(token.text) >= 2 or token.text in _SINGLE_VERBS) \
                and head_start - token.end >= 2 and token.end <= head_start:
            start = token.end           # (产教联合出海共同体: verb after verb, one name)
    return start


def _after_place(core: str) -> str:
    for suffix in ("自治区", "省", "市", "区", "县", "镇", "乡", "街道"):
        index = core.find(suffix)
        if 0 < index <= 6:
            return core[index + len(suffix):]
    return core
