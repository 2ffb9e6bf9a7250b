"""Choose ``JUDGE_WEIGHT`` (``audit/score/fidelity.py``): the weight of the meaning judge's
probability in a unit's fidelity, by Kendall τ of fidelity against the MQM score on the
rows of the fitting half of the shared MQM file whose documents the judge was not trained on
(its held-out calibration documents, named in its weights file); the evaluation half is never
read.

Each row is audited once, as ``audit bench mqm`` does; fidelity is then recomputed for every
weight of the grid from the audits (findings, judgements, coverage) without auditing again.

    .venv/bin/python benchmarks/fit_judge_weight.py MQM_TSV
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from scipy import stats

from audit.bench.mqm import auc, audit_rows, read_mqm, select_half
from audit.pipeline import encoder_for
from audit.records import DocumentAudit
from audit.score.fidelity import fidelity, unit_quality

GRID = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0)


def refidelity(audit: DocumentAudit | None, weight: float) -> float:
    """The audit's fidelity with another judge weight."""
    if audit is None:
        return 0.0
    aligned = [u for u in audit.units if u.ref and u.deriv]
    quality = unit_quality(
        aligned, audit.findings, audit.reference, audit.derivative, audit.judgements, weight
    )
    return fidelity(audit.summary.coverage, audit.summary.addition_share, quality)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tsv", type=Path)
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    from audit.judge import Judge

    held = set(Judge().meta.get("held_out", ()))
    rows = [r for r in select_half(read_mqm(args.tsv), "fit") if f"news23:{r.doc_id}" in held]
    rows = rows[: args.limit or None]
    print(f"{len(rows)} rows of {len({r.doc_id for r in rows})} held-out documents")
    from audit.settings import AuditConfig

    config = AuditConfig()
    audits = audit_rows(rows, config, encoder_for(config))
    human = [-r.mqm_score for r in rows]
    positive = [r.n_major > 0 for r in rows]
    out = {}
    for weight in GRID:
        score = [refidelity(a, weight) for a in audits]
        tau = stats.kendalltau(score, human, variant="b").statistic
        out[weight] = {
            "kendall_tau": round(float(tau), 4),
            "auc_major": round(float(auc([100 - s for s in score], positive) or np.nan), 4),
        }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
