"""Unit scores: sacrebleu chrF and BLEU, TER (``audit.score.ter``), the cosine of the unit.

A ``UnitScorer`` owns the sacrebleu metric objects, the memo of chrF/BLEU per (hypothesis,
reference) pair and a ``TerScorer``: one serves every derivative of a run, which share many
identical units. A copy sent to a worker process starts with an empty memo and no pool.
"""

from __future__ import annotations

from collections.abc import Sequence

from sacrebleu.metrics import BLEU, CHRF, TER

from audit.records import AlignedUnit, Segmented, UnitScores
from audit.score.ter import MEMO_SIZE, TerScorer
from audit.words import word_count


def _warm(*metrics: CHRF | BLEU | TER) -> None:
    """sacrebleu signs a metric only once it knows the reference count: score a dummy pair."""
    for metric in metrics:
        metric.sentence_score("a", ["a"])


def metric_signatures() -> str:
    """sacrebleu signatures of the three metrics (chrF, BLEU, TER), for report signatures."""
    metrics = CHRF(), BLEU(effective_order=True), TER()
    _warm(*metrics)
    return " ".join(str(m.get_signature()) for m in metrics)


class UnitScorer:
    """chrF, BLEU and TER of aligned units, memoised per (hypothesis, reference) pair."""

    def __init__(self, ter: TerScorer | None = None, memo_size: int = MEMO_SIZE) -> None:
        self.ter = ter or TerScorer()
        self.memo_size = memo_size
        self._chrf, self._bleu = CHRF(), BLEU(effective_order=True)
        _warm(self._chrf, self._bleu)
        self._memo: dict[tuple[str, str], tuple[float, float]] = {}

    def __enter__(self) -> UnitScorer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __getstate__(self) -> dict[str, object]:
        """A copy sent to another process starts with an empty memo."""
        return {**self.__dict__, "_memo": {}}

    def close(self) -> None:
        """Stop the TER worker pool, if one was started."""
        self.ter.close()

    def chrf_bleu(self, hypothesis: str, reference: str) -> tuple[float, float]:
        """Sentence chrF and BLEU of one pair."""
        key = (hypothesis, reference)
        value = self._memo.get(key)
        if value is None:
            if len(self._memo) >= self.memo_size:
                self._memo.clear()
            value = (
                self._chrf.sentence_score(hypothesis, [reference]).score,
                self._bleu.sentence_score(hypothesis, [reference]).score,
            )
            self._memo[key] = value
        return value

    def corpus_chrf_bleu(self, hyps: Sequence[str], refs: Sequence[str]) -> tuple[float, float]:
        """Corpus chrF and BLEU of aligned texts (0, 0 when there are none)."""
        if not hyps:
            return 0.0, 0.0
        return (
            self._chrf.corpus_score(list(hyps), [list(refs)]).score,
            self._bleu.corpus_score(list(hyps), [list(refs)]).score,
        )


def score_unit(
    unit: AlignedUnit, reference: Segmented, derivative: Segmented, ter_max_words: int
) -> UnitScores:
    """chrF, BLEU and TER of one aligned unit (TER left empty for units over ter_max_words)."""
    with UnitScorer() as scorer:
        return score_units([unit], reference, derivative, ter_max_words, scorer)[0]


def score_units(
    units: Sequence[AlignedUnit],
    reference: Segmented,
    derivative: Segmented,
    ter_max_words: int,
    scorer: UnitScorer,
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
    ters = dict(zip(wanted, scorer.ter.scores(wanted), strict=True))
    return tuple(
        UnitScores()
        if pair is None
        else UnitScores(
            similarity=unit.similarity,
            chrf=scorer.chrf_bleu(*pair)[0],
            bleu=scorer.chrf_bleu(*pair)[1],
            ter=ters.get(pair),
        )
        for unit, pair in zip(units, texts, strict=True)
    )
