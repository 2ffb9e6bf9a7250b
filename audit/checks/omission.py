"""Omission: reference content the derivative drops, ranked by what it carries.

Two levels: whole reference sentences with no counterpart (units with no derivative side), and
clauses inside aligned units whose content words the derivative does not have anywhere in the
unit. A dropped passage is major when it is long or carries a name or a number, else minor.
Reference site furniture (bylines, channel prompts, photo credits) is not reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from audit.checks.base import Check, CheckContext
from audit.checks.boilerplate import is_boilerplate
from audit.checks.number import values
from audit.checks.words import Token, quoted, unmatched_runs
from audit.records import AlignedUnit, Category, Finding, Severity
from audit.words import word_count


def carries_facts(toks: list[Token]) -> bool:
    """A passage with a number or a proper name (a capitalised word not at its start)."""
    return bool(values(toks)) or any(t.capitalised and t.content for t in toks[1:])


class OmissionCheck(Check):
    name = "omission"
    category = Category.OMISSION
    description = "Reference sentences or clauses the derivative drops, ranked by what they carry."
    default_severity = Severity.MAJOR

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        for unit in ctx.units:
            if not unit.deriv and not is_boilerplate(ctx.reference.text_of(unit.ref)):
                yield self._sentence(ctx, unit)
        whole = ctx.derivative_tokens()
        text = ctx.reference.document.text
        for unit in ctx.close_units():
            for run in unmatched_runs(
                ctx.ref_tokens(unit), whole, ctx.config.checks.clause_words, text
            ):
                yield self._clause(ctx, unit, run)

    def _sentence(self, ctx: CheckContext, unit: AlignedUnit) -> Finding:
        text = ctx.reference.text_of(unit.ref)
        words = word_count(text)
        major = words >= ctx.config.checks.major_omission_words
        return ctx.finding(
            self,
            unit,
            None,
            None,
            f"The reference sentence ({words} words) has no counterpart in the derivative: "
            f"{quoted(text, 90)}.",
            severity=Severity.MAJOR if major else Severity.MINOR,
        )

    def _clause(self, ctx: CheckContext, unit: AlignedUnit, run: list[Token]) -> Finding:
        text = ctx.reference.document.text[run[0].start : run[-1].end]
        major = len(run) >= ctx.config.checks.major_clause_words or carries_facts(run)
        return ctx.finding(
            self,
            unit,
            None,
            None,
            f"The derivative drops {quoted(text, 90)} ({len(run)} words) from this passage; "
            "restore it.",
            severity=Severity.MAJOR if major else Severity.MINOR,
            ref_span=(run[0].start, run[-1].end),
        )
