"""The meaning judge: a stage after word alignment that reads every aligned unit.

A small cross-encoder (the shipped all-MiniLM-L6-v2 with its top layers fine-tuned on expert
MQM error spans and planted changes; ``audit.judge.model``) reads a unit's reference and
derivative together and gives the calibrated probability that the unit carries a Major meaning
error, a score that it states the opposite, and per word the probability that a derivative word
is in error or that a reference word's meaning is lost. The ``meaning`` check
(``audit.checks.meaning``) turns those into findings and the fidelity score reads the unit
probability (docs/fidelity.md). Training: ``benchmarks/train_judge.py``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from audit.judge.evidence import STACKED, evidence, probability
from audit.judge.model import Judge, Raw
from audit.records import AlignedUnit, Segmented, UnitJudgement
from audit.words import Token, tokens

__all__ = ["Judge", "judge_units"]


def judge_units(
    judge: Judge | None,
    reference: Segmented,
    derivative: Segmented,
    units: Sequence[AlignedUnit],
) -> tuple[UnitJudgement, ...]:
    """The judgement of every aligned unit (none without a judge). A unit whose two sides are
    the same text is judged faithful without running the model."""
    if judge is None:
        return ()
    aligned = [u for u in units if u.ref and u.deriv]
    texts = [(reference.text_of(u.ref), derivative.text_of(u.deriv)) for u in aligned]
    todo = [k for k, (r, d) in enumerate(texts) if _plain(r) != _plain(d)]
    raws = dict(zip(todo, judge.run([texts[k] for k in todo]), strict=True))
    out = []
    for k, unit in enumerate(aligned):
        raw = raws.get(k)
        if raw is None:
            out.append(UnitJudgement(unit.index, 0.0, 0.0))
            continue
        ref_start = reference.span(unit.ref)[0]
        deriv_start = derivative.span(unit.deriv)[0]
        out.append(_judgement(judge.meta, unit.index, raw, texts[k], ref_start, deriv_start))
    return tuple(out)


def _plain(text: str) -> str:
    return " ".join(text.split())


def _judgement(
    meta: dict, unit: int, raw: Raw, texts: tuple[str, str], ref_start: int, deriv_start: int
) -> UnitJudgement:
    found = evidence(raw.unit, raw.words, raw.pair)
    major = float(probability(meta["stack"], found[list(STACKED)][None, :])[0])
    opposite = _sigmoid(float(found[1]) - float(meta["opposite_logit"]))
    return UnitJudgement(
        unit=unit,
        major=round(major, 4),
        opposite=round(opposite, 4),
        words=_words(raw, 1, tokens(texts[1], deriv_start), deriv_start),
        lost=_words(raw, 0, tokens(texts[0], ref_start), ref_start),
        doubt=round(_doubt(major, float(meta["accept"])), 4),
    )


def _doubt(major: float, accept: float) -> float:
    """``major``'s excess over the accept level, on 0-1: a unit the judge reads as faithful
    as the median error-free unit costs no fidelity."""
    return max(0.0, major - accept) / max(1e-6, 1.0 - accept)


def _words(
    raw: Raw, side: int, words: tuple[Token, ...], shift: int
) -> tuple[tuple[int, int, float], ...]:
    """Each word of one side with the largest probability of its sub-word tokens (0 for a word
    cut off by truncation)."""
    pair = raw.pair
    chosen = [k for k in range(len(pair)) if not pair.special[k] and pair.types[k] == side]
    starts = np.asarray([pair.offsets[k][0] + shift for k in chosen])
    ends = np.asarray([pair.offsets[k][1] + shift for k in chosen])
    probs = 1.0 / (1.0 + np.exp(-raw.words[chosen])) if chosen else np.zeros(0)
    out = []
    for t in words:
        inside = (starts < t.end) & (ends > t.start)
        p = float(probs[inside].max()) if inside.any() else 0.0
        out.append((t.start, t.end, round(p, 4)))
    return tuple(out)


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))
