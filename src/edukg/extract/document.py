"""Per-document extraction: one CleanDocument in, one Extraction out (a pure function).

The extractors for each kind live in sibling modules; this module only runs them in order
(regions first: they give the document's own region, which the others need) and hands the
results to subject resolution.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..gazetteer import Gazetteer
from ..records import INSTITUTION, CleanDocument, Extraction, Mention, RecognitionMention
from ..segment import Segmenter
from .institutions import Bodies, extract_institutions
from .measures import extract_measures
from .names import Vocabulary, clean_name, name_key
from .programs import extract_programs
from .recognitions import extract_recognitions
from .regions import extract_regions
from .relations import (SubjectFinder, hierarchy_relations, location_relations,
                        program_relations, with_measure_subjects, with_recognition_subjects)


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
    for sentence in doc.sentences:
        tokens = ex.segmenter.tokens(sentence.text)
        place_starts = frozenset(m.start for m in regions.mentions if m.sentence == sentence.index)
        mentions += extract_programs(sentence, tokens, ex.vocab)
        mentions += extract_institutions(sentence, tokens, place_starts, ex.vocab)
        measures += extract_measures(sentence)
        recognitions += extract_recognitions(sentence)
    recognitions, conferrers = _conferrers(recognitions, mentions)
    mentions += conferrers
    mentions.sort(key=lambda m: (m.sentence, m.start, m.end, m.kind))

    finder = SubjectFinder(mentions, regions.home, regions.regions,
                           [s.text for s in doc.sentences])
    first_sentence = {}
    for m in mentions:
        first_sentence.setdefault(m.key, m.sentence)
    relations = (
        program_relations([m for m in mentions if m.kind == "Program"], finder)
        + location_relations([m for m in mentions if m.kind == INSTITUTION], mentions,
                             regions.home, frozenset(name_key(n) for n in ex.bodies.kinds))
        + hierarchy_relations(regions.regions, first_sentence)
    )
    return Extraction(
        document=doc,
        home_region=regions.home,
        mentions=tuple(mentions),
        relations=tuple(relations),
        measures=tuple(with_measure_subjects(measures, finder)),
        recognitions=tuple(with_recognition_subjects(recognitions, finder)),
        regions=tuple(regions.regions),
    )


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
        out.append(RecognitionMention(r.sentence, r.start, r.end, r.label, key, r.year))
    return out, added
