"""Chinese/Arabic numerals with magnitudes → exact Decimal values."""
from decimal import Decimal

import pytest

from edukg.numbers import find_numbers, parse_number, parse_quantity, parse_rank, parse_year


@pytest.mark.parametrize(
    ("text", "value", "approximate"),
    [
        ("43余亿", "4300000000", True),
        ("1.4万余", "14000", True),
        ("3000余万", "30000000", True),
        ("6.3万", "63000", False),
        ("28.76万", "287600", False),
        ("18.13", "18.13", False),
        ("三", "3", False),
        ("两", "2", False),
        ("十二", "12", False),
        ("十余", "10", True),
        ("二十多", "20", True),
        ("两千零二十", "2020", False),
        ("一万两千", "12000", False),
        ("1.5千万", "15000000", False),
        ("1,036", "1036", False),
        ("１２", "12", False),          # full-width digits
        ("0", "0", False),
    ],
)
def test_parse_quantity(text, value, approximate):
    assert parse_quantity(text) == (Decimal(value), approximate)


def test_values_are_exact_decimals():
    # no float on the way: 0.1 + 0.2 style drift would show here
    assert parse_number("1.1万") == Decimal("11000")
    assert str(parse_number("18.13")) == "18.13"
    assert str(parse_number("43余亿")) == "4300000000"


@pytest.mark.parametrize("text", ["", "万", "亿", "余", "多", "abc", "第"])
def test_not_a_number(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(("text", "rank"), [("第1", 1), ("第一", 1), ("第十二", 12), ("3", 3)])
def test_parse_rank(text, rank):
    assert parse_rank(text) == rank


@pytest.mark.parametrize("text", ["第1.5", "第0", "第一余"])
def test_not_a_rank(text):
    assert parse_rank(text) is None


def test_parse_year():
    assert parse_year("2022") == 2022
    assert parse_year("二〇一五") == 2015
    assert parse_year("1870") is None
    assert parse_year("22") is None


def test_find_numbers_offsets_and_kinds():
    text = "累计投入43余亿元，新建学校66所，涵盖三个学段"
    found = find_numbers(text)
    assert [(n.text, n.value, n.approximate, n.chinese) for n in found] == [
        ("43余亿", Decimal("4300000000"), True, False),
        ("66", Decimal("66"), False, False),
        ("三", Decimal("3"), False, True),
    ]
    for n in found:
        assert text[n.start:n.end] == n.text


def test_find_numbers_ignores_bare_magnitudes():
    # numbers stripped from the text leave magnitude words behind: nothing to parse
    assert find_numbers("教学资源多万个，受益师生超过万人次") == []
    assert find_numbers("千方百计") == []
