"""Match log-odds: how a pair's similarity and its standing in its row and column combine."""

from __future__ import annotations

import numpy as np
import pytest

from audit.align.emission import match_log_odds
from audit.align.lexical import lexical_pairs
from audit.settings import AlignConfig


def unit_rows(*rows: list[float]) -> np.ndarray:
    matrix = np.asarray(rows, dtype=np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def test_shape_and_order_of_the_log_odds():
    ref = unit_rows([1, 0, 0], [0, 1, 0])
    der = unit_rows([1, 0.1, 0], [0, 0, 1], [0.1, 1, 0])
    z = match_log_odds(ref, der, None, AlignConfig())
    assert z.shape == (3, 2) and z.dtype == np.float32
    assert z[0, 0] > z[0, 1] and z[2, 1] > z[2, 0]
    assert z[0, 0] > z[1, 0]  # a near copy beats a sentence about something else


def test_a_pair_beaten_in_its_column_scores_lower_than_the_same_cosine_alone():
    """Same cosine with reference 0; in the second case another sentence matches it better."""
    ref = unit_rows([1, 0, 0, 0])
    alone = match_log_odds(ref, unit_rows([1, 1, 0, 0], [0, 0, 1, 0]), None, AlignConfig())
    beaten = match_log_odds(ref, unit_rows([1, 1, 0, 0], [1, 0, 0.1, 0]), None, AlignConfig())
    assert beaten[0, 0] < alone[0, 0]


def test_ties_are_no_evidence():
    """Nothing matches: every cell of a row ties, so none gets the 'best of its row' weight."""
    ref = unit_rows([1, 0, 0, 0], [0, 1, 0, 0])
    der = unit_rows([0, 0, 1, 0], [0, 0, 0, 1])
    z = match_log_odds(ref, der, None, AlignConfig())
    assert np.allclose(z, AlignConfig().log_odds_weights[-1])


@pytest.mark.parametrize("with_words", [False, True], ids=["vectors only", "with words"])
def test_shared_words_raise_the_log_odds(with_words):
    ref_texts = ["The fox praised the crow.", "The cheese fell from her beak."]
    der_texts = ["Down from her beak tumbled the cheese."]
    ref, der = unit_rows([1, 0, 0], [0, 1, 0]), unit_rows([0.3, 0.3, 1])
    lexical = lexical_pairs(ref_texts, der_texts) if with_words else None
    z = match_log_odds(ref, der, lexical, AlignConfig())
    assert (z[0, 1] > z[0, 0]) == with_words
