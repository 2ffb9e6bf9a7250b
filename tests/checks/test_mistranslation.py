"""Mistranslation check: negation, modality and person flips; paraphrase stays silent."""

from __future__ import annotations

import pytest

from checks.helpers import findings, spans


@pytest.mark.parametrize(
    ("reference", "derivative", "expected", "evidence"),
    [
        pytest.param(
            "He said the alliance wants to help manage global threats by partnerships in Asia.",
            "He said the alliance could pose a global threat by partnerships in Asia.",
            "could pose a",
            "modality",
            id="modality",
        ),
        pytest.param(
            "Although China is not the alliance's adversary, it is on the agenda.",
            "Although China is the alliance's adversary, it is on the agenda.",
            "is",
            "negation",
            id="negation-lost",
        ),
        pytest.param(
            "The minister said the country will send more weapons to Ukraine.",
            "The minister said the country will never send more weapons to Ukraine.",
            "never",
            "negation",
            id="negation-added",
        ),
        pytest.param(
            "He said we should engage with China on arms control and climate change.",
            "He said they should engage with China on arms control and climate change.",
            "they",
            "grammatical person",
            id="person",
        ),
    ],
)
def test_meaning_changes_are_reported(reference, derivative, expected, evidence):
    found = findings("mistranslation", reference, derivative)
    assert spans(found, "mistranslation") == [expected]
    assert evidence in found[0].explanation


@pytest.mark.parametrize(
    ("reference", "derivative"),
    [
        pytest.param(
            "In meetings, Mr Stoltenberg argued that events in Europe are interconnected.",
            "In meetings, Stoltenberg maintained that events in Europe are interconnected.",
            id="argued-maintained",
        ),
        pytest.param(
            "Stoltenberg urged South Korea to step up military support for Ukraine.",
            "Stoltenberg urged South Korea to increase military support for Ukraine.",
            id="step-up-increase",
        ),
        pytest.param(
            "Countries changed their policy of not providing weapons to countries in conflict.",
            "Countries changed their policy of refusing to provide weapons to countries at war.",
            id="negation-by-verb",
        ),
        pytest.param(
            "It is important that Russia does not win this war, he said.",
            "It is important to prevent Russia from winning this war, he said.",
            id="prevent-from",
        ),
        pytest.param(
            "He said the ministry will publish the figures next week.",
            "He said the ministry would publish the figures next week.",
            id="reported-speech-tense",
        ),
        pytest.param(
            "“We believe that we should engage with China,” he said.",
            "“I believe we should engage with China,” he said.",
            id="inside-quotes-is-the-quote-check",
        ),
    ],
)
def test_paraphrase_stays_silent(reference, derivative):
    assert not findings("mistranslation", reference, derivative)
