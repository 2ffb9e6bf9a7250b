"""The coverage map of the HTML report: what each derivative did to each reference sentence.

A cell is graded by how much of its unit changed: the share of the unit's words without an
exact word link (``unlinked_share``, read from the unit's word alignment, ``audit.align.words``),
the larger of the derivative's and the reference's share, so that words dropped count as much as
words replaced or added:

- ``verbatim``: every word has its exact counterpart (0);
- ``light edit``: at most ``LIGHT_EDIT`` (a quarter) of the words without one;
- ``heavy change``: more;
- ``omitted``: the sentence has no counterpart at all.

Each cell also carries the worst severity among its unit's findings.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from audit.records import AlignedUnit, DocumentAudit, Finding, LinkKind, UnitStatus, UnitWords
from audit.words import tokens

LIGHT_EDIT = 0.25
"""The largest unlinked share of a light edit."""
GRADES = {
    "verbatim": "verbatim",
    "light": "light edit",
    "heavy": "heavy change",
    "omitted": "omitted",
}
"""CSS key -> the label the report shows."""
MARKS = {"critical": "◆", "major": "●", "minor": "○"}
"""Worst severity in a unit -> the mark its coverage-map cell carries (the colour is the grade's
alone). A severity not listed here gets the major mark."""


def unlinked_share(words: UnitWords | None, reference: str, derivative: str) -> float:
    """The share of a unit's words without an exact word link to the other side (0 to 1): the
    larger of the derivative's and the reference's share.

    Read from the unit's word alignment; without one (a state file of an older version), a word
    counts as linked when the other side has the same word (each occurrence once, in any order).
    """
    if words is None:
        ref = Counter(t.text for t in tokens(reference))
        der = Counter(t.text for t in tokens(derivative))
        linked = sum((ref & der).values())
        return max((1 - linked / n for n in (ref.total(), der.total()) if n), default=0.0)
    exact = [link for link in words.links if link.kind is LinkKind.EXACT]
    sides = (
        (
            {(k.deriv_start, k.deriv_end) for k in exact},
            {(k.deriv_start, k.deriv_end) for k in words.links},
            words.unmatched_deriv,
        ),
        (
            {(k.ref_start, k.ref_end) for k in exact},
            {(k.ref_start, k.ref_end) for k in words.links},
            words.unmatched_ref,
        ),
    )
    shares = [1 - len(e) / (len(all_) + len(rest)) for e, all_, rest in sides if all_ or rest]
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

    @property
    def mark(self) -> str:
        """The cell's mark for its worst finding ("" when none)."""
        return MARKS.get(self.severity, MARKS["major"]) if self.severity else ""


def coverage_column(audit: DocumentAudit) -> list[CoverageCell]:
    """One cell per reference sentence, in reference order."""
    by_unit: dict[int, list[Finding]] = {}
    words = {w.unit: w for w in audit.words}
    for f in audit.findings:
        by_unit.setdefault(f.unit, []).append(f)
    cells = [CoverageCell("omitted", None, "omitted: no counterpart")] * len(
        audit.reference.sentences
    )
    for unit in audit.units:
        cell = _cell(audit, unit, by_unit.get(unit.index, []), words.get(unit.index))
        for i in unit.ref:
            cells[i] = cell
    return cells


def _cell(
    audit: DocumentAudit, unit: AlignedUnit, findings: list[Finding], words: UnitWords | None
) -> CoverageCell:
    worst = max(findings, key=lambda f: f.severity.rank).severity.value if findings else ""
    count = f"{len(findings)} finding(s)" + (f", worst {worst}" if worst else "")
    if unit.status is not UnitStatus.ALIGNED:
        title = f"omitted; unit {unit.index}, {count}"
        return CoverageCell("omitted", unit.index, title, len(findings), worst)
    ref, der = audit.reference.text_of(unit.ref), audit.derivative.text_of(unit.deriv)
    share = unlinked_share(words, ref, der)
    key = grade(share)
    title = f"{GRADES[key]} ({share:.0%} of words unlinked); unit {unit.index}, {count}"
    return CoverageCell(key, unit.index, title, len(findings), worst)
