"""The meaning judge alone on an MQM file: its unit probabilities against the raters, read
from the audits' judgements (no second run): a row's score is its worst unit's probability of a
Major error, and a row is flagged when that reaches the judge's major threshold."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import stats

from audit.records import DocumentAudit


def judge_figures(
    rows: Sequence, audits: Sequence[DocumentAudit | None], major: float
) -> dict[str, object] | None:
    """τ and AUC of the worst unit probability, and the flag rates at ``major`` (None when no
    audit carries judgements: the judge was off)."""
    if not any(a is not None and a.judgements for a in audits):
        return None
    score = [max((j.major for j in a.judgements), default=0.0) if a else 0.0 for a in audits]
    human = [-r.mqm_score for r in rows]
    positive = [r.n_major > 0 for r in rows]
    clean = [r.mqm_score == 0 for r in rows]
    tau = stats.kendalltau([-s for s in score], human, variant="b").statistic
    return {
        "kendall_tau": rounded(tau),
        "auc_major": rounded(auc_of(score, positive)),
        "major_rows_flagged": rounded(share_of([s >= major for s in score], positive)),
        "clean_rows_flagged": rounded(share_of([s >= major for s in score], clean)),
    }


def auc_of(score: Sequence[float], positive: Sequence[bool]) -> float | None:
    """Area under the ROC curve of ``score`` separating positives (ties count half)."""
    pos = [s for s, p in zip(score, positive, strict=True) if p]
    neg = [s for s, p in zip(score, positive, strict=True) if not p]
    if not pos or not neg:
        return None
    return float(stats.mannwhitneyu(pos, neg).statistic) / (len(pos) * len(neg))


def share_of(flags: Sequence[bool], chosen: Sequence[bool]) -> float | None:
    picked = [f for f, c in zip(flags, chosen, strict=True) if c]
    return sum(picked) / len(picked) if picked else None


def rounded(value: float | None) -> float | None:
    return None if value is None or np.isnan(value) else round(float(value), 4)
