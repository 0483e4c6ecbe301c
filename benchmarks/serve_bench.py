"""Throughput of `edukg serve` against Oxigraph's own server, in the same run, on one store.

One store is prepared from output/graph.ttl and the ontology (as `edukg serve` prepares it);
then `edukg serve --store` and `oxigraph serve-read-only` serve it side by side on loopback.
For each client count (1, 8, 32, 64 by default) every client is a thread with one kept-alive
HTTP/1.1 connection that runs the catalog queries in turn (each client starting at another
one) for --seconds; the two servers take turns (edukg, Oxigraph, Oxigraph, edukg) so that a
machine that gets busier or quieter meanwhile favours neither. Reported per server and
client count: requests a second, median and 99th-percentile latency, and failures (a
refused or dropped connection, a timeout, any status but 200).

    python benchmarks/serve_bench.py                      # about 3 minutes
    python benchmarks/serve_bench.py --clients 1,64 --seconds 5

Not a test. The numbers are quoted in docs/serving.md ("Throughput").
"""
from __future__ import annotations

import argparse
import http.client
import os
import platform
import queue
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from edukg import query as q  # noqa: E402
from edukg.oxserver import _free_port, oxigraph_binary  # noqa: E402
from edukg.serve import prepare_store  # noqa: E402
from edukg.validate import ontology_dir  # noqa: E402

GRAPH = ROOT / "output" / "graph.ttl"


def wait_listening(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"a server stopped at start (status {process.returncode})")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/query?query=ASK%7B%7D", headers={"Accept": "application/sparql-results+json"})
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing listens on port {port}")


def start_edukg(store: Path) -> tuple[subprocess.Popen, int]:
    command = [sys.executable, "-m", "edukg", "serve", "--store", str(store), "--port", "0",
               "--quiet", "--timeout", "120"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1",
                                    "PYTHONPATH": str(ROOT / "src")})
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    line = lines.get(timeout=120)
    port = int(line.split()[2].split(":")[2].split("/")[0])
    wait_listening(port, process)
    return process, port


def start_oxigraph(store: Path) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    process = subprocess.Popen([oxigraph_binary(), "serve-read-only", "--location", str(store),
                                "--bind", f"127.0.0.1:{port}", "--timeout-s", "120"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_listening(port, process)
    return process, port


def load(port: int, clients: int, seconds: float, queries: list[bytes]) -> dict:
    """Run CLIENTS kept-alive clients for SECONDS; requests, latencies and failures."""
    stop_at = time.monotonic() + seconds
    latencies: list[list[float]] = [[] for _ in range(clients)]
    failures = [0] * clients
    start = threading.Barrier(clients + 1)

    def client(index: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        k = index
        start.wait()
        while time.monotonic() < stop_at:
            body = queries[k % len(queries)]
            k += 1
            began = time.perf_counter()
            try:
                conn.request("POST", "/query", body=body,
                             headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    failures[index] += 1
                    continue
            except (OSError, http.client.HTTPException):
                failures[index] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            latencies[index].append(time.perf_counter() - began)
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.monotonic()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    done = sorted(t for per in latencies for t in per)
    return {"requests": len(done), "seconds": elapsed, "failures": sum(failures),
            "p50": done[len(done) // 2] if done else float("nan"),
            "p99": done[min(len(done) - 1, int(len(done) * 0.99))] if done else float("nan")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", default="1,8,32,64", help="client counts, comma-separated")
    parser.add_argument("--seconds", type=float, default=10.0, help="seconds per server and count")
    args = parser.parse_args()
    counts = [int(c) for c in args.clients.split(",")]
    queries = [item.text.encode("utf-8") for item in q.catalog().values()]
    with tempfile.TemporaryDirectory(prefix="serve-bench-") as folder:
        store = Path(folder) / "store"
        triples = prepare_store(store, [GRAPH, ontology_dir() / "edukg.ttl"])
        servers = {"edukg serve": start_edukg(store), "oxigraph serve-read-only": start_oxigraph(store)}
        try:
            results: dict[tuple[str, int], list[dict]] = {}
            for clients in counts:
                for name in ("edukg serve", "oxigraph serve-read-only", "oxigraph serve-read-only",
                             "edukg serve"):
                    run = load(servers[name][1], clients, args.seconds / 2, queries)
                    results.setdefault((name, clients), []).append(run)
        finally:
            for process, _ in servers.values():
                process.terminate()
                process.wait(10)
    print(f"{time.strftime('%Y-%m-%d')}, {platform.platform()}, {os.cpu_count()} CPUs, Python "
          f"{platform.python_version()}; {triples} triples, {len(queries)} catalog queries, "
          f"{args.seconds:g} s per server and client count\n")
    print("| clients | server | requests/s | p50 ms | p99 ms | failures | vs Oxigraph |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for clients in counts:
        rates = {}
        for name in ("oxigraph serve-read-only", "edukg serve"):
            runs = results[(name, clients)]
            requests = sum(r["requests"] for r in runs)
            rates[name] = requests / sum(r["seconds"] for r in runs)
            p50 = max(r["p50"] for r in runs) * 1000
            p99 = max(r["p99"] for r in runs) * 1000
            ratio = rates[name] / rates["oxigraph serve-read-only"]
            print(f"| {clients} | {name} | {rates[name]:.0f} | {p50:.1f} | {p99:.1f} | "
                  f"{sum(r['failures'] for r in runs)} | {ratio:.2f}× |")


if __name__ == "__main__":
    main()
