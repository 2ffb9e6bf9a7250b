"""What the judge's calibration reads of one unit, the same in training and at audit time.

``evidence`` gives four numbers per unit: the unit head's Major logit and opposite logit, the
largest word logit among the derivative's tokens, and the largest among the reference's. The
calibrated probability of a Major error is a logistic regression over the ``STACKED`` ones,
fitted on held-out units by the training script (``probability``; its weights are ``stack`` in
the weights file): a unit with one word clearly in error is a Major error even when the unit
head alone is unsure ("rooms" for "libraries").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from audit.judge.tokens import Pair

STACKED = (0, 2, 3)
"""Columns of ``evidence`` the calibration reads: Major logit, derivative words, reference
words (the opposite logit has its own threshold)."""


def evidence(unit: np.ndarray, words: np.ndarray, pair: Pair) -> np.ndarray:
    """(Major logit, opposite logit, largest derivative word logit, largest reference word
    logit), float32; -20 for a side with no word token."""
    real = ~pair.special
    deriv = words[real & (pair.types == 1)]
    ref = words[real & (pair.types == 0)]
    return np.asarray(
        [
            unit[0],
            unit[1],
            deriv.max() if deriv.size else -20.0,
            ref.max() if ref.size else -20.0,
        ],
        dtype=np.float32,
    )


def probability(stack: Sequence[float], features: np.ndarray) -> np.ndarray:
    """The calibrated probability of a Major error from the ``STACKED`` features
    (rows, len(STACKED)) and the fitted weights (coefficients, then the intercept)."""
    weights = np.asarray(stack[:-1], dtype=np.float64)
    z = np.clip(features.astype(np.float64) @ weights + stack[-1], -60.0, 60.0)
    return 1.0 / (1.0 + np.exp(-z))
