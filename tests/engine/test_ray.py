"""The Ray engine on a real two-node cluster on 127.0.0.1, inside a network namespace.

The seeds and about 200 derivatives made by perturbing them are audited with ``--engine local``
and with ``--engine ray``; during the Ray run one worker process running a pair audit is killed
(SIGKILL). The reports must be complete and byte-identical to the local ones.

Network rule: every Ray process runs inside a network namespace made here (``unshare -n``,
loopback only; ``ray_cluster.sh``), so no traffic can reach any address but loopback. Without
Ray or without a namespace (not root, no ``unshare``) these tests are skipped, unless
``AUDIT_REQUIRE_RAY=1`` (as ``make test`` and CI set), where they fail.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from audit.bench.perturb import perturbed_derivatives
from tests.conftest import DERIVATIVES, REFERENCE, unavailable

pytestmark = [pytest.mark.ray, pytest.mark.slow]

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
PORT = 6391
REPORTS = ("findings.csv", "alignment.csv", "summary.csv", "audit.json")


def _unavailable() -> str | None:
    """Why the Ray tests cannot run here, or None."""
    if shutil.which("ray", path=str(BIN)) is None:
        return f"Ray is not installed in {BIN}; pip install -e '.[ray]' (make test does)"
    if shutil.which("unshare") is None:
        return "`unshare` (util-linux) not found: cannot make a network namespace for Ray"
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        return f"cannot make a network namespace (`unshare -n` as root): {probe.stderr.strip()}"
    return None


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    reason = _unavailable()
    if reason:
        unavailable(reason, "AUDIT_REQUIRE_RAY")
    folder = tmp_path_factory.mktemp("ray")
    made = perturbed_derivatives(DERIVATIVES, 196, folder, seed=16)
    rows = [f"{REFERENCE},{p}" for p in [*DERIVATIVES, *made]]
    rows.insert(100, f"{REFERENCE},{folder / 'missing.txt'}")  # a bad row: an error row, exit 2
    path = folder / "manifest.csv"
    path.write_text("reference,derivative\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _batch_args(manifest: Path, out: Path) -> list[str]:
    """The batch's options (--root /: the seeds lie outside the manifest's folder)."""
    return [str(manifest), "--out", str(out), "--quiet", "--format", "csv,json", "--root", "/"]


def test_ray_reports_match_local_with_a_worker_killed(manifest: Path) -> None:
    """Killed worker retried; bad row and exit status as local; --resume reuses all 200."""
    local, remote = manifest.parent / "local", manifest.parent / "ray"
    args = [sys.executable, "-m", "audit", "batch", *_batch_args(manifest, local)]
    assert subprocess.run(args, capture_output=True, timeout=900).returncode == 2
    killer = [sys.executable, str(HERE / "ray_kill.py"), str(remote / ".audit-state"), "40"]
    killer += ["--", *_batch_args(manifest, remote), "--engine", "ray"]
    resume = [sys.executable, "-m", "audit", "batch", *_batch_args(manifest, remote)]
    resume += ["--engine", "ray", "--resume"]
    script = f"{shlex.join(killer)}; echo status $?; {shlex.join(resume)}; echo status $?"
    cluster = ["unshare", "-n", "bash", str(HERE / "ray_cluster.sh"), str(BIN), str(PORT)]
    run = subprocess.run(
        [*cluster, "bash", "-c", script], capture_output=True, text=True, timeout=900
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert "killed none" not in run.stdout, "the batch ended before a worker could be killed"
    assert re.search(r"killed \d+", run.stdout), run.stdout
    assert run.stdout.count("status 2") == 2, run.stdout  # the bad row, as with local
    assert "Resumed 200 finished derivative(s)" in run.stderr
    for name in REPORTS:
        assert (remote / name).read_bytes() == (local / name).read_bytes(), name
    rows = (remote / "summary.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 1 + 200 + 1  # header, every derivative once, the bad row


def test_ray_address_without_cluster_is_one_line_error(manifest: Path, tmp_path: Path) -> None:
    """Inside a namespace with no cluster: exit 2 and an Error line naming --address."""
    args = ["unshare", "-n", sys.executable, "-m", "audit", "batch"]
    args += [*_batch_args(manifest, tmp_path), "--engine", "ray", "--address", "127.0.0.1:6399"]
    run = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert run.returncode == 2
    assert run.stderr.strip().splitlines()[-1].startswith("Error: --address 127.0.0.1:6399")
