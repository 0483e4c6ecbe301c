"""Where a name starts: shared by the program and institution extractors.

Names of programs and institutions in these reports end in a recognisable head word
(…工程, …改革, …小学, …教育局) but start wherever the clause's verb or function word ends
("深入实施|中小学特色学校建设工程", "投资1.2亿元的新建|曜华小学"). Reading leftwards from the head
over jieba tokens and stopping at a boundary word (a data list) or punctuation keeps names on
word boundaries without hand-listing names.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..records import Token
from ..segment import read_word_list

OPEN_QUOTES = "“\"「『‘'"
CLOSE_QUOTES = "”\"」』’'"
QUOTES = OPEN_QUOTES + CLOSE_QUOTES
_NOISE = re.compile(r"[\s\"'`“”‘’「」『』《》〈〉]")
_NAME_CHAR = re.compile(r"[\u3400-\u9fffA-Za-z0-9+＋·—\-“”\"「」]")
PUNCT_TAGS = frozenset({"x", "w"})
STOP_TAGS = frozenset({"p", "c", "uj", "ul", "uz", "ug", "ud", "r", "m", "q", "mq"})
PROPER_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nz", "zg", "ng", "nt", "eng"})
MAX_NAME = 24


@dataclass(frozen=True)
class Vocabulary:
    """The word lists the name extractors share; loaded once per process."""

    boundaries: frozenset[str]
    generic: frozenset[str]

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


def left_boundary(sentence: str, tokens: tuple[Token, ...], head_start: int,
                  vocab: Vocabulary, floor: int = 0,
                  stop_tags: frozenset[str] = STOP_TAGS) -> int:
    """Offset where the name whose head starts at head_start begins.

    Walks tokens leftwards from the head; a quoted stretch is taken whole (“县管校聘”);
    stops at other punctuation, a boundary word, a tag in stop_tags, or MAX_NAME characters.
    A head that starts inside a token (武术|学校 in 武术学校) takes that token with it.
    """
    start = head_start
    for token in tokens:
        if token.start < head_start < token.end:
            start = token.start
    before = [t for t in tokens if t.end <= start and t.start >= floor]
    i = len(before) - 1
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
            continue
        if (token.tag in PUNCT_TAGS and not _NAME_CHAR.fullmatch(word[0])) \
                or vocab.is_boundary(word) or (token.tag in stop_tags and not word.startswith("第")):
            break
        start = token.start
        i -= 1
    while start < head_start and sentence[start] in CLOSE_QUOTES + "、，,":
        start += 1                      # a name does not start with a closing quote
    return start


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
    if not rest:
        return True
    words = sorted(vocab.generic, key=len, reverse=True)
    changed = True
    while rest and changed:
        changed = False
        for word in words:
            if rest.startswith(word):
                rest, changed = rest[len(word):], True
                break
    return not rest


def balanced_quotes(text: str) -> bool:
    return text.count("“") == text.count("”") and text.count("「") == text.count("」")
