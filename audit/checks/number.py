"""Number: numbers, dates, weekdays, months, years, money and percentages that differ.

Each side of an aligned unit is read into canonical values ("14" and "fourteen" are both
``n:14``, "Jan" and "January" ``month:1``, "2,000" ``n:2000``, "3.5%" ``n:3.5`` plus ``pct``).
A value of the derivative that the reference does not have is *changed* when the reference has a
value of the same kind that the derivative lacks (major), otherwise *added* (minor); a value of
the reference the derivative lacks with no replacement is *dropped* (minor). Relative dates
("today", "last year") stand in for any weekday or year.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from audit.checks.base import Check, CheckContext
from audit.checks.words import Token, quoted
from audit.records import AlignedUnit, Category, Finding, Severity

_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70})
_WORDS.update({"eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000})
_WORDS.update({"million": 10**6, "billion": 10**9, "trillion": 10**12})
_AMBIGUOUS = {"one", "zero"}  # "one of the", "zero-sum": too often not a count
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_MONTH_NAMES = (
    "january february march april may june july august september october november december"
).split()
_DAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_RELATIVE_DAY = {"today", "yesterday", "tomorrow", "tonight"}
_DIGITS = re.compile(r"^\d+(?:[.,]\d+)*$")


@dataclass(frozen=True)
class Value:
    """A canonical value (``kind:value``) and the tokens it was read from."""

    key: str
    kind: str
    first: Token
    last: Token


def values(toks: list[Token]) -> list[Value]:
    """The numeric values of a token list, in order."""
    out: list[Value] = []
    for k, token in enumerate(toks):
        value = _value(token)
        if value is None:
            continue
        kind, key = value
        adjacent = out and out[-1].last is toks[k - 1] and token.start - toks[k - 1].end <= 2
        date = _date(out[-1], kind, key) if adjacent else None
        if date is not None:
            prev = out.pop()  # "Jan 30", "30 January"
            out.append(Value(f"date:{date}", "date", prev.first, token))
            continue
        if kind == "n" and adjacent and out[-1].kind == "n":
            prev = out.pop()  # "2 million", "twenty four"
            merged = _merge(prev.key.split(":", 1)[1], key)
            out.append(Value(f"n:{merged}", "n", prev.first, token))
            continue
        out.append(Value(f"{kind}:{key}", kind, token, token))
    return out


def _value(token: Token) -> tuple[str, str] | None:
    norm = token.norm
    if _DIGITS.match(token.text):
        number = token.text.replace(",", "")
        if len(number) == 4 and number[:2] in ("19", "20") and "." not in number:
            return ("year", number)
        return ("n", number.rstrip("0").rstrip(".") if "." in number else number)
    if norm in _WORDS and norm not in _AMBIGUOUS:
        return ("n", str(_WORDS[norm]))
    if norm in _MONTH_NAMES and (norm != "may" or token.capitalised):
        return ("month", str(_MONTH_NAMES.index(norm) + 1))
    if norm in _MONTHS and norm != "may" and token.capitalised:
        return ("month", str(_MONTHS.index(norm) + 1))
    if norm in _DAYS:
        return ("day", norm)
    if norm in _RELATIVE_DAY:
        return ("day", "*")
    return None


def _date(prev: Value, kind: str, key: str) -> str | None:
    """'month/day' when a month and a day number stand side by side, else None."""
    pk, pv = prev.key.split(":", 1)
    if pk == "month" and kind == "n" and key.isdigit() and 1 <= int(key) <= 31:
        return f"{pv}/{key}"
    if pk == "n" and pv.isdigit() and 1 <= int(pv) <= 31 and kind == "month":
        return f"{key}/{pv}"
    return None


def _merge(left: str, right: str) -> str:
    try:
        a, b = float(left), float(right)
    except ValueError:
        return right
    total = a * b if b >= 100 and a < b else a + b
    return str(int(total)) if total == int(total) else str(total)


def _relative_years(toks: list[Token]) -> bool:
    """'last year', 'this year', 'next year': a year given relative to the story's date."""
    return any(
        a.norm in ("last", "this", "next", "previous") and b.norm == "year"
        for a, b in zip(toks, toks[1:], strict=False)
    )


class NumberCheck(Check):
    name = "number"
    category = Category.NUMBER
    description = "Numbers, dates, weekdays, months, years, money and percentages that differ."
    default_severity = Severity.MAJOR

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        for unit in ctx.close_units():
            ref_toks, der_toks = ctx.ref_tokens(unit), ctx.deriv_tokens(unit)
            ref, der = values(ref_toks), values(der_toks)
            wild = {"day"} if any(v.key == "day:*" for v in der + ref) else set()
            if _relative_years(der_toks) or _relative_years(ref_toks):
                wild.add("year")
            yield from self._compare(ctx, unit, ref, der, wild)

    def _compare(
        self,
        ctx: CheckContext,
        unit: AlignedUnit,
        ref: list[Value],
        der: list[Value],
        wild: set[str],
    ) -> Iterator[Finding]:
        ref_left = [v for v in ref if v.kind not in wild]
        der_left = [v for v in der if v.kind not in wild]
        for value in list(der_left):
            match = next((r for r in ref_left if r.key == value.key), None)
            if match is not None:
                ref_left.remove(match)
                der_left.remove(value)
        for value in der_left:
            lost = next((r for r in ref_left if r.kind == value.kind), None)
            if lost is not None:
                ref_left.remove(lost)
            yield self._finding(ctx, unit, value, lost)
        for lost in ref_left:
            yield self._dropped(ctx, unit, lost)

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

    def _dropped(self, ctx: CheckContext, unit: AlignedUnit, lost: Value) -> Finding:
        ref_text = ctx.reference.document.text[lost.first.start : lost.last.end]
        start, end = ctx.derivative.span(unit.deriv)
        return ctx.finding(
            self,
            unit,
            start,
            end,
            f"The reference's {quoted(ref_text)} is missing from this passage; restore it.",
            severity=Severity.MINOR,
            evidence=(("", ref_text),),
            ref_span=(lost.first.start, lost.last.end),
        )
