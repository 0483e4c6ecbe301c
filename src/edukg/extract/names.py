"""Where a name starts: shared by the program and institution extractors.

Names of programs and institutions in these reports end in a recognisable head word
(…工程, …改革, …小学, …教育局) but start wherever the clause's verb or function word ends
("深入实施|中小学特色学校建设工程", "投资1.2亿元的新建|曜华小学"). Reading leftwards from the head
over jieba tokens and stopping at a boundary word (a data list) or punctuation keeps names on
word boundaries without hand-listing names.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ..records import Token
from ..segment import read_word_list

OPEN_QUOTES = "“\"「『‘'"
CLOSE_QUOTES = "”\"」』’'"
QUOTES = OPEN_QUOTES + CLOSE_QUOTES
_NOISE = re.compile(r"[\s\"'`“”‘’「」『』《》〈〉]")
_NAME_CHAR = re.compile(r"[\u3400-\u9fffA-Za-z0-9+＋·—\-“”\"「」]")
PUNCT_TAGS = frozenset({"x", "w"})
STOP_TAGS = frozenset({"p", "c", "uj", "ul", "uz", "ug", "ud", "r", "m", "q", "mq"})
# Verbs that form a compound head with the head word: 标准化|提升工程, 队伍|建设试点.
COMPOUND_VERBS = frozenset({"提升", "建设", "推进", "推广", "培养", "培育", "改造", "促进",
                            "发展", "振兴", "创建", "攻坚", "评选", "治理", "改进", "更新",
                            "攻关", "奖励", "支持", "帮扶", "创新"})
COUNTED = re.compile(r"[一二三四五六七八九十两百]+[项个年类级大张种]")
NUMERALS = "0123456789０１２３４５６７８９一二三四五六七八九十百千万两几多余首批"
PROPER_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nz", "zg", "ng", "nt", "eng"})
MAX_NAME = 24
# A count right after a name: it names a kind of which there are several (名师工作室28个).
COUNT_AFTER = re.compile(r"(?:\d+|[一二三四五六七八九十百千]+)[个所家处支]")


@dataclass(frozen=True)
class Vocabulary:
    """The word lists the name extractors share; loaded once per process."""

    boundaries: frozenset[str]
    generic: frozenset[str]

    @cached_property
    def long_boundaries(self) -> frozenset[str]:
        return frozenset(b for b in self.boundaries if len(b) > 1)

    @cached_property
    def generic_word(self) -> re.Pattern[str]:
        """Matches the longest generic word at a position (alternatives tried longest first)."""
        words = sorted((w for w in self.generic if w), key=len, reverse=True)
        return re.compile("|".join(map(re.escape, words)) if words else "(?!)")

    def is_boundary(self, word: str) -> bool:
        """A boundary word, or a word ending in one of two or more characters (全面|推行)."""
        return word in self.boundaries or any(
            word[-n:] in self.boundaries for n in range(2, min(len(word), 5)))

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "Vocabulary":
        return cls(frozenset(read_word_list("boundary_words.txt")),
                   frozenset(read_word_list("generic_modifiers.txt")))


def name_key(text: str) -> str:
    """The identity of a name across documents: NFKC, no spaces, quotes or book-title marks."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text)).casefold()


def clean_name(text: str) -> str:
    """A label: quotes and book-title marks removed, surrounding punctuation trimmed."""
    return _NOISE.sub("", text).strip("、，,：:（）()-—·")


def left_boundary(sentence: str, tokens: Sequence[Token], head_start: int,
                  vocab: Vocabulary, floor: int = 0,
                  stop_tags: frozenset[str] = STOP_TAGS) -> int:
    """Offset where the name whose head starts at head_start begins.

    Walks tokens leftwards from the head; a quoted stretch is taken whole (“县管校聘”);
    stops at other punctuation, a boundary word, a tag in stop_tags, or MAX_NAME characters.
    A head that starts inside a token (武术|学校 in 武术学校) takes that token with it.
    """
    start = head_start
    named = False                       # the head's token is a name already (县管校聘管理改革/nz)
    # Tokens are in order and do not overlap: the ones that matter are found by bisection,
    # not by a walk over the whole sentence for every head it holds.
    at = bisect_right(tokens, head_start, key=_token_start) - 1
    if at >= 0:
        token = tokens[at]
        prefix = sentence[token.start:head_start]
        if token.start < head_start < token.end \
                and (prefix in COMPOUND_VERBS or not vocab.is_boundary(prefix)):
            start = token.start         # 武术|学校 in one token; not 迅速|行动
            named = token.tag in PROPER_TAGS
    before = tokens[bisect_left(tokens, floor, key=_token_start):bisect_right(tokens, start, key=_token_end)]
    i = len(before) - 1
    head_part = not named               # still right next to the head
    while i >= 0:
        token = before[i]
        if token.end != start or start - token.start > MAX_NAME or head_start - token.start > MAX_NAME:
            break
        word = token.text
        if word and word[-1] in CLOSE_QUOTES:
            opening = max(sentence.rfind(q, floor, token.start + 1) for q in "“「『")
            if opening < 0 or head_start - opening > MAX_NAME:
                break
            start = opening
            while i >= 0 and before[i].end > opening:
                i -= 1
            head_part = False           # 推广|“一长多校、捆绑考核”机制: the verb is not the head's
            continue
        if token.tag in PUNCT_TAGS and (not _NAME_CHAR.fullmatch(word[0])
                                        or sentence.startswith("——", token.start - 1)
                                        or sentence.startswith("——", token.start)):
            break                       # (a dash pair sets a headline off: 技能成才——某中心校)
        # 提升|工程, 两年推广攻关|计划, 八项|行动: verbs and counts next to the head belong to it
        compound_head = head_part and (word in COMPOUND_VERBS or bool(COUNTED.fullmatch(word)))
        head_part = compound_head
        if not compound_head and (vocab.is_boundary(word) or _stops(token, sentence, stop_tags)):
            break                       # 提升|工程, 建设|试点 stay whole: the verb is in the head
        start = token.start
        i -= 1
    while start < head_start and sentence[start] in CLOSE_QUOTES + "、，,":
        start += 1                      # a name does not start with a closing quote
    return start


def _token_start(token: Token) -> int:
    return token.start


def _token_end(token: Token) -> int:
    return token.end


def _stops(token: Token, sentence: str, stop_tags: frozenset[str]) -> bool:
    """A function word, or a counted quantity (7个, 首批): a name does not extend over it.
    A measure word counts only after a numeral (名|班主任 is a name, 2个|团队 is not)."""
    if token.text.startswith("第"):
        return False                    # 第二医科大学: an ordinal inside a name
    if token.tag in ("q", "mq"):
        return token.start > 0 and sentence[token.start - 1] in NUMERALS
    return token.tag in stop_tags


def is_proper(core_tokens: list[Token]) -> bool:
    """Whether a name's core looks like a proper name: a place or person-name token, or a
    run of single characters (jieba splits names it does not know: 曜|华, 瀚|文)."""
    if any(t.tag in PROPER_TAGS for t in core_tokens):
        return True
    singles = 0
    for t in core_tokens:
        singles = singles + 1 if len(t.text) == 1 and t.tag not in PUNCT_TAGS else 0
        if singles >= 2:
            return True
    return False


def is_generic(core: str, vocab: Vocabulary) -> bool:
    """Whether the part before the head only describes a kind (特色, 农村中小) and names nothing."""
    rest = clean_name(core)
    at, match = 0, vocab.generic_word.match
    while at < len(rest):               # strip the longest generic word, again and again
        m = match(rest, at)
        if m is None:
            return False
        at = m.end()
    return True


_FUNCTION_CHARS = set("了的在和与及对把将为以是")
_CJK_ITEM = re.compile(r"[\u4e00-\u9fff]{1,4}")


def listed_start(sentence: str, start: int, vocab: Vocabulary, heads: re.Pattern[str]) -> int:
    """Extend a name over the short items listed right before it: 名师、名校长|建设工程.

    Every item is one to four Chinese characters, none a head word or a boundary word, and
    the first one starts right after punctuation, a function character or a boundary word.
    """
    if start < 2 or sentence[start - 1] != "、":
        return start
    parts = sentence[:start - 1].split("、")

    def fits(item: str) -> bool:
        return bool(_CJK_ITEM.fullmatch(item)) and not heads.search(item) \
            and not _FUNCTION_CHARS.intersection(item) \
            and not any(item.startswith(b) for b in vocab.long_boundaries)

    items: list[str] = []
    for index in range(len(parts) - 1, -1, -1):
        part = parts[index]
        if index > 0 and fits(part):    # a whole item, between two 、
            items.insert(0, part)
            continue
        for size in range(min(4, len(part)), 0, -1):   # the item that ends a longer stretch
            item, before = part[-size:], part[:-size]
            if fits(item) and (not before or not _NAME_CHAR.match(before[-1])
                               or before[-1] in _FUNCTION_CHARS or vocab.is_boundary(before)):
                items.insert(0, item)
                break
        else:
            return start
        break
    return start - 1 - len("、".join(items))


def balanced_quotes(text: str) -> bool:
    return all(text.count(a) == text.count(b) for a, b in ("“”", "「」", "『』"))


def clause_start(text: str, end: int) -> int:
    """Where the clause that holds text[end] begins (after the last clause punctuation)."""
    return max(text.rfind(p, 0, end) for p in "，,。；;：:") + 1
