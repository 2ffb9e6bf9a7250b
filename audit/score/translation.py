"""Figures of a translation (a derivative in another language than its reference).

chrF, BLEU and TER count shared words and characters: between two languages they measure
nothing, so a translation's units carry only their cosine and its document figures leave them
empty (None). Its fidelity is *coverage-led* (docs/crosslingual.md):

``100 x coverage x (1 - additions / 2) x quality``, where coverage is the share of the reference
that the derivative carries and additions the share of the derivative with no source, both by
``audit.words.size`` (words, or letters of scripts written without spaces), and quality the
size-weighted mean over aligned units of ``exp(-0.1 x P)``, with ``P`` the penalty points of the
unit's findings (critical 10, major 5, minor 1): the same form as a same-language audit's, less
the cosine and the divergent words that cannot be read across languages. A complete translation
with no finding scores 100; the verdict rules are the same.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from audit.records import AlignedUnit, DocumentSummary, Finding, Segmented, UnitScores
from audit.score.fidelity import POINT_WEIGHT, SEVERITY_POINTS, document_summary
from audit.words import size


def translation_scores(units: Sequence[AlignedUnit]) -> tuple[UnitScores, ...]:
    """Each unit's scores: its cosine only (None for additions and omissions)."""
    return tuple(UnitScores(similarity=u.similarity) for u in units)


def summarise_translation(
    units: Sequence[AlignedUnit],
    findings: Sequence[Finding],
    reference: Segmented,
    derivative: Segmented,
) -> DocumentSummary:
    """Document figures of a translation: coverage, additions, cosine, coverage-led fidelity."""
    ref_sizes = [size(s.text) for s in reference.sentences]
    der_sizes = [size(s.text) for s in derivative.sentences]
    covered = sum(ref_sizes[j] for u in units if u.deriv for j in u.ref)
    added = sum(der_sizes[i] for u in units if not u.ref for i in u.deriv)
    coverage = covered / sum(ref_sizes) if sum(ref_sizes) else 0.0
    addition_share = added / sum(der_sizes) if sum(der_sizes) else 0.0
    aligned = [u for u in units if u.ref and u.deriv]
    quality = _quality(aligned, findings, der_sizes)
    return document_summary(
        units, findings, derivative, (coverage, addition_share, quality),
        _mean_cosine(aligned, der_sizes),
    )  # fmt: skip


def _weights(aligned: Sequence[AlignedUnit], sizes: Sequence[int]) -> list[int]:
    return [max(1, sum(sizes[i] for i in u.deriv)) for u in aligned]


def _quality(
    aligned: Sequence[AlignedUnit], findings: Sequence[Finding], sizes: list[int]
) -> float:
    """Size-weighted mean of exp(-POINT_WEIGHT x finding points) over the aligned units."""
    points: dict[int, float] = {}
    for finding in findings:
        points[finding.unit] = points.get(finding.unit, 0.0) + SEVERITY_POINTS[finding.severity]
    weights = _weights(aligned, sizes)
    values = [math.exp(-POINT_WEIGHT * points.get(u.index, 0.0)) for u in aligned]
    total = sum(weights)
    return sum(w * v for w, v in zip(weights, values, strict=True)) / total if total else 0.0


def _mean_cosine(aligned: Sequence[AlignedUnit], sizes: list[int]) -> float:
    weights = _weights(aligned, sizes)
    total = sum(weights)
    values = [u.similarity or 0.0 for u in aligned]
    return sum(w * v for w, v in zip(weights, values, strict=True)) / total if total else 0.0
