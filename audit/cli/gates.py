"""CI gates (``--fail-under``, ``--fail-on``): reasons to exit 1 when an audit finds worse.

Exit code 1 means "audited, and the result is below the bar"; input errors stay exit code 2.
"""

from __future__ import annotations

from audit.errors import ConfigError
from audit.records import BatchResult, DocumentAudit, Severity


def parse_severity(value: str | None) -> Severity | None:
    """``--fail-on`` value as a Severity (None stays None)."""
    if value is None:
        return None
    try:
        return Severity(value.strip().lower())
    except ValueError:
        raise ConfigError(
            f"--fail-on {value!r} is not a severity; use critical, major or minor"
        ) from None


def check_fail_under(value: float | None) -> float | None:
    """``--fail-under`` must be a fidelity figure, 0 to 100."""
    if value is not None and not 0 <= value <= 100:
        raise ConfigError(f"--fail-under {value} is out of range; give a fidelity from 0 to 100")
    return value


def gate_failures(
    batch: BatchResult, fail_under: float | None, fail_on: Severity | None
) -> list[str]:
    """One line per derivative that is below the fidelity bar or has findings that bad."""
    return [
        reason
        for result in batch.results
        for audit in result.audits
        for reason in audit_gate_reasons(audit, fail_under, fail_on)
    ]


def audit_gate_reasons(
    audit: DocumentAudit, fail_under: float | None, fail_on: Severity | None
) -> list[str]:
    """Why one derivative fails the gates: under the fidelity bar, findings that bad."""
    reasons = []
    name = audit.derivative.document.name
    fidelity = audit.summary.fidelity
    if fail_under is not None and fidelity < fail_under:
        reasons.append(f"{name}: fidelity {fidelity:.1f} is under --fail-under {fail_under:g}")
    if fail_on is not None:
        worse = [f for f in audit.findings if f.severity.rank >= fail_on.rank]
        if worse:
            reasons.append(
                f"{name}: {len(worse)} finding(s) at or above {fail_on.value} "
                f"(--fail-on {fail_on.value})"
            )
    return reasons
