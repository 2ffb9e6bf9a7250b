"""Meaning: what the learned judge (``audit.judge``) reads as a wrong meaning in an aligned unit
that no named check explains.

A unit whose calibrated probability of a Major meaning error reaches the judge's major
threshold gets one finding, spanned on the derivative words the judge marks (the runs of words
whose error probability is at least ``WORD``); when it marks none there but marks reference
words as lost, the finding is an omission of those words (reference side). Severity: critical
when the judge also reads the unit as stating the opposite, major otherwise; a unit between the
minor and the major thresholds gets a minor finding. The explanation quotes both sides and the
probability. A finding of a named check over the same words explains them better: this check
yields to every other category (``Check.yields_to``), and ``audit.checks.judged`` settles the
severities where the two disagree.
"""

from __future__ import annotations

from collections.abc import Iterator

from audit.checks.base import Check, CheckContext, Scope
from audit.checks.words import quoted
from audit.records import AlignedUnit, Category, Finding, JudgeLevels, Severity, UnitJudgement

WORD = UnitJudgement.MARK
"""Error probability from which the judge marks a word."""
GAP = 2
"""Unmarked words (at most) inside one marked run ("sent [the] troops")."""


class MeaningCheck(Check):
    name = "meaning"
    category = Category.MEANING
    description = (
        "Meaning changed as the learned judge reads it (words replaced by wrong ones, reversed "
        "relations, dropped content): critical when it states the opposite."
    )
    scope = Scope.ENGLISH
    default_severity = Severity.MAJOR
    yields_to = tuple(c for c in Category if c is not Category.MEANING)

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        if not ctx.judgements:
            return
        levels = ctx.judge_levels
        units = {u.index: u for u in ctx.units}
        for judged in ctx.judgements:
            severity = _severity(judged, levels)
            if severity is not None:
                finding = self._finding(ctx, units[judged.unit], judged, severity)
                if finding is not None:
                    yield finding

    def _finding(
        self, ctx: CheckContext, unit: AlignedUnit, judged: UnitJudgement, severity: Severity
    ) -> Finding | None:
        runs = marked_runs(judged.words)
        lost = marked_runs(judged.lost)
        share = f"the judge's probability of a major error: {judged.major:.2f}"
        if runs:
            start, end = max(runs, key=lambda r: r[2])[:2]
            shown = ctx.derivative.document.text[start:end]
            facing = _facing(ctx, unit, start, end)
            said = f"where the reference says {quoted(facing, 80)}" if facing else "in this unit"
            what = "states the opposite" if severity is Severity.CRITICAL else "changes the meaning"
            return ctx.finding(
                self,
                unit,
                start,
                end,
                f"{quoted(shown, 80)} {what} {said} ({share}); check it against the reference.",
                severity=severity,
                evidence=((shown, facing),),
            )
        if lost:
            start, end = max(lost, key=lambda r: r[2])[:2]
            dropped = ctx.reference.document.text[start:end]
            return ctx.finding(
                self,
                unit,
                None,
                None,
                f"The meaning of the reference's {quoted(dropped, 80)} is lost ({share}); "
                "restore it.",
                severity=severity,
                evidence=(("", dropped),),
                ref_span=(start, end),
            )
        return None


def _severity(judged: UnitJudgement, levels: JudgeLevels) -> Severity | None:
    if judged.major >= levels.major:
        return Severity.CRITICAL if judged.opposes else Severity.MAJOR
    return Severity.MINOR if judged.major >= levels.minor else None


def marked_runs(words: tuple[tuple[int, int, float], ...]) -> list[tuple[int, int, float]]:
    """Runs of words the judge marks (probability ≥ ``WORD``, at most ``GAP`` unmarked words
    inside), each as (start, end, its largest probability)."""
    runs: list[tuple[int, int, float]] = []
    last = -GAP - 1
    for k, (start, end, p) in enumerate(words):
        if p < WORD:
            continue
        if runs and k - last <= GAP + 1:
            runs[-1] = (runs[-1][0], end, max(runs[-1][2], p))
        else:
            runs.append((start, end, p))
        last = k
    return runs


def _facing(ctx: CheckContext, unit: AlignedUnit, start: int, end: int) -> str:
    """The reference words standing where the marked derivative words are (the word map's
    gaps; empty when none face them)."""
    words = ctx.word_map(unit)
    if words is None:
        return ""
    faced = words.facing(start, end, reference=False)
    if faced:
        return ctx.reference.document.text[faced[0].start : faced[-1].end]
    return ""
