"""Report rows: one plain dict per finding, aligned unit and derivative, keyed by column name.

The columns, their order and their types are defined once, in ``audit.report.frames``.
"""

from __future__ import annotations

from typing import Any

from audit.records import CheckStatus, DocumentAudit, FailedDocument, Finding
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


def finding_rows_of(audit: DocumentAudit, signature: str = "") -> list[Row]:
    """The findings of one derivative (``signature`` unused: every table's rows of one audit
    are made with the same arguments)."""
    reference = audit.reference.document.name
    return [finding_row(reference, f) for f in audit.findings]


def alignment_rows_of(audit: DocumentAudit, signature: str = "") -> list[Row]:
    """The aligned units of one derivative (``signature`` unused, as for the findings)."""
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


def failure_row(failed: FailedDocument, signature: str) -> Row:
    """The summary row of a document that could not be audited."""
    return dict(
        reference=failed.reference,
        document=failed.document,
        status="error",
        message=failed.message,
        signature=signature,
    )


def summary_rows_of(audit: DocumentAudit, signature: str) -> list[Row]:
    """The summary row of one derivative (a list, as for the other tables)."""
    s = audit.summary
    return [
        {
            "reference": audit.reference.document.name,
            "document": audit.derivative.document.name,
            "sentences": s.sentences,
            "aligned": s.aligned,
            "additions": s.additions,
            "omissions": s.omissions,
            "coverage": round(s.coverage, 4),
            "fidelity": s.fidelity,
            "chrf": _round(s.chrf, 2),
            "bleu": _round(s.bleu, 2),
            "ter": _round(s.ter, 2),
            "similarity": round(s.similarity, 4),
            "critical": s.critical,
            "major": s.major,
            "minor": s.minor,
            "verdict": verdict_of(s).value,
            "addition_share": round(s.addition_share, 4),
            "status": "ok",
            "message": "",
            "signature": pair_signature(audit, signature),
            "languages": audit.languages.label,
            "checks": checks_text(audit.checks),
        }
    ]


def pair_signature(audit: DocumentAudit, signature: str) -> str:
    """The run's signature, with a translation's encoder and aligner settings after it."""
    extra = audit.languages.encoder
    return f"{signature}|languages:{audit.languages.label}|{extra}" if extra else signature


def checks_text(statuses: tuple[CheckStatus, ...]) -> str:
    """Which checks ran on a derivative and why the others did not, in one line:
    ``8 of 11 ran; not run: quote, mistranslation (compares words of one language; ...)``."""
    if not statuses:
        return ""
    ran = sum(s.ran for s in statuses)
    head = f"all {ran} ran" if ran == len(statuses) else f"{ran} of {len(statuses)} ran"
    reasons: dict[str, list[str]] = {}
    for status in statuses:
        if not status.ran:
            reasons.setdefault(status.reason, []).append(status.check)
    skipped = "; ".join(f"{', '.join(names)} ({why})" for why, names in reasons.items())
    return f"{head}; not run: {skipped}" if skipped else head
