"""`audit checks` (a table with a header, or JSON) and `--help` that shows flags as flags."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from audit.checks import CHECKS
from audit.cli import app

runner = CliRunner()


def test_checks_prints_a_table_with_a_header() -> None:
    done = runner.invoke(app, ["checks"])
    assert done.exit_code == 0, done.output
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["check", "category", "severity", "pairs", "finds"]
    assert lines[1].split()[3] == "any" and lines[3].split()[3] == "same_language"
    assert [line.split()[0] for line in lines[1:]] == list(CHECKS)
    start = lines[0].index("finds")
    assert all(line[start - 2 : start] == "  " for line in lines[1:])  # one column of text


def test_checks_as_json() -> None:
    done = runner.invoke(app, ["checks", "--format", "json"])
    assert done.exit_code == 0, done.output
    rows = json.loads(done.stdout)
    assert [r["check"] for r in rows] == list(CHECKS)
    assert rows[0].keys() == {"check", "category", "severity", "pairs", "finds"}
    assert {r["check"]: r["pairs"] for r in rows}["mistranslation"] == "english"
    assert {r["severity"] for r in rows} <= {"critical", "major", "minor"}


def test_checks_refuses_an_unknown_format() -> None:
    done = runner.invoke(app, ["checks", "--format", "xml"])
    assert done.exit_code == 2
    assert done.stderr == "Error: --format 'xml': audit checks prints table or json\n"


@pytest.mark.parametrize("command", [["run"], ["batch"], ["checks"], ["models", "remove"]])
def test_help_shows_flags_without_a_value(command: list[str]) -> None:
    done = runner.invoke(app, [*command, "--help"])
    assert done.exit_code == 0, done.output
    assert "<bool>" not in done.stdout
    assert "  --help  " in done.stdout or "  --help " in done.stdout
