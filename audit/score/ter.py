"""TER (sacrebleu's exact tercom definition) without letting it dominate a run.

The value of each pair is computed by ``audit.score.ter_exact``: the same algorithm as sacrebleu's
``TER().sentence_score`` (same tokenisation, shift search, beam and tie-breaking, so the same
float; sacrebleu stays the oracle in the tests) with a numpy edit-distance kernel that scores all
shift candidates of a step together, about 20-30 times faster than sacrebleu's pure Python on
long units. Three rules keep it cheap while every computed value stays exact:

1. Cap: units with more than ``ter_max_words`` words on either side get no TER (empty in the
   reports, left out of the document TER). The default lives in ``AuditConfig.ter_max_words``.
2. Memo: a (hypothesis, reference) pair is computed once per ``TerScorer`` (one serves all the
   derivatives of a run, which share many identical units).
3. Parallel: when one call has at least ``min_parallel`` pairs still to compute, they run in the
   scorer's pool of forked worker processes (one per available core, at most ``MAX_WORKERS``);
   a scorer made with ``workers=1`` (inside a worker of ``audit.engine.local``), or on systems
   without ``fork``, computes them in this process.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor

from audit.score.ter_exact import sentence_ter

MAX_WORKERS = 4
MEMO_SIZE = 100_000


def available_cores() -> int:
    """Cores this process may run on, at most ``MAX_WORKERS``."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return min(cores, MAX_WORKERS)


def die_with_parent() -> None:
    """Pool initializer: a worker ends when the auditing process ends, even on SIGKILL (Linux).

    Without it, workers of a killed run would wait forever on their task queue and keep the
    run's stdout/stderr pipes open.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: workers still end with a normal exit
        pass


def ter_score(hypothesis: str, reference: str) -> float:
    """Sentence TER of one pair, exactly sacrebleu's (0-100+, lower is better)."""
    return sentence_ter(hypothesis, reference)


def _ter_pair(pair: tuple[str, str]) -> float:
    return ter_score(*pair)


class TerScorer:
    """TER of (hypothesis, reference) pairs: memoised, and in a pool of forked workers for large
    calls. The pool starts on first need; ``close`` (or the end of a ``with`` block) stops it."""

    def __init__(
        self,
        workers: int | None = None,
        min_parallel: int = 8,
        memo_size: int = MEMO_SIZE,
        compute: Callable[[tuple[str, str]], float] = _ter_pair,
    ) -> None:
        self.workers = available_cores() if workers is None else workers
        self.min_parallel = min_parallel
        self.memo_size = memo_size
        self.compute = compute
        self._memo: dict[tuple[str, str], float] = {}
        self._pool: Executor | None = None

    def __enter__(self) -> TerScorer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __getstate__(self) -> dict[str, object]:
        """A copy sent to another process has an empty memo and no pool (it cannot use ours)."""
        return {**self.__dict__, "_memo": {}, "_pool": None}

    def __len__(self) -> int:
        """How many pairs are memoised."""
        return len(self._memo)

    @property
    def running(self) -> bool:
        """Whether the worker pool has been started (and not closed)."""
        return self._pool is not None

    def scores(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        """TER of each (hypothesis, reference) pair, in order."""
        todo = list(dict.fromkeys(p for p in pairs if p not in self._memo))
        if todo:
            if len(self._memo) + len(todo) > self.memo_size:
                self._memo.clear()
            self._memo.update(zip(todo, self._compute_all(todo), strict=True))
        return [self._memo[p] for p in pairs]

    def _compute_all(self, todo: list[tuple[str, str]]) -> list[float]:
        pool = self._executor() if len(todo) >= self.min_parallel else None
        if pool is None:
            return [self.compute(p) for p in todo]
        # longest first, one pair per task, so the workers finish together
        order = sorted(range(len(todo)), key=lambda k: -len(todo[k][0]) - len(todo[k][1]))
        computed = list(pool.map(self.compute, [todo[k] for k in order]))
        values = [0.0] * len(todo)
        for k, value in zip(order, computed, strict=True):
            values[k] = value
        return values

    def _executor(self) -> Executor | None:
        """The scorer's worker pool (created on first use), or None where it would not help."""
        if self._pool is None:
            if self.workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
                return None
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=die_with_parent,
            )
        return self._pool

    def close(self) -> None:
        """Stop the worker pool, if one was started."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
