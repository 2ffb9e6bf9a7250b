"""Omission: reference sentences the derivative does not carry."""

from __future__ import annotations

from collections.abc import Iterator

from audit.checks.base import Check, CheckContext
from audit.records import Category, Finding, Severity
from audit.score import word_count

MAJOR_WORDS = 15


class OmissionCheck(Check):
    name = "omission"
    category = Category.OMISSION
    description = "Reference sentences with no counterpart in the derivative, ranked by length."
    default_severity = Severity.MAJOR

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        for unit in ctx.units:
            if unit.deriv:
                continue
            text = ctx.reference.text_of(unit.ref)
            words = word_count(text)
            severity = Severity.MAJOR if words >= MAJOR_WORDS else Severity.MINOR
            yield ctx.finding(
                self,
                unit,
                None,
                None,
                f"The reference sentence ({words} words) has no counterpart in the derivative: "
                f"\u201c{_clip(text)}\u201d.",
                severity=severity,
            )


def _clip(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"
