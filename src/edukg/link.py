"""Cross-document identity: mentions → entities, relation mentions → facts with evidence.

Regions are already identified by admin code. Programs and institutions are identified by
their normalised name; a program's variants (“县管校聘” and “县管校聘”管理改革) are joined
through the aliases the extractor recorded, so one node carries every spelling. The label of
a merged node is its most frequent spelling (ties: the longest, then the first in code-point
order), which keeps the output independent of document order.

Outcomes are identified by what they state, not by where (the rule is in docs/copies.md): a
Measure by its holder, indicator, value, unit and year, a Recognition by its holder, label,
conferrer and year. The same fact said in several sentences, several reports, or reposts of
one report is one Outcome with one Evidence a sentence, and its IRI, a digest of that key,
is the same in a graph built from any subset of the documents (shards merge). Copies of one
report (copies.py) are listed in KnowledgeBase.copies; a copy that lost its own region (the
mirror dropped the issuer's header) takes the region of the report it copies.
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache

from .copies import copy_groups, fingerprint
from .periods import measure_is_cumulative
from .records import (HAS_OUTCOME, IMPLEMENTS, INSTITUTION, PROGRAM, REGION, UNNAMED_KEY,
                      CleanDocument, Entity, Evidence, Extraction, Fact, KnowledgeBase, Mention,
                      Outcome, RegionInfo)
from .extract.names import name_key

LEVEL_CLASS = {"country": "Country", "province": "Province", "city": "City",
               "county": "County", "town": "Town"}


class _Groups:
    """Union-find over name keys."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def evidence_for(doc: CleanDocument, sentence: int, since: int | None = None) -> Evidence:
    s = doc.sentences[sentence]
    return Evidence(doc.identifier, s.index, s.start, s.end, s.text, since)


def digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def link(extractions: Sequence[Extraction], skipped: Iterable[tuple[str, str]] = ()) -> KnowledgeBase:
    copies = copy_groups((ex.document.identifier, ex.fingerprint or fingerprint(ex.document),
                          _named(ex.home_region)) for ex in extractions) if len(extractions) > 1 else {}
    moved = _regions_of_copies(extractions, copies)
    groups = _Groups()
    for ex in extractions:
        for m in ex.mentions:
            if m.kind == PROGRAM:
                for alias in m.aliases:
                    groups.union(m.key, name_key(alias))
    canon = {REGION: lambda k: moved.get(k, k), INSTITUTION: lambda k: k, PROGRAM: groups.find}

    entities = _entities(extractions, canon, moved)
    kinds = {e.key: e.kind for e in entities}
    facts = _facts(extractions, canon, kinds)
    outcomes = _outcomes(extractions, canon, kinds)
    outcome_facts = [
        Fact(subject, HAS_OUTCOME, o.key, o.evidence)
        for o in outcomes for subject in o.subjects
    ]
    homes = ((ex.document.identifier, canon[REGION](ex.home_region)) for ex in extractions
             if ex.home_region)
    return KnowledgeBase(
        documents=tuple(sorted((ex.document for ex in extractions), key=lambda d: d.identifier)),
        entities=tuple(sorted(entities, key=lambda e: (e.kind, e.key))),
        facts=tuple(sorted(facts + outcome_facts, key=lambda f: (f.subject, f.predicate, f.object))),
        outcomes=tuple(sorted(outcomes, key=lambda o: o.key)),
        skipped=tuple(skipped),
        document_regions=tuple(sorted((d, region) for d, region in homes if region in kinds)),
        copies=tuple(sorted(copies.items())),
    )


def _named(region: str | None) -> str | None:
    return None if region is None or region.startswith(UNNAMED_KEY) else region


def _regions_of_copies(extractions: Sequence[Extraction], copies: dict[str, str]) -> dict[str, str]:
    """{unnamed region key: the region it stands for} for copies of a report that lost its
    own region: the region most of the report's copies name (ties: the smallest key), else
    the stand-in of the report's first copy, so that all copies hold their facts on one node."""
    members: dict[str, list[Extraction]] = defaultdict(list)
    for ex in extractions:
        identifier = ex.document.identifier
        members[copies.get(identifier, identifier)].append(ex)
    moved: dict[str, str] = {}
    for first, group in members.items():
        if len(group) < 2:
            continue
        homes = [ex.home_region for ex in group if ex.home_region]
        named = Counter(h for h in homes if not h.startswith(UNNAMED_KEY))
        target = (min(named, key=lambda k: (-named[k], k)) if named
                  else UNNAMED_KEY + first if UNNAMED_KEY + first in homes else None)
        for home in homes:
            if target and home.startswith(UNNAMED_KEY) and home != target:
                moved[home] = target
    return moved


def _entities(extractions: Sequence[Extraction], canon, moved: dict[str, str]) -> list[Entity]:
    by_key: dict[tuple[str, str], list[tuple[Mention, str]]] = defaultdict(list)
    regions: dict[str, RegionInfo] = {}
    for ex in extractions:
        for m in ex.mentions:
            by_key[(m.kind, canon[m.kind](m.key))].append((m, ex.document.identifier))
        for r in ex.regions:
            if r.code not in moved:
                regions[r.code] = r
    for code in regions:                      # ancestors named by no sentence still get a node
        by_key.setdefault((REGION, code), [])

    out = []
    for (kind, key), seen in by_key.items():
        spellings = Counter(m.text for m, _ in seen)
        docs = tuple(sorted({d for _, d in seen}))
        hant = sorted({m.original for m, _ in seen if _is_traditional_spelling(m)})
        others = {a for m, _ in seen for a in m.aliases} | set(spellings)
        subclasses = Counter(m.subclass for m, _ in seen if m.subclass)
        if kind == REGION:
            info = regions.get(key)
            if info is None:
                continue
            label, code, level = info.name, info.code, info.level
            subclass = LEVEL_CLASS.get(info.level)
        else:
            label = _preferred(spellings)
            code = level = None
            subclass = min(subclasses, key=lambda s: (-subclasses[s], s)) if subclasses else None
        out.append(Entity(kind, key, label, tuple(sorted(others - {label})), tuple(hant),
                          subclass, code, level, docs))
    return out


def _preferred(spellings: dict[str, int]) -> str:
    """The most frequent spelling; ties: the longest, then the first in code-point order."""
    if len(spellings) == 1:
        return next(iter(spellings))
    return min(spellings, key=lambda s: (-spellings[s], -len(s), s))


def _is_traditional_spelling(m: Mention) -> bool:
    """The source spelling differs from the label only by script (濰坊 for 潍坊), not a
    relative word (全市) that resolved to the place."""
    from .normalize import to_simplified

    if not m.original or m.original == m.text:
        return False
    simplified = to_simplified(m.original)
    return simplified != m.original and simplified in (m.text, *m.aliases)


def _facts(extractions: Sequence[Extraction], canon, kinds: dict[str, str]) -> list[Fact]:
    evidence: dict[tuple[str, str, str], set[Evidence]] = defaultdict(set)
    for ex in extractions:
        for r in ex.relations:
            subject = _canonical(r.subject, canon, kinds)
            obj = canon[PROGRAM](r.object) if r.predicate == IMPLEMENTS else canon[REGION](r.object)
            if subject in kinds and obj in kinds and subject != obj:
                evidence[(subject, r.predicate, obj)].add(evidence_for(ex.document, r.sentence, r.since))
    # (the same sentence can back a fact twice, with and without a start year: the key
    # orders those too, or set order, which changes between processes, would decide)
    return [Fact(s, p, o, _in_order(ev)) for (s, p, o), ev in evidence.items()]


def _in_order(evidence: set[Evidence]) -> tuple[Evidence, ...]:
    if len(evidence) == 1:
        return tuple(evidence)
    return tuple(sorted(evidence, key=lambda e: (e.document, e.sentence, e.since is not None,
                                                 e.since or 0)))


def _canonical(key: str, canon, kinds: dict[str, str]) -> str:
    if key in kinds:                # a region moved to another copy's is never an entity
        return key
    key = canon[REGION](key)
    return key if key in kinds else canon[PROGRAM](key)


class _Statements:
    """The sentences that state one outcome, gathered before the Outcome is made."""

    __slots__ = ("kind", "subjects", "labels", "evidence", "fields", "approximate", "cumulative")

    def __init__(self, kind: str, subjects: tuple[str, ...], fields: dict) -> None:
        self.kind, self.subjects, self.fields = kind, subjects, fields
        self.labels: dict[str, int] = {}          # spelling → how many sentences use it
        self.evidence: set[Evidence] = set()
        self.approximate = self.cumulative = False

    def outcome(self, key: str) -> Outcome:
        return Outcome(self.kind, key, _preferred(self.labels), self.subjects,
                       _in_order(self.evidence), approximate=self.approximate,
                       cumulative=self.cumulative, **self.fields)


def _outcomes(extractions: Sequence[Extraction], canon, kinds: dict[str, str]) -> list[Outcome]:
    """One Outcome a fact. A measure's key is its holder, indicator, value, unit and year; a
    recognition's, its holders (the places one sentence lists for it), label, conferrer and
    year. A figure without a holder or whose number the text lost is known by its sentence
    too (two such figures in unrelated reports are not one fact)."""
    out: dict[str, _Statements] = {}
    for ex in extractions:
        doc = ex.document
        for m in ex.measures:
            subject = _canonical(m.subject, canon, kinds) if m.subject else None
            holder = subject if subject in kinds else None
            sentence = doc.sentences[m.sentence].text
            value = _decimal_key(m.value)
            where = sentence if holder is None or value is None else ""
            key = "m" + digest(holder or "", m.indicator, value, m.unit, m.year or "", where)
            st = out.get(key)
            if st is None:
                st = out[key] = _Statements("Measure", (holder,) if holder else (), dict(
                    indicator=m.indicator, value=m.value, unit=m.unit, year=m.year,
                    unit_label=m.unit_label))
            label = m.text if not m.indicator or m.indicator in m.text else m.indicator + m.text
            st.labels[label] = st.labels.get(label, 0) + 1
            st.evidence.add(evidence_for(doc, m.sentence))
            st.approximate |= m.approximate
            st.cumulative |= measure_is_cumulative(m, sentence)
        listed: dict[tuple, set[str]] = defaultdict(set)   # one recognition of several places
        for r in ex.recognitions:
            subject = _canonical(r.subject, canon, kinds) if r.subject else None
            conferrer = r.conferred_by if r.conferred_by in kinds else None
            holders = listed[(r.sentence, r.start, r.label, conferrer, r.year, r.kind or None)]
            if subject in kinds:
                holders.add(subject)
        for (sentence, _, label, conferrer, year, kind), holders in listed.items():
            where = "" if holders else doc.sentences[sentence].text
            key = "r" + digest(*sorted(holders), label, conferrer or "", year or "", where)
            st = out.get(key)
            if st is None:
                st = out[key] = _Statements("Recognition", tuple(sorted(holders)), dict(
                    year=year, conferred_by=conferrer, recognition_kind=kind))
            st.labels[label] = st.labels.get(label, 0) + 1
            st.evidence.add(evidence_for(doc, sentence))
    return [st.outcome(key) for key, st in out.items()]


@lru_cache(maxsize=1 << 14)
def _decimal_key(value) -> str | None:
    """43亿 and 4.3E+9 are one value: the positional text of the normalised decimal."""
    return None if value is None else format(value.normalize(), "f")
