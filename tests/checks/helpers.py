"""Build a CheckContext from handmade texts with an exact alignment (no model needed)."""

from __future__ import annotations

from collections.abc import Sequence

from audit.align.words import unit_words
from audit.checks import CheckContext, run_checks
from audit.records import AlignedUnit, Document, Finding, UnitScores
from audit.segment import segment
from audit.settings import AuditConfig

Pair = tuple[Sequence[int], Sequence[int]]


def context(
    reference: str,
    derivative: str,
    pairs: Sequence[Pair] | None = None,
    similarity: float = 0.9,
    config: AuditConfig | None = None,
) -> CheckContext:
    """A context whose units are ``pairs`` of (reference, derivative) sentence indices.

    Without ``pairs``, all reference sentences form one unit with all derivative sentences.
    Sentences left out of ``pairs`` become omission and addition units.
    """
    ref = segment(Document("ref.txt", reference))
    der = segment(Document("der.txt", derivative))
    if pairs is None:
        pairs = [(range(len(ref.sentences)), range(len(der.sentences)))]
    units = []
    for r, d in pairs:
        units.append((tuple(r), tuple(d), similarity))
    used_r = {i for r, _ in pairs for i in r}
    used_d = {i for _, d in pairs for i in d}
    units += [((), (i,), None) for i in range(len(der.sentences)) if i not in used_d]
    units += [((j,), (), None) for j in range(len(ref.sentences)) if j not in used_r]
    aligned = tuple(AlignedUnit(k, r, d, s) for k, (r, d, s) in enumerate(units))
    scores = tuple(UnitScores(similarity=u.similarity) for u in aligned)
    words = unit_words(ref, der, aligned)
    return CheckContext(ref, der, aligned, scores, config or AuditConfig(), words)


def findings(
    name: str | None, reference: str, derivative: str, **kwargs: object
) -> tuple[Finding, ...]:
    """Findings of one check (``None``: every check) on handmade texts."""
    ctx = context(reference, derivative, **kwargs)  # type: ignore[arg-type]
    return run_checks(ctx, [name] if name else None)


def spans(found: Sequence[Finding], category: str | None = None) -> list[str]:
    """The derivative spans of the findings (of one category) that have one."""
    return [
        f.span
        for f in found
        if f.start is not None and (category is None or f.category.value == category)
    ]
