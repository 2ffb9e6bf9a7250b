"""Untranslated check: words in another script than the reference's."""

from __future__ import annotations

import pytest

from checks.helpers import findings, spans

REF = "The foreign ministry spokesperson said China was a partner."


@pytest.mark.parametrize(
    ("derivative", "expected", "severity"),
    [
        pytest.param(
            "The 外交部 spokesperson said China was a partner.", "外交部", "major", id="word"
        ),
        pytest.param(
            "The spokesperson said 中国是各国的伙伴而不是挑战也不威胁任何国家 today.",
            "中国是各国的伙伴而不是挑战也不威胁任何国家",
            "critical",
            id="passage",
        ),
        pytest.param(
            "The Мид spokesperson said China was a partner.", "Мид", "major", id="cyrillic"
        ),
    ],
)
def test_foreign_script_is_reported(derivative, expected, severity):
    found = findings("untranslated", REF, derivative)
    assert spans(found, "untranslated") == [expected]
    assert found[0].severity.value == severity


@pytest.mark.parametrize(
    "derivative",
    [
        pytest.param("The café owner in Zürich said China was a partner.", id="latin-diacritics"),
        pytest.param("The spokesperson said China was a partner (2023).", id="digits"),
    ],
)
def test_same_script_stays_silent(derivative):
    assert not findings("untranslated", REF, derivative)
