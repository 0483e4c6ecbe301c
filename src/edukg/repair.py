"""Repair damaged copies of a report before its lines are read: what a copy did to the text,
undone, so that the layout stage and the sentence splitter see the lines the author wrote.

Reports reach analysts through document-sharing sites, mirrors and copy-and-paste, and each
leaves its marks:

* **markup fragments**: a mangled closing tag (`?/p>`, `</font>`, `<br/>`) and HTML entities
  (`&nbsp;`, `&amp;`) left in the text by a scraper: removed (entities decoded);
* **numbers cut off their sentence**: a figure on a line of its own (`全县共劝返` / `18` /
  `名学生…`) or split from its unit (`8316` / `万元`, `5018 万元`): rejoined, so the number
  reads with its unit and its sentence;
* **hard line breaks** of a fixed-width or PDF copy (lines cut at about one width,
  mid-sentence): the broken lines are joined again;
* **a document on one line** (every line break lost): split into lines again before each
  header field, each section heading and after each sentence, so that furniture can be told
  from the article line by line, as in the same text with its lines.

A masked name (`*中`, `**县`, `××学校`) is left as it is: it is never guessed into a real one
(the extractors do not read a name out of mask characters).

Everything here works on the source script line by line, and keeps a line's text otherwise
unchanged: the Traditional original of each line must still align with its Simplified form.
"""
from __future__ import annotations

import html
import re
import unicodedata

# `?/p>`, `</font>`, `<br/>`, `<p class="x">`: a tag, whole or with its `<` lost as `?`.
_TAG_NAMES = (r"p|br|div|span|font|b|strong|em|i|u|td|tr|th|li|ul|ol|table|tbody|a|img|h[1-6]"
              r"|section|article|center|sup|sub|small|big|blockquote|o:p")
_TAG = re.compile(rf"(?:<|[?？])/?(?:{_TAG_NAMES})(?:\s[^<>]{{0,200}})?\s*/?>", re.IGNORECASE)
_BARE_CLOSE = re.compile(rf"</(?:{_TAG_NAMES})>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#\d{1,6}|#x[0-9a-fA-F]{1,5}|[a-zA-Z]{2,8});")
_NUMBER_LINE = re.compile(r"[\d.,，]+\s*[%％‰]?")
_DIGITS_THEN_SPACE = re.compile(r"(?<=\d)[ \t\u3000\xa0]+(?=(?:万|亿|千|元|名|人|所|个|位|项|家|平方米|亩|台|套|册|间"
                                r"|%|％)(?![\u4e00-\u9fff]*[市县区镇]\s))")
_CJK_THEN_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])[ \t\u3000\xa0]+(?=\d)")
_CJK = re.compile(r"[\u3400-\u9fff]")
# What follows a figure that lost its line: its unit.
_UNIT_START = re.compile(r"^(?:万|亿|千|百|元|名|人|所|个|位|项|家|平方米|亩|公里|台|套|册|间|%|％)")
# A line ends its sentence (or is a title or a field) with one of these.
_CLOSED = tuple("。！？!?；;：:”」』）)】》…")
_OPENS_LINE = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]|[①-⑳]"
                         r"|[·•●■◆▲]|第[一二三四五六七八九十]+[章节部分条])")
# One-line documents: where a line was lost.
_ONE_LINE_MIN = 400          # characters of a line that may be a whole document
_FIELD_LABEL = re.compile(
    r"(?:索\s*引\s*号|发文机关|发布机构|发文字号|文\s*号|成文日期|发文日期|发布日期|发布时间|信息来源|"
    r"主题分类|信息分类|标\s*题|来源|日期|浏览次数|访问次数|字号|分享到|主办单位|版权所有)\s*[:：]"
    r"(?P<tool>(?<=次数:)\s*\d*|(?<=次数：)\s*\d*|(?<=字号:)\s*[大中小 ]*|(?<=字号：)\s*[大中小 ]*"
    r"|(?<=分享到:)|(?<=分享到：))?")
# The end of a date field's value, glued to what follows: 2019-10-18|芝罘区推动…
_DATE_VALUE = re.compile(r"(?:19|20)\d{2}-\d{1,2}-\d{1,2}(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?(?=\s*[\u4e00-\u9fff])")
# A space between two words where a line break was lost (the joiner of a one-line copy).
_LOST_BREAK = re.compile(r"(?<=[\u4e00-\u9fff”」）)])[ \t\u3000\xa0]+(?=[\u4e00-\u9fff“「（(])")
_HEADING_START = re.compile(r"(?<=[。！？；;\s])(?=[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
_SENTENCE_END = re.compile(r"(?<=[。！？!?])")
_PROSE_MARK = re.compile(r"[，,、]")
_MIN_WRAP_WIDTH = 24         # display columns: shorter lines are titles and list items
_MIN_WRAPPED_LINES = 4       # lines at the same width before a copy counts as hard-wrapped


def repair_lines(lines: list[str]) -> list[str]:
    """The lines of a document with the damage of its copy undone (see the module docstring)."""
    lines = [_strip_markup(line) for line in lines]
    if _is_one_line(lines):
        lines = _split_one_line(lines)
    lines = _join_cut_numbers(lines)
    lines = _join_hard_wraps(lines)
    return [_close_number_gaps(line) for line in lines]


def _strip_markup(line: str) -> str:
    if "<" not in line and "?" not in line and "？" not in line and "&" not in line:
        return line
    line = _TAG.sub("", line)
    line = _BARE_CLOSE.sub("", line)
    if "&" in line:
        line = _ENTITY.sub(lambda m: html.unescape(m.group()), line).replace("\xa0", " ")
    return line


def _close_number_gaps(line: str) -> str:
    """`5018 万元` → `5018万元`, `劝返 18名` → `劝返18名`: a copy's spaces inside a figure."""
    if " " not in line and "\u3000" not in line and "\t" not in line and "\xa0" not in line:
        return line
    if not _CJK.search(line):
        return line
    line = _DIGITS_THEN_SPACE.sub("", line)
    return _CJK_THEN_SPACE.sub("", line) if _reads_as_prose(line) else line


def _reads_as_prose(line: str) -> bool:
    """A paragraph (it has a comma or a full stop), not a header or a table row, whose
    columns the spaces separate (`序号 2019 年份`)."""
    return "，" in line or "。" in line or "," in line


def _join_cut_numbers(lines: list[str]) -> list[str]:
    """A figure alone on its line belongs to the open sentence around it."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if out and _NUMBER_LINE.fullmatch(stripped) and out[-1].strip() \
                and not out[-1].rstrip().endswith(_CLOSED) and _CJK.search(out[-1][-1:]) \
                and (_reads_as_prose(out[-1]) or _UNIT_START.match(nxt)):
            joined = out[-1].rstrip() + stripped
            if nxt and _CJK.match(nxt) and not _OPENS_LINE.match(nxt):
                joined += nxt       # 全县共劝返|18|名学生…: the sentence goes on
                i += 1
            out[-1] = joined
        elif out and _UNIT_START.match(stripped) and _NUMBER_LINE.fullmatch(out[-1].strip()):
            out[-1] = out[-1].strip() + stripped      # …。|8316|万元用于…: a number, then its unit
        else:
            out.append(line)
        i += 1
    return out


def display_width(text: str) -> int:
    """Columns a fixed-width copy gives a line: two for a wide (CJK) character, one else."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _join_hard_wraps(lines: list[str]) -> list[str]:
    """Join lines a fixed-width copy cut mid-sentence. A copy is hard-wrapped when at least
    _MIN_WRAPPED_LINES of its long lines, and a third of them, stop without ending a sentence
    (an author's paragraphs end with a full stop; a title or a list item is short; only
    lines of prose, with a comma in them, are counted: not menus or table rows). Then a
    line at least three quarters as wide as those cut lines, which does not end a sentence,
    goes on in the next line (digits and spaces make a PDF copy's lines uneven)."""
    widths = [display_width(line.strip()) for line in lines]
    long_lines = [(line.strip(), w) for line, w in zip(lines, widths)
                  if w >= _MIN_WRAP_WIDTH and _PROSE_MARK.search(line)]
    cut = sorted(w for text, w in long_lines
                 if not text.endswith(_CLOSED) and not _OPENS_LINE.match(text))
    if len(cut) < _MIN_WRAPPED_LINES or 3 * len(cut) < len(long_lines):
        return lines
    width = 0.75 * cut[len(cut) // 2]
    out: list[str] = []
    carry = False
    for line, w in zip(lines, widths):
        stripped = line.strip()
        if carry and stripped and not _OPENS_LINE.match(stripped):
            out[-1] = out[-1].rstrip() + stripped
        else:
            out.append(line)
        current = out[-1].strip()
        carry = bool(stripped) and w >= width and not current.endswith(_CLOSED)
    return out


def _is_one_line(lines: list[str]) -> bool:
    """A document that lost its line breaks: nearly all its text on one very long line."""
    longest = max(lines, key=len, default="")
    total = sum(len(line) for line in lines)
    return len(longest) >= _ONE_LINE_MIN and len(longest) >= 0.9 * total


def _split_one_line(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if len(line) < _ONE_LINE_MIN:
            out.append(line)
            continue
        for sentence in _SENTENCE_END.split(line):
            for part in _HEADING_START.split(sentence):
                for piece in _LOST_BREAK.split(part):
                    out.extend(p.strip() for p in _split_fields(piece) if p.strip())
    return out


def _split_fields(text: str) -> list[str]:
    """A run of header fields glued together (索引号:…发布机构:…成文日期:2019-10-18标题…): a
    line before each label, and after a field whose value cannot go on (a date, a counter,
    a tool bar)."""
    cuts = {0, len(text)}
    for m in _FIELD_LABEL.finditer(text):
        cuts.add(m.start())
        if m.group("tool") is not None:
            cuts.add(m.end())
    for m in _DATE_VALUE.finditer(text):
        cuts.add(m.end())
    points = sorted(cuts)
    return [text[a:b] for a, b in zip(points, points[1:])]
