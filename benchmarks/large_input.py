"""Large-input benchmark: one 20 MB report and a folder of 2,000 reports through `edukg build`.

Generates the inputs from seeds/ (deterministically: seed sentences with their numbers
changed, so that every sentence is new and normalisation cannot deduplicate it away), runs
`edukg build` on each as a separate process and reports wall time and peak RSS (the largest
process, from getrusage; with --jobs > 1 also the sum over the process tree, sampled).

    python benchmarks/large_input.py                 # both cases, 20 MB and 2,000 documents
    python benchmarks/large_input.py --mb 5 --docs 200 --jobs 2 --validate

Not a test: it takes minutes. The numbers are quoted in docs/performance.md ("Large input").
"""
from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def seed_lines() -> list[str]:
    lines = []
    for path in sorted(SEEDS.glob("*.txt")):
        lines += [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()
                  if len(_CJK.findall(ln)) >= 8]
    return lines


def varied(line: str, rng: random.Random) -> str:
    """The line with each number replaced by another: a new sentence with the same shape."""
    return _NUMBER.sub(lambda m: str(rng.randint(2, 9999)), line)


def make_document(lines: list[str], rng: random.Random, target_bytes: int) -> str:
    parts, size = [], 0
    while size < target_bytes:
        line = varied(rng.choice(lines), rng)
        parts.append(line)
        size += len(line.encode("utf-8")) + 1
    return "\n".join(parts) + "\n"


def make_inputs(folder: Path, mb: float, docs: int) -> tuple[Path, Path]:
    rng = random.Random(20240601)
    lines = seed_lines()
    big = folder / "big" / "big_report.txt"
    big.parent.mkdir(parents=True)
    big.write_text(make_document(lines, rng, int(mb * 2**20)) if mb else "", encoding="utf-8")
    many = folder / "many"
    many.mkdir()
    header = [ln for ln in lines if "发布机构" in ln][:1]
    for i in range(docs):
        body = make_document(lines, rng, rng.randint(2_000, 12_000))   # 2–12 KB, like the seeds
        (many / f"{i:05d}.txt").write_text("\n".join(header) + "\n" + body, encoding="utf-8")
    return big, many


def tree_rss(pid: int) -> int:
    """Resident memory of pid and its descendants, in bytes (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += rss.get(p, 0)
        stack += children.get(p, [])
    return total


def run_build(source: Path, out: Path, jobs: int, validate: bool) -> dict:
    command = [sys.executable, "-m", "edukg", "build", str(source), "--out", str(out),
               "--jobs", str(jobs), "--validate" if validate else "--no-validate"]
    log = out.with_suffix(".log")
    start = time.perf_counter()
    with open(log, "w+") as stdout, open(log.with_suffix(".err"), "w+") as stderr:
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr)
        peak_tree = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak_tree
            while not done.wait(0.2):
                peak_tree = max(peak_tree, tree_rss(process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)   # usage: this build and its workers only
        process.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        sampler.join()
        elapsed = time.perf_counter() - start
        stdout.seek(0)
        stderr.seek(0)
        output, errors = stdout.read(), stderr.read()
    if process.returncode != 0:
        raise SystemExit(f"build failed ({process.returncode}):\n{errors}")
    return {"seconds": elapsed, "peak_rss_mib": usage.ru_maxrss / 1024,
            "peak_tree_rss_mib": peak_tree / 2**20, "summary": output.splitlines()[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20, help="size of the single big document")
    parser.add_argument("--docs", type=int, default=2000, help="number of documents in the folder")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--validate", action="store_true", help="include SHACL validation")
    parser.add_argument("--only", choices=("big", "many"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="edukg-bench-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        big, many = make_inputs(folder, 0 if args.only == "many" else args.mb,
                                0 if args.only == "big" else args.docs)
        size_many = sum(p.stat().st_size for p in many.iterdir())
        print(f"inputs generated in {time.perf_counter() - t0:.1f} s: {big.stat().st_size / 2**20:.1f} MiB "
              f"document; {args.docs} documents, {size_many / 2**20:.1f} MiB")
        cases = [("one big document", big), ("many documents", many)]
        for name, source in cases:
            if args.only and not name.startswith("one" if args.only == "big" else "many"):
                continue
            result = run_build(source, folder / f"out-{source.name}", args.jobs, args.validate)
            out_size = sum(p.stat().st_size for p in (folder / f"out-{source.name}").iterdir())
            print(f"{name}: {result['seconds']:.1f} s, peak RSS {result['peak_rss_mib']:.0f} MiB "
                  f"(largest process; whole tree {result['peak_tree_rss_mib']:.0f} MiB), "
                  f"output {out_size / 2**20:.1f} MiB; {result['summary']}")


if __name__ == "__main__":
    main()
