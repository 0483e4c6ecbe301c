"""The README's examples, run as a user runs them from the repository's root.

Every ```sh block is run with bash, in the order of the file, with three things pointed
elsewhere: its `/tmp/kg` folder at a temporary one, `.venv/bin/` at the interpreter running
the tests, and port 7878 at a free port. A ```text block right after it is its output: each of
its lines must appear in what the block printed (stdout and stderr), in order, with runs of
whitespace compared as one space (tables and Turtle pad and indent) and any number allowed
where the README shows one (counts move as the extractors change; the words may not). Every
```python block is a doctest, run the same way. The command table and the catalog table are
checked against the commands' --help and the catalog.
"""
from __future__ import annotations

import doctest
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from edukg.cli import app
from edukg.query import catalog

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BIN = Path(sys.executable).parent
BLOCK_TIMEOUT = 180     # seconds; a block that hangs (a server never answering) fails


@dataclass(frozen=True)
class Block:
    language: str
    text: str
    line: int                       # where the block's text starts in README.md
    output: str | None = None       # the ```text block right after a ```sh block


def readme_blocks(markdown: str) -> list[Block]:
    """The fenced blocks of the README, each ```sh block with the ```text block after it."""
    fence = re.compile(r"^```(\w*)\n(.*?)^```\n", re.S | re.M)
    found = [(m.group(1), m.group(2), markdown.count("\n", 0, m.start()) + 2, m.start(), m.end())
             for m in fence.finditer(markdown)]
    blocks: list[Block] = []
    for i, (language, text, line, _, end) in enumerate(found):
        if language == "text":
            continue
        output = None
        if language == "sh" and i + 1 < len(found):
            following, follow_text, _, start, _ = found[i + 1]
            if following == "text" and not markdown[end:start].strip():
                output = follow_text
        blocks.append(Block(language, text, line, output))
    return blocks


BLOCKS = readme_blocks(README.read_text(encoding="utf-8"))
SHELL = [b for b in BLOCKS if b.language == "sh"]
PYTHON = [b for b in BLOCKS if b.language == "python"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def localise(text: str, kg: Path, port: int) -> str:
    """The README's text with its folder, interpreter and port replaced by the test's own."""
    return (text.replace("/tmp/kg", str(kg)).replace(".venv/bin/", f"{BIN}/")
            .replace("7878", str(port)))


def run_shell(script: str) -> tuple[int, str]:
    """Run a block in its own process group; whatever it left running (a server sent to the
    background) is stopped afterwards."""
    process = subprocess.Popen(["bash", "-e", "-c", script], cwd=ROOT, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        out, _ = process.communicate(timeout=BLOCK_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, _ = process.communicate()
        return -1, out + f"\n(timed out after {BLOCK_TIMEOUT} s)"
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    return process.returncode, out


def line_pattern(line: str) -> re.Pattern[str]:
    words = [re.sub(r"\d+", r"\\d+", re.escape(w)) for w in line.split()]
    return re.compile(r"\s+".join(words))


def missing_lines(expected: str, actual: str) -> list[str]:
    """The expected lines not found, in order, among the actual lines."""
    lines = iter(actual.splitlines())
    missing = []
    for want in (w for w in expected.splitlines() if w.strip()):
        pattern = line_pattern(want.strip())
        if not any(pattern.fullmatch(got.strip()) for got in lines):
            missing.append(want)
            lines = iter(actual.splitlines())       # report every missing line, not just one
    return missing


@dataclass(frozen=True)
class Tour:
    folder: Path                            # what the README calls /tmp/kg
    results: dict[int, tuple[int, str]]     # block line -> (exit status, output)


@pytest.fixture(scope="module")
def tour(tmp_path_factory: pytest.TempPathFactory) -> Tour:
    """Every sh block, run in order; the folder stays for the python blocks."""
    kg = tmp_path_factory.mktemp("readme") / "kg"
    port = free_port()
    return Tour(kg, {block.line: run_shell(localise(block.text, kg, port)) for block in SHELL})


def test_the_readme_has_runnable_examples():
    assert len(SHELL) >= 6 and PYTHON
    assert SHELL[0].text.startswith(".venv/bin/edukg build "), "the tour starts with a build"
    assert all(b.output for b in SHELL), [b.line for b in SHELL if not b.output]


@pytest.mark.parametrize("block", SHELL, ids=lambda b: f"README.md:{b.line}")
def test_shell_example(tour: Tour, block: Block):
    if "curl " in block.text and not shutil.which("curl"):
        pytest.skip("curl is not installed")
    status, out = tour.results[block.line]
    assert status == 0, f"README.md line {block.line} failed ({status}):\n{out}"
    expected = block.output.replace("/tmp/kg", str(tour.folder)) if block.output else ""
    missing = missing_lines(expected, out)
    assert not missing, (f"README.md line {block.line}: output lines not printed:\n"
                         + "\n".join(missing) + f"\n--- printed:\n{out}")


@pytest.mark.parametrize("block", PYTHON, ids=lambda b: f"README.md:{b.line}")
def test_python_example(tour: Tour, block: Block, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(ROOT)
    text = block.text.replace("/tmp/kg", str(tour.folder))
    test = doctest.DocTestParser().get_doctest(text, {}, f"README.md:{block.line}",
                                               str(README), block.line)
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)


def test_setup_commands_are_the_scripts_ci_runs():
    text = README.read_text(encoding="utf-8")
    for command in ("bash scripts/build.sh", "bash scripts/test.sh"):
        assert f"\n    {command}\n" in text, command
    assert "bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_command_table_names_real_commands_and_options():
    rows = re.findall(r"^\| `edukg (\w+)([^`]*)` \|", README.read_text(encoding="utf-8"), re.M)
    assert {name for name, _ in rows} == set(typer.main.get_command(app).commands)
    runner = CliRunner()
    for name, synopsis in rows:
        result = runner.invoke(app, [name, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.output
        for option in re.findall(r"--[a-z][a-z-]*", synopsis):
            assert option in result.output, f"edukg {name} has no {option}"


def test_the_catalog_table_lists_every_catalog_query():
    text = README.read_text(encoding="utf-8")
    table = text[text.index("**The query catalog**"):]
    table = table[:table.index("\n\n", table.index("| name |"))]
    assert set(re.findall(r"^\| `([\w-]+)` \|", table, re.M)) == set(catalog())


def test_the_readme_stays_a_short_guide():
    """Details belong in docs/: the README is what a newcomer reads first."""
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 300
