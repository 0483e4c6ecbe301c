"""Clean a decoded document: the copy's damage repaired, Simplified script, the page read for
its header and furniture, sentences with offsets.

Reports scraped from bureau web sites carry page furniture (portal links, index numbers,
字号/打印/分享到, visit counters, footers), advertising lines and titles repeated two or three
times; copies on document sites are cut at a fixed width and strewn with markup. Extraction
should see the article, in one script, so that one lexicon and one set of patterns serve
Simplified and Traditional input alike; the Traditional spelling is kept per sentence so
labels can carry it as an altLabel. `repair.py` undoes a copy's damage line by line and
`layout.py` tells the report's lines from the page's; this module converts the script and
cuts the kept lines into sentences, each with its role (body, heading, list item, furniture
that names bodies) and the heading it sits under.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .layout import FACT_ROLES, KEPT_ROLES, Header, read_layout, states_facts
from .records import CleanDocument, Document, Sentence
from .repair import repair_lines

_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|\n")
_WORD = re.compile(r"[\u3400-\u9fffA-Za-z0-9]")
_SPACES = re.compile(r"[ \t\u3000\xa0]+")
# A character's pinyin in brackets right after it, as some mirror sites print them: 學(xué)校.
_TONE_MARK = re.compile(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")
_PINYIN_GLOSS = re.compile(rf"(?<=[\u3400-\u9fff])[(（][a-zü]*{_TONE_MARK.pattern}[a-zü]*[)）]")
# A 来源 field names the publisher only when it is a full body name (涉县教育体育局), not a
# bare 教体局 or a newspaper; it names the paper a page reposts when it is one.
_BODY_NAME = re.compile(r"(局|委员会|教委|政府|厅|部|中心|办公室)$")
_PAPER_NAME = re.compile(r"(报|日报|晚报|杂志|周刊|电视台|广播电台|网)$")
_REPRINT = re.compile(r"《([^《》]{2,20}(?:报|日报|晚报|杂志|周刊))》.{0,30}?以《([^《》]{4,80})》为题")


@lru_cache(maxsize=1)
def _converter():
    import opencc  # imported lazily: the CLI should start fast

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _converter().convert(text)


def is_chrome(line: str) -> bool:
    """Whether a line, read on its own, is page furniture (kept for its names or dropped)
    rather than the report: menus, tools, header fields, footers, advertising, no words."""
    return not states_facts(read_layout([(line, line)]).lines[0].role)


def split_sentences(text: str) -> list[str]:
    """Sentences on 。！？; and newlines, each keeping its closing mark."""
    parts = (_SPACES.sub(" ", p).strip() for p in _SENTENCE_END.split(text))
    return [p for p in parts if _WORD.search(p)]


def _reprint_source(lines: list[str]) -> tuple[str | None, str | None]:
    """A reprint opens by naming its periodical and headline: 《山东教育报》…以《…》为题."""
    for line in lines[:3]:
        match = _REPRINT.search(line)
        if match:
            return match.group(1), match.group(2)
    return None, None


def normalize(document: Document) -> CleanDocument:
    """Document → CleanDocument (the only stage that looks at raw lines)."""
    raw_lines = repair_lines([(_PINYIN_GLOSS.sub("", ln) if _TONE_MARK.search(ln) else ln).strip()
                              for ln in document.text.splitlines()])
    simplified_lines = [to_simplified(ln) for ln in raw_lines]
    script = "hant" if simplified_lines != raw_lines else "hans"
    layout = read_layout(list(zip(simplified_lines, raw_lines)))
    header = layout.header

    sentences: list[Sentence] = []
    first_sentence: dict[int, int] = {}         # layout line → its first sentence
    seen: set[str] = set()
    offset = 0
    for n, line in enumerate(layout.lines):
        if line.role not in KEPT_ROLES:
            continue
        simple_parts = split_sentences(line.text)
        original_parts = split_sentences(line.original)
        aligned = len(original_parts) == len(simple_parts) and all(
            len(a) == len(b) for a, b in zip(simple_parts, original_parts))
        heading = first_sentence.get(line.heading, -1)
        for i, part in enumerate(simple_parts):
            if part in seen or _is_fragment(part, sentences):
                continue            # titles repeated by the page, stray tails of lines
            seen.add(part)
            first_sentence.setdefault(n, len(sentences))
            original = original_parts[i] if aligned else part
            sentences.append(Sentence(len(sentences), offset, part, original, line.role, heading))
            offset += len(part) + 1
    periodical, quoted_title = _reprint_source(
        [line.text for line in layout.lines if line.role in FACT_ROLES])
    source = header.source if header.source and _PAPER_NAME.search(header.source) else None
    return CleanDocument(
        identifier=document.identifier,
        path=document.path,
        text="\n".join(s.text for s in sentences),
        sentences=tuple(sentences),
        script=script,
        title=header.title or quoted_title,
        publisher=_publisher(header),
        issued=header.issued,
        source=periodical or source,
        subtitle=header.subtitle,
        site=header.site,
        url=header.url,
    )


def _publisher(header: Header) -> str | None:
    """The issuing body: the header's 发文机关/发布机构 field, else a 来源 field that names a
    full body (涉县教育体育局, not a bare 教体局 or a paper), else the signature's body."""
    if header.issuer:
        return header.issuer
    source = header.source
    if source and len(source) >= 5 and _BODY_NAME.search(source) and not _PAPER_NAME.search(source) \
            and not source.startswith(("省", "市", "区", "县", "本")):     # 县教科体局: whose?
        return source
    return header.signature


def _is_fragment(part: str, previous: list[Sentence]) -> bool:
    """A short piece that only repeats the end of the sentence before it (a scraping echo)."""
    if not previous or len(part) > 8:
        return False
    core = part.rstrip("。！？!?；; ")
    return bool(core) and previous[-1].text.rstrip("。！？!?；; ").endswith(core)
