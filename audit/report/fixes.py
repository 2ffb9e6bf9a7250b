"""What to fix first: each derivative's verdict and figures, then its findings, most severe first.

The top of the HTML report and the first sheet of the workbook show the same list, made here
once per derivative: the critical and major findings (every severity of at least
``SERIOUS``'s rank, most severe first, then in reading order) one a line, with the line number,
category, the changed words on both sides (``audit.report.marks``) and the unit to jump to; the
minor ones after them, counted and folded. Items carry the number of their note in the
side-by-side view, so both views name a finding the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from audit.records import DocumentAudit, FailedDocument, Severity
from audit.report.frames import Column, Table
from audit.report.marks import side_words
from audit.report.rows import Row
from audit.report.verdict import read_summary
from audit.report.view import reading_order

SERIOUS = Severity.MAJOR
"""Findings at least this severe are listed; less severe ones are counted and folded."""


@dataclass(frozen=True)
class FixItem:
    """One finding as the fix list shows it."""

    number: int
    """Its note number in the side-by-side view (reading order)."""
    severity: str
    category: str
    line: int | None
    unit: int
    derivative: str
    """The derivative's changed words ("" when it has none: an omission)."""
    reference: str
    """The reference words they stand for ("" when there are none: an addition)."""
    explanation: str
    id: str


@dataclass(frozen=True)
class FixList:
    """One derivative's findings: the ones to fix first, and the minor ones."""

    serious: tuple[FixItem, ...]
    minor: tuple[FixItem, ...]


def fix_list(audit: DocumentAudit) -> FixList:
    """The derivative's fix list (see the module's text)."""
    words = {w.unit: w for w in audit.words}
    units = {u.index: u for u in audit.units}
    items = []
    for number, f in enumerate(reading_order(audit), start=1):
        derivative, reference = side_words(audit, f, units.get(f.unit), words.get(f.unit))
        item = FixItem(
            number,
            f.severity.value,
            f.category.value,
            f.line,
            f.unit,
            derivative,
            reference,
            f.explanation,
            f.id,
        )
        items.append((f.severity.rank, item))
    serious = [item for rank, item in items if rank >= SERIOUS.rank]
    serious.sort(key=lambda item: -Severity(item.severity).rank)  # stable: reading order kept
    return FixList(tuple(serious), tuple(item for rank, item in items if rank < SERIOUS.rank))


def _text(*names: str) -> tuple[Column, ...]:
    return tuple(Column(n) for n in names)


FIXES = Table(
    "fixes",
    (
        *_text("document", "verdict"),
        Column("fidelity", "float"),
        Column("coverage", "float"),
        *_text("severity"),
        Column("line", "int"),
        *_text("category", "derivative_words", "reference_words", "explanation"),
        Column("unit", "int"),
        *_text("id", "reference", "kind"),
    ),
    lambda audit, _signature: fix_rows_of(audit),
    lambda failed, _signature: fix_failure_row(failed),
)
"""The rows of the workbook's first sheet, in order: per derivative a ``derivative`` row
(verdict, fidelity, coverage, counts), its serious findings, then a ``minor`` row counting the
minor findings followed by them (``folded``: the sheet groups them, collapsed)."""


def fix_rows_of(audit: DocumentAudit) -> list[Row]:
    """The first sheet's rows of one derivative."""
    s, name = audit.summary, audit.derivative.document.name
    reference = audit.reference.document.name
    reading = read_summary(s)
    head: Row = {
        "reference": reference,
        "document": name,
        "verdict": reading.verdict.value,
        "fidelity": s.fidelity,
        "coverage": round(s.coverage, 2),
        "explanation": f"{reading.reason}; {s.critical} critical, {s.major} major, {s.minor} minor",
        "kind": "derivative",
    }
    fixes = fix_list(audit)
    where = {"reference": reference, "document": name}
    rows = [head, *(_item_row(where, item, "finding") for item in fixes.serious)]
    if fixes.minor:
        count = f"{len(fixes.minor)} minor finding(s): expand the group (+) to see them"
        rows.append({**where, "severity": "minor", "explanation": count, "kind": "minor"})
        rows += [_item_row(where, item, "folded") for item in fixes.minor]
    return rows


def _item_row(where: Row, item: FixItem, kind: str) -> Row:
    return {
        **where,
        "severity": item.severity,
        "line": item.line,
        "category": item.category,
        "derivative_words": item.derivative,
        "reference_words": item.reference,
        "explanation": item.explanation,
        "unit": item.unit,
        "id": item.id,
        "kind": kind,
    }


def fix_failure_row(failed: FailedDocument) -> Row:
    """A document that could not be audited, as the first sheet lists it."""
    return {
        "reference": failed.reference,
        "document": failed.document,
        "explanation": f"not audited: {failed.message}",
        "kind": "error",
    }
