"""Addition: derivative content with no source in the reference.

Two levels: whole derivative sentences with no reference counterpart, and clauses inside aligned
units whose content words the reference passage does not have. Stray fragments, duplicates and
site furniture are explained by their own checks and not also reported here.
"""

from __future__ import annotations

from collections.abc import Iterator

from audit.checks.base import Check, CheckContext
from audit.checks.words import Token, quoted, quotes, stem, unmatched_runs
from audit.records import AlignedUnit, Category, Finding, Severity
from audit.words import word_count


def _unsourced(toks: list[Token], reference: set[str]) -> float:
    content = [t for t in toks if t.content]
    if not content:
        return 1.0
    return sum(stem(t.norm) not in reference for t in content) / len(content)


class AdditionCheck(Check):
    name = "addition"
    category = Category.ADDITION
    description = "Derivative sentences or clauses with no source in the reference."
    default_severity = Severity.MAJOR
    yields_to = (
        Category.GARBLED,
        Category.BOILERPLATE,
        Category.DUPLICATE,
        Category.QUOTE,
        Category.NAME,
        Category.NUMBER,
        Category.UNTRANSLATED,
    )

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        whole = ctx.reference_tokens()
        norms = {stem(t.norm) for t in whole}
        for unit in ctx.units:
            if (
                not unit.ref
                and _unsourced(ctx.deriv_tokens(unit), norms) >= ctx.config.checks.sourced_share
            ):
                yield self._sentence(ctx, unit)
        text = ctx.derivative.document.text
        for unit in ctx.close_units():
            for run in unmatched_runs(
                ctx.deriv_tokens(unit), whole, ctx.config.checks.clause_words, text
            ):
                yield self._clause(ctx, unit, run)

    def _sentence(self, ctx: CheckContext, unit: AlignedUnit) -> Finding:
        start, end = ctx.derivative.span(unit.deriv)
        text = ctx.derivative.document.text[start:end]
        words = word_count(text)
        has_quote = bool(quotes(text))
        major = words >= ctx.config.checks.major_addition_words or (has_quote and words >= 5)
        what = "quotation" if has_quote else "passage"
        return ctx.finding(
            self,
            unit,
            start,
            end,
            f"This {what} ({words} words) has no source in the reference; "
            "check it is sourced or remove it.",
            severity=Severity.MAJOR if major else Severity.MINOR,
        )

    def _clause(self, ctx: CheckContext, unit: AlignedUnit, run: list[Token]) -> Finding:
        text = ctx.derivative.document.text[run[0].start : run[-1].end]
        major = len(run) >= ctx.config.checks.major_clause_words
        return ctx.finding(
            self,
            unit,
            run[0].start,
            run[-1].end,
            f"{quoted(text, 90)} ({len(run)} words) is not in the reference passage; "
            "check it is sourced or remove it.",
            severity=Severity.MAJOR if major else Severity.MINOR,
        )
