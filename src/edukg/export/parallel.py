"""The products of a built graph (SHACL check, Turtle, N-Triples, JSON-LD, HTML) are
independent of one another: with `edukg build --jobs N` they are made in N processes at
once. The workers are forked after the triples are built, so they read them from the
parent's memory (copy-on-write) instead of receiving a pickled copy; only the results (bytes,
a list of violations) travel back. Where fork is unavailable they are made one by one.
"""
from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

_TRIPLES: Sequence[tuple] | None = None
_TASKS: dict[str, Callable[[Sequence[tuple]], Any]] = {}


def make_all(triples: Sequence[tuple], tasks: dict[str, Callable[[Sequence[tuple]], Any]],
             jobs: int = 1) -> dict[str, Any]:
    """{name: task(triples)} for every task, in jobs processes when jobs > 1 (tasks are
    started in the order given: put the longest first)."""
    global _TRIPLES, _TASKS
    if jobs <= 1 or len(tasks) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return {name: task(triples) for name, task in tasks.items()}
    _TRIPLES, _TASKS = triples, dict(tasks)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=context) as pool:
            futures = {name: pool.submit(_run, name) for name in tasks}
            return {name: future.result() for name, future in futures.items()}
    finally:
        _TRIPLES, _TASKS = None, {}


def _run(name: str) -> Any:
    assert _TRIPLES is not None
    return _TASKS[name](_TRIPLES)
