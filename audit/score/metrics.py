"""Unit scores: sacrebleu chrF and BLEU, TER (``audit.score.ter``), the cosine of the unit."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from sacrebleu.metrics import BLEU, CHRF, TER

from audit.records import AlignedUnit, Segmented, UnitScores
from audit.score.ter import ter_scores

_WORD = re.compile(r"\w+", re.UNICODE)


def word_count(text: str) -> int:
    """Number of word tokens (letters/digits runs) in a text."""
    return len(_WORD.findall(text))


@lru_cache(maxsize=1)
def _metrics() -> tuple[CHRF, BLEU, TER]:
    metrics = CHRF(), BLEU(effective_order=True), TER()
    for metric in metrics:  # sacrebleu signs a metric only once it knows the reference count
        metric.sentence_score("a", ["a"])
    return metrics


def metric_signatures() -> str:
    """sacrebleu signatures of the three metrics, for report signatures.

    sacrebleu only knows the number of references after a first evaluation, so a metric that has
    not scored anything yet (every derivative failed, or all were resumed) scores a dummy pair.
    """
    chrf, bleu, ter = _metrics()
    for metric in (chrf, bleu, ter):
        if not hasattr(metric, "num_refs"):
            metric.sentence_score("a", ["a"])
    return " ".join(str(m.get_signature()) for m in (chrf, bleu, ter))


def score_unit(
    unit: AlignedUnit, reference: Segmented, derivative: Segmented, ter_max_words: int
) -> UnitScores:
    """chrF, BLEU and TER of one aligned unit (TER left empty for units over ter_max_words)."""
    return score_units([unit], reference, derivative, ter_max_words)[0]


def score_units(
    units: Sequence[AlignedUnit], reference: Segmented, derivative: Segmented, ter_max_words: int
) -> tuple[UnitScores, ...]:
    """Scores of each unit; TERs of the whole call are computed together (see audit.score.ter)."""
    texts = [
        (derivative.text_of(u.deriv), reference.text_of(u.ref)) if u.ref and u.deriv else None
        for u in units
    ]
    wanted = [
        pair
        for pair in texts
        if pair is not None and max(word_count(pair[0]), word_count(pair[1])) <= ter_max_words
    ]
    ters = dict(zip(wanted, ter_scores(wanted), strict=True))
    return tuple(
        UnitScores()
        if pair is None
        else UnitScores(
            similarity=unit.similarity,
            chrf=_chrf_bleu(*pair)[0],
            bleu=_chrf_bleu(*pair)[1],
            ter=ters.get(pair),
        )
        for unit, pair in zip(units, texts, strict=True)
    )


@lru_cache(maxsize=100_000)
def _chrf_bleu(hypothesis: str, reference: str) -> tuple[float, float]:
    """Sentence chrF and BLEU of one pair, memoised (derivatives share many identical units)."""
    chrf, bleu, _ = _metrics()
    return (
        chrf.sentence_score(hypothesis, [reference]).score,
        bleu.sentence_score(hypothesis, [reference]).score,
    )
