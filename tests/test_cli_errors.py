"""Command-line failures: one line on stderr, exit status 2, never a traceback (unless
--debug); partial failures still build; outputs are safe to re-run and to interrupt."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from edukg.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED = SEEDS / "003_bea782118845cf66.txt"


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def assert_one_line_error(code: int, err: str, expected: str) -> None:
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("edukg: error: ") and expected in lines[0], err
    assert "Traceback" not in err


@pytest.mark.parametrize("args,expected", [
    (["frobnicate"], "No such command 'frobnicate'"),
    (["build", "--frobnicate"], "No such option: --frobnicate"),
    (["build", "--jobs", "many"], "Invalid value for '--jobs'"),
    (["build", "--jobs", "0"], "--jobs"),
    (["extract"], "Missing argument"),
    (["build", "/no/such/folder"], "/no/such/folder: no such file or directory"),
    (["build", "/no/such/*.txt"], "no file matches this pattern"),
    (["extract", str(SEED), "--format", "rdfxml"], "unknown --format 'rdfxml'"),
    (["extract", "/no/such/file.txt"], "no such file or directory"),
    (["validate", "/no/such/graph.ttl"], "no such file"),
    (["view", "/no/such/graph.ttl"], "no such file"),
])
def test_usage_and_user_errors_are_one_line(capsys, args: list[str], expected: str):
    code, out, err = run_main(capsys, *args)
    assert_one_line_error(code, err, expected)


def test_broken_graph_file_is_one_line(capsys, tmp_path: Path):
    graph = tmp_path / "graph.ttl"
    graph.write_text("@prefix edu: <https://w3id.org/edukg/ontology#> .\nedu:a edu:b \"unterminated .\n")
    code, _, err = run_main(capsys, "validate", str(graph))
    assert_one_line_error(code, err, "cannot parse as RDF")


def test_no_arguments_prints_the_help(capsys):
    code, out, err = run_main(capsys)
    assert code == 2 and "build" in out + err and "Traceback" not in out + err


def test_a_real_process_prints_no_traceback():
    done = subprocess.run([sys.executable, "-m", "edukg", "build", "--frobnicate"],
                          capture_output=True, text=True)
    assert done.returncode == 2
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("edukg: error: No such option: --frobnicate")
    assert line.endswith("(see 'edukg build --help')")


def test_unexpected_errors_are_one_line_and_debug_shows_the_traceback(capsys, monkeypatch,
                                                                      tmp_path: Path):
    import edukg.rdf

    def broken(kb):
        raise RuntimeError("graph exploded")

    monkeypatch.setattr(edukg.rdf, "build_graph", broken)
    monkeypatch.setattr(edukg.rdf, "build_triples", broken)    # what `build` calls
    monkeypatch.setenv("EDUKG_DEBUG", "")      # main() sets it for --debug; undone after the test
    code, _, err = run_main(capsys, "build", str(SEED), "--out", str(tmp_path / "out"))
    assert code == 1
    assert err.strip().splitlines()[-1] == ("edukg: error: internal error: RuntimeError: graph "
                                            "exploded (run again with --debug for the traceback)")
    with pytest.raises(RuntimeError, match="graph exploded"):
        main(["--debug", "build", str(SEED), "--out", str(tmp_path / "out")])


# --------------------------------------------------------------------------- output

def test_output_folder_that_is_a_file(capsys, tmp_path: Path):
    blocker = tmp_path / "output"
    blocker.write_text("not a folder")
    code, _, err = run_main(capsys, "build", str(SEED), "--out", str(blocker))
    assert_one_line_error(code, err, "is not a directory")
    code, _, err = run_main(capsys, "build", str(SEED), "--out", str(blocker / "sub"))
    assert_one_line_error(code, err, f"cannot write to {blocker / 'sub'}")


def test_read_only_output_folder(capsys, tmp_path: Path):
    if os.geteuid() == 0:
        pytest.skip("root can write into read-only folders")
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o555)
    try:
        code, _, err = run_main(capsys, "build", str(SEED), "--out", str(out))
    finally:
        out.chmod(0o755)
    assert_one_line_error(code, err, "Permission denied")


def test_bad_files_are_skipped_listed_and_strict_fails(capsys, tmp_path: Path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / SEED.name).write_bytes(SEED.read_bytes())
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    out = tmp_path / "out"
    code, stdout, err = run_main(capsys, "build", str(inputs), "--out", str(out),
                                 "--no-validate", "--no-html")
    assert code == 0, err
    assert f"edukg: warning: skipped {inputs / 'empty.txt'}: empty file" in err.splitlines()
    assert any(line.startswith(f"edukg: warning: skipped {inputs / 'photo.jpg'}: unsupported")
               for line in err.splitlines())
    assert "1 documents" in stdout and "2 skipped" in stdout
    assert f"skipped {inputs / 'empty.txt'}: empty file" in stdout.splitlines()
    assert (out / "graph.ttl").stat().st_size > 0

    code, _, _ = run_main(capsys, "build", str(inputs), "--out", str(out), "--strict",
                          "--no-validate", "--no-html")
    assert code == 1


def test_nothing_readable_writes_nothing(capsys, tmp_path: Path):
    (tmp_path / "empty.txt").write_bytes(b"")
    code, _, err = run_main(capsys, "build", str(tmp_path / "empty.txt"), "--out",
                            str(tmp_path / "out"))
    assert code == 2 and "no document could be read" in err
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_rerunning_is_idempotent(capsys, tmp_path: Path):
    out = tmp_path / "out"
    files = {}
    for _ in range(2):
        code, _, err = run_main(capsys, "build", str(SEED), "--out", str(out), "--no-validate")
        assert code == 0, err
        assert sorted(p.name for p in out.iterdir()) == ["graph.html", "graph.jsonld",
                                                         "graph.nt", "graph.ttl"]
        current = {p.name: p.read_bytes() for p in out.iterdir()}
        assert not files or current == files
        files = current


def test_stdin_input(tmp_path: Path):
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "edukg", "build", "-", "--out", str(out),
                           "--no-validate", "--no-html"],
                          input=SEED.read_bytes(), capture_output=True)
    assert done.returncode == 0, done.stderr
    assert b"<https://w3id.org/edukg/id/doc/stdin>" in (out / "graph.nt").read_bytes()


def test_file_names_that_are_not_text(capsys, tmp_path: Path):
    """A name with a newline, or bytes that are not UTF-8: shown escaped on one line, and
    the document still built."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "new\nline.txt").write_bytes(b"")
    odd = os.fsencode(folder) + b"/\xff\xfe\xe6\x95.txt"
    with open(odd, "wb") as handle:
        handle.write(SEED.read_bytes())
    code, out, err = run_main(capsys, "build", str(folder), "--out", str(tmp_path / "out"),
                              "--no-validate", "--no-html")
    assert code == 0, err
    assert f"edukg: warning: skipped {folder}/new\\nline.txt: empty file\n" in err
    assert "1 documents" in out
    assert '"\\\\xff\\\\xfe\\\\xe6\\\\x95"' in (tmp_path / "out" / "graph.ttl").read_text()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_among_the_inputs_is_skipped_with_a_warning(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / SEED.name).write_bytes(SEED.read_bytes())
    os.mkfifo(folder / "pipe.txt")
    done = subprocess.run([sys.executable, "-m", "edukg", "build", str(folder), str(folder / "pipe.txt"),
                           "--out", str(tmp_path / "out"), "--no-validate", "--no-html"],
                          capture_output=True, text=True, timeout=300)   # the guard: never a hang
    assert done.returncode == 0, done.stderr
    warning = f"edukg: warning: skipped {folder / 'pipe.txt'}: not a regular file: a named pipe (FIFO)"
    assert done.stderr.splitlines().count(warning) == 1
    assert "1 documents" in done.stdout


def test_a_page_of_a_hundred_thousand_unclosed_divs_is_read(tmp_path: Path):
    page = tmp_path / "deep.html"
    page.write_text("<html><body><p>淄川区教育局召开全区教育工作会议，部署2023年重点工作。</p>"
                    + "<div>" * 100_000 + "全区共有中小学45所。</body></html>", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "edukg", "extract", str(page), "--format", "nt"],
                          capture_output=True, text=True, timeout=300)   # the guard: never a hang
    assert done.returncode == 0, done.stderr
    assert "淄川区" in done.stdout


@pytest.mark.parametrize("command", [[], ["build"], ["query"], ["validate"]])
def test_help_shows_options_without_type_noise(capsys, command: list[str]):
    code, out, _ = run_main(capsys, *command, "--help")
    assert code == 0 and "--help" in out
    assert "<bool>" not in out and "list[" not in out.partition("Options:")[2]


def test_validate_uses_the_fast_checker_and_the_reference_on_request(capsys, seeds_build: Path):
    code, out, _ = run_main(capsys, "validate", str(seeds_build / "graph.ttl"))
    assert code == 0 and out.strip() == "0 violations"
    code, out, _ = run_main(capsys, "validate", "--reference", str(seeds_build / "graph.ttl"))
    assert code == 0 and out.strip() == "0 violations"


def test_validate_reference_without_pyshacl_says_which_extra_to_install(capsys, monkeypatch,
                                                                          seeds_build: Path):
    monkeypatch.setitem(sys.modules, "pyshacl", None)       # as if it were not installed
    code, _, err = run_main(capsys, "validate", "--reference", str(seeds_build / "graph.ttl"))
    assert_one_line_error(code, err, "pip install 'edukg[shacl]'")


def test_evaluate_runs_the_named_scorer_on_a_gold_folder(tmp_path):
    scorer = tmp_path / "score.py"
    scorer.write_text("import sys; print('scored', *sys.argv[1:4]); sys.exit(3)\n")
    graph = tmp_path / "g.ttl"
    graph.write_text("")
    gold = ROOT / "eval" / "other_provinces" / "gold"
    done = subprocess.run([sys.executable, "-m", "edukg", "evaluate", str(graph), "--gold", str(gold),
                           "--scorer", str(scorer)], capture_output=True, text=True)
    assert done.returncode == 3                      # the scorer's own exit status
    assert done.stdout.split() == ["scored", str(graph), "--gold", str(gold)]
    done = subprocess.run([sys.executable, "-m", "edukg", "evaluate", str(graph), "--gold", str(gold)],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "evaluate.py: not found" in done.stderr
