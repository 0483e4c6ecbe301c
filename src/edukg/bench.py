"""`python -m edukg.bench`: what the pipeline costs, measured against jieba itself.

One run, on one synthetic corpus (made here, never committed), times:

(a) the floor: ``jieba.lcut`` alone over the normalised text of every document;
(b) the full ``edukg build`` (a separate process, as a user runs it), and its stages;
(c) the Turtle and N-Triples export of the built graph;

and reports throughput (characters and documents per second), the ratio (b)/(a), peak RSS,
the per-document cost at 4, 400 and 4,000 documents, ``--jobs N`` scaling, how the 3x budget
is spent (see :func:`budget`), a build that writes only N-Triples (what a corpus bound for a
triple store needs), extraction on a local Dask cluster (when dask is installed:
``pip install -e '.[dask]'``), the HTML view for about 5,000 nodes and the SPARQL catalog
queries.

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
            ex = extract_file(str(path), fingerprinted=False)
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
            top = max(codes, key=lambda c: (self.gz.level_rank(c), c)) if codes else None
            home = self.gz.name(top) if top else None        # (ties by code: not set order)
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


# ----------------------------------------------------------------------------- helpers

def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {"cpu": cpu or platform.processor(), "cores": os.cpu_count(), "memory": mem,
            "python": platform.python_version(), "system": platform.platform()}


def load() -> float:
    return os.getloadavg()[0]


def run_build(corpus: Path, out: Path, jobs: int = 1, extra: tuple[str, ...] = (),
              env: dict | None = None) -> dict:
    """`edukg build` as a separate process: wall time, stage times, peak RSS (largest process)."""
    cmd = [sys.executable, "-m", "edukg", "build", str(corpus), "--out", str(out),
           "--jobs", str(jobs), "--timings", *extra]
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as std:
        proc = subprocess.Popen(cmd, stdout=std, stderr=err, env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{stderr[-2000:]}")
    stages = {m[1]: float(m[2]) for m in re.finditer(r"timing: (\S+) ([\d.]+) s", stderr)}
    return {"wall": wall, "stages": stages, "rss_mb": usage.ru_maxrss / 1024}


def normalised_texts(paths: list[Path]) -> list[str]:
    from .normalize import normalize
    from .read import read_document

    return [normalize(read_document(p)).text for p in paths]


def floor(texts: list[str]) -> dict:
    """(a): jieba.lcut alone (the default dictionary and HMM, as a user would call it), and
    for reference the segmenter edukg itself uses (our dictionary, HMM off, with tags)."""
    import jieba

    from .pipeline import _extractor

    jieba.setLogLevel(60)
    jieba.initialize()
    jieba.lcut("预热")
    t = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    lcut = time.perf_counter() - t
    seg = _extractor().segmenter
    t = time.perf_counter()
    for text in texts:
        seg.tokens(text)
    tagged = time.perf_counter() - t
    return {"lcut": lcut, "edukg_tokens": tagged}


def make_sizes(work: Path, sizes: list[int], seed: int) -> dict[int, Path]:
    maker = CorpusMaker(seed=seed)
    texts = [maker.document(i) for i in range(max(sizes))]
    out = {}
    for n in sizes:
        folder = work / f"corpus_{n}"
        folder.mkdir(parents=True, exist_ok=True)
        for i, text in enumerate(texts[:n]):
            (folder / f"syn_{i:05d}.txt").write_text(text, encoding="utf-8")
        out[n] = folder
    return out


def view_and_queries(corpus: Path, graph_nt: Path, target_nodes: int = 5000) -> dict:
    """HTML view time for about target_nodes nodes (the first documents of the corpus that
    give that many), and each catalog query on the graph in Oxigraph."""
    from .export.html import render_html
    from .export.triplegraph import TripleGraph
    from .link import link
    from .pipeline import Skipped, extract_all
    from .rdf import build_triples, to_rdflib
    from .read import find_inputs

    out: dict = {}
    extractions = []
    for result in extract_all(find_inputs([corpus])):
        if isinstance(result, Skipped):
            continue
        extractions.append(result)
        kb = None
        if len(extractions) % 10 == 0:
            kb = link(extractions)
            if len(kb.documents) + len(kb.entities) + len(kb.outcomes) >= target_nodes:
                break
    kb = link(extractions)
    triples = build_triples(kb)
    nodes = len(kb.documents) + len(kb.entities) + len(kb.outcomes)
    t = time.perf_counter()
    page = render_html(TripleGraph(triples))
    out["view"] = {"nodes": nodes, "documents": len(kb.documents),
                   "seconds": time.perf_counter() - t, "mb": len(page.encode()) / 1e6}
    graph = to_rdflib(triples)
    t = time.perf_counter()
    render_html(graph)
    out["view"]["seconds_rdflib_graph"] = time.perf_counter() - t

    from .query import catalog, open_graph

    t = time.perf_counter()
    engine = open_graph(graph_nt, "oxigraph")
    out["query_load"] = time.perf_counter() - t
    timings = {}
    for name, q in catalog().items():
        t = time.perf_counter()
        result = engine.query(q.text)
        timings[name] = (time.perf_counter() - t, len(result.rows))
    out["queries"] = timings
    return out


def dask_run(corpus: Path, workers: int) -> dict | None:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        return None
    from .read import find_inputs
    from .shard import dask_ntriples

    paths = find_inputs([corpus])
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        client.run(_warm)                         # load the extractor in every worker first
        t = time.perf_counter()
        data = dask_ntriples(paths, client=client, partitions=workers * 8)
        seconds = time.perf_counter() - t
    return {"seconds": seconds, "documents": len(paths), "triples": data.count(b"\n"),
            "workers": workers}


def _warm() -> None:
    from .pipeline import _extractor

    _extractor()


def cold_start(runs: int = 3) -> dict:
    """`edukg build` on the seeds, a fresh process each time: with the segmenter cache warm
    (the usual case) and with an empty cache directory (a first run)."""
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        first = run_build(SEEDS, Path(tmp) / "cold", env={"EDUKG_CACHE_DIR": str(Path(tmp) / "c")})
        out["first_run"] = first["wall"]
        warm = [run_build(SEEDS, Path(tmp) / "warm")["wall"] for _ in range(runs)]
        out["warm_best"], out["warm_all"] = min(warm), warm
    return out


# ------------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m edukg.bench", description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="4,400,4000", help="corpus sizes (documents)")
    ap.add_argument("--jobs", type=int, default=2, help="--jobs for the parallel build")
    ap.add_argument("--seed", type=int, default=7, help="corpus generator seed")
    ap.add_argument("--workdir", type=Path, help="keep corpora and outputs here")
    ap.add_argument("--json", type=Path, help="also write the results as JSON")
    ap.add_argument("--no-dask", action="store_true", help="skip the Dask run")
    ap.add_argument("--quick", action="store_true", help="skip view, queries, shards, cold start")
    args = ap.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    work = args.workdir or Path(tempfile.mkdtemp(prefix="edukg-bench-"))
    res: dict = {"machine": machine(), "load_start": load(), "sizes": {}, "jobs": args.jobs}
    say = lambda msg: print(f"[bench {time.strftime('%H:%M:%S')} load {load():.2f}] {msg}",  # noqa: E731
                            file=sys.stderr, flush=True)

    say(f"generating corpora {sizes} in {work}")
    corpora = make_sizes(work, sizes, args.seed)
    for n in sizes:
        paths = sorted(corpora[n].glob("*.txt"))
        texts = normalised_texts(paths)
        chars = sum(len(t) for t in texts)
        say(f"{n} docs, {chars} chars: floor")
        row = {"documents": n, "chars": chars, "floor": floor(texts)}
        say(f"{n} docs: edukg build --jobs 1")
        row["build"] = run_build(corpora[n], work / f"out_{n}_j1")
        if n == sizes[-1] and args.jobs > 1:
            say(f"{n} docs: edukg build --jobs {args.jobs}")
            row["build_parallel"] = run_build(corpora[n], work / f"out_{n}_j{args.jobs}", args.jobs)
            same = all((work / f"out_{n}_j1" / f).read_bytes()
                       == (work / f"out_{n}_j{args.jobs}" / f).read_bytes()
                       for f in ("graph.ttl", "graph.nt", "graph.jsonld"))
            row["parallel_output_identical"] = same
            say(f"{n} docs: edukg build --jobs 1 --formats nt --no-validate")
            row["build_nt_only"] = run_build(corpora[n], work / f"out_{n}_nt",
                                             extra=("--formats", "nt", "--no-validate", "--no-html"))
            if not args.no_dask:
                say(f"{n} docs: dask")
                row["dask"] = dask_run(corpora[n], args.jobs)
        res["sizes"][n] = row
    if not args.quick:
        middle = sizes[len(sizes) // 2] if len(sizes) > 1 else sizes[0]
        say("view for ~5,000 nodes, catalog queries")
        res["view_queries"] = view_and_queries(corpora[sizes[-1]],
                                               work / f"out_{middle}_j1" / "graph.nt")
        res["view_queries"]["graph_documents"] = middle
        say("shards versus build")
        from .read import find_inputs
        from .shard import compare_with_build

        res["shards"] = {"documents": min(100, middle),
                         **compare_with_build(find_inputs([corpora[middle]])[:100])}
        say("cold start")
        res["cold_start"] = cold_start()
    res["load_end"] = load()
    print(report(res))
    if args.json:
        args.json.write_text(json.dumps(res, indent=1, default=str), encoding="utf-8")
    return 0


def budget(row: dict, times: float = 3.0) -> dict:
    """How a `--jobs 1` build spends `times` x the floor: the parts that do not depend on how
    fast extraction is (start and exit, segmentation - the edukg segmenter alone -, triples,
    the products), and what is left of the budget for the rest of read, normalise, extract and
    link, against what that took. A negative `left` means the target cannot be met even by
    extraction that costs nothing."""
    stages = row["build"]["stages"]
    allowed = times * row["floor"]["lcut"]
    extract_link = stages["extract+link"]
    segmentation = min(row["floor"]["edukg_tokens"], extract_link)
    fixed = {
        "start and exit": max(0.0, row["build"]["wall"] - extract_link - stages["rdf"]
                              - stages["outputs"]),
        "segmentation": segmentation,
        "triples": stages["rdf"],
        "products": stages["outputs"],
    }
    left = allowed - sum(fixed.values())
    rest = extract_link - segmentation
    return {"times": times, "allowed": allowed, "fixed": fixed, "left": left, "rest": rest,
            "speedup_needed": rest / left if left > 0 else None}


def report(res: dict) -> str:
    m = res["machine"]
    lines = [f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory']}, Python {m['python']}; "
             f"load average {res['load_start']:.2f} at start, {res['load_end']:.2f} at end.", ""]
    lines += ["| documents | chars | (a) jieba.lcut | edukg segmenter | (b) edukg build | "
              "(b)/(a) | chars/s (b) | docs/s (b) | per doc | (c) ttl+nt | validate | "
              "peak RSS |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    base = None
    for n, row in res["sizes"].items():
        a, b = row["floor"]["lcut"], row["build"]["wall"]
        st = row["build"]["stages"]
        per_doc = b / int(n)
        base = base or row
        lines.append(
            f"| {int(n):,} | {row['chars']:,} | {a:.2f} s ({row['chars'] / a / 1e3:.0f} k/s) | "
            f"{row['floor']['edukg_tokens']:.2f} s | {b:.2f} s | {b / a:.2f} | "
            f"{row['chars'] / b / 1e3:.0f} k | {int(n) / b:.1f} | {per_doc * 1e3:.1f} ms | "
            f"{st.get('ntriples+turtle', st.get('turtle', 0) + st.get('ntriples', 0)):.2f} s | "
            f"{st.get('validate', 0):.2f} s | "
            f"{row['build']['rss_mb']:.0f} MB |")
    lines.append("")
    sizes = list(res["sizes"])
    if len(sizes) >= 2:
        big, mid = res["sizes"][sizes[-1]], res["sizes"][sizes[-2]]
        ratio = (big["build"]["wall"] / int(sizes[-1])) / (mid["build"]["wall"] / int(sizes[-2]))
        lines.append(f"Per-document cost, {int(sizes[-1]):,} vs {int(sizes[-2]):,} documents: "
                     f"{ratio:.2f}×")
    for n, row in res["sizes"].items():
        st = row["build"]["stages"]
        if st:
            lines.append(f"Stages at {int(n):,} documents (--jobs 1): "
                         + ", ".join(f"{k} {v:.2f} s" for k, v in st.items()))
        if "build_parallel" in row:
            par = row["build_parallel"]
            lines.append(f"--jobs {res.get('jobs', 2)} at {int(n):,} documents: {par['wall']:.2f} s, "
                         f"speed-up {row['build']['wall'] / par['wall']:.2f}× "
                         f"(output identical: {row['parallel_output_identical']}); stages "
                         + ", ".join(f"{k} {v:.2f} s" for k, v in par["stages"].items()))
        if "build_nt_only" in row:
            nt = row["build_nt_only"]
            lines.append(f"--jobs 1 --formats nt --no-validate at {int(n):,} documents: "
                         f"{nt['wall']:.2f} s = {nt['wall'] / row['floor']['lcut']:.2f}× the floor "
                         f"(a corpus bound for a triple store); peak {nt['rss_mb']:.0f} MB")
        if {"extract+link", "rdf", "outputs"} <= set(st):
            b = budget(row)
            need = (f"{b['speedup_needed']:.1f}× faster" if b["speedup_needed"]
                    else "impossible: nothing is left")
            lines.append(f"3× budget at {int(n):,} documents: {b['allowed']:.2f} s; "
                         + ", ".join(f"{k} {v:.2f} s" for k, v in b["fixed"].items())
                         + f" leave {b['left']:.2f} s for the rest of reading, normalising, "
                         f"extraction and linking, which took {b['rest']:.2f} s ({need})")
        if row.get("dask"):
            d = row["dask"]
            lines.append(f"Dask LocalCluster ({d['workers']} workers) extraction + shards at "
                         f"{d['documents']:,} documents: {d['seconds']:.2f} s "
                         f"({d['documents'] / d['seconds']:.1f} docs/s, {d['triples']:,} triples)")
    vq = res.get("view_queries")
    if vq:
        v = vq["view"]
        lines.append(f"HTML view, {v['nodes']:,} nodes ({v['documents']} documents): "
                     f"{v['seconds']:.2f} s from build's triples, {v['seconds_rdflib_graph']:.2f} s "
                     f"from an rdflib Graph; page {v['mb']:.1f} MB")
        total = sum(t for t, _ in vq["queries"].values())
        worst = max(vq["queries"].items(), key=lambda kv: kv[1][0])
        lines.append(f"Catalog queries ({len(vq['queries'])}) on the {int(vq['graph_documents']):,}-document "
                     f"graph in Oxigraph: load {vq['query_load']:.2f} s, all queries {total:.2f} s, "
                     f"slowest {worst[0]} {worst[1][0]:.2f} s")
    sh = res.get("shards")
    if sh:
        lines.append(f"Shards vs build ({sh['documents']} documents): build {sh['build']:,} "
                     f"triples, concatenated shards {sh['shards']:,}, common {sh['common']:,}; "
                     f"only in build {sh['only_build']}; only in shards {sh['only_shards']}")
    cs = res.get("cold_start")
    if cs:
        lines.append(f"Cold start, `edukg build` on the 4 seeds: {cs['warm_best']:.2f} s "
                     f"(segmenter cache present), {cs['first_run']:.2f} s (first run, empty cache)")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
