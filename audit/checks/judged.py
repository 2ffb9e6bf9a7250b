"""Where a named check and the meaning judge disagree: how the severity is settled.

The named checks say *what* changed and where (a name, a figure, a quoted word, a clause);
their rules are exact about form but blind to meaning. The judge reads meaning but cannot name
the kind of change. So the named finding always stays (its category and span explain more),
and only its severity moves, in two cases, each noted in its explanation:

- **Words replaced inside a quotation** (``quote``, major, a derivative quotation compared
  with the reference's) that the judge accepts as faithful (the unit's probability of a Major
  error under its ``accept`` level, the median of error-free units, and no word of the finding
  marked) in a unit worded differently throughout (``REWORDED``: a translated quotation, not a
  copy with one quoted word changed), at most ``minor``.
- **A meaning shift the judge reads as stating the opposite** (``mistranslation`` or
  ``quote``, major, in a unit at or over the major threshold with an opposite score of at
  least 0.5, on words the judge marks): ``critical`` ("could pose a global threat" for "wants
  to help manage global threats" is a reversal, not a change of modality).
- **A minor finding on words the judge reads as a Major error** (the unit at or over the major
  threshold, and a marked word inside the finding's span, or a lost reference word inside its
  reference span for a dropped word or clause): raised to ``major`` — the rule saw the change,
  the judge says it matters.

Names, figures, negations and the other exact rules are never lowered: a wrong name or figure
is wrong whatever the sentence around it says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from audit.checks.base import CheckContext
from audit.checks.meaning import WORD
from audit.records import Category, Finding, JudgeLevels, Severity, UnitJudgement


def settle(findings: Sequence[Finding], ctx: CheckContext) -> list[Finding]:
    """The findings with their severities settled against the judge (see the module)."""
    out = []
    for finding in findings:
        unit = ctx.judgement(finding.unit)
        if unit is not None and finding.category is not Category.MEANING:
            finding = _settled(ctx, finding, unit, ctx.judge_levels)
        out.append(finding)
    return out


def _settled(
    ctx: CheckContext, finding: Finding, unit: UnitJudgement, levels: JudgeLevels
) -> Finding:
    major = levels.major
    if (
        _reworded_quote(finding)
        and unit.major < levels.accept
        and not _marked(unit.words, finding.start, finding.end)
        and _translated(ctx, finding)
    ):
        return replace(
            finding,
            severity=Severity.MINOR,
            explanation=f"{finding.explanation} (minor: the meaning judge reads the quotation "
            f"as faithful, probability of a major error {unit.major:.2f}).",
        )
    if (
        finding.severity is Severity.MAJOR
        and finding.category in REVERSIBLE
        and unit.major >= major
        and unit.opposes
        and _marked(unit.words, finding.start, finding.end)
    ):
        return replace(
            finding,
            severity=Severity.CRITICAL,
            explanation=f"{finding.explanation} (critical: the meaning judge reads the unit as "
            f"stating the opposite of the reference, score {unit.opposite:.2f}).",
        )
    if finding.severity is Severity.MINOR and unit.major >= major:
        marked = _marked(unit.words, finding.start, finding.end) or (
            _dropped(finding) and _marked(unit.lost, finding.ref_start, finding.ref_end)
        )
        if marked:
            return replace(
                finding,
                severity=Severity.MAJOR,
                explanation=f"{finding.explanation} (major: the meaning judge reads a major "
                f"error in these words, probability {unit.major:.2f}).",
            )
    return finding


REVERSIBLE = (Category.MISTRANSLATION, Category.QUOTE)
"""Categories of a meaning shift that, read as stating the opposite, become critical."""


REWORDED = 0.2
"""Share of a unit's derivative content words, outside a finding, that render no reference
word: from it the unit is a translation in other words, not a copy with one change."""


def _translated(ctx: CheckContext, finding: Finding) -> bool:
    """Whether the finding's unit is reworded outside the finding (``REWORDED``): a translated
    quotation is worded differently throughout, a misquotation in a copy only where it was
    changed."""
    unit = next((u for u in ctx.units if u.index == finding.unit), None)
    words = ctx.word_map(unit) if unit is not None else None
    if words is None or finding.start is None or finding.end is None:
        return False
    outside = [
        k
        for k, t in enumerate(words.der)
        if t.content and not finding.start <= t.start < finding.end
    ]
    free = set(words.unmatched_der())
    return bool(outside) and sum(k in free for k in outside) / len(outside) >= REWORDED


def _reworded_quote(finding: Finding) -> bool:
    """A major ``quote`` finding comparing a quotation with the reference's (both sides
    quoted in its evidence: not a quotation the reference lacks, not a speaker)."""
    return (
        finding.check == "quote"
        and finding.severity is Severity.MAJOR
        and bool(finding.evidence)
        and all(finding.evidence[0])
    )


def _dropped(finding: Finding) -> bool:
    """A finding about reference words the derivative lacks (an omission, a dropped figure)."""
    return finding.start is None or bool(finding.evidence and not finding.evidence[0][0])


def _marked(words: Sequence[tuple[int, int, float]], start: int | None, end: int | None) -> bool:
    """Whether a word the judge marks lies inside ``[start, end)``."""
    if start is None or end is None:
        return False
    return any(p >= WORD and s < end and e > start for s, e, p in words)
