"""Per-document extraction: one CleanDocument in, one Extraction out (a pure function).

The extractors for each kind live in sibling modules; this module only runs them in order
(regions first: they give the document's own region, which the others need) and hands the
results to subject resolution.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..gazetteer import Gazetteer
from ..layout import states_facts
from ..records import INSTITUTION, REGION, CleanDocument, Extraction, Mention, RecognitionMention
from ..segment import LazyTokens, Segmenter
from .aliases import fold_aliases, own_school
from .groups import membership_relations
from .institutions import ONE_OF_A_KIND, SCHOOL_HEADS, Bodies, extract_institutions, relative_body
from .holders import Holders, with_holders
from .measures import extract_measures
from .names import Vocabulary, clean_name, name_key
from .programs import extract_programs
from .recipients import with_recipients
from .recognition_lists import listed_recognitions
from .recognitions import extract_recognitions
from .regions import extract_regions
from .locations import location_relations
from .relations import SubjectFinder, by_sentence, hierarchy_relations, program_relations


@dataclass(frozen=True)
class Extractor:
    """The loaded resources extraction needs; build once per process, reuse for every document."""

    gazetteer: Gazetteer
    segmenter: Segmenter
    vocab: Vocabulary
    bodies: Bodies

    @classmethod
    def load(cls) -> "Extractor":
        gazetteer = Gazetteer.load()
        return cls(gazetteer, Segmenter(place_names=gazetteer.names()),
                   Vocabulary.load(), Bodies.load())

    def __call__(self, doc: CleanDocument) -> Extraction:
        return extract_document(doc, self)


def extract_document(doc: CleanDocument, ex: Extractor) -> Extraction:
    regions = extract_regions(doc, ex.gazetteer)
    mentions: list[Mention] = list(regions.mentions)
    measures, recognitions = [], []
    places = by_sentence(regions.mentions)
    for sentence in doc.sentences:
        tokens = LazyTokens(ex.segmenter, sentence.text)    # segmented if asked for
        place_starts = frozenset(m.start for m in places.get(sentence.index, ()))
        mentions += extract_institutions(sentence, tokens, place_starts, ex.vocab)
        if not states_facts(sentence.role):
            continue        # page furniture names bodies and places, and states nothing
        mentions += extract_programs(sentence, tokens, ex.vocab)
        measures += extract_measures(sentence)
        recognitions += extract_recognitions(sentence)
    recognitions, conferrers = _conferrers(recognitions, mentions)
    mentions += conferrers
    mentions = _resolve_relative_bodies(mentions, regions.home, ex.gazetteer)
    mentions = _bodies_with_full_place_names(mentions)
    mentions = _local_schools(mentions, regions.home)
    mentions = fold_aliases(mentions, doc.sentences)
    listed, conferrers = _conferrers(listed_recognitions(doc, mentions), mentions)
    mentions += conferrers
    recognitions += listed
    recognitions = [_resolve_conferrer(r, regions.home, ex.gazetteer) for r in recognitions]
    mentions.sort(key=lambda m: (m.sentence, m.start, m.end, m.kind))

    central = frozenset(name_key(n) for n in ex.bodies.kinds)
    mentions = _programmes_outside_institutions(mentions)
    finder = SubjectFinder(mentions, regions.home, regions.regions,
                           [s.text for s in doc.sentences], central, own_school(mentions, doc.sentences))
    first_sentence = {}
    for m in mentions:
        first_sentence.setdefault(m.key, m.sentence)
    relations = (
        program_relations([m for m in mentions if m.kind == "Program"], finder)
        + location_relations([m for m in mentions if m.kind == INSTITUTION], mentions,
                             regions.home, central, regions.regions,
                             [s.text for s in doc.sentences], [s.role for s in doc.sentences])
        + hierarchy_relations(regions.regions, first_sentence)
        + membership_relations(mentions, [s.text for s in doc.sentences])
    )
    return Extraction(
        document=doc,
        home_region=regions.home,
        mentions=tuple(mentions),
        relations=tuple(relations),
        measures=tuple(with_holders(measures, Holders(finder, doc.sentences, mentions, doc.title))),
        recognitions=tuple(with_recipients(recognitions, doc, mentions, finder)),
        regions=tuple(regions.regions),
    )


def _home_at(level: str, home: str | None, gazetteer: Gazetteer) -> str | None:
    """The report's own region, or its ancestor, at a level: 市 in 市教育局 of a district report.
    A county-level city is its own 市 (寿光市教育局 in a 寿光市 report), as 我市 is."""
    if not home:
        return None
    own = gazetteer.get(home)
    if level == "city" and own and own.name.endswith("市"):
        return own.name
    for info in (own, *gazetteer.ancestors(home)):
        if info and info.level == level:
            return info.name
    return None


def _absolute_name(label: str, home: str | None, gazetteer: Gazetteer) -> str | None:
    relative = relative_body(label)
    if not relative:
        return label
    place = _home_at(relative[0], home, gazetteer)
    head = "人民政府" if relative[1] == "政府" else relative[1]    # 县政府 is the 县人民政府
    return place + head if place else None


def _resolve_relative_bodies(mentions: list[Mention], home: str | None,
                             gazetteer: Gazetteer) -> list[Mention]:
    """市教育局 → 潍坊市教育局 (the report's city); dropped when the report has no such region."""
    out = []
    for m in mentions:
        if m.kind != INSTITUTION or not relative_body(m.text):
            out.append(m)
            continue
        name = _absolute_name(m.text, home, gazetteer)
        if name:
            short = name.replace("人民政府", "政府")
            aliases = (m.text,) + ((short,) if short != name else ())
            out.append(replace(m, text=name, key=name_key(name), aliases=aliases, original=""))
    return out


_PLACE_SUFFIXES = ("省", "市", "区", "县", "州", "旗", "盟", "自治", "新区", "镇", "乡", "街道")


def _bodies_with_full_place_names(mentions: list[Mention]) -> list[Mention]:
    """兰山|教体局 → 兰山区教体局: a body named with its region's short form is the same body
    as the one named with the full form (the short spelling stays as an alias)."""
    short = {(m.sentence, m.start): m for m in mentions
             if m.kind == REGION and m.original and m.original != m.text
             and m.text.startswith(m.original)}
    out = []
    for m in mentions:
        place = short.get((m.sentence, m.start)) if m.kind == INSTITUTION \
            and m.subclass == "GovernmentBody" else None
        rest = m.text[len(place.original):] if place else ""
        if place and m.text.startswith(place.original) and not rest.startswith(_PLACE_SUFFIXES):
            name = place.text + rest    # (威宁|自治县教育局 names its kind of place already)
            m = replace(m, text=name, key=name_key(name), aliases=(*m.aliases, m.text))
        out.append(m)
    return out


def _programmes_outside_institutions(mentions: list[Mention]) -> list[Mention]:
    """A programme read inside an institution's name is none (南京工程|学院); one read over the
    body that runs it starts after it (区教委就|学区制综合改革), and is none when nothing is left
    but a verb (…区人民政府|创建)."""
    bodies: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.kind == INSTITUTION and m.end > m.start:
            bodies.setdefault(m.sentence, []).append(m)
    out = []
    for m in mentions:
        if m.kind == "Program":
            inside = next((b for b in bodies.get(m.sentence, ()) if b.start <= m.start
                           and m.start < b.end and (b.end > m.end or b.start < m.start
                                                    or b.end - b.start < m.end - m.start)), None)
            if inside and inside.end >= m.end:
                continue
            if inside:
                rest = _AFTER_A_BODY.sub("", m.text[len(m.text) - (m.end - inside.end):]) \
                    if m.text.endswith(m.text[-(m.end - inside.end):]) else ""
                if len(rest) < 4:
                    continue
                m = replace(m, text=rest, key=name_key(rest), start=m.end - len(rest))
        out.append(m)
    return out


_AFTER_A_BODY = re.compile(r"^[就对在把将为与和]")


# A school called only by its kind and number: every place has a 第十三中学 or a 实验小学.
_PLACELESS_SCHOOL = re.compile(rf"(?:{ONE_OF_A_KIND}|\d+){{1,2}}(?:{SCHOOL_HEADS})")


def _local_schools(mentions: list[Mention], home: str | None) -> list[Mention]:
    """第十三中学 in a 鱼峰区 report is that place's: its key carries the report's region, so
    linking does not join every report's 第十三中学 into one school (its name stays as written)."""
    if not home:
        return mentions
    return [replace(m, key=f"{m.key}@{home}")
            if m.kind == INSTITUTION and m.subclass == "School" and _PLACELESS_SCHOOL.fullmatch(m.text)
            else m for m in mentions]


def _resolve_conferrer(r: RecognitionMention, home: str | None,
                       gazetteer: Gazetteer) -> RecognitionMention:
    if not r.conferred_by:
        return r
    return replace(r, conferred_by=name_key(_absolute_name(r.conferred_by, home, gazetteer) or "")
                   or None)


def _conferrers(recognitions: list[RecognitionMention], mentions: list[Mention]
                ) -> tuple[list[RecognitionMention], list[Mention]]:
    """Map each conferring body's name to an institution key, adding the institution if new."""
    known = {m.key for m in mentions if m.kind == INSTITUTION}
    out, added = [], []
    for r in recognitions:
        if not r.conferred_by:
            out.append(r)
            continue
        label = clean_name(r.conferred_by)
        key = name_key(label)
        if key not in known:
            known.add(key)
            added.append(Mention(INSTITUTION, label, r.sentence, r.start, r.start, key,
                                 label, "GovernmentBody"))
        out.append(replace(r, conferred_by=key))
    return out, added
