"""Report writing faults: an ``--out`` that is a file, a read-only mount, a full disk, reports
that would replace an input, and a run that audits nothing. Each is one ``Error:`` line, exit 2,
and every file that was there before is byte for byte as it was.

The read-only folder and the full disk are real: a read-only tmpfs (a mode-0555 folder does not
stop root) and a tmpfs of a few hundred KB, mounted in a mount namespace of the child process
(``unshare -m``), so nothing outside the test sees them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import audit.pipeline
from audit.testing import FakeEncoder
from tests.faults import (
    REPORTS,
    articles,
    can_mount,
    child,
    cli,
    previous_reports,
    snapshot,
)

needs_mount = pytest.mark.skipif(not can_mount(), reason="cannot mount a tmpfs (unshare -m)")


@pytest.fixture
def encoder_calls(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The fake encoder's calls: empty when the command stopped before any audit."""
    fake = FakeEncoder()
    monkeypatch.setattr(audit.pipeline, "create_encoder", lambda *a, **k: fake)
    return fake.calls


def test_out_that_is_a_file_is_refused_before_the_audit(tmp_path: Path, encoder_calls):
    reference, derivative = articles(tmp_path / "in")
    out = tmp_path / "reports"
    out.write_text("not a folder")
    result = cli("run", reference, derivative, "--out", out)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {out}: is a file, not a folder; choose another --out\n"
    assert encoder_calls == []
    assert out.read_text() == "not a folder"


def test_out_below_a_file_is_refused_before_the_audit(tmp_path: Path, encoder_calls):
    reference, derivative = articles(tmp_path / "in")
    result = cli("run", reference, derivative, "--out", reference / "reports")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {reference}/reports: is a file, not a folder ({reference} is a file); "
        "choose another --out\n"
    )
    assert encoder_calls == []


@pytest.mark.parametrize("name", ["summary.csv", "findings.csv", "audit.html"])
def test_a_report_never_replaces_an_input(name: str, tmp_path: Path, encoder_calls):
    """A derivative named like a report, inside --out: refused before the audit."""
    out = tmp_path / "out"
    reference, derivative = articles(out)
    source = derivative.rename(out / name)
    before = snapshot(out)
    result = cli("run", reference, source, "--out", out, "--format", "csv,html")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {source}: is an input of this run and the report {name} would replace it; "
        "choose another --out or move the input\n"
    )
    assert encoder_calls == []
    assert snapshot(out) == before


def test_a_manifest_row_is_never_replaced_either(tmp_path: Path, encoder_calls):
    out = tmp_path / "out"
    reference, derivative = articles(out)
    derivative.rename(out / "alignment.csv")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(f"reference,derivative\n{reference},{out / 'alignment.csv'}\n")
    before = snapshot(out)
    result = cli("batch", manifest, "--out", out)
    assert result.exit_code == 2
    assert "the report alignment.csv would replace it" in result.stderr
    assert snapshot(out) == before


def test_a_run_that_audits_nothing_keeps_the_earlier_reports(tmp_path: Path, encoder_calls):
    reference, _ = articles(tmp_path / "in")
    out = tmp_path / "out"
    before = previous_reports(out)
    missing = tmp_path / "missing.txt"
    result = cli("run", reference, missing, "--out", out, "--format", "csv,json")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: {missing}: no such file; check the path",
        f"No derivative could be audited: no report was written to {out}",
    ]
    assert snapshot(out) == before


def _mount(tmp_path: Path, *setup: str) -> list[str]:
    """Shell lines: a 256 KB tmpfs on ``tmp_path/mnt`` with earlier reports in ``out``."""
    mount = tmp_path / "mnt"
    mount.mkdir()
    lines = [f"mount -t tmpfs -o size=256k none {mount}", f"mkdir {mount}/out"]
    lines += [f"printf 'previous {name}' > {mount}/out/{name}" for name in REPORTS]
    return [*lines, *setup]


EARLIER = {name: f"previous {name}".encode() for name in REPORTS}


@needs_mount
def test_read_only_out_is_refused_before_the_audit(tmp_path: Path):
    reference, derivative = articles(tmp_path / "in")
    out, kept = tmp_path / "mnt" / "out", tmp_path / "kept"
    before = _mount(tmp_path, f"mount -o remount,ro {tmp_path / 'mnt'}")
    done = child(["run", reference, derivative, "--out", out], before, [f"cp -a {out} {kept}"])
    assert done.returncode == 2, done.stderr
    assert done.stderr == (
        f"Error: {out}: cannot write the reports: the file system is read-only; "
        "choose another --out\n"
    )
    assert done.stdout == ""
    assert snapshot(kept) == EARLIER


@needs_mount
def test_full_disk_is_one_error_and_earlier_reports_survive(tmp_path: Path):
    """24 KB left: the folder check passes (its tiny files fit), the audit's reports do not;
    their temporary files are removed and the earlier reports are kept."""
    reference, derivative = articles(tmp_path / "in")
    long = tmp_path / "in" / "long.txt"
    long.write_text(derivative.read_text() * 40, encoding="utf-8")
    out, kept = tmp_path / "mnt" / "out", tmp_path / "kept"
    before = _mount(tmp_path, f"head -c 228k /dev/zero > {tmp_path}/mnt/fill")
    done = child(["run", reference, long, "--out", out], before, [f"cp -a {out} {kept}"])
    assert done.returncode == 2, done.stderr
    assert done.stderr == (
        f"Error: {out}: cannot write the reports: no space left on the device; "
        "free some space or choose another --out (earlier reports there are unchanged)\n"
    )
    assert done.stdout == ""
    assert snapshot(kept) == EARLIER


def test_nothing_is_left_behind_by_the_folder_check(tmp_path: Path, encoder_calls):
    reference, derivative = articles(tmp_path / "in")
    out = tmp_path / "out"
    out.mkdir()
    result = cli("run", reference, derivative, "--out", out, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(REPORTS)
    shutil.rmtree(out)


def test_a_folder_where_a_report_goes_is_refused_before_the_audit(tmp_path: Path, encoder_calls):
    reference, derivative = articles(tmp_path / "in")
    out = tmp_path / "out"
    (out / "summary.csv").mkdir(parents=True)
    result = cli("run", reference, derivative, "--out", out)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {out / 'summary.csv'}: is a folder where the report summary.csv goes; "
        "move it or choose another --out\n"
    )
    assert encoder_calls == []
    assert [p.name for p in out.iterdir()] == ["summary.csv"]
