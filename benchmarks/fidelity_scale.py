"""What a fidelity figure means: its distribution on MQM segments, by the experts' judgement.

Audits every row of an MQM TSV (``audit bench mqm``'s reading: each row's target against its
reference) and prints, for the rows the raters found error-free (``mqm_score`` 0), those with
minor errors only, and those with a major error: the fidelity quantiles, the share at or above a
few thresholds, the share under the verdict's ``unreliable`` bar, and the verdicts the audit gives.
The medians are the dashed marks under the HTML report's fidelity chart (docs/fidelity.md).

    PYTHONPATH=. python benchmarks/fidelity_scale.py ../shared/bench/mqm/mqm_zhen_news23.tsv
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import numpy as np

from audit.bench.mqm import MqmRow, audit_rows, read_mqm, select_half
from audit.pipeline import encoder_for
from audit.records import DocumentAudit
from audit.report.verdict import RULES, verdict_of
from audit.settings import AuditConfig

GROUPS = ("error-free", "minor only", "major")


def group_of(row: MqmRow) -> str:
    return "error-free" if row.mqm_score == 0 else "major" if row.n_major else "minor only"


def describe(audits: list[DocumentAudit]) -> dict[str, object]:
    fidelity = np.array([a.summary.fidelity for a in audits])
    return {
        "rows": len(audits),
        "p10_p25_median_p75_p90": np.percentile(fidelity, [10, 25, 50, 75, 90]).round(1).tolist(),
        "share_at_or_above": {t: round(float((fidelity >= t).mean()), 3) for t in (20, 40, 60)},
        "share_under_unreliable": round(float((fidelity < RULES.unreliable_fidelity).mean()), 3),
        "verdicts": dict(Counter(verdict_of(a.summary).value for a in audits)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("tsv", type=Path, help="MQM TSV (reference, target, mqm_score, ...)")
    parser.add_argument("--half", default="all", help="fit, eval or all (as audit bench mqm)")
    parser.add_argument("--limit", type=int, help="only the first N rows")
    args = parser.parse_args()
    config = AuditConfig()
    rows = select_half(read_mqm(args.tsv, args.limit), args.half)
    audits = audit_rows(rows, config, encoder_for(config))
    by_group: dict[str, list[DocumentAudit]] = {g: [] for g in GROUPS}
    for row, audit in zip(rows, audits, strict=True):
        if audit is not None:
            by_group[group_of(row)].append(audit)
    for group in GROUPS:
        print(json.dumps({"group": group, **describe(by_group[group])}))


if __name__ == "__main__":
    main()
