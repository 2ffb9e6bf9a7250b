"""Lengths of a translation's units: what a translation says of its original, measured.

Words cannot be compared across languages, but lengths can: each aligned unit's length ratio
(``audit.words.size`` of the derivative side over the reference side) against the median ratio
of the document's units (German runs about 1.1 times English, English about 0.7 times Chinese
in characters). A unit far under it dropped something, far over it added something
(``shortfalls``, ``surpluses``: the omission and addition checks' long clauses); and a
sentence cut off (``cut_off``, the garbled check's):

A translated sentence is cut off when it stops without an end mark where its original has one,
and it says much less of its original than the translation's sentences say of theirs.

Across languages the English list of words a sentence cannot end on ("the", "of") is no help, so
the garbled check measures instead: the last derivative sentence of an aligned unit that lacks
an end mark is cut off when the unit's reference side ends with one and the unit's length ratio
(``audit.words.size``, derivative over reference) is under ``CUT_SHARE`` of the document's
median ratio (German runs about 1.1 times English, English about 0.7 times Chinese in
characters). A headline has no end mark on either side; a translation that only drops a final
full stop keeps its length.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from audit.checks.base import CheckContext
from audit.records import AlignedUnit, Sentence
from audit.words import size

CUT_SHARE = 0.8
"""A cut-off sentence's unit says less than this share of what the document's units say."""
HEADLINE_WORDS = 6
"""An original without an end mark (a headline) of this many words is measured too, against
``SHORT_SHARE``: a headline may be rendered shorter, not that much shorter."""
_ORIGINAL_END = tuple('.!?…"”’)»“«」』。！？）؟۔।')


SHORT_SHARE = 0.6
"""A unit saying less than this share of the typical ratio has dropped a clause ..."""
LONG_SHARE = 1.5
"""... and one saying more than this share of it has added one ..."""
SPLIT_LONG_SHARE = 1.3
"""... or more than this share when it has more sentences than its original (a sentence put in
beside a translated one is linked with it, and makes the unit longer only by its own length)."""
MIN_UNIT_WORDS = 12
"""Units shorter than this (the longer side) are never measured: a short sentence's length
varies too much between two languages."""


@dataclass(frozen=True)
class Gap:
    """A unit that says much less (``missing`` > 0) or much more (< 0) than its original would
    lead one to expect, in words of the reference (missing) or of the derivative (added)."""

    unit: AlignedUnit
    words: int
    percent: int
    """The unit's ratio as a percentage of the typical one."""


def gaps(ctx: CheckContext, shorter: bool) -> list[Gap]:
    """Units of a translation that say much less (``shorter``) or much more than typical, by at
    least ``CheckConfig.clause_words`` words; a cut-off sentence is the garbled check's."""
    typical = typical_ratio(ctx)
    out = []
    for unit in ctx.units:
        if not unit.ref or not unit.deriv:
            continue
        ref = size(ctx.reference.text_of(unit.ref))
        der = size(ctx.derivative.text_of(unit.deriv))
        if max(ref, der) < MIN_UNIT_WORDS or not ref or not typical:
            continue
        share = der / ref / typical
        if shorter and share < SHORT_SHARE:
            words = round(ref - der / typical)
        elif not shorter and share > (SPLIT_LONG_SHARE if _split(unit) else LONG_SHARE):
            words = round(der - ref * typical)
        else:
            continue
        last = ctx.derivative.sentences[unit.deriv[-1]]
        if words >= ctx.config.checks.clause_words and not (
            shorter and cut_off(ctx, unit, last, _ORIGINAL_END)
        ):
            out.append(Gap(unit, words, round(100 * share)))
    return out


def _split(unit: AlignedUnit) -> bool:
    """Whether the unit has more derivative sentences than reference ones."""
    return len(unit.deriv) > len(unit.ref)


def _ratio(ctx: CheckContext, unit: AlignedUnit) -> float:
    ref = size(ctx.reference.text_of(unit.ref))
    return size(ctx.derivative.text_of(unit.deriv)) / ref if ref else 0.0


def atypical(ctx: CheckContext, unit: AlignedUnit) -> bool:
    """Whether an aligned unit's length ratio is off the document's by more than a fifth either
    way (a cut sentence that ran into the next one makes it shorter, or longer when the aligner
    left the other half's original out)."""
    if not unit.ref or not unit.deriv:
        return False
    share = _ratio(ctx, unit) / (typical_ratio(ctx) or 1.0)
    return share < CUT_SHARE or share > 1 / CUT_SHARE


def typical_ratio(ctx: CheckContext) -> float:
    """The median length ratio of the aligned units of the pair (computed once)."""

    def median() -> float:
        ratios = [_ratio(ctx, u) for u in ctx.units if u.ref and u.deriv]
        return statistics.median(ratios) if ratios else 1.0

    return float(ctx._memo("typical_ratio", median))


def cut_off(
    ctx: CheckContext, unit: AlignedUnit, sentence: Sentence, terminal: tuple[str, ...]
) -> tuple[int, int, str] | None:
    """(start, end, explanation) when the unit's last derivative sentence was cut off."""
    if not unit.ref or not unit.deriv or sentence.index != unit.deriv[-1]:
        return None
    if sentence.text.rstrip().endswith(terminal):
        return None
    original = ctx.reference.sentences[unit.ref[-1]].text.rstrip()
    ended = original.endswith(_ORIGINAL_END)
    if not ended and size(original) < HEADLINE_WORDS:
        return None
    ratio, typical = _ratio(ctx, unit), typical_ratio(ctx)
    if ratio >= (CUT_SHARE if ended else SHORT_SHARE) * typical:
        return None
    tail = " ".join(sentence.text.split()[-3:])
    return (
        sentence.start,
        sentence.end,
        f"Truncated sentence: it stops at \u201c{tail}\u201d with no ending and says "
        f"{ratio / typical:.0%} of what this translation's sentences say of their originals; "
        "restore the rest from the original.",
    )
