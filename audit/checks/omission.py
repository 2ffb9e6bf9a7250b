"""Omission: reference content the derivative drops, ranked by what it carries.

Two levels: whole reference sentences with no counterpart (units with no derivative side), and
clauses inside aligned units whose content words the derivative does not have anywhere in the
unit. A dropped passage is major when it is long or carries a name or a number, else minor.
Reference site furniture (bylines, channel prompts, photo credits) is not reported.

In a translation, words cannot be compared: whole sentences with no counterpart are reported as
above (their length in ``audit.words.size``), and a long clause dropped inside an aligned unit is
found by its length (``audit.checks.lengths``: the unit says much less than the translation's
units say of theirs), reported on the unit's whole original passage.
"""

from __future__ import annotations

from collections.abc import Iterator

from audit.align.quantities import values
from audit.checks.base import Check, CheckContext, Scope
from audit.checks.boilerplate import is_boilerplate
from audit.checks.lengths import Gap, gaps
from audit.checks.spans import serious_clause
from audit.checks.words import quoted, unmatched_runs
from audit.records import AlignedUnit, Category, Finding, Severity
from audit.words import Token, size, word_count


def carries_facts(toks: list[Token]) -> bool:
    """A passage with a number or a proper name (a capitalised word not at its start)."""
    return bool(values(toks)) or any(t.capitalised and t.content for t in toks[1:])


def reworded(ctx: CheckContext, unit: AlignedUnit, run: list[Token], reference: bool) -> str:
    """What the other side says instead, when the unit leaves about as many of its content
    words unmatched (a clause reworded or moved there, not plainly dropped or added) and, if
    the run carries a name or a figure, some of those carry one too; the words facing the
    run's gap come first. Empty otherwise."""
    words = ctx.word_map(unit)
    if words is None:
        return ""
    facing = words.facing(run[0].start, run[-1].end, reference)
    other = words.der if reference else words.ref
    free = [other[k] for k in (words.unmatched_der() if reference else words.unmatched_ref())]
    spare = [t for t in facing + [t for t in free if t not in facing] if t.content]
    if len(spare) * 2 < max(2, sum(t.content for t in run)):
        return ""
    if carries_facts(run) and not carries_facts(spare):
        return ""  # a name or a figure dropped, and none said instead
    return " ".join(t.text for t in spare[:8])


def plain_major(ctx: CheckContext, run: list[Token], instead: str, dropped: bool) -> bool:
    """A clause plainly dropped or added (nothing said in its place) is major when long, or
    (dropped) carrying a name or a figure; reworded clauses are the clause scorer's."""
    if instead:
        return False
    return len(run) >= ctx.config.checks.major_clause_words or (dropped and carries_facts(run))


def clause_major(
    ctx: CheckContext, unit: AlignedUnit, run: list[Token], instead: str, dropped: bool
) -> bool:
    """A dropped or added clause is major by the fixed rule when plain, or by the clause
    scorer when reworded (``audit.checks.spans``)."""
    return plain_major(ctx, run, instead, dropped) or (
        bool(instead) and serious_clause(ctx, unit, run, reference=dropped)
    )


class OmissionCheck(Check):
    name = "omission"
    category = Category.OMISSION
    scope = Scope.ANY
    description = "Reference sentences or clauses the derivative drops, ranked by what they carry."
    default_severity = Severity.MAJOR

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        for unit in ctx.units:
            text = ctx.reference.text_of(unit.ref)
            if unit.deriv or is_boilerplate(text):
                continue
            if ctx.cross and not any(ch.isalnum() for ch in text):
                continue  # a stray mark of the original's segmentation says nothing
            yield self._sentence(ctx, unit)
        if ctx.cross:
            yield from (self._shortfall(ctx, gap) for gap in gaps(ctx, shorter=True))
            return
        whole = ctx.derivative_tokens()
        text = ctx.reference.document.text
        for unit in ctx.close_units():
            for run in unmatched_runs(
                ctx.ref_tokens(unit), whole, ctx.config.checks.clause_words, text
            ):
                yield self._clause(ctx, unit, run, reworded(ctx, unit, run, reference=True))

    def _sentence(self, ctx: CheckContext, unit: AlignedUnit) -> Finding:
        text = ctx.reference.text_of(unit.ref)
        words = size(text) if ctx.cross else word_count(text)
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

    def _clause(
        self, ctx: CheckContext, unit: AlignedUnit, run: list[Token], instead: str
    ) -> Finding:
        text = ctx.reference.document.text[run[0].start : run[-1].end]
        major = clause_major(ctx, unit, run, instead, dropped=True)
        what = "restore it" if not instead else f"it says {quoted(instead, 60)} instead"
        return ctx.finding(
            self,
            unit,
            None,
            None,
            f"The derivative drops {quoted(text, 90)} ({len(run)} words) from this passage; "
            f"{what}.",
            severity=Severity.MAJOR if major else Severity.MINOR,
            ref_span=(run[0].start, run[-1].end),
        )

    def _shortfall(self, ctx: CheckContext, gap: Gap) -> Finding:
        """A translated passage much shorter than its original: a clause is likely dropped."""
        major = gap.words >= ctx.config.checks.major_clause_words
        return ctx.finding(
            self,
            gap.unit,
            None,
            None,
            f"The translation of this passage is {gap.percent}% of the length the "
            f"translation's other passages have: about {gap.words} words of the original have "
            "no counterpart; compare them and restore what was dropped.",
            severity=Severity.MAJOR if major else Severity.MINOR,
        )
