"""Chinese and Arabic numerals with magnitudes, parsed into exact `decimal.Decimal` values.

Forms handled (the number expression only; units such as 元, 所, % are the caller's job):

    "43余亿" → 4300000000 (approximate)     "1.4万余" → 14000 (approximate)
    "3000余万" → 30000000 (approximate)     "6.3万" → 63000      "18.13" → 18.13
    "三" → 3   "两" → 2   "十二" → 12   "两千零二十" → 2020   "十余" → 10 (approximate)
    "1,036" → 1036        "１２" (full-width) → 12              "第1" / "第一" → rank 1

Why cn2an for the Chinese part: Chinese numerals have a real grammar — 两 for 2 before a unit,
零 gaps (一百零五), a bare leading 十 (十二), nested 万/亿 sections (一万两千, 三千四百万) — and
cn2an is a maintained, tested library that implements exactly that, so we do not keep a
hand-rolled parser with its own edge cases. We give it only the purely Chinese numeral (approx
markers such as 余/多 removed first, since cn2an rejects them).

Why not cn2an for Arabic digits: its "smart" mode routes mixed forms such as "1.4万" through
`float`, which can lose exactness; an Arabic coefficient is therefore parsed with `Decimal`
and multiplied by the magnitude characters that follow it (十/百/千/万/亿, in any product
such as 千万 or 万亿). This keeps "18.13" exactly 18.13 and "28.76万" exactly 287600.

Pure functions, no state; safe in any process.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import cn2an

__all__ = [
    "APPROX_INFIXES",
    "CHINESE_DIGITS",
    "MAGNITUDES",
    "NUMBER_RE",
    "NumberMatch",
    "find_numbers",
    "is_chinese_numeral",
    "normalize_digits",
    "parse_number",
    "parse_quantity",
    "parse_rank",
    "parse_year",
]

# Full-width digits and signs map 1:1 to ASCII, so offsets are unchanged.
_FULLWIDTH_CHARS = "０１２３４５６７８９．，％"
_FULLWIDTH = str.maketrans(_FULLWIDTH_CHARS, "0123456789.,%")
_HAS_FULLWIDTH = re.compile(f"[{re.escape(_FULLWIDTH_CHARS)}]")

CHINESE_DIGITS = "零〇一二三四五六七八九两"
MAGNITUDES = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
# Markers inside a number expression that make it approximate: 43余亿, 二十多, 1.4万余.
APPROX_INFIXES = "余多"

_MAG = "十百千万亿"
# At most 15 digits before the point: longer runs are identifiers, not quantities (and would
# overflow Decimal's context).
_ARABIC = r"\d{1,3}(?:,\d{3}){1,4}(?:\.\d{1,6})?(?!\d)|(?<!\d)\d{1,15}(?:\.\d{1,6})?(?![\d.])"
# Arabic coefficient, optional 余/多, optional magnitude chain, optional trailing 余/多.
_ARABIC_EXPR = rf"(?:{_ARABIC})[{APPROX_INFIXES}]?[{_MAG}]*[{APPROX_INFIXES}]?"
# A Chinese numeral must contain a digit character (so a bare 万 or 百 from a stripped number
# is not a number); a leading 十 counts (十二, 十余).
_CN_CHARS = CHINESE_DIGITS + _MAG
_CHINESE_EXPR = (
    rf"(?:[{CHINESE_DIGITS}十][{_CN_CHARS}]*)[{APPROX_INFIXES}]?[{_MAG}]*[{APPROX_INFIXES}]?"
)
NUMBER_RE = re.compile(rf"(?P<arabic>{_ARABIC_EXPR})|(?P<chinese>{_CHINESE_EXPR})")


@dataclass(frozen=True)
class NumberMatch:
    """One number expression found in a text."""

    start: int
    end: int
    text: str
    value: Decimal
    approximate: bool
    chinese: bool        # written in Chinese numerals (三, 两千) rather than Arabic digits


def normalize_digits(text: str) -> str:
    """Full-width digits, point, comma and percent sign to ASCII (same length). Most text
    has none: looking for one is several times faster than translating every character."""
    return text.translate(_FULLWIDTH) if _HAS_FULLWIDTH.search(text) else text


def is_chinese_numeral(text: str) -> bool:
    return bool(text) and all(ch in _CN_CHARS or ch in APPROX_INFIXES for ch in text)


def _clean(value: Decimal) -> Decimal:
    """Drop a meaningless exponent/trailing zeros: 4.3E+9 → 4300000000, 63000.0 → 63000."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _magnitude(chars: str) -> Decimal | None:
    factor = Decimal(1)
    for ch in chars:
        if ch not in MAGNITUDES:
            return None
        factor *= MAGNITUDES[ch]
    return factor


def _parse_arabic(text: str) -> Decimal | None:
    m = re.fullmatch(rf"({_ARABIC})([{_MAG}]*)", text)
    if not m:
        return None
    try:
        coefficient = Decimal(m.group(1).replace(",", ""))
    except InvalidOperation:
        return None
    factor = _magnitude(m.group(2))
    return None if factor is None else coefficient * factor


@lru_cache(maxsize=4096)
def _parse_chinese(text: str) -> Decimal | None:
    """cn2an's value of a Chinese numeral. Cached: reports repeat a few numerals (三, 两, 十)
    thousands of times, and cn2an checks and parses each from scratch."""
    if not text or not any(ch in CHINESE_DIGITS + "十" for ch in text):
        return None
    try:
        result = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        # cn2an rejects some valid-looking chains ("三十万亿"); try a trailing magnitude split.
        head = text.rstrip("万亿")
        tail = text[len(head):]
        if not tail or head == text:
            return None
        inner = _parse_chinese(head)
        factor = _magnitude(tail)
        return None if inner is None or factor is None else inner * factor
    return Decimal(str(result))


def parse_quantity(text: str) -> tuple[Decimal, bool] | None:
    """Parse one whole number expression into (value, approximate); None if it is not one.

    >>> parse_quantity("43余亿")
    (Decimal('4300000000'), True)
    """
    text = normalize_digits(text.strip())
    if not text:
        return None
    approximate = any(ch in APPROX_INFIXES for ch in text)
    core = "".join(ch for ch in text if ch not in APPROX_INFIXES)
    if not core:
        return None
    if core[0].isdigit():
        value = _parse_arabic(core)
    else:
        value = _parse_chinese(core)
    if value is None:
        return None
    return _clean(value), approximate


def parse_number(text: str) -> Decimal | None:
    """Parse one whole number expression ("1.4万余", "两", "3000余万") into a Decimal."""
    parsed = parse_quantity(text)
    return None if parsed is None else parsed[0]


def parse_rank(text: str) -> int | None:
    """"第1" / "第一" / "第十二" (with or without 第) → the rank as an int; None otherwise."""
    text = normalize_digits(text.strip())
    if text.startswith("第"):
        text = text[1:]
    value = parse_number(text)
    if value is None or value != value.to_integral_value() or value < 1:
        return None
    if any(ch in APPROX_INFIXES for ch in text):
        return None
    return int(value)


_YEAR_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")


def parse_year(text: str) -> int | None:
    """A written 4-digit year ("2022", "二〇一五") → int in 1900–2099; None otherwise."""
    text = normalize_digits(text.strip()).translate(_YEAR_DIGITS)
    if re.fullmatch(r"(?:19|20)\d\d", text):
        return int(text)
    return None


def find_numbers(text: str) -> list[NumberMatch]:
    """Every number expression in `text`, left to right, with offsets into `text`.

    Only the numeral itself is matched ("43余亿", "三", "1.4万余"); what it counts and whether
    it is a date, a list marker or a code is decided by the caller from the context.
    """
    norm = normalize_digits(text)
    found: list[NumberMatch] = []
    for m in NUMBER_RE.finditer(norm):
        parsed = parse_quantity(m.group(0))
        if parsed is None:
            continue
        value, approximate = parsed
        found.append(
            NumberMatch(
                start=m.start(),
                end=m.end(),
                text=text[m.start():m.end()],
                value=value,
                approximate=approximate,
                chinese=m.group("chinese") is not None,
            )
        )
    return found
