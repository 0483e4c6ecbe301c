"""Programs: named policies, reforms, projects, pilots, plans, platforms, campaigns, models.

Three signals, each a pattern over one sentence:
- a 《title》 in a policy-document genre (…意见/通知/方案/办法) → PolicyDocument;
- a head word (…工程/计划/改革/试点/行动/平台/模式/…) with its name read leftwards to the
  clause's verb (see names.left_boundary);
- a quoted coinage (“县管校聘”, “5+2”课后服务) that a head word follows or an implementing
  verb introduces. The quoted core becomes an alias, so “县管校聘”管理改革 and “县管校聘”
  elsewhere merge into one node at the link stage.
Descriptive mechanisms (完善…机制, 健全…制度) are left out unless quoted or coined: they are
activities, not named programs.
"""
from __future__ import annotations

import re

from ..records import PROGRAM, Mention, Sentence, Token
from .names import (CLOSE_QUOTES, COUNTED, MAX_NAME, OPEN_QUOTES, Vocabulary, balanced_quotes,
                    clean_name, is_generic, left_boundary, listed_start, name_key)

# Head words and the Program subclass they suggest.
HEADS: dict[str, str] = {
    "工程": "Project", "项目": "Project", "计划": "Project",
    "行动": "Campaign", "活动": "Campaign", "改革": "Reform", "模式": "Reform",
    "机制": "Reform", "制度": "Reform", "体系": "Reform", "试点": "Pilot", "平台": "Platform",
    "云平台": "Platform", "系统": "Platform", "工作室": "Project", "品牌": "Project",
    "创建": "Campaign", "办法": "Reform", "运动": "Campaign", "制": "Reform",
}
# Heads that name a program only when the name is coined (quoted, or with digits/+).
COINED_ONLY = {"机制", "制度", "体系", "模式", "品牌", "活动", "项目", "办法"}
# Heads that also name areas of work (考试改革, 试点工作): a core of generic words names nothing.
AREA_HEADS = {"改革", "试点", "创建", "模式", "机制", "制度", "体系", "活动", "项目", "计划",
              "行动", "平台", "系统", "运动", "制"}
# Words ending in 制 that are not a "…制" system (体制, 编制, 控制 …).
_NOT_A_SYSTEM = re.compile(r"(体|机|编|控|建|管|限|抵|强|研|定|复|绘|印|专|法|节|压|牵|克|学)制$")
_PHASE = re.compile(r"(一期|二期|三期|主体|配套|附属|重点|民生|相关|各项|有关)$")
# Heads that several short items may share: 名师、名校长|培养工程.
LISTABLE_HEADS = {"工程", "计划", "活动", "行动", "项目"}
# Heads of programs one can be selected into (入选…奖励计划, 入选…名师建设工程).
SELECTABLE_HEADS = {"工程", "计划", "工作室", "项目"}
# Heads whose plain names are often generic areas (考试改革, 编制计划): need a longer core.
LONG_CORE = {"改革": 4, "计划": 4, "模式": 4, "体系": 4, "系统": 4, "运动": 4, "制": 4}
POLICY_GENRES = ("意见", "通知", "方案", "办法", "规定", "细则", "规划", "计划", "纲要", "条例",
                 "标准", "决定", "措施", "制度", "规则", "指南", "要点", "实施方案", "工作方案")
PERIODICAL = re.compile(r"(报|日报|晚报|杂志|周刊|期刊)$")
IMPLEMENT_VERBS = ("实施", "推行", "推进", "开展", "推广", "深化", "落实", "实行", "打造",
                   "创新实施", "构建", "探索", "启动", "创建", "建立", "聚焦", "参与", "推动实现",
                   "开设", "推出", "开通", "上线", "开发", "搭建", "建成", "创设", "推动")
_HEAD = re.compile("|".join(sorted(map(re.escape, HEADS), key=len, reverse=True)))
_TITLE = re.compile(r"《([^《》]{2,60})》")
_QUOTED = re.compile(f"[{OPEN_QUOTES}]([^{OPEN_QUOTES}{CLOSE_QUOTES}]{{2,30}})[{CLOSE_QUOTES}]")
_LOST_YEAR = re.compile(r"^[—–\-~～至]*年")   # 《—年成果推广应用工作方案》: the years were stripped
_WORD_GOES_ON = re.compile(r"[\u4e00-\u9fff](?<![和等及与])")   # 制|定: the word goes on
# Words after a quoted name that make it a program: “双减”政策, “课程超市”建设, “空中课堂”模块.
_PROGRAM_TAIL = re.compile(r"(政策|建设|模块|系列课程|活动|工作|项目)(?![\u4e00-\u9fff]{0,1}(?:成果|经验|情况))")
_CODED = re.compile(r"[0-9+＋]|[一二三四五六七八九十两]+[级个项年张类大种化]")
_AFTER_HEAD_BLOCKS = re.compile(r"^(城市|县|区|市|单位|学校|经验|成果|任务|资金)")
_HEAD_AS_MODIFIER = re.compile(r"^(压力|举措|红利|要求|效果|成效|资金|经费|进度|质量|力度)")
_RECOGNITION_CUE = re.compile(r"(被评为|评为|获评|荣获|获得|获|入选|确定为|认定为|命名为|授予)$")
_GENERIC_PROGRAMS = {"教育改革", "综合改革", "各项改革", "一系列改革", "课堂教学改革", "试点工作"}


def extract_programs(sentence: Sentence, tokens: tuple[Token, ...],
                     vocab: Vocabulary | None = None) -> list[Mention]:
    """Program mentions of one sentence, longest first where they overlap."""
    vocab = vocab or Vocabulary.load()
    found = _titled(sentence) + _headed(sentence, tokens, vocab) + _quoted(sentence, tokens)
    return non_overlapping(found)


def _mention(sentence: Sentence, start: int, end: int, subclass: str,
             aliases: tuple[str, ...] = ()) -> Mention | None:
    surface = sentence.text[start:end]
    label = _LOST_YEAR.sub("", clean_name(surface))
    if len(label) < 2 or not balanced_quotes(surface):
        return None
    original = sentence.original[start:end] if len(sentence.original) == len(sentence.text) else ""
    alias = tuple(a for a in aliases if a and a != label)
    return Mention(PROGRAM, label, sentence.index, start, end, name_key(label),
                   clean_name(original), subclass, alias)


def _titled(sentence: Sentence) -> list[Mention]:
    out = []
    for m in _TITLE.finditer(sentence.text):
        title = m.group(1)
        if PERIODICAL.search(title) or not title.endswith(POLICY_GENRES):
            continue
        mention = _mention(sentence, m.start(), m.end(), "PolicyDocument")
        if mention:
            out.append(mention)
    return out


def _headed(sentence: Sentence, tokens: tuple[Token, ...], vocab: Vocabulary) -> list[Mention]:
    text = sentence.text
    out = []
    for m in _HEAD.finditer(text):
        head, end = m.group(), m.end()
        if _AFTER_HEAD_BLOCKS.match(text[end:]) and head in ("试点", "创建"):
            continue                    # 试点城市, 创建单位: a title, not the program
        if _HEAD_AS_MODIFIER.match(text[end:]):
            continue                    # 改革压力, 工程资金: the head word modifies a noun
        if head == "制" and (_NOT_A_SYSTEM.search(text, 0, end) or _WORD_GOES_ON.match(text, end)):
            continue                    # 体制, 编制; 制定, 制度 (its own head)
        floor = max(text.rfind("《", 0, m.start()), text.rfind("》", 0, m.start()) + 1, 0)
        start = left_boundary(text, tokens, m.start(), vocab, floor)
        core = text[start:m.start()]
        if len(clean_name(core)) < LONG_CORE.get(head, 2) or end - start > MAX_NAME \
                or COUNTED.fullmatch(clean_name(core)) \
                or _PHASE.search(core) or (head in AREA_HEADS and is_generic(
                    _without_places(core, tokens, start), vocab)):
            continue
        if head in LISTABLE_HEADS and start > floor:
            start = listed_start(text, start, vocab, _HEAD)
        surface = text[start:end]
        coined = any(q in surface for q in OPEN_QUOTES) or bool(_CODED.search(surface))
        if head in COINED_ONLY and not coined and not text.startswith("建设", end):
            continue                    # 完善…机制 is an activity; 现代学校制度建设 names one
        if clean_name(surface) in _GENERIC_PROGRAMS or (
                head not in SELECTABLE_HEADS and _RECOGNITION_CUE.search(text[:start])):
            continue                    # 评为…试点: a title; 入选…计划: still a program
        if text[end:end + 1] in CLOSE_QUOTES and not balanced_quotes(surface) \
                and balanced_quotes(surface + text[end]):
            end += 1                    # “名师工作室”, 「强师工程」: the head sits inside the quotes
            surface = text[start:end]
        quoted = _QUOTED.search(surface)
        aliases = ((quoted.group(1),) if quoted else ()) + (
            (surface.replace("、", ""),) if "、" in surface else ())
        mention = _mention(sentence, start, end, HEADS[head], aliases)
        if mention:
            out.append(mention)
    return out


def _quoted(sentence: Sentence, tokens: tuple[Token, ...]) -> list[Mention]:
    """A bare quoted coinage introduced by an implementing verb: 推行“县管校聘”, 实现“一校一品”
    “一校多品” (a quote right after an accepted one counts too). A short noun phrase right
    after the quotes belongs to the name: “5+2”课后服务."""
    text = sentence.text
    out: list[Mention] = []
    last_end = -1
    for m in _QUOTED.finditer(text):
        inner = m.group(1)
        if _HEAD.search(_clause_rest(text, m.end())[:8]) or any(inner.endswith(h) for h in HEADS):
            continue                    # the headed pattern covers it
        before = text[max(0, m.start() - 6):m.start()]
        chained = m.start() == last_end
        introduced = before.endswith(IMPLEMENT_VERBS) and not _RECOGNITION_CUE.search(before)
        if not (chained or introduced or _PROGRAM_TAIL.match(text, m.end())):
            continue
        if "，" in inner or "," in inner or len(inner) > (30 if introduced else 16):
            continue
        end = _trailing_nouns(tokens, m.end())
        mention = _mention(sentence, m.start(), end, "Reform", (inner,))
        if mention:
            out.append(mention)
            last_end = m.end()
    return out


def _without_places(core: str, tokens: tuple[Token, ...], start: int) -> str:
    """The core without the place names that open it: 潍坊|教育 → 教育."""
    for token in tokens:
        if token.start == start and token.tag == "ns":
            return _without_places(core[len(token.text):], tokens, token.end)
    return core


def _clause_rest(text: str, start: int) -> str:
    """The text from start to the end of its clause."""
    match = re.search(r"[，,。；;：:！？、“]", text[start:])
    return text[start:start + match.start()] if match else text[start:]


def _trailing_nouns(tokens: tuple[Token, ...], end: int) -> int:
    """End of the nouns (≤ 6 characters) that follow a closing quote: “5+2”|课后服务."""
    new_end = end
    for token in tokens:
        if token.start < new_end:
            continue
        if token.start != new_end or token.tag not in ("n", "vn", "nz", "j") \
                or token.end - end > 6:
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
