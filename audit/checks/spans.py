"""Clause spans: a learned score of whether a clause dropped from (or added to) an aligned unit
changes what the unit says, or only rewords it.

A run of words one side of a unit has and the other lacks is *major* when the score reaches
``THRESHOLD``, else minor. The score is a logistic model over a few features of the run and
its unit, read from the unit's word alignment (``FEATURES``). Its weights were fitted by
``benchmarks/fit_clause_scorer.py`` on the fitting half of the shared MQM file only (label: the
segment has a Major error), with the features and the threshold chosen by cross-validation
over documents inside that half; the evaluation half was never seen. Inference is a dot
product in numpy.
"""

from __future__ import annotations

import math

import numpy as np

from audit.align.quantities import values
from audit.checks.base import CheckContext
from audit.records import AlignedUnit
from audit.words import Token

FEATURES = (
    "run_words",
    "facts",
    "similarity",
    "own_unmatched",
    "other_unmatched",
    "facing",
    "omission",
)
"""log(1 + content words of the run); a name or figure in it (0/1); the unit's cosine; the share
of the run's side's content words left unmatched in the unit; the same on the other side; the
other side's content words facing the run's gap per run content word (at most 3); 1 for a
dropped clause, 0 for an added one."""

WEIGHTS = (1.3544, 0.6764, 0.0, 1.0434, 0.1501, 0.0663, -0.2802)
BIAS = -1.9511
THRESHOLD = 0.85
"""Fitted values (see the module docstring); ``benchmarks/fit_clause_scorer.py`` prints them.
Cross-validation dropped ``similarity`` (weight 0): out of fold on the fitting half, 41.2% of
the rows with a Major error get a major or critical finding and 4.9% of the error-free ones
(docs/detection.md)."""


def has_fact(toks: list[Token]) -> bool:
    """A figure, or a capitalised content word after the first (a name)."""
    return bool(values(toks)) or any(t.capitalised and t.content for t in toks[1:])


def clause_features(
    ctx: CheckContext, unit: AlignedUnit, run: list[Token], reference: bool
) -> tuple[float, ...]:
    """The features of a run of one side of a unit (``FEATURES`` order)."""
    words = ctx.word_map(unit)
    content = max(1, sum(t.content for t in run))
    own_share = other_share = facing = 0.0
    if words is not None:
        mine, theirs = (words.ref, words.der) if reference else (words.der, words.ref)
        free_mine = words.unmatched_ref() if reference else words.unmatched_der()
        free_theirs = words.unmatched_der() if reference else words.unmatched_ref()
        own_share = _share([mine[k] for k in free_mine], mine)
        other_share = _share([theirs[k] for k in free_theirs], theirs)
        faced = words.facing(run[0].start, run[-1].end, reference)
        facing = min(3.0, sum(t.content for t in faced) / content)
    return (
        math.log1p(content),
        float(has_fact(run)),
        float(unit.similarity or 0.0),
        own_share,
        other_share,
        facing,
        float(reference),
    )


def _share(free: list[Token], side: tuple[Token, ...]) -> float:
    total = sum(t.content for t in side)
    return sum(t.content for t in free) / total if total else 0.0


def clause_score(features: tuple[float, ...]) -> float:
    """The model's probability that the run changes what the unit says."""
    z = float(np.dot(np.asarray(WEIGHTS), np.asarray(features))) + BIAS
    return 1.0 / (1.0 + math.exp(-z))


def serious_clause(ctx: CheckContext, unit: AlignedUnit, run: list[Token], reference: bool) -> bool:
    """Whether a dropped (``reference``) or added run is major."""
    return clause_score(clause_features(ctx, unit, run, reference)) >= THRESHOLD
