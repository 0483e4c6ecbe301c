"""Education groups and their schools: edu:leads and edu:memberOf (Institution → Institution).

Reports name a group's lead school and its members in a few set ways:
- the group is named after its lead school (一百中学|教育集团, 小溪塔幼儿园|教育集团): when the
  document names that school too, the school leads the group;
- 由A牵头, 以A为龙头(学校), A牵头组建…: A leads the group of its sentence;
- 成员学校有/包括/为 A、B和C, A、B、C等N所学校加入/组成…: each of them is a member.
A school that leads a group is a member of it too (edu:leads is a subproperty of edu:memberOf).
A kind of group (公办中小学教育集团) is no group and was never extracted as one.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from ..records import INSTITUTION, LEADS, MEMBER_OF, Mention, RelationMention

_GROUP_HEAD = re.compile(r"(?:教育|教研)?(?:集团|共同体|联合体|联盟)$")
_LED_BY_BEFORE = re.compile(r"(?:由|以)$")
_LEADS_AFTER = re.compile(r"^(?:为龙头(?:学校)?|为核心校|为牵头(?:学校|校)|牵头)")
_MEMBERS_BEFORE = re.compile(r"(?:成员(?:学校|校|单位|园)?(?:有|包括|为|是)|吸纳|纳入|覆盖)[:：]?$")
_JOIN_AFTER = re.compile(r"^(?:等\d*[所个家]?(?:学校|成员校)?)?(?:加入|组成|结成|共同组建)")
_LISTED = re.compile(r"^[、和及与]$")
_SCHOOL_KINDS = ("School", "University")


def membership_relations(mentions: Sequence[Mention], sentences: Sequence[str]) -> list[RelationMention]:
    """leads/memberOf between the schools and groups one document names."""
    institutions = [m for m in mentions if m.kind == INSTITUTION and m.end > m.start]
    schools_by_name = {m.text: m.key for m in institutions if m.subclass in _SCHOOL_KINDS}
    out: dict[tuple[str, str, str], RelationMention] = {}

    def add(subject: str, predicate: str, group: str, sentence: int) -> None:
        if subject != group:
            out.setdefault((subject, predicate, group), RelationMention(subject, predicate, group, sentence))

    by_sentence: dict[int, list[Mention]] = {}
    for m in institutions:
        by_sentence.setdefault(m.sentence, []).append(m)
    for index, found in by_sentence.items():
        found.sort(key=lambda m: m.start)
        text = sentences[index] if index < len(sentences) else ""
        groups = [m for m in found if m.subclass == "EducationGroup"]
        for group in groups:
            lead = schools_by_name.get(_GROUP_HEAD.sub("", group.text))
            if lead:
                add(lead, LEADS, group.key, index)
        if len(groups) != 1:
            continue                    # which group a school leads or joins is clear with one
        group = groups[0]
        schools = [m for m in found if m.subclass in _SCHOOL_KINDS]
        for school in schools:
            if _LED_BY_BEFORE.search(text, 0, school.start) and _LEADS_AFTER.match(text[school.end:]):
                add(school.key, LEADS, group.key, index)
        for run in _lists(schools, text):
            first, last = run[0], run[-1]
            if _MEMBERS_BEFORE.search(text, 0, first.start) or _JOIN_AFTER.match(text[last.end:]):
                for school in run:
                    add(school.key, MEMBER_OF, group.key, index)
    return list(out.values())


def _lists(schools: Sequence[Mention], text: str) -> list[list[Mention]]:
    """Runs of schools named one after another (A、B和C)."""
    runs: list[list[Mention]] = []
    for school in schools:
        if runs and _LISTED.match(text[runs[-1][-1].end:school.start]):
            runs[-1].append(school)
        else:
            runs.append([school])
    return runs
