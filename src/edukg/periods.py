"""Whether a stated figure covers several years: the rule the catalog's sums rely on.

A report gives yearly figures (2022年投入1.2亿元) next to running totals (累计投入43余亿元,
近三年新建学校12所, 2018—2022年…). Adding a running total to a yearly figure, or two running
totals of overlapping periods, counts the same money twice; so a Measure says it is
cumulative (edu:cumulative true) and the sums leave it out. The markers are genre knowledge,
kept in data/lexicon/cumulative_markers.txt.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .segment import read_word_list

_CLAUSE_END = re.compile(r"[，,；;。：:！!？?]")


@lru_cache(maxsize=1)
def _markers() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in read_word_list("cumulative_markers.txt")))


def is_cumulative(sentence: str, start: int, end: int, indicator: str = "",
                  year: int | None = None) -> bool:
    """The figure at sentence[start:end] is a sum over several years: a marker in its
    indicator or in its own clause, or, when it states no year of its own, anywhere before
    it in the sentence (近三年，全市新建学校12所，投入资金5亿元: both figures)."""
    markers = _markers()
    if indicator and markers.search(indicator):
        return True
    clause = 0
    for m in _CLAUSE_END.finditer(sentence, 0, start):
        clause = m.end()
    if markers.search(sentence, clause, end):
        return True
    return year is None and bool(markers.search(sentence, 0, clause))
