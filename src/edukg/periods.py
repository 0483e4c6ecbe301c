"""Whether a stated figure covers several years: the rule the catalog's sums rely on.

A report gives yearly figures (2022年投入1.2亿元) next to running totals (累计投入43余亿元,
近三年新建学校12所, 2018—2022年…). Adding a running total to a yearly figure, or two running
totals of overlapping periods, counts the same money twice; so a Measure says it is
cumulative (edu:cumulative true) and the sums leave it out. The markers are genre knowledge,
kept in data/lexicon/cumulative_markers.txt.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from .records import Extraction, MeasureMention
from .segment import read_word_list

_CLAUSE_ENDS = "，,；;。：:！!？?"


@lru_cache(maxsize=1)
def _markers() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in read_word_list("cumulative_markers.txt")))


@lru_cache(maxsize=1 << 16)     # copies and template reports repeat their sentences
def is_cumulative(sentence: str, start: int, end: int, indicator: str = "",
                  year: int | None = None) -> bool:
    """The figure at sentence[start:end] is a sum over several years: a marker in its
    indicator or in its own clause, or, when it states no year of its own, anywhere before
    it in the sentence (近三年，全市新建学校12所，投入资金5亿元: both figures)."""
    markers = _markers()
    if indicator and markers.search(indicator):
        return True
    if not markers.search(sentence, 0, end):
        return False                    # most figures: no marker before their end
    clause = 1 + max(sentence.rfind(c, 0, start) for c in _CLAUSE_ENDS)
    return year is None or bool(markers.search(sentence, clause, end))


def measure_is_cumulative(m: MeasureMention, sentence: str) -> bool:
    """m.cumulative, or, when no stage has looked, whether m's sentence makes it cumulative."""
    if m.cumulative is not None:
        return m.cumulative
    return is_cumulative(sentence, m.start, m.end, m.indicator, m.year)


def mark_cumulative(ex: Extraction) -> Extraction:
    """ex with each measure's `cumulative` set: done per document, where documents are
    extracted (in worker processes), so that linking only reads it."""
    sentences = ex.document.sentences
    return replace(ex, measures=tuple(
        replace(m, cumulative=is_cumulative(sentences[m.sentence].text, m.start, m.end,
                                            m.indicator, m.year))
        for m in ex.measures))
