"""Measures: stated numbers with a unit, found in one sentence.

`extract_measures(sentence)` is a pure function of one `Sentence`; subjects are left None for
the subject-resolution stage.

What counts as a measure: a number expression (Arabic or Chinese numerals, with 万/亿
magnitudes and 余/多 markers; see `edukg.numbers`) immediately followed by a unit this module
knows, or a rank 第N after a ranking verb (居/列/位居/排名 …). A number without a unit is never
a measure, which keeps out dates, years, list markers (一是, (一), 1.), document and phone
numbers. A head count may leave its 人 unsaid (总人口103万, 在校学生约1.2万): a number with 万/亿
right after a people noun that ends its clause counts persons. A number lost from the text ("增加学位个", "达到元、元") gives nothing at all.

Unit mapping (the `unit` field):

    亿元 / 万元 / 元                          → "CNY" (value in yuan: 43余亿元 → 4300000000)
    %, ％, 百分之N                            → "percent"     (18.13% → 18.13)
    个百分点 / 百分点                          → "percentage point"
    第N after 居/列/位居/位列/排名/名列/排      → "rank"
    平方米 / 平米 / ㎡ → "m2";  平方公里 → "km2"
    所 / 校                                   → "school"
    名 / 人 / 位                              → "person"     (人次 stays "人次": person-times)
    间                                        → "classroom"
    个 / 项                                   → "item"       (个月 → "month", 个百分点 above)
    连续N年 / N年以上 / N年度 (duration)       → "year"
    秒 / 分钟 / 小时 / 天 → "second" / "minute" / "hour" / "day"
    anything else: the Chinese measure word itself (套, 节, 场, 场次, 枚, 倍, 次, 批, 类, 种,
    家, 门, 户, 期, 条, 对, 件, 台, 册, 篇, 张, 支, 座, 栋, 辆, 处, 块, 岁, 人次 …)
    N大类 → "类"; an Arabic N大<noun> (16大核心模块) → "item".

`approximate` is True for 余/多 in the number, for 近/约/超过/超/逾/多达/接近/将近/不低于/
至少/不少于 before it and for 左右/以上/之多/有余/上下 after it. A stated cap (不超过N, N以下,
N以内) is an exact number.

Chinese-numeral counts are easily idioms (两头, 三通两平台, 五项管理), so they are kept only
outside quotes, never for a bare 一 or after 数/几/上 (数十所), and only when the classifier is
次 or 批 (先后三次, 六批), when the count ends its clause (威海市占据两个), when it sums up a
list just before it (小学、初中、高中三个学段), or as a duration after 连续 (连续两年). Ages
used as attributes (3—6岁儿童) and zero counts are not measures; 0 stays only as a stated
rate (学生占比为0 → 0 percent).

A number inside a title (《…的10条措施》) or a short quoted name (“减负30条”) names a policy
and is no measure.

Lists: 1至2个 gives two measures (1 and 2); 职教、特教、体校各1所 gives one measure per item.

`indicator` is what is measured, built from the clause: the words before the number (after the
previous number, connectors and time phrases such as 近年来/全市/其中 trimmed, and a leading
region name before a predicate dropped) plus, for counts, the noun right after the classifier
(组建7个学校联盟 → 组建学校联盟); a counted list keeps only its verb (打通公安、住建、人社等
10个部门 → 打通部门); a count followed by 获/入选/通过 takes that phrase (61人获淄博市教学能手).
At most ~16 characters, cut after 、 or a function word. `year` is set only when a stated
4-digit year governs the clause (see `stated_year`); a bare 年 whose number was stripped
gives None.

`start`/`end` cover the number expression with its qualifiers and unit ("近20项",
"43余亿元", "56人以上", "第1") and `text` is that surface.
"""
from __future__ import annotations

import re
from decimal import Decimal

from edukg.numbers import NumberMatch, find_numbers, normalize_digits, parse_rank, parse_year
from edukg.records import MeasureMention, Sentence

__all__ = ["extract_measures", "UNIT_CODES", "UNIT_CODE_LIST", "public_unit", "stated_year",
           "trim_indicator"]

# ------------------------------------------------------------------------------ vocabulary

# Unit surface → unit code, longest surfaces first when matching.
UNIT_CODES: dict[str, str] = {
    "个百分点": "percentage point",
    "百分点": "percentage point",
    "平方公里": "km2",
    "平方米": "m2",
    "平米": "m2",
    "㎡": "m2",
    "个月": "month",
    "人次": "人次",
    "场次": "场次",
    "分钟": "minute",
    "小时": "hour",
    "周岁": "岁",
    "课时": "课时",
    "学时": "学时",
    "元": "CNY",
    "%": "percent",
    "所": "school",
    "校": "school",
    "名": "person",
    "人": "person",
    "位": "person",
    "间": "classroom",
    "个": "item",
    "项": "item",
    "秒": "second",
    "天": "day",
    "岁": "岁",
}
# Measure words kept as themselves.
_KEEP_WORDS = "套节场枚倍次批类种家门户期条对件台册篇张支座栋辆处块亩"
for _w in _KEEP_WORDS:
    UNIT_CODES.setdefault(_w, _w)
_UNIT_SURFACES = sorted(UNIT_CODES, key=len, reverse=True)

# What edu:unit holds: one code of this list, always (ontology/README.md "Units"; the shapes
# check it). The measure word as written goes in edu:unitLabel. Inside this module the
# measure words kept above still tell counts apart (次 and 批 may follow Chinese numerals,
# 岁 is an age); they become codes only on the way out.
UNIT_CODE_LIST = ("CNY", "percent", "percentage point", "rank", "m2", "km2", "mu", "school",
                  "person", "person-time", "classroom", "household", "item", "occasion", "fold",
                  "age", "class-hour", "year", "month", "day", "hour", "minute", "second")
_WORD_CODES = {"人次": "person-time", "户": "household", "亩": "mu", "倍": "fold", "岁": "age",
               "课时": "class-hour", "学时": "class-hour",
               **dict.fromkeys("次场期批", "occasion"), "场次": "occasion",
               **dict.fromkeys("套节枚类种家门条对件台册篇张支座栋辆处块", "item")}


def public_unit(code: str) -> str:
    """The edu:unit code for a unit as this module reads it (套 → item, 人次 → person-time)."""
    return _WORD_CODES.get(code, code)
# the longest unit at a position, in one regex call (alternatives are tried in list order)
_UNIT_AT = re.compile("|".join(map(re.escape, _UNIT_SURFACES)))

# Chinese-numeral counts accepted whatever follows (their idiomatic uses are rare).
_CN_FREE_UNITS = {"次", "批"}
# Nouns that may follow a number directly and count people (40余万师生).
_PERSON_NOUNS = ("师生", "学生", "教师", "家长", "幼儿", "儿童", "人口", "居民", "群众")

_MAGNIFIED = re.compile("[万亿]")
_PEOPLE_BEFORE = re.compile(
    r"(?:人口|居民|学生|在校生|在园幼儿|师生|教职工|教师)(?:总数|人数|总量)?"
    r"(?:为|是|达到|达|约为|约|有|共有|共|超过|超|近|逾)?$")

_APPROX_BEFORE = (
    "不低于", "不少于", "至少", "最少", "多达", "接近", "将近", "大约", "约为",
    "超过", "突破", "近", "约", "超", "逾",
)
_FLOOR_MARKERS = ("不低于", "不少于", "至少", "最少")   # may stand a few words before the number
_EXACT_BEFORE = ("不超过", "不高于", "不多于", "最多")
_APPROX_AFTER = ("左右", "以上", "之多", "有余", "上下")
_EXACT_AFTER = ("以下", "以内")

_RANK_VERBS = ("位居", "位列", "名列", "排名", "排在", "排", "居", "列", "位于")

# Clause boundaries for the indicator (quotes and 《》 are not boundaries: they are removed).
_BOUNDARY = set("，,；;：:。！？!?（）()[]【】\n\t —…/|·")
_QUOTES = "“”\"「」『』‘’'《》〈〉"
_PUNCT_AFTER = set("，,；;：:。！？!?）)、”」』》\n") | {""}

# Leading words trimmed from an indicator (connectors, scope and time words).
_LEAD_TRIM = (
    "近年来", "今年以来", "截至目前", "截至", "截止", "目前", "至今", "年内", "期间", "其中",
    "同时", "此外", "另外", "并且", "而且", "以及", "先后有", "先后", "已经", "现有", "共计",
    "合计", "总计", "共有", "分别", "全市", "全区", "全县", "全省", "全镇", "我市", "我区",
    "我县", "我省", "本市", "本区", "本县", "该市", "该区", "该县", "各区市", "各地", "今年",
    "去年", "当年", "累计有", "在全省", "在全市", "在全区", "在全县", "在全国", "率先", "积极",
    "大力", "深入", "持续", "不断", "进一步", "全面", "扎实", "有效", "首次", "成功", "顺利",
    "着力", "努力", "充分", "决定", "一是", "二是", "三是", "四是", "五是", "中有", "其",
    # single characters that never start an indicator word here
    "并", "且", "还", "也", "又", "已", "了", "的", "把", "等", "、", "将", "以", "为", "向",
    "有",
)
# Scope words after which a long indicator restarts (…活动全区共实施入户家访 → 实施入户家访).
_SCOPE_RESTART = ("全市共", "全区共", "全县共", "全省共", "全市", "全区", "全县", "全省")
# Verbs that make the phrase after a count its indicator (61人|获淄博市教学能手).
_ACHIEVE_VERBS = ("获得", "荣获", "获评", "获", "入选", "通过", "受到", "参加", "参与")
_TAIL_TRIM = (
    "分别达到", "分别为", "分别是", "达到了", "达到", "保持在", "控制在", "提高到", "提升到",
    "增加到", "增长到", "上升到", "下降到", "约为", "约有", "共计", "合计", "总计", "共有",
    "高达", "多达", "已达", "不低于", "不少于", "不超过", "至少", "最少", "超过", "接近",
    "将近", "大约", "首次突破", "突破", "首次", "人数为", "均为", "全市", "全区", "全县", "全省", "全国",
    "已有", "累计",         # before 有 and 计: 累计已有|23个省份, never 累计已 or 累
    "为", "是", "达",
    "约", "近", "超", "逾", "共", "计", "有", "了", "的", "均", "都", "各", "在", "占有", "以",
)
# Words that may follow a leading region name (威海市|累计投入, 淄川区|被…).
_PREDICATE_START = (
    "累计", "共", "先后", "参评", "已", "全部", "均", "通过", "被", "获", "入选", "率先", "积极",
    "大力", "深入", "持续", "不断", "在", "以", "把", "将", "对", "为", "从", "与", "和", "现有",
    "有", "新", "投入", "投资", "决定", "启动", "探索", "坚持", "实现", "确定", "召开", "举行", "成立",
    "拥有", "首先", "今年", "去年", "近年来", "目前",
)
# Words after which a long indicator may be cut (keeping what follows).
_CUT_AFTER = "将把对向为以在从和与及的占于让使给"
_RIGHT_STOP = "的和与及等在为到将把对向从并且、，,。；;：:（）()“”《》"
_RIGHT_STOP_WORDS = (
    "入选", "获得", "获评", "获", "荣获", "通过", "参加", "参与", "进行", "开展", "提供", "完成",
    "实现", "达到", "投入", "受到", "得到", "被", "全部", "分别", "累计", "共计", "中有",
    "其中", "以上", "以下",
)
_NO_RIGHT_NOUN = {"CNY", "percent", "percentage point", "rank", "m2", "km2", "year", "month",
                  "day", "hour", "minute", "second", "岁"}
# Verbs that head a counted list (接入国家、省、市三级… / 涵盖小学、初中、高中三个学段).
_LIST_VERBS = (
    "建成", "建设", "新建", "改建", "扩建", "组建", "设置", "设立", "开发", "接入", "打通", "涵盖",
    "包括", "开展", "组织", "举办", "培育", "培养", "培训", "招聘", "聘用", "遴选", "提供", "投入",
    "完成", "安装", "配备", "建立", "覆盖", "惠及", "实施", "推动", "创建", "评选", "认定", "获得",
    "发放", "资助", "改造", "增加", "新增", "引进", "补充", "选拔", "抓好", "落实", "推进", "打造",
    "形成", "集成", "整合", "撤并", "开设", "开通", "推出", "出台", "制定", "印发", "分为", "分",
)
_REGION_LEAD = re.compile(r"^[\u4e00-\u9fff]{2,6}?(?:省|市|区|县|镇|乡|街道)(?=[\u4e00-\u9fff]{2,})")
_REGION_LEAD_BAD = set("全我本该各每城市区县省乡镇")

_YEAR_RE = re.compile(r"((?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*年(度)?")
_YEAR_PERIOD_AFTER = ("以来", "来", "起", "至今", "以前", "之前", "前", "以后", "之后", "后", "—", "-", "～", "~", "至", "到")
_RANGE_JOIN = ("至", "到", "—", "-", "～", "~", "－")

_MAX_INDICATOR = 16


# --------------------------------------------------------------------------- helpers

def _quote_depth(text: str, pos: int) -> int:
    """How many quotes/book-title marks are open at `pos`."""
    depth = 0
    straight = 0
    for ch in text[:pos]:
        if ch in "“「『《〈‘":
            depth += 1
        elif ch in "”」』》〉’" and depth:
            depth -= 1
        elif ch == '"':
            straight ^= 1
    return depth + straight


_TITLE_OPEN = re.compile(r"《[^《》]*$")
_NAME_OPEN = re.compile(r"[“「][^“”「」，,。；;]{0,10}$")
_NAME_CLOSE = re.compile(r"[^“”「」，,。；;]{0,10}[”」]")


def _in_title(text: str, pos: int) -> bool:
    """Whether pos is inside a title (《…10条措施》) or a short quoted name (“减负30条”):
    a number there names a policy, it measures nothing."""
    if _TITLE_OPEN.search(text, max(0, pos - 60), pos):
        return True
    return bool(_NAME_OPEN.search(text, max(0, pos - 11), pos) and _NAME_CLOSE.match(text, pos))


def _strip_quotes(text: str) -> str:
    return "".join(ch for ch in text if ch not in _QUOTES and not ch.isspace())


def _match_unit(text: str, pos: int) -> tuple[str, str] | None:
    m = _UNIT_AT.match(text, pos)
    return (m.group(), UNIT_CODES[m.group()]) if m else None


_MAX_CLAUSE = 200
_ASIDE_BEFORE = re.compile(r"[(（][^()（）,，。;；：:]{1,8}[)）]$")


def _clause_start(text: str, pos: int) -> int:
    """Start of the clause holding pos; looks back at most _MAX_CLAUSE characters, so a huge
    unpunctuated stretch costs linear, not quadratic, time (a clause that long has no
    indicator worth keeping)."""
    i, floor = pos, max(0, pos - _MAX_CLAUSE)
    while i > floor and text[i - 1] not in _BOUNDARY:
        i -= 1
    # a dash between digits is a range (3—6岁), not a clause break
    if 1 < i < len(text) and text[i - 1] in "—-" and text[i - 2].isdigit() and text[i].isdigit():
        return _clause_start(text, i - 1)
    return i


def _is_year_period(text: str, end: int) -> bool:
    tail = text[end:end + 3]
    return any(tail.startswith(w) for w in _YEAR_PERIOD_AFTER)


def stated_year(text: str, pos: int) -> int | None:
    """The 4-digit year stated before `pos` that governs the clause at `pos`, if any.

    A "YYYY年" governs its own clause, and the clauses after it when it opens its clause
    ("2022年4月，淄川区被…", "2016年全面启动…，确定了首批9对…"). Periods (2015年以来,
    自2018年起, 2015—2020年), years inside 《》 or quotes, and a bare 年 whose number was
    stripped give None. The nearest governing year wins.
    """
    best: int | None = None
    norm = normalize_digits(text)
    clause_of_pos = _clause_start(norm, pos)
    for m in _YEAR_RE.finditer(norm, 0, pos):
        if m.end() > pos:
            break
        year = parse_year(m.group(1))
        if year is None:
            continue
        before = norm[max(0, m.start() - 2):m.start()]
        if before.endswith(("—", "-", "～", "~", "至", "到")) and not before.endswith(("截至", "截止")):
            continue     # the end of a range: 2015—2020年
        if before.endswith(("自", "从")) and _is_year_period(norm, m.end()):
            continue
        if _is_year_period(norm, m.end()):
            continue     # 2015年以来, 2018年起
        if _quote_depth(norm, m.start()):
            continue
        clause = _clause_start(norm, m.start())
        opener = norm[clause:m.start()].strip()
        if clause != clause_of_pos and opener not in ("", "在", "于", "截至", "截止", "到", "至", "自", "从"):
            continue     # a year inside an earlier clause's object (获评2021年度…)
        best = year
    return best


def _trim_lead(seg: str) -> str:
    changed = True
    while changed and seg:
        changed = False
        # stray year words left by stripped numbers ("年交流轮岗", "—年全市", "年至今")
        m = re.match(r"^(?:(?:19|20)\d{2})?年(?![均度级龄初底末份])(?:以来|起|至今)?", seg)
        if m and m.end() < len(seg):
            seg = seg[m.end():]
            changed = True
            continue
        if seg.startswith("共") and not seg.startswith(("共青", "共享", "共建", "共同", "共性", "共育")):
            seg = seg[1:]
            changed = True
            continue
        if seg.startswith(_LEAD_TRIM):    # one C call for the usual miss; the list order decides
            word = next(w for w in _LEAD_TRIM if seg.startswith(w))
            seg = seg[len(word):]
            changed = True
        else:
            m = _REGION_LEAD.match(seg)
            if (
                m
                and seg[0] not in _REGION_LEAD_BAD
                and not re.search(r"[学校教育]", m.group(0))
                and seg.startswith(_PREDICATE_START + _LIST_VERBS, m.end())
            ):
                seg = seg[m.end():]
                changed = True
    return seg


def _trim_tail(seg: str) -> str:
    changed = True
    while changed and seg:
        changed = False
        if not seg.endswith(_TAIL_TRIM):
            break
        for word in _TAIL_TRIM:
            if seg.endswith(word) and len(seg) > len(word):
                seg = seg[: -len(word)]
                changed = True
                break
    return seg


def trim_indicator(text: str) -> str:
    """An indicator without the connectors, scope and time words that may open or end it."""
    return _trim_tail(_trim_lead(text))


def _shorten(left: str, budget: int) -> str:
    """Keep the end of `left` within `budget` chars, cutting after 、 or a function word."""
    if len(left) <= budget:
        return left
    tail = left[-budget:]
    for marks in ("、", _CUT_AFTER):
        for i, ch in enumerate(tail):
            if ch in marks and len(tail) - i - 1 >= 2:
                return tail[i + 1:]
    for i in range(len(tail) - 1):
        if tail.startswith(_LIST_VERBS + ("获", "入选", "通过"), i):
            return tail[i:]
    return tail


def _right_noun(text: str, pos: int, limit: int = 10) -> tuple[str, int]:
    """The noun phrase right after a classifier and where it ends.

    组建7个|学校联盟|,搭建 → 学校联盟; stops at punctuation, a digit, a function word or a
    verb that starts the next predicate (入选, 获, 通过 …). At most `limit` characters: a
    longer phrase is no noun of the count, and half of one is a cut word, so none is kept.
    """
    out: list[str] = []
    i = pos
    while i < len(text):
        ch = text[i]
        if ch in _QUOTES:
            i += 1
            continue
        if ch in _RIGHT_STOP or ch in _BOUNDARY or ch.isdigit() or not ("\u4e00" <= ch <= "\u9fff"):
            break
        if text.startswith(_RIGHT_STOP_WORDS, i):
            break
        if len(out) == limit:
            return "", pos
        out.append(ch)
        i += 1
    return "".join(out), i


def _right_phrase(text: str, pos: int) -> str:
    """A short phrase after the unit, used when nothing precedes the number: 61人|获…能手."""
    i = pos
    if text.startswith("的", i):
        i += 1
    out: list[str] = []
    quoted = 0          # how much of out ends with a closing quote (a whole name)
    while i < len(text):
        ch = text[i]
        if ch in _QUOTES:
            if ch in "”」』》":
                quoted = len(out)
            i += 1
            continue
        if ch in _BOUNDARY or ch in "、，,。；;" or ch.isdigit():
            break
        if len(out) == _MAX_INDICATOR:
            return "".join(out[:quoted])      # never half a word: up to a closed name, or none
        out.append(ch)
        i += 1
    return "".join(out)


def _left_context(text: str, start: int, floor: int) -> str:
    """Clause text before `start`, never reaching back past `floor` (end of the last measure).

    Items of a 、 list that carry their own number are separate measures (建成中小学152所、
    幼儿园344所 → 幼儿园); a list without numbers stays (新建、改扩建学校66所). An aside
    right before the number is read past: 百年老校(园)13所, 中小学(含教学点)126所.
    """
    aside = _ASIDE_BEFORE.search(text, max(floor, start - 12), start)
    if aside:
        start = aside.start()
    clause = _clause_start(text, start)
    bound = max(clause, floor)
    seg = text[bound:start]
    if "、" in seg and floor > clause:
        seg = seg.rsplit("、", 1)[1]
    elif "、" in seg:
        parts = seg.split("、")
        keep = [parts[-1]]
        for part in reversed(parts[:-1]):
            if re.search(r"\d", part):
                break
            keep.insert(0, part)
        seg = "、".join(keep)
    return seg


_EACH = re.compile(r"各(?:有|自)?$")


def _list_items(text: str) -> list[str]:
    """The items of 职教、特教和体校 (the last pair may be joined by 和/及/与)."""
    items = text.split("、")
    items[-1:] = re.split("[和及与]", items[-1]) if len(items[-1]) > 2 else items[-1:]
    return [it for it in map(_trim_lead, items) if it]


def _last_verb(text: str) -> str:
    best, where = "", -1
    for verb in _LIST_VERBS:
        k = text.rfind(verb)
        if k > where:
            best, where = verb, k
    return best


def _indicator(text: str, start: int, floor: int, unit_code: str, after: int) -> tuple[str, int]:
    """What is measured, and where the noun after the unit ends (the next measure's floor)."""
    left = _strip_quotes(_left_context(text, start, floor))
    right, right_end = "", after
    if unit_code not in _NO_RIGHT_NOUN:
        right, right_end = _right_noun(text, after)
    if right and "、" in left:
        # a count summing up a list: 打通公安、住建、人社等10个部门 → 打通部门
        left = _last_verb(left.split("、", 1)[0])
    if left.endswith(("和", "与", "及", "以及")):
        # the other conjunct: 惠及近1万名乡村教师和5.3万名乡村学生 → 乡村学生
        left = _last_verb(left)
    if unit_code == "percent" and "占" in left:
        # X占Y的比例: keep X and Y while short, else X占比
        head, _, base = left.rpartition("占")
        base = _trim_tail(base)
        left = f"{head}占{base}" if len(head) + len(base) < _MAX_INDICATOR else f"{head}占比"
    left = _trim_tail(_trim_lead(left))
    if len(left) > 10:
        for scope in _SCOPE_RESTART:
            k = left.rfind(scope)
            if k > 0 and len(left) - k - len(scope) >= 2:
                left = _trim_lead(left[k + len(scope):])
                break
    if len(left) == 1:
        left = ""
    if not right and unit_code not in _NO_RIGHT_NOUN and text.startswith(_ACHIEVE_VERBS, after):
        # N人获X / N项入选X: what the N did is the indicator
        phrase = _right_phrase(text, after)
        if len(phrase) >= 3:
            return phrase, after
    if right and left.endswith(right):
        right = ""
    if len(right) == 1 and left:
        right = ""
    budget = max(_MAX_INDICATOR - len(right), 4)
    if len(left) > budget:
        left = _shorten(left, budget)
        left = _trim_tail(_trim_lead(left))
    indicator = (left + right).strip("、")
    if not indicator:
        indicator = _right_phrase(text, after)
    return indicator, right_end


# ----------------------------------------------------------------------------- main

def _approx_before(text: str, start: int, floor: int) -> tuple[int, bool | None]:
    """Approximation marker just before the number: (new start, approximate or None)."""
    for word in _EXACT_BEFORE:
        if text.endswith(word, 0, start):
            return start - len(word), False
    for word in _APPROX_BEFORE:
        if text.endswith(word, 0, start) and start - len(word) >= floor:
            return start - len(word), True
    # floor markers a few words earlier in the clause: 向全市至少直播1节
    clause = text[max(_clause_start(text, start), floor):start]
    for word in _FLOOR_MARKERS:
        k = clause.rfind(word)
        if k >= 0 and len(clause) - k - len(word) <= 3 and not re.search(r"\d", clause[k:]):
            return start, True
    return start, None


def _unit_after(text: str, num: NumberMatch) -> tuple[str, str, int] | None:
    """(surface, code, end) of the unit after a number; None when it is not a measure."""
    pos = num.end
    unit = _match_unit(text, pos)
    if unit is not None:
        surface, code = unit
        return surface, code, pos + len(surface)
    # N大类 / 16大核心模块
    if text.startswith("大", pos):
        if text.startswith("类", pos + 1):
            return "大类", "类", pos + 2
        if not num.chinese and pos + 2 < len(text) and "\u4e00" <= text[pos + 1] <= "\u9fff":
            return "大", "item", pos + 1
    # 40余万师生: a magnified number directly before a people noun
    if not num.chinese and re.search(r"[万亿余多]", num.text):
        for noun in _PERSON_NOUNS:
            if text.startswith(noun, pos):
                return "", "person", pos
    # 连续N年 / N年以上 / N年度 (durations)
    if text.startswith("年", pos) and num.value < 100:
        after = pos + 1 + (1 if text.startswith("度", pos + 1) else 0)
        before = text[max(0, num.start - 3):num.start]
        if before.endswith(("连续", "连续近", "连续超")) or text.startswith(("以上", "以内"), after):
            return text[pos:after], "year", after
    return None


def _chinese_ok(text: str, num: NumberMatch, unit_surface: str, unit_end: int, floor: int) -> bool:
    """Whether a count in Chinese numerals is a measure rather than an idiom (see module doc)."""
    if num.value == 1 and num.text in ("一", "壹"):
        return False
    if _quote_depth(text, num.start):
        return False
    if unit_surface in _CN_FREE_UNITS:
        return True
    before = text[max(0, num.start - 3):num.start]
    if unit_surface.startswith("年") and before.endswith("连续"):
        return True
    after = text[unit_end:unit_end + 1]
    if after in _PUNCT_AFTER and not unit_surface.startswith("大"):
        return True
    clause = text[max(_clause_start(text, num.start), floor):num.start]
    # a count summing up a list just before it: 小学、初中、高中三个学段
    if "、" in clause:
        last = clause.rsplit("、", 1)[1]
        if 1 <= len(last.replace("等", "")) <= 8 and not re.search(r"\d", last):
            return True
    return False


def _percent_before(text: str, num: NumberMatch) -> bool:
    return text.endswith("百分之", 0, num.start)


def _rank_context(text: str, num: NumberMatch, floor: int) -> str | None:
    """The ranking phrase before 第N (e.g. 居全省), or None when 第N is not a rank."""
    if num.start == 0 or text[num.start - 1] != "第":
        return None
    after = text[num.end:num.end + 1]
    if after and after in "届轮期批方季章节款条号次年个批代":
        return None
    clause = text[max(_clause_start(text, num.start - 1), floor):num.start - 1]
    m = re.search(
        r"(?:均|都|并|已|曾|连续)?(?:" + "|".join(_RANK_VERBS) + r")(?:于)?"
        r"(?:全国|全省|全市|全区|全县|同类|省内|市内|国内|全网)?(?:城市|地市|县区|区县)?(?:中)?$",
        clause,
    )
    if not m:
        return None
    return m.group(0)


def extract_measures(sentence: Sentence) -> list[MeasureMention]:
    """Every stated number with a unit in one sentence, in text order (subject None)."""
    raw = sentence.text
    text = normalize_digits(raw)
    numbers = find_numbers(text)
    results: list[MeasureMention] = []
    floor = 0
    i = 0
    last: tuple[str, str, int, str] | None = None   # indicator, unit, clause start, noun after
    while i < len(numbers):
        num = numbers[i]
        i += 1
        if num.start < floor or _in_title(text, num.start):
            continue
        prev_ch = text[num.start - 1] if num.start else ""
        next_ch = text[num.end] if num.end < len(text) else ""
        # codes, dates, formulas: 11370302MB…, 2022-12-16, “5+2”, 1:1
        if (prev_ch and prev_ch.isascii() and (prev_ch.isalnum() or prev_ch in "/-_.+:")) or (
            next_ch and next_ch.isascii() and (next_ch.isalpha() or next_ch in "/-_+:")
        ) or (prev_ch and prev_ch in "＋+") or (next_ch and next_ch in "＋+"):
            # an ASCII hyphen between two numbers with a unit after is a range, handled below
            if not (next_ch == "-" and i < len(numbers) and numbers[i].start == num.end + 1):
                continue

        # ---- ranks: 居全省第1, 位次均列全省第1
        if not num.chinese or num.value > 0:
            rank_head = _rank_context(text, num, floor)
            if rank_head is not None:
                rank = parse_rank(num.text)
                if rank is None:
                    continue
                end = num.end + (1 if text.startswith("名", num.end) else 0)
                indicator, _ = _indicator(text, num.start - 1 - len(rank_head), floor, "rank", end)
                indicator = _trim_tail(indicator)
                results.append(
                    MeasureMention(
                        sentence=sentence.index, start=num.start - 1, end=end,
                        text=raw[num.start - 1:end], indicator=indicator or "排名",
                        value=Decimal(rank), unit="rank", approximate=False,
                        year=stated_year(raw, num.start),
                    )
                )
                floor = end
                continue
        if prev_ch == "第":
            continue
        if num.chinese and prev_ch and prev_ch in "数几好上成":
            continue     # 数十所, 几十名, 上百所: no definite number

        # ---- ranges: 1至2个, 3—6岁 (the unit follows the second number)
        range_partner: NumberMatch | None = None
        if i < len(numbers):
            nxt = numbers[i]
            gap = text[num.end:nxt.start]
            if gap in _RANGE_JOIN and nxt.chinese == num.chinese:
                range_partner = nxt

        target = range_partner or num
        if _percent_before(text, target):
            unit_surface, unit_code, unit_end = "", "percent", target.end
        else:
            found = _unit_after(text, target)
            if found is None:
                # 学生占比为0: a bare number right after a rate word
                m = re.search(r"(?:占比|比例|比重|率)(?:为|是|达到|达)?$", text[:target.start])
                bare = not target.chinese and text[target.end:target.end + 1] in _PUNCT_AFTER
                if m and bare:
                    unit_surface, unit_code, unit_end = "", "percent", target.end
                elif bare and _MAGNIFIED.search(target.text) \
                        and _PEOPLE_BEFORE.search(text, max(0, target.start - 12), target.start):
                    # 总人口103万, 在校学生约1.2万: a head count that leaves its 人 unsaid
                    unit_surface, unit_code, unit_end = "", "person", target.end
                else:
                    if range_partner is not None:
                        i += 1
                    continue
            else:
                unit_surface, unit_code, unit_end = found
        if target.chinese and unit_surface and not _chinese_ok(text, target, unit_surface, unit_end, floor):
            if range_partner is not None:
                i += 1
            continue
        # ages used as attributes (3—6岁儿童, 35周岁以下的) are not measures
        if unit_code == "岁" and text[unit_end:unit_end + 1] not in _PUNCT_AFTER:
            if range_partner is not None:
                i += 1
            continue
        if target.value == 0 and unit_code != "percent":
            continue

        # ---- approximation
        first = num
        start, approx_pre = _approx_before(text, first.start, floor)
        end = unit_end
        approx_post: bool | None = None
        for word in _EXACT_AFTER:
            if text.startswith(word, end):
                end += len(word)
                approx_post = False
                break
        else:
            for word in _APPROX_AFTER:
                if text.startswith(word, end):
                    end += len(word)
                    approx_post = True
                    break

        # ---- indicator, year
        indicator, right_end = _indicator(text, start, floor, unit_code, end)
        if not indicator and last is not None and last[2] == _clause_start(text, start):
            # 小学、初中年巩固率分别为100%、98.3% / 六批市级特色学校68所: share the
            # indicator of the previous number in the clause, or the noun it was followed by
            indicator = last[0] if last[1] == unit_code else last[3]
        year = stated_year(raw, first.start)
        group = [num] if range_partner is None else [num, range_partner]
        left_raw = _left_context(text, start, floor)
        each = _EACH.search(left_raw)
        distributive = bool(each) and bool(re.search("[、和及与]", left_raw[:each.start()]))
        for member in group:
            approximate = bool(member.approximate or approx_pre or approx_post)
            if approx_pre is False or approx_post is False:
                approximate = bool(member.approximate)
            m_start = start if member is first else member.start
            m_end = end if member is group[-1] else member.end
            if distributive:
                # 职教、特教、体校各1所 → one measure per listed item
                items = _list_items(_strip_quotes(left_raw[:each.start()]))
            else:
                items = [None]
            for item in items:
                ind = indicator if item is None else item + _right_noun(text, end)[0]
                results.append(
                    MeasureMention(
                        sentence=sentence.index, start=m_start, end=m_end,
                        text=raw[m_start:m_end], indicator=ind or unit_surface or unit_code,
                        value=member.value, unit=public_unit(unit_code),
                        unit_label=unit_surface or None, approximate=approximate,
                        year=year,
                    )
                )
        floor = max(end, right_end)
        last = (indicator, unit_code, _clause_start(text, start), text[end:right_end])
        if range_partner is not None:
            i += 1
    return results
