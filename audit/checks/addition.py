"""Addition: derivative content with no source in the reference.

Two levels: whole derivative sentences with no reference counterpart, and clauses inside aligned
units whose content words the reference passage does not have. Stray fragments, duplicates and
site furniture are explained by their own checks and not also reported here.
"""

from __future__ import annotations

from collections.abc import Iterator

from audit.checks.base import Check, CheckContext
from audit.checks.omission import carries_facts
from audit.checks.words import Token, quoted, quotes, unmatched_runs
from audit.records import AlignedUnit, Category, Finding, Severity
from audit.score import word_count


class AdditionCheck(Check):
    name = "addition"
    category = Category.ADDITION
    description = "Derivative sentences or clauses with no source in the reference."
    default_severity = Severity.MAJOR
    yields_to = (Category.GARBLED, Category.BOILERPLATE, Category.DUPLICATE)

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        for unit in ctx.units:
            if not unit.ref:
                yield self._sentence(ctx, unit)
        for unit in ctx.close_units():
            ref, der = ctx.ref_tokens(unit), ctx.deriv_tokens(unit)
            for run in unmatched_runs(der, ref, ctx.config.checks.clause_words - 1):
                yield self._clause(ctx, unit, run)

    def _sentence(self, ctx: CheckContext, unit: AlignedUnit) -> Finding:
        start, end = ctx.derivative.span(unit.deriv)
        text = ctx.derivative.document.text[start:end]
        words = word_count(text)
        has_quote = bool(quotes(text))
        major = words >= ctx.config.checks.major_addition_words or has_quote
        what = "quotation" if has_quote else "passage"
        return ctx.finding(
            self, unit, start, end,
            f"This {what} ({words} words) has no source in the reference; "
            "check it is sourced or remove it.",
            severity=Severity.MAJOR if major else Severity.MINOR,
        )

    def _clause(self, ctx: CheckContext, unit: AlignedUnit, run: list[Token]) -> Finding:
        text = ctx.derivative.document.text[run[0].start : run[-1].end]
        major = len(run) >= ctx.config.checks.major_clause_words or carries_facts(run)
        return ctx.finding(
            self, unit, run[0].start, run[-1].end,
            f"{quoted(text, 90)} ({len(run)} words) is not in the reference passage; "
            "check it is sourced or remove it.",
            severity=Severity.MAJOR if major else Severity.MINOR,
        )
