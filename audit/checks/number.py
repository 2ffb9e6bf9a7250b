"""Number: numbers, quantities, dates, weekdays, months, years and units that differ.

Each side of every aligned unit (whatever its cosine) is read into canonical values
(``audit.align.quantities``: "14" and "fourteen" are both ``n:14``, "hundreds" ``n:~100``,
"Jan 30" ``date:1/30``, "km" after a figure ``unit:km``; "Jun" with no day beside it is a
name). A value of the derivative that the reference does not have is *changed* when the
reference has a value of the same kind that the derivative lacks (major), otherwise *added*
(minor); a value of the reference the derivative lacks with no replacement is *dropped*
(minor). Relative dates
("today", "last year") stand in for any weekday or year.

A translation's units are compared by what their digits say, in each side's own conventions
(``audit.checks.figures``): numbers, percentages, currency amounts, dates (a month name or a
number before 月); a figure is changed when both sides hold an unmatched one (major), a currency
beside equal amounts too; a figure with no counterpart is added or dropped (minor).
"""

from __future__ import annotations

from collections.abc import Iterator

from audit.align.quantities import Value, values
from audit.align.words import WordMap
from audit.checks.base import Check, CheckContext, Scope
from audit.checks.figures import Figure, compare, figures, shift
from audit.checks.words import quoted
from audit.records import AlignedUnit, Category, Finding, Segmented, Severity
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
        if ctx.cross:
            yield from self._translation(ctx)
            return
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

    def _translation(self, ctx: CheckContext) -> Iterator[Finding]:
        """The figures of each aligned unit of a translation, side against side."""
        ref_lang, der_lang = ctx.languages.reference, ctx.languages.derivative
        for unit in ctx.units:
            if not unit.ref or not unit.deriv:
                continue
            ref = _figures_of(ctx.reference, unit.ref, ref_lang)
            der = _figures_of(ctx.derivative, unit.deriv, der_lang)
            if not ref and not der:
                continue
            ref_near = _near(ctx.reference, unit.ref, ref_lang)
            der_near = _near(ctx.derivative, unit.deriv, der_lang)
            result = compare(ref, der, ref_near, der_near)
            for figure, lost in result.changed:
                yield self._figure(ctx, unit, figure, lost, "where the original gives")
            for figure, other in result.currency:
                yield self._figure(
                    ctx, unit, figure, other, "in another currency than the original's"
                )
            for figure in result.added:
                yield self._figure(ctx, unit, figure, None, "")
            for lost in result.dropped:
                yield self._lost_figure(ctx, unit, lost)

    def _figure(
        self, ctx: CheckContext, unit: AlignedUnit, figure: Figure, other: Figure | None, how: str
    ) -> Finding:
        der_text = ctx.derivative.document.text[figure.start : figure.end]
        if other is None:
            return ctx.finding(
                self,
                unit,
                figure.start,
                figure.end,
                f"{quoted(der_text)} is not in the original passage; check the figure against "
                "the source.",
                severity=Severity.MINOR,
                evidence=((der_text, ""),),
            )
        ref_text = ctx.reference.document.text[other.start : other.end]
        return ctx.finding(
            self,
            unit,
            figure.start,
            figure.end,
            f"The translation gives {quoted(der_text)} {how} {quoted(ref_text)}; correct it.",
            evidence=((der_text, ref_text),),
            ref_span=(other.start, other.end),
        )

    def _lost_figure(self, ctx: CheckContext, unit: AlignedUnit, lost: Figure) -> Finding:
        ref_text = ctx.reference.document.text[lost.start : lost.end]
        start, end = ctx.derivative.span(unit.deriv)
        return ctx.finding(
            self,
            unit,
            start,
            end,
            f"The original's {quoted(ref_text)} is missing from this passage (unless it is "
            "written in words); restore it.",
            severity=Severity.MINOR,
            evidence=(("", ref_text),),
            ref_span=(lost.start, lost.end),
        )


def _figures_of(doc: Segmented, indices: tuple[int, ...], language: str) -> list[Figure]:
    """The figures of a run of sentences, offsets into the document."""
    if not indices:
        return []
    start, end = doc.span(indices)
    return [shift(f, start) for f in figures(doc.document.text[start:end], language)]


def _near(doc: Segmented, indices: tuple[int, ...], language: str) -> list[Figure]:
    """The figures of the sentences right before and right after a run."""
    around = (indices[0] - 1, indices[-1] + 1)
    return [
        f for k in around if 0 <= k < len(doc.sentences) for f in _figures_of(doc, (k,), language)
    ]
