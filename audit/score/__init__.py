"""Scoring: aligned units and whole derivatives (sacrebleu chrF/BLEU/TER, cosine, fidelity).

``metrics``: the scores of one unit; ``fidelity``: the figures of a whole derivative;
``ter``/``ter_exact``: sacrebleu's TER, computed exactly and fast.
"""

from __future__ import annotations

from audit.score.fidelity import (
    POINT_WEIGHT,
    SEVERITY_POINTS,
    WORD_WEIGHT,
    divergent_words,
    fidelity,
    summarise,
    unit_fidelity,
    unit_quality,
)
from audit.score.metrics import UnitScorer, metric_signatures, score_unit, score_units
from audit.score.ter import TerScorer

__all__ = [
    "POINT_WEIGHT",
    "TerScorer",
    "UnitScorer",
    "SEVERITY_POINTS",
    "WORD_WEIGHT",
    "divergent_words",
    "fidelity",
    "metric_signatures",
    "score_unit",
    "score_units",
    "summarise",
    "unit_fidelity",
    "unit_quality",
]
