"""Character-level agreement of finding spans with MQM error spans (the WMT23 span-task scoring).

Every character of a target (and one slot past its end, where an empty span at the end points)
is labelled none, minor or major, on the gold side from the raters' target-side spans (their
union; a character is major when any rater marks it Major or Critical) and on the predicted side
from the findings' derivative spans (critical and major findings are major). A character both
sides mark is worth 1 when the severities agree and 0.5 when they do not; precision divides the
credit by the characters marked predicted, recall by the characters marked gold, micro-averaged
over all rows. A span without offsets (``start`` null) marks no character: it counts only in the
row's MQM score.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

NONE, MINOR, MAJOR = 0, 1, 2


@dataclass(frozen=True)
class Span:
    """A marked stretch of a target: offsets (None when the annotation gave none), severity."""

    start: int | None
    end: int | None
    major: bool


def labels(length: int, spans: Iterable[Span]) -> np.ndarray:
    """Label of every character of a text of ``length`` and of one slot past its end.

    The worst span over a character wins; offsets are clipped to the text; an empty span marks
    the character at its start.
    """
    out = np.zeros(length + 1, dtype=np.int8)
    for span in spans:
        if span.start is None or span.end is None:
            continue
        start = min(max(span.start, 0), length)
        end = max(min(span.end, length), start + 1)
        out[start:end] = np.maximum(out[start:end], MAJOR if span.major else MINOR)
    return out


@dataclass(frozen=True)
class SpanScore:
    """Characters marked on each side and the credit of those both sides mark."""

    gold: int = 0
    predicted: int = 0
    credit: float = 0.0

    def __add__(self, other: SpanScore) -> SpanScore:
        return SpanScore(
            self.gold + other.gold, self.predicted + other.predicted, self.credit + other.credit
        )

    @property
    def precision(self) -> float | None:
        return self.credit / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.credit / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


def agreement(length: int, gold: Iterable[Span], predicted: Iterable[Span]) -> SpanScore:
    """The span score of one target of ``length`` characters."""
    g, p = labels(length, gold), labels(length, predicted)
    both = (g > NONE) & (p > NONE)
    credit = float(np.where(g[both] == p[both], 1.0, 0.5).sum())
    return SpanScore(int((g > NONE).sum()), int((p > NONE).sum()), credit)
