"""Run independent CPU-bound jobs in forked worker processes, results in submission order.

``audit batch`` audits (align, score, check) each derivative of a reference after one shared
embedding pass; those audits are pure Python and independent, so they run one per task in a pool
of forked workers (one per available core, at most ``audit.score.ter.MAX_WORKERS``). Each task
carries its job (pickled), and each result comes back the same way. Workers die with the parent
(even on SIGKILL). With one item, one core, or no ``fork`` the jobs run in this process.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

from audit.score.ter import available_cores, die_with_parent

T = TypeVar("T")
R = TypeVar("R")

IN_FLIGHT = 4
"""Items per worker submitted ahead of the one the consumer waits for."""


def ordered_map(
    function: Callable[[T], R], items: Sequence[T], workers: int | None = None
) -> Iterator[R]:
    """``function`` of each item, yielded in order as each becomes available.

    ``function`` must be a module-level function (it is pickled by name); ``workers`` defaults
    to the available cores. At most ``IN_FLIGHT`` items per worker are submitted and not yet
    taken, so results never pile up in memory while the consumer (the report stream) is busy.
    """
    workers = min(available_cores() if workers is None else workers, len(items))
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(function, items)
        return
    pool = ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("fork"), initializer=die_with_parent
    )
    try:
        pending: deque[Future[R]] = deque()
        for item in items:
            pending.append(pool.submit(function, item))
            if len(pending) >= IN_FLIGHT * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
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

    def map(
        self, function: Callable[[Any, T], R], groups: Sequence[tuple[Any, Sequence[T]]]
    ) -> Iterator[R]:
        """``function(shared, item)`` of each item of each group, in order: one pool of workers
        for all the groups (each job carries its group's ``shared``)."""
        jobs = [(function, shared, item) for shared, items in groups for item in items]
        return ordered_map(_apply, jobs) if self.parallel else map(_apply, jobs)

    def close(self) -> None:
        pass
