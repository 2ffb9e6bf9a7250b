"""What the HTML report shows, computed from the records: plain data for the template.

The template only loops and escapes; every decision (what is carried, changed or omitted, which
characters are highlighted, where a finding sits) is made here, where it can be tested.
"""

from __future__ import annotations

from dataclasses import dataclass

from audit.records import AlignedUnit, DocumentAudit, Finding, Segmented, UnitStatus
from audit.report.diff import Range, WordDiff, word_diff


@dataclass(frozen=True)
class Piece:
    """A run of text with one look: changed words, covered by findings, or plain."""

    text: str
    changed: bool = False
    marks: tuple[int, ...] = ()
    """Numbers of the findings covering this run."""
    severity: str = ""
    """Worst severity among ``marks`` (for the colour)."""
    title: str = ""
    ends: tuple[int, ...] = ()
    """Numbers of the findings that end right after this run (footnote markers)."""


@dataclass(frozen=True)
class Note:
    """A finding as listed under its unit."""

    number: int
    finding: Finding


@dataclass(frozen=True)
class UnitView:
    """One row of the side-by-side view."""

    unit: AlignedUnit
    reference: tuple[Piece, ...]
    derivative: tuple[Piece, ...]
    notes: tuple[Note, ...]
    identical: bool


@dataclass(frozen=True)
class PairView:
    """How the side-by-side view names the two documents and their languages."""

    reference: str
    """Heading of the reference column ("Reference", or "Original (English)")."""
    derivative: str
    reference_lang: str
    """The reference's language code for the ``lang`` attribute ("" when unknown)."""
    derivative_lang: str
    line: str
    """One sentence on the pair: its languages and, for a translation, how it was aligned."""


def pair_view(audit: DocumentAudit) -> PairView:
    """The headings and the languages line of one derivative's side-by-side view."""
    from audit.languages import language_name

    pair = audit.languages
    ref, der = language_name(pair.reference), language_name(pair.derivative)
    if not pair.cross:
        line = f"Languages: {ref if pair.reference else 'unknown'}, both documents."
        return PairView("Reference", "Derivative", pair.reference, pair.derivative, line)
    line = (
        f"Languages: a translation from {ref} into {der}, aligned sentence by sentence with the "
        f"multilingual encoder ({pair.encoder.split('|')[0].removeprefix('cross_model:')}); "
        "words are not compared across languages, so changed words are not highlighted."
    )
    return PairView(
        f"Original ({ref})", f"Translation ({der})", pair.reference, pair.derivative, line
    )


def unit_diffs(audit: DocumentAudit) -> dict[int, WordDiff]:
    """Word diffs of the aligned units (both sides present), by unit index; none for a
    translation (its words are in another language)."""
    if audit.languages.cross:
        return {}
    return {
        u.index: word_diff(audit.reference.text_of(u.ref), audit.derivative.text_of(u.deriv))
        for u in audit.units
        if u.status is UnitStatus.ALIGNED
    }


def pieces(
    text: str, changed: tuple[Range, ...], marks: list[tuple[int, int, Note]]
) -> tuple[Piece, ...]:
    """Cut ``text`` at every edge of a changed range or a finding span and describe each run."""
    edges = {0, len(text)}
    for start, end in changed:
        edges |= {start, end}
    for start, end, _ in marks:
        edges |= {max(0, min(start, len(text))), max(0, min(end, len(text)))}
    cuts = sorted(edges)
    out: list[Piece] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = [n for s, e, n in marks if s <= a and b <= e]
        ending = tuple(n.number for s, e, n in marks if e == b)
        out.append(_piece(text[a:b], any(s <= a and b <= e for s, e in changed), covering, ending))
    return tuple(out)


def _piece(text: str, changed: bool, covering: list[Note], ends: tuple[int, ...]) -> Piece:
    if not covering:
        return Piece(text, changed, ends=ends)
    worst = max(covering, key=lambda n: n.finding.severity.rank).finding.severity.value
    title = " | ".join(f"[{n.number}] {n.finding.explanation}" for n in covering)
    return Piece(text, changed, tuple(n.number for n in covering), worst, title, ends)


def _side_marks(
    notes: list[Note], base: int, length: int, reference_side: bool
) -> list[tuple[int, int, Note]]:
    """Finding spans that overlap a unit's text, relative to it: derivative spans, or reference
    spans of findings without a derivative span (omissions). A span that runs on into the next
    unit is marked in both."""
    marks = []
    for note in notes:
        f = note.finding
        if reference_side and f.start is None and f.ref_start is not None and f.ref_end is not None:
            start, end = f.ref_start - base, f.ref_end - base
        elif not reference_side and f.start is not None and f.end is not None:
            start, end = f.start - base, f.end - base
        else:
            continue
        if start < length and end > 0:
            marks.append((start, end, note))
    return marks


def reading_order(audit: DocumentAudit) -> list[Finding]:
    """The findings in the order a reader meets them: by unit as the report lists the units, then
    by position in the derivative (findings without a derivative span, such as a dropped clause,
    first, by their position in the reference)."""
    position = {unit.index: k for k, unit in enumerate(audit.units)}

    def key(f: Finding) -> tuple[int, int, int]:
        if f.start is None:
            return (position.get(f.unit, len(position)), 0, f.ref_start or 0)
        return (position.get(f.unit, len(position)), 1, f.start)

    return sorted(audit.findings, key=key)


def unit_views(audit: DocumentAudit) -> list[UnitView]:
    """The side-by-side rows of one derivative, findings numbered in reading order."""
    every = [Note(number, f) for number, f in enumerate(reading_order(audit), start=1)]
    notes_by_unit: dict[int, list[Note]] = {}
    for note in every:
        notes_by_unit.setdefault(note.finding.unit, []).append(note)
    diffs = unit_diffs(audit)
    views = []
    for unit in audit.units:
        diff = diffs.get(unit.index, WordDiff((), ()))
        ref_text, ref_base = _text_and_base(audit.reference, unit.ref)
        der_text, der_base = _text_and_base(audit.derivative, unit.deriv)
        ref_marks = _side_marks(every, ref_base, len(ref_text), True)
        der_marks = _side_marks(every, der_base, len(der_text), False)
        notes = tuple(notes_by_unit.get(unit.index, []))
        views.append(
            UnitView(
                unit,
                pieces(ref_text, diff.reference, ref_marks),
                pieces(der_text, diff.derivative, der_marks),
                notes,
                unit.index in diffs and diff.identical,
            )
        )
    return views


def _text_and_base(segmented: Segmented, indices: tuple[int, ...]) -> tuple[str, int]:
    return segmented.text_of(indices), segmented.span(indices)[0]
