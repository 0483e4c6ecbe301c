"""Recognitions a page states by its structure rather than in a sentence.

Two layouts, read from the roles and headings that layout.py gives each line:

* holders a line under a title that names the recognition: a heading (一、省级示范学校(共3所)),
  a table under one (序号 市县 学校名称, rows 1 某市 某市第二中学), an attachment's list
  (附件:某省第四批…特色学校名单). Each row's holder (its school, else its county) gets the
  title, with the row as evidence. The title must read as a designation (a holder head such as
  学校/县/区/基地 and a level or quality word such as 省/国家/首批/示范/规范/一级), and must carry
  none of the cues of data/recognitions/not_recognised.txt: a table of the counties that
  接受…检查 (were inspected), 申报 (applied) or are 候选/培育对象, or a plain 一览, names no holder.
* an honours list: lines under a heading or a lead line about honours (五、学校荣誉; 学校获得的
  集体荣誉主要有:) are each a recognition of the page's school (or of the school the passage is
  about), the line itself being the title.

The year is the title's (2022年…名单), else the page title's when it announces the list
(某省教育厅公布2022年…认定结果); the conferring body is the one that opens such a page title.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from ..layout import HEADING, ITEM, TABLE_HEAD, TITLE
from ..records import INSTITUTION, REGION, CleanDocument, Mention, RecognitionMention
from .recipients import school_of_page, schools_in_passage
from .recognition_words import not_recognised, recognition_kind

__all__ = ["listed_recognitions", "list_title_label"]

_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．]\s*"
                        r"|附件\s*\d*\s*[:：]?|附表\s*\d*\s*[:：]?|附录\s*\d*\s*[:：]?|附\s*[:：])\s*")
_COUNTED = re.compile(r"\s*[（(](?:共|计)?\s*\d+\s*(?:所|个|家|名|项|人)?[）)]\s*$")
_LIST_WORDS = re.compile(r"(?:的)?(?:名单|名录|一览表?|列表|情况)\s*$")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?")
_QUOTES = re.compile(r"[“”\"「」『』《》‘’]")
_HOLDER_HEAD = re.compile(r"(?:学校|中学|小学|高中|校|幼儿园|园|县|区|市|旗|单位|集体|基地|城市|示范区|试验区|实验区|"
                          r"县[（(]市、?区[）)]|[（(]园[）)])$")
_QUALITY = re.compile(r"国家|全国|省|自治区|市级|区级|县级|首批|第[一二三四五六七八九十\d]+批|示范|特色|先进|优秀|重点|"
                      r"规范|一级|甲等|乙等|文明|标准化|均衡|实验|达标|星级|品牌|名校|特级")
_HONOURS = re.compile(r"荣誉|称号|获奖|奖项|表彰|所获|殊荣")
_ANNOUNCES = re.compile(r"公布|认定|命名|表彰|公示|名单|结果|授予|批复")
_BULLET = re.compile(r"^\s*(?:[·•●■◆▪◇○\-*]|[①-⑳]|\d{1,3}\s*[.．、])\s*")
_LABEL_MAX = 32
_ROW_MAX = 80


def list_title_label(text: str) -> str | None:
    """The recognition a list's title names, or None when it names none:
    三、省级标准化学校(共12所) → 省级标准化学校; 附件:某省第四批某特色学校名单 → 某省第四批某特色学校;
    附表1 2014年接受国家实地督导检查的县(市、区) → None."""
    if not_recognised().search(text):
        return None
    label = _COUNTED.sub("", _NUMBERING.sub("", text)).strip(" ：:")
    label = _LIST_WORDS.sub("", label)
    label = _QUOTES.sub("", _YEAR.sub("", label, count=1) if _YEAR.match(label) else label).strip()
    if not (4 <= len(label) <= _LABEL_MAX) or re.search(r"[，,。；;]", label):
        return None
    if not (_HOLDER_HEAD.search(label) and _QUALITY.search(label)):
        return None
    return label


def listed_recognitions(doc: CleanDocument, mentions: Sequence[Mention]) -> list[RecognitionMention]:
    """The recognitions of holder lists and honours lists (see the module docstring), with
    their subjects set."""
    sentences = doc.sentences
    in_sentence: dict[int, list[Mention]] = defaultdict(list)
    for m in mentions:
        in_sentence[m.sentence].append(m)
    page_year, page_body = _page_announcement(doc, in_sentence)
    page_school = school_of_page(doc, mentions)
    passage_school = schools_in_passage(doc, mentions)
    titles: dict[int, tuple[str, str] | None] = {}
    out: list[RecognitionMention] = []
    for s in sentences:
        if s.role != ITEM or s.heading < 0 or len(s.text) > _ROW_MAX:
            continue
        if s.heading not in titles:
            titles[s.heading] = _title_of(doc, s.heading)
        found = titles[s.heading]
        if found is None:
            continue
        how, label = found
        if how == "honours":
            holder = page_school or passage_school.get(s.index)
            item = _QUOTES.sub("", _BULLET.sub("", s.text)).strip()
            if holder and 4 <= len(item) <= _LABEL_MAX and not re.search(r"[，,。；;：:]|获|被|评为|入选", item):
                year = _YEAR.match(item)
                out.append(RecognitionMention(s.index, 0, len(s.text), _YEAR.sub("", item, count=1)
                                              if year else item, None,
                                              int(year.group(1)) if year else None, holder,
                                              recognition_kind(item)))
            continue
        holder = _row_holder(in_sentence.get(s.index, []), label)
        if holder:
            heading_text = sentences[_title_index(doc, s.heading)].text
            year = _YEAR.search(heading_text)
            out.append(RecognitionMention(s.index, 0, len(s.text), label, page_body,
                                          int(year.group(1)) if year else page_year, holder,
                                          recognition_kind(label)))
    return out


def _title_index(doc: CleanDocument, heading: int) -> int:
    """A table's header row stands under the list's title: the title is that one's heading."""
    line = doc.sentences[heading]
    if line.role == TABLE_HEAD and line.heading >= 0:
        return line.heading
    return heading


def _title_of(doc: CleanDocument, heading: int) -> tuple[str, str] | None:
    """("holders", label) for a designation title, ("honours", "") for an honours list."""
    index = _title_index(doc, heading)
    line = doc.sentences[index]
    if line.role not in (HEADING, TITLE, TABLE_HEAD) and not line.text.rstrip().endswith(("：", ":")):
        return None
    lead = doc.sentences[heading + 1].text if heading + 1 < len(doc.sentences) \
        and doc.sentences[heading + 1].role != ITEM else ""
    if _HONOURS.search(line.text) or (lead.rstrip().endswith(("：", ":")) and _HONOURS.search(lead)):
        return ("honours", "")
    if line.role == TABLE_HEAD:
        return None
    label = list_title_label(line.text)
    return ("holders", label) if label else None


def _row_holder(mentions: Sequence[Mention], label: str) -> str | None:
    """The holder a row names: its (last) school, else its last county-level place."""
    named = [m for m in mentions if m.end > m.start]
    outer = [m for m in named if not any(
        o is not m and o.start <= m.start and m.end <= o.end and o.end - o.start > m.end - m.start
        for o in named)]
    schools = [m for m in outer if m.kind == INSTITUTION and m.subclass != "GovernmentBody"]
    places = [m for m in outer if m.kind == REGION and m.subclass not in ("Province", "City", "Country")]
    wants_place = bool(re.search(r"(?:县|区|市|旗|县[（(]市、?区[）)])$", label))
    first, second = (places, schools) if wants_place else (schools, places)
    pick = first or second
    return max(pick, key=lambda m: m.start).key if pick else None


def _page_announcement(doc: CleanDocument, in_sentence: dict[int, list[Mention]]
                       ) -> tuple[int | None, str | None]:
    """The year and the body of a page whose title announces a list (某省教育厅公布2022年…结果)."""
    for s in doc.sentences:
        if s.role != TITLE:
            continue
        if not _ANNOUNCES.search(s.text):
            return None, None
        year = _YEAR.search(s.text)
        body = next((m.text for m in in_sentence.get(s.index, ()) if m.kind == INSTITUTION
                     and m.subclass == "GovernmentBody" and m.start == 0
                     and re.match(r"(?:关于)?(?:公布|认定|命名|表彰|公示|授予)", s.text[m.end:])), None)
        return (int(year.group(1)) if year else None), body
    return None, None
