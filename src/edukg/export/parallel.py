"""The products of a built graph (SHACL check, Turtle, N-Triples, JSON-LD, HTML) are
independent of one another: with `edukg build --jobs N` they are made in N processes at
once (N-1 workers beside the parent, which writes N-Triples and then Turtle from them).
The workers are forked after the triples are built, so they read them from the
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
             jobs: int = 1, meanwhile: Callable[[], dict[str, Any]] | None = None
             ) -> dict[str, Any]:
    """{name: task(triples)} for every task, in jobs processes when jobs > 1 (tasks are
    started in the order given: put the longest first), merged with what `meanwhile()`
    returns: work this process does while the workers run (work whose big result would
    cost more to send to a worker than to make here). This process counts as one of the
    jobs when it has such work: three processes on two cores made each product 1.7-2.3×
    slower (time slicing, and memory traffic over millions of small objects), so that
    N-Triples took 26 s instead of 11 s."""
    global _TRIPLES, _TASKS
    workers = min(jobs - 1 if meanwhile else jobs, len(tasks))
    busy = workers + (meanwhile is not None)          # processes that would work at once
    parallel = busy >= 2 and "fork" in multiprocessing.get_all_start_methods()
    if not parallel:
        made = {name: task(triples) for name, task in tasks.items()}
        return {**made, **(meanwhile() if meanwhile else {})}
    _TRIPLES, _TASKS = triples, dict(tasks)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = {name: pool.submit(_run, name) for name in tasks}
            here = meanwhile() if meanwhile else {}
            return {**{name: future.result() for name, future in futures.items()}, **here}
    finally:
        _TRIPLES, _TASKS = None, {}


def _run(name: str) -> Any:
    assert _TRIPLES is not None
    return _TASKS[name](_TRIPLES)
