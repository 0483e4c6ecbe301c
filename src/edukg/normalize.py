"""Clean a decoded document: Simplified script, no web chrome or spam, sentences with offsets.

Reports scraped from bureau web sites carry page furniture (index numbers, 字号/打印/分享到,
visit counters, "Produced By" footers), advertising lines and titles repeated two or three
times. Extraction should see only the article, in one script, so that one lexicon and one
set of patterns serve Simplified and Traditional input alike; the Traditional spelling is
kept per sentence so labels can carry it as an altLabel.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .records import CleanDocument, Document, Sentence

# Lines that are page furniture, not article text.
_CHROME = re.compile(
    r"^\s*(?:[•·|｜>›»]\s*)*(?:"
    r"索\s*引\s*号|信息分类|文\s*号|字号|打印|分享到|访问次数|浏览次数|点击数|阅读次数|"
    r"信息来源|来源[:：]|日期[:：]|发布日期|发布时间|发文日期|成文日期|发布机构|"
    r"标题[:：]|上一篇|下一篇|关闭窗口|返回顶部|【?打印本页|【?关闭|扫一扫|"
    r"Produced\s+By|Copyright|版权所有|主办单位|承办单位|网站标识码|ICP备|公网安备"
    r")",
    re.IGNORECASE,
)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_HEADER_FIELD = re.compile(
    r"(标题|发布机构|信息来源|来源|发文日期|成文日期|发布日期|发布时间|日期)\s*[:：]\s*(.+?)"
    r"(?=\s{2,}|\s+[^\s:：]{2,6}\s*[:：]|$)"
)
_DATE = re.compile(r"(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})")
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|\n")
_CJK = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[\u3400-\u9fffA-Za-z0-9]")
_SPACES = re.compile(r"[ \t\u3000\xa0]+")
# A character's pinyin in brackets right after it, as some mirror sites print them: 學(xué)校.
_TONE_MARK = re.compile(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")
_PINYIN_GLOSS = re.compile(rf"(?<=[\u3400-\u9fff])[(（][a-zü]*{_TONE_MARK.pattern}[a-zü]*[)）]")
# A case study's label and a numbered section heading (典型案例：…, 三、…, （二）…): the
# relation stage reads sections by them; a headline is neither.
CASE_LABEL = re.compile(r"^(?:典型)?案例[一二三四五六七八九十\d]*[:：]")
SECTION_HEADING = re.compile(rf"{CASE_LABEL.pattern}|^[一二三四五六七八九十]+、|^[（(][一二三四五六七八九十]+[）)]")
_MIN_CJK_IN_LINE = 2
_MIN_CJK_WITH_URL = 40      # an article paragraph may cite a link; a short line with one is chrome
# A line about schooling keeps its place even if it names a hospital (…医院与学校共建…).
_EDUCATION_WORD = re.compile(r"教育|学校|教师|学生|校园|课程|教学|办学|幼儿园|小学|中学|大学|学院")


@dataclass(frozen=True)
class Header:
    title: str | None = None
    publisher: str | None = None
    issued: str | None = None


@lru_cache(maxsize=1)
def _converter():
    import opencc  # imported lazily: the CLI should start fast

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _converter().convert(text)


def read_header(lines: list[str]) -> Header:
    """Title, publisher and issue date from a bureau page header, when it states them."""
    fields: dict[str, str] = {}
    for line in lines[:30]:
        for name, value in _HEADER_FIELD.findall(line):
            fields.setdefault(name, value.strip())
    issued = None
    for name in ("成文日期", "发文日期", "发布日期", "发布时间", "日期"):
        match = _DATE.search(fields.get(name, ""))
        if match:
            y, m, d = (int(g) for g in match.groups())
            issued = f"{y:04d}-{m:02d}-{d:02d}"
            break
    publisher = fields.get("发布机构") or _named_body(fields.get("来源") or fields.get("信息来源"))
    return Header(fields.get("标题") or None, publisher, issued)


def _named_body(source: str | None) -> str | None:
    """A 来源 field names the publisher only when it is a full body name (涉县教育体育局), not a
    bare 教体局 or a newspaper."""
    if source and len(source) >= 5 and re.search(r"(局|委员会|政府|厅|部|中心|办公室)$", source):
        return source
    return None


def is_chrome(line: str) -> bool:
    """Page furniture, advertising (a short line carrying a URL, a line with a URL and ad words,
    or ad words and nothing about schooling: data/lexicon/advert_markers.txt) or a line with no
    Chinese words. A paragraph that merely cites a link stays."""
    stripped = line.strip()
    if not stripped:
        return True
    if _CHROME.match(stripped):
        return True
    advert = _advert_markers().search(stripped)
    if _URL.search(stripped) and (advert or len(_CJK.findall(stripped)) < _MIN_CJK_WITH_URL):
        return True                 # 北京专治痤疮医院 http://…: a link line or an ad with a link
    if advert and not _EDUCATION_WORD.search(stripped):
        return True                 # 深圳X康妇科医院 专家在线预约…: an ad, not the report
    return len(_CJK.findall(stripped)) < _MIN_CJK_IN_LINE


@lru_cache(maxsize=1)
def _advert_markers() -> re.Pattern[str]:
    from .segment import read_word_list

    return re.compile("|".join(map(re.escape, read_word_list("advert_markers.txt"))))


def split_sentences(text: str) -> list[str]:
    """Sentences on 。！？; and newlines, each keeping its closing mark."""
    parts = (_SPACES.sub(" ", p).strip() for p in _SENTENCE_END.split(text))
    return [p for p in parts if _WORD.search(p)]


_REPRINT = re.compile(r"《([^《》]{2,20}(?:报|日报|晚报|杂志|周刊))》.{0,30}?以《([^《》]{4,80})》为题")


def _reprint_source(lines: list[str]) -> tuple[str | None, str | None]:
    """A reprint opens by naming its periodical and headline: 《山东教育报》…以《…》为题."""
    for line in lines[:3]:
        match = _REPRINT.search(line)
        if match:
            return match.group(1), match.group(2)
    return None, None


def _guess_title(lines: list[str]) -> str | None:
    """The first short line that reads like a headline (no sentence-ending punctuation); else
    a news headline that opens the article with a pause or an exclamation in it (新增教师2260名！
    兰山教体局…之路, 齐河：加大投入力度，扩充优质学位资源) and is shorter than what follows."""
    for line in lines[:8]:
        if 6 <= len(line) <= 60 and not re.search(r"[。！？；,，:：]", line):
            return line
    body = [line for line in lines[:4] if not _HEADER_FIELD.match(line)]   # not 发布机构：…
    if len(body) >= 2 and 8 <= len(body[0]) <= 40 and "。" not in body[0] \
            and not body[0].endswith(("；", ";", "，", ",", "：", ":", "？", "?")) \
            and not SECTION_HEADING.match(body[0]) and len(body[1]) > len(body[0]):
        return body[0]
    return None


def normalize(document: Document) -> CleanDocument:
    """Document → CleanDocument (the only stage that looks at raw lines)."""
    raw_lines = [(_PINYIN_GLOSS.sub("", ln) if _TONE_MARK.search(ln) else ln).strip()
                 for ln in document.text.splitlines()]
    simplified_lines = [to_simplified(ln) for ln in raw_lines]
    script = "hant" if simplified_lines != raw_lines else "hans"
    header = read_header(simplified_lines)
    pairs = [(s, o) for s, o in zip(simplified_lines, raw_lines) if not is_chrome(s)]
    pairs = _publisher_line(simplified_lines, raw_lines, header) + pairs

    sentences: list[Sentence] = []
    seen: set[str] = set()
    offset = 0
    for simple_line, original_line in pairs:
        simple_parts = split_sentences(simple_line)
        original_parts = split_sentences(original_line)
        aligned = len(original_parts) == len(simple_parts) and all(
            len(a) == len(b) for a, b in zip(simple_parts, original_parts))
        for i, part in enumerate(simple_parts):
            if part in seen or _is_fragment(part, sentences):
                continue            # titles repeated by the page, stray tails of lines
            seen.add(part)
            original = original_parts[i] if aligned else part
            sentences.append(Sentence(len(sentences), offset, part, original))
            offset += len(part) + 1
    source, quoted_title = _reprint_source([s for s, _ in pairs])
    title = header.title or quoted_title or _guess_title([s for s, _ in pairs])
    return CleanDocument(
        identifier=document.identifier,
        path=document.path,
        text="\n".join(s.text for s in sentences),
        sentences=tuple(sentences),
        script=script,
        title=title,
        publisher=header.publisher,
        issued=header.issued,
        source=source,
    )


def _publisher_line(simplified: list[str], raw: list[str], header: Header) -> list[tuple[str, str]]:
    """The header's "发布机构: X" (or "来源: X") field, kept as a sentence: it is the evidence
    that X published the report (the rest of the header line is page furniture)."""
    if not header.publisher:
        return []
    for simple, original in zip(simplified, raw):
        span = _field_span(simple, header.publisher)
        if span:
            start, end = span
            source = original[start:end] if len(original) == len(simple) else simple[start:end]
            return [(simple[start:end], source)]
    return []


def _field_span(text: str, publisher: str) -> tuple[int, int] | None:
    """Where "发布机构: <publisher>" (or 信息来源/来源) first occurs in text, as re.search of
    that pattern finds it, but with one compiled pattern for every document (compiling one
    per document cost 0.4 ms each)."""
    if publisher[:1].isspace():     # the \s* before it would have to give some back
        match = re.search(_FIELD.pattern + re.escape(publisher), text)
        return match.span() if match else None
    for match in _FIELD.finditer(text):
        if text.startswith(publisher, match.end()):
            return match.start(), match.end() + len(publisher)
    return None


_FIELD = re.compile(r"(发布机构|信息来源|来源)\s*[:：]\s*")


def _is_fragment(part: str, previous: list[Sentence]) -> bool:
    """A short piece that only repeats the end of the sentence before it (a scraping echo)."""
    if not previous or len(part) > 8:
        return False
    core = part.rstrip("。！？!?；; ")
    return bool(core) and previous[-1].text.rstrip("。！？!?；; ").endswith(core)
