"""Figures read across languages (``audit.checks.figures``)."""

from __future__ import annotations

import pytest

from audit.checks.figures import compare, figures, number_value


@pytest.mark.parametrize(
    ("written", "language", "value"),
    [
        pytest.param("1,000", "en", 1000.0, id="en-thousands"),
        pytest.param("1.000", "de", 1000.0, id="de-thousands"),
        pytest.param("1,5", "de", 1.5, id="de-decimal"),
        pytest.param("1.5", "de", 1.5, id="de-written-with-a-point"),
        pytest.param("1.000,5", "de", 1000.5, id="both-separators"),
        pytest.param("1,000.5", "en", 1000.5, id="both-separators-en"),
        pytest.param("5 000", "fr", 5000.0, id="fr-space-groups"),
        pytest.param("12,5", "en", 12.5, id="comma-before-one-digit"),
    ],
)
def test_number_values(written: str, language: str, value: float) -> None:
    assert number_value(written, language) == value


def _values(text: str, language: str) -> list[tuple[str, str, list[float], str]]:
    return [(text[f.start : f.end], f.kind, sorted(f.values), f.currency)
            for f in figures(text, language)]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        pytest.param("$1.5 billion", "en", [("1.5", "n", [1.5, 1.5e9], "usd")], id="dollars"),
        pytest.param(
            "1,5 Milliarden Dollar", "de", [("1,5", "n", [1.5, 1.5e9], "usd")], id="milliarden"
        ),  # noqa: E501
        pytest.param(
            "2 Billionen Euro", "de", [("2", "n", [2.0, 2e12], "eur")], id="german-billion"
        ),  # noqa: E501
        pytest.param("4.5亿元", "zh", [("4.5", "n", [4.5, 4.5e8], "cny")], id="yi"),
        pytest.param(
            "2023年1月29日",
            "zh",
            [("2023", "n", [2023.0], ""), ("1", "month", [1.0], ""), ("29", "n", [29.0], "")],
            id="chinese-date",
        ),  # fmt: skip
        pytest.param(
            "am 3. Februar",
            "de",
            [("3", "n", [3.0], ""), ("Februar", "month", [2.0], "")],
            id="german-date",
        ),  # noqa: E501
        pytest.param("around 1.30pm", "en", [("1.30", "time", [90.0, 810.0], "")], id="pm"),
        pytest.param("gegen 13:30 Uhr", "de", [("13:30", "time", [810.0], "")], id="uhr"),
        pytest.param("١٥ شخصا", "ar", [("١٥", "n", [15.0], "")], id="arabic-digits"),
        pytest.param("May I say", "en", [], id="may-without-a-figure"),
    ],
)
def test_figures(
    text: str, language: str, expected: list[tuple[str, str, list[float], str]]
) -> None:  # noqa: E501
    assert _values(text, language) == expected


def test_compare_changed_added_dropped_and_currency() -> None:
    ref = figures("37 ships, 118 km/h, 12.5 million euros, 9 vessels", "en")
    der = figures("38 Schiffe, 118 km/h, 12,5 Millionen Dollar, 640 Einsätze", "de")
    result = compare(ref, der, [], [])
    der_text = "38 Schiffe, 118 km/h, 12,5 Millionen Dollar, 640 Einsätze"
    ref_text = "37 ships, 118 km/h, 12.5 million euros, 9 vessels"
    pairs = [(der_text[d.start : d.end], ref_text[r.start : r.end]) for d, r in result.changed]
    assert pairs == [("38", "37"), ("640", "9")]
    assert len(result.currency) == 1 and result.currency[0][0].currency == "usd"
    assert not result.added and not result.dropped


def test_a_figure_moved_to_the_next_sentence_is_no_change() -> None:
    ref = figures("37 ships", "en")
    result = compare(ref, [], [], figures("37 Schiffe", "de"))
    assert not result.changed and not result.dropped
