"""Name check: changed proper names are reported; case, dots and dropped titles are not."""

from __future__ import annotations

import pytest

from checks.helpers import findings, spans


@pytest.mark.parametrize(
    ("reference", "derivative", "expected", "severity"),
    [
        pytest.param(
            "Speaking at the Chey Institute in Seoul, he thanked South Korea.",
            "Speaking at the Choi Institute in Seoul, he thanked South Korea.",
            ["Choi"],
            "major",
            id="chey-choi",
        ),
        pytest.param(
            "But President Yoon Suk-yeol has said the law makes it difficult.",
            "But President Yoon Seok-yeol has said the law makes it difficult.",
            ["Seok"],
            "minor",
            id="transliteration",
        ),
        pytest.param(
            "He met Foreign Minister Park Jin in Seoul on Sunday.",
            "He met Foreign Minister Pak Jin in Seoul on Sunday.",
            ["Pak"],
            "major",
            id="misspelt-surname",
        ),
    ],
)
def test_changed_names_are_reported(reference, derivative, expected, severity):
    found = findings("name", reference, derivative)
    assert spans(found, "name") == expected
    assert all(f.severity.value == severity and "differs" in f.explanation for f in found)


@pytest.mark.parametrize(
    ("reference", "derivative"),
    [
        pytest.param(
            "Nato's chief urges South Korea to help.",
            "NATO's chief urges South Korea to help.",
            id="case",
        ),
        pytest.param(
            "He strengthens ties with US allies in Asia.",
            "He strengthens ties with U.S. allies in Asia.",
            id="dots",
        ),
        pytest.param(
            "In meetings, Mr Stoltenberg argued that events are linked.",
            "In meetings, Stoltenberg maintained that events are linked.",
            id="title-dropped",
        ),
        pytest.param(
            "US Defence Secretary Lloyd Austin arrived.",
            "US Defense Secretary Lloyd Austin arrived.",
            id="spelling",
        ),
        pytest.param(
            "They met in Seoul on Jan 29, 2023.",
            "They met in Seoul on January 29, 2023.",
            id="month-abbreviation",
        ),
        pytest.param(
            "The Chey Institute for Advanced Studies hosted him.",
            "The Chey Institute for Advanced Study hosted him.",
            id="inflection",
        ),
        pytest.param(
            "He met Chinese Foreign Minister Wang Yi in Beijing.",
            "He met China Foreign Minister Wang Yi in Beijing.",
            id="demonym",
        ),
    ],
)
def test_name_variants_stay_silent(reference, derivative):
    assert not findings("name", reference, derivative)
