"""Number: numbers, quantities, dates, weekdays, months, years and units that differ.

Each side of every aligned unit (whatever its cosine) is read into canonical values
(``audit.align.quantities``: "14" and "fourteen" are both ``n:14``, "hundreds" ``n:~100``,
"Jan 30" ``date:1/30``, "km" after a figure ``unit:km``; "Jun" with no day beside it is a
name). A value of the derivative that the reference does not have is *changed* when the
reference has a value of the same kind that the derivative lacks (major), otherwise *added*
(minor); a value of the reference the derivative lacks with no replacement is *dropped*
(minor). Relative dates
("today", "last year") stand in for any weekday or year.
"""

from __future__ import annotations

from collections.abc import Iterator

from audit.align.quantities import Value, values
from audit.align.words import WordMap
from audit.checks.base import Check, CheckContext, Scope
from audit.checks.words import quoted
from audit.records import AlignedUnit, Category, Finding, Severity
from audit.words import Token


def _same(a: str, b: str) -> bool:
    """Equal values; a four-digit figure may be read as a year on one side only ("2000")."""
    return a.replace("year:", "n:") == b.replace("year:", "n:")


def _relative_years(toks: list[Token]) -> bool:
    """'last year', 'this year', 'next year': a year given relative to the story's date."""
    return any(
        a.norm in ("last", "this", "next", "previous") and b.norm == "year"
        for a, b in zip(toks, toks[1:], strict=False)
    )


class NumberCheck(Check):
    name = "number"
    category = Category.NUMBER
    scope = Scope.ANY
    description = "Numbers, dates, weekdays, months, years, money and percentages that differ."
    default_severity = Severity.MAJOR

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        for unit, words in ctx.mapped_units():
            ref_toks, der_toks = list(words.ref), list(words.der)
            ref, der = values(ref_toks), values(der_toks)
            wild = {"day"} if any(v.key == "day:*" for v in der + ref) else set()
            if _relative_years(der_toks) or _relative_years(ref_toks):
                wild.add("year")
            yield from self._compare(ctx, unit, words, (ref, der), wild)

    def _compare(
        self,
        ctx: CheckContext,
        unit: AlignedUnit,
        words: WordMap,
        sides: tuple[list[Value], list[Value]],
        wild: set[str],
    ) -> Iterator[Finding]:
        ref, der = sides
        ref_left = [v for v in ref if v.kind not in wild]
        der_left = [v for v in der if v.kind not in wild]
        for value in list(der_left):
            match = next((r for r in ref_left if _same(r.key, value.key)), None)
            if match is not None:
                ref_left.remove(match)
                der_left.remove(value)
        for value in der_left:
            lost = next((r for r in ref_left if r.kind == value.kind), None)
            if lost is not None:
                ref_left.remove(lost)
            yield self._finding(ctx, unit, value, lost)
        for lost in ref_left:
            yield self._dropped(ctx, unit, lost, words.near(lost.first.start))

    def _finding(
        self, ctx: CheckContext, unit: AlignedUnit, value: Value, lost: Value | None
    ) -> Finding:
        der_text = ctx.derivative.document.text[value.first.start : value.last.end]
        if lost is None:
            return ctx.finding(
                self,
                unit,
                value.first.start,
                value.last.end,
                f"{quoted(der_text)} is not in the reference passage; check the figure "
                "against the source.",
                severity=Severity.MINOR,
                evidence=((der_text, ""),),
            )
        ref_text = ctx.reference.document.text[lost.first.start : lost.last.end]
        return ctx.finding(
            self,
            unit,
            value.first.start,
            value.last.end,
            f"The derivative gives {quoted(der_text)} where the reference gives "
            f"{quoted(ref_text)}; correct the figure.",
            evidence=((der_text, ref_text),),
            ref_span=(lost.first.start, lost.last.end),
        )

    def _dropped(
        self, ctx: CheckContext, unit: AlignedUnit, lost: Value, near: Token | None
    ) -> Finding:
        """A reference figure with no counterpart, shown on the word after which it was."""
        ref_text = ctx.reference.document.text[lost.first.start : lost.last.end]
        start, end = (near.start, near.end) if near else ctx.derivative.span(unit.deriv)
        return ctx.finding(
            self,
            unit,
            start,
            end,
            f"The reference's {quoted(ref_text)} is missing from this passage (after "
            f"{quoted(ctx.derivative.document.text[start:end], 40)}); restore it.",
            severity=Severity.MINOR,
            evidence=(("", ref_text),),
            ref_span=(lost.first.start, lost.last.end),
        )
