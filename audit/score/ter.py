"""TER (sacrebleu's exact tercom definition) without letting it dominate a run.

The value of each pair is computed by ``audit.score.ter_exact``: the same algorithm as sacrebleu's
``TER().sentence_score`` (same tokenisation, shift search, beam and tie-breaking, so the same
float; sacrebleu stays the oracle in the tests) with a numpy edit-distance kernel that scores all
shift candidates of a step together, about 20-30 times faster than sacrebleu's pure Python on
long units. Three rules keep it cheap while every computed value stays exact:

1. Cap: units with more than ``ter_max_words`` words on either side get no TER (empty in the
   reports, left out of the document TER). The default lives in ``AuditConfig.ter_max_words``.
2. Memo: a (hypothesis, reference) pair is computed once per process (derivatives of one
   reference share many identical units).
3. Parallel: when one call has at least ``PARALLEL_MIN`` pairs still to compute, they run in a
   pool of forked worker processes (one per available core, at most ``MAX_WORKERS``); on systems
   without ``fork`` they run in this process.
"""

from __future__ import annotations

import atexit
import ctypes
import multiprocessing
import os
import signal
from collections.abc import Sequence
from concurrent.futures import Executor, ProcessPoolExecutor

from audit.score.ter_exact import sentence_ter

PARALLEL_MIN = 8
MAX_WORKERS = 4
_MEMO_SIZE = 100_000

_memo: dict[tuple[str, str], float] = {}
_pool: Executor | None = None
_nested = False


def in_worker() -> None:
    """Mark this process as a pool worker: its TER is computed here, never in a nested pool."""
    global _nested, _pool
    _nested = True
    _pool = None  # a forked copy of the parent's pool handle must not be used


def nested() -> bool:
    """Whether this process is a worker of a pool (and so must not start one)."""
    return _nested


def ter_score(hypothesis: str, reference: str) -> float:
    """Sentence TER of one pair, exactly sacrebleu's (0-100+, lower is better)."""
    return sentence_ter(hypothesis, reference)


def _ter_pair(pair: tuple[str, str]) -> float:
    return ter_score(*pair)


def ter_scores(pairs: Sequence[tuple[str, str]]) -> list[float]:
    """TER of each (hypothesis, reference) pair, memoised, in parallel for large calls."""
    todo = list(dict.fromkeys(p for p in pairs if p not in _memo))
    if todo:
        if len(_memo) + len(todo) > _MEMO_SIZE:
            _memo.clear()
        pool = _executor() if len(todo) >= PARALLEL_MIN else None
        if pool is None:
            values = [_ter_pair(p) for p in todo]
        else:  # longest first, one pair per task, so the workers finish together
            order = sorted(range(len(todo)), key=lambda k: -len(todo[k][0]) - len(todo[k][1]))
            computed = list(pool.map(_ter_pair, [todo[k] for k in order]))
            values = [0.0] * len(todo)
            for k, value in zip(order, computed, strict=True):
                values[k] = value
        _memo.update(zip(todo, values, strict=True))
    return [_memo[p] for p in pairs]


def _workers() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return min(cores, MAX_WORKERS)


def _die_with_parent() -> None:
    """Pool initializer: a worker ends when the auditing process ends, even on SIGKILL (Linux).

    Without it, workers of a killed run would wait forever on their task queue and keep the
    run's stdout/stderr pipes open.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: workers still end with a normal exit
        pass


def _executor() -> Executor | None:
    """The shared worker pool (created on first use), or None where it would not help."""
    global _pool
    if _nested:
        return None
    if _pool is None:
        if _workers() < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return None
        _pool = ProcessPoolExecutor(
            _workers(),
            mp_context=multiprocessing.get_context("fork"),
            initializer=_die_with_parent,
        )
        atexit.register(_pool.shutdown, cancel_futures=True)
    return _pool
