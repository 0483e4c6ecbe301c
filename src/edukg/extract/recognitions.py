"""Recognitions: awards, titles, designations, pilot status and evaluations passed.

`extract_recognitions(sentence)` is a pure function of one `Sentence`; subjects are left
None for the subject-resolution stage.

Triggers (each followed by the designation, unless noted):

    被[机构]评为 / 确定为 / 认定为 / 命名为 / 授予 / 列为 / 批准为 / 遴选为 …   (passive)
    评为 / 获评 / 荣获 / 入选 / 获批 / 确定为 / 认定为 / 命名为 / 荣膺 / 跻身
    获 / 获得 — only with an award-like object (…奖, …称号, …能手, …金牌, …优秀案例, quoted …)
    成为 / 作为 / 是 / 为 — only for a pilot/demonstration-type designation (试点, 示范, 实验区 …);
                           "作为/是 … N个 … 之一" drops the count: 全国9个“双减”试点城市之一 →
                           全国双减试点城市
    均为“…” (所辖各区市均为“国家义务教育发展基本均衡县”)
    通过 … 验收 / 评估 / 认定 / 考核 / 复查 / 评审 / 督导 / 检查 / 鉴定 (an evaluation passed)
    bare 获奖 / 入选 / 获评 (no object): the award or selection named earlier in the sentence
    (在2019年省级教学成果奖评选中…12项获奖 → 省级教学成果奖)

Label rule: the designation itself, quotes and 《》 removed, without the trigger verb and
without trailing 称号/荣誉称号/等称号/之一. For an evaluation passed the label is the evaluation
("通过了全国县域义务教育均衡发展评估验收" → "全国县域义务教育均衡发展评估验收"); an evaluation
grade is prefixed with the evaluation it belongs to when the sentence names one
("对市级政府履行教育职责评价…获评优秀等次" → "市级政府履行教育职责评价优秀等次"). Lists joined by
、/和/及 become separate recognitions when every item is a full designation (5+ characters);
short items stay together (全省职教改革成效明显市、县). Commendations by a body
(获教育部推介, 获省委、省政府督查激励) keep the body in the label: "获教育部推介".

`conferred_by` is the raw name of the granting body when the sentence puts it at the verb
(被教育部确定为…, 获教育部“…”, 入选教育部…, X发布…评选结果…入选); with several bodies joined by
、 the first is returned. `year` is a stated 4-digit year governing the clause ("2015年，顺利通过…";
"2012年和2015年分别入选A、B" pairs the years with the items); a stripped "年" gives None.
"""
from __future__ import annotations

import re

from edukg.extract.measures import UNIT_CODES, stated_year
from edukg.extract.names import clause_start
from edukg.extract.recognition_words import not_recognised
from edukg.numbers import normalize_digits, parse_year
from edukg.records import RecognitionMention, Sentence

__all__ = ["extract_recognitions"]

# ------------------------------------------------------------------------------ vocabulary

_QUOTES = "“”\"「」『』‘’'《》〈〉"
_OPEN = "“「『《〈‘"
_CLOSE = "”」』》〉’"
# Where a designation ends (outside quotes).
_STOP = set("，,；;：:。！？!?（）()\n")

_PASSIVE_VERBS = (
    "评选为", "评定为", "确定为", "认定为", "命名为", "批准为", "遴选为", "表彰为", "确认为",
    "授予", "评为", "列为", "列入", "选为", "纳入",
)
# (verb, kind): kind "any" takes any object, "award" needs an award-like object,
# "pilot" needs a pilot/demonstration-type object.
_ACTIVE_VERBS = (
    ("被评为", "any"), ("荣获", "any"), ("获评", "any"), ("评为", "any"), ("入选", "any"),
    ("荣膺", "any"), ("获批", "title"), ("确定为", "title"), ("认定为", "title"),
    ("命名为", "title"), ("跻身", "pilot"), ("被列为", "title"), ("列为", "pilot"),
    ("获得", "award"), ("获", "award"), ("成为", "pilot"), ("作为", "pilot"),
    ("成功创建", "pilot"), ("创建成为", "pilot"),
    ("上榜", "award"), ("入围", "award"), ("夺得", "award"), ("摘得", "award"), ("拿下", "award"),
    ("斩获", "award"),
)
# Passive verbs that take any object (被评为…); the others need a title-like object.
_PASSIVE_ANY = ("评选为", "评定为", "评为", "授予", "表彰为")
_AWARD_HEADS = (
    "奖", "奖项", "称号", "荣誉", "能手", "标兵", "名师", "名校长", "名班主任", "先进", "单位",
    "集体", "个人", "模范", "示范区", "示范校", "示范县", "示范基地", "示范单位", "优秀案例",
    "典型案例", "案例", "金牌", "银牌", "铜牌", "冠军", "亚军", "季军", "激励", "表彰", "推介",
    "通报表扬", "表扬", "肯定", "认证", "第一名", "第二名", "第三名", "等次", "等级", "一等",
    "二等", "三等", "优秀", "试点", "基地", "称号", "城市", "学校", "县", "区", "连冠",
)
# Objects that are a commendation by a body rather than a title: 获教育部推介.
_ACTION_NOUNS = ("推介", "表彰", "通报表扬", "表扬", "肯定", "激励", "认可", "奖励", "推广")
_PILOT_MARKS = (
    "试点", "示范", "实验区", "试验区", "先行区", "先行创建区", "改革区", "基地", "标杆", "样板",
    "创新区", "特色校", "特色学校", "先进", "实验学校", "实验校",
)
_EVAL_NOUNS = (
    "评估验收", "督导评估", "督导检查", "国家认定", "验收", "评估", "认定", "考核", "复查", "复核",
    "评审", "督导", "检查", "鉴定", "审核", "评价", "测评",
)
_GRADES = ("优秀等次", "优秀等级", "优秀", "良好等次", "合格等次", "A等", "A级", "一等", "等次")
_LIST_MIN = 5
# 通过 + these is "by doing", not an evaluation passed (通过开展督导检查, 通过建立考核机制).
_MEANS_VERBS = (
    "开展", "实施", "建立", "加强", "推进", "组织", "采取", "利用", "借助", "依托", "举办", "进行",
    "完善", "强化", "落实", "搭建", "构建", "设立", "引入", "引进", "健全", "创新", "深化", "召开",
)

# A granting body at the start of an object: 教育部, 中共中央办公厅, 省委, 山东省教育厅 …
_ORG = (
    r"(?:中共中央办公厅|国务院办公厅|中共中央|国务院|中央文明委|共青团中央|全国妇联"
    r"|[\u4e00-\u9fff]{0,8}?(?:部|厅|局|省委|市委|区委|县委|省政府|市政府|区政府|县政府"
    r"|人民政府|委员会|办公室|教育报|报社|电视台|协会|学会|联合会|基金会))"
)
_ORG_LIST_RE = re.compile(rf"^{_ORG}(?:[、和及]{_ORG})*")
_ORG_END_RE = re.compile(
    r"(?:部|厅|局|委|政府|国务院|中共中央|委员会|办公室|教育报|报社|电视台|协会|学会|联合会|基金会|中心|组)$"
)


# --------------------------------------------------------------------------- helpers

def _strip_quotes(text: str) -> str:
    return "".join(ch for ch in text if ch not in _QUOTES and not ch.isspace())


def _depths(text: str) -> list[int]:
    """Quote/book-title nesting depth before each character."""
    out, depth, straight = [], 0, 0
    for ch in text:
        out.append(depth + straight)
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
        elif ch == '"':
            straight ^= 1
    out.append(depth + straight)
    return out


# A later item of a list that names its own province (认定为教育部…示范区、广东省…先进区): the
# body that conferred the first item did not confer it.
_OWN_LEVEL = re.compile(r"[\u4e00-\u9fff]{2,3}省|[\u4e00-\u9fff]{2,6}自治区")
_COUNT_RE = re.compile(r"(?:\d+|[一二三四五六七八九十两百]+)(?:名|个|人|项|所|位|家|支|批)")
_ARABIC_COUNT_RE = re.compile(
    r"\d+(?:\.\d+)?[余多]?[万亿]?(?:" + "|".join(re.escape(u) for u in sorted(UNIT_CODES, key=len, reverse=True)) + ")"
)
_NEXT_TRIGGERS = ("入选", "获评", "荣获", "被评为", "被确定为", "获")


def _object_end(text: str, pos: int, depth: list[int]) -> int:
    """Where the designation starting at `pos` ends: clause punctuation outside quotes, a count
    (金牌17枚 / …工作室”2个团队入选…), or a following trigger verb (…考核4人获…)."""
    clause_end = pos
    while clause_end < len(text) and not (depth[clause_end] == 0 and text[clause_end] in _STOP):
        clause_end += 1
    one_of = "之一" in text[pos:clause_end]
    i = pos
    while i < clause_end:
        if depth[i] == 0 and i > pos:
            if text[i].isdigit() and text[i - 1] != "第" and not one_of:
                if _ARABIC_COUNT_RE.match(text, i) or text[i - 1] in _CLOSE:
                    break
            m = _COUNT_RE.match(text, i)
            if m and not one_of and text[i - 1] != "第" and (
                text[i - 1] in _CLOSE or text.startswith(_NEXT_TRIGGERS + ("通过",), m.end())
            ):
                break
            if text.startswith(("并入选", "并被", "并获", "、并"), i):
                break
            if i > pos + 1 and text.startswith(_NEXT_TRIGGERS[:-1], i):
                break
        i += 1
    return i


def _split_items(obj: str) -> list[str]:
    """Split a designation list on top-level 、/和/及 when every item is a full designation."""
    depth = _depths(obj)
    parts, cur = [], []
    i = 0
    while i < len(obj):
        ch = obj[i]
        if depth[i] == 0 and ch in "、和及":
            parts.append("".join(cur))
            cur = []
        elif depth[i] == 0 and obj.startswith("以及", i):
            parts.append("".join(cur))
            cur = []
            i += 1
        else:
            cur.append(ch)
        i += 1
    parts.append("".join(cur))
    # adjacent book titles / quotes with nothing between: 《A》《B》
    expanded: list[str] = []
    for part in parts:
        core = re.sub(r"(?:等[\u4e00-\u9fff]{0,4}?)?(?:荣誉称号|称号|荣誉)$|等$", "", part)
        pieces = re.findall(r"《[^》]+》|“[^”]+”|「[^」]+」", core)
        if len(pieces) > 1 and "".join(pieces) == core:
            expanded.extend(pieces)     # 《A》《B》, “A”“B”“C”等
        else:
            expanded.append(part)
    cleaned = [_strip_quotes(p) for p in expanded]
    if len(cleaned) > 1 and all(len(_tidy(p)) >= _LIST_MIN for p in cleaned):
        return expanded
    return [obj]


def _tidy(label: str) -> str:
    label = _strip_quotes(label)
    label = re.sub(r"^(?:了|为|是|首个|一个|一项)", "", label)
    label = re.sub(r"^(?:我省|我市|我区|我县|本省|本市|本区|本县)(?=[\u4e00-\u9fff]{4})", "", label)
    label = re.sub(r"^(?:(?:19|20)\d{2})?年度?(?=[\u4e00-\u9fff]{2})|^(?:19|20)\d{2}(?=[\u4e00-\u9fff]{4})", "", label)
    label = re.sub(r"(?:等[\u4e00-\u9fff]{0,4}?)?(?:荣誉称号|称号|荣誉)$", "", label)  # 等多项荣誉
    label = re.sub(r"(?:创建)?(?:名单|名录|行列)$", "", label)
    label = re.sub(r"等$", "", label)
    label = re.sub(r"(?:等)?(?:评估验收|验收|评估)$", lambda m: m.group(0).lstrip("等"), label)
    return label.strip("、，, ")


def _label_year(raw_item: str) -> int | None:
    m = re.match(r"^[“「]?((?:19|20)\d{2})(?:年度?|(?=[\u4e00-\u9fff]{4}))", normalize_digits(raw_item))
    return parse_year(m.group(1)) if m else None


def _drop_count(label: str) -> str:
    """全国9个“双减”试点城市之一 → 全国双减试点城市."""
    if label.endswith("之一"):
        label = label[:-2]
        label = _COUNT_RE.sub("", label, count=1) if re.search(r"\d|[一二三四五六七八九十两百]个", label) else label
    return label


def _is_pilot(label: str) -> bool:
    return any(mark in label for mark in _PILOT_MARKS)


_OWN_PREFIX = re.compile(r"^(?:我省|我市|我区|我县|本省|本市|全省|[\u4e00-\u9fff]{2,3}(?=首批|第[一二三四五六七八九十\d]+批))")
_LIST_SUFFIX = re.compile(r"[（(][市县区、]+[）)]$")


def _is_designation(label: str) -> bool:
    """A ranked title of a place or school: 全国义务教育优质均衡发展区, 省级示范性高中,
    我省第一批…基本均衡县(市、区), 湖南首批省示范性中职学校."""
    label = _LIST_SUFFIX.sub("", _OWN_PREFIX.sub("", label))
    return bool(re.match(r"(?:全国|国家|省级|全省|市级|全市|首批|第[一二三四五六七八九十\d]+批)", label)) and label.endswith(
        ("区", "县", "市", "城市", "校", "学校", "单位", "基地", "园", "幼儿园", "高中", "集体")
    )


# A place's own title, named with the place: 某区紧密型教育共同体的支援校, 某市中小学干部培训基地.
_PLACE_TITLE = re.compile(r"^[\u4e00-\u9fff]{1,8}?(?:省|市|区|县)[\u4e00-\u9fff]{2,20}?"
                          r"(?:支援校|示范校|实验校|基地|基地学校|特色学校|示范学校|先进集体|先进单位)$")
# A school's own name (校名确定为“某市某小学”, 被命名为“某大学附属小学”): a renaming, no title.
_SCHOOL_NAME = re.compile(r"(?:小学|中学|学校|大学|学院|幼儿园|附小|附中)$")
_TITLE_WORD = re.compile(r"示范|特色|实验学校|实验校|教育|先进|优秀|重点|规范|一级|甲等|乙等|文明|标准化|均衡|达标|星级|名校|红旗|满意|绿色|"
                         r"平安|书香|首批|第[一二三四五六七八九十\d]+批|国家级|省级|市级")
# A description, not a title: 较早开启集团化办学的城市, 办学历史最长的学校.
_DESCRIBED = re.compile(r"(?:较|最|比较|相对)[\u4e00-\u9fff]{1,10}的")
# What a candidate, not a holder, is named: 省级示范校培育对象, 全国文明城市候选, 督导检查对象.
_CANDIDATE = re.compile(r"(?:培育对象|创建对象|检查对象|评估对象|督导对象|候选(?:单位|学校|名单)?|申报单位|参评单位)$")
# Not a designation at all: 认定的学校…, …情况, …通报如下.
_NOT_A_LABEL = re.compile(r"^(?:认定|命名|表彰|评选|授予|确定|入选)?的|(?:情况|通报|如下|情况的通报)$")


def _is_title(label: str, raw: str) -> bool:
    """A designation rather than an ordinary noun (确定为重点整改事项 is not one)."""
    return (
        _is_pilot(label) or _is_designation(label) or _is_award(label)
        or raw.lstrip()[:1] in _OPEN
        or bool(re.search(r"国家级|省级|市级|全国|全省|首批|示范|优秀|先进|授权单位|博士点|硕士点", label))
        or bool(_PLACE_TITLE.match(label.replace("的", "")))
    )


def _is_award(label: str) -> bool:
    return label.endswith(_AWARD_HEADS) or "称号" in label or "奖" in label[-4:] \
        or bool(re.search(r"百强|十强|强县|强区|强市", label))


def _first_org(text: str) -> str | None:
    text = re.sub(r"《[^》]*》", "", text).strip("、，, ")
    if not text:
        return None
    first = re.split(r"[、和及与]", text)[0]
    if not (_ORG_END_RE.search(first) and len(first) >= 2):
        return None
    if re.match(r"^(?:[我本该]|[省市区县](?![\u4e00-\u9fff]*[省市区县]))", first) and len(first) <= 7:
        return None     # 省委, 市政府, 我市教育局: relative, not a named body
    return first


def _eval_name_before(text: str, pos: int) -> str | None:
    """The evaluation a grade belongs to: …对市级政府履行教育职责评价以来,…获评优秀等次."""
    head = text[:pos]
    best = None
    for noun in ("评价", "评估", "考核", "验收", "评议", "督导", "测评", "检测"):
        k = head.rfind(noun)
        if k < 0:
            continue
        end = k + len(noun)
        if best is None or end > best[1]:
            best = (k, end)
    if best is None:
        return None
    start = best[0]
    while start > 0 and head[start - 1] not in "，,；;：:。在的、（(" and best[1] - start < 24:
        start -= 1
    name = _strip_quotes(head[start:best[1]])
    for verb in ("开展", "进行", "组织", "实施", "接受"):
        k = name.rfind(verb)
        if k >= 0:
            name = name[k + len(verb):]
    name = re.sub(r"^(?:通过了?|顺利通过|自|在|于|对)", "", name)
    return name if len(name) >= 4 else None


_PRIZE_ONLY = re.compile(r"(?:特|一|二|三|金|银|铜|优秀|最佳)?等?(?:奖|奖项|金奖|银奖|铜奖|金牌|银牌|铜牌)")


def _contest_before(text: str, pos: int) -> str | None:
    """The contest a bare prize belongs to: 在…大赛中 / 在…评选中, earlier in the sentence."""
    m = None
    for m in re.finditer(
        r"(?:在|于)?(?P<name>[^，,。；;、：:在于]{2,30}?(?:大赛|比赛|竞赛|评选|评比|展演|联赛|锦标赛|运动会|大会))(?:活动)?[中上]",
        text[:pos],
    ):
        pass
    if m is None:
        return None
    name = re.sub(r"^(?:(?:19|20)\d{2}年度?|年度?)+", "", _strip_quotes(m.group("name")))
    return name if len(name) >= 4 else None


def _commended_before(text: str, pos: int) -> str:
    """The thing commended, right before 获 in the clause: …提到了数字化赋能教育治理|获…."""
    start = pos
    while start > 0 and text[start - 1] not in _STOP and text[start - 1] not in "、":
        start -= 1
    head = _strip_quotes(text[start:pos])
    for mark in ("了", "的", "是", "将", "把"):
        k = head.rfind(mark)
        if k >= 0:
            head = head[k + 1:]
    if re.search(r"[省市区县]$|^(?:连续|先后|多次|曾)", head) or not 3 <= len(head) <= 14:
        return ""
    return head


def _selection_before(text: str, pos: int) -> tuple[str, str | None, int | None] | None:
    """The selection named before a bare 入选/获评: (label, body or None, year or None)."""
    head = text[:pos]
    m = None
    for m in re.finditer(
        r"(?P<org>[\u4e00-\u9fff]{2,12}?(?:部|厅|局|委|政府))?(?:发布|公布|组织|开展|举办)?"
        r"(?P<name>[^，,。；;、：:]{2,30}?)(?:评选|评比|遴选|征集)(?:结果|活动)?",
        head,
    ):
        pass
    if m is None:
        return _list_before(text, pos)
    name = _strip_quotes(m.group("name"))
    name = re.sub(r"^(?:发布|公布|组织|开展|举办)", "", name)
    year = _label_year(name)
    name = re.sub(r"^(?:在|于|(?:19|20)\d{2}年度?|年度?)+", "", name)
    if len(name) < 4:
        return None
    return name, m.group("org"), year


# 公示了由某委员会拟认定的2015年全国…县(市、区)名单,某市共有A、B等5个区入选: the list's title.
_LIST_NAMED = re.compile(
    r"(?P<issuer>[\u4e00-\u9fff]{2,16}?(?:部|厅|局|委员会|文明委|委|政府|办公室))?(?:于[^，,]{1,12}?)?(?:公布|公示|发布|印发|下发)了?(?:由(?P<org>[\u4e00-\u9fff]{2,16}?(?:部|厅|局|委员会|委|政府))"
    r"(?:拟|正式)?(?:认定|命名|评定|确定)的)?(?P<name>[^，,。；;：:]{4,40}?)名单")


def _list_before(text: str, pos: int) -> tuple[str, str | None, int | None] | None:
    """The list a bare 入选 refers to, named earlier in the sentence (…名单,…入选)."""
    m = None
    for m in _LIST_NAMED.finditer(text, 0, pos):
        pass
    if m is None:
        return None
    name = _strip_quotes(m.group("name"))
    year = _label_year(name)
    name = re.sub(r"^(?:(?:19|20)\d{2}年度?)", "", name)
    return (name, m.group("org") or m.group("issuer"), year) if len(name) >= 4 else None


def _named_body(name: str | None) -> str | None:
    """A conferring body as written, a relative one (省教育厅) too: document.py resolves it."""
    return _first_org(name or "") or (name if name and _ORG_END_RE.search(name) else None)


# ----------------------------------------------------------------------------- main

def _emit(out: list[RecognitionMention], sentence: Sentence, start: int, end: int, label: str,
          by: str | None, year: int | None) -> None:
    label = _tidy(label)
    if len(label) < 2 or _NOT_A_LABEL.search(label) or _DESCRIBED.search(label):
        return
    if any(r.label == label for r in out):
        return
    out.append(RecognitionMention(sentence=sentence.index, start=start, end=end, label=label,
                                  conferred_by=by, year=year))


def _years_respectively(text: str, pos: int) -> list[int]:
    """"2012年和2015年分别入选…": the years listed right before 分别."""
    head = normalize_digits(text[:pos])
    m = re.search(r"((?:(?:19|20)\d{2}年[、和及与]?){2,})分别[^，,。；]*$", head)
    if not m:
        return []
    return [int(y) for y in re.findall(r"((?:19|20)\d{2})年", m.group(1))]


def _of_each(label: str) -> list[tuple[str, str | None]]:
    """某大学、某学院的教育实习基地 → one base of each (conferred by each)."""
    owner, _, what = label.rpartition("的")
    parts = re.split(r"[、和及]", owner) if owner else []
    if len(parts) >= 2 and all(re.search(r"(?:大学|学院|学校)$", p) for p in parts) and len(what) >= 2:
        return [(p + what, p) for p in parts]
    return [(label, None)]


# The body that opens the sentence by issuing a decision: 2016年7月4日,某省人民政府教育督导委员会印发《…》
_ISSUER_OPENS = re.compile(r"^(?:[^，,]{0,14}?日,?)?(?P<org>[\u4e00-\u9fff]{2,20}?(?:委员会|政府|厅|局|部|办公室))"
                           r"(?:联合)?(?:印发|发布|公布|下发)")
_GRANT_RE = re.compile(r"(?:决定)?授予(?P<mid>[^，,。；;：:“”《》]{2,40}?)(?=[“「][^”」]{2,40}[”」](?:荣誉)?称号)")
_SLOT_RE = re.compile(
    r"(?:正式|宣布|予以)?(?:认定|命名|评定|批准|授予)(?P<mid>[^，,。；;：:为“”《》]{2,40}?)为(?!止|主|重点|核心|抓手|目标|例|基础|依据)")
_IS_RE = re.compile(r"(?:(?<=学校|该校|本校|我校)|(?<=[县区市旗校园地]))(?:还|也|同时|则|均|都)?是(?P<obj>[^，,。；;：:]{4,40})"
                    r"|(?:还|也|同时|则)是(?P<obj2>[^，,。；;：:]{4,40})")
_IS_HEAD = re.compile(r"(?:基地|基地学校|示范校|示范学校|实验校|特色学校|重点县|重点中学|先进集体|先进单位|示范区|示范县|试点县|试点校|试点区)$")
# A description, not a title: 是一所公办小学, 是教育扶贫任务较重的县, 是…的发源地.
_DESCRIPTION = re.compile(r"一所|一个|一座|较|最|很|之一|发源地|所在地|历史")


# the active verbs, longest first (built once: escaping them per sentence was measurable)
_ACTIVE_RE = re.compile("|".join(re.escape(v) for v, _ in sorted(_ACTIVE_VERBS, key=lambda v: -len(v[0]))))
_ACTIVE_KINDS = dict(_ACTIVE_VERBS)


def extract_recognitions(sentence: Sentence) -> list[RecognitionMention]:
    """Every recognition stated in one sentence, in text order (subject None)."""
    text = normalize_digits(sentence.text)
    depth = _depths(text)
    out: list[RecognitionMention] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    def add_object(verb_start: int, obj_start: int, kind: str, by: str | None, body_in_label: str = "") -> None:
        end = _object_end(text, obj_start, depth)
        raw = text[obj_start:end]
        if not raw.strip():
            return
        if not_recognised().search(text, clause_start(text, verb_start), verb_start) \
                or _CANDIDATE.search(_strip_quotes(raw)):
            return      # 力争被评为…, 申报…, 被确定为…培育对象/候选: not (yet) a holder
        # a granting body at the start of the object: 获教育部“…”, 入选教育部年全国…
        if by is None:
            m = _ORG_LIST_RE.match(raw)
            if m and len(_tidy(raw[m.end():])) >= 2 and (m.end() < len(raw)):
                org_text = m.group(0)
                rest = raw[m.end():]
                if rest[:1] in _OPEN or re.match(r"[\u4e00-\u9fff]", rest):
                    by = _first_org(org_text)
                    body_in_label = org_text
                    raw = rest
                    obj_start = obj_start + m.end()
        plain = _tidy(raw)
        if not plain:
            return
        if re.search(r"命名为|确定为|定为|更名为", text[verb_start:obj_start]) \
                and _SCHOOL_NAME.search(plain) and not _TITLE_WORD.search(plain):
            return      # 校名确定为“某市某小学”: a school's name, not a title
        if by is None:  # 经教育部批准,成为…: the body that approved
            approved = re.search(rf"经(?P<org>{_ORG})(?:批准|认定|审定|同意|评审)|由(?P<org2>{_ORG})(?:组织|认定|评审|评定|审定)",
                                 text[:verb_start])
            by = _named_body(approved.group("org") or approved.group("org2")) if approved else None
        if plain.endswith(_ACTION_NOUNS) and len(plain) <= 6 and body_in_label:
            # 获教育部推介: a commendation by the body, with what was commended when the clause
            # names it (数字化赋能教育治理获教育部推介)
            label = "获" + _strip_quotes(body_in_label) + plain
            what = _commended_before(text, verb_start)
            if what:
                label = what + label
            _emit(out, sentence, verb_start, end, label, by, stated_year(sentence.text, verb_start))
            taken.append((verb_start, end))
            return
        if kind == "award" and not (_is_award(plain) or _is_award(_strip_quotes(raw)) or raw.lstrip()[:1] in _OPEN):
            return
        if kind == "pilot" and not (_is_pilot(plain) or _is_designation(plain)):
            return
        if kind == "title" and not _is_title(plain, raw):
            return
        items = _split_items(raw)
        years = _years_respectively(text, verb_start)
        base_year = stated_year(sentence.text, verb_start)
        for n, item in enumerate(items):
            label = _drop_count(_tidy(item))
            counted = _COUNT_RE.match(label)
            if counted and _PRIZE_ONLY.fullmatch(label[counted.end():]):
                label = label[counted.end():]     # 获6项金牌: the prize; the count is a measure
            if any(label.endswith(g) for g in _GRADES) and len(label) <= 6:
                name = _eval_name_before(text, verb_start)
                if name:
                    label = name + label
            elif _PRIZE_ONLY.fullmatch(label) or re.fullmatch(r"[一二三四五六七八九十\d]+连冠", label):
                # 在2022年全省教师教学能力大赛中,…获一等奖 → 全省教师教学能力大赛一等奖
                contest = _contest_before(text, verb_start)
                if contest:
                    label = contest + label
            year = _label_year(item)
            if year is None:
                year = years[n] if len(years) == len(items) else base_year
            own_level = n > 0 and bool(_OWN_LEVEL.match(label))
            _emit(out, sentence, verb_start, end, label, None if own_level else by, year)
        taken.append((verb_start, end))

    # ---- passive: 被[机构]确定为…
    for m in re.finditer(
        r"被(?P<agent>(?:《[^》]*》|[^，,。；;：:《被])*?)(?P<verb>" + "|".join(_PASSIVE_VERBS) + ")",
        text,
    ):
        if depth[m.start()] or not free(m.start(), m.end()):
            continue
        by = _first_org(m.group("agent")) if m.group("agent") else None
        add_object(m.start(), m.end(), "any" if m.group("verb") in _PASSIVE_ANY else "title", by)

    # ---- active with the holders in between: 认定A县等21个县为…, 命名16所学校为…
    for m in _SLOT_RE.finditer(text):
        if depth[m.start()] or not free(m.start(), m.end()):
            continue
        head = text[clause_start(text, m.start()):m.start()]
        body = re.match(rf"^(?P<org>{_ORG})(?:于[^，,]{{1,14}}?)?(?:正式|宣布|联合|依次)?$", head) \
            or _ISSUER_OPENS.match(text)
        add_object(m.start(), m.end(), "title", _named_body(body.group("org")) if body else None)

    # ---- 授予A等10个单位“…”称号: the holders between the verb and the quoted title
    for m in _GRANT_RE.finditer(text):
        if depth[m.start()] or not free(m.start(), m.end()):
            continue
        head = text[clause_start(text, m.start()):m.start()]
        body = re.match(rf"^(?P<org>{_ORG})(?:于[^，,]{{1,14}}?)?(?:决定|正式|联合)?$", head)
        add_object(m.start(), m.end(), "award", _named_body(body.group("org")) if body else None)

    # ---- 是 …: a holder's standing designation (学校是…国家级培训基地, 某县是国家级…重点县)
    for m in _IS_RE.finditer(text):
        if depth[m.start()] or not free(m.start(), m.end()):
            continue
        plain = _strip_quotes(m.group("obj") or m.group("obj2"))
        each = _of_each(plain)
        if not (_IS_HEAD.search(plain) and (_TITLE_WORD.search(plain) or _PLACE_TITLE.match(plain)
                                            or len(each) > 1)) \
                or _DESCRIPTION.search(plain):
            continue
        year = stated_year(sentence.text, m.start())
        for label, by in each:
            _emit(out, sentence, m.start(), m.end(), label, by, year)
        taken.append((m.start(), m.end()))

    # ---- 通过 … 验收/评估/认定 (an evaluation passed)
    for m in re.finditer(
        r"通过(?:了)?(?P<obj>[^，,。；;：:]{2,50}?(?:" + "|".join(_EVAL_NOUNS) + r"))"
        r"(?=$|[，,。；;：:、并和及后（(]|等|工作|[\d]|[一二三四五六七八九十]+[名个人项])",
        text,
    ):
        if depth[m.start()] or not free(m.start(), m.end()):
            continue
        obj = m.group("obj")
        if re.search(r"方式|途径|形式|渠道|平台|手段|机制|办法|了解|调查|访谈|座谈", obj) or obj.startswith(_MEANS_VERBS):
            continue     # 通过…等方式 / 通过开展督导检查: "by means of", not a result
        label = re.sub(r"等(?=(?:" + "|".join(_EVAL_NOUNS) + r")$)", "", _strip_quotes(obj))
        # 通过国家督导检查专家组对X的复查: keep the body and the object of the evaluation
        label = re.sub(r"^(?:了|顺利)", "", label)
        content = re.sub(r"国家|全国|全省|省级|市级|首批|第[一二三四五六七八九十\d]+批|" + "|".join(_EVAL_NOUNS), "", label)
        if len(content) < 2:
            continue     # 通过国家首批认定: the designation is named elsewhere
        year = stated_year(sentence.text, m.start())
        _emit(out, sentence, m.start(), m.end(), label, None, year)
        taken.append((m.start(), m.end()))

    # ---- active verbs
    kinds = _ACTIVE_KINDS
    for m in _ACTIVE_RE.finditer(text):
        verb = m.group(0)
        if depth[m.start()] or not free(m.start(), m.end()):
            continue
        after = text[m.end():m.end() + 2]
        if verb in ("获", "获得") and (after[:1] in ("奖", "得", "取", "益", "悉", "批", "评") or after.startswith("感")):
            if verb == "获" and after[:1] == "奖":
                # bare 获奖: the award named earlier in the sentence (…成果奖评选…12项获奖)
                sel = _award_before(text, m.start())
                if sel:
                    _emit(out, sentence, m.start(), m.end() + 1, sel, None,
                          stated_year(sentence.text, m.start()))
            continue
        if verb == "获得" and text.startswith("感", m.end()):
            continue
        if after[:1] in ("率", "者", "数") or after.startswith(("人数", "比例")):
            continue     # 入选率, 获评数: a rate, not a recognition
        if verb in ("入选", "获评") and (after[:1] in _STOP or after == ""):
            sel = _selection_before(text, m.start())
            if sel:
                _emit(out, sentence, m.start(), m.end(), sel[0], _first_org(sel[1] or ""),
                      sel[2] or stated_year(sentence.text, m.start()))
                taken.append((m.start(), m.end()))
            continue
        if verb in ("作为", "成为") and not re.search("之一", text[m.end():_object_end(text, m.end(), depth) + 2]):
            kind = "pilot"
        else:
            kind = kinds[verb]
        add_object(m.start(), m.end(), kind, None)

    # ---- …名单,A、B榜上有名 / 名列其中: the list named before
    for m in re.finditer(r"榜上有名|(?:名列|位列)其中", text):
        if depth[m.start()] or not free(m.start(), m.end()):
            continue
        sel = _list_before(text, m.start())
        if sel:
            _emit(out, sentence, m.start(), m.end(), sel[0], _named_body(sel[1]),
                  sel[2] or stated_year(sentence.text, m.start()))
            taken.append((m.start(), m.end()))

    # ---- 是/为 … 之一, 均为“…”
    for m in re.finditer(r"(?:是|为)(?P<obj>[^，,。；;：:]{2,40}?)之一", text):
        if depth[m.start()] or not free(m.start(), m.end()):
            continue
        label = _drop_count(_tidy(m.group("obj")) + "之一")
        if (_is_pilot(label) or _is_award(label)) and not _DESCRIPTION.search(label.removesuffix("之一")):
            _emit(out, sentence, m.start(), m.end(), label, None, stated_year(sentence.text, m.start()))
            taken.append((m.start(), m.end()))
    for m in re.finditer(r"(?:均为|均是|都是|皆为|都为)(?P<q>“[^”]{4,40}”)", text):
        if not free(m.start(), m.end()):
            continue
        _emit(out, sentence, m.start(), m.end(), m.group("q"), None, stated_year(sentence.text, m.start()))
        taken.append((m.start(), m.end()))

    # ---- X在教育部/全省推广: experience or a case promoted by a higher level
    for m in re.finditer(
        r"(?P<what>[^，,。；;、：:]{2,16}?)在(?P<where>教育部|全国|全省|省内|国家层面)"
        r"(?:范围内)?(?:推广|宣传推广|交流推广)(?![^，,。；;、]*?(?:机制|模式|办法|应用工作))",
        text,
    ):
        if depth[m.start("what")] or not free(m.start(), m.end()):
            continue
        what = _strip_quotes(m.group("what"))
        what = re.sub(r"^(?:其|并|且|还|被|已|的|工作)+", "", what)
        what = _COUNT_RE.sub("", what)
        if not re.search(r"经验|做法|案例|模式|成果|典型", what):
            continue
        if len(what) <= 3 and out and out[-1].label.endswith("推广"):
            # 1个案例在教育部推广、3个案例在全省推广: the second case shares the first's topic
            prev = re.sub(r"在.*$", "", out[-1].label)
            what = prev if prev.endswith(what) else what
        where = m.group("where")
        by = where if _ORG_END_RE.search(where) else None
        _emit(out, sentence, m.start("what"), m.end(), f"{what}在{where}推广", by,
              stated_year(sentence.text, m.start()))
        taken.append((m.start(), m.end()))

    out.sort(key=lambda r: r.start)
    return out


def _award_before(text: str, pos: int) -> str | None:
    """The award a bare 获奖 refers to: the last "…奖" named earlier in the sentence."""
    head = text[:pos]
    m = None
    for m in re.finditer(r"([^，,。；;、：:在]{2,30}?奖)(?:评选|评比|评审|申报)", head):
        pass
    if m is None:
        return None
    name = re.sub(r"^(?:(?:19|20)\d{2}年度?|年度?)+", "", _strip_quotes(m.group(1)))
    return name if len(name) >= 4 else None
