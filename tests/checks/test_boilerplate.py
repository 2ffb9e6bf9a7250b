"""Boilerplate check: site furniture is minor; ordinary sentences are not furniture."""

from __future__ import annotations

import pytest

from checks.helpers import findings, spans

REF = "Stoltenberg urged South Korea to increase military support."


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("Leave a Comment", id="comment-prompt"),
        pytest.param("READ ALSO: Blinken Urges Restraint Amid Violence", id="read-also"),
        pytest.param("Read more: Weapons flood black markets", id="read-more"),
        pytest.param("Reported by Soo-hyang Choi.", id="byline"),
        pytest.param("Photo: Reuters", id="photo-credit"),
        pytest.param(
            "Join our Telegram channel for the latest breaking news.", id="channel-prompt"
        ),
        pytest.param("Sign up for our daily newsletter.", id="newsletter"),
        pytest.param("Huyen Le (Theo Reuters, Yonhap)", id="agency-byline"),
        pytest.param("pic.twitter.com/muiXY7QpZa", id="embed-link"),
    ],
)
def test_furniture_is_minor_boilerplate(line):
    found = findings("boilerplate", REF, f"{REF}\n{line}", pairs=[((0,), (0,))])
    assert spans(found, "boilerplate") == [line]
    assert found[0].severity.value == "minor"


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("Reuters reported that the talks went well.", id="agency-as-source"),
        pytest.param("Stoltenberg said by Monday the policy would change.", id="by-in-sentence"),
        pytest.param("The photo showed the two men shaking hands.", id="photo-word"),
    ],
)
def test_sentences_are_not_furniture(line):
    assert not findings("boilerplate", REF, f"{REF}\n{line}", pairs=[((0,), (0,))])


def test_furniture_of_the_reference_itself_is_not_reported():
    text = f"{REF}\nPHOTO: REUTERS"
    assert not findings("boilerplate", text, text, pairs=[((0,), (0,)), ((1,), (1,))])
