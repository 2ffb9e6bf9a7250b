"""Addition: derivative sentences with no source in the reference."""

from __future__ import annotations

from collections.abc import Iterator

from audit.checks.base import Check, CheckContext
from audit.records import Category, Finding, Severity
from audit.score import word_count

MAJOR_WORDS = 12


class AdditionCheck(Check):
    name = "addition"
    category = Category.ADDITION
    description = "Derivative sentences with no source in the reference."
    default_severity = Severity.MAJOR

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        for unit in ctx.units:
            if unit.ref:
                continue
            start, end = ctx.derivative.span(unit.deriv)
            words = word_count(ctx.derivative.document.text[start:end])
            severity = Severity.MAJOR if words >= MAJOR_WORDS else Severity.MINOR
            yield ctx.finding(
                self,
                unit,
                start,
                end,
                f"This sentence ({words} words) has no source in the reference; "
                "check it is sourced or remove it.",
                severity=severity,
            )
