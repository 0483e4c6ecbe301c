"""Where an institution lies (edu:locatedIn), decided per institution, first answer wins:

1. what the sentence says: 位于伍市镇的|平江县芙蓉学校, …中学是福州市鼓楼区的一所…,
   …中学（简称…）…，校址在安溪县龙门镇 (the last of the places named one after another);
2. what the page's layout says: a flattened table row names the place in its own column
   (12 汝城县 长沙市开福区实验小学教育集团汝城实验小学), a list item in brackets after the name
   (雅礼中学桃源学校(桃源县)); a place the name names inside that one wins
   (4 福州市 福州市仓山区城门中心小学 → 仓山区);
3. the name: the most specific region its name opens with, full or short (浙江省|长兴|中学 →
   长兴县, 河南|日报 → 河南省, 洛阳|师范学院 → 洛阳市);
4. the section: a school, centre or group named without a place, or only with the report's own
   region or one above it, lies in the place a heading opens with (二、芙蓉区:…, 天心:…) when
   that place is not the report's own or above it: reports of a city go through its districts
   one section at a time, and a section about a neighbour lists the neighbour's schools;
5. otherwise a school, centre or group is the report region's own. A school named after a
   region above the report's own (淄博|外国语学校 in a 淄川区 report) most likely lies inside
   the report's region, so that wins too — except a numbered school called by its city
   (潍坊一中, 赣州市第一中学): it is the city's. A university named without a place
   (清华大学) is left unplaced: it is rarely in the report's region, and its name says where it
   is when it is (湖南师范大学); so is a national body (中国教育科学研究院).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..gazetteer import LEVEL_RANK
from ..layout import HEADING, SECTION_HEADING
from ..records import LOCATED_IN, REGION, Mention, RegionInfo, RelationMention
from .relations import _ancestors, _region_prefix, by_sentence

_LIES_IN = re.compile(r"(位于|坐落于|地处)$")
_LIES_IN_END = re.compile(r"(?:[\u4e00-\u9fff\d]{0,8}的)?")     # 位于仓山区|中关村科技城的|…学校
# 龙门镇|湖头村的|湖头小学: a school of a village of the place.
_VILLAGE_OF = re.compile(r"[\u4e00-\u9fff]{1,4}(?:村|社区)的")
_NATIONAL_NAME = re.compile(r"^(中国|中华|国家|全国|中央)")
# After a school that opens its sentence: …是|福州市鼓楼区|的一所…, …，校址在|安溪县龙门镇.
_IS_A_SCHOOL_OF = re.compile(r"[（(][^（）()]{0,12}[）)]|是")
_SITED = re.compile(r"(?:校址|地址|本部|校园|园址)(?:位于|坐落于|坐落在|设在|在)|(?:位于|坐落于|坐落在|地处)")
_SCHOOL_SITE = ("校址", "园址", "本部", "校园")
_LABEL_END = re.compile(r"\s*[:：]")
_BROUGHT_IN = re.compile(r"(?:引进|引入)$")
_LISTED = re.compile(r"[、和及与]")
_CLAUSE_MARK = re.compile(r"[，,。；;]")
_COLUMN_GAP = re.compile(r"[ \t\u3000]+")
_OPEN_BRACKET = "(（"
_CLOSE_BRACKET = ")）"
# The part of a heading before its words: 二、, (三), 第二章 …
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．]"
                        r"|第[一二三四五六七八九十]+[章节部分]+[:：\s]*)?\s*")
# A numbered school called by its place: 一中, 第十四中学, 五中, 第三小学.
_NUMBERED = re.compile(r"第?[一二三四五六七八九十百]{1,3}(?:中|小|中学|小学|初级中学|高级中学)(?:校)?")
_PLACED_KINDS = ("School", "Centre", "EducationGroup")
# How surely a mention places its institution; of a document's mentions of one institution the
# surest wins (雅礼中学桃源学校 named once in running text, once in a list with its county).
_SAID, _LAID_OUT, _NAMED, _ASSUMED = 4, 3, 2, 0


def location_relations(institutions: Iterable[Mention], mentions: Sequence[Mention],
                       home: str | None, central: frozenset[str],
                       regions: Iterable[RegionInfo],
                       sentences: Sequence[str] = (),
                       roles: Sequence[str] = ()) -> list[RelationMention]:
    """locatedIn for every institution whose place the text, the layout or the name gives: one
    per institution and document, from its surest mention."""
    info = {r.code: r for r in regions}
    # Longest name first; of two regions with the same name (白银 is short for 白银市 and
    # 白银区) the larger, which is true of the smaller's institutions too, then by code.
    # (Sorting on length alone left such ties in set order, which Python's string hashing
    # changes from process to process: two builds of the same input could differ.)
    names = sorted({(n, r.code) for r in info.values() for n in (r.name, r.short)
                    if n and len(n) >= 2},
                   key=lambda nc: (-len(nc[0]), LEVEL_RANK.get(info[nc[1]].level, 9), nc[1]))
    above_home = _ancestors(home, info) if home else set()
    in_sentence = by_sentence(mentions)
    sections = section_places(sentences, roles, in_sentence, home, above_home, names)
    best: dict[str, tuple[int, RelationMention]] = {}
    for inst in institutions:
        if inst.key in central:
            continue
        text = sentences[inst.sentence] if inst.sentence < len(sentences) else ""
        neighbours = in_sentence[inst.sentence]
        named, rest = _name_chain(inst.text, names, _region_prefix(inst, neighbours))
        region, strength = _placed_by_sentence(inst, neighbours, text), _SAID
        if region is None:
            region, strength = _placed_by_layout(inst, neighbours, text, named, info), _LAID_OUT
        if region is None:
            region, strength = named, (_NAMED if named and named != home
                                       and named not in above_home else _ASSUMED)
        section = sections.get(inst.sentence)
        if inst.subclass in _PLACED_KINDS and section and region == named and (
                region is None or region == home or region in above_home
                or region in _ancestors(section, info)):
            region, strength = section, _NAMED
        elif inst.subclass == "School" and home and (region is None or region in above_home) \
                and not (region == named and (_NUMBERED.fullmatch(rest)
                                              or _brought_in(inst, neighbours, text))):
            region, strength = home, _ASSUMED
        elif inst.subclass in ("Centre", "EducationGroup") and home and region is None \
                and not _NATIONAL_NAME.match(inst.text):
            region, strength = home, _ASSUMED
        if region and strength > best.get(inst.key, (-1, None))[0]:
            best[inst.key] = (strength, RelationMention(inst.key, LOCATED_IN, region, inst.sentence))
    return [relation for _, relation in best.values()]


def section_places(sentences: Sequence[str], roles: Sequence[str],
                   in_sentence: dict[int, list[Mention]], home: str | None,
                   above_home: set[str], names: Sequence[tuple[str, str]] = ()) -> dict[int, str]:
    """The place each sentence's section is about: the region a heading opens with (after its
    numbering; a short form the document uses counts when a colon follows it: 西城:…), when it
    is not the report's own or above it. A heading without one ends it."""
    out: dict[int, str] = {}
    topic = None
    for index, text in enumerate(sentences):
        role = roles[index] if index < len(roles) else ""
        if role == HEADING or SECTION_HEADING.match(text):
            opening = _NUMBERING.match(text).end()
            topic = next((m.key for m in in_sentence.get(index, ())
                          if m.kind == REGION and m.start == opening and m.end > m.start), None) \
                or next((code for name, code in names
                         if text.startswith(name, opening) and _LABEL_END.match(text, opening + len(name))),
                        None)
            if topic == home or topic in above_home:
                topic = None
        elif topic:
            out[index] = topic
    return out


def _placed_by_sentence(inst: Mention, mentions: Sequence[Mention], text: str) -> str | None:
    """位于伍市镇的|平江县芙蓉学校: the region right before 的 after 位于; …小学是|福州市鼓楼区|的…
    and …中学…，校址在|安溪县龙门镇 of the school that opens its sentence."""
    regions = sorted((m for m in mentions if m.kind == REGION and m.end > m.start),
                     key=lambda m: m.start)
    for m in regions:
        if m.end <= inst.start and (_LIES_IN.search(text, 0, m.start)
                                    and _LIES_IN_END.fullmatch(text, m.end, inst.start)
                                    or _VILLAGE_OF.fullmatch(text, m.end, inst.start)):
            return m.key
    others = [m for m in mentions if m.kind == inst.kind and m is not inst]
    if any(o.start < inst.start for o in others):
        return None                     # only the sentence's subject is placed this way
    at = inst.end
    while (bracket := _IS_A_SCHOOL_OF.match(text, at)) and bracket.group() != "是":
        at = bracket.end()
    if text.startswith("是", at):
        chain = _chain(regions, at + 1)
        if chain and text.startswith("的", chain.end):
            return chain.key
    sited = _SITED.search(text, inst.end)
    if sited and (sited.group().startswith(_SCHOOL_SITE)       # 校址在: the school's site
                  or not (any(inst.end <= o.start < sited.start() for o in others)
                          or _CLAUSE_MARK.search(text, inst.end, sited.start()))):
        chain = _chain(regions, sited.end())
        if chain:
            return chain.key
    return None


def _brought_in(inst: Mention, mentions: Sequence[Mention], text: str) -> bool:
    """引进长沙市雅礼中学, 引进…第一中学和…实验小学: a school brought in from elsewhere (to open a
    campus) lies where its name says, not in the report's region."""
    start = inst.start
    for other in sorted((m for m in mentions if m.kind == inst.kind and m.end <= inst.start),
                        key=lambda m: -m.start):
        if _LISTED.fullmatch(text, other.end, start):
            start = other.start
    return bool(_BROUGHT_IN.search(text, max(0, start - 3), start))


def _chain(regions: Sequence[Mention], at: int) -> Mention | None:
    """The last of the regions named one after another from offset at (杭州市|西湖区)."""
    last = None
    for m in regions:
        if m.start == at:
            last, at = m, m.end
    return last


def _placed_by_layout(inst: Mention, mentions: Sequence[Mention], text: str,
                      named: str | None, info: dict[str, RegionInfo]) -> str | None:
    """A region in the row's column before the name, or in brackets right after it; the
    name's own region when it lies inside that one."""
    column = None
    for m in mentions:
        if m.kind != REGION or m.end <= m.start:
            continue
        if m.end < inst.start and _COLUMN_GAP.fullmatch(text, m.end, inst.start):
            column = m.key
        elif inst.end < len(text) and text[inst.end] in _OPEN_BRACKET and m.start == inst.end + 1 \
                and text[m.end:m.end + 1] in _CLOSE_BRACKET:
            column = m.key
    if column and named and (named == column or column in _ancestors(named, info)):
        return named
    return column


def _name_chain(name: str, names: Sequence[tuple[str, str]], found: str | None
                ) -> tuple[str | None, str]:
    """The last of the region names that open a name one after another (浙江省|长兴|中学), and
    the rest of the name after them."""
    position, last = 0, None
    while True:
        step = next(((n, code) for n, code in names if name.startswith(n, position)
                     and len(name) - position - len(n) >= 2), None)
        if step is None:
            return (last, name[position:]) if last else (found, name[position:])
        position, last = position + len(step[0]), step[1]
