"""Garbled check: fragments, truncation, mid-phrase starts, punctuation, brackets, mojibake."""

from __future__ import annotations

import pytest

from checks.helpers import findings, spans

REF = "He thanked South Korea for its aid and urged more help. He said more was needed."


@pytest.mark.parametrize(
    ("derivative", "expected"),
    [
        pytest.param(
            "He thanked South Korea for its aid, urging more help. bottom.",
            "bottom.",
            id="stray-word",
        ),
        pytest.param(
            "Some allies changed that policy, he said. .quotes Germany and Norway.",
            ".quotes",
            id="glued-punctuation",
        ),
        pytest.param(
            "He said he would like to help manage the",
            "He said he would like to help manage the",
            id="truncated",
        ),
        pytest.param(
            "He thanked South Korea for its aid. time said Ukraine needed ammunition.",
            "time said",
            id="mid-phrase",
        ),
        pytest.param(
            "North Korea called it “a prelude to war in the Asian region.” Asia-Pacific”.",
            "Asia-Pacific”.",
            id="stray-closing-quote",
        ),
        pytest.param("He said that the the aid was welcome.", "the the", id="doubled-word"),
        pytest.param("He said they donâ€™t want tyranny to win.", "â€", id="mojibake"),
        pytest.param(
            "Additional help came from Hanna Song and Eduardo Baptista.Editing followed.",
            "ta.Editing",
            id="missing-space",
        ),
        pytest.param(
            "He said (the aid was welcome and more would come.",
            "He said (the aid was welcome and more would come.",
            id="unbalanced-bracket",
        ),
    ],
)
def test_garbled_text_is_reported(derivative, expected):
    assert expected in spans(findings("garbled", REF, derivative), "garbled")


@pytest.mark.parametrize(
    "derivative",
    [
        pytest.param("pic.twitter.com/muiXY7QpZa", id="url"),
        pytest.param("Photo: Reuters", id="credit"),
        pytest.param(
            "“I urge you to help. It is your decision,” he said.", id="quote-over-two-sentences"
        ),
        pytest.param("U.S. officials said the aid was welcome.", id="abbreviation"),
        pytest.param("He said that that was the reality.", id="that-that"),
        pytest.param("China’s ‘challenge’", id="subheading"),
    ],
)
def test_clean_text_stays_silent(derivative):
    assert not findings("garbled", REF, derivative)


@pytest.mark.parametrize(
    ("reference", "derivative"),
    [
        pytest.param(
            "From the chart,\nwe can see that the rate fell.",
            "Looking at the chart,\nwe can see that the rate fell.",
            id="after-a-comma",
        ),
        pytest.param(
            "and the rate fell again last year.",
            "and the rate dropped again last year.",
            id="reference-starts-lower-too",
        ),
    ],
)
def test_lower_case_start_that_continues_is_not_mid_phrase(reference, derivative):
    assert not findings("garbled", reference, derivative)
