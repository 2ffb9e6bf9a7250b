"""The registry, severity overrides, disabled checks and `audit checks`."""

from __future__ import annotations

import inspect
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audit.checks import CHECKS, run_checks
from audit.cli import app
from audit.errors import ConfigError
from audit.records import Category
from audit.settings import AuditConfig
from checks.helpers import context, findings

CHOI = ("Speaking at the Chey Institute in Seoul.", "Speaking at the Choi Institute in Seoul.")


def test_every_category_has_a_check():
    assert {c.category for c in CHECKS.values()} == set(Category)
    assert all(name == check.name for name, check in CHECKS.items())


def test_audit_checks_lists_every_check_with_its_description():
    result = CliRunner().invoke(app, ["checks"])
    assert result.exit_code == 0
    header, *lines = result.output.splitlines()
    assert header.split() == ["check", "category", "severity", "pairs", "finds"]
    assert len(lines) == len(CHECKS)
    for line, (name, check) in zip(lines, CHECKS.items(), strict=True):
        assert line.split()[0] == name
        assert line.endswith(check.description)


@pytest.mark.parametrize("severity", ["critical", "minor"])
def test_severity_override(severity):
    config = AuditConfig(severity_overrides={"name": severity})
    found = findings("name", *CHOI, config=config)
    assert [f.severity.value for f in found] == [severity]


def test_disabled_check_reports_nothing():
    assert not findings(None, *CHOI, config=AuditConfig(disabled_checks=("name",)))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        pytest.param(
            {"nam": "minor"},
            "severity override for unknown check 'nam'; see `audit checks`",
            id="unknown",
        ),
        pytest.param(
            {"name": "high"},
            "severity 'high' for check 'name' is not critical, major or minor",
            id="bad-level",
        ),
    ],
)
def test_bad_overrides_are_config_errors(overrides, message):
    with pytest.raises(ConfigError) as caught:
        findings("name", *CHOI, config=AuditConfig(severity_overrides=overrides))
    assert str(caught.value) == message


README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.mark.parametrize("name", list(CHECKS))
def test_every_check_has_a_readme_row_a_module_and_a_test_table(name: str) -> None:
    """Adding a check is one file, one registry line, one test table and one README row."""
    check = CHECKS[name]
    rows = [
        line for line in README.read_text(encoding="utf-8").splitlines() if line.startswith("|")
    ]
    assert any(line.startswith(f"| `{name}` |") for line in rows), f"README has no row for {name}"
    module = Path(inspect.getfile(check))
    assert module.parent.name == "checks" and module.parent.parent.name == "audit"
    tables = [path.stem for path in Path(__file__).parent.glob("test_*.py")]
    assert any(module.stem in table for table in tables), f"no tests/checks/test_{module.stem}.py"


def test_a_context_built_without_word_maps_computes_them():
    """API users may build a CheckContext without the pipeline's word stage: the word checks
    still run (the maps are computed once, on first use)."""
    ctx = context("Mr Stoltenberg noted it.", "Mr Stoltenburg noted it.")
    bare = replace(ctx, words=())
    assert [f.span for f in run_checks(bare, ["name"])] == ["Stoltenburg"]


def test_which_checks_run_on_which_pairs():
    """A check's scope decides; the reasons are what every report prints."""
    from audit.checks import check_statuses
    from audit.records import PairLanguages
    from audit.settings import Settings

    english = check_statuses(Settings(), PairLanguages("en", "en"))
    assert all(s.ran for s in english) and [s.check for s in english] == list(CHECKS)
    german = {s.check: s for s in check_statuses(Settings(), PairLanguages("de", "de"))}
    assert [c for c, s in german.items() if not s.ran] == ["mistranslation", "meaning"]
    assert german["mistranslation"].reason == "reads English only, and this pair is de"
    disabled = check_statuses(Settings(disabled_checks=("quote",)), PairLanguages("en", "de"))
    reasons = {s.check: s.reason for s in disabled if not s.ran}
    assert reasons["quote"] == "disabled in the settings" and "mistranslation" in reasons
