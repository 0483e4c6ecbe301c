"""How long the HTML view takes to settle in headless Chromium: the seeds' page and the page of
a generated 400-document corpus (the generator of `python -m edukg.bench`).

"Settled" is the page's own marker: the moment its first layout has stopped (data-settle-ms
on #edukg-status, milliseconds since navigation started: reading the file, parsing the data,
building the indexes, drawing and laying out). Each page is opened --runs times in one
Chromium, offline; the median, best and worst are reported with the machine and its load.

    python benchmarks/view_settle.py                 # 3 runs of each page
    python benchmarks/view_settle.py --shots         # also rewrite output/graph.png and
                                                     # docs/corpus-overview.png

Not a test (tests/test_view_browser.py records the settle time but asserts nothing about it).
The numbers are quoted in docs/view.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
WEIHAI = "https://w3id.org/edukg/id/region/371000"
SETTLED = "document.getElementById('edukg-status').dataset.stabilized === 'true'"


def seeds_page(work: Path) -> Path:
    subprocess.run([sys.executable, "-m", "edukg", "build", str(ROOT / "seeds"), "--out",
                    str(work / "seeds")], check=True, capture_output=True)
    return work / "seeds" / "graph.html"


def corpus_page(work: Path, n: int) -> Path:
    from edukg.bench import make_corpus
    from edukg.export.html import render_html
    from edukg.export.triplegraph import TripleGraph
    from edukg.pipeline import build_knowledge_base
    from edukg.rdf import build_triples
    from edukg.read import find_inputs

    paths = make_corpus(work / f"corpus_{n}", n)
    triples = build_triples(build_knowledge_base(find_inputs(paths), jobs=2))
    page = work / f"corpus_{n}.html"
    page.write_text(render_html(TripleGraph(triples)), encoding="utf-8")
    return page


def settle(page: Path, runs: int, browser) -> dict:
    times, status = [], {}
    for _ in range(runs):
        browser.open(page)
        browser.wait(SETTLED, timeout=120)
        status = browser.eval("""Object.fromEntries(Array.from(document.getElementById('edukg-status')
            .attributes).filter(a => a.name.startsWith('data-')).map(a => [a.name.slice(5), a.value]))""")
        times.append(int(status["settle-ms"]))
    return {"page_mb": round(page.stat().st_size / 1e6, 1), "runs_ms": times,
            "median_ms": statistics.median(times), "best_ms": min(times), "worst_ms": max(times),
            "nodes_drawn": int(status["nodes"]), "entities": int(status["entities"]),
            "nodes_in_page": int(status["nodes-total"]), "mode": status["mode"]}


def main(argv: list[str] | None = None) -> int:
    from edukg.bench import load, machine
    from edukg.export.chromium import BrowserPage

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--docs", type=int, default=400)
    ap.add_argument("--shots", action="store_true", help="rewrite the two screenshots")
    ap.add_argument("--json", help="also write the numbers here")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="edukg-view-") as tmp:
        work = Path(tmp)
        t = time.perf_counter()
        seeds = seeds_page(work)
        corpus = corpus_page(work, args.docs)
        built = time.perf_counter() - t
        res = {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
               "machine": machine(), "load_before": round(load(), 2)}
        with BrowserPage(size=(1400, 900)) as browser:
            res["seeds"] = settle(seeds, args.runs, browser)
            res[f"corpus_{args.docs}"] = settle(corpus, args.runs, browser)
            if args.shots:
                browser.open(seeds, "#node=" + quote(WEIHAI, safe=""))   # its panel and table
                browser.wait(SETTLED, timeout=120)
                time.sleep(0.5)                                           # the focus animation
                browser.screenshot(ROOT / "output" / "graph.png")
                browser.open(corpus)
                browser.wait(SETTLED, timeout=120)
                browser.screenshot(ROOT / "docs" / "corpus-overview.png")
        res["load_after"] = round(load(), 2)
    print(f"pages built in {built:.0f} s; {res['date']}; {res['machine']['cpu']} "
          f"({res['machine']['cores']} cores), load {res['load_before']} -> {res['load_after']}")
    for name in ("seeds", f"corpus_{args.docs}"):
        r = res[name]
        print(f"{name:>12}: settles in {r['median_ms'] / 1000:.2f} s median "
              f"(best {r['best_ms'] / 1000:.2f}, worst {r['worst_ms'] / 1000:.2f}; {r['page_mb']} MB, "
              f"{r['nodes_drawn']} nodes drawn of {r['entities']} entities, {r['mode']})")
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
