"""The genre's words about recognitions, read from data/recognitions/: the kinds an analyst
filters on, the verbs with which a body names its holders, and the cues that say a list
names places or schools that were only inspected, applied or are aiming for a title.

Kinds (`edu:recognitionKind`): `assessment` (an evaluation, inspection or standard passed:
基本均衡县, 省级规范学校, 通过…验收), `pilot` (a pilot, experiment or demonstration
designation, a base: 试点县, 示范校, 实训基地), `prize` (a prize, medal or place in a contest),
`ranking` (a place on a ranked list: 百强区), and `title` for every other title or honour
(先进集体, 文明校园, 重点中学).
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..segment import data_path, read_word_list

__all__ = ["KINDS", "recognition_kind", "conferring_verbs", "not_recognised"]

KINDS = ("assessment", "pilot", "prize", "ranking", "title")
_DEFAULT_KIND = "title"


def _words(name: str) -> tuple[str, ...]:
    return read_word_list(data_path("recognitions", name))


@lru_cache(maxsize=1)
def _kind_cues() -> tuple[tuple[str, tuple[str, ...]], ...]:
    rows = []
    for line in _words("kinds.tsv"):
        kind, *cues = line.split("\t")
        if kind not in KINDS:
            raise ValueError(f"data/recognitions/kinds.tsv: unknown kind {kind!r}")
        rows.append((kind, tuple(c for c in cues if c)))
    return tuple(rows)


def recognition_kind(label: str) -> str:
    """The kind of a recognition, from the words of its label (data/recognitions/kinds.tsv):
    the first kind, in the file's order, one of whose cues the label holds; else `title`."""
    for kind, cues in _kind_cues():
        if any(cue in label for cue in cues):
            return kind
    return _DEFAULT_KIND


@lru_cache(maxsize=1)
def conferring_verbs() -> re.Pattern[str]:
    """认定|命名|…: a body confers with these on the holders named right after them."""
    verbs = sorted(_words("conferring_verbs.txt"), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, verbs)))


@lru_cache(maxsize=1)
def not_recognised() -> re.Pattern[str]:
    """接受|申报|候选|…: a list or clause naming places that are not (yet) holders."""
    cues = sorted(_words("not_recognised.txt"), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, cues)))
