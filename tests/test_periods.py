"""Which figures are running totals (edu:cumulative), so that sums leave them out."""
from __future__ import annotations

import pytest

from edukg.periods import is_cumulative


def figure(sentence: str, surface: str, indicator: str, year: int | None = None) -> bool:
    start = sentence.index(surface)
    return is_cumulative(sentence, start, start + len(surface), indicator, year)


@pytest.mark.parametrize("sentence, surface, indicator", [
    ("通过设立市级财政专项资金等方式，累计投入43余亿元，完成校安工程。", "累计投入43余亿元", "累计投入"),
    ("三是持续实施重点民生工程，—年全市累计投入52亿元，新建学校66所。", "累计投入52亿元", "累计投入"),
    ("2018—2022年全市投入资金5亿元。", "投入资金5亿元", "投入资金"),
    ("近三年，全市新建学校12所，投入资金5亿元。", "投入资金5亿元", "投入资金"),
    ("五年来，全市投入5亿元。", "投入5亿元", "投入"),
    ("“十三五”期间，全市投入资金5亿元。", "投入资金5亿元", "投入资金"),
    ("党的十八大以来，全市投入资金5亿元。", "投入资金5亿元", "投入资金"),
    ("2015年以来，发放各类助学金1036万元。", "发放各类助学金1036万元", "发放各类助学金"),
])
def test_running_totals_are_cumulative(sentence: str, surface: str, indicator: str):
    assert figure(sentence, surface, indicator)


@pytest.mark.parametrize("sentence, surface, indicator, year", [
    ("目前，投资1.2亿元的新建曜华小学已投入使用。", "投资1.2亿元", "投资", None),
    ("2022年投入资金1.2亿元。", "投入资金1.2亿元", "投入资金", 2022),
    ("近年来，全市不断加大投入，2022年投入资金5亿元。", "投入资金5亿元", "投入资金", 2022),
    ("今年以来，全市投入资金5亿元。", "投入资金5亿元", "投入资金", None),
    ("全县共有中小学58所。", "中小学58所", "中小学", None),
])
def test_a_years_or_a_moments_figure_is_not(sentence: str, surface: str, indicator: str,
                                            year: int | None):
    assert not figure(sentence, surface, indicator, year)


def test_a_running_total_next_to_a_yearly_figure_in_one_sentence():
    sentence = "2022年投入资金1.2亿元，累计投入20亿元。"
    assert not figure(sentence, "投入资金1.2亿元", "投入资金", 2022)
    assert figure(sentence, "累计投入20亿元", "累计投入")
