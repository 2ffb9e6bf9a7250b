"""Word differences: exact ranges of changed words on both sides."""

from __future__ import annotations

import pytest

from audit.report.diff import runs, word_diff


def _changed(text: str, ranges: tuple[tuple[int, int], ...]) -> list[str]:
    return [text[s:e] for s, e in ranges]


@pytest.mark.parametrize(
    ("reference", "derivative", "ref_changed", "der_changed"),
    [
        pytest.param(
            "Speaking at the Chey Institute in Seoul.",
            "Speaking at the Choi Institute in Seoul.",
            ["Chey"],
            ["Choi"],
            id="one-word-swapped",
        ),
        pytest.param("Same words here.", "Same  words\nhere.", [], [], id="spacing-only"),
        pytest.param("He left.", "He left early.", [], ["early"], id="insertion"),
        pytest.param(
            "They did not say so.", "They said so.", ["did not say"], ["said"], id="phrase"
        ),
        pytest.param("It's fine.", "It is fine.", ["It's"], ["It is"], id="apostrophe-word"),
    ],
)
def test_word_diff_marks_exactly_the_changed_words(
    reference: str, derivative: str, ref_changed: list[str], der_changed: list[str]
) -> None:
    diff = word_diff(reference, derivative)
    assert _changed(reference, diff.reference) == ref_changed
    assert _changed(derivative, diff.derivative) == der_changed
    assert diff.identical == (not ref_changed and not der_changed)


def test_runs_cover_the_text_without_empty_pieces() -> None:
    text = "Speaking at the Choi Institute"
    pieces = runs(text, ((16, 20),))
    assert pieces == [("Speaking at the ", False), ("Choi", True), (" Institute", False)]
    assert "".join(p for p, _ in pieces) == text
    assert runs("abc", ((0, 3),)) == [("abc", True)]
