"""The planted-change battery on the project's own sentences (``tests/judge/pairs.tsv``: news
sentences written for these tests, none from the seed article, each with a faithful rewording),
audited end to end with the real model and judge. The items were planted by
``benchmarks/battery.py --pairs tests/judge/pairs.tsv --write tests/judge/battery.jsonl``;
docs/detection.md gives the same figures on sentences nobody here wrote."""

from __future__ import annotations

from pathlib import Path

import pytest

from audit.bench.battery import read_items, run_battery, summary
from audit.judge.perturb import EDITS, KEEPS
from audit.settings import AuditConfig

ITEMS = read_items(Path(__file__).with_name("battery.jsonl"))

FLOORS = {"reverses_found": 0.80, "shifts_found": 0.08, "fidelity_ranks_clean_first": 0.95}
"""What the battery keeps (measured 0.845, 0.107 and 0.983 with the shipped judge: floors against
regressions, under the issue's targets of 0.90, 0.70 and 0.95 where those are not met; see
docs/detection.md)."""
ALARMS = 0.05
"""Most faithful rewordings (and clean copies) that may get a major finding."""


@pytest.fixture(scope="module")
def figures(encoder):
    return summary(run_battery(ITEMS, AuditConfig(), encoder))


def test_every_class_is_planted():
    assert {i.kind for i in ITEMS} == set(EDITS)


@pytest.mark.parametrize("figure", list(FLOORS))
def test_changes_are_found(figures, figure):
    assert figures[figure] >= FLOORS[figure], figures


def test_rewordings_are_not_findings(figures):
    assert figures["clean_false_alarms"] <= ALARMS, figures
    for kind in KEEPS:
        assert figures[kind]["share"] <= ALARMS, figures
