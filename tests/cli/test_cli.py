"""The command line through typer's CliRunner: exact messages, exit codes, stdout vs stderr."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import click
import pytest
import typer
from typer.testing import CliRunner

import audit.pipeline
from audit.cli import app
from audit.records import AuditResult
from audit.report.verdict import verdict_of

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
REFERENCE = SEEDS / "000_f9f4761fe1795f31.txt"
DERIVATIVES = sorted(SEEDS.glob("00[1-9]_*.txt"))
runner = CliRunner()
D001 = DERIVATIVES[0]


@pytest.fixture(autouse=True)
def shared_encoder(monkeypatch: pytest.MonkeyPatch, encoder) -> None:
    """Every CLI run uses the session's real model instead of loading it again."""
    monkeypatch.setattr(audit.pipeline, "create_encoder", lambda *a, **k: encoder)


def invoke(*args: str | Path, env: dict[str, str] | None = None):
    return runner.invoke(app, [str(a) for a in args], env=env)


def summary_line(result: AuditResult, name: str) -> str:
    s = next(a.summary for a in result.audits if a.derivative.document.name == name)
    return (
        f"{name}: {verdict_of(s).value}; fidelity {s.fidelity:.1f}, coverage {s.coverage:.2f}, "
        f"{s.critical} critical, {s.major} major, {s.minor} minor"
    )


def test_run_writes_every_format(tmp_path: Path, seed_result: AuditResult) -> None:
    done = invoke("run", REFERENCE, D001, "-o", tmp_path, "-f", "csv,xlsx,html,json", "--quiet")
    assert done.exit_code == 0, done.output
    assert done.stdout.splitlines()[0] == summary_line(seed_result, D001.name)
    names = ["findings.csv", "alignment.csv", "summary.csv", "audit.xlsx", "audit.html"]
    names.append("audit.json")
    assert done.stdout.splitlines()[-1] == "Reports: " + ", ".join(str(tmp_path / n) for n in names)
    assert done.stderr == ""


def test_fail_on_major_exits_1_on_the_seeds(tmp_path: Path, seed_result: AuditResult) -> None:
    done = invoke("batch", SEEDS / "manifest.csv", "-o", tmp_path, "--fail-on", "major", "-q")
    assert done.exit_code == 1
    expected = [
        f"Failed: {a.derivative.document.name}: {a.summary.critical + a.summary.major} "
        "finding(s) at or above major (--fail-on major)"
        for a in seed_result.audits
    ]
    assert done.stderr.splitlines() == expected
    assert [line.split(":")[0] for line in done.stdout.splitlines()[:4]] == [
        d.name for d in DERIVATIVES
    ]


def test_fail_on_major_exits_0_on_a_copy_of_the_reference(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    shutil.copy(REFERENCE, copy)
    done = invoke("run", REFERENCE, copy, "-o", tmp_path / "r", "--fail-on", "major", "-q")
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith(
        "copy.txt: faithful; fidelity 100.0, coverage 1.00, 0 critical, 0 major, 0 minor"
    )
    assert done.stderr == ""


def test_fail_under_exits_1_below_the_bar(tmp_path: Path, seed_result: AuditResult) -> None:
    fidelity = next(
        a.summary.fidelity for a in seed_result.audits if a.derivative.document.name == D001.name
    )
    done = invoke("run", REFERENCE, D001, "-o", tmp_path, "--fail-under", "99.5", "-q")
    assert done.exit_code == 1
    assert (
        done.stderr == f"Failed: {D001.name}: fidelity {fidelity:.1f} is under --fail-under 99.5\n"
    )
    assert invoke("run", REFERENCE, D001, "-o", tmp_path, "--fail-under", "0", "-q").exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["--fail-on", "severe"],
            "Error: fail_on (--fail-on) = 'severe' is not valid; "
            "give one of critical, major, minor",
            id="bad-severity",
        ),
        pytest.param(
            ["--fail-under", "150"],
            "Error: fail_under (--fail-under) = 150.0 is not valid; give a number from 0 to 100",
            id="bad-fidelity",
        ),
        pytest.param(
            ["--format", "csv,pdf"],
            "Error: unknown report format 'pdf'; use csv, xlsx, html, json, parquet",
            id="bad-format",
        ),
    ],
)
def test_bad_options_exit_2_before_any_work(tmp_path: Path, args: list[str], message: str) -> None:
    done = invoke("run", REFERENCE, D001, "-o", tmp_path, *args)
    assert done.exit_code == 2
    assert done.stderr == message + "\n"
    assert done.stdout == ""
    assert not any(tmp_path.iterdir())


def test_input_errors_stay_exit_2_even_with_gates(tmp_path: Path) -> None:
    done = invoke("run", REFERENCE, tmp_path / "missing.txt", "-o", tmp_path, "--fail-on", "minor")
    assert done.exit_code == 2
    assert done.stderr.splitlines()[0].startswith(f"Error: {tmp_path / 'missing.txt'}")


def test_progress_bar_goes_to_stderr_only(tmp_path: Path) -> None:
    terminal = {"FORCE_COLOR": "1"}  # rich treats stderr as a terminal
    done = invoke("batch", SEEDS / "manifest.csv", "-o", tmp_path, env=terminal)
    assert done.exit_code == 0
    assert "Auditing" in done.stderr and "4/4" in done.stderr
    assert "Auditing" not in done.stdout
    quiet = invoke("batch", SEEDS / "manifest.csv", "-o", tmp_path, "--quiet", env=terminal)
    assert quiet.stderr == ""
    assert quiet.stdout == done.stdout


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    done = invoke("run", REFERENCE, D001, "-o", tmp_path)
    assert done.exit_code == 0
    assert done.stderr == ""


@pytest.mark.parametrize(
    ("env", "coloured"),
    [
        pytest.param({"FORCE_COLOR": "1"}, True, id="colour"),
        pytest.param({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, id="no-color"),
    ],
)
def test_progress_bar_honours_no_color(tmp_path: Path, env: dict[str, str], coloured: bool) -> None:
    done = invoke("run", REFERENCE, D001, "-o", tmp_path, env=env)
    assert done.exit_code == 0
    colours = re.findall(r"\x1b\[(?:3\d|9\d|38;[\d;]+)m", done.stderr)
    assert bool(colours) is coloured


def test_ignore_file_makes_a_reviewed_report_quiet(tmp_path: Path) -> None:
    first = invoke("run", REFERENCE, D001, "-o", tmp_path / "a", "-q", "--fail-on", "major")
    assert first.exit_code == 1
    with open(tmp_path / "a" / "findings.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    reviewed = [r for r in rows if r["severity"] in ("major", "critical")]
    (tmp_path / "reviewed.txt").write_text(
        "".join(f"{r['id']}  # {r['category']} accepted\n" for r in reviewed), encoding="utf-8"
    )
    again = invoke(
        "run",
        REFERENCE,
        D001,
        "-o",
        tmp_path / "b",
        "-q",
        "--fail-on",
        "major",
        "--ignore",
        tmp_path / "reviewed.txt",
    )
    assert again.exit_code == 0, again.output
    with open(tmp_path / "b" / "findings.csv", encoding="utf-8-sig", newline="") as handle:
        left = [r["id"] for r in csv.DictReader(handle)]
    assert left == [r["id"] for r in rows if r not in reviewed]


def test_terms_file_accepts_a_spelling(tmp_path: Path) -> None:
    (tmp_path / "terms.csv").write_text("term,variants\npurpose,purpose.\n", encoding="utf-8")
    done = invoke(
        "run",
        REFERENCE,
        D001,
        "-o",
        tmp_path,
        "-q",
        "-f",
        "json",
        "--terms",
        tmp_path / "terms.csv",
    )
    assert done.exit_code == 0
    data = json.loads((tmp_path / "audit.json").read_text(encoding="utf-8"))
    spans = [f["span"] for f in data["results"][0]["derivatives"][0]["findings"]]
    assert "purpose." not in spans
    assert "bottom." in spans
    assert "|terms:1#" in data["signature"]


def test_every_option_comes_from_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "reviewed.txt").write_text("", encoding="utf-8")
    (tmp_path / "terms.csv").write_text("purpose,purpose.\n", encoding="utf-8")
    (tmp_path / "audit.toml").write_text(
        'out = "out"\nformat = ["json", "html"]\nquiet = true\nfail_on = "major"\n'
        'fail_under = 10\nterms = "terms.csv"\nignore = "reviewed.txt"\n'
        'model = "all-MiniLM-L6-v2"\n',
        encoding="utf-8",
    )
    done = invoke("run", REFERENCE, D001, "--config", tmp_path / "audit.toml")
    assert done.exit_code == 1
    assert done.stdout.splitlines()[-1] == (
        f"Reports: {tmp_path / 'out' / 'audit.json'}, {tmp_path / 'out' / 'audit.html'}"
    )
    assert "(--fail-on major)" in done.stderr and "Auditing" not in done.stderr
    override = invoke(
        "run", REFERENCE, D001, "--config", tmp_path / "audit.toml", "--fail-on", "critical"
    )
    assert override.exit_code == 0, override.output


def test_unknown_config_key_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "audit.toml").write_text('colour = "red"\n', encoding="utf-8")
    done = invoke("run", REFERENCE, D001, "--config", tmp_path / "audit.toml")
    assert done.exit_code == 2
    assert (
        done.stderr == f"Error: {tmp_path / 'audit.toml'}: unknown option(s) colour; see README\n"
    )


def _commands(group: click.Group, prefix: str = "audit") -> list[tuple[str, click.Command]]:
    out = []
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        out.append((path, command))
        if hasattr(command, "commands"):  # a group (typer's own click fork is no click.Group)
            out += _commands(command, path)
    return out


def test_every_command_and_option_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = []
    for path, command in _commands(typer.main.get_command(app)):
        if f"`{path}" not in readme:
            missing.append(path)
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--") and opt != "--help" and f"`{opt}" not in readme:
                    missing.append(f"{path} {opt}")
    assert missing == [], "document these in README.md"


@pytest.mark.parametrize("args", [[], ["run"], ["batch"], ["checks"], ["version"]])
def test_help_shows_runnable_examples(args: list[str]) -> None:
    done = invoke(*args, "--help")
    assert done.exit_code == 0
    examples = [
        line.strip() for line in done.stdout.splitlines() if line.strip().startswith("audit ")
    ]
    assert examples, done.stdout


def test_a_document_of_only_long_sentences_is_audited(tmp_path: Path) -> None:
    """Regression: with no unit short enough for TER, the signature used to crash sacrebleu."""
    page = tmp_path / "long.txt"
    page.write_text(" ".join(["word"] * 250) + ".\n", encoding="utf-8")
    done = invoke("run", page, page, "-o", tmp_path / "r", "-q", "-f", "json")
    assert done.exit_code == 0, done.output
    assert "|nrefs:1|" in (tmp_path / "r" / "audit.json").read_text(encoding="utf-8")
