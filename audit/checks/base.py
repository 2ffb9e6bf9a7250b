"""The check interface: one small class per family of findings, registered in ``CHECKS``."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from audit.config import AuditConfig
from audit.records import AlignedUnit, Category, Finding, Segmented, Severity, UnitScores


@dataclass(frozen=True)
class CheckContext:
    """What every check may look at: both documents, the alignment and the unit scores."""

    reference: Segmented
    derivative: Segmented
    units: tuple[AlignedUnit, ...]
    scores: tuple[UnitScores, ...]
    config: AuditConfig

    def finding(
        self,
        check: Check,
        unit: AlignedUnit,
        start: int | None,
        end: int | None,
        explanation: str,
        severity: Severity | None = None,
        evidence: tuple[tuple[str, str], ...] = (),
    ) -> Finding:
        """A Finding for a span of the derivative (start/end None for omissions) in a unit."""
        deriv_text = self.derivative.text_of(unit.deriv)
        ref_text = self.reference.text_of(unit.ref)
        ref_start, ref_end = self.reference.span(unit.ref) if unit.ref else (None, None)
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


class Check(ABC):
    """A family of findings. Subclasses set the class constants and implement ``run``."""

    name: ClassVar[str]
    category: ClassVar[Category]
    description: ClassVar[str]
    default_severity: ClassVar[Severity] = Severity.MAJOR

    @abstractmethod
    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield the findings of this family for one derivative."""
