"""The check registry: adding a check is one module here and one line in ``CHECKS``."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from audit.checks.addition import AdditionCheck
from audit.checks.base import Check, CheckContext, Scope
from audit.checks.boilerplate import BoilerplateCheck
from audit.checks.duplicate import DuplicateCheck
from audit.checks.garbled import GarbledCheck
from audit.checks.judged import settle
from audit.checks.meaning import MeaningCheck
from audit.checks.mistranslation import MistranslationCheck
from audit.checks.name import NameCheck
from audit.checks.number import NumberCheck
from audit.checks.omission import OmissionCheck
from audit.checks.quote import QuoteCheck
from audit.checks.untranslated import UntranslatedCheck
from audit.errors import ConfigError
from audit.records import CheckStatus, Finding, PairLanguages, Severity
from audit.settings import Settings

CHECKS: dict[str, type[Check]] = {
    "name": NameCheck,
    "number": NumberCheck,
    "quote": QuoteCheck,
    "mistranslation": MistranslationCheck,
    "garbled": GarbledCheck,
    "duplicate": DuplicateCheck,
    "untranslated": UntranslatedCheck,
    "omission": OmissionCheck,
    "addition": AdditionCheck,
    "boilerplate": BoilerplateCheck,
    "meaning": MeaningCheck,
}

__all__ = ["CHECKS", "Check", "CheckContext", "Scope", "check_statuses", "run_checks"]

DISABLED = "disabled in the settings"


def check_statuses(config: Settings, languages: PairLanguages) -> tuple[CheckStatus, ...]:
    """Each registered check, in registry order: whether it runs on a pair of these languages
    with these settings, and why not."""
    out = []
    for name, check in CHECKS.items():
        reason = DISABLED if name in config.disabled_checks else check.scope.skip_reason(languages)
        out.append(CheckStatus(name, not reason, reason))
    return tuple(out)


def run_checks(ctx: CheckContext, names: Sequence[str] | None = None) -> tuple[Finding, ...]:
    """Run the enabled checks that can read the pair (``Check.scope``), settle severities with
    the meaning judge (``audit.checks.judged``), then apply the configuration's severity
    overrides."""
    overrides = _overrides(ctx.config.severity_overrides)
    disabled = set(ctx.config.disabled_checks)
    findings: list[Finding] = []
    for name in names or CHECKS:
        if name not in disabled and not CHECKS[name].scope.skip_reason(ctx.languages):
            findings.extend(CHECKS[name]().run(ctx))
    findings = settle(findings, ctx)
    findings = [
        _with_severity(f, overrides[f.check]) if f.check in overrides else f for f in findings
    ]
    findings = _without_doubles(findings)
    findings.sort(key=lambda f: (f.start if f.start is not None else -1, f.unit, f.category.value))
    return tuple(findings)


def _covered(finding: Finding, other: Finding) -> bool:
    """Whether ``other``'s span covers at least half of ``finding``'s span."""
    if finding.start is None or finding.end is None or other.start is None or other.end is None:
        return False
    shared = min(finding.end, other.end) - max(finding.start, other.start)
    return shared > 0 and shared * 2 >= max(1, finding.end - finding.start)


def _without_doubles(findings: list[Finding]) -> list[Finding]:
    """Drop findings a better-placed one explains: a check's ``yields_to`` categories, and the
    weaker of two overlapping findings of the same check (the first wins a tie).

    Only findings whose spans overlap are compared (an index sorted by start), so the cost stays
    near-linear even for thousands of findings in one document.
    """
    ranked = sorted(findings, key=lambda f: -f.severity.rank)
    spans = sorted(
        (f.start, f.end, k)
        for k, f in enumerate(ranked)
        if f.start is not None and f.end is not None
    )
    starts = [start for start, _, _ in spans]
    longest = max((end - start for start, end, _ in spans), default=0)
    kept = [False] * len(ranked)
    for k in range(len(ranked)):
        kept[k] = not _explained(k, ranked, kept, spans, starts, longest)
    return [f for k, f in enumerate(ranked) if kept[k]]


def _explained(
    k: int,
    ranked: list[Finding],
    kept: list[bool],
    spans: list[tuple[int, int, int]],
    starts: list[int],
    longest: int,
) -> bool:
    """Whether an overlapping finding (kept before, or of a category this one yields to)
    explains ranked[k]."""
    finding = ranked[k]
    if finding.start is None or finding.end is None:
        return False
    yields = CHECKS[finding.check].yields_to if finding.check in CHECKS else ()
    lo = bisect_left(starts, finding.start - longest)
    hi = bisect_left(starts, finding.end)
    for _, _, j in spans[lo:hi]:
        other = ranked[j]
        if j == k or not (kept[j] or other.category in yields):
            continue
        if (other.category in yields or other.check == finding.check) and _covered(finding, other):
            return True
    return False


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
