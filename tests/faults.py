"""Helpers of the fault tests: a CLI run with the fake encoder (in this process or in a child
process, e.g. inside a mount namespace), earlier reports to compare, and small articles."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from typer.testing import CliRunner

from audit.cli import app

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_TEXT = (
    "The minister resigned on Monday after a row over the budget.\n\n"
    "She said the plan was unfair to 25 families in the north.\n\n"
    "Officials said a successor would be named within a week.\n"
)
DERIVATIVE_TEXT = REFERENCE_TEXT.replace("25 families", "52 families")
REPORTS = ("findings.csv", "alignment.csv", "summary.csv")
# A child process that runs the command line with the fake encoder (no model is loaded).
FAKE_MAIN = """
import sys
import audit.pipeline
from audit.testing import FakeEncoder
audit.pipeline.create_encoder = lambda *a, **k: FakeEncoder()
sys.argv = ["audit", *sys.argv[1:]]
from audit.cli import main
main()
"""


def cli(*args: str | Path, stdin: bytes | None = None):
    """One command through typer's runner (stderr apart from stdout)."""
    return CliRunner().invoke(app, [str(a) for a in args], input=stdin)


def articles(folder: Path) -> tuple[Path, Path]:
    """A small reference and a derivative of it, written into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    reference, derivative = folder / "reference.txt", folder / "derivative.txt"
    reference.write_text(REFERENCE_TEXT, encoding="utf-8")
    derivative.write_text(DERIVATIVE_TEXT, encoding="utf-8")
    return reference, derivative


def previous_reports(out: Path) -> dict[str, bytes]:
    """Earlier reports in ``out``; compare with ``snapshot(out)`` after a failed run."""
    out.mkdir(parents=True, exist_ok=True)
    for name in REPORTS:
        (out / name).write_bytes(f"previous {name}\r\n".encode())
    return snapshot(out)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (relative name -> bytes)."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def child(
    args: Sequence[str | Path],
    before: Sequence[str] = (),
    after: Sequence[str] = (),
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """The command line in a child process with the fake encoder; with shell lines ``before``
    and ``after`` it runs in a mount namespace of its own (``unshare -m``), e.g. on a tmpfs
    mounted ``before`` and copied out ``after``; the exit code is the command's."""
    command = [sys.executable, "-c", FAKE_MAIN, *map(str, args)]
    if before or after:
        script = "\n".join(["set -e", *before, "set +e", '"$@"', "code=$?", *after, "exit $code"])
        command = ["unshare", "-m", "sh", "-c", script, "sh", *command]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def can_mount() -> bool:
    """True when this process may make a mount namespace and mount a tmpfs in it (root, or the
    capability in a container)."""
    try:
        done = subprocess.run(
            ["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k none /mnt"],
            capture_output=True,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


Maker = Callable[[Path], Path]
"""Makes one input file in a folder and returns its path (table-driven error tests)."""


def writes(name: str, data: bytes) -> Maker:
    """A maker of a file ``name`` holding ``data``."""

    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return make
