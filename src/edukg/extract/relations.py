"""Who did it: subjects of programs and outcomes, and the relations between entities.

The subject of a program or outcome is decided per sentence, nearest first:
(the holders of numbers follow the same reading, with rules of their own: see holders.py)
1. the nearest region or institution named before it in the same sentence, skipping bodies
   that confer rather than act (被教育部确定为…), regions above the report's own (在全省率先…
   compares, it does not say 山东省 did it — unless an action verb follows it: 山东省启动…),
   central bodies likewise (将教育部92条管理要求细化… is 威海市's number), and a region's own bureau, which stands for its region (淄川区教育和体育局印发… → 淄川区);
   places listed with the nearest one (昆仑、双杨、洪山、寨里镇…) are subjects too;
2. otherwise the topic of the section: a case study (典型案例:荣成市推进县管校聘…) or a numbered
   section whose heading names a place below the report's own is about that place, and so is a
   case whose background opens with one (背景:环翠区是…);
3. otherwise the report's own region: these reports speak about one place throughout, and
   我市/全区 already resolve to it.
A programme named with a level word (省乡村优秀青年教师奖励计划, 市首批…名师工作室) is run by the
report's province or city, one named with a region (湖南省乡村教师公费定向培养计划) by that region; when people are only selected into it (入选省…计划), that level is
its only implementer.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from ..layout import CASE_LABEL, SECTION_HEADING
from ..records import (IMPLEMENTS, INSTITUTION, PART_OF, PROGRAM, REGION,
                       Mention, RecognitionMention, RegionInfo, RelationMention)
from .measures import stated_year
from .names import clause_start
from .regions import RELATIVE_WORDS

_CONFERS_AFTER = re.compile(r"^.{0,12}?(确定|认定|评为|命名|授予|批准|表彰|公布|评选|推介|颁发)")
_CONFERS_BEFORE = re.compile(r"(被|获|经|由)$")
_ACTS = re.compile(r"^(?:等[\d一二三四五六七八九十]*个?(?:部门|单位|部委))?(联合|共同)?"
                   r"(率先|先后|全面|深入|积极|大力|持续|正式)?(启动|实施|推行|开展|出台|印发|部署|推进|建立|创建|设立)")
_LISTED = re.compile(r"^[、和及与]$")
_ISSUES = re.compile(r"(联合)?(下发|印发|出台|发布|颁布|制定|制订)了?$")
# A body that carries out what its sentence describes: 本次评估由省教育厅组织实施，以《…》为依据.
_CARRIES_OUT = re.compile(r"^(?:组织|负责|牵头)?(?:实施|开展|组织)")
_IN_PLACE = re.compile(r"(在|于)$")
_FOR_WHOM = re.compile(r"(为|给|向|覆盖)$")
# An institution after these is what was built or used, not who acts: 建成…教师发展中心,
# 凭借…教育大数据中心.
_PARTNER_WORDS = "依托|与|同|联合|携手"
_MADE_OR_USED = re.compile(rf"(建成|建设|组建|成立|新建|改扩建|扩建|凭借|借助|利用|通过|{_PARTNER_WORDS})了?$")
_BY_MEANS_OF = re.compile(r"以$")
_PARTNER_OR_MEANS = re.compile(rf"({_PARTNER_WORDS})$")
_AS_WHAT = re.compile(r"[^，,。；;：:]{0,20}?为")
_SINCE = re.compile(r"(?:自|从)?((?:19|20)\d{2})年(?:起|以来|开始)")
_SELECTED_INTO = re.compile(r"(入选|选入|纳入|评为|获评|确定为|成为|通过)$")
_CASE_PART = re.compile(r"^(?:背景|措施|举措|做法|成效|经验|启示)[:：]")
_CASE_OPENING = 3        # sentences of a case read for the place it is about
ACTOR_KINDS = (REGION, INSTITUTION)
# Unnamed recipients counted in the clause of an honour: 6所校园|获批…, 3个单位|被评为… (not
# …职业学校等3所中职学校: those are named).
_COUNTED_RECIPIENTS = re.compile(r"(?<![等\d])(?:\d+|[一二三四五六七八九十两]+)(?:所|个|家)[\u4e00-\u9fff]{0,4}$")


class SubjectFinder:
    """Resolves subjects inside one document."""

    def __init__(self, mentions: Sequence[Mention], home: str | None,
                 regions: Iterable[RegionInfo], sentences: Sequence[str],
                 central: frozenset[str] = frozenset(), own: str | None = None) -> None:
        self.home = home
        self.own = own              # a school's own page: the school speaks (学校…), not its city
        self.central = central
        self.sentences = sentences
        info = {r.code: r for r in regions}
        self.names = {code: r.name for code, r in info.items()}
        self.above_home = _ancestors(home, info) if home else set()
        self.home_at_level = {info[c].level: c for c in ({home} | self.above_home) if c in info}
        in_sentence = by_sentence(mentions)
        self.bureau_region = {m.key: _region_prefix(m, in_sentence[m.sentence]) for m in mentions
                              if m.kind == INSTITUTION and m.subclass == "GovernmentBody"}
        self.actors: dict[int, list[Mention]] = {}
        for m in mentions:
            if m.kind in ACTOR_KINDS and m.end > m.start:   # not a body added for a recognition
                self.actors.setdefault(m.sentence, []).append(m)
        self.topics = self._section_topics()
        self._context: dict[Mention, bool] = {}     # is_context per actor, computed once
        self.programs: dict[int, list[Mention]] = {}   # per sentence, for holders and recipients
        for m in mentions:
            if m.kind == PROGRAM:
                self.programs.setdefault(m.sentence, []).append(m)

    def default(self, sentence: int) -> str | None:
        """The subject of a sentence that names none: its section's place, else the page's own
        school, else the report's region."""
        return self.topics.get(sentence, self.own or self.home)

    def _section_topics(self) -> dict[int, str]:
        topics: dict[int, str] = {}
        topic = None
        for index, text in enumerate(self.sentences):
            if SECTION_HEADING.match(text):
                topic = self._place_at(index, None)
                if topic is None and CASE_LABEL.match(text):
                    topic = next((p for i in range(index + 1, min(index + 1 + _CASE_OPENING,
                                                                  len(self.sentences)))
                                  if (p := self._place_at(i, self._opening(i))) is not None), None)
            elif topic:
                topics[index] = topic
        return topics

    def _opening(self, sentence: int) -> int:
        part = _CASE_PART.match(self.sentences[sentence])
        return part.end() if part else 0

    def _place_at(self, sentence: int, start: int | None) -> str | None:
        """A region below the report's own named in a sentence (at `start` when given)."""
        for actor in sorted(self.actors.get(sentence, ()), key=lambda m: m.start):
            if actor.kind == REGION and actor.key != self.home and actor.key not in self.above_home \
                    and (start is None or actor.start == start):
                return actor.key
        return None

    def before(self, sentence: int, position: int) -> str | None:
        """The acting entity named nearest before position, as a key; else the home region."""
        found = self.all_before(sentence, position)
        return found[0] if found else self.default(sentence)

    def all_before(self, sentence: int, position: int, stand_in: bool = True) -> list[str]:
        """The nearest acting entity before position and those listed with it (A、B和C).
        A region named inside an institution's name (鸦岭镇|中心小学) is not an actor of its own.
        With stand_in, a region's own bureau counts as the region (it acts for it); an honour
        goes to the bureau itself (stand_in=False)."""
        text = self.sentences[sentence]
        named = self.actors.get(sentence, ())
        actors = [a for a in sorted(named, key=lambda m: -m.start)
                  if a.end <= position and not self.is_context(a, text)
                  and not nested(a, named)]
        if not actors:
            return []
        chain = listed_with(actors, text)
        return list(dict.fromkeys(self.stand_in(a, text) if stand_in else a.key for a in chain))

    def partners(self, program: Mention) -> list[str]:
        """Universities and schools a programme is carried out with, in its own clause:
        依托湖南理工学院、湖南师范大学实施“国培计划”, 与华南师范大学共建…实验区."""
        text = self.sentences[program.sentence]
        start = clause_start(text, program.start)
        return [a.key for a in self.actors.get(program.sentence, ())
                if a.kind == INSTITUTION and a.subclass in ("University", "School")
                and start <= a.start and a.end <= program.start
                and _PARTNER_OR_MEANS.search(text, 0, self._list_start(a, text))]

    def named_in(self, program: Mention) -> list[str]:
        """Regions a programme's name opens with run it: 湖南省|乡村教师公费定向培养计划."""
        return [a.key for a in self.actors.get(program.sentence, ())
                if a.kind == REGION and a.start == program.start and a.end < program.end]

    def issuers(self, program: Mention) -> list[str]:
        """Bodies that issue a titled policy: named right before 《…》 or opening its title
        (中共中央办公厅、国务院办公厅《关于…》, 《淄川区教育和体育局…实施方案》)."""
        text = self.sentences[program.sentence]
        bodies = sorted((a for a in self.actors.get(program.sentence, ()) if a.kind == INSTITUTION),
                        key=lambda m: -m.start)
        chain: list[Mention] = []
        issued = _ISSUES.search(text, 0, program.start)
        edge = issued.start() if issued else program.start
        for body in bodies:
            if body.start == program.start + 1 and not chain:
                return [body.key] + [r for r in [self.bureau_region.get(body.key)] if r]
            if body.end == edge or (chain and _LISTED.match(text[body.end:edge])):
                chain.append(body)
                edge = body.start
        return [b.key for b in chain]

    def organiser(self, program: Mention) -> list[str]:
        """The body that, in another clause of the sentence, carries out what the titled policy
        is used for: 本次评估由省教育厅组织实施，以《…方案》为依据 → 省教育厅."""
        text = self.sentences[program.sentence]
        return [a.key for a in self.actors.get(program.sentence, ())
                if a.kind == INSTITUTION and a.end <= program.start
                and text[:a.start].endswith("由") and _CARRIES_OUT.match(text[a.end:])]

    def stand_in(self, actor: Mention, text: str) -> str:
        """A region's own bureau acts for its region; in a section about 荣成市, 全市 is 荣成市."""
        if actor.kind == INSTITUTION and self.bureau_region.get(actor.key):
            return self.bureau_region[actor.key]
        topic = self.topics.get(actor.sentence)
        relative = RELATIVE_WORDS.get(text[actor.start:actor.end])
        if topic and relative and self.names.get(topic, "").endswith(relative):
            return topic
        return actor.key

    def _list_end(self, actor: Mention, text: str) -> int:
        """Where the list of actors that starts with actor ends (A、B和C)."""
        end = actor.end
        for other in sorted(self.actors.get(actor.sentence, ()), key=lambda m: m.start):
            if other.kind == actor.kind and other.start > end - 1 and _LISTED.match(text[end:other.start]):
                end = other.end
        return end

    def _list_start(self, actor: Mention, text: str) -> int:
        """Where the list of institutions that ends with actor starts (A、B和C)."""
        start = actor.start
        for other in sorted(self.actors.get(actor.sentence, ()), key=lambda m: -m.start):
            if other.kind == INSTITUTION and other.end < start and _LISTED.match(text[other.end:start]):
                start = other.start
        return start

    def is_context(self, actor: Mention, text: str) -> bool:
        """Whether actor only gives context in its sentence (where, for whom, by what means,
        who confers): the same answer every time it is asked, so it is worked out once."""
        known = self._context.get(actor)
        if known is None:
            known = self._context[actor] = self._work_out_context(actor, text)
        return known

    def _work_out_context(self, actor: Mention, text: str) -> bool:
        if actor.kind == REGION and _IN_PLACE.search(text, 0, actor.start):
            return True                 # 在全市率先…: where, not who
        if actor.kind == REGION and _FOR_WHOM.search(text, 0, actor.start):
            return True                 # 为全市40余万师生提供…, 覆盖全市: for whom, not who
        if (actor.kind == REGION and actor.key in self.above_home) or actor.key in self.central:
            return not _ACTS.match(text[self._list_end(actor, text):])
            # 山东省启动…, 教育部印发…, 中央宣传部、教育部等8部门联合启动实施… do act
        list_start = self._list_start(actor, text)
        if _BY_MEANS_OF.search(text, 0, list_start) and _AS_WHAT.match(text, actor.end):
            return True                 # 以伊川县实验小学、…等优质学校为龙头: a means
        if actor.kind == INSTITUTION and _MADE_OR_USED.search(text, 0, list_start):
            return True                 # 依托湖南理工学院、湖南师范大学…: both are used
        if actor.kind == INSTITUTION and actor.subclass == "GovernmentBody":
            return bool(_CONFERS_BEFORE.search(text[:actor.start])
                        or (_CONFERS_AFTER.match(text[actor.end:])
                            and not text.startswith("被", actor.end)))   # …教育局被评为: honoured
        return False


def listed_with(actors: Sequence[Mention], text: str) -> list[Mention]:
    """The first of some actors (sorted nearest first) and those listed right before it
    (A、B和C: C, B, A); a list holds one kind of actor."""
    chain = [actors[0]]
    for actor in actors[1:]:
        if actor.kind != chain[-1].kind or not _LISTED.match(text[actor.end:chain[-1].start]):
            break
        chain.append(actor)
    return chain


def nested(actor: Mention, named: Iterable[Mention]) -> bool:
    """A region named inside an institution's name (鸦岭镇|中心小学)."""
    return actor.kind == REGION and any(
        o.kind == INSTITUTION and o.start <= actor.start and actor.end <= o.end
        and (o.end - o.start) > (actor.end - actor.start) for o in named)


def _ancestors(code: str, info: dict[str, RegionInfo]) -> set[str]:
    out, current = set(), info.get(code)
    while current and current.parent:
        out.add(current.parent)
        current = info.get(current.parent)
    return out


def by_sentence(mentions: Iterable[Mention]) -> dict[int, list[Mention]]:
    """The mentions of each sentence, in their order. Looking at only its own sentence's
    mentions keeps a per-mention search linear in the length of a document (searching all of
    them made a 4 MiB document take 21 s, two thirds of it here, and a 20 MiB one many
    minutes)."""
    out: dict[int, list[Mention]] = defaultdict(list)
    for m in mentions:
        out[m.sentence].append(m)
    return out


def _region_prefix(body: Mention, mentions: Sequence[Mention]) -> str | None:
    """The region whose name opens a body's name (淄川区|教育和体育局); of a chain of names
    (烟台市芝罘区|人民政府教育督导室) the last, most specific one. `mentions` need only be
    those of the body's sentence (see by_sentence)."""
    region, position = None, body.start
    for m in sorted(mentions, key=lambda m: m.start):
        if m.kind == REGION and m.sentence == body.sentence and m.start == position \
                and m.end <= body.end and m.end > m.start:
            region, position = m.key, m.end
    return region


def program_relations(programs: Iterable[Mention], finder: SubjectFinder) -> list[RelationMention]:
    out = []
    for program in programs:
        runners = [finder.home_at_level[level] for level in program.run_by
                   if level in finder.home_at_level]
        if runners and _SELECTED_INTO.search(finder.sentences[program.sentence], 0, program.start):
            subjects = runners          # 入选省…计划: the province runs it, the report's people joined
        else:
            organiser = finder.organiser(program) if program.subclass == "PolicyDocument" else []
            subjects = runners + (organiser or finder.named_in(program)) + (
                organiser or (finder.issuers(program) if program.subclass == "PolicyDocument" else [])
                or finder.all_before(program.sentence, program.start)
                or [finder.default(program.sentence)]) + finder.partners(program)
        since = since_year(finder.sentences[program.sentence], program.start)
        out += [RelationMention(s, IMPLEMENTS, program.key, program.sentence, since)
                for s in dict.fromkeys(subjects) if s]
    return out


def since_year(text: str, position: int) -> int | None:
    """The year a programme named at position began, as its sentence says: a period start
    (自2018年起, 2015年以来, 2016年开始) or the year that governs the clause (2016年全面启动…).
    None when no year is stated: a stripped year (年12月) is never guessed."""
    start = None
    for m in _SINCE.finditer(text, 0, position):
        start = int(m.group(1))
    return start or stated_year(text, position)


def hierarchy_relations(regions: Iterable[RegionInfo],
                        first_sentence: dict[str, int]) -> list[RelationMention]:
    """partOf for every region with a parent, evidenced by the sentence naming the child first."""
    out = []
    for region in regions:
        if region.parent:
            sentence = first_sentence.get(region.code, first_sentence.get("*", 0))
            out.append(RelationMention(region.code, PART_OF, region.parent, sentence))
    return out


def with_recognition_subjects(recognitions: Iterable[RecognitionMention],
                              finder: SubjectFinder) -> list[RecognitionMention]:
    out = []
    for r in recognitions:
        text = finder.sentences[r.sentence]
        if _COUNTED_RECIPIENTS.search(text, clause_start(text, r.start), r.start):
            subjects = [finder.default(r.sentence)]     # 巴蜀中学获评…，6所校园获批…: the
        else:                                           # six are unnamed, not the school before
            subjects = finder.all_before(r.sentence, r.start, stand_in=False) \
                or [finder.default(r.sentence)]
        out += [replace(r, subject=s) for s in subjects if s]
    return out


def programs_of(mentions: Iterable[Mention]) -> list[Mention]:
    return [m for m in mentions if m.kind == PROGRAM]
