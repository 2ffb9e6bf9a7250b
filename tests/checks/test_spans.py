"""Clause scorer: its features read from the word map, and reworded clauses told apart."""

from __future__ import annotations

import math

from audit.checks.omission import reworded
from audit.checks.spans import FEATURES, WEIGHTS, clause_features, clause_score
from checks.helpers import context, findings

REF = "He thanked Korea for its aid, and the talks focused on regional security cooperation."
REWORDED = "He thanked Korea for its aid, and the meeting centred on defence partnership matters."
DROPPED = "He thanked Korea for its aid."


def _run(ctx, first: str):
    """The reference tokens of the unit from the word ``first`` to the end."""
    toks = ctx.ref_tokens(ctx.units[0])
    start = next(k for k, t in enumerate(toks) if t.text == first)
    return toks[start:]


def test_features_of_a_reworded_clause():
    ctx = context(REF, REWORDED)
    run = _run(ctx, "talks")
    values = dict(zip(FEATURES, clause_features(ctx, ctx.units[0], run, True), strict=True))
    assert values["run_words"] == math.log1p(5)
    assert values["facts"] == 0.0 and values["omission"] == 1.0
    assert values["similarity"] == 0.9
    assert 0.4 < values["own_unmatched"] < 0.7 and 0.4 < values["other_unmatched"] < 0.7
    assert values["facing"] >= 1.0  # "meeting centred ... matters" stands in its place
    assert reworded(ctx, ctx.units[0], run, reference=True).startswith("meeting centred")


def test_a_plain_drop_is_not_reworded_and_the_score_is_a_probability():
    ctx = context(REF, DROPPED)
    run = _run(ctx, "talks")
    assert reworded(ctx, ctx.units[0], run, reference=True) == ""
    score = clause_score(clause_features(ctx, ctx.units[0], run, True))
    assert 0.0 < score < 1.0 and len(WEIGHTS) == len(FEATURES)


def test_reworded_clause_says_what_stands_instead():
    found = [f for f in findings("omission", REF, REWORDED) if f.ref_start is not None]
    assert found and all("instead" in f.explanation for f in found)
