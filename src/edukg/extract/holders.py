"""Holders of numbers: which region, institution or programme a stated number is about.

A number belongs to the grammatical subject of its clause, read the way an analyst reads it
(rules tried in this order; each has a test in tests/test_holders.py):

1. an institution the number describes (投资1.2亿元的新建曜华小学) or a programme whose sites
   it counts (全国9个“双减”试点城市之一);
2. a list of places or institutions before 各 (A市、B市和C县各有2所) gives the number to every
   one of them;
3. otherwise the nearest actor named before the number in its sentence, where
   - a list is read past (A中学、B中学等12个工程, 为A小学、B小学配备…): the listed names are
     examples or beneficiaries of a number that is the subject's before them, or the
     section's or report's;
   - a region above the report's own (全市 in a district's report, 河南 in a city's) holds
     the numbers of a clause it opens (全市现有教育集团158个, 河南有54所学校上榜), and only
     gives context elsewhere (在全省率先…, 居全省第1);
   - a source (据县统计局统计) and a beneficiary (为某小学选配…) are context;
   - a government body stands for its region (县政府 → the county), as relations.py says;
   - 学校/该校/我校/本校/全校 opening a clause is the school the page is about (a school named
     in the title), else the school named last in its section a few sentences before;
4. otherwise the section's topic or the report's own region (relations.SubjectFinder.default).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from ..records import INSTITUTION, REGION, MeasureMention, Mention, Sentence
from .measures import trim_indicator
from .names import clause_start
from .relations import SubjectFinder, listed_with, nested

# Words that may open a clause before its subject: time and scope adverbs, connectors.
_OPENERS = re.compile(
    r"^(?:其中|至此|目前|当前|现在|截至目前|截止目前|同时|此外|另外|另|而|但|并且|并|且|"
    r"其次|首先|最后|总体上|总的来看|整体上|从总体看|据统计|经统计)?$")
_ANAPHORA = ("该校", "我校", "本校", "全校", "学校")
_SOURCE_BEFORE = re.compile(r"据$")
_SOURCE_AFTER = re.compile(r"[^，,。；;]{0,8}?(统计|显示|数据|介绍|报道|测算|调查)")
_BENEFICIARY_BEFORE = re.compile(r"(为|给|向|帮助|帮扶|支持|资助|奖励)$")
_OBJECT_BEFORE = re.compile(r"对$")
_COUNTED_AFTER = re.compile(r"(?:共|共有|现有|有)?\d")       # 全省16个市: the region's own units
# 该平台于2015年上线: the programme or body of that kind named last.
_KIND_ANAPHOR = re.compile(r"该(平台|项目|工程|计划|基金|中心|集团|园)")
_BODY_TITLE = re.compile(r"局|厅|政府|委员会|教委|办公室")
# A clause giving a school's size or capacity: 建设某小学，规划36个教学班，可容纳学生1620人.
_CAPACITY = re.compile(r"(?:全部|将|预计|届时|一期|二期)?(?:规划|可容纳|容纳|建成后|满员后|占地|"
                       r"总?建筑面积|办学规模|可提供|设)")
_DISTRIBUTIVE = re.compile(r"各(?:有|自)?$")
_CLAUSE_BREAK = re.compile(r"[，,；;。：:！!？?]")
_SCHOOLISH = ("School", "University", "Centre")
_DESCRIBES = re.compile(r"^的?(新建|改扩建|扩建)?$")
# A programme that opens its clause is what a number describes: “智慧教育”云平台为全市40余万师生提供….
_CLAUSE_OPENING = re.compile(r"(?:^|[，,；;：:。]|期间[，,]?|以来[，,]?|目前[，,]?|同时[，,]?)$")
_COUNTABLE_PROGRAMMES = ("Platform", "Project")   # reforms and policies are not counted
_COUNTS_SITES = re.compile(r"[“「]?")
_ONE_OF = re.compile(r"[”」]?[\u4e00-\u9fff]{0,6}?(之一|中)")
_ANAPHORA_REACH = 3        # sentences back within a section an anaphor may point


class Holders:
    """Decides the holders of the numbers of one document (see the module docstring)."""

    def __init__(self, finder: SubjectFinder, sentences: Sequence[Sentence],
                 mentions: Sequence[Mention], title: str | None = None) -> None:
        self.finder = finder
        self.sentences = sentences
        self.texts = finder.sentences
        # the school a page's title names (finder.own: its one school mention; else a school
        # whose name the title holds, as in …中心校办学纪实), and whether the page is that
        # school's own (not a body's report naming it)
        self.page_school = finder.own or _page_school(mentions, title)
        self.page_is_school = bool(finder.own) or bool(
            self.page_school and title and not _BODY_TITLE.search(title))
        self.schools: dict[int, list[Mention]] = {}
        self.programs = finder.programs
        for m in mentions:
            if m.kind == INSTITUTION and m.subclass in _SCHOOLISH and m.end > m.start:
                self.schools.setdefault(m.sentence, []).append(m)
        self.school_keys = {m.key for m in mentions
                            if m.kind == INSTITUTION and m.subclass == "School"}
        self.region_names = sorted(((name, code) for code, name in finder.names.items() if name),
                                   key=lambda nc: -len(nc[0]))

    # ------------------------------------------------------------------ the rules

    def of(self, m: MeasureMention) -> list[str]:
        """The holder of one number (None when nothing fits: no report region either)."""
        found = self._described(m.sentence, m.end) or self._counted_programme(m.sentence, m.end)
        if found:
            return found
        given = self._given_to(m.sentence, m.end)
        if given:
            return given
        school = self._sized(m.sentence, m.start)
        if school:
            return school
        programme = self._opening_programme(m.sentence, m.start)
        holder = self._nearest(m.sentence, m.start, programme.start if programme else -1)
        if holder is None and programme is not None:
            return programme.key
        return holder or self.carried(m.sentence) or self.default(m.sentence)

    def distributed(self, m: MeasureMention) -> list[Mention]:
        """A市、B市和C县各有2所: the listed places or bodies that each hold the number."""
        text = self.texts[m.sentence]
        before = _DISTRIBUTIVE.search(text, 0, m.start)
        if not before:
            return []
        chain = self._chain_ending_at(m.sentence, before.start()) \
            or self._subject_chain(m.sentence, before.start())
        return chain if len(chain) > 1 else []

    def shared_predicate(self, m: MeasureMention, listed: Sequence[Mention]) -> str:
        """What the listed holders each did: 新建公办幼儿园 in A镇、B镇|新建公办幼儿园|各1所."""
        before = _DISTRIBUTIVE.search(self.texts[m.sentence], 0, m.start)
        return self.texts[m.sentence][listed[-1].end:before.start()] if before else ""

    def _subject_chain(self, sentence: int, end: int) -> list[Mention]:
        """A list that opens its clause and is followed by the predicate the 各 distributes:
        A镇、B镇新建公办幼儿园各1所 (the places, not the kindergartens, are listed)."""
        text = self.texts[sentence]
        actors = self._actors(sentence, end)
        if not actors:
            return []
        last = max(actors, key=lambda a: a.end)
        gap = text[last.end:end]
        if not gap or len(gap) > 12 or _CLAUSE_BREAK.search(gap):
            return []
        chain = self._chain_ending_at(sentence, last.end)
        if len(chain) < 2 or clause_start(text, chain[0].start) < chain[0].start - 2:
            return []
        return chain

    def names_in(self, sentence: int) -> list[str]:
        """The names of the places and institutions of a sentence, as the text writes them."""
        text = self.texts[sentence]
        named = self.finder.actors.get(sentence, ())
        return sorted({text[a.start:a.end] for a in named
                       if a.end - a.start > 1 and not nested(a, named)}, key=len, reverse=True)

    def _described(self, sentence: int, end: int) -> str | None:
        """An institution the number at [.., end) describes: 投资1.2亿元的新建曜华小学."""
        text = self.texts[sentence]
        for actor in sorted(self.finder.actors.get(sentence, ()), key=lambda m: m.start):
            if actor.kind == INSTITUTION and actor.start >= end \
                    and _DESCRIBES.match(text[end:actor.start]):
                return actor.key
        return None

    def _counted_programme(self, sentence: int, end: int) -> str | None:
        """A programme whose sites a number counts: 全国9个|“双减”试点城市之一."""
        text = self.texts[sentence]
        for p in self.programs.get(sentence, ()):
            if p.start >= end and _COUNTS_SITES.fullmatch(text, end, p.start) \
                    and _ONE_OF.match(text, p.end):
                return p.key
        return None

    def _given_to(self, sentence: int, end: int) -> str | None:
        """The school a sum is spent for, named right after it: 投入500万元为该校新建….
        (某地投入500万元新建学校 is the place's: only 为/给 says for whom.)"""
        text = self.texts[sentence]
        if not text.startswith(("为", "给"), end):
            return None
        if text.startswith("该校", end + 1):
            return self._school_before(sentence, end) or self.page_school
        return next((s.key for s in self.schools.get(sentence, ()) if s.start == end + 1), None)

    def _sized(self, sentence: int, position: int) -> str | None:
        """The school whose size or capacity a clause gives: one that opens with 规划, 可容纳,
        建成后 … and names nobody, after clauses that name exactly one school (built or not:
        建设某小学，规划36个教学班; 某学校选址…，建成后可容纳36个教学班)."""
        text = self.texts[sentence]
        start = clause_start(text, position)
        if not _CAPACITY.match(text, start) or any(
                start <= a.start < position for a in self.finder.actors.get(sentence, ())):
            return None
        named = {s.key for s in self.schools.get(sentence, ()) if s.end <= start}
        return named.pop() if len(named) == 1 else None

    def _opening_programme(self, sentence: int, position: int) -> Mention | None:
        """The platform or project that opens a clause before position, nearest first: a
        number after it is the programme's unless an actor is named after it. (A platform
        the region has just built, 建成…平台，汇聚资源…, leaves the number with the region:
        annotators differ there.)"""
        text = self.texts[sentence]
        programs = [p for p in self.programs.get(sentence, ())
                    if p.end <= position and p.subclass in _COUNTABLE_PROGRAMMES
                    and _CLAUSE_OPENING.search(text, 0, p.start)]
        return max(programs, key=lambda p: p.start, default=None)

    def _nearest(self, sentence: int, position: int, floor: int) -> str | None:
        """The nearest actor before position (after floor) that holds what its clause says.
        Past a list only a subject that opens its clause is taken (天津市共有A区、B区等5个区;
        not 启动了A校、B园以及C镇等5个…)."""
        text = self.texts[sentence]
        candidates = sorted(self._actors(sentence, position), key=lambda a: -a.start)
        anaphor = self._anaphor(sentence, position)
        past_list = False
        i = 0
        while i < len(candidates):
            actor = candidates[i]
            if actor.start < floor:
                break
            if anaphor and anaphor[0] > actor.start:
                return anaphor[1]
            chain = listed_with(candidates[i:], text)
            i += len(chain)
            first = chain[-1]
            if len(chain) > 1 or text.startswith("等", actor.end):
                past_list = True    # examples or what is counted: read past them
                continue
            if self._is_context(first, text, position) or (past_list and not _opens_clause(text, first)):
                continue            # beneficiaries, sources, places: read past them
            return self.stand_in(actor)
        if anaphor and anaphor[0] >= floor:
            return anaphor[1]
        return None

    def _actors(self, sentence: int, position: int) -> list[Mention]:
        named = self.finder.actors.get(sentence, ())
        return [a for a in named if a.end <= position and not nested(a, named)]

    def _chain_ending_at(self, sentence: int, end: int) -> list[Mention]:
        text = self.texts[sentence]
        actors = sorted(self._actors(sentence, end), key=lambda a: -a.start)
        if not actors or actors[0].end != end:
            return []
        return listed_with(actors, text)[::-1]

    def _is_context(self, actor: Mention, text: str, position: int) -> bool:
        """Where, by what means, for whom, from what source: not who holds the number. A
        region above the report's own holds the clause it opens; an institution something
        is given to holds what its own clause gives it (向某校划拨用地78亩), not what the
        sentence goes on to say (为某校选配校长，同时考察了60名教师)."""
        start = clause_start(text, actor.start)
        if _SOURCE_BEFORE.search(text, 0, actor.start) and _SOURCE_AFTER.match(text, actor.end):
            return True
        if _BENEFICIARY_BEFORE.search(text, start, actor.start):
            return actor.kind == REGION or clause_start(text, position) != start
        if actor.kind == INSTITUTION and _OBJECT_BEFORE.search(text, start, actor.start):
            return clause_start(text, position) != start      # 对某校实施改造，…
        if actor.kind == REGION and self._modifies(actor, text):
            return True
        if actor.kind == REGION and actor.key in self.finder.above_home:
            return not (_opens_clause(text, actor) or _COUNTED_AFTER.match(text, actor.end))
        return self.finder.is_context(actor, text)

    def _modifies(self, region: Mention, text: str) -> bool:
        """甲县的A中学、乙县的B中学共5所: each place only says where its school lies (one
        place before a list, 我市的A小学和B中学2所学校, is what the count is about)."""
        actors = self.finder.actors.get(region.sentence, ())
        starts = {a.start for a in actors if a.kind == INSTITUTION}
        start = clause_start(text, region.start)
        pairs = [a for a in actors if a.kind == REGION and clause_start(text, a.start) == start
                 and text.startswith("的", a.end) and a.end + 1 in starts]
        return region in pairs and len(pairs) > 1

    def stand_in(self, actor: Mention) -> str:
        if actor.kind == INSTITUTION and actor.subclass == "GovernmentBody":
            region = self.finder.bureau_region.get(actor.key) or self._named_region(actor.text)
            if region:
                return region
        return self.finder.stand_in(actor, self.texts[actor.sentence])

    def _named_region(self, name: str) -> str | None:
        """The region a body's name opens with (汝城县政府 → 汝城县), when the text named the body
        by its relative form (县政府) and no region mention stands at its start."""
        return next((code for n, code in self.region_names
                     if name.startswith(n) and len(name) - len(n) >= 2), None)

    def _anaphor(self, sentence: int, position: int) -> tuple[int, str] | None:
        """(where, school) for 学校/该校… opening a clause before position, if it points:
        该校 is the school named last before it, 学校/我校/本校/全校 the page's school first."""
        text = self.texts[sentence]
        best: tuple[int, str] | None = None
        for word in _ANAPHORA:
            k = text.rfind(word, 0, position)
            while k >= 0:
                if _opens_clause_at(text, k):
                    if best is None or k > best[0]:
                        best = (k, word)
                    break
                k = text.rfind(word, 0, k)
        for found in _KIND_ANAPHOR.finditer(text, 0, position):
            if _opens_clause_at(text, found.start()) and (best is None or found.start() > best[0]):
                best = (found.start(), found.group())
        if best is None:
            return None
        k, word = best
        if word.startswith("该") and word != "该校":
            named = self._named_before(sentence, k, word[1:])
            return (k, named) if named else None
        nearest = self._school_before(sentence, k)
        school = (nearest or self.page_school) if word == "该校" else (self.page_school or nearest)
        return (k, school) if school else None

    def _school_before(self, sentence: int, position: int) -> str | None:
        """The school an anaphor points to in its section, a few sentences back: the last
        one named before it in its own sentence, else the first one a sentence names (the
        sentence's topic: 某中学是…公办高级中学)."""
        for index in range(sentence, max(-1, sentence - _ANAPHORA_REACH - 1), -1):
            if index < len(self.sentences) and index != sentence \
                    and self.sentences[index].role == "heading":
                return None
            if index == sentence:
                named = [s for s in self.schools.get(index, ()) if s.end <= position]
                if named:
                    return max(named, key=lambda s: s.start).key
            elif self.schools.get(index):
                return min(self.schools[index], key=lambda s: s.start).key
        return None

    def _named_before(self, sentence: int, position: int, head: str) -> str | None:
        """The programme or institution whose name ends with head, named last before position
        in this sentence or the one before (该平台 → 某教育云平台)."""
        for index in (sentence, sentence - 1):
            named = [m for m in (*self.programs.get(index, ()), *self.finder.actors.get(index, ()))
                     if m.text.endswith(head) and (index != sentence or m.end <= position)]
            if named:       # the sentence's subject first (某云平台是…的教育云平台，该平台…)
                text = self.texts[index]
                return max(named, key=lambda m: (_opens_clause(text, m), m.start)).key
        return None

    def default(self, sentence: int) -> str | None:
        """A sentence naming no holder: its section's place, else the school a school's own
        page is about, else the report's region."""
        if self.page_is_school and sentence not in self.finder.topics:
            return self.page_school
        return self.finder.default(sentence)     # (which knows finder.own too)

    def carried(self, sentence: int, reach: int = _ANAPHORA_REACH) -> str | None:
        """The holder a clause without a subject of its own takes from the sentence before,
        when that one ended with a semicolon (学校创办于1939年…；到1949年，已发展到9个教学班),
        looking back over at most `reach` such sentences."""
        if sentence == 0 or reach == 0 or not self.texts[sentence - 1].rstrip().endswith(("；", ";")):
            return None
        previous = len(self.texts[sentence - 1])
        return self._nearest(sentence - 1, previous, -1) or self.carried(sentence - 1, reach - 1)


def _opens_clause(text: str, actor: Mention) -> bool:
    """Whether an actor is the subject its clause opens with (after a time or scope word)."""
    return _opens_clause_at(text, actor.start)


def _opens_clause_at(text: str, position: int) -> bool:
    before = text[clause_start(text, position):position]
    return bool(_OPENERS.match(before) or _time_phrase(before))


def _time_phrase(text: str) -> bool:
    """在2023学年, 2001年, 1956年9月: a date before a clause's subject."""
    return bool(re.fullmatch(r"(?:在|于|到|截至|截止)?(?:\d{4}年(?:度|底|初|末)?(?:\d{1,2}月(?:\d{1,2}日)?)?"
                             r"|\d{4}学年|今年|去年|当年|近年来|多年来)", text))


def _page_school(mentions: Sequence[Mention], title: str | None) -> str | None:
    """A school whose name the page's title holds (…职业教育中心校办学纪实), first named."""
    named = [m for m in mentions if m.kind == INSTITUTION and m.subclass in _SCHOOLISH
             and m.end > m.start and title and m.text in title]
    return min(named, key=lambda m: (m.sentence, m.start)).key if named else None


_ANAPHOR_LEAD = re.compile(r"^(?:该校|我校|本校|全校|学校(?=已|还|也|共|现|目前|每年|先后))")
# A body the text names by its level only, acting: 自治区教育厅拿出…, 县财政再投入… (the body
# acts; what it spends is the indicator).
_BODY_LEAD = re.compile(r"^(?:随后|同时)?(?:自治区|省|市|州|县|区|旗)?(?:教育厅|教育局|教体局|教委|财政厅|"
                        r"财政局|财政|人民政府|政府)(?:又|再|共|先后|累计)?(?=拿出|投入|安排|下达|筹措|拨付)")


def clean_indicator(indicator: str, names: Sequence[str]) -> str:
    """An indicator without the names (longest first) of its sentence: never a place list
    (检查组认为某市等), a holder's name (某区有4所 → "", 某省学校上榜 → 学校上榜), an anaphor
    (该校每年…) or a body named by its level (自治区教育厅拿出… → 拿出): empty is better than
    a name where what is counted should be."""
    for name in names:
        k = indicator.rfind(name + "等")
        if k >= 0:
            indicator = indicator[k + len(name) + 1:].removeprefix("地")    # …等地新建
    changed = True
    while changed and indicator:
        changed = False
        for name in names:
            if indicator.startswith(name):
                indicator, changed = trim_indicator(indicator[len(name):]), True
            elif indicator.endswith(name) or indicator.endswith(name + "中"):
                indicator = indicator[:indicator.rfind(name)]
                indicator, changed = trim_indicator(indicator.removesuffix("中")), True
        lead = _ANAPHOR_LEAD.match(indicator) or _BODY_LEAD.match(indicator)
        if lead:
            indicator, changed = trim_indicator(indicator[lead.end():]), True
    return indicator if len(indicator) > 1 else ""


def with_holders(measures: Iterable[MeasureMention], holders: Holders) -> list[MeasureMention]:
    """Every measure with its holder as subject. A distributive list gives each listed holder
    its own measure: the one measures.py made for that item (its name is dropped from the
    indicator), or a copy."""
    out: list[MeasureMention] = []
    for m in measures:
        listed = holders.distributed(m)
        if listed:
            out += _one_each(m, listed, holders)
            continue
        subject = holders.of(m)
        if m.unit == "school" and subject in holders.school_keys:
            subject = holders.finder.default(m.sentence)    # a school does not count schools
        if subject:
            out.append(replace(m, subject=subject))
    cleaned = [replace(m, indicator=clean_indicator(m.indicator, holders.names_in(m.sentence)))
               for m in out]
    # the items measures.py split a list into and the copies for each holder may meet: once each
    return list(dict.fromkeys(cleaned))


def _one_each(m: MeasureMention, listed: Sequence[Mention], holders: Holders) -> list[MeasureMention]:
    text = holders.texts[m.sentence]
    for actor in listed:
        surface = text[actor.start:actor.end]
        if m.indicator.startswith(surface):     # the item measures.py split this one for
            rest = m.indicator[len(surface):] or trim_indicator(holders.shared_predicate(m, listed))
            return [replace(m, subject=holders.stand_in(actor), indicator=rest)]
    return [replace(m, subject=holders.stand_in(a)) for a in listed]
