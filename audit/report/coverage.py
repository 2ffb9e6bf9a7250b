"""The coverage map of the HTML report: what each derivative did to each reference sentence.

A cell is graded by how much of its unit changed: the share of the unit's words that have no
exact counterpart on the other side (``unlinked_share``), the larger of the derivative's and the
reference's share, so that words dropped count as much as words replaced or added:

- ``verbatim``: every word has its exact counterpart (0);
- ``light edit``: at most ``LIGHT_EDIT`` (a quarter) of the words without one;
- ``heavy change``: more;
- ``omitted``: the sentence has no counterpart at all.

Each cell also carries the worst severity among its unit's findings.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from audit.checks.words import tokens
from audit.records import AlignedUnit, DocumentAudit, Finding, UnitStatus

LIGHT_EDIT = 0.25
"""The largest unlinked share of a light edit."""
GRADES = {
    "verbatim": "verbatim",
    "light": "light edit",
    "heavy": "heavy change",
    "omitted": "omitted",
}
"""CSS key -> the label the report shows."""


def unlinked_share(reference: str, derivative: str) -> float:
    """The share of words without an exact word link to the other side (0 to 1).

    Today a word is linked when the other side has the same word (case and spelling exact; each
    occurrence links once, in any order); the larger of the two sides' shares is returned.
    """
    ref = Counter(t.text for t in tokens(reference))
    der = Counter(t.text for t in tokens(derivative))
    linked = sum((ref & der).values())
    shares = [1 - linked / total for total in (ref.total(), der.total()) if total]
    return max(shares, default=0.0)


def grade(share: float) -> str:
    """The CSS key of a share of unlinked words: verbatim, light or heavy."""
    if share <= 0:
        return "verbatim"
    return "light" if share <= LIGHT_EDIT else "heavy"


@dataclass(frozen=True)
class CoverageCell:
    """What one derivative did to one reference sentence."""

    grade: str
    """A key of ``GRADES``."""
    unit: int | None
    title: str
    findings: int = 0
    """Findings in the unit that holds the sentence."""
    severity: str = ""
    """The worst severity among them ("" when none)."""


def coverage_column(audit: DocumentAudit) -> list[CoverageCell]:
    """One cell per reference sentence, in reference order."""
    by_unit: dict[int, list[Finding]] = {}
    for f in audit.findings:
        by_unit.setdefault(f.unit, []).append(f)
    cells = [CoverageCell("omitted", None, "omitted: no counterpart")] * len(
        audit.reference.sentences
    )
    for unit in audit.units:
        cell = _cell(audit, unit, by_unit.get(unit.index, []))
        for i in unit.ref:
            cells[i] = cell
    return cells


def _cell(audit: DocumentAudit, unit: AlignedUnit, findings: list[Finding]) -> CoverageCell:
    worst = max(findings, key=lambda f: f.severity.rank).severity.value if findings else ""
    count = f"{len(findings)} finding(s)" + (f", worst {worst}" if worst else "")
    if unit.status is not UnitStatus.ALIGNED:
        title = f"omitted; unit {unit.index}, {count}"
        return CoverageCell("omitted", unit.index, title, len(findings), worst)
    share = unlinked_share(audit.reference.text_of(unit.ref), audit.derivative.text_of(unit.deriv))
    key = grade(share)
    title = f"{GRADES[key]} ({share:.0%} of words unlinked); unit {unit.index}, {count}"
    return CoverageCell(key, unit.index, title, len(findings), worst)
