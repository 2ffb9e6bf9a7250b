"""The check interface: one small class per family of findings, registered in ``CHECKS``.

Each check says which pairs of documents it can read (``Check.scope``): any pair, including a
translation against its original (``Scope.ANY``: marks, figures, names, the alignment itself);
two documents in one language (``Scope.SAME_LANGUAGE``: it compares their words); or two English
documents (``Scope.ENGLISH``: English word lists or models). ``Scope.skip_reason`` says why a
check does not run on a pair, and every report says which checks ran (``CheckStatus``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar

from audit.align.words import WordMap, unit_words
from audit.checks.words import overlap
from audit.records import (
    AlignedUnit,
    Category,
    Finding,
    JudgeLevels,
    PairLanguages,
    Segmented,
    Severity,
    UnitJudgement,
    UnitScores,
)
from audit.settings import AuditConfig
from audit.words import Token, tokens


@dataclass(frozen=True)
class CheckContext:
    """What every check may look at: both documents, the alignment and the unit scores."""

    reference: Segmented
    derivative: Segmented
    units: tuple[AlignedUnit, ...]
    scores: tuple[UnitScores, ...]
    config: AuditConfig
    words: tuple[WordMap | None, ...] = ()
    """The word map of each unit, in unit order (``audit.align.words.unit_words``)."""
    languages: PairLanguages = field(default_factory=PairLanguages)
    """The two documents' languages: ``languages.cross`` for a translation."""
    judgements: tuple[UnitJudgement, ...] = ()
    """The meaning judge's reading of the aligned units (``audit.judge``; none without it)."""
    judge_levels: JudgeLevels = field(default_factory=JudgeLevels)
    """The judge's calibrated probability levels (accept, minor, major)."""
    _cache: dict[str, Any] = field(default_factory=dict, init=False, compare=False, repr=False)
    """Memos of this context (a copy made with ``dataclasses.replace`` starts its own)."""

    @property
    def cross(self) -> bool:
        """Whether the derivative is a translation of the reference (another language)."""
        return self.languages.cross

    def finding(
        self,
        check: Check,
        unit: AlignedUnit,
        start: int | None,
        end: int | None,
        explanation: str,
        severity: Severity | None = None,
        evidence: tuple[tuple[str, str], ...] = (),
        ref_span: tuple[int, int] | None = None,
    ) -> Finding:
        """A Finding for a span of the derivative (start/end None for omissions) in a unit.

        ``ref_span`` narrows the reference passage to part of the unit (a dropped clause).
        """
        deriv_text = self.derivative.text_of(unit.deriv)
        ref_start, ref_end = self.reference.span(unit.ref) if unit.ref else (None, None)
        if ref_span is not None:
            ref_start, ref_end = ref_span
        ref_text = self.reference.document.text[ref_start:ref_end] if unit.ref else ""
        text = self.derivative.document.text
        has_span = start is not None and end is not None
        return Finding(
            document=self.derivative.document.name,
            unit=unit.index,
            category=check.category,
            severity=severity or check.default_severity,
            check=check.name,
            start=start,
            end=end,
            span=text[start:end] if has_span else ref_text,
            line=self.derivative.document.line_of(start) if start is not None else None,
            explanation=explanation,
            derivative_text=deriv_text,
            reference_text=ref_text,
            ref_start=ref_start,
            ref_end=ref_end,
            evidence=evidence,
        )

    def ref_tokens(self, unit: AlignedUnit) -> list[Token]:
        """The words of the unit's reference side, offsets into the reference text."""
        if not unit.ref:
            return []
        return _between(self.reference_tokens(), *self.reference.span(unit.ref))

    def deriv_tokens(self, unit: AlignedUnit) -> list[Token]:
        """The words of the unit's derivative side, offsets into the derivative text."""
        if not unit.deriv:
            return []
        return _between(self.derivative_tokens(), *self.derivative.span(unit.deriv))

    def reference_tokens(self) -> tuple[Token, ...]:
        """Every word of the reference, offsets into the reference text (computed once)."""
        return self._memo("reference_tokens", lambda: tokens(self.reference.document.text))

    def derivative_tokens(self) -> tuple[Token, ...]:
        """Every word of the derivative, offsets into the derivative text (computed once)."""
        return self._memo("derivative_tokens", lambda: tokens(self.derivative.document.text))

    def _memo(self, key: str, make: Callable[[], Any]) -> Any:
        """Per-context cache of derived values (the context is frozen; this is not state)."""
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def word_map(self, unit: AlignedUnit) -> WordMap | None:
        """The word alignment of an aligned unit (None for additions and omissions); computed
        here once when the context was built without the pipeline's word-alignment stage."""
        maps = self.words or self._memo(
            "words", lambda: unit_words(self.reference, self.derivative, self.units)
        )
        return maps[unit.index] if unit.index < len(maps) else None

    def mapped_units(self) -> Iterator[tuple[AlignedUnit, WordMap]]:
        """Every aligned unit with its word map, whatever its cosine."""
        for unit in self.units:
            found = self.word_map(unit)
            if found is not None:
                yield unit, found

    def close_units(self) -> list[AlignedUnit]:
        """Aligned units whose words mostly render the reference's (not loose rewrites),
        whatever their cosine: the units whose clauses are compared."""
        return list(self._memo("close_units", self._close_units))

    def _close_units(self) -> list[AlignedUnit]:
        out = []
        for unit in self.units:
            if not unit.ref or not unit.deriv:
                continue
            if (
                overlap(self.ref_tokens(unit), self.deriv_tokens(unit))
                < self.config.checks.close_overlap
            ):
                continue
            out.append(unit)
        return out

    def judgement(self, unit: int) -> UnitJudgement | None:
        """The judge's reading of a unit (None: not judged)."""
        found = self._memo("judgements", lambda: {j.unit: j for j in self.judgements})
        return found.get(unit)

    def unit_of(self, sentence: int) -> AlignedUnit:
        """The unit holding a derivative sentence (an index made once per context)."""
        owner = self._memo("unit_of", lambda: {k: u for u in self.units for k in u.deriv})
        return owner[sentence]


def _between(words: tuple[Token, ...], start: int, end: int) -> list[Token]:
    """The words (ordered by offset) that start in ``[start, end)``, found by bisection."""
    first = bisect_left(words, start, key=lambda t: t.start)
    last = bisect_left(words, end, lo=first, key=lambda t: t.start)
    return list(words[first:last])


class Scope(StrEnum):
    """Which pairs of documents a check can read."""

    ANY = "any"
    """Any pair, a translation too: it reads marks, figures, names or the alignment."""
    SAME_LANGUAGE = "same language"
    """Two documents in one language: it compares their words."""
    ENGLISH = "English"
    """Two English documents: it reads English words (word lists, a model trained on English)."""

    def skip_reason(self, languages: PairLanguages) -> str:
        """Why a check of this scope does not run on a pair ("" when it runs)."""
        if self is Scope.SAME_LANGUAGE and languages.cross:
            return (
                f"compares the words of one language, and this is a translation ({languages.label})"
            )
        english = languages.reference in ("en", "") and languages.derivative in ("en", "")
        if self is Scope.ENGLISH and not english:
            return f"reads English only, and this pair is {languages.label}"
        return ""


class Check(ABC):
    """A family of findings. Subclasses set the class constants and implement ``run``."""

    name: ClassVar[str]
    category: ClassVar[Category]
    description: ClassVar[str]
    scope: ClassVar[Scope] = Scope.SAME_LANGUAGE
    """Which pairs it reads (``Scope``); checks that also read translations say ``ANY``."""
    default_severity: ClassVar[Severity] = Severity.MAJOR
    yields_to: ClassVar[tuple[Category, ...]] = ()
    """Categories that explain a span better: a finding of this check overlapping one of
    theirs by at least half of its own span is dropped (no double reporting)."""

    @abstractmethod
    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield the findings of this family for one derivative."""
