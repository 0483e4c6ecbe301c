"""Who holds a recognition that a sentence states: every recipient the page names for it.

A recognition stated once for a list goes to every member of the list. Reports name the
holders in a few ways, each read here in general terms:

* a list before the verb, grouped by city (甲市的A县、B县,以及乙市的C区…被认定为…), ending
  with 等 or a count (…等5个区入选, …共3所学校获评): each named member; a city before 的, or
  written right before a county's name (某市某区), groups, it does not hold;
* a list in the object slot of a conferring verb (正式认定A县等21个县为…);
* a count standing for holders named elsewhere (7个县区通过认定,成为…; 这12个县(市、区)中,…即A、
  B和C;其余9个分别是…): the list named earlier in the sentence, or in the sentences that follow
  and open by taking the count up (这N个…中, 其余, 其中, 分别是), when the members add up to the count;
  or the members a later clause or sentence puts in it (A、B均在首批名单之中, …A、B均在其中);
  only counted holders of a wider scope (全国共有641所学校入选) are nobody the page names: no holder;
* 学校/该校/本校/我校 is the school the passage is about: the last school that opened a clause
  before it (a school's own page, or a passage about one school);
* a clause with no subject after a semicolon (1960年,学校被…评为…;1962年被评为…) continues
  the subject of the clause before it;
* on a page about one school (its title names it), a recognition whose sentence names no holder
  is the school's.
Everything else goes to `with_recognition_subjects` (the nearest actor, else the default).
The holders of one statement share one Recognition node (link.py keys it by the sentence, the
position and the label), so a list of 19 schools is one node with 19 holders.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ..layout import HEADING, ITEM, TITLE
from ..records import INSTITUTION, REGION, CleanDocument, Mention, RecognitionMention
from .names import clause_start
from .recognition_words import conferring_verbs, not_recognised, recognition_kind
from .relations import SubjectFinder, with_recognition_subjects

__all__ = ["with_recipients", "school_of_page", "schools_in_passage"]

_NUM = r"(?:\d+|[一二三四五六七八九十两百]+)"
# A count standing for holders: 7个县区, 12个县(市、区), 3所学校, 16所中小学校及幼儿园.
_COUNT = re.compile(rf"(?P<n>{_NUM})(?:个|所|家|位|支)(?P<noun>[\u4e00-\u9fff（）()、]{{0,12}})")
_SEPARATOR = re.compile(r"^(?:[东西南北中]?校区|分校|分园)?[、，,]?(?:以及|和|及|与|、|，|,)?"
                        r"(?:(?<=[以和及与、])(?:我市|我省|我区|我县|本市|本省|本区|本县)的)?$")
_BRACKETS = str.maketrans("", "", "()（）")
# What may stand between the last member of a list and its verb: 等5个区, 共3所学校, 均, 都.
_LIST_TAIL = re.compile(
    rf"^(?:在内的|[\u4e00-\u9fff]{{0,8}}?(?=等|共|合计))?(?:等|共|合计|一共)?(?:{_NUM}(?:个|所|家|位|支)[\u4e00-\u9fff（）()、]{{0,12}}?)?"
    r"(?:均|都|也|还|又|分别|先后|同时|全部|一同|一并|已|已经|顺利|成功|首批|率先)*$")
# After the last name read of a list: nothing, the rest of a name cut short, or one more member
# whose name was not read (…、某市某高中均在其中).
_CUT_TAIL = re.compile(r"[\u4e00-\u9fff]{0,4}|[、和及与][\u4e00-\u9fff]{2,14}")
_OPENS_WITH_COUNT = re.compile(rf"(?:这|该|上述|以上)?{_NUM}(?:个|所|家)")
# A following sentence that takes a count up: 这12个县(市、区)中, 其余9个分别是, 其中.
_TAKES_UP = re.compile(rf"^(?:这|该|上述|以上)?(?:{_NUM}个[^，,。；;]{{0,10}}?中|其余|其中|另外|分别是|即)")
# Members put in a list named before: A、B均在首批名单之中 / …均在其中 / 名列其中.
_IN_LIST_MARK = re.compile(r"(?:(?:均|都|也|同时)在|(?:均|都|也|同时)?(?:位列|名列|列入))"
                           r"(?:其中|[^，,。；;]{0,10}?(?:名单|之列|行列)(?:之中|中|内)?)|(?:均|都|也|同时)?榜上有名")
# Holders counted for a wider scope: 全国共有641所学校入选, 河南共有103所学校获评.
_SCOPE_COUNT = re.compile(rf"(?:全国|全省|全市|全区|全县|全州|省|市)?共?有{_NUM}(?:个|所|家)")
_SCHOOL_WORD = re.compile(r"(?:该校|本校|我校|学校|全校)(?:的?[“「][^”」]{1,12}[”」](?:项目|课程|课堂|做法|经验|案例|品牌)?)?"
                          r"(?:还|也|又|先后|曾|多次|连续多年|多年|已|均|都|同时)*"
                          r"(?=被|获|荣获|是|成为|入选|跻身|通过|作为|$)")
_OPENS_WITH_SCHOOL = re.compile(r"(?:(?:19|20)\d{2}年[^，,]{0,6}[，,])?(?:该校|本校|我校|学校)")
# A clause that continues the sentence's subject: …，并获评…, …，又被命名为….
_GOES_ON = re.compile(r"^(?:并|又|还|也|同时|后又|随后|此后|并且|且)")
# 这项工程被评为…: the programme the sentence names.
_THIS_PROGRAMME = re.compile(r"(?:这|该|此)(?:项|一|个)?(?:工程|项目|计划|平台|改革|活动)")
_NO_SUBJECT = re.compile(r"^(?:(?:19|20)\d{2}年(?:\d{1,2}月)?|当年|同年|次年|此后|后来|随后|又|还|并|也|再次|先后|相继|"
                         r"两年后的|[一二三四五六七八九十]+年后的?)*(?:又|还|并|也)?"
                         r"(?:被|获|荣获|获评|成为|入选|跻身|通过)?$")
_SCHOOL_KINDS = ("School", "University", "Centre")
_OPENING_QUOTES = ("“", "「", "『", "\"", "《")
# People counted as the holders: 1人入选…计划, 另有2人入选…: persons the page does not name.
_PROGRAMME_END = re.compile(r"(?:计划|工程|项目|人才|人选)$")
_PERSONS_BEFORE = re.compile(rf"{_NUM}(?:人|名)(?:次)?$")
_PERSONS_AFTER = re.compile(rf"\s*{_NUM}(?:人|名)")


def _is_school(m: Mention) -> bool:
    return m.kind == INSTITUTION and m.subclass in _SCHOOL_KINDS


def school_of_page(doc: CleanDocument, mentions: Sequence[Mention]) -> str | None:
    """The school a page is about: the one its title names (福州市某小学 校园简介)."""
    titles = {s.index for s in doc.sentences if s.role == TITLE}
    return next((m.key for m in mentions if m.sentence in titles and _is_school(m)), None)


def schools_in_passage(doc: CleanDocument, mentions: Sequence[Mention]) -> dict[int, str]:
    """For each sentence, the last school that opened a clause before it (what 学校 means)."""
    opening: dict[int, str] = {}
    for m in mentions:
        line = doc.sentences[m.sentence] if m.sentence < len(doc.sentences) else None
        if line is None or line.role == ITEM or not _is_school(m):
            continue        # a school in a list line, or in quotes (“美丽学校”建设…), opens nothing
        if clause_start(line.text, m.start) >= m.start - 2 and line.text[m.start - 1:m.start] not in _OPENING_QUOTES:
            opening[m.sentence] = m.key
    out, last = {}, None
    for s in doc.sentences:
        if last:
            out[s.index] = last
        last = opening.get(s.index, last)
    return out


class _Lists:
    """Lists of named actors in the sentences of one document."""

    def __init__(self, finder: SubjectFinder) -> None:
        self.finder = finder
        self.sentences = finder.sentences
        self._actors: dict[int, list[Mention]] = {}

    def actors(self, sentence: int) -> list[Mention]:
        if sentence not in self._actors:
            named = self.finder.actors.get(sentence, ())
            self._actors[sentence] = sorted(
                (a for a in named if not any(
                    o is not a and o.kind == INSTITUTION and (
                        o.start <= a.start and a.end <= o.end and o.end - o.start > a.end - a.start
                        or a.kind == REGION and o.end == a.start)      # …附属中学|海南|陵水分校
                    for o in named)),
                key=lambda m: (m.start, -m.end))
        return self._actors[sentence]

    def chain(self, sentence: int, last: Mention) -> list[Mention]:
        """The list that ends with `last`, read backwards: A、B和C; 甲市的A、B,以及乙市的C;
        a city right before a county's name (某市某区) or before 的 groups the members."""
        text = self.sentences[sentence]
        actors = [a for a in self.actors(sentence) if a.end <= last.start]
        members, entry_start = [last], last.start
        for prev in reversed(actors):
            gap = text[prev.end:entry_start]
            cur = members[-1]
            if prev.kind == REGION and gap in ("", "的") and (cur.kind == INSTITUTION or _above(prev, cur)):
                entry_start = prev.start            # 甲市的 / 长沙市|天心区: a group
                continue
            grouped = entry_start != cur.start
            if prev.kind == last.kind and _SEPARATOR.match(gap.translate(_BRACKETS)) and (
                    "，" not in gap and "," not in gap or grouped or "以及" in gap):
                members.append(prev)
                entry_start = prev.start
                continue
            break
        return list(reversed(members))

    def ending_before(self, sentence: int, start: int, end: int) -> list[Mention]:
        """The list whose last member ends in [start, end) and is followed by a list tail."""
        text = self.sentences[sentence]
        inside = [a for a in self.actors(sentence) if start <= a.start and a.end <= end]
        schools = [a for a in inside if a.kind == INSTITUTION]
        found: list[Mention] = []
        for last in dict.fromkeys(inside[-1:] + schools[-1:]):
            if _LIST_TAIL.match(text[last.end:end]):
                members = self.chain(sentence, last)
                if len(members) > len(found):
                    found = members
        return found

    def longest_in(self, sentence: int, start: int = 0, end: int | None = None) -> list[Mention]:
        """The longest list in a stretch of a sentence (its last member anywhere in it)."""
        end = len(self.sentences[sentence]) if end is None else end
        best: list[Mention] = []
        for a in self.actors(sentence):
            if start <= a.start and a.end <= end:
                found = [m for m in self.chain(sentence, a) if m.start >= start]
                if len(found) >= len(best):
                    best = found
        return best


def _above(prev: Mention, last: Mention) -> bool:
    """Whether region `prev` is a larger kind of place than `last` (a city before its county)."""
    return (prev.subclass or "") in ("Province", "City") and (last.subclass or "") not in ("Province", "City")


def _count(text: str) -> int | None:
    m = _COUNT.search(text)
    if not m:
        return None
    n = m.group("n")
    if n.isdigit():
        return int(n)
    digits = "零一二三四五六七八九"
    if n == "十":
        return 10
    if n.startswith("十"):
        return 10 + digits.index(n[1]) if len(n) == 2 and n[1] in digits else None
    if len(n) == 1 and n in digits:
        return digits.index(n)
    if n == "两":
        return 2
    if len(n) in (2, 3) and n[1] == "十" and n[0] in digits:
        return digits.index(n[0]) * 10 + (digits.index(n[2]) if len(n) == 3 and n[2] in digits else 0)
    return None


def _keys(members: Sequence[Mention]) -> list[str]:
    return list(dict.fromkeys(m.key for m in members))


def with_recipients(recognitions: Sequence[RecognitionMention], doc: CleanDocument,
                    mentions: Sequence[Mention], finder: SubjectFinder) -> list[RecognitionMention]:
    """Each recognition once per holder (subject set), its kind set from its label."""
    lists = _Lists(finder)
    page_school = school_of_page(doc, mentions)
    passage_school = schools_in_passage(doc, mentions)
    by_sentence: dict[int, list[str]] = {}
    by_clause: dict[tuple[int, int], list[str]] = {}
    institutions = {m.key for m in mentions if m.kind == INSTITUTION}
    out: list[RecognitionMention] = []
    for r in recognitions:
        r = replace(r, kind=r.kind or recognition_kind(r.label),
                    year=r.year or _year_of_passage(doc, r) or _year_of_title(doc, r),
                    conferred_by=r.conferred_by or _announcer(doc, r, lists))
        if r.subject:                       # read from the page's structure already
            out.append(r)
            continue
        holders = _holders(r, lists, page_school, passage_school, by_sentence, by_clause)
        if holders is None:
            found = with_recognition_subjects([r], finder)
            if page_school and not finder.all_before(r.sentence, r.start, stand_in=False):
                found = [replace(r, subject=page_school)]
            holders = [f.subject for f in found if f.subject]
        by_sentence[r.sentence] = holders
        by_clause[(r.sentence, r.start)] = holders
        parts = _parts_listed(lists.sentences[r.sentence], r) \
            if holders and all(h in institutions for h in holders) else [r.label]
        same_verb = [x for x in recognitions if (x.sentence, x.start) == (r.sentence, r.start)]
        if len(holders) == len(same_verb) > 1 and _RESPECTIVELY.search(lists.sentences[r.sentence], 0, r.start):
            holders = [holders[[x.label for x in same_verb].index(r.label)]]     # A、B分别被评为X、Y: A holds X, B holds Y
        out += [replace(r, subject=h, label=label) for h in holders for label in parts]
    return _same_statement(out + _named_later(recognitions, lists), recognitions)


_RESPECTIVELY = re.compile(r"分别(?:被|获|荣获|获评|入选)?$")
# Parts of a holder listed and counted before the verb: 机电技术应用、会计2个专业被评为省示范专业.
_PARTS = re.compile(rf"(?P<items>[\u4e00-\u9fff]{{2,12}}(?:[、和及][\u4e00-\u9fff]{{2,12}})+)"
                    rf"(?P<n>{_NUM})(?:个|门|项)(?:专业|课程|学科|项目|实训基地)$")


def _parts_listed(text: str, r: RecognitionMention) -> list[str]:
    """The labels of a recognition of each listed part of its holder (省示范专业(会计), one a
    major), or its own label alone."""
    m = _PARTS.search(text, clause_start(text, r.start), r.start)
    if not m:
        return [r.label]
    items = re.split(r"[、和及]", m.group("items"))
    items[0] = items[0].rpartition("的")[2]      # 学校的|数控技术应用
    if len(items[0]) < 2 or _count(m.group("n") + "个") != len(items):
        return [r.label]
    return [f"{r.label}({item})" for item in items]


def _same_statement(recognitions: list[RecognitionMention], stated: Sequence[RecognitionMention]
                    ) -> list[RecognitionMention]:
    """A recognition a page states twice (in a sentence, even one that names no holder, and again
    as a list) is conferred by the body either statement names."""
    bodies: dict[str, set[str]] = {}
    for r in (*stated, *recognitions):
        if r.conferred_by:
            bodies.setdefault(r.label, set()).add(r.conferred_by)
    return [replace(r, conferred_by=next(iter(bodies[r.label])))
            if not r.conferred_by and len(bodies.get(r.label, ())) == 1 else r for r in recognitions]


# 入选的2所大学是A和B: the members of a selection stated just before.
_NAMED_AFTER = re.compile(r"(?:入选|获评|上榜|被命名|被认定)的(?:[^，,。；;是]{0,10})?(?:是|为|有|包括)")


def _named_later(recognitions: Sequence[RecognitionMention], lists: _Lists) -> list[RecognitionMention]:
    """…名单,全国共有641所学校入选。其中…,入选的2所大学是A和B: A and B hold what was stated
    in that sentence or the one before, with this sentence as evidence."""
    out = []
    for index in sorted({r.sentence for r in recognitions}):
        for later in (index, index + 1):
            if later >= len(lists.sentences):
                continue
            for m in _NAMED_AFTER.finditer(lists.sentences[later]):
                source = [r for r in recognitions if r.sentence == index and (later > index or r.end <= m.start())]
                members = lists.longest_in(later, m.end())
                if source and members and members[0].start == m.end():
                    r = source[-1]
                    out += [replace(r, sentence=later, start=m.start(), end=m.end(), subject=h,
                                    kind=r.kind or recognition_kind(r.label)) for h in _keys(members)]
    return list(dict.fromkeys(out))


_DAY_ONLY = re.compile(r"(?<![\d年])\d{1,2}月(?:\d{1,2}日|上旬|中旬|下旬|底)|当年|同年")
_STATED_YEAR = re.compile(r"((?:19|20)\d{2})年")


_OTHER_TIME = re.compile(r"相关链接|延伸阅读|链接|回顾|上一批|往期|此前|背景")
_TITLE_ANNOUNCES = re.compile(r"公布|认定|命名|表彰|公示|名单|结果")
_EVALUATION_TAIL = re.compile(r"(?:评估认定|督导评估|评估验收|认定|评估|验收)$")


def _year_of_title(doc: CleanDocument, r: RecognitionMention) -> int | None:
    """The year of a page that announces this very recognition in its title (某省教育厅公布2022年
    “省级示范校”…认定结果: 认定为“省级示范校(一类)” there is of 2022)."""
    title = next((s.text for s in doc.sentences if s.role == TITLE), "")
    years = _STATED_YEAR.findall(title)
    if len(years) != 1 or not _TITLE_ANNOUNCES.search(title):
        return None
    heading = next((doc.sentences[i].text for i in range(r.sentence, -1, -1)
                    if doc.sentences[i].role == HEADING), "")
    if _OTHER_TIME.search(heading):
        return None         # 相关链接:上一批认定情况回顾: another batch, its year not the title's
    core = _EVALUATION_TAIL.sub("", r.label)
    plain = re.sub(r"[“”\"《》「」]", "", title)
    if len(core) >= 4 and (core in plain or _shared_head(core, plain) >= 4):
        return int(years[0])
    return None


def _shared_head(label: str, title: str) -> int:
    """How many characters of the label's opening the title holds (省级示范校一类 / 省级示范校)."""
    n = 0
    while n < len(label) and label[:n + 1] in title:
        n += 1
    return n


def _year_of_passage(doc: CleanDocument, r: RecognitionMention) -> int | None:
    """The year of a recognition whose sentence dates it by month and day only (10月22日,…被认定为;
    省教育厅于12月9日宣布命名…): the last year stated before it in its section."""
    text = doc.sentences[r.sentence].text
    if _STATED_YEAR.search(text, 0, r.start) or not _DAY_ONLY.search(text, 0, r.start):
        return None
    for index in range(r.sentence - 1, max(-1, r.sentence - 6), -1):
        line = doc.sentences[index]
        if line.role in (HEADING, TITLE):
            return None
        years = _STATED_YEAR.findall(line.text)
        if years:
            return int(years[-1])
    return None


# A body announcing results: 省教育厅曾于1月4日公布…认定结果, 某委员会正式命名….
_ANNOUNCES = re.compile(r"(?:曾|已|还|先后|联合|正式)?(?:于[^，,。；;]{1,12}?)?(?:正式|宣布|联合)?"
                        r"(?:公布|公示|宣布|命名|认定|授予|表彰)")


def _announcer(doc: CleanDocument, r: RecognitionMention, lists: _Lists) -> str | None:
    """The body that announced the results a recognition belongs to, in its sentence before
    it or in the sentences before it in its section (…公布…结果。最终,A、B获评…)."""
    for index in range(r.sentence, max(-1, r.sentence - 5), -1):
        line = doc.sentences[index]
        if index < r.sentence and line.role in (HEADING, TITLE):
            return None
        bodies = [a for a in lists.finder.actors.get(index, ()) if a.kind == INSTITUTION
                  and a.subclass == "GovernmentBody" and (index < r.sentence or a.end <= r.start)
                  and _ANNOUNCES.match(line.text, a.end)]
        if bodies:
            return bodies[-1].key
    return None


def _holders(r: RecognitionMention, lists: _Lists, page_school: str | None,
             passage_school: dict[int, str], by_sentence: dict[int, list[str]],
             by_clause: dict[tuple[int, int], list[str]]) -> list[str] | None:
    """The holders the page names for r; None when the nearest-actor rule should decide."""
    text = lists.sentences[r.sentence]
    head_start = clause_start(text, r.start)
    if not text[head_start:r.start].strip() and head_start > 0:
        head_start = clause_start(text, head_start - 1)     # …通过认定,|成为…: the clause before
    opening = head_start
    for _ in range(3):      # 12个县顺利过关,全部通过…,被认定为…: the clause that opens with the count
        if opening == 0 or _OPENS_WITH_COUNT.match(text, opening) or \
                any(opening <= a.start < r.start for a in lists.actors(r.sentence)):
            break
        opening = clause_start(text, opening - 1)
    if _OPENS_WITH_COUNT.match(text, opening) and not any(
            opening <= a.start < r.start for a in lists.actors(r.sentence)):
        head_start = opening
    head = text[head_start:r.start]
    # a list in the object slot of a conferring verb: 认定A县等21个县为…
    slot = re.match(rf"(?:正式|宣布|予以|依次|决定)?(?:{conferring_verbs().pattern})(?P<mid>[^，,。；;:：“”]{{2,60}}?)(?:为|(?=[“「]))",
                    text[r.start:])
    if slot:
        a, b = r.start + slot.start("mid"), r.start + slot.end("mid")
        members = lists.ending_before(r.sentence, a, b)
        if members:
            return _keys(members)
        if _COUNT.search(slot.group("mid")):
            return _counted(r, lists, _count(slot.group("mid")), head_start)
    members = lists.ending_before(r.sentence, head_start, r.start)
    if len(members) >= 2:
        return _keys(members)
    if members:
        return None
    if (_PERSONS_BEFORE.search(text[head_start:r.start]) or _PERSONS_AFTER.match(text, r.end)) \
            and _PROGRAMME_END.search(r.label):
        return []           # 另有2人入选…人才, 入选…培养计划1人: people joined a programme
    opener = _named_opener(lists, r, head_start)
    if opener:
        return [opener]
    if _COUNT.search(head) and not not_recognised().search(head):
        return _counted(r, lists, _count(head), head_start)
    after = _members_after(r, lists)
    if after:
        return after
    if _SCHOOL_WORD.search(head) and r.sentence in passage_school:
        return [passage_school[r.sentence]]
    if _THIS_PROGRAMME.search(head):
        programmes = [p for p in lists.finder.programs.get(r.sentence, ()) if p.end <= head_start]
        return [programmes[-1].key] if programmes else []
    if _GOES_ON.match(head) and head_start > 0:
        earlier = [h for (sentence, start), h in by_clause.items() if sentence == r.sentence and start < r.start]
        if earlier:
            return earlier[-1]
        if _SCHOOL_WORD.match(text) and r.sentence in passage_school:
            return [passage_school[r.sentence]]
    if _NO_SUBJECT.match(head) and _OPENS_WITH_SCHOOL.match(text) and r.sentence in passage_school:
        return [passage_school[r.sentence]]     # 学校把…开发成课程,2023年被确定为…
    previous = r.sentence - 1
    if _NO_SUBJECT.match(head) and previous in by_sentence and \
            lists.sentences[previous].rstrip().endswith(("；", ";")):
        return by_sentence[previous]
    return None


def _named_opener(lists: _Lists, r: RecognitionMention, head_start: int) -> str | None:
    """A place named as the subject that opens the sentence (江苏在…大赛上已拿下…), even one above
    the report's own: the only actor before the verb, written by its name (not 全省, 我市)."""
    text = lists.sentences[r.sentence]
    if head_start != 0:
        return None
    before = [a for a in lists.actors(r.sentence) if a.end <= r.start]
    if len(before) == 1 and before[0].kind == REGION and before[0].start == 0 \
            and not re.match(r"[全我本该此]", text) and not re.match(r"[的于对为给向从]", text[before[0].end:]):
        return before[0].key
    return None


def _counted(r: RecognitionMention, lists: _Lists, n: int | None, head_start: int) -> list[str] | None:
    """Holders counted in the clause of r and named elsewhere (see the module docstring)."""
    text = lists.sentences[r.sentence]
    earlier = lists.longest_in(r.sentence, 0, head_start)
    if len(earlier) >= 2 and (n is None or len(_keys(earlier)) == n):
        return _keys(earlier)
    after = _members_after(r, lists)
    if after:
        return after
    following: list[str] = []
    for index in range(r.sentence + 1, min(r.sentence + 4, len(lists.sentences))):
        nxt = lists.sentences[index]
        if not _TAKES_UP.search(nxt[:24]):
            break
        following += _keys(lists.longest_in(index))
        if n is not None and len(following) >= n:
            break
    if following and n is not None and len(following) == n:
        return following
    named = _named_in_next(r, lists)
    if named:
        return named
    if _SCOPE_COUNT.search(text, clause_start(text, r.start), r.start):
        return []           # 全国共有641所学校入选: the holders are not named
    return None


def _in_list(lists: _Lists, sentence: int, start: int) -> list[Mention]:
    """The list put in a list named before (A、B均在其中), from `start` on: its last member is
    the last name before the marker (a name cut short by a few characters, 某市某高中, too)."""
    text = lists.sentences[sentence]
    for marker in _IN_LIST_MARK.finditer(text, start):
        before = [a for a in lists.actors(sentence) if start <= a.start and a.end <= marker.start()
                  and _CUT_TAIL.fullmatch(text, a.end, marker.start())]
        schools = [a for a in before if a.kind == INSTITUTION]
        anchor = (schools or before)[-1] if before else None
        if anchor:
            return [m for m in lists.chain(sentence, anchor) if m.start >= start]
    return []


def _members_after(r: RecognitionMention, lists: _Lists) -> list[str]:
    """…认定,A、B均在其中: the members a later clause of the same sentence puts in the list."""
    return _keys(_in_list(lists, r.sentence, r.end))


def _named_in_next(r: RecognitionMention, lists: _Lists) -> list[str]:
    """命名16所学校为…。A、B均在首批名单之中: members the next sentence puts in the list."""
    index = r.sentence + 1
    if index >= len(lists.sentences):
        return []
    text = lists.sentences[index]
    members = _in_list(lists, index, 0)
    if members and clause_start(text, members[0].start) == 0 and members[0].start <= 4:
        return _keys(members)
    return []
