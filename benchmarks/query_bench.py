"""Catalog query times, rdflib vs Oxigraph, on the seeds graph and on a synthetic big graph.

The big graph is output/graph.ttl copied K times with every instance IRI moved to its own
namespace per copy (eduid:region/370602 → eduid:c7/region/370602), K chosen to reach
--triples (default 1,000,000). The copies share labels and literals, so each catalog query
finds K times the seeds' answers: the work grows like a real graph's, not like an empty one.

Each engine loads the graph once (load time reported), then runs every catalog query
(best of --repeat runs on the seeds graph, one run on the big graph). rdflib queries run in a
forked child with a --timeout so that one slow query cannot stall the benchmark.

    python benchmarks/query_bench.py                      # seeds + 1M triples (tens of minutes)
    python benchmarks/query_bench.py --triples 100000 --timeout 60

Not a test. The numbers are quoted in docs/performance.md ("Query times").
"""
from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from edukg import query as q  # noqa: E402
from edukg.rdf import EDUID  # noqa: E402

GRAPH = ROOT / "output" / "graph.ttl"


def synthetic_ntriples(target: int, out: Path) -> int:
    """Write about target triples of seeds-graph copies to out (N-Triples); returns the count."""
    triples = list(ox.parse(path=str(GRAPH), format=ox.RdfFormat.TURTLE))
    copies = max(1, math.ceil(target / len(triples)))
    base = str(EDUID)

    def moved(term, k: int):
        if isinstance(term, ox.NamedNode) and term.value.startswith(base):
            return ox.NamedNode(f"{base}c{k}/{term.value[len(base):]}")
        return term

    with out.open("wb") as handle:
        for k in range(copies):
            batch = [ox.Triple(moved(t.subject, k), t.predicate, moved(t.object, k)) for t in triples]
            handle.write(ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES))
    return copies * len(triples)


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def _child(engine, text, conn) -> None:
    try:
        seconds, result = timed(lambda: engine.query(text))
        conn.send((seconds, len(result.rows)))
    except Exception as exc:  # report, do not hang the parent
        conn.send((None, f"{type(exc).__name__}: {exc}"))
    conn.close()


def run_with_timeout(engine, text: str, timeout: float):
    """(seconds or None, rows) of one query in a forked child (rdflib: cannot be interrupted)."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(engine, text, child))
    proc.start()
    child.close()
    if parent.poll(timeout):
        seconds, rows = parent.recv()
    else:
        seconds, rows = None, f"> {timeout:.0f} s"
    proc.kill()
    proc.join()
    return seconds, rows


def bench(path: Path, repeat: int, timeout: float) -> dict:
    out: dict = {"queries": {}}
    out["load_oxigraph"], oxigraph = timed(lambda: q.open_graph(path, "oxigraph"))
    out["load_rdflib"], rdflib_engine = timed(lambda: q.open_graph(path, "rdflib"))
    out["triples"] = len(rdflib_engine.graph)
    for name, item in q.catalog().items():
        ox_times, rows = [], None
        for _ in range(repeat):
            seconds, result = timed(lambda: oxigraph.query(item.text))
            ox_times.append(seconds)
            rows = len(result.rows)
        rd_times, rd_rows = [], None
        for _ in range(repeat):
            seconds, rd_rows = run_with_timeout(rdflib_engine, item.text, timeout)
            if seconds is None:
                break
            rd_times.append(seconds)
        out["queries"][name] = {"rows": rows, "oxigraph": min(ox_times),
                                "rdflib": min(rd_times) if rd_times else None, "rdflib_rows": rd_rows}
        print(f"  {name}: oxigraph {min(ox_times):.3f} s, rdflib "
              f"{(f'{min(rd_times):.3f} s' if rd_times else rd_rows)}, rows {rows}", file=sys.stderr, flush=True)
    return out


def fmt(seconds) -> str:
    if seconds is None:
        return "—"
    if seconds < 0.001:
        return "<1 ms"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="size of the synthetic graph")
    parser.add_argument("--repeat", type=int, default=3, help="runs per query on the seeds graph (best kept)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds allowed per rdflib query")
    args = parser.parse_args()

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, pyoxigraph {ox.__version__}", file=sys.stderr)
    print("seeds graph …", file=sys.stderr)
    small = bench(GRAPH, args.repeat, args.timeout)
    with tempfile.TemporaryDirectory() as tmp:
        big_path = Path(tmp) / "big.nt"
        print(f"synthetic graph of ~{args.triples} triples …", file=sys.stderr)
        synthetic_ntriples(args.triples, big_path)
        big = bench(big_path, 1, args.timeout)

    print(f"| query | seeds: rdflib | seeds: Oxigraph | {big['triples']:,} triples: rdflib "
          f"| {big['triples']:,} triples: Oxigraph | rows (big) |")
    print("|---|---:|---:|---:|---:|---:|")
    print(f"| *load the graph* | {fmt(small['load_rdflib'])} | {fmt(small['load_oxigraph'])} "
          f"| {fmt(big['load_rdflib'])} | {fmt(big['load_oxigraph'])} | |")
    for name in small["queries"]:
        s, b = small["queries"][name], big["queries"][name]
        rd_big = fmt(b["rdflib"]) if b["rdflib"] is not None else str(b["rdflib_rows"])
        print(f"| {name} | {fmt(s['rdflib'])} | {fmt(s['oxigraph'])} | {rd_big} | {fmt(b['oxigraph'])} "
              f"| {b['rows']:,} |")
    print(f"\nseeds graph: {small['triples']:,} triples", file=sys.stderr)


if __name__ == "__main__":
    main()
