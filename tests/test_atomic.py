"""Output safety: atomic writes, staged batches, stale temporary files, and a build killed
with SIGKILL in the middle of its run."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from edukg.atomic import (AtomicBatch, OutputError, ensure_writable_dir, remove_stale_temps,
                          write_atomic)

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def test_write_atomic_replaces_whole_files(tmp_path: Path):
    target = tmp_path / "sub" / "graph.ttl"
    write_atomic(target, "one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["graph.ttl"]
    assert target.stat().st_mode & 0o777 == 0o644


def test_batch_publishes_all_or_nothing(tmp_path: Path):
    (tmp_path / "a.txt").write_text("old a")
    (tmp_path / "b.txt").write_text("old b")
    with pytest.raises(RuntimeError):
        with AtomicBatch() as batch:
            batch.write(tmp_path / "a.txt", "new a")
            raise RuntimeError("serialisation failed half-way")
    assert (tmp_path / "a.txt").read_text() == "old a"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]

    with AtomicBatch() as batch:
        batch.write(tmp_path / "a.txt", "new a")
        batch.write(tmp_path / "b.txt", "new b")
        assert (tmp_path / "a.txt").read_text() == "old a"     # nothing published yet
    assert batch.written == [tmp_path / "a.txt", tmp_path / "b.txt"]
    assert [(tmp_path / n).read_text() for n in ("a.txt", "b.txt")] == ["new a", "new b"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


def test_batch_streams_chunks_that_were_never_joined(tmp_path: Path):
    """build hands over graph.nt as its millions of lines, to be written a block at a time."""
    lines = (f"<urn:x:{i}> <urn:x:p> \"{i}\" .\n".encode() for i in range(200_000))
    with AtomicBatch() as batch:
        batch.write(tmp_path / "graph.nt", lines)
    text = (tmp_path / "graph.nt").read_bytes()
    assert text.count(b"\n") == 200_000 and text.endswith(b'"199999" .\n')
    assert text.startswith(b'<urn:x:0> <urn:x:p> "0" .\n<urn:x:1> ')


def test_a_worker_stages_its_own_output_for_the_batch(tmp_path: Path):
    """build's JSON-LD is staged by the worker process that makes it, named after the
    parent: once the worker has exited, clearing dead processes' temps must not take it."""
    import multiprocessing

    from edukg.atomic import stage

    (tmp_path / "graph.jsonld").write_text("old")
    with AtomicBatch() as batch:
        context = multiprocessing.get_context("fork")
        with context.Pool(1) as pool:
            tmp = pool.apply(stage, (tmp_path / "graph.jsonld", [b"{", b"}\n"], batch.owner))
        assert tmp.exists() and remove_stale_temps(tmp_path) == [] and tmp.exists()
        batch.adopt(tmp, tmp_path / "graph.jsonld")
        batch.write(tmp_path / "graph.nt", b"")
        assert (tmp_path / "graph.jsonld").read_text() == "old"
    assert (tmp_path / "graph.jsonld").read_text() == "{}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.jsonld", "graph.nt"]

    with pytest.raises(RuntimeError):       # a failed build leaves no adopted temp behind
        with AtomicBatch() as batch:
            batch.adopt(stage(tmp_path / "graph.jsonld", "new", batch.owner), tmp_path / "graph.jsonld")
            raise RuntimeError("the SHACL check failed")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.jsonld", "graph.nt"]


def test_failed_rename_is_an_output_error(tmp_path: Path, monkeypatch):
    (tmp_path / "a.txt").write_text("old")

    def refuse(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError, match="cannot write .*a.txt: No space left on device"):
        with AtomicBatch() as batch:
            batch.write(tmp_path / "a.txt", "new")
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]
    assert (tmp_path / "a.txt").read_text() == "old"


def test_stale_temporary_files_are_removed(tmp_path: Path):
    stale = tmp_path / f".graph.ttl.{dead_pid()}.abc123.tmp"
    stale.write_text("half a graph")
    live = tmp_path / f".graph.ttl.{os.getppid()}.def456.tmp"     # a running process's
    live.write_text("being written")
    other = tmp_path / ".hidden.tmp"
    other.write_text("not ours")
    assert remove_stale_temps(tmp_path) == [stale]
    with AtomicBatch() as batch:
        batch.write(tmp_path / "graph.ttl", "whole")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, other.name, "graph.ttl"])


def test_writable_dir_check(tmp_path: Path):
    assert ensure_writable_dir(tmp_path / "new" / "out").is_dir()
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="is not a directory"):
        ensure_writable_dir(tmp_path / "file")
    with pytest.raises(OutputError, match="cannot write to"):
        ensure_writable_dir(tmp_path / "file" / "out")


# ------------------------------------------------------------------ SIGKILL mid-build

def larger_input(folder: Path, copies: int = 20) -> Path:
    """The seeds many times over under new names: a build that runs for a few seconds."""
    folder.mkdir()
    for i in range(copies):
        for seed in sorted(SEEDS.glob("*.txt")):
            (folder / f"{i:02d}_{seed.name}").write_bytes(seed.read_bytes())
    return folder


def start_build(source: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "edukg", "build", str(source), "--out", str(out),
                             "--no-validate"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def staged_output(name: str) -> bool:
    """A graph file staged by a build (not the probe a build makes and removes at start-up
    to check that the folder is writable: a kill timed by it lands too early)."""
    return name.startswith(".graph.") and name.endswith(".tmp")


def assert_loadable(path: Path) -> int:
    data = path.read_bytes()
    graph = Graph().parse(data=data, format="turtle")
    store = ox.Store()
    store.load(data, format=ox.RdfFormat.TURTLE)
    assert len(graph) == len(store) > 100
    return len(graph)


@pytest.mark.slow
def test_killed_build_leaves_the_previous_output_intact(tmp_path: Path):
    source = larger_input(tmp_path / "in")
    out = tmp_path / "out"
    out.mkdir()
    previous = {}
    for name in ("graph.ttl", "graph.nt", "graph.jsonld"):
        shutil.copy(ROOT / "output" / name, out / name)
        previous[name] = (out / name).read_bytes()
    assert_loadable(out / "graph.ttl")

    # 1. killed while extracting
    build = start_build(source, out)
    time.sleep(2.5)
    assert build.poll() is None, build.stderr.read()
    build.send_signal(signal.SIGKILL)
    build.wait()

    # 2. killed while writing: as soon as its first temporary output file appears (the
    #    window is short; should the build win the race, finishing or renaming its staged
    #    file before the signal lands, put the old files back and retry)
    for _attempt in range(5):
        build = start_build(source, out)
        deadline = time.monotonic() + 120
        while build.poll() is None and time.monotonic() < deadline:
            if any(staged_output(p.name) for p in os.scandir(out)):
                build.send_signal(signal.SIGKILL)
                break
            time.sleep(0.0005)
        build.wait()
        staged = any(staged_output(p.name) for p in out.iterdir())
        intact = all((out / name).read_bytes() == data for name, data in previous.items())
        if build.returncode == -signal.SIGKILL and staged and intact:
            break
        # Otherwise the build finished, or the signal landed among its last renames (the
        # documented limit of a batch: each file is whole, the set may mix old and new).
        assert build.returncode in (0, -signal.SIGKILL), build.stderr.read()
        assert_loadable(out / "graph.ttl")
        for p in out.iterdir():
            if p.name.endswith(".tmp"):
                p.unlink()
        for name, data in previous.items():
            (out / name).write_bytes(data)
    assert build.returncode == -signal.SIGKILL, "every build finished before it could be killed"
    assert any(staged_output(p.name) for p in out.iterdir())     # its staged file, left behind

    for name, data in previous.items():
        assert (out / name).read_bytes() == data, name
    assert_loadable(out / "graph.ttl")

    # 3. the next build completes, replaces the outputs and clears the dead one's temp files
    build = start_build(source, out)
    _, err = build.communicate(timeout=300)
    assert build.returncode == 0, err
    assert sorted(p.name for p in out.iterdir()) == ["graph.html", "graph.jsonld", "graph.nt",
                                                     "graph.ttl"]
    assert assert_loadable(out / "graph.ttl") > 1000
