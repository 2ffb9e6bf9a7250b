"""The fidelity formula: divergent words, unit fidelity, document fidelity."""

from __future__ import annotations

import math

import pytest

from audit.score import divergent_words, fidelity, unit_fidelity


@pytest.mark.parametrize(
    ("hyp", "ref", "expected"),
    [
        pytest.param(
            "Stoltenberg urged Korea to help.", "Stoltenberg urged Korea to help.", 0, id="same"
        ),
        pytest.param(
            "NATO urges the U.S. to help.", "Nato urged the US to help.", 0, id="case-dots-tense"
        ),
        pytest.param(
            "China poses a threat.", "China poses a challenge.", 2, id="one-word-each-side"
        ),
        pytest.param("He left.", "He left Seoul on Monday for talks.", 3, id="dropped-words"),
    ],
)
def test_divergent_words(hyp, ref, expected):
    assert divergent_words(hyp, ref) == expected


@pytest.mark.parametrize(
    ("similarity", "points", "divergent", "expected"),
    [
        pytest.param(0.9, 0, 0, 0.9, id="clean"),
        pytest.param(0.9, 5, 0, 0.9 * math.exp(-0.5), id="one-major"),
        pytest.param(0.9, 0, 10, 0.9 * math.exp(-1.0), id="ten-words"),
        pytest.param(-0.2, 0, 0, 0.0, id="negative-cosine"),
    ],
)
def test_unit_fidelity(similarity, points, divergent, expected):
    assert unit_fidelity(similarity, points, divergent) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("coverage", "additions", "quality", "expected"),
    [
        pytest.param(1.0, 0.0, 1.0, 100.0, id="perfect"),
        pytest.param(0.5, 0.0, 1.0, 50.0, id="half-covered"),
        pytest.param(1.0, 0.5, 0.8, 60.0, id="additions-and-quality"),
    ],
)
def test_fidelity(coverage, additions, quality, expected):
    assert fidelity(coverage, additions, quality) == expected


def test_seed_fidelity_orders_the_derivatives(seed_audits):
    """The back-translation 001 is the most faithful seed derivative, the rewrite 003 the least."""
    values = {k: a.summary.fidelity for k, a in seed_audits.items()}
    assert values["001"] == max(values.values())
    assert values["003"] == min(values.values())
