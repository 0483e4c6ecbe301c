"""Other names of one institution, as reports give them, folded into one entity per document.

- in brackets right after its name: 长沙市第一中学岳麓学校（长沙一中岳麓学校）, …教育委员会
  （市教委）, and a short form introduced as one: 福建省晋江中学（简称晋中）;
- a renaming: 创办河西小学，该校后来更名为育英小学 (育英小学 is the name, 河西小学 an alias);
- on a school's own page (the school its title names), the names the school bore: 当时的校名叫
  李家村小学, 学校成为“…附属小学”, 学校先后使用过“…”“…”等校名.
Every mention of a folded name, anywhere in the document, becomes a mention of the entity it
names, with the name as written kept as an alias: one node, its altLabels the other names.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ..layout import TITLE
from ..records import INSTITUTION, Mention, Sentence

_BRACKETS = re.compile(r"\s*[（(]\s*")
_SHORT_FORM = re.compile(r"\s*[（(](?:以下)?简称[“「]?([\u4e00-\u9fff]{2,8})[”」]?[）)]")
_RENAMED = re.compile(r"[”」]?(?:[，,]\s*(?:该校|该园|学校))?(?:后来|后|随后|现已|已)?"
                      r"(?:更名为|改名为|改称为?)[“「]?")
_BORE = re.compile(r"(?:学校|校名|本校)[^，,。；;]{0,10}?(?:叫|成为|使用过|更名为|改名为|改称为?|定名为)")


def fold_aliases(mentions: list[Mention], sentences: Sequence[Sentence]) -> list[Mention]:
    """The mentions with every other name of an institution folded into the entity it names."""
    institutions = [m for m in mentions if m.kind == INSTITUTION and m.end > m.start]
    by_sentence: dict[int, list[Mention]] = {}
    for m in institutions:
        by_sentence.setdefault(m.sentence, []).append(m)
    target: dict[str, Mention] = {}          # a name's key -> the mention of the entity it names
    extra: dict[str, list[str]] = {}         # an entity's key -> short forms read from brackets
    own = _page_school(institutions, sentences)
    for sentence in sentences:
        found = sorted(by_sentence.get(sentence.index, ()), key=lambda m: m.start)
        text = sentence.text
        for m in found:
            short = _SHORT_FORM.match(text, m.end)
            if short:
                extra.setdefault(m.key, []).append(short.group(1))
            opened = _BRACKETS.match(text, m.end)
            inner = next((o for o in found if opened and o.start == opened.end()
                          and text[o.end:o.end + 1] in ")）"), None)
            if inner and inner.key != m.key:
                target.setdefault(inner.key, m)
        for earlier, later in zip(found, found[1:]):
            if _RENAMED.fullmatch(text, earlier.end, later.start):
                target.setdefault(earlier.key, later)
        if own:
            for m in found:
                if m.key != own.key and m.subclass == "School" and _bore(text, m.start):
                    target.setdefault(m.key, own)
    if not target and not extra:
        return mentions
    out = []
    for m in mentions:
        entity = _resolve(m.key, target) if m.kind == INSTITUTION else None
        if entity is not None and entity.key != m.key:
            m = replace(m, text=entity.text, key=entity.key, subclass=entity.subclass,
                        aliases=(*m.aliases, m.text), original="")
        if m.kind == INSTITUTION and m.key in extra:
            m = replace(m, aliases=(*m.aliases, *extra[m.key]))
        out.append(m)
    return out


def _resolve(key: str, target: dict[str, Mention]) -> Mention | None:
    seen, entity = {key}, None
    while key in target:
        entity = target[key]
        key = entity.key
        if key in seen:
            break
        seen.add(key)
    return entity


def own_school(mentions: Sequence[Mention], sentences: Sequence[Sentence]) -> str | None:
    """The key of the school whose own page this is (its title names it alone), else None."""
    own = _page_school([m for m in mentions if m.kind == INSTITUTION and m.end > m.start], sentences)
    return own.key if own else None


def _page_school(institutions: Sequence[Mention], sentences: Sequence[Sentence]) -> Mention | None:
    """The school whose own page this is: the one institution its title opens with (福州市鼓楼第一小学
    校园简介), not a school a body's notice is about (…教育局关于…小学…的通报)."""
    titles = {s.index: s.text for s in sentences if s.role == TITLE}
    named = [m for m in institutions if m.sentence in titles]
    schools = {m.key: m for m in named if m.subclass == "School"}
    if len(schools) != 1 or len({m.key for m in named}) != 1:
        return None
    school = next(iter(schools.values()))
    return school if not titles[school.sentence][:school.start].strip() else None


def _bore(text: str, start: int) -> bool:
    """Whether the school named at start is a name the page's school bore: its clause says
    学校…叫/成为/使用过… before it."""
    clause = max(text.rfind(p, 0, start) for p in "，,。；;") + 1
    return bool(_BORE.search(text, clause, start))

