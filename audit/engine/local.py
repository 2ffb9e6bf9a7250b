"""Run independent CPU-bound jobs in forked worker processes, results in submission order.

``audit batch`` audits (align, score, check) each derivative of a reference after one shared
embedding pass; those audits are pure Python and independent, so they run one per task in a pool
of forked workers (one per available core, at most ``ter.MAX_WORKERS``). The job function and its
inputs are set in a module global before the fork, so workers receive only an index and send back
the result. Workers die with the parent (even on SIGKILL) and never start the nested TER pool.
With one item, one core, or no ``fork`` the jobs run in this process.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from audit.score import ter

T = TypeVar("T")
R = TypeVar("R")

_job: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def _worker_init() -> None:
    """Pool initializer: end with the parent, and compute TER in this worker itself."""
    ter._die_with_parent()
    ter.in_worker()


def _run(index: int) -> Any:
    assert _job is not None
    function, items = _job
    return function(items[index])


def ordered_map(function: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
    """``function`` of each item, yielded in order as each becomes available."""
    global _job
    workers = min(ter._workers(), len(items))
    if workers < 2 or ter.nested() or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(function, items)
        return
    _job = (function, items)
    pool = ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("fork"), initializer=_worker_init
    )
    try:
        futures = [pool.submit(_run, k) for k in range(len(items))]
        _job = None  # the workers have their copy
        for future in futures:
            yield future.result()
    finally:
        _job = None
        pool.shutdown(wait=True, cancel_futures=True)


def _apply(job: tuple[Callable[[Any, Any], Any], Any, Any]) -> Any:
    function, shared, item = job
    return function(shared, item)


class LocalEngine:
    """This machine: the encoder in this process, pair audits in forked workers (``parallel``)."""

    name = "local"

    def __init__(self, parallel: bool = True):
        self.parallel = parallel

    def encoder(self, make: Callable[[], Any]) -> Any:
        return make()

    def map(self, function: Callable[[Any, T], R], shared: Any, items: Sequence[T]) -> Iterator[R]:
        """``function(shared, item)`` of each item, in order."""
        jobs = [(function, shared, item) for item in items]
        return ordered_map(_apply, jobs) if self.parallel else map(_apply, jobs)

    def close(self) -> None:
        pass
