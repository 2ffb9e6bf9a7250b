"""Gap pairing: unlinked sentences in the same place on both sides, linked one to one."""

from __future__ import annotations

import pytest

from audit.align.gaps import gap_pairs


def _pairs(units, n_ref, n_der, cosines=None, floor=0.6):
    table = cosines or {}
    return gap_pairs(units, n_ref, n_der, lambda j, i: table.get((j, i), 0.9), floor)


@pytest.mark.parametrize(
    ("units", "n_ref", "n_der", "expected"),
    [
        pytest.param([([0], [0]), ([2], [2])], 3, 3, [(1, 1)], id="between-two-units"),
        pytest.param([([1], [1])], 2, 2, [(0, 0)], id="at-the-start"),
        pytest.param([([0], [0])], 2, 2, [(1, 1)], id="at-the-end"),
        pytest.param([([0], [0]), ([3], [3])], 4, 4, [(1, 1), (2, 2)], id="two-in-order"),
        pytest.param([([0], [0]), ([3], [2])], 4, 3, [], id="unequal-runs"),
        pytest.param([([2], [0]), ([0], [2])], 3, 3, [], id="units-out-of-order"),
        pytest.param([([0], [0]), ([1], [2])], 3, 3, [], id="no-reference-gap"),
        pytest.param([([0], [0]), ([1, 2], [2])], 3, 3, [], id="reference-gap-is-linked"),
        pytest.param([([0], [0]), ([2], [1, 2])], 3, 3, [], id="no-derivative-gap"),
    ],
)
def test_gap_pairs(units, n_ref, n_der, expected):
    assert _pairs(units, n_ref, n_der) == expected


def test_a_loose_pair_under_the_floor_stays_unlinked():
    units = [([0], [0]), ([3], [3])]
    assert _pairs(units, 4, 4, {(1, 1): 0.3}) == [(2, 2)]


def test_whole_documents_of_unlinked_sentences_pair_in_order():
    assert _pairs([], 2, 2) == [(0, 0), (1, 1)]
