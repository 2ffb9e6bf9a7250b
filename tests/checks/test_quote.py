"""Quote check: altered or invented quotations are major; exact quotes and excerpts are silent."""

from __future__ import annotations

import pytest

from checks.helpers import findings, spans

REF = (
    "“But at the same time, we are very clear that China poses a challenge to our values,” he said."
)


@pytest.mark.parametrize(
    ("reference", "derivative", "expected", "evidence"),
    [
        pytest.param(
            REF,
            "“But at the same time, we are very clear that China poses a threat to our values,” "
            "he said.",
            "threat",
            "“threat” for “challenge”",
            id="altered-word",
        ),
        pytest.param(
            "Although China is not an adversary, it has become “much higher” on the agenda.",
            "Although China is not an enemy, it has become “much more important” on the agenda.",
            "“much more important”",
            "does not match the quotation of the same passage",
            id="altered-scare-quote",
        ),
        pytest.param(
            "He said Seoul should reconsider its policy on weapons exports.",
            "He said Seoul should “reconsider its outdated policy” on weapons exports.",
            "“reconsider its outdated policy”",
            "presented as a quotation",
            id="paraphrase-as-quote",
        ),
    ],
)
def test_misquotes_are_major(reference, derivative, expected, evidence):
    found = findings("quote", reference, derivative)
    assert spans(found, "quote") == [expected]
    assert found[0].severity.value == "major"
    assert evidence in found[0].explanation


@pytest.mark.parametrize(
    ("reference", "derivative"),
    [
        pytest.param(REF, REF.replace("“", '"').replace("”", '"'), id="straight-quotes"),
        pytest.param(
            REF,
            "He said that “China poses a challenge to our values”.",
            id="excerpt",
        ),
        pytest.param(
            "He said there is an “urgent need” for ammunition.",
            "He added that there was an “urgent need” for ammunition.",
            id="scare-quote-kept",
        ),
        pytest.param(
            "“If we don’t want tyranny to win, then (the Ukrainians) need weapons,” he said.",
            "“If we don’t want tyranny to win, then they need weapons,” he said.",
            id="editorial-gloss",
        ),
        pytest.param(
            "“Several allies who have had as a policy to never export weapons changed it.”",
            "“Several allies who had as a policy never to export weapons changed it.”",
            id="function-words-only",
        ),
    ],
)
def test_faithful_quotes_stay_silent(reference, derivative):
    assert not findings("quote", reference, derivative)
