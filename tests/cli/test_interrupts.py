"""Ctrl-C and SIGTERM: the run says how many derivatives were audited and saved, that no report
was written and that --resume continues; exit 130 / 143; --resume then completes the batch."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from audit.engine.state import STATE_DIR
from tests.faults import REPORTS, ROOT, articles, previous_reports, snapshot

# The command line with the fake encoder and 0.4 s more per derivative, so that a signal
# arrives in the middle of the batch; each audit touches the file named by argv[1] first.
SLOW_MAIN = """
import pathlib, sys, time
import audit.pipeline
from audit.testing import FakeEncoder

real = audit.pipeline.audit_pair
mark = pathlib.Path(sys.argv.pop(1))

def slow(*args, **kwargs):
    mark.touch()
    time.sleep(0.4)
    return real(*args, **kwargs)

audit.pipeline.audit_pair = slow
audit.pipeline.create_encoder = lambda *a, **k: FakeEncoder()
sys.argv = ["audit", *sys.argv[1:]]
from audit.cli import main
main()
"""
TOTAL = 12


def _manifest(folder: Path) -> Path:
    reference, derivative = articles(folder)
    lines = ["reference,derivative"]
    for k in range(TOTAL):
        copy = folder / f"d{k:02}.txt"
        copy.write_text(derivative.read_text() + f"\nEdition {k}.\n", encoding="utf-8")
        lines.append(f"{reference.name},{copy.name}")
    manifest = folder / "manifest.csv"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return manifest


def _start(mark: Path, *args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", SLOW_MAIN, str(mark), *map(str, args)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _saved(out: Path) -> int:
    return len(list((out / STATE_DIR).glob("*.json")))


@pytest.mark.parametrize(
    ("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["SIGINT", "SIGTERM"]
)
def test_interrupted_batch_says_how_far_it_got(signum: int, code: int, tmp_path: Path):
    manifest = _manifest(tmp_path / "in")
    out = tmp_path / "out"
    before = previous_reports(out)
    process = _start(tmp_path / "mark", "batch", manifest, "--out", out)
    deadline = time.monotonic() + 120  # a hang guard, not a measurement
    while _saved(out) < 2 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    saved = _saved(out)
    assert process.returncode == code, stderr
    assert 2 <= saved < TOTAL
    assert stderr.splitlines()[-1] == (
        f"Interrupted: {saved} of {TOTAL} derivative(s) audited and saved in {out / STATE_DIR}; "
        "no report was written; run the same command with --resume to continue"
    )
    assert "Traceback" not in stderr
    assert {k: v for k, v in snapshot(out).items() if k in REPORTS} == before

    resumed = _start(tmp_path / "mark", "batch", manifest, "--out", out, "--resume")
    stdout, stderr = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, stderr
    assert f"Resumed {saved} finished derivative(s)" in stderr
    assert len(stdout.splitlines()) == TOTAL + 1


def test_interrupted_run_says_nothing_was_saved(tmp_path: Path):
    reference, derivative = articles(tmp_path / "in")
    out = tmp_path / "out"
    before = previous_reports(out)
    mark = tmp_path / "mark"
    process = _start(mark, "run", reference, derivative, derivative, derivative, "--out", out)
    deadline = time.monotonic() + 120  # a hang guard, not a measurement
    while not mark.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    last = stderr.splitlines()[-1]
    assert last.startswith("Interrupted: ") and last.endswith(
        "of 3 derivative(s) audited; no report was written; run the command again"
    )
    assert snapshot(out) == before
