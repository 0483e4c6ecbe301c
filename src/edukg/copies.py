"""Copies of one report: the same article reposted under other names, on other sites.

A report is reposted by the city's portal, a newspaper and mirrors, each with its own page
furniture, encoding and script. After normalisation (furniture gone, Simplified script) the
article text of such copies is the same, or nearly: a repost may trim a paragraph or add an
editor's note. Two tests find them:

- an exact copy has the same article text: the same SHA-1 digest of its body sentences;
- a near copy has a MinHash signature (datasketch) of its character 5-grams whose estimated
  Jaccard similarity with the other's is at least NEAR, found through MinHash LSH, and the
  figures (digit runs) of the shorter text are nearly all in the longer one, and both are
  about the same place (when both name it). The figures keep apart two years' reports
  written on one template, the place two counties' reports written on one model: their
  prose is alike, their numbers or their places are not.

The signature is a pure function of one document (:func:`fingerprint`), made where the
document is extracted, in the worker processes; grouping (:func:`copy_groups`) only looks
signatures up in the LSH index, one query a document, so its cost is linear in the corpus.
"""
from __future__ import annotations

import hashlib
import re
import zlib
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from .records import CleanDocument, Fingerprint

SHINGLE = 5          # characters per shingle: long enough that common phrases do not match
PERMUTATIONS = 128
BANDS = (16, 8)      # LSH bands × rows: a pair at Jaccard 0.9 is a candidate 9,999 times
                     # in 10,000, at 0.8 9,500 times, at 0.5 600 times (then checked)
NEAR = 0.8           # estimated Jaccard similarity at least this: a near copy
FIGURES_SHARED = 0.9  # share of the shorter text's figures the longer one must hold too
_SKIPPED_ROLES = frozenset({"title", "chrome"})   # a repost retitles; furniture is not article
_SPACE = re.compile(r"\s+")
_FIGURE = re.compile(r"\d+(?:\.\d+)?")


def article_text(doc: CleanDocument) -> str:
    """The text copies share: body sentences, without titles, furniture or white space."""
    return _SPACE.sub("", "".join(s.text for s in doc.sentences if s.role not in _SKIPPED_ROLES))


def _hash32(shingle: bytes) -> int:
    # CRC-32 rather than datasketch's SHA-1 default: deterministic too, and five times faster
    return zlib.crc32(shingle)


@lru_cache(maxsize=1)
def _template():
    from datasketch import MinHash

    return MinHash(num_perm=PERMUTATIONS, hashfunc=_hash32)


def fingerprint(doc: CleanDocument) -> Fingerprint:
    text = article_text(doc)
    minhash = _template().copy()
    minhash.update_batch({text[i:i + SHINGLE].encode("utf-8")
                          for i in range(max(1, len(text) - SHINGLE + 1))})
    return Fingerprint(hashlib.sha1(text.encode("utf-8")).hexdigest(),
                       minhash.hashvalues.astype("<u4").tobytes(),
                       tuple(sorted(_FIGURE.findall(text))), len(text))


def copy_groups(documents: Iterable[tuple[str, Fingerprint, str | None]]) -> dict[str, str]:
    """{copy identifier: identifier of the report's first copy} for every document that copies
    an earlier one. Each document is (identifier, fingerprint, the key of the place it is
    about or None); they are taken in identifier order, so the answer does not depend on the
    order of the input. Only the first copy of each report goes into the LSH index: a
    hundred reposts of one report cost a hundred lookups, not ten thousand comparisons."""
    import numpy as np
    from datasketch import LeanMinHash, MinHashLSH

    scheme = _template().scheme
    lsh = MinHashLSH(num_perm=PERMUTATIONS, params=BANDS)
    first_by_digest: dict[str, str] = {}
    kept: dict[str, tuple[Fingerprint, LeanMinHash, str | None]] = {}
    out: dict[str, str] = {}
    for identifier, fp, about in sorted(documents, key=lambda item: item[0]):
        if fp.digest in first_by_digest:
            out[identifier] = first_by_digest[fp.digest]
            continue
        minhash = LeanMinHash(seed=1, hashvalues=np.frombuffer(fp.signature, dtype="<u4"),
                              scheme=scheme)
        match = next((other for other in sorted(lsh.query(minhash))
                      if _near(fp, minhash, about, *kept[other])), None)
        if match is not None:
            out[identifier] = match
            first_by_digest[fp.digest] = match
            continue
        first_by_digest[fp.digest] = identifier
        kept[identifier] = (fp, minhash, about)
        lsh.insert(identifier, minhash, check_duplication=False)
    return out


def _near(fp: Fingerprint, minhash, about: str | None, other_fp: Fingerprint, other_minhash,
          other_about: str | None) -> bool:
    if about and other_about and about != other_about:
        return False
    if minhash.jaccard(other_minhash) < NEAR:
        return False
    shorter, longer = sorted((fp.figures, other_fp.figures), key=len)
    if not shorter:
        return True
    shared = sum((Counter(shorter) & Counter(longer)).values())
    return shared >= FIGURES_SHARED * len(shorter)
