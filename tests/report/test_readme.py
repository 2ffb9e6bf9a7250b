"""The README says what the reports show: the seed verdicts and the severity policy.

If a change moves a seed's figures, the failure prints the README rows to paste.
"""

from __future__ import annotations

import re
from pathlib import Path

from audit.records import AuditResult, DocumentAudit, Severity
from audit.report.verdict import read_summary

README = Path(__file__).resolve().parents[2] / "README.md"
WHAT = {
    "001": "machine translation and back",
    "002": "another outlet's version, translated back",
    "003": "a rewrite with its own framing",
    "004": "a rewrite quoting more of the speech",
}


def section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


def seed_row(audit: DocumentAudit) -> str:
    """The README row of one seed derivative, from its audit."""
    name = audit.derivative.document.name
    s, reading = audit.summary, read_summary(audit.summary)
    figures = f"{s.fidelity:.1f} | {s.coverage:.2f} | {s.critical} / {s.major} / {s.minor}"
    verdict = f"**{reading.verdict.value}** | {reading.reason}"
    return f"| `{name}` | {WHAT[name[:3]]} | {figures} | {verdict} |"


def test_the_seed_verdicts_in_the_readme_are_what_the_reports_show(
    seed_result: AuditResult,
) -> None:
    rows = [
        line for line in section("Verdict and fidelity").splitlines() if line.startswith("| `0")
    ]
    expected = [seed_row(a) for a in seed_result.audits]
    assert rows == expected, "paste into README.md:\n" + "\n".join(expected)


def policy() -> dict[str, set[Severity]]:
    """Check -> the severities the README's severity policy gives it (rows: severity, when,
    checks)."""
    allowed: dict[str, set[Severity]] = {}
    for line in section("Severity policy").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].strip("`") in {s.value for s in Severity}:
            for check in re.findall(r"`(\w+)`", cells[2]):
                allowed.setdefault(check, set()).add(Severity(cells[0].strip("`")))
    return allowed


def test_every_seed_finding_has_a_severity_the_policy_allows(seed_result: AuditResult) -> None:
    allowed = policy()
    assert set(allowed) >= {f.check for a in seed_result.audits for f in a.findings}
    wrong = [
        f"{f.document} {f.check} {f.severity.value}: {f.span[:40]!r}"
        for a in seed_result.audits
        for f in a.findings
        if f.severity not in allowed[f.check]
    ]
    assert wrong == []
