"""`python -m edukg.bench`: what the pipeline costs, measured against jieba itself.

One run, on one synthetic corpus (made here, never committed), times:

(a) the floor: ``jieba.lcut`` alone over the normalised text of every document;
(b) the full ``edukg build`` (a separate process, as a user runs it), and its stages;
(c) the Turtle and N-Triples export of the built graph;

and reports throughput (characters and documents per second), the ratio (b)/(a), peak RSS,
the per-document cost at 4, 400 and 4,000 documents, ``--jobs N`` scaling, extraction on a
local Dask cluster (when dask is installed: ``pip install -e '.[dask]'``), the HTML view for
about 5,000 nodes and the SPARQL catalog queries.

The corpus recombines windows of seed sentences and swaps each region named in them for
another real region of the same level from the gazetteer (children of the region that
replaced its parent, so the hierarchy stays consistent): the documents read like the seeds
but name different places, and no two are the same. Characters are counted on the
normalised text (what jieba sees), the same for every row.

    python -m edukg.bench                      # 4, 400 and 4,000 documents, --jobs 1 and 2
    python -m edukg.bench --sizes 4,40 --quick # a smoke run
    python -m edukg.bench --json bench.json    # also write the numbers as JSON
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"

# ----------------------------------------------------------------------------- corpus


class CorpusMaker:
    """Synthetic reports from the seeds: windows of consecutive seed sentences, with every
    region the seed names swapped for a real region of the same level."""

    def __init__(self, seeds: Path = SEEDS, seed: int = 7) -> None:
        from .gazetteer import Gazetteer
        from .pipeline import Skipped, extract_file
        from .read import find_inputs

        self.gz = Gazetteer.load()
        self.rng = random.Random(seed)
        self.docs: list[tuple[list[str], set[str]]] = []   # (sentences, region codes)
        for path in find_inputs([seeds]):
            ex = extract_file(str(path))
            if isinstance(ex, Skipped):
                continue
            codes = {r.code for r in ex.regions}
            self.docs.append(([s.text for s in ex.document.sentences], codes))
        if not self.docs:
            raise SystemExit(f"no usable seed documents in {seeds}")
        self.children: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.by_level: dict[str, list[str]] = defaultdict(list)
        for code in self.gz._rows:                      # every region, in file order
            info = self.gz.get(code)
            if info is None or self.gz.is_generic(code):
                continue
            self.by_level[info.level].append(code)
            if info.parent:
                self.children[info.parent][info.level].append(code)

    def _mapping(self, codes: set[str]) -> dict[str, str]:
        """Seed region code → a different real region, parents mapped before children."""
        out: dict[str, str] = {}
        used: set[str] = set()

        def target(code: str) -> str:
            if code in out:
                return out[code]
            level = self.gz.level(code) or "county"
            parent = self.gz.parent(code)
            pool: list[str] = []
            if parent and parent in self.gz:
                pool = [c for c in self.children[target(parent)][level] if c not in used]
            if not pool:
                pool = self.by_level[level]
            choice = self.rng.choice(pool)
            used.add(choice)
            out[code] = choice
            return choice

        for code in sorted(codes, key=lambda c: (self.gz.level_rank(c), c)):
            target(code)
        return out

    def _surfaces(self, mapping: dict[str, str]) -> dict[str, str]:
        """Every surface of a seed region (name, aliases, short forms) → the new region's."""
        swap: dict[str, str] = {}
        for old, new in mapping.items():
            new_name = self.gz.name(new) or ""
            new_short = (self.gz.shorts(new) or (new_name,))[0]
            swap.setdefault(self.gz.name(old) or "", new_name)
            for alias in self.gz.aliases(old):
                swap.setdefault(alias, new_name)
            for short in self.gz.shorts(old):
                swap.setdefault(short, new_short)
        return {k: v for k, v in swap.items() if len(k) >= 2}

    def document(self, index: int) -> str:
        rng = self.rng
        sentences: list[str] = []
        codes: set[str] = set()
        for _ in range(2):                                  # two windows, maybe two seeds
            seed_sentences, seed_codes = rng.choice(self.docs)
            size = rng.randint(12, 24)
            start = rng.randrange(max(1, len(seed_sentences) - size))
            sentences += seed_sentences[start:start + size]
            codes |= seed_codes
        swap = self._surfaces(self._mapping(codes))
        pattern = re.compile("|".join(map(re.escape, sorted(swap, key=len, reverse=True))))
        text = "\n".join(pattern.sub(lambda m: swap[m.group()], s) for s in sentences)
        if rng.random() < 0.5:                              # a bureau page header
            home = self.gz.name(sorted(codes, key=self.gz.level_rank)[-1]) if codes else None
            publisher = (swap.get(home or "", home) or "本市") + "教育和体育局"
            text = (f"发布机构：{publisher}  发布日期：20{rng.randint(15, 24)}-"
                    f"{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n" + text)
        return text + "\n"

    def write(self, folder: Path, n: int) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for i in range(n):
            path = folder / f"syn_{i:05d}.txt"
            path.write_text(self.document(i), encoding="utf-8")
            paths.append(path)
        return paths


def make_corpus(folder: Path, n: int, seed: int = 7) -> list[Path]:
    """n synthetic reports in folder (the same seed gives the same files)."""
    return CorpusMaker(seed=seed).write(folder, n)
