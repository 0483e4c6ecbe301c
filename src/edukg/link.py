"""Cross-document identity: mentions → entities, relation mentions → facts with evidence.

Regions are already identified by admin code. Programs and institutions are identified by
their normalised name; a program's variants (“县管校聘” and “县管校聘”管理改革) are joined
through the aliases the extractor recorded, so one node carries every spelling. The label of
a merged node is its most frequent spelling (ties: the longest, then the first in code-point
order), which keeps the output independent of document order.
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from .records import (HAS_OUTCOME, IMPLEMENTS, INSTITUTION, PROGRAM, REGION, CleanDocument,
                      Entity, Evidence, Extraction, Fact, KnowledgeBase, Mention, Outcome,
                      RegionInfo)
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
    groups = _Groups()
    for ex in extractions:
        for m in ex.mentions:
            if m.kind == PROGRAM:
                for alias in m.aliases:
                    groups.union(m.key, name_key(alias))
    canon = {REGION: lambda k: k, INSTITUTION: lambda k: k, PROGRAM: groups.find}

    entities = _entities(extractions, canon)
    kinds = {e.key: e.kind for e in entities}
    facts = _facts(extractions, canon, kinds)
    outcomes = _outcomes(extractions, canon, kinds)
    outcome_facts = [
        Fact(subject, HAS_OUTCOME, o.key, (o.evidence,))
        for o in outcomes for subject in o.subjects
    ]
    return KnowledgeBase(
        documents=tuple(sorted((ex.document for ex in extractions), key=lambda d: d.identifier)),
        entities=tuple(sorted(entities, key=lambda e: (e.kind, e.key))),
        facts=tuple(sorted(facts + outcome_facts, key=lambda f: (f.subject, f.predicate, f.object))),
        outcomes=tuple(sorted(outcomes, key=lambda o: o.key)),
        skipped=tuple(skipped),
        document_regions=tuple(sorted((ex.document.identifier, ex.home_region) for ex in extractions
                                      if ex.home_region and ex.home_region in kinds)),
    )


def _entities(extractions: Sequence[Extraction], canon) -> list[Entity]:
    by_key: dict[tuple[str, str], list[tuple[Mention, str]]] = defaultdict(list)
    regions: dict[str, RegionInfo] = {}
    for ex in extractions:
        for m in ex.mentions:
            by_key[(m.kind, canon[m.kind](m.key))].append((m, ex.document.identifier))
        for r in ex.regions:
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
            label = min(spellings, key=lambda s: (-spellings[s], -len(s), s))
            code = level = None
            subclass = min(subclasses, key=lambda s: (-subclasses[s], s)) if subclasses else None
        out.append(Entity(kind, key, label, tuple(sorted(others - {label})), tuple(hant),
                          subclass, code, level, docs))
    return out


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
            obj = canon[PROGRAM](r.object) if r.predicate == IMPLEMENTS else r.object
            if subject in kinds and obj in kinds and subject != obj:
                evidence[(subject, r.predicate, obj)].add(evidence_for(ex.document, r.sentence, r.since))
    # (the same sentence can back a fact twice, with and without a start year: the key
    # orders those too, or set order, which changes between processes, would decide)
    return [Fact(s, p, o, tuple(sorted(ev, key=lambda e: (e.document, e.sentence,
                                                          e.since is not None, e.since or 0))))
            for (s, p, o), ev in evidence.items()]


def _canonical(key: str, canon, kinds: dict[str, str]) -> str:
    return key if key in kinds else canon[PROGRAM](key)


def _outcomes(extractions: Sequence[Extraction], canon, kinds: dict[str, str]) -> list[Outcome]:
    out: dict[str, Outcome] = {}
    for ex in extractions:
        doc = ex.document
        for m in ex.measures:
            subject = _canonical(m.subject, canon, kinds) if m.subject else None
            key = "m" + digest(doc.identifier, m.sentence, m.start, m.end, m.value, m.unit)
            label = m.text if not m.indicator or m.indicator in m.text else m.indicator + m.text
            out[key] = Outcome(
                "Measure", key, label, (subject,) if subject in kinds else (),
                evidence_for(doc, m.sentence), indicator=m.indicator, value=m.value,
                unit=m.unit, approximate=m.approximate, year=m.year, unit_label=m.unit_label)
        for r in ex.recognitions:
            subject = _canonical(r.subject, canon, kinds) if r.subject else None
            key = "r" + digest(doc.identifier, r.sentence, r.start, r.label)
            conferrer = r.conferred_by if r.conferred_by in kinds else None
            subjects = (subject,) if subject in kinds else ()
            if key in out:              # the same recognition of several listed places
                subjects = tuple(sorted(set(out[key].subjects) | set(subjects)))
            out[key] = Outcome(
                "Recognition", key, r.label, subjects,
                evidence_for(doc, r.sentence), year=r.year, conferred_by=conferrer,
                recognition_kind=r.kind or None)
    return list(out.values())
