"""Report rows: one plain dict per finding, aligned unit and derivative, keyed by column name.

The columns, their order and their types are defined once, in ``audit.report.frames``.
"""

from __future__ import annotations

from typing import Any

from audit.records import BatchResult, DocumentAudit, Finding
from audit.report.verdict import verdict_of

Row = dict[str, Any]


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def finding_row(reference: str, finding: Finding) -> Row:
    return {
        "reference": reference,
        "document": finding.document,
        "unit": finding.unit,
        "category": finding.category.value,
        "severity": finding.severity.value,
        "span": finding.span,
        "start": finding.start,
        "end": finding.end,
        "line": finding.line,
        "explanation": finding.explanation,
        "derivative_text": finding.derivative_text,
        "reference_text": finding.reference_text,
        "ref_start": finding.ref_start,
        "ref_end": finding.ref_end,
        "check": finding.check,
        "id": finding.id,
    }


def finding_rows(batch: BatchResult) -> list[Row]:
    return [
        finding_row(result.reference.document.name, f)
        for result in batch.results
        for audit in result.audits
        for f in audit.findings
    ]


def alignment_rows_of(audit: DocumentAudit) -> list[Row]:
    rows = []
    ref, der = audit.reference, audit.derivative
    for unit, scores in zip(audit.units, audit.scores, strict=True):
        d_start, d_end = der.span(unit.deriv) if unit.deriv else (None, None)
        r_start, r_end = ref.span(unit.ref) if unit.ref else (None, None)
        rows.append(
            {
                "reference": ref.document.name,
                "document": der.document.name,
                "unit": unit.index,
                "status": unit.status.value,
                "derivative_text": der.text_of(unit.deriv),
                "deriv_start": d_start,
                "deriv_end": d_end,
                "reference_text": ref.text_of(unit.ref),
                "ref_start": r_start,
                "ref_end": r_end,
                "similarity": _round(scores.similarity, 4),
                "chrf": _round(scores.chrf, 2),
                "bleu": _round(scores.bleu, 2),
                "ter": _round(scores.ter, 2),
            }
        )
    return rows


def alignment_rows(batch: BatchResult) -> list[Row]:
    return [row for r in batch.results for audit in r.audits for row in alignment_rows_of(audit)]


def summary_rows(batch: BatchResult) -> list[Row]:
    rows: list[Row] = []
    for result in batch.results:
        rows += _summary_rows_of(result.audits, result.reference.document.name, result.signature)
    signature = batch.results[0].signature if batch.results else ""
    for failed in batch.failures:
        row: Row = dict(
            reference=failed.reference,
            document=failed.document,
            status="error",
            message=failed.message,
            signature=signature,
        )
        rows.append(row)
    return rows


def _summary_rows_of(
    audits: tuple[DocumentAudit, ...], reference: str, signature: str
) -> list[Row]:
    rows: list[Row] = []
    for audit in audits:
        s = audit.summary
        rows.append(
            {
                "reference": reference,
                "document": audit.derivative.document.name,
                "sentences": s.sentences,
                "aligned": s.aligned,
                "additions": s.additions,
                "omissions": s.omissions,
                "coverage": round(s.coverage, 4),
                "fidelity": s.fidelity,
                "chrf": round(s.chrf, 2),
                "bleu": round(s.bleu, 2),
                "ter": _round(s.ter, 2),
                "similarity": round(s.similarity, 4),
                "critical": s.critical,
                "major": s.major,
                "minor": s.minor,
                "verdict": verdict_of(s).value,
                "addition_share": round(s.addition_share, 4),
                "status": "ok",
                "message": "",
                "signature": signature,
            }
        )
    return rows
