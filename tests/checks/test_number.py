"""Number check: changed, added and dropped figures; number words, dates and relative dates."""

from __future__ import annotations

import pytest

from checks.helpers import findings, spans


@pytest.mark.parametrize(
    ("reference", "derivative", "expected", "severity"),
    [
        pytest.param(
            "Inflation was 3.5% in January, the office said.",
            "Inflation was 5.3% in June, the office said.",
            ["5.3", "June"],
            "major",
            id="percent-and-month",
        ),
        pytest.param(
            "Germany will send 14 Leopard tanks to Kyiv.",
            "Germany will send 41 Leopard tanks to Kyiv.",
            ["41"],
            "major",
            id="digits",
        ),
        pytest.param(
            "He arrived in Seoul on Monday for talks.",
            "He arrived in Seoul on Tuesday for talks.",
            ["Tuesday"],
            "major",
            id="weekday",
        ),
        pytest.param(
            "In 2022, South Korea opened its first mission to Nato.",
            "In 2021, South Korea opened its first mission to Nato.",
            ["2021"],
            "major",
            id="year",
        ),
        pytest.param(
            "Russia has called the invasion a special operation.",
            "Russia has called the invasion, which began on February 24, a special operation.",
            ["February 24"],
            "minor",
            id="added-date",
        ),
    ],
)
def test_changed_numbers_are_reported(reference, derivative, expected, severity):
    found = findings("number", reference, derivative)
    assert spans(found, "number") == expected
    assert {f.severity.value for f in found} == {severity}


def test_dropped_number_points_at_the_passage():
    found = findings(
        "number",
        "The US committed 31 Abrams tanks to Ukraine last week.",
        "The US committed Abrams tanks to Ukraine last week.",
    )
    assert [(f.severity.value, f.reference_text) for f in found] == [("minor", "31")]


@pytest.mark.parametrize(
    ("reference", "derivative"),
    [
        pytest.param(
            "Germany will send 14 tanks.", "Germany will send fourteen tanks.", id="number-word"
        ),
        pytest.param(
            "In 2022, Seoul opened a mission.",
            "Last year, Seoul opened a mission.",
            id="relative-year",
        ),
        pytest.param(
            "Exports rose to 2,000 units.", "Exports rose to 2000 units.", id="thousands-separator"
        ),
        pytest.param("They met on Jan 29.", "They met on January 29.", id="month-abbreviation"),
        pytest.param("He spoke in Seoul on Monday.", "He spoke in Seoul today.", id="relative-day"),
        pytest.param("Two million people fled.", "2 million people fled.", id="scale-word"),
    ],
)
def test_same_figures_stay_silent(reference, derivative):
    assert not findings("number", reference, derivative)
