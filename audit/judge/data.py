"""The judge's training data: aligned units of expert-annotated MT, and planted changes.

An ``Example`` is what the judge reads at audit time, one aligned unit (reference sentences and
derivative sentences), with what is known of it: whether it carries a Major error, its MQM
penalty, whether it states the opposite, and which characters of either side are in error.
MQM rows (``audit.bench.mqm.read_mqm``) are segmented, embedded and aligned with the audit's
own stages, so that a paragraph becomes the units an audit would judge; an expert span labels
the unit it falls in. Planted changes (``audit.judge.perturb``) of clean units add the classes
experts rarely mark and faithful rewordings. Used by ``benchmarks/train_judge.py`` only.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from audit.align import align_pair
from audit.bench.mqm import MqmRow
from audit.embed import Encoder, embed_all
from audit.judge.perturb import EDITS, KEEPS, OPPOSES, Change, Lexicon
from audit.records import Document, Segmented
from audit.segment import segment
from audit.settings import AuditConfig

Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Example:
    """One unit to learn from; ``None`` marks what is not known of it."""

    group: str
    """The document it comes from (cross-validation folds never split a document)."""
    row: str
    """The MQM row (or base unit) it comes from: row figures take its units' worst."""
    origin: str
    """"mqm", or the planted class ("negation", "reword", ...)."""
    reference: str
    derivative: str
    major: float | None
    """1 when the unit carries a Major error, 0 when it carries none."""
    penalty: float | None
    """The unit's MQM penalty points (Major 5, Minor 1, averaged over raters)."""
    opposite: float | None
    """1 when the derivative states the opposite of the reference."""
    errors: Spans = ()
    """Derivative characters in error (Major spans, planted changes)."""
    unsure: Spans = ()
    """Derivative characters with no word label (Minor spans)."""
    lost: Spans | None = None
    """Reference characters whose meaning the derivative lost (None: not known)."""


def mqm_examples(
    rows: Sequence[MqmRow], group: str, encoder: Encoder, config: AuditConfig
) -> list[Example]:
    """The aligned units of every row, labelled from the raters' target-side spans."""
    docs = [_segmented(f"r{k}", r.reference) for k, r in enumerate(rows)]
    targets = [_segmented(f"t{k}", r.target) for k, r in enumerate(rows)]
    vectors = embed_all(encoder, [d for pair in zip(docs, targets, strict=True) for d in pair])
    out: list[Example] = []
    for k, row in enumerate(rows):
        units = align_pair(docs[k], targets[k], vectors[2 * k], vectors[2 * k + 1], config)
        out.extend(_row_units(row, group, docs[k], targets[k], units))
    return out


def _segmented(name: str, text: str) -> Segmented:
    return segment(Document(name=name, text=text))


def _row_units(
    row: MqmRow, group: str, ref: Segmented, target: Segmented, units: Sequence
) -> Iterator[Example]:
    located = [s for s in row.spans if s.start is not None and s.end is not None]
    raters = max(1, round(_points(row.spans) / row.mqm_score)) if row.mqm_score else 1
    hidden = row.n_major > sum(s.major for s in located)
    """A Major error the raters marked on the source side only: no unit can be cleared."""
    for unit in units:
        if not unit.ref or not unit.deriv:
            continue
        start, end = target.span(unit.deriv)
        inside = [s for s in located if _overlaps(s, start, end)]
        major = any(s.major for s in inside)
        if hidden and not major:
            continue
        yield Example(
            group=f"{group}:{row.doc_id}",
            row=f"{group}:{row.name}",
            origin="mqm",
            reference=ref.text_of(unit.ref),
            derivative=target.text_of(unit.deriv),
            major=float(major),
            penalty=_points(inside) / raters,
            opposite=None,
            errors=_shift([s for s in inside if s.major], start, end),
            unsure=_shift([s for s in inside if not s.major], start, end),
        )


def _overlaps(span: Any, start: int, end: int) -> bool:
    """Whether a located MQM span overlaps ``[start, end)``."""
    return bool(span.start < end and span.end > start)


def _points(spans: Sequence) -> float:
    return sum(5.0 if s.major else 1.0 for s in spans)


def _shift(spans: Sequence, start: int, end: int) -> Spans:
    """Spans clipped to ``[start, end)`` and made relative to ``start``."""
    return tuple((max(s.start, start) - start, min(s.end, end) - start) for s in spans)


def planted_examples(
    bases: Sequence[Example], lexicon: Lexicon, seed: int, per_base: int = 1
) -> list[Example]:
    """Planted changes of clean units (``major`` 0 and no error spans): ``per_base`` changes
    of each, of classes drawn in turn so that every class is made about as often."""
    rng = random.Random(seed)
    kinds = list(EDITS)
    out: list[Example] = []
    turn = 0
    for base in bases:
        for _ in range(per_base):
            for attempt in range(len(kinds)):
                kind = kinds[(turn + attempt) % len(kinds)]
                change = EDITS[kind](base.derivative, lexicon, rng)
                if change is not None and change.text != base.derivative:
                    out.append(_planted(base, change))
                    turn = (turn + attempt + 1) % len(kinds)
                    break
    return out


def _planted(base: Example, change: Change) -> Example:
    keeps = change.kind in KEEPS
    return Example(
        group=base.group,
        row=f"{base.row}:{change.kind}",
        origin=change.kind,
        reference=base.reference,
        derivative=change.text,
        major=0.0 if keeps else 1.0,
        penalty=0.0 if keeps else 5.0,
        opposite=float(change.kind in OPPOSES),
        errors=() if keeps else tuple(s for s in change.spans if s[1] > s[0]),
        lost=_lost(base, change),
    )


def _lost(base: Example, change: Change) -> Spans | None:
    """The reference characters of a dropped word: known when the base is the reference
    itself, or the dropped text occurs once in the reference."""
    if change.kind in KEEPS:
        return ()
    if not change.lost:
        return () if base.reference == base.derivative else None
    if base.reference == base.derivative:
        return change.lost
    out = []
    for start, end in change.lost:
        word = base.derivative[start:end].strip()
        at = base.reference.find(word)
        if not word or at < 0 or base.reference.find(word, at + 1) >= 0:
            return None
        out.append((at, at + len(word)))
    return tuple(out)
