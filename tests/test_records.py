"""The data model: offsets, statuses and stable finding ids."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, replace

import pytest

from audit.records import AlignedUnit, Category, Document, Finding, Severity, UnitStatus
from audit.segment import segment


def test_records_are_frozen() -> None:
    doc = Document(name="a.txt", text="x")
    with pytest.raises(FrozenInstanceError):
        doc.text = "y"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("unit", "status"),
    [
        pytest.param(AlignedUnit(0, (1,), (2,)), UnitStatus.ALIGNED, id="aligned"),
        pytest.param(AlignedUnit(0, (), (2,)), UnitStatus.ADDITION, id="addition"),
        pytest.param(AlignedUnit(0, (1,), ()), UnitStatus.OMISSION, id="omission"),
    ],
)
def test_unit_status(unit: AlignedUnit, status: UnitStatus) -> None:
    assert unit.status is status


def test_segmented_text_of_a_run_is_the_exact_file_text() -> None:
    doc = Document(name="a.txt", text="One. Two.\n\nThree.")
    seg = segment(doc)
    assert seg.text_of((0, 1)) == "One. Two."
    assert seg.span((2,)) == (11, 17)
    assert doc.line_of(11) == 3


def test_severity_rank_orders_critical_first() -> None:
    assert Severity.CRITICAL.rank > Severity.MAJOR.rank > Severity.MINOR.rank


def test_finding_id_is_stable_across_offset_changes() -> None:
    finding = Finding(
        "d.txt",
        3,
        Category.NAME,
        Severity.MAJOR,
        "name",
        10,
        14,
        "Choi",
        2,
        "x",
        reference_text="Chey Institute",
    )
    moved = replace(finding, start=110, end=114, line=9, unit=7)
    assert finding.id == moved.id
    assert finding.id != replace(finding, span="Choy").id
