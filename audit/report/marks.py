"""What the reports mark in a unit's text, decided once for the HTML view and the fix list.

Words are marked by what the audit concluded, not by a character diff:

- a **finding** marks its span in the derivative and, in the reference, the words that span
  stands for (``finding_sides``): the reference passage of the finding when it is short (a name,
  a figure), else the reference words between the word links on either side of the span;
- a **change without a finding** is a word the unit's word alignment (``audit.align.words``)
  leaves without a counterpart (``unit_changes``): rewording no check called a defect;
- words linked to the other side, exactly or as an accepted equivalent (a stem, a spelling or
  romanisation variant, the same number written otherwise), are not marked.

Ranges are character offsets into the document texts.
"""

from __future__ import annotations

from collections.abc import Sequence

from audit.records import (
    AlignedUnit,
    DocumentAudit,
    Finding,
    UnitJudgement,
    UnitStatus,
    UnitWords,
)
from audit.report.diff import word_diff
from audit.words import word_count

Range = tuple[int, int]
SHORT_REFERENCE = 8
"""A finding's reference passage of at most this many words is what its span stands for."""
TRIM = " \t\r\n,;:"
"""Left off either end of a reference range (separators, not words)."""


def merge(text: str, ranges: Sequence[Range]) -> tuple[Range, ...]:
    """Sorted ranges of ``text`` joined where only spaces or punctuation lie between them."""
    out: list[Range] = []
    for start, end in sorted(ranges):
        if out and not any(ch.isalnum() for ch in text[out[-1][1] : start]):
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)


def unit_changes(
    audit: DocumentAudit, unit: AlignedUnit, words: UnitWords | None
) -> tuple[tuple[Range, ...], tuple[Range, ...]]:
    """(reference, derivative) ranges of an aligned unit's words without a counterpart: the
    word alignment's unmatched words (a word diff when the audit has no word alignment, as in a
    state file of an older version), less the words the meaning judge accepts (where it read
    the unit: only the words it marks stay). Units with one side only have none: the whole unit
    is the change; nor has a translation (``audit.languages.cross``): its words are in another
    language than the reference's, so only its findings' words are marked."""
    if unit.status is not UnitStatus.ALIGNED or audit.languages.cross:
        return (), ()
    ref_text, der_text = audit.reference.document.text, audit.derivative.document.text
    if words is not None:
        ref_free, der_free = words.unmatched_ref, words.unmatched_deriv
        judged = audit.judged.get(unit.index)
        if judged is not None:
            ref_free = _marked(ref_free, judged.lost)
            der_free = _marked(der_free, judged.words)
        return merge(ref_text, ref_free), merge(der_text, der_free)
    ref_base = audit.reference.span(unit.ref)[0]
    der_base = audit.derivative.span(unit.deriv)[0]
    diff = word_diff(audit.reference.text_of(unit.ref), audit.derivative.text_of(unit.deriv))
    return (
        tuple((s + ref_base, e + ref_base) for s, e in diff.reference),
        tuple((s + der_base, e + der_base) for s, e in diff.derivative),
    )


def _marked(
    spans: tuple[tuple[int, int], ...], judged: tuple[tuple[int, int, float], ...]
) -> tuple[tuple[int, int], ...]:
    """The spans holding a word the judge marks (``UnitJudgement.MARK``)."""
    marked = [(s, e) for s, e, p in judged if p >= UnitJudgement.MARK]
    return tuple(span for span in spans if any(s < span[1] and e > span[0] for s, e in marked))


def finding_sides(
    audit: DocumentAudit, finding: Finding, unit: AlignedUnit | None, words: UnitWords | None
) -> tuple[Range | None, Range | None]:
    """The (derivative, reference) ranges a finding is about; None where it has no such side
    (an omission has no derivative words, an addition no reference words). ``unit`` and
    ``words``: the finding's unit and its word alignment. A translation has no word links to
    narrow a long reference passage down, so its findings keep their own passage whatever its
    length."""
    der = None if finding.start is None or finding.end is None else (finding.start, finding.end)
    has_ref = finding.ref_start is not None and finding.ref_end is not None
    whole = der is None or audit.languages.cross
    if has_ref and (whole or word_count(finding.reference_text) <= SHORT_REFERENCE):
        assert finding.ref_start is not None and finding.ref_end is not None
        return der, (finding.ref_start, finding.ref_end)
    if der is None or unit is None or unit.status is not UnitStatus.ALIGNED or words is None:
        return der, None
    return der, facing(audit, unit, words, der)


def facing(audit: DocumentAudit, unit: AlignedUnit, words: UnitWords, span: Range) -> Range | None:
    """The reference words a derivative span stands in for: between the reference words linked
    to the nearest linked derivative words before and after the span (the unit's edges where
    there are none); None when the links cross (moved words) or no word lies between."""
    start, end = span
    lo, hi = audit.reference.span(unit.ref)
    before = [k for k in words.links if k.deriv_end <= start]
    after = [k for k in words.links if k.deriv_start >= end]
    if before:
        lo = max(before, key=lambda k: k.deriv_end).ref_end
    if after:
        hi = min(after, key=lambda k: k.deriv_start).ref_start
    text = audit.reference.document.text
    while lo < hi and text[lo] in TRIM:
        lo += 1
    while hi > lo and text[hi - 1] in TRIM:
        hi -= 1
    return (lo, hi) if any(ch.isalnum() for ch in text[lo:hi]) else None


def side_words(
    audit: DocumentAudit, finding: Finding, unit: AlignedUnit | None, words: UnitWords | None
) -> tuple[str, str]:
    """The changed words of a finding as text: (derivative, reference); "" for a side it lacks."""
    der, ref = finding_sides(audit, finding, unit, words)
    return (
        audit.derivative.document.text[der[0] : der[1]] if der else "",
        audit.reference.document.text[ref[0] : ref[1]] if ref else "",
    )
