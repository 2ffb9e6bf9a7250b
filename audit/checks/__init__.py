"""The check registry: adding a check is one module here and one line in ``CHECKS``."""

from __future__ import annotations

from collections.abc import Sequence

from audit.checks.addition import AdditionCheck
from audit.checks.base import Check, CheckContext
from audit.checks.garbled import GarbledCheck
from audit.checks.omission import OmissionCheck
from audit.errors import ConfigError
from audit.records import Finding, Severity

CHECKS: dict[str, type[Check]] = {
    "garbled": GarbledCheck,
    "omission": OmissionCheck,
    "addition": AdditionCheck,
}

__all__ = ["CHECKS", "Check", "CheckContext", "run_checks"]


def run_checks(ctx: CheckContext, names: Sequence[str] | None = None) -> tuple[Finding, ...]:
    """Run the enabled checks and apply severity overrides from the configuration."""
    overrides = _overrides(ctx.config.severity_overrides)
    disabled = set(ctx.config.disabled_checks)
    findings: list[Finding] = []
    for name in names or CHECKS:
        if name in disabled:
            continue
        for finding in CHECKS[name]().run(ctx):
            if name in overrides:
                finding = _with_severity(finding, overrides[name])
            findings.append(finding)
    findings.sort(key=lambda f: (f.start if f.start is not None else -1, f.unit, f.category.value))
    return tuple(findings)


def _overrides(raw: dict[str, str]) -> dict[str, Severity]:
    out = {}
    for name, value in raw.items():
        if name not in CHECKS:
            raise ConfigError(f"severity override for unknown check {name!r}; see `audit checks`")
        try:
            out[name] = Severity(value)
        except ValueError:
            raise ConfigError(
                f"severity {value!r} for check {name!r} is not critical, major or minor"
            ) from None
    return out


def _with_severity(finding: Finding, severity: Severity) -> Finding:
    from dataclasses import replace

    return replace(finding, severity=severity)
