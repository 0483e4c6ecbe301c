"""jieba tokenisation with the domain lexicon and the gazetteer's place names.

jieba's default dictionary splits education-administration terms (教育和体育局, 集团化办学)
and many county names; adding them keeps name boundaries on word boundaries. The lexicon is
a data file (data/lexicon/domain.txt, jieba user-dictionary format) so analysts can extend it
without touching code. Part-of-speech tagging runs with HMM=False: with HMM it is several
times slower and guesses tags for unknown names that the extractors do not rely on.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
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
    """A private jieba tokenizer (the global one is left untouched) with our vocabulary.

    Building it (jieba's dictionary, then ~10k place names and the lexicon added word by
    word, then posseg's tag table read from jieba's dict.txt) takes about 2 s; the result is
    cached (see :func:`cache_dir`) under a key made of everything it depends on, so later
    processes load it with one ``marshal.load``."""

    def __init__(self, place_names: Iterable[str] = (), lexicon: Path | None = None) -> None:
        import jieba
        import jieba.posseg

        jieba.setLogLevel(60)
        place_names = tuple(place_names)
        entries = read_word_list(lexicon or LEXICON) + (programme_words() if lexicon is None else ())
        self._tokenizer = jieba.Tokenizer()
        cache = _cache_file(self._tokenizer, entries, place_names)
        state = _load_state(cache) if cache else None
        if state is not None:
            freq, total, tags = state
            self._tokenizer.FREQ, self._tokenizer.total = freq, total
            self._tokenizer.initialized = True
            self._tagger = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
            self._tagger.tokenizer, self._tagger.word_tag_tab = self._tokenizer, tags
            return
        self._tokenizer.initialize()
        for entry in entries:
            word, *rest = entry.split()
            freq = int(rest[0]) if rest and rest[0].isdigit() else None
            tag = rest[-1] if rest and not rest[-1].isdigit() else None
            self._tokenizer.add_word(word, freq, tag)
        for name in place_names:
            self._tokenizer.add_word(name, _PLACE_FREQ, "ns")
        self._tagger = jieba.posseg.POSTokenizer(self._tokenizer)
        self._tagger.makesure_userdict_loaded()
        if cache:
            _save_state(cache, (self._tokenizer.FREQ, self._tokenizer.total,
                                self._tagger.word_tag_tab))

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



def programme_words() -> tuple[str, ...]:
    """Every spelling of the nationwide programmes (data/lexicon/national_programs.txt) as a
    lexicon entry: jieba otherwise splits 参加国培计划 as 参加国|培|计划."""
    out = []
    for line in read_word_list("national_programs.txt"):
        name, _subclass, *rest = line.split("\t")
        out += [f"{spelling} {_PROGRAMME_FREQ} nz"
                for spelling in (name, *(rest[0].split("|") if rest else ())) if " " not in spelling]
    return tuple(out)


# ----------------------------------------------------------------------------- cache

_PROGRAMME_FREQ = 2000              # a programme name wins over the words it is made of
CACHE_ENV = "EDUKG_CACHE_DIR"       # where the segmenter cache lives; "off" disables it
_CACHE_KEEP = 4                     # cache files kept (one per vocabulary, ~17 MB each)


def cache_dir() -> Path | None:
    """$EDUKG_CACHE_DIR, else $XDG_CACHE_HOME/edukg, else ~/.cache/edukg (None: "off")."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return None if configured.lower() in ("off", "0", "no", "none") else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "edukg"


def _cache_file(tokenizer, entries: tuple[str, ...], place_names: tuple[str, ...]) -> Path | None:
    import jieba

    folder = cache_dir()
    if folder is None:
        return None
    key = hashlib.sha1()
    dictionary = tokenizer.dictionary or os.path.join(os.path.dirname(jieba.__file__),
                                                      jieba.DEFAULT_DICT_NAME)
    try:
        stat = os.stat(dictionary)
    except OSError:
        stat = None
    for part in (jieba.__version__, str(_PLACE_FREQ), repr(stat and (stat.st_size, stat.st_mtime_ns)),
                 "\n".join(entries), "\n".join(place_names)):
        key.update(part.encode("utf-8") + b"\x00")
    return folder / f"segmenter-{key.hexdigest()[:20]}.marshal"


def _load_state(path: Path):
    try:
        with open(path, "rb") as handle:
            freq, total, tags = marshal.load(handle)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not (isinstance(freq, dict) and isinstance(tags, dict) and isinstance(total, int)):
        return None
    return freq, total, tags


def _save_state(path: Path, state) -> None:
    """Best effort: a read-only or full disk only means the next start is slow too."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".segmenter-", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            marshal.dump(state, handle)
        os.replace(tmp, path)
        old = sorted(path.parent.glob("segmenter-*.marshal"), key=lambda p: p.stat().st_mtime)
        for stale in old[:-_CACHE_KEEP]:      # other vocabularies: keep the newest few
            stale.unlink(missing_ok=True)
    except OSError:
        try:
            os.unlink(tmp)  # type: ignore[possibly-undefined]
        except (OSError, NameError):
            pass
