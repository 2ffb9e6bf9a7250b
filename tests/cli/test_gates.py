"""CI gates: which derivatives fail --fail-under and --fail-on."""

from __future__ import annotations

import pytest

from audit.cli.gates import check_fail_under, gate_failures, parse_severity
from audit.errors import ConfigError
from audit.records import BatchResult, Severity


def test_fail_on_major_names_every_seed_with_major_findings(seed_result) -> None:
    reasons = gate_failures(BatchResult((seed_result,)), None, Severity.MAJOR)
    expected = [
        f"{a.derivative.document.name}: {a.summary.major + a.summary.critical} finding(s) at or "
        "above major (--fail-on major)"
        for a in seed_result.audits
        if a.summary.major + a.summary.critical
    ]
    assert reasons == expected
    assert len(reasons) == 4


def test_fail_under_compares_fidelity(seed_result) -> None:
    batch = BatchResult((seed_result,))
    worst = min(a.summary.fidelity for a in seed_result.audits)
    assert gate_failures(batch, worst, None) == []
    assert len(gate_failures(batch, 100, None)) == len(seed_result.audits)
    assert gate_failures(batch, None, None) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("major", Severity.MAJOR, id="major"),
        pytest.param(" Critical ", Severity.CRITICAL, id="case-and-space"),
        pytest.param(None, None, id="none"),
    ],
)
def test_parse_severity(value: str | None, expected: Severity | None) -> None:
    assert parse_severity(value) is expected


def test_bad_gate_values_say_what_to_use() -> None:
    with pytest.raises(ConfigError) as err:
        parse_severity("severe")
    assert str(err.value) == "--fail-on 'severe' is not a severity; use critical, major or minor"
    with pytest.raises(ConfigError) as err:
        check_fail_under(120)
    assert str(err.value) == "--fail-under 120 is out of range; give a fidelity from 0 to 100"
