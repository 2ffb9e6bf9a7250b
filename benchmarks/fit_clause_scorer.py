"""Fit the clause scorer of ``audit/checks/spans.py`` on the fitting half of an MQM file.

Only the *fitting half* is read: the rows whose ``doc_id`` is among the first 19 of the file's
distinct ``doc_id`` values in sorted order (``benchmarks/detection_mqm.py`` measures both
halves afterwards). Each row is audited as ``audit bench mqm`` does; every clause candidate the
omission and addition checks leave to the scorer (a *reworded* clause: a run of content words
one side of an aligned unit has and the other lacks, with about as many unmatched words on the
other side) becomes one example: its ``FEATURES`` (``audit.checks.spans``), labelled 1 when the
row has a human Major error. A logistic regression is fitted.

Cross-validation over documents (5 folds, grouped by ``doc_id``) chooses the feature subset
(the full set, or the full set less one feature) and the threshold: out of fold, a row is
flagged when it has another major or critical finding or a candidate scoring at least the
threshold; the threshold kept is the one flagging most rows with a Major error while flagging
at most ``--clean-limit`` of the error-free rows. The weights are then fitted on the whole half
and printed with the cross-validated figures, ready to paste into ``audit/checks/spans.py``.

    .venv/bin/python benchmarks/fit_clause_scorer.py /work/shared/bench/mqm/mqm_zhen_news23.tsv
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from detection_mqm import doc_ids, halves
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from audit.align.words import unit_words
from audit.bench.mqm import audit_rows, read_mqm
from audit.checks import CheckContext
from audit.checks.omission import plain_major, reworded
from audit.checks.spans import FEATURES, clause_features
from audit.checks.words import unmatched_runs
from audit.pipeline import encoder_for
from audit.records import DocumentAudit
from audit.settings import AuditConfig


@dataclass(frozen=True)
class Row:
    """One fitting-half row: its document, its labels and its clause candidates."""

    doc: str
    major: bool
    clean: bool
    other_major: bool
    candidates: np.ndarray


def candidates(audit: DocumentAudit, config: AuditConfig) -> tuple[np.ndarray, bool]:
    """The features of every *reworded* clause candidate of one audit (rows of ``FEATURES``),
    and whether the audit has a major or critical finding without them (another check's, or
    a clause plainly dropped or added and major by the fixed rule)."""
    words = unit_words(audit.reference, audit.derivative, audit.units)
    ctx = CheckContext(audit.reference, audit.derivative, audit.units, audit.scores, config, words)
    out, plain = [], False
    for unit in ctx.close_units():
        for reference in (True, False):
            side = ctx.ref_tokens(unit) if reference else ctx.deriv_tokens(unit)
            other = ctx.derivative_tokens() if reference else ctx.reference_tokens()
            text = (ctx.reference if reference else ctx.derivative).document.text
            for run in unmatched_runs(side, other, config.checks.clause_words, text):
                instead = reworded(ctx, unit, run, reference)
                plain = plain or plain_major(ctx, run, instead, reference)
                if instead:
                    out.append(clause_features(ctx, unit, run, reference))
    features = np.array(out, dtype=float).reshape(-1, len(FEATURES))
    return features, plain or other_major(audit)


def other_major(audit: DocumentAudit) -> bool:
    """A major or critical finding that is not a clause of an aligned unit."""
    aligned = {u.index for u in audit.units if u.ref and u.deriv}
    return any(
        f.severity.rank >= 2 and not (f.check in ("omission", "addition") and f.unit in aligned)
        for f in audit.findings
    )


def flagged_shares(rows: Sequence[Row], best: np.ndarray, threshold: float) -> tuple[float, float]:
    """(share of Major rows flagged, share of clean rows flagged) at a threshold."""
    flag = [r.other_major or b >= threshold for r, b in zip(rows, best, strict=True)]
    major = [f for f, r in zip(flag, rows, strict=True) if r.major]
    clean = [f for f, r in zip(flag, rows, strict=True) if r.clean]
    return sum(major) / max(1, len(major)), sum(clean) / max(1, len(clean))


def out_of_fold(rows: Sequence[Row], keep: list[int]) -> np.ndarray:
    """Each row's best candidate probability, from models fitted on the other folds."""
    best = np.zeros(len(rows))
    groups = [r.doc for r in rows]
    for train, test in GroupKFold(n_splits=5).split(rows, groups=groups):
        model = _fit([rows[k] for k in train], keep)
        for k in test:
            x = rows[k].candidates[:, keep]
            best[k] = model.predict_proba(x)[:, 1].max() if len(x) else 0.0
    return best


def _fit(rows: Sequence[Row], keep: list[int]) -> LogisticRegression:
    x = np.vstack([r.candidates[:, keep] for r in rows if len(r.candidates)])
    y = np.concatenate([[r.major] * len(r.candidates) for r in rows if len(r.candidates)])
    return LogisticRegression(C=1.0, max_iter=1000).fit(x, y)


def choose(rows: Sequence[Row], best: np.ndarray, limit: float) -> tuple[float, float, float]:
    """(threshold, major share, clean share) flagging most Major rows within ``limit``."""
    options = []
    for threshold in np.arange(0.30, 0.96, 0.01):
        major, clean = flagged_shares(rows, best, float(threshold))
        if clean <= limit:
            options.append((major, -threshold, clean))
    if not options:
        return 1.0, *flagged_shares(rows, best, 1.0)
    major, negative, clean = max(options)
    return -negative, major, clean


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tsv", type=Path)
    parser.add_argument("--clean-limit", type=float, default=0.06)
    args = parser.parse_args()
    ids = doc_ids(args.tsv)
    fit = halves(ids)["fit"]
    every = read_mqm(args.tsv)
    chosen = [every[k] for k in fit]
    config = AuditConfig()
    audits = audit_rows(chosen, config, encoder_for(config))
    rows = []
    for k, r, a in zip(fit, chosen, audits, strict=True):
        found, flagged = candidates(a, config) if a else (np.zeros((0, len(FEATURES))), False)
        rows.append(Row(ids[k], r.n_major > 0, r.mqm_score == 0, flagged, found))
    subsets = [list(range(len(FEATURES)))] + [
        [k for k in range(len(FEATURES)) if k != drop] for drop in range(len(FEATURES))
    ]
    report = []
    for keep in subsets:
        threshold, major, clean = choose(rows, out_of_fold(rows, keep), args.clean_limit)
        report.append((major - clean, keep, threshold, major, clean))
        print(
            json.dumps(
                {
                    "features": [FEATURES[k] for k in keep],
                    "threshold": round(threshold, 2),
                    "cv_major_flagged": round(major, 4),
                    "cv_clean_flagged": round(clean, 4),
                }
            )
        )
    _, keep, threshold, major, clean = max(report, key=lambda r: r[0])
    model = _fit(rows, keep)
    weights = [0.0] * len(FEATURES)
    for k, w in zip(keep, model.coef_[0], strict=True):
        weights[k] = round(float(w), 4)
    print(
        json.dumps(
            {
                "WEIGHTS": weights,
                "BIAS": round(float(model.intercept_[0]), 4),
                "THRESHOLD": round(threshold, 2),
                "cv_major_flagged": round(major, 4),
                "cv_clean_flagged": round(clean, 4),
                "rows": len(rows),
                "candidates": int(sum(len(r.candidates) for r in rows)),
            }
        )
    )


if __name__ == "__main__":
    main()
