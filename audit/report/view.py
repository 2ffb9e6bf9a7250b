"""What the HTML report shows, computed from the records: plain data for the template.

The template only loops and escapes; every decision (what is carried, changed or omitted, which
characters are marked, where a finding sits) is made here, where it can be tested. What a mark
means is decided in ``audit.report.marks``: a finding's words in its severity's colour on both
sides, a change without a finding faint, words linked as equal or equivalent unmarked.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from audit.align.unlink import unit_link_ids
from audit.records import (
    AlignedUnit,
    DocumentAudit,
    Finding,
    Segmented,
    UnitStatus,
    UnitWords,
)
from audit.report.marks import Range, finding_sides, unit_changes


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
    changed: bool
    """Words without a counterpart on either side, or a unit with one side only."""
    links: tuple[str, ...] = ()
    """The ids of the unit's sentence pairs (aligned units): what *wrong link* saves."""

    @property
    def quiet(self) -> bool:
        """Carried word for word (or with equivalent words), and no finding."""
        return not self.changed and not self.notes

    @property
    def unflagged(self) -> str:
        """ "changed, no finding" (or omitted, added) for a changed unit no check flagged."""
        if self.notes or not self.changed:
            return ""
        status = self.unit.status
        word = {UnitStatus.OMISSION: "omitted", UnitStatus.ADDITION: "added"}.get(status, "changed")
        return f"{word}, no finding"


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


def pieces(
    text: str, changed: tuple[Range, ...], marks: list[tuple[int, int, Note]]
) -> tuple[Piece, ...]:
    """Cut ``text`` at every edge of a changed range or a finding span and describe each run."""
    edges = {0, len(text)}
    for start, end in changed:
        edges |= {max(0, min(start, len(text))), max(0, min(end, len(text)))}
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


def _relative(ranges: Sequence[Range], base: int, length: int) -> tuple[Range, ...]:
    """The ranges that overlap a unit's text (``length`` characters from ``base``), relative
    to it."""
    return tuple((s - base, e - base) for s, e in ranges if s - base < length and e - base > 0)


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
    words = {w.unit: w for w in audit.words}
    units = {u.index: u for u in audit.units}
    der: list[tuple[int, int, Note]] = []
    own: dict[int, list[tuple[Note, Range | None]]] = {}
    for number, f in enumerate(reading_order(audit), start=1):
        note = Note(number, f)
        d, r = finding_sides(audit, f, units.get(f.unit), words.get(f.unit))
        own.setdefault(f.unit, []).append((note, r))
        if d:
            der.append((d[0], d[1], note))
    der.sort(key=lambda m: m[0])
    longest = max((e - s for s, e, _ in der), default=0)
    marks = _Marks(der, [s for s, _, _ in der], longest, own)
    return [_view(audit, unit, words.get(unit.index), marks) for unit in audit.units]


@dataclass(frozen=True)
class _Marks:
    """The findings' ranges, found per unit without a scan of them all."""

    der: list[tuple[int, int, Note]]
    """Derivative ranges with their notes, sorted by start."""
    starts: list[int]
    longest: int
    own: dict[int, list[tuple[Note, Range | None]]]
    """Each unit's notes (reading order) with their reference ranges."""

    def derivative(self, base: int, length: int) -> list[tuple[int, int, Note]]:
        """The derivative ranges overlapping ``length`` characters from ``base``, relative."""
        first = bisect_left(self.starts, base - self.longest)
        last = bisect_left(self.starts, base + length)
        return [
            (s - base, e - base, note)
            for s, e, note in self.der[first:last]
            if s - base < length and e - base > 0
        ]


def _view(
    audit: DocumentAudit, unit: AlignedUnit, words: UnitWords | None, marks: _Marks
) -> UnitView:
    """One unit's row. A finding marks its derivative words wherever they lie (a span running on
    into the next unit is marked in both) and its reference words in its own unit."""
    ref_changes, der_changes = unit_changes(audit, unit, words)
    ref_text, ref_base = _text_and_base(audit.reference, unit.ref)
    der_text, der_base = _text_and_base(audit.derivative, unit.deriv)
    own = marks.own.get(unit.index, [])
    ref_marks = [
        (s, e, note) for note, r in own if r for s, e in _relative([r], ref_base, len(ref_text))
    ]
    der_marks = marks.derivative(der_base, len(der_text)) if der_text else []
    aligned = unit.status is UnitStatus.ALIGNED
    return UnitView(
        unit,
        pieces(ref_text, _relative(ref_changes, ref_base, len(ref_text)), ref_marks),
        pieces(der_text, _relative(der_changes, der_base, len(der_text)), der_marks),
        tuple(note for note, _ in own),
        bool(ref_changes or der_changes) or not aligned,
        tuple(unit_link_ids(audit.reference, audit.derivative, unit)) if aligned else (),
    )


def _text_and_base(segmented: Segmented, indices: tuple[int, ...]) -> tuple[str, int]:
    return segmented.text_of(indices), segmented.span(indices)[0]
