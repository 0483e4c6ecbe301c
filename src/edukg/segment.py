"""jieba tokenisation with the domain lexicon and the gazetteer's place names.

jieba's default dictionary splits education-administration terms (教育和体育局, 集团化办学)
and many county names; adding them keeps name boundaries on word boundaries. The lexicon is
a data file (data/lexicon/domain.txt, jieba user-dictionary format) so analysts can extend it
without touching code. Part-of-speech tagging runs with HMM=False: with HMM it is several
times slower and guesses tags for unknown names that the extractors do not rely on.
"""
from __future__ import annotations

import hashlib
import importlib.util
import marshal
import sys
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from math import log
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


class LazyTokens(Sequence[Token]):
    """A sentence's tokens, segmented when an extractor first asks for them. The extractors
    look at tokens only around a head word or a quotation they have found; in the synthetic
    benchmark corpus a fifth of the text is in sentences where none does."""

    __slots__ = ("_segmenter", "_text", "_tokens")

    def __init__(self, segmenter: "Segmenter", text: str) -> None:
        self._segmenter, self._text = segmenter, text
        self._tokens: tuple[Token, ...] | None = None

    @property
    def segmented(self) -> bool:
        return self._tokens is not None

    def _all(self) -> tuple[Token, ...]:
        if self._tokens is None:
            self._tokens = self._segmenter.tokens(self._text)
        return self._tokens

    def __iter__(self) -> Iterator[Token]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def __getitem__(self, index):
        return self._all()[index]


class Segmenter:
    """A private jieba tokenizer (the global one is left untouched) with our vocabulary.

    Building it (jieba's dictionary, then ~10k place names and the lexicon added word by
    word, then the tag table read from jieba's dict.txt) takes about 1.5 s; the result is
    cached (see :func:`cache_dir`) under a key made of everything it depends on, so later
    processes load it with one ``marshal.load``."""

    def __init__(self, place_names: Iterable[str] = (), lexicon: Path | None = None) -> None:
        place_names = tuple(place_names)
        entries = read_word_list(lexicon or LEXICON) + (programme_words() if lexicon is None else ())
        self._tokenizer = None          # jieba's, made on demand when loaded from the cache
        cache = _cache_file(entries, place_names)
        state = _load_state(cache) if cache else None
        if state is not None:           # jieba itself is not even imported (~0.1 s)
            self._use(*state)
            return
        import jieba

        jieba.setLogLevel(60)
        self._tokenizer = jieba.Tokenizer()
        self._tokenizer.initialize()
        for entry in entries:
            word, *rest = entry.split()
            freq = int(rest[0]) if rest and rest[0].isdigit() else None
            tag = rest[-1] if rest and not rest[-1].isdigit() else None
            self._tokenizer.add_word(word, freq, tag)
        for name in place_names:
            self._tokenizer.add_word(name, _PLACE_FREQ, "ns")
        self._use(self._tokenizer.FREQ, self._tokenizer.total, _word_tags(self._tokenizer))
        if cache:
            _save_state(cache, (self._freq, self._total, self._tags))

    def _use(self, freq: dict[str, int], total: int, tags: dict[str, str]) -> None:
        self._freq, self._total, self._tags = freq, total, tags
        self._logtotal = log(total)
        # word → log(freq) - log(total), or False for a prefix of words only; filled on use
        self._logp: dict[str, float | bool] = {}

    def tokens(self, text: str) -> tuple[Token, ...]:
        """Tagged tokens with offsets into text: exactly ``jieba.posseg``'s ``cut(text,
        HMM=False)`` with our dictionary (tests compare the two), computed here in one pass
        without posseg's per-block generators, DAG dicts and pair objects (which made
        segmentation cost 1.4× jieba.lcut)."""
        out: list[Token] = []
        append = out.append
        new = tuple.__new__                     # Token(...) without its Python-level __new__
        offset = 0
        tags = self._tags
        for index, block in enumerate(_HAN_BLOCK.split(text)):
            if not block:
                continue
            if index & 1:                       # a run of CJK, ASCII letters, digits, +#&._
                words = self._cut_block(block)
                eng = ""                        # posseg joins single-character ASCII words
                for word in words:
                    if len(word) == 1 and word in _ASCII_ALNUM:
                        eng += word
                        continue
                    if eng:
                        append(new(Token, (eng, offset, offset + len(eng), "eng")))
                        offset += len(eng)
                        eng = ""
                    append(new(Token, (word, offset, offset + len(word), tags.get(word, "x"))))
                    offset += len(word)
                if eng:
                    append(new(Token, (eng, offset, offset + len(eng), "eng")))
                    offset += len(eng)
            else:                               # anything else: one token per character,
                for piece in _CRLF_OR_CHAR.findall(block):    # except "\r\n"
                    append(new(Token, (piece, offset, offset + len(piece), "x")))
                    offset += len(piece)
        return tuple(out)

    def _cut_block(self, block: str) -> list[str]:
        """jieba's most probable route over the dictionary DAG (Tokenizer.get_DAG + calc,
        HMM off), with the same scores, evaluated in the same order, and the same tie-break
        (the longer word), so the words are exactly jieba's."""
        freq, logp, logtotal = self._freq, self._logp, self._logtotal
        n = len(block)
        score = [0.0] * (n + 1)
        end = list(range(n))
        for k in range(n - 1, -1, -1):
            best = None
            i = k
            frag = block[k]
            while True:
                p = logp.get(frag)              # log probability, False: only a prefix
                if p is None:
                    count = freq.get(frag)
                    if count is None:           # no dictionary word starts with frag
                        break
                    p = logp[frag] = log(count) - logtotal if count else False
                if p is not False:
                    s = p + score[i + 1]
                    if best is None or s >= best:
                        best, end[k] = s, i
                i += 1
                if i >= n:
                    break
                frag = block[k:i + 1]
            if best is None:                    # an unknown character stands alone
                best = log(1) - logtotal + score[k + 1]
            score[k] = best
        words = []
        k = 0
        while k < n:
            j = end[k] + 1
            words.append(block[k:j])
            k = j
        return words

    def words(self, text: str) -> list[str]:
        """Plain segmentation (no tags): the speed floor the pipeline is measured against."""
        return self.jieba_tokenizer().lcut(text, HMM=False)

    def jieba_tokenizer(self):
        """A jieba.Tokenizer over this vocabulary (for plain segmentation and for tests)."""
        if self._tokenizer is None:
            import jieba

            jieba.setLogLevel(60)
            self._tokenizer = jieba.Tokenizer()
            self._tokenizer.FREQ, self._tokenizer.total = self._freq, self._total
            self._tokenizer.initialized = True
        return self._tokenizer


def _word_tags(tokenizer) -> dict[str, str]:
    """The tag table jieba.posseg.POSTokenizer makes (dict.txt's tags, then the added
    words' tags over them), without importing posseg: its import builds a tagger of its own
    over the global dictionary, reading dict.txt a second time (~0.6 s)."""
    with tokenizer.get_dict_file() as handle:
        fields = handle.read().decode("utf-8").split()
    if len(fields) % 3:
        raise ValueError("jieba's dictionary has a line that is not 'word frequency tag'")
    tags = dict(zip(fields[0::3], fields[2::3]))
    tags.update(tokenizer.user_word_tag_tab)
    return tags


# jieba.posseg's block patterns (re_han_internal; re_skip_internal splits the rest into
# "\r\n", single whitespace characters and single other characters, all tagged x)
_HAN_BLOCK = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+)")
_CRLF_OR_CHAR = re.compile("\r\n|.", re.DOTALL)
_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


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
_CACHE_KEEP = 4                     # cache files kept (one per vocabulary, ~15 MB each)
_CACHE_FORMAT = "2"                 # (FREQ, total, tag table), tag keys shared with FREQ's


def cache_dir() -> Path | None:
    """$EDUKG_CACHE_DIR, else $XDG_CACHE_HOME/edukg, else ~/.cache/edukg (None: "off")."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return None if configured.lower() in ("off", "0", "no", "none") else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "edukg"


def _cache_file(entries: tuple[str, ...], place_names: tuple[str, ...]) -> Path | None:
    """The cache file for this vocabulary. jieba is located without importing it: its
    version is stood for by its __init__.py (size and mtime), its dictionary by dict.txt's."""
    folder = cache_dir()
    if folder is None:
        return None
    spec = importlib.util.find_spec("jieba")
    package = os.path.dirname(spec.origin) if spec and spec.origin else ""
    stats = []
    for name in ("__init__.py", "dict.txt"):
        try:
            stat = os.stat(os.path.join(package, name))
            stats.append((stat.st_size, stat.st_mtime_ns))
        except OSError:
            stats.append(None)
    key = hashlib.sha1()
    for part in (_CACHE_FORMAT, str(_PLACE_FREQ), repr(stats),
                 "\n".join(entries), "\n".join(place_names)):
        key.update(part.encode("utf-8") + b"\x00")
    return folder / f"segmenter-{key.hexdigest()[:20]}.marshal"


def _load_state(path: Path):
    try:
        with open(path, "rb") as handle:
            freq, total, tags = marshal.loads(handle.read())    # load(handle): ~3x slower
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not (isinstance(freq, dict) and isinstance(tags, dict) and isinstance(total, int)):
        return None
    return freq, total, tags


def _save_state(path: Path, state) -> None:
    """Best effort: a read-only or full disk only means the next start is slow too."""
    freq, total, tags = state
    words = {word: word for word in freq}       # marshal writes a shared object once, so
    state = (freq, total, {words.get(w, w): sys.intern(t) for w, t in tags.items()})
    try:                                         # loading makes ~400k fewer strings
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
