"""Read a page as an analyst does: which lines are the report, which are the page around it,
and what the page's header says about the report.

A report reaches analysts inside a page: a government portal's links to its parent
governments (中国政府网 | 某省人民政府 | 某市人民政府), the site's name, menus and breadcrumbs,
the header fields of an information-disclosure page (索引号, 发文机关, 发布日期, 标题 …), a line
with the date and the paper it came from (来源：某某日报), share and print bars, a footer
(主办单位, 版权所有, 地址, 备案号), a reading site's furniture (还剩4页未读), a document-sharing
site's lines (文档下载 | 上传时间 | 页数 | 大小, 由会员分享), photo captions. An analyst reads past
all of it; so does this stage. It turns the cleaned lines of a document into a `Layout`:

* a `Header` with the fields parsed in their real forms (one field a line or several on one
  line, labels spaced out as 索 引 号, blank values) and what follows from them: the title (the
  title field, else the page's headline; never a menu, a login bar, an editor's line or a
  document site's file name), the issuing body, the source paper, the document's date;
* every line with its `role`:
  - TITLE, HEADING, ITEM (a list item, a table row, one name a line), TABLE_HEAD, BODY: the
    report itself, read for every kind of fact;
  - CHROME: furniture that names bodies or places (the portal's links, the site's name, the
    issuing body's field, the source line, the footer's host body and address). The names are
    real institutions and regions, so they are read as entities, but the line states no fact
    about the report's region and never decides which region the report is about;
  - SITE: the site's own name at the top of the page (某县人民政府, 某区教育局门户网站): furniture
    too, but it tells the report's region when neither the issuer nor the title does (a
    county's portal mostly publishes the county's reports);
  - DROPPED: furniture that names nothing worth keeping (menus, tools, counters, credits,
    captions, document-site lines).
* for each line of a list or a table, `heading`: the index of the heading (or the table's
  header row) it sits under, so that a list of recipients can be read with its title.

Which date is the document's (`Header.issued`), when the page gives several: the document's
own date (成文日期, or the date under the signature at its end) wins over the date the issuer
published it (发文日期/发布日期), which wins over a page's posting or update time (发布时间,
时间, 更新时间). The page's time line often carries the date of the newspaper article it
reposts, and a portal can publish a document long after it was written; the signature is the
author's own statement of when.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

TITLE = "title"
HEADING = "heading"
ITEM = "item"
TABLE_HEAD = "table-head"
BODY = "body"
CHROME = "chrome"
SITE = "site"
DROPPED = "dropped"
KEPT_ROLES = (TITLE, HEADING, ITEM, TABLE_HEAD, BODY, CHROME, SITE)
FACT_ROLES = (TITLE, HEADING, ITEM, TABLE_HEAD, BODY)     # lines that may state facts


@dataclass(frozen=True)
class Line:
    """One line of the page, Simplified, with its source-script original and its role."""

    text: str
    original: str
    role: str
    heading: int = -1       # index of the heading / table head line it sits under


@dataclass(frozen=True)
class Header:
    """What the page's header fields (and its signature) say about the document."""

    title: str | None = None
    issuer: str | None = None       # the body that issued the document (发文机关, 发布机构, 落款)
    source: str | None = None       # the paper or site it came from (来源)
    author: str | None = None
    issued: str | None = None       # ISO date: the document's own date (see the module docstring)
    index_number: str | None = None  # 索引号
    document_number: str | None = None   # 文号
    category: str | None = None     # 主题分类
    subtitle: str | None = None     # a line right under the headline (——访…, 副题)
    signature: str | None = None    # the body signing at the document's end (落款)
    site: str | None = None         # the site's own name at the top (某县人民政府门户网站 → 某县人民政府)
    url: str | None = None          # the page's own address (原文链接: https://…)
    fields: tuple[tuple[str, str], ...] = field(default=())   # every (label, value) read


@dataclass(frozen=True)
class Layout:
    header: Header
    lines: tuple[Line, ...]


# ----------------------------------------------------------------------- vocabularies

@lru_cache(maxsize=1)
def _fields() -> dict[str, str]:
    from .segment import data_path

    out: dict[str, str] = {}
    for line in data_path("layout", "header_fields.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, kind = line.split("\t")
            out[label.strip()] = kind.strip()
    return out


@lru_cache(maxsize=1)
def _field_label() -> re.Pattern[str]:
    """A header field's label (characters possibly spaced out) and its colon."""
    labels = sorted(_fields(), key=len, reverse=True)
    spaced = "|".join(r"\s*".join(map(re.escape, label)) for label in labels)
    return re.compile(rf"(?<![\u4e00-\u9fff])(?P<label>{spaced})\s*[:：]")


@lru_cache(maxsize=1)
def _furniture() -> tuple[tuple[str, re.Pattern[str]], ...]:
    from .segment import data_path

    out = []
    for line in data_path("layout", "page_furniture.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, pattern = line.split("\t", 1)
            out.append((kind, re.compile(pattern.strip())))
    return tuple(out)


_DATE = re.compile(r"((?:19|20)\d{2})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})")
_DATE_LINE = re.compile(r"^\s*(?:(?:19|20)\d{2}\s*[-年./]\s*\d{1,2}\s*[-月./]\s*\d{1,2}\s*日?)\s*"
                        r"(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*$")
_LEADING_DATE = re.compile(r"^\s*(?:19|20)\d{2}\s*[-年./]\s*\d{1,2}\s*[-月./]\s*\d{1,2}\s*日?"
                           r"\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s+")
_CJK = re.compile(r"[\u3400-\u9fff]")
_SEPARATORS = re.compile(r"\s*[|｜]\s*|\s{2,}|\s*[>›»]\s*")
_SENTENCE_MARK = re.compile(r"[。；;！!？?，,]")
_BULLET = re.compile(r"^\s*(?:[·•●■◆▪◇○\-*]\s*|[①-⑳]\s*|\d{1,3}\s*[.．、]\s*(?!\d)|[（(]\d{1,3}[）)]\s*)")
_TABLE_ROW = re.compile(r"^\s*(?:\d{1,4}|——|—|-)\s+\S")
# A case study's label and a numbered section heading (典型案例：…, 三、…, （二）…, 第二章): the
# relation stage reads sections by them; a headline is neither.
CASE_LABEL = re.compile(r"^(?:典型)?案例[一二三四五六七八九十\d]*[:：]")
SECTION_HEADING = re.compile(rf"{CASE_LABEL.pattern}|^[一二三四五六七八九十]+、|^[（(][一二三四五六七八九十]+[）)]"
                             r"|^第[一二三四五六七八九十]+[章节部分]")
_HEADING_WORDS = re.compile(r"^(?:附件|附表|附录|附[:：]|延伸阅读|相关链接|链接[:：]|背景[:：]|名单)")
# A body's name: what a portal link, a site name or a footer field holds.
_BODY_END = re.compile(r"(?:人民政府|政府|委员会|教育局|教体局|教育厅|教育委员会|教委|办公室|局|厅|部|委"
                       r"|学校|中学|小学|大学|学院|幼儿园|中心|报社|日报|晚报|报|电视台|网)$")
_SITE_SUFFIX = re.compile(r"(?:门户网站|政府门户网|官方网站|网站|官网|门户网)$")
_NATIONAL_PORTAL = re.compile(r"^(?:中国政府网|中华人民共和国中央人民政府|中央人民政府门户网站)$")
_MAX_SEGMENT = 12            # characters of one menu or link item
_MAX_HEADLINE = 64
_MIN_HEADLINE = 5
_TOP_LINES = 40              # the header lies within the page's first lines
_FOOTER_KEEP = ("主办单位", "主办", "承办单位", "承办", "版权所有", "地址")
_FILE_NAME_TAIL = re.compile(r"(?:[-_—]\s*)?(?:(?:Word|PDF|word|pdf)?文档)?(?:免费)?(?:下载)?(?:推荐)?"
                             r"\.(?:docx?|pdf|wps|txt)$")
_DATE_PRIORITY = ("date-own", "signature", "date-issued", "date-posted")


# --------------------------------------------------------------------------- fields

def parse_fields(line: str) -> list[tuple[str, str, int, int]]:
    """The header fields of one line: (label without spaces, value, start, end). Empty
    when the line does not open with a field (optionally after a date: `2016-05-10 09:12
    来源:新华网`)."""
    pattern = _field_label()
    start = 0
    lead = _LEADING_DATE.match(line)
    if lead:
        start = lead.end()
    first = pattern.match(line, start) if line[start:start + 1] else None
    if first is None:
        stripped = line.lstrip(" \t\u3000•·|")
        offset = len(line) - len(stripped)
        first = pattern.match(line, offset)
        if first is None:
            return []
    labels = [m for m in pattern.finditer(line, first.start())]
    out = []
    for n, m in enumerate(labels):
        end = labels[n + 1].start() if n + 1 < len(labels) else len(line)
        value = line[m.end():end].strip(" \t\u3000|｜【】")
        label = re.sub(r"\s+", "", m.group("label"))
        if field_kind(label) != "title" and _SENTENCE_MARK.search(_first_value(value)) \
                and len(value) > 12:
            return []       # 记者：…有哪些变化？ opens a question, not a field
        out.append((label, value, m.start(), end))
    return out


def field_kind(label: str) -> str:
    return _fields().get(label, "")


def _date_of(value: str) -> str | None:
    m = _DATE.search(value)
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


# ---------------------------------------------------------------------- line kinds

def furniture_kind(line: str) -> str | None:
    """The kind of page furniture a line is (data/layout/page_furniture.tsv), or None."""
    line = line.lstrip("•·|｜>›»-*▪ \t\u3000")
    for kind, pattern in _furniture():
        if pattern.match(line):
            return kind
    return None


def states_facts(role: str) -> bool:
    """Whether a sentence of this role may state a fact (furniture names entities only)."""
    return role in FACT_ROLES


def _segments(line: str) -> list[str]:
    return [s for s in _SEPARATORS.split(line.strip()) if s]


def _is_menu(line: str) -> bool:
    """A bar of short links (首页 | 学校概况 | 新闻动态, 职教动态 | 地方职教): no sentence, every
    item short, separated by bars or wide spaces."""
    if _SENTENCE_MARK.search(line):
        return False
    words = line.split()
    if len(words) >= 4 and all(len(w) <= 8 for w in words):
        return True         # 首页 政务公开 教育新闻 通知公告 …: a menu with single spaces
    parts = _segments(line)
    barred = bool(re.search(r"[|｜]", line))
    return (len(parts) >= 3 or barred and len(parts) >= 2) \
        and all(len(p) <= _MAX_SEGMENT for p in parts) \
        and not all(_BODY_END.search(_SITE_SUFFIX.sub("", p)) for p in parts)


def _portal_bodies(line: str) -> list[str] | None:
    """The bodies a portal's link line names (中国政府网 | 某省人民政府 | 某市人民政府), or None."""
    if _SENTENCE_MARK.search(line) or not re.search(r"[|｜]|\s{2,}", line.strip()):
        return None
    parts = _segments(line)
    if len(parts) < 2:
        return None
    named = [p for p in parts if not _NATIONAL_PORTAL.match(p)]
    if named and all(_BODY_END.search(_SITE_SUFFIX.sub("", p)) and len(p) <= 24 for p in named):
        return named
    return None


def _site_name(line: str) -> str | None:
    """A site's name line (某县人民政府, 某市某区人民政府门户网站): the body's name."""
    text = line.strip()
    if _SENTENCE_MARK.search(text) or len(text) > 30 or " " in text:
        return None
    body = _SITE_SUFFIX.sub("", text)
    if body != text or _is_body_name(body):
        return body if len(body) >= 4 else None
    return None


def _footer_keep(line: str) -> str | None:
    """The host-body and address fields of a footer (主办单位：…, 版权所有：…, 地址：…)."""
    parts = []
    for m in re.finditer(r"(?<![\u4e00-\u9fff])(主办单位|主办|承办单位|承办|版权所有|地址)\s*[:：]\s*([^\s:：|｜]+)", line):
        value = m.group(2)
        if len(_CJK.findall(value)) >= 4 and not value.startswith(("本站", "本网", "本网站")):
            parts.append(m.group(0))
    return "  ".join(parts) or None


# ----------------------------------------------------------------------------- main

def read_layout(lines: list[tuple[str, str]]) -> Layout:
    """Lines (Simplified text, source-script original) → Layout: see the module docstring."""
    lines = _labels_over_values(lines)
    roles: list[str] = []
    texts: list[tuple[str, str]] = []
    values: dict[str, str] = {}
    dates: dict[str, str] = {}
    fields_read: list[tuple[str, str]] = []
    in_related = False
    for n, (simple, original) in enumerate(lines):
        text = simple.strip()
        role, keep = _classify(text, n, lines, values, dates, fields_read)
        if role == "related":
            in_related, role = True, DROPPED
        elif in_related:
            if role == BODY and _SENTENCE_MARK.search(text) and len(text) > 40:
                in_related = False
            elif role in (BODY, TITLE):
                role = DROPPED          # a title of another article in the related list
        if keep is not None and keep != text:
            original = keep if len(original.strip()) != len(text) else _same_span(original.strip(), text, keep)
            text = keep
        roles.append(role)
        texts.append((text, original.strip() if keep is None else original))
    _signature(texts, roles, values, dates)
    title_at = _headline(texts, roles, values)
    subtitle = None
    if title_at is not None:
        roles[title_at] = TITLE
        nxt = _next_kept(roles, title_at)
        if nxt is not None and re.match(r"^[—―-]{1,2}", texts[nxt][0]) and len(texts[nxt][0]) <= _MAX_HEADLINE:
            roles[nxt] = TITLE
            subtitle = texts[nxt][0].lstrip("—―- ")
    title = values.get("title") or (texts[title_at][0] if title_at is not None else None)
    if title is None:
        title = _file_name_title(lines)
    headings = _structure(texts, roles)
    out = tuple(Line(t, o, r, h) for (t, o), r, h in zip(texts, roles, headings))
    issued = next((dates[k] for k in _DATE_PRIORITY if k in dates), None)
    header = Header(title=title, issuer=values.get("issuer"), source=values.get("source"),
                    author=values.get("author"), issued=issued, index_number=values.get("index"),
                    document_number=values.get("number"), category=values.get("category"),
                    subtitle=subtitle, signature=values.get("signature"), site=values.get("site"),
                    url=_page_url(values.get("url")), fields=tuple(fields_read))
    return Layout(header, out)


_BARE_LABEL = re.compile(r"^\s*(?:[•·\-*▪]\s*)?(?P<label>[\u4e00-\u9fff](?:\s*[\u4e00-\u9fff]){1,5})\s*[:：]?\s*$")
_BULLETS = re.compile(r"^\s*[•·\-*▪]\s*")


def _labels_over_values(lines: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A header printed as a list, each label on its line and its value on the next
    (• 发布日期 / • 2021-03-31): one `label：value` line each, as the field reader expects."""
    out: list[tuple[str, str]] = []
    n = 0
    while n < len(lines):
        simple, original = lines[n]
        m = _BARE_LABEL.match(simple) if n < _TOP_LINES else None
        label = re.sub(r"\s+", "", m.group("label")) if m else ""
        if m and field_kind(label) and n + 1 < len(lines):
            value_simple, value_original = lines[n + 1]
            value = _BULLETS.sub("", value_simple).strip()
            nxt = _BARE_LABEL.match(value_simple)
            if nxt and field_kind(re.sub(r"\s+", "", nxt.group("label"))):
                out.append((f"{label}：", f"{label}："))       # a blank field
                n += 1
                continue
            out.append((f"{label}：{value}", f"{label}：{_BULLETS.sub('', value_original).strip()}"))
            n += 2
            continue
        out.append((simple, original))
        n += 1
    return out


def _same_span(original: str, text: str, keep: str) -> str:
    k = text.find(keep)
    return original[k:k + len(keep)] if k >= 0 else keep


def _classify(text: str, n: int, lines, values: dict[str, str], dates: dict[str, str],
              fields_read: list[tuple[str, str]]) -> tuple[str, str | None]:
    """(role, text to keep instead of the line, or None for the line itself)."""
    if not text or len(_CJK.findall(text)) < 2 and not re.search(r"[A-Za-z]{3}", text):
        return DROPPED, None
    fields = parse_fields(text) if n < _TOP_LINES or _field_label().match(text) else []
    if fields:
        return _field_line(text, fields, values, dates, fields_read)
    kind = furniture_kind(text)
    if kind == "footer":
        keep = _footer_keep(text)
        return (CHROME, keep) if keep else (DROPPED, None)
    if kind == "related":
        return "related", None
    if kind is not None:
        return DROPPED, None
    if is_advert(text):
        return DROPPED, None
    bodies = _portal_bodies(text)
    if bodies is not None:
        return CHROME, " | ".join(bodies)
    if _is_menu(text):
        return DROPPED, None
    if n < _TOP_LINES:
        site = _site_name(text)
        if site and not _later_repeats(text, n, lines):
            values.setdefault("site", site)
            return SITE, site
    if re.fullmatch(r"[（(][^（()）]{1,12}[）)]", text):
        return DROPPED, None            # (综合整理), (图片来源网络): a note, not the report
    return BODY, None


def _later_repeats(text: str, n: int, lines) -> bool:
    return any(t.strip() == text for t, _ in lines[n + 1:n + 6])


def _field_line(text: str, fields, values: dict[str, str], dates: dict[str, str],
                fields_read: list[tuple[str, str]]) -> tuple[str, str | None]:
    keep = []
    for label, value, start, end in fields:
        kind = field_kind(label)
        fields_read.append((label, value))
        if not value:
            continue
        if kind.startswith("date-"):
            date = _date_of(value)
            if date:
                dates.setdefault(kind, date)
            continue
        if kind in ("views", "tools", "reporter"):
            continue
        if kind in ("issuer", "source", "author"):
            value = _first_value(value) if kind != "source" else value
        values.setdefault(kind, value)
        if kind in ("issuer", "source"):
            keep.append(text[start:end].strip())
    lead = _LEADING_DATE.match(text)
    if lead:
        date = _date_of(lead.group(0))
        if date:
            dates.setdefault("date-posted", date)
    return (CHROME, "  ".join(keep)) if keep else (DROPPED, None)


_PAGE_URL = re.compile(r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&*+,;=%]+", re.IGNORECASE)


def _page_url(value: str | None) -> str | None:
    """The http(s) address a 原文链接/网址 field gives, if it gives one (ASCII IRI characters:
    it becomes an IRI of the graph)."""
    m = _PAGE_URL.search(value or "")
    return m.group(0).rstrip(".,;:!*") if m and "." in m.group(0) else None


def _first_value(value: str) -> str:
    """A field's value up to the next wide space: 发文机关：某县人民政府    (another field)."""
    return re.split(r"\s{2,}|\t", value.strip())[0]


_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MIN_CJK_WITH_URL = 40      # an article paragraph may cite a link; a short line with one is chrome
# A line about schooling keeps its place even if it names a hospital (…医院与学校共建…).
_EDUCATION_WORD = re.compile(r"教育|学校|教师|学生|校园|课程|教学|办学|幼儿园|小学|中学|大学|学院")


@lru_cache(maxsize=1)
def _advert_markers() -> re.Pattern[str]:
    from .segment import read_word_list

    return re.compile("|".join(map(re.escape, read_word_list("advert_markers.txt"))))


def is_advert(line: str) -> bool:
    """Advertising spliced into a page: a short line with a URL, a line with a URL and ad
    words, or ad words and nothing about schooling (data/lexicon/advert_markers.txt). A
    paragraph that merely cites a link stays."""
    advert = _advert_markers().search(line)
    if _URL.search(line) and (advert or len(_CJK.findall(line)) < _MIN_CJK_WITH_URL):
        return True                 # 北京专治痤疮医院 http://…: a link line or an ad with a link
    return bool(advert) and not _EDUCATION_WORD.search(line)


def _next_kept(roles: list[str], n: int) -> int | None:
    for k in range(n + 1, len(roles)):
        if roles[k] != DROPPED:
            return k
    return None


def _headline(texts, roles, values: dict[str, str]) -> int | None:
    """The line that is the page's headline: the title field's line when it repeats it;
    else, above the first section heading, the first short line that reads like a headline
    (no sentence mark; a colon only inside: 某区：…); else an opening line with a pause or an
    exclamation (新增教师2260名！…之路) that is shorter than what follows it."""
    wanted = values.get("title")
    candidates = [n for n, r in enumerate(roles[:_TOP_LINES]) if r == BODY][:8]
    if wanted:
        return next((n for n in candidates if texts[n][0] == wanted), None)
    top = []
    for n in candidates:
        text = texts[n][0]
        if SECTION_HEADING.match(text) or _BULLET.match(text) or _HEADING_WORDS.match(text):
            break
        top.append(n)
    for n in top:
        text = texts[n][0]
        if _MIN_HEADLINE <= len(text) <= _MAX_HEADLINE and not re.search(r"[。！!？?；;，,]", text) \
                and not text.endswith(("：", ":", "、")):
            return n
    if len(top) >= 2:
        first, after = texts[top[0]][0], texts[top[1]][0]
        if _MIN_HEADLINE <= len(first) <= 40 and "。" not in first and len(after) > len(first) \
                and not first.endswith(("；", ";", "，", ",", "：", ":", "？", "?")):
            return top[0]
    return None


def _file_name_title(lines) -> str | None:
    """A document site's page names the file (…工作汇报Word文档下载推荐.docx): its name is the
    title when no headline is found."""
    for simple, _ in lines[:5]:
        text = simple.strip()
        if _FILE_NAME_TAIL.search(text):
            name = _FILE_NAME_TAIL.sub("", text).strip("《》 ")
            return name if len(name) >= _MIN_HEADLINE else None
    return None


def _signature(texts, roles, values: dict[str, str], dates: dict[str, str]) -> None:
    """The signature at a document's end: its issuing body, then a date (某县人民政府 /
    2019年1月4日). The body is kept as CHROME (an entity, no facts); the date is the
    document's own."""
    kept = [n for n, r in enumerate(roles) if r == BODY]
    for n in kept[-6:]:
        text = texts[n][0]
        if _DATE_LINE.match(text):
            date = _date_of(text)
            if date:
                dates.setdefault("signature", date)
                roles[n] = DROPPED
                before = [k for k in kept if k < n][-1:]
                if before and _is_body_name(texts[before[0]][0]):
                    roles[before[0]] = CHROME
                    values.setdefault("signature", texts[before[0]][0])
    last = kept[-1:] if kept else []
    for n in last:
        if roles[n] == BODY and _is_body_name(texts[n][0]):
            roles[n] = CHROME
            values.setdefault("signature", texts[n][0])


def _is_body_name(text: str) -> bool:
    return 4 <= len(text) <= 30 and not _SENTENCE_MARK.search(text) and " " not in text.strip() \
        and bool(re.search(r"(?:人民政府|政府|委员会|教育局|教体局|教育厅|教育委员会|教委|办公室|督导室|局|厅)$", text))


def _structure(texts, roles: list[str]) -> list[int]:
    """Headings, list items and table rows, and the heading each item sits under."""
    headings = [-1] * len(roles)
    current = -1            # the heading lines sit under
    table = -1              # the header row of the table being read
    table_cells = 0
    body = [n for n, r in enumerate(roles) if r in (BODY, TITLE)]
    for position, n in enumerate(body):
        if roles[n] == TITLE:
            continue
        text = texts[n][0]
        cells = text.split()
        if table >= 0:
            if _TABLE_ROW.match(text) and abs(len(cells) - table_cells) <= 1:
                roles[n], headings[n] = ITEM, table
                continue
            table = -1
        if _is_table_head(cells):
            roles[n], headings[n] = TABLE_HEAD, current
            table, table_cells = n, len(cells)
            continue
        if SECTION_HEADING.match(text) or _HEADING_WORDS.match(text) and not re.search(r"[。；]", text):
            if len(text) <= 40 and not re.search(r"[。；;]", text[:-1]):
                roles[n] = HEADING
                current = n
                continue
            current = n if SECTION_HEADING.match(text) else current
            continue
        if _BULLET.match(text) and len(text) <= 60:
            roles[n], headings[n] = ITEM, current
            continue
        short = len(text) <= 30 and not re.search(r"[。；;，,！!？?]", text)
        if short:
            nxt = body[position + 1] if position + 1 < len(body) else None
            prev = body[position - 1] if position > 0 else None
            nxt_short = nxt is not None and _is_short(texts[nxt][0])
            prev_item = prev is not None and roles[prev] in (ITEM, HEADING) and prev == n - 1 \
                or prev is not None and roles[prev] == ITEM
            if nxt_short or prev_item:
                roles[n], headings[n] = ITEM, current
            else:
                roles[n] = HEADING
                current = n
    return headings


def _is_short(text: str) -> bool:
    return len(text) <= 30 and not re.search(r"[。；;，,！!？?]", text)


_COLUMN_WORDS = re.compile(r"^(?:序号|编号|市县|市州|地市|所在市|县(?:[（(]市、?区[）)])?|区县|地区|单位|学校名称|学校|"
                           r"名称|集团名称|学段|类别|批次|备注|所在地|市\(州\)|县\(市、区\))$")


def _is_table_head(cells: list[str]) -> bool:
    """A table's header row flattened to a line: 序号 所在市 县(市、区), 序号 地市 学校名称."""
    if len(cells) < 2:
        return False
    named = sum(1 for c in cells if _COLUMN_WORDS.match(c))
    return named >= 2 and named >= len(cells) - 1 and cells[0] in ("序号", "编号")
