"""Gaps: unlinked sentences that local order pairs up although their match is loose.

After decoding and growing, a run of unlinked derivative sentences may sit exactly where a run
of unlinked reference sentences sits: the sentences before both runs are in one unit (or both
runs start their documents) and so are the sentences after them (or both runs end them). When
the two runs are equally long, the writer most likely rendered each reference sentence by the
derivative sentence in its place, loosely (a headline recast, a short paraphrase); each such
pair is linked when its cosine is at least ``gap_min_cosine``, else both stay unlinked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

Span = tuple[Sequence[int], Sequence[int]]
"""The reference and the derivative sentences of one unit."""


def gap_pairs(
    units: Sequence[Span],
    n_ref: int,
    n_der: int,
    cosine: Callable[[int, int], float],
    min_cosine: float,
) -> list[tuple[int, int]]:
    """(reference, derivative) sentence pairs to link in the gaps between ``units``."""
    unit_of = {i: k for k, (_, deriv) in enumerate(units) for i in deriv}
    linked_ref = {j for ref, _ in units for j in ref}
    pairs = []
    i = 0
    while i < n_der:
        if i in unit_of:
            i += 1
            continue
        end = i
        while end < n_der and end not in unit_of:
            end += 1
        refs = _reference_gap(units, unit_of, i, end, n_ref, linked_ref)
        if refs is not None and len(refs) == end - i:
            pairs += [
                (j, d)
                for j, d in zip(refs, range(i, end), strict=True)
                if cosine(j, d) >= min_cosine
            ]
        i = end
    return pairs


def _reference_gap(
    units: Sequence[Span],
    unit_of: dict[int, int],
    start: int,
    end: int,
    n_ref: int,
    linked_ref: set[int],
) -> list[int] | None:
    """The reference sentences between the units around derivative sentences start..end-1, if
    those units follow each other in reference order and every sentence between is unlinked."""
    before = max(units[unit_of[start - 1]][0]) if start > 0 else -1
    after = min(units[unit_of[end]][0]) if end in unit_of else n_ref
    refs = list(range(before + 1, after))
    if after <= before or any(j in linked_ref for j in refs):
        return None
    return refs
