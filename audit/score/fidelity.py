"""Document figures and fidelity: coverage, additions, corpus chrF/BLEU/TER, unit quality."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from audit.records import (
    AlignedUnit,
    DocumentSummary,
    Finding,
    Segmented,
    Severity,
    UnitJudgement,
    UnitScores,
)
from audit.score.metrics import UnitScorer
from audit.words import stem, tokens, word_count

# The fidelity formula (README "Fidelity"; tuned on MQM human judgements, see README).
SEVERITY_POINTS = {Severity.CRITICAL: 10.0, Severity.MAJOR: 5.0, Severity.MINOR: 1.0}
"""Penalty points per finding severity (the MQM convention: major 5, minor 1)."""
POINT_WEIGHT = 0.1
"""Weight of a unit's finding points in its fidelity exponent."""
WORD_WEIGHT = 0.1
"""Weight of a unit's divergent content words in its fidelity exponent."""
JUDGE_WEIGHT = 2.0
"""Weight of the meaning judge's doubt (``UnitJudgement.doubt``) in a unit's fidelity exponent,
chosen by Kendall τ on the MQM fitting half's documents the judge was not trained on
(``benchmarks/fit_judge_weight.py``, docs/fidelity.md)."""


@dataclass(frozen=True)
class _Totals:
    ref_words: int
    covered_ref_words: int
    der_words: int
    added_der_words: int


def _totals(units: Sequence[AlignedUnit], reference: Segmented, derivative: Segmented) -> _Totals:
    ref_words = sum(word_count(s.text) for s in reference.sentences)
    der_words = sum(word_count(s.text) for s in derivative.sentences)
    covered = sum(word_count(reference.sentences[j].text) for u in units if u.deriv for j in u.ref)
    added = sum(
        word_count(derivative.sentences[i].text) for u in units if not u.ref for i in u.deriv
    )
    return _Totals(ref_words, covered, der_words, added)


def summarise(
    units: Sequence[AlignedUnit],
    scores: Sequence[UnitScores],
    findings: Sequence[Finding],
    reference: Segmented,
    derivative: Segmented,
    scorer: UnitScorer,
    judgements: Sequence[UnitJudgement] = (),
) -> DocumentSummary:
    """Document figures: coverage, additions, corpus chrF/BLEU/TER over aligned units, fidelity."""
    totals = _totals(units, reference, derivative)
    coverage = totals.covered_ref_words / totals.ref_words if totals.ref_words else 0.0
    addition_share = totals.added_der_words / totals.der_words if totals.der_words else 0.0
    aligned = [u for u in units if u.ref and u.deriv]
    hyps = [derivative.text_of(u.deriv) for u in aligned]
    refs = [reference.text_of(u.ref) for u in aligned]
    doc_chrf, doc_bleu = scorer.corpus_chrf_bleu(hyps, refs)
    doc_ter = _document_ter(aligned, scores, units, derivative)
    quality = unit_quality(aligned, findings, reference, derivative, judgements)
    return document_summary(
        units, findings, derivative, (coverage, addition_share, quality),
        _weighted_similarity(aligned, derivative), (doc_chrf, doc_bleu, doc_ter),
    )  # fmt: skip


def document_summary(
    units: Sequence[AlignedUnit],
    findings: Sequence[Finding],
    derivative: Segmented,
    shares: tuple[float, float, float],
    similarity: float,
    metrics: tuple[float | None, float | None, float | None] = (None, None, None),
) -> DocumentSummary:
    """The summary record: unit and finding counts, and fidelity from ``shares`` (coverage,
    addition share, unit quality); ``metrics`` are chrF, BLEU and TER (None for a translation)."""
    coverage, addition_share, quality = shares
    counts = {sev: sum(1 for f in findings if f.severity is sev) for sev in Severity}
    return DocumentSummary(
        sentences=len(derivative.sentences),
        aligned=sum(1 for u in units if u.ref and u.deriv),
        additions=sum(1 for u in units if not u.ref),
        omissions=sum(1 for u in units if not u.deriv),
        coverage=coverage,
        addition_share=addition_share,
        fidelity=fidelity(coverage, addition_share, quality),
        chrf=metrics[0],
        bleu=metrics[1],
        ter=metrics[2],
        similarity=similarity,
        critical=counts[Severity.CRITICAL],
        major=counts[Severity.MAJOR],
        minor=counts[Severity.MINOR],
    )


def _weighted_similarity(aligned: Sequence[AlignedUnit], derivative: Segmented) -> float:
    weights = [max(1, word_count(derivative.text_of(u.deriv))) for u in aligned]
    values = [u.similarity or 0.0 for u in aligned]
    total = sum(weights)
    return sum(w * v for w, v in zip(weights, values, strict=True)) / total if total else 0.0


def _document_ter(
    aligned: Sequence[AlignedUnit],
    scores: Sequence[UnitScores],
    units: Sequence[AlignedUnit],
    derivative: Segmented,
) -> float | None:
    """Word-weighted mean of the unit TERs that were computed (None if none was)."""
    pairs = [
        (word_count(derivative.text_of(u.deriv)), scores[u.index].ter)
        for u in aligned
        if scores[u.index].ter is not None
    ]
    total = sum(w for w, _ in pairs)
    return sum(w * (t or 0.0) for w, t in pairs) / total if total else None


def divergent_words(hyp: str, ref: str) -> int:
    """Content words of either side whose stem the other side lacks (word-level divergence).

    An absolute count, not a rate: a long passage that departs in many words departs more.
    """
    hyp_words = [stem(t.norm) for t in tokens(hyp) if t.content]
    ref_words = [stem(t.norm) for t in tokens(ref) if t.content]
    hyp_set, ref_set = set(hyp_words), set(ref_words)
    return sum(w not in ref_set for w in hyp_words) + sum(w not in hyp_set for w in ref_words)


def unit_fidelity(
    similarity: float,
    points: float,
    divergent: int,
    judged: float = 0.0,
    judge_weight: float = JUDGE_WEIGHT,
) -> float:
    """0..1: cosine x exp(-(POINT_WEIGHT x finding points + WORD_WEIGHT x divergent words +
    JUDGE_WEIGHT x the judge's doubt: its probability of a Major error above its accept level,
    scaled to 0-1))."""
    exponent = POINT_WEIGHT * points + WORD_WEIGHT * divergent + judge_weight * judged
    return max(0.0, similarity) * math.exp(-exponent)


def unit_quality(
    aligned: Sequence[AlignedUnit],
    findings: Sequence[Finding],
    reference: Segmented,
    derivative: Segmented,
    judgements: Sequence[UnitJudgement] = (),
    judge_weight: float = JUDGE_WEIGHT,
) -> float:
    """Derivative-word-weighted mean of ``unit_fidelity`` over the aligned units, in [0, 1]."""
    judged = {j.unit: j.doubt for j in judgements}
    points: dict[int, float] = {}
    for finding in findings:
        points[finding.unit] = points.get(finding.unit, 0.0) + SEVERITY_POINTS[finding.severity]
    weights, values = [], []
    for unit in aligned:
        hyp, ref = derivative.text_of(unit.deriv), reference.text_of(unit.ref)
        weights.append(max(1, word_count(hyp)))
        values.append(
            unit_fidelity(
                unit.similarity or 0.0,
                points.get(unit.index, 0.0),
                divergent_words(hyp, ref),
                judged.get(unit.index, 0.0),
                judge_weight,
            )
        )
    total = sum(weights)
    mean = sum(w * v for w, v in zip(weights, values, strict=True)) / total if total else 0.0
    return min(1.0, max(0.0, mean))


def fidelity(coverage: float, addition_share: float, quality: float) -> float:
    """0-100: 100 x coverage x (1 - additions/2) x unit quality (README "Fidelity")."""
    value = 100.0 * coverage * (1.0 - 0.5 * addition_share) * quality
    return round(min(100.0, max(0.0, value)), 2)
