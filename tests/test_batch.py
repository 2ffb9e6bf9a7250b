"""Batches: bad manifest rows become error rows, nothing is lost, and --resume finishes a batch."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import audit.pipeline
from audit.cli import app
from audit.engine.state import STATE_DIR, StateStore
from audit.pipeline import audit_manifest
from audit.report import write_reports
from audit.report.files import all_or_nothing, write_atomic
from audit.settings import AuditConfig
from audit.testing import FakeEncoder
from tests.conftest import DERIVATIVES, REFERENCE, ROOT

REPORTS = ("findings.csv", "alignment.csv", "summary.csv")


def _summary(out: Path) -> list[dict[str, str]]:
    with (out / "summary.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """A manifest (in its own folder) mixing good rows with every kind of bad row."""
    folder = tmp_path / "batch"
    folder.mkdir()
    for path in [REFERENCE, *DERIVATIVES[:2]]:
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "empty.txt").write_text("")
    lines = [
        "Reference,Derivative,note",
        f"{REFERENCE.name},{DERIVATIVES[0].name},relative",
        f"{REFERENCE.name},{folder / DERIVATIVES[1].name},absolute",
        f"{REFERENCE.name},,one column empty",
        ",,",
        f"{REFERENCE.name},{DERIVATIVES[0].name},duplicate",
        f"{REFERENCE.name},missing.txt,no such file",
        f"{REFERENCE.name},empty.txt,empty file",
        f"nowhere.txt,{DERIVATIVES[1].name},reference missing",
    ]
    manifest = folder / "manifest.csv"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return manifest


@pytest.fixture
def real_model(monkeypatch: pytest.MonkeyPatch, encoder):
    encoder.encode(["warm up"])
    monkeypatch.setattr(audit.pipeline, "create_encoder", lambda *a, **k: encoder)
    return encoder


def test_mixed_manifest_good_rows_audited_bad_rows_error_rows(
    mixed: Path, tmp_path: Path, real_model
):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["batch", str(mixed), "--out", str(out)])
    assert result.exit_code == 2
    folder = mixed.parent
    rows = {(r["status"], r["document"]): r["message"] for r in _summary(out)}
    assert rows == {
        ("ok", DERIVATIVES[0].name): "",
        ("ok", DERIVATIVES[1].name): "",
        ("error", "manifest.csv:4"): f"{mixed}:4: the derivative column is empty; "
        "give both a reference and a derivative",
        ("error", "manifest.csv:6"): f"{mixed}:6: repeats line 2; "
        "the pair is audited once, remove this row",
        ("error", str(folder / "missing.txt")): f"{folder / 'missing.txt'}: no such file; "
        "check the path",
        ("error", str(folder / "empty.txt")): f"{folder / 'empty.txt'}: the file is empty; "
        "give a file with the article text",
        ("error", str(folder / DERIVATIVES[1].name)): f"{folder / 'nowhere.txt'}: no such file; "
        "check the path",
    }
    assert result.stderr.splitlines() == [f"Error: {m}" for (s, _), m in rows.items() if m]
    findings = list(csv.DictReader((out / "findings.csv").open(encoding="utf-8-sig")))
    assert {f["document"] for f in findings} == {DERIVATIVES[0].name, DERIVATIVES[1].name}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            "reference\na.txt\n",
            "the manifest has no derivative column "
            "(header: reference); its first row must be reference,derivative",
            id="missing-column",
        ),
        pytest.param(
            "a.txt,b.txt\n",
            "the manifest has no reference or derivative column "
            "(header: a.txt,b.txt); its first row must be reference,derivative",
            id="no-header",
        ),
        pytest.param(
            "reference,derivative\n,\n",
            "the manifest has no rows; add reference,derivative rows",
            id="no-rows",
        ),
        pytest.param(
            "", "the manifest is empty; give a reference,derivative header and rows", id="empty"
        ),
    ],
)
def test_unusable_manifest_is_one_error(text: str, message: str, tmp_path: Path):
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["batch", str(manifest), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {manifest}: {message}\n"


def _manifest(folder: Path, count: int) -> Path:
    """``count`` references (copies under new names), each with the four seed derivatives
    (copies under their names: a manifest reads files under its folder)."""
    folder.mkdir(parents=True, exist_ok=True)
    for d in DERIVATIVES:
        (folder / d.name).write_bytes(d.read_bytes())
    lines = ["reference,derivative"]
    for k in range(count):
        ref = folder / f"ref{k}.txt"
        ref.write_bytes(REFERENCE.read_bytes() + f"\nEdition {k}.\n".encode())
        for d in DERIVATIVES:
            lines.append(f"{ref.name},{d.name}")
    (folder / "manifest.csv").write_text("\n".join(lines) + "\n")
    return folder / "manifest.csv"


def test_resume_reuses_finished_derivatives_and_rebuilds_the_same_reports(tmp_path: Path):
    manifest = _manifest(tmp_path / "in", 2)
    config = AuditConfig()
    first_out, second_out = tmp_path / "a", tmp_path / "b"
    first = audit_manifest(manifest, config, FakeEncoder(), state=StateStore(first_out / STATE_DIR))
    write_reports(first, first_out, ["csv"])
    (second_out / STATE_DIR).mkdir(parents=True)
    for path in (first_out / STATE_DIR).iterdir():
        (second_out / STATE_DIR / path.name).write_bytes(path.read_bytes())
    encoder = FakeEncoder()
    store = StateStore(second_out / STATE_DIR, resume=True)
    seen: list[str] = []
    second = audit_manifest(manifest, config, encoder, seen.append, state=store)
    write_reports(second, second_out, ["csv"])
    assert store.reused == 8 and encoder.calls == []
    assert seen == [d.name for d in DERIVATIVES] * 2
    for name in REPORTS:
        assert (first_out / name).read_bytes() == (second_out / name).read_bytes()


def test_resume_ignores_state_of_other_settings(tmp_path: Path):
    manifest = _manifest(tmp_path / "in", 1)
    folder = tmp_path / "out" / STATE_DIR
    audit_manifest(manifest, AuditConfig(), FakeEncoder(), state=StateStore(folder))
    changed = AuditConfig().replace(ter_max_words=50)
    store = StateStore(folder, resume=True)
    audit_manifest(manifest, changed, FakeEncoder(), state=store)
    assert store.reused == 0 and store.saved == 4


def test_corrupt_state_file_is_audited_again(tmp_path: Path):
    manifest = _manifest(tmp_path / "in", 1)
    folder = tmp_path / "out" / STATE_DIR
    audit_manifest(manifest, AuditConfig(), FakeEncoder(), state=StateStore(folder))
    broken = sorted(folder.iterdir())[0]
    broken.write_text('{"format": 1, "audit": {"units": "oops"}}')
    store = StateStore(folder, resume=True)
    audit_manifest(manifest, AuditConfig(), FakeEncoder(), state=store)
    assert (store.reused, store.saved) == (3, 1)


def test_batch_encoding_option_decodes_non_utf8_rows(tmp_path: Path, real_model):
    folder = tmp_path / "in"
    folder.mkdir()
    text = DERIVATIVES[0].read_text(encoding="utf-8")
    (folder / "win.txt").write_bytes(text.encode("cp1252", "replace"))
    manifest = folder / "manifest.csv"
    (folder / REFERENCE.name).write_bytes(REFERENCE.read_bytes())
    manifest.write_text(f"reference,derivative\n{REFERENCE.name},win.txt\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["batch", str(manifest), "--out", str(out)]
    refused = CliRunner().invoke(app, args)
    assert refused.exit_code == 2
    assert "pass --encoding cp1252" in refused.stderr
    result = CliRunner().invoke(app, [*args, "--encoding", "cp1252"])
    assert result.exit_code == 0, result.output
    assert [r["status"] for r in _summary(out)] == ["ok"]


def test_failed_report_writing_leaves_previous_reports_intact(tmp_path: Path):
    for name in REPORTS:
        (tmp_path / name).write_text("previous")

    def explode(handle) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt), all_or_nothing():
        write_atomic(tmp_path / "findings.csv", lambda h: h.write(b"new"))
        write_atomic(tmp_path / "alignment.csv", explode)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(REPORTS)
    assert {p.read_text() for p in tmp_path.iterdir()} == {"previous"}


SLOW_BATCH = """
import sys, time
import audit.pipeline
from audit.testing import FakeEncoder

class Slow(FakeEncoder):
    def encode(self, texts):
        time.sleep(0.25)
        return super().encode(texts)

audit.pipeline.create_encoder = lambda *a, **k: Slow()
sys.argv = ["audit", *sys.argv[1:]]
from audit.cli import main
main()
"""


def _start(manifest: Path, out: Path, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", SLOW_BATCH, "batch", str(manifest), "--out", str(out), *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_state(out: Path, process: subprocess.Popen[str], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if len(list((out / STATE_DIR).glob("*.json"))) >= 2:
            return
        time.sleep(0.02)
    raise AssertionError(f"no state appeared (exit {process.poll()})")


@pytest.mark.parametrize(
    "signum", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL], ids=["SIGTERM", "SIGINT", "SIGKILL"]
)
def test_killed_batch_leaves_previous_reports_and_resume_completes_it(signum, tmp_path: Path):
    """A batch of 20 derivatives (~0.25 s each) is killed after two are saved; the previous
    reports stay, and --resume audits only what is left."""
    manifest = _manifest(tmp_path / "in", 5)
    out = tmp_path / "out"
    out.mkdir()
    for name in REPORTS:
        (out / name).write_text("previous report")
    process = _start(manifest, out)
    _wait_for_state(out, process)
    process.send_signal(signum)
    process.communicate(timeout=60)
    assert process.returncode != 0
    finished = len(list((out / STATE_DIR).glob("*.json")))
    assert 2 <= finished < 20
    assert sorted(p.name for p in out.iterdir()) == sorted([STATE_DIR, *REPORTS])
    assert {(out / name).read_text() for name in REPORTS} == {"previous report"}

    resumed = _start(manifest, out, "--resume")
    stdout, stderr = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, stderr
    assert f"Resumed {finished} finished derivative(s) from {out / STATE_DIR}" in stderr
    assert len(_summary(out)) == 20
    assert {r["status"] for r in _summary(out)} == {"ok"}


def test_resume_with_other_run_options_reuses_every_saved_audit(tmp_path: Path):
    """Run options (--format, --quiet, --out's reports, gates) are not settings: a batch killed
    mid-run and resumed with another --format and --quiet reuses every audit it saved."""
    manifest = _manifest(tmp_path / "in", 5)
    out = tmp_path / "out"
    process = _start(manifest, out, "--format", "csv")
    _wait_for_state(out, process)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)
    finished = len(list((out / STATE_DIR).glob("*.json")))
    assert 2 <= finished < 20
    resumed = _start(manifest, out, "--resume", "--format", "json,csv", "--quiet")
    stdout, stderr = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, stderr
    assert f"Resumed {finished} finished derivative(s) from {out / STATE_DIR}" in stderr
    assert (out / "audit.json").is_file() and len(_summary(out)) == 20
