"""The verdict rules, in order: the first that holds decides."""

from __future__ import annotations

from dataclasses import replace

import pytest

from audit.records import DocumentSummary
from audit.report.verdict import Verdict, read_summary, verdict_of

CLEAN = DocumentSummary(
    sentences=10,
    aligned=10,
    additions=0,
    omissions=0,
    coverage=1.0,
    addition_share=0.0,
    fidelity=80.0,
    chrf=90.0,
    bleu=80.0,
    ter=10.0,
    similarity=0.95,
    critical=0,
    major=0,
    minor=0,
)


@pytest.mark.parametrize(
    "changes, verdict, reason",
    [
        ({}, Verdict.FAITHFUL, "no finding, coverage 1.00"),
        ({"minor": 2}, Verdict.MINOR, "2 minor finding(s)"),
        ({"coverage": 0.95}, Verdict.MINOR, "coverage 0.95 under 0.98"),
        ({"major": 1, "minor": 3}, Verdict.MAJOR, "1 major finding(s)"),
        ({"coverage": 0.85}, Verdict.MAJOR, "coverage 0.85 under 0.9"),
        ({"critical": 1}, Verdict.UNRELIABLE, "1 critical finding(s)"),
        ({"coverage": 0.4, "major": 5}, Verdict.UNRELIABLE, "coverage 0.40 under 0.5"),
        ({"fidelity": 4.0}, Verdict.UNRELIABLE, "fidelity 4.0 under 5"),
        ({"fidelity": 5.0}, Verdict.FAITHFUL, "no finding, coverage 1.00"),
    ],
)
def test_rules(changes: dict, verdict: Verdict, reason: str) -> None:
    summary = replace(CLEAN, **changes)
    assert read_summary(summary).verdict is verdict
    assert read_summary(summary).reason == reason
    assert verdict_of(summary) is verdict


def test_verdicts_are_ordered_best_first() -> None:
    assert [v.value for v in Verdict] == ["faithful", "minor issues", "major issues", "unreliable"]
