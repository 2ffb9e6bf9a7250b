"""The verdict: how to read one derivative's findings and figures, in the words an editor uses.

The fidelity formula stays what it is (README "Fidelity"); the verdict says what to do with the
derivative. The rules are checked in order and the first that holds decides:

- ``unreliable``: a critical finding, less than half of the reference carried (coverage under
  0.5), or fidelity under 5 (what a quarter of the MQM segments with a major error score, and few
  error-free ones: docs/fidelity.md): do not publish or cite it as a version of the reference;
- ``major issues``: a major finding, or a tenth of the reference missing (coverage under 0.9):
  an editor must correct it;
- ``minor issues``: a minor finding, or coverage under 0.98: readable as it is, worth a look;
- ``faithful``: none of these.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from audit.records import DocumentSummary


class Verdict(StrEnum):
    """The reading of a derivative, from best to worst."""

    FAITHFUL = "faithful"
    MINOR = "minor issues"
    MAJOR = "major issues"
    UNRELIABLE = "unreliable"


@dataclass(frozen=True)
class VerdictRules:
    """The thresholds of the verdict (README "Verdict")."""

    unreliable_coverage: float = 0.5
    unreliable_fidelity: float = 5.0
    major_coverage: float = 0.9
    minor_coverage: float = 0.98


RULES = VerdictRules()
"""The rules in force (README "Verdict")."""


@dataclass(frozen=True)
class Reading:
    """A verdict and the reason for it, for a tooltip or a report line."""

    verdict: Verdict
    reason: str


def read_summary(summary: DocumentSummary, rules: VerdictRules = RULES) -> Reading:
    """The verdict of one derivative and the first rule that decided it."""
    s, r = summary, rules
    coverage = f"coverage {s.coverage:.2f} under "
    checks = (
        (Verdict.UNRELIABLE, s.critical > 0, f"{s.critical} critical finding(s)"),
        (
            Verdict.UNRELIABLE,
            s.coverage < r.unreliable_coverage,
            f"{coverage}{r.unreliable_coverage}",
        ),
        (
            Verdict.UNRELIABLE,
            s.fidelity < r.unreliable_fidelity,
            f"fidelity {s.fidelity:.1f} under {r.unreliable_fidelity:g}",
        ),
        (Verdict.MAJOR, s.major > 0, f"{s.major} major finding(s)"),
        (Verdict.MAJOR, s.coverage < r.major_coverage, f"{coverage}{r.major_coverage}"),
        (Verdict.MINOR, s.minor > 0, f"{s.minor} minor finding(s)"),
        (Verdict.MINOR, s.coverage < r.minor_coverage, f"{coverage}{r.minor_coverage}"),
    )
    for verdict, holds, reason in checks:
        if holds:
            return Reading(verdict, reason)
    return Reading(Verdict.FAITHFUL, f"no finding, coverage {s.coverage:.2f}")


def verdict_of(summary: DocumentSummary) -> Verdict:
    """The verdict of one derivative."""
    return read_summary(summary).verdict
