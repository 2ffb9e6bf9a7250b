"""Parallel auditing (audit.engine.local): same results as in-process, in submission order."""

from __future__ import annotations

import os
from pathlib import Path

from audit.embed import Encoder
from audit.engine import local as parallel
from audit.engine.state import StateStore
from audit.pipeline import audit_documents
from audit.records import AuditResult
from audit.settings import AuditConfig
from tests.conftest import DERIVATIVES, REFERENCE


def _square_and_pid(value: int) -> tuple[int, int]:
    return value * value, os.getpid()


def test_ordered_map_runs_in_workers_and_keeps_order():
    results = list(parallel.ordered_map(_square_and_pid, list(range(20)), workers=2))
    assert [square for square, _ in results] == [k * k for k in range(20)]
    assert os.getpid() not in {pid for _, pid in results}


def test_ordered_map_of_one_item_runs_here():
    assert list(parallel.ordered_map(_square_and_pid, [3], workers=2)) == [(9, os.getpid())]


def test_parallel_batch_audits_equal_serial_audits(
    encoder: Encoder, seed_result: AuditResult, tmp_path: Path
):
    state = StateStore(tmp_path)
    result = audit_documents(REFERENCE, DERIVATIVES, AuditConfig(), encoder, state=state)
    assert state.saved == len(DERIVATIVES)
    assert result.audits == seed_result.audits
    assert result == seed_result
