"""What a run leaves when it cannot clean up is removed by the next: hidden part files in
``--out`` and ``.audit-state`` after a SIGKILL during a write, ``audit-parts-*`` folders in
TMPDIR after a SIGKILL; a full TMPDIR leaves nothing there. Files of live processes, of other
hosts and of the user are never touched. The kills are real (a child process, SIGKILL); the full
TMPDIR is a tmpfs of 256 KB in a mount namespace of the child."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from audit.engine.state import STATE_DIR
from audit.report.files import owner_tag, remove_leftovers
from tests.faults import FAKE_MAIN, ROOT, articles, can_mount

HOST = owner_tag().rpartition("-")[0]
HANG_IN_WRITE = """
import sys, time
from pathlib import Path
from audit.report.files import write_atomic
def write(handle):
    handle.write(b"half a report")
    handle.flush()
    time.sleep(600)
write_atomic(Path(sys.argv[1]), write)
"""
HOLD_PARTS = """
import time
from pathlib import Path
from audit.report.stream import ReportStream
with ReportStream(Path("unused"), ["csv"]):
    time.sleep(600)
"""


NOT_OURS = {".ses"}
"""What onnxruntime (1.31 and later: its telemetry library's session start) writes into TMPDIR
when it is imported, as the meaning judge does in every run: not the audit's, left alone."""


def _env(temp: Path | None = None) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), **({"TMPDIR": str(temp)} if temp else {})}


def _killed_while(script: str, args: Sequence[str], ready: Callable[[], bool], env: dict) -> None:
    """Run ``script`` in a child; SIGKILL it once ``ready()`` (no Python code runs after)."""
    process = subprocess.Popen([sys.executable, "-c", script, *args], cwd=ROOT, env=env)
    deadline = time.monotonic() + 60
    while not ready() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)
    assert ready(), "the child never got there"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


def _audit(args: Sequence[object], temp: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The command line with the fake encoder in a child (its TMPDIR ``temp``)."""
    command = [sys.executable, "-c", FAKE_MAIN, *map(str, args)]
    return subprocess.run(command, cwd=ROOT, env=_env(temp), capture_output=True, text=True)


def _parts(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob(".*.part"))


@pytest.mark.parametrize("where", ["out", f"out/{STATE_DIR}"])
def test_part_files_of_a_killed_write_are_removed_by_the_next_run(where: str, tmp_path: Path):
    reference, derivative = articles(tmp_path / "in")
    folder = tmp_path / where
    target = folder / ("findings.csv" if where == "out" else f"{'0' * 64}.json")
    _killed_while(HANG_IN_WRITE, [str(target)], lambda: bool(_parts(folder)), _env())
    (left,) = _parts(folder)
    assert left.startswith(f".{target.name}.{HOST}-")
    manifest = tmp_path / "in" / "manifest.csv"
    manifest.write_text(f"reference,derivative\n{reference.name},{derivative.name}\n")
    done = _audit(["batch", manifest, "--out", tmp_path / "out", "--quiet"])
    assert done.returncode == 0, done.stderr
    assert _parts(folder) == []


def test_only_part_files_of_dead_processes_of_this_host_are_removed(tmp_path: Path):
    sleeper = subprocess.Popen(["sleep", "60"])
    try:
        kept = [
            f".findings.csv.{HOST}-{sleeper.pid}.abcd1234.part",  # a live run's
            f".findings.csv.{owner_tag()}.abcd1234.part",  # this process's
            ".summary.csv.otherhost-1.abcd1234.part",  # another host's: cannot tell
            "notes.csv.part",  # the user's
            ".notes.txt.abcd1234.part",  # the user's
        ]
        removed = [
            ".alignment.csv.k2j4n5b8.part",  # an older release's, untagged
            f".audit.json.{HOST}-{_dead_pid()}.x1y2z3.part",
        ]
        for name in [*kept, *removed]:
            (tmp_path / name).write_text("x")
        assert remove_leftovers(tmp_path) == 2
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(kept)
    finally:
        sleeper.kill()
        sleeper.wait()


def _dead_pid() -> int:
    """The pid of a process that has ended."""
    done = subprocess.run(["true"])
    assert done.returncode == 0
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_a_parts_folder_of_a_killed_run_is_removed_by_the_next_run(tmp_path: Path):
    temp = tmp_path / "tmp"
    temp.mkdir()
    alive = _parts_folder(temp, os.getppid())  # a live process's: kept
    _killed_while(HOLD_PARTS, [], lambda: len(list(temp.glob("audit-parts-*"))) == 2, _env(temp))
    left = sorted(p.name for p in temp.glob("audit-parts-*") if p.name != alive.name)
    assert len(left) == 1 and left[0].startswith(f"audit-parts-{HOST}-")
    reference, derivative = articles(tmp_path / "in")
    done = _audit(["run", reference, derivative, "--out", tmp_path / "out", "--quiet"], temp)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in temp.iterdir() if p.name not in NOT_OURS) == [alive.name]


def _parts_folder(temp: Path, pid: int) -> Path:
    folder = temp / f"audit-parts-{HOST}-{pid}-abc123"
    folder.mkdir()
    (folder / "0.findings.jsonl").write_text("[]\n")
    return folder


@pytest.mark.skipif(not can_mount(), reason="cannot mount a tmpfs (unshare -m)")
@pytest.mark.parametrize(
    ("taken", "formats"), [(0, "csv"), (150, "csv,xlsx,html,json"), (220, "csv"), (250, "csv")]
)
def test_a_full_tmpdir_is_one_error_and_leaves_nothing_there(
    taken: int, formats: str, tmp_path: Path
):
    """TMPDIR on a 256 KB tmpfs, ``taken`` KB of it full: the parts of a long derivative do not
    fit; one error line, no report, and TMPDIR holds only what was there before (the write that
    fails may be the one that closes a part file: before, half these runs left their parts)."""
    reference, derivative = articles(tmp_path / "in")
    long = tmp_path / "in" / "long.txt"
    long.write_text(derivative.read_text() * 200, encoding="utf-8")
    temp, seen, out = tmp_path / "tmp", tmp_path / "seen", tmp_path / "out"
    temp.mkdir()
    script = "\n".join([
        "set -e",
        f"mount -t tmpfs -o size=256k none {temp}",
        f"head -c {taken}k /dev/zero > {temp}/fill",
        "set +e",
        '"$@"',
        "code=$?",
        f"ls -a {temp} > {seen}",
        "exit $code",
    ])  # fmt: skip
    command = [sys.executable, "-c", FAKE_MAIN, "run", str(reference), str(long), "-o", str(out)]
    command += ["--format", formats]
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", script, "sh", *command],
        cwd=ROOT, env=_env(temp), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert done.stderr == (
        f"Error: {temp}: cannot write the report parts (No space left on device); set TMPDIR "
        "to a folder with room (earlier reports are unchanged)\n"
    )
    assert [n for n in seen.read_text().split() if n not in NOT_OURS] == [".", "..", "fill"]
    assert not out.exists()
