"""Shared fixtures: the seeds graph is built once per test session and reused."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: opens the HTML view in headless Chromium")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seeds_kb():
    from edukg.pipeline import build_knowledge_base
    from edukg.read import find_inputs

    return build_knowledge_base(find_inputs([SEEDS]))


@pytest.fixture(scope="session")
def seeds_graph(seeds_kb):
    from edukg.rdf import build_graph

    return build_graph(seeds_kb)


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`edukg build seeds --out DIR` run once, as a user would run it."""
    from typer.testing import CliRunner

    from edukg.cli import app

    out = tmp_path_factory.mktemp("build")
    result = CliRunner().invoke(app, ["build", str(SEEDS), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def extractor():
    """The loaded extraction resources (gazetteer, segmenter, lexicons), shared by tests."""
    from edukg.extract.document import Extractor

    return Extractor.load()
