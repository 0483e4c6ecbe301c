"""jieba tokenisation with the domain lexicon and the gazetteer's place names.

jieba's default dictionary splits education-administration terms (教育和体育局, 集团化办学)
and many county names; adding them keeps name boundaries on word boundaries. The lexicon is
a data file (data/lexicon/domain.txt, jieba user-dictionary format) so analysts can extend it
without touching code. Part-of-speech tagging runs with HMM=False: with HMM it is several
times slower and guesses tags for unknown names that the extractors do not rely on.
"""
from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from .records import Token

LEXICON = "domain.txt"
_PLACE_FREQ = 3000


def data_path(*parts: str) -> Path:
    return Path(str(resources.files("edukg").joinpath("data", *parts)))


def read_word_list(name_or_path: str | Path) -> tuple[str, ...]:
    """A word list (data/lexicon/NAME or a path): one entry per line, '#' comments ignored."""
    path = name_or_path if isinstance(name_or_path, Path) else data_path("lexicon", name_or_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(w for w in (ln.split("#", 1)[0].strip() for ln in lines) if w)


class Segmenter:
    """A private jieba tokenizer (the global one is left untouched) with our vocabulary."""

    def __init__(self, place_names: Iterable[str] = (), lexicon: Path | None = None) -> None:
        import jieba
        import jieba.posseg

        jieba.setLogLevel(60)
        self._tokenizer = jieba.Tokenizer()
        self._tokenizer.initialize()
        for entry in read_word_list(lexicon or LEXICON):
            word, *rest = entry.split()
            freq = int(rest[0]) if rest and rest[0].isdigit() else None
            tag = rest[-1] if rest and not rest[-1].isdigit() else None
            self._tokenizer.add_word(word, freq, tag)
        for name in place_names:
            self._tokenizer.add_word(name, _PLACE_FREQ, "ns")
        self._tagger = jieba.posseg.POSTokenizer(self._tokenizer)

    def tokens(self, text: str) -> tuple[Token, ...]:
        """Tagged tokens with offsets into text."""
        out: list[Token] = []
        offset = 0
        for pair in self._tagger.cut(text, HMM=False):
            word = pair.word
            out.append(Token(word, offset, offset + len(word), pair.flag))
            offset += len(word)
        return tuple(out)

    def words(self, text: str) -> list[str]:
        """Plain segmentation (no tags): the speed floor the pipeline is measured against."""
        return self._tokenizer.lcut(text, HMM=False)

