"""Detection on the MQM file, per half: do major/critical findings track the experts' Major errors?

The *fitting half* is the rows whose ``doc_id`` is among the first 19 of the file's distinct
``doc_id`` values in sorted order; the *evaluation half* is the others (nothing is ever tuned on
it). For each half and for the whole file:

- ``major_flagged``: share of rows with a human Major error that get a major or critical finding;
- ``clean_flagged``: share of error-free rows (``mqm_score`` 0) that get one;
- ``kendall_tau``, ``auc_major``: as ``audit bench mqm`` computes them (fidelity against the
  MQM score; 100 - fidelity separating rows with a Major error);
- ``judge_alone``: the meaning judge's own figures (``audit.bench.judged``); ``--checks-only``
  audits without the judge (the named checks alone, fidelity without its term).

Each row is audited exactly as ``audit bench mqm`` does (``audit.bench.mqm.audit_rows``).

    .venv/bin/python benchmarks/detection_mqm.py /work/shared/bench/mqm/mqm_zhen_news23.tsv
    .venv/bin/python benchmarks/detection_mqm.py FILE --findings 30   # print some findings
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from audit.bench.mqm import MqmRow, audit_rows, evaluate, read_mqm
from audit.pipeline import encoder_for
from audit.records import DocumentAudit
from audit.settings import AuditConfig

FIT_DOCS = 19


def doc_ids(path: Path) -> list[str]:
    """The ``doc_id`` of every row, in file order (the order ``read_mqm`` keeps)."""
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["doc_id"] for row in csv.DictReader(handle, delimiter="\t")]


def halves(ids: Sequence[str]) -> dict[str, list[int]]:
    """Row indices of the fitting half, the evaluation half and the whole file."""
    fit = set(sorted(set(ids))[:FIT_DOCS])
    return {
        "fit": [k for k, d in enumerate(ids) if d in fit],
        "eval": [k for k, d in enumerate(ids) if d not in fit],
        "all": list(range(len(ids))),
    }


def serious(audit: DocumentAudit | None) -> bool:
    return audit is not None and any(f.severity.rank >= 2 for f in audit.findings)


def figures(rows: Sequence[MqmRow], audits: Sequence[DocumentAudit | None]) -> dict[str, object]:
    major = [a for r, a in zip(rows, audits, strict=True) if r.n_major > 0]
    clean = [a for r, a in zip(rows, audits, strict=True) if r.mqm_score == 0]
    out = evaluate(rows, audits)
    out["major_flagged"] = round(sum(map(serious, major)) / max(1, len(major)), 4)
    out["clean_flagged"] = round(sum(map(serious, clean)) / max(1, len(clean)), 4)
    out["clean_rows"] = len(clean)
    return out


def show(rows: Sequence[MqmRow], audits: Sequence[DocumentAudit | None], limit: int) -> None:
    """Print the major/critical findings of error-free rows (what an editor would call noise)."""
    shown = 0
    for row, audit in zip(rows, audits, strict=True):
        if row.mqm_score != 0 or audit is None:
            continue
        for f in audit.findings:
            if f.severity.rank >= 2 and shown < limit:
                shown += 1
                print(f"[{f.category.value}/{f.severity.value}] {f.span!r} :: {f.explanation}")
                print(f"    REF {row.reference[:200]}\n    MT  {row.target[:200]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tsv", type=Path)
    parser.add_argument("--findings", type=int, default=0, help="print N noisy findings (fit)")
    parser.add_argument("--only", choices=("fit", "eval", "all"), help="audit one half only")
    parser.add_argument(
        "--checks-only", action="store_true", help="the named checks alone (no meaning judge)"
    )
    args = parser.parse_args()
    parts = halves(doc_ids(args.tsv))
    keep = parts[args.only] if args.only else parts["all"]
    rows = [row for k, row in enumerate(read_mqm(args.tsv)) if k in set(keep)]
    config = AuditConfig(disabled_checks=("meaning",) if args.checks_only else ())
    audits = dict(zip(keep, audit_rows(rows, config, encoder_for(config)), strict=True))
    by_index = dict(zip(keep, rows, strict=True))
    result = {}
    for half, index in parts.items():
        if all(k in audits for k in index):
            result[half] = figures([by_index[k] for k in index], [audits[k] for k in index])
    print(json.dumps(result, indent=1))
    if args.findings:
        fit = [k for k in parts["fit"] if k in audits]
        show([by_index[k] for k in fit], [audits[k] for k in fit], args.findings)


if __name__ == "__main__":
    main()
