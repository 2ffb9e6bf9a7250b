"""Inside the Ray test's namespace: run ``audit batch ARGS`` and kill one Ray worker mid-run.

Usage: python ray_kill.py STATE_DIR AFTER -- AUDIT_BATCH_ARGS...
Once STATE_DIR holds AFTER finished audits, one worker process running a pair audit (its title
starts with ``ray::_apply``; in this network namespace) is killed with SIGKILL. Prints
``killed PID`` (or ``killed none`` if the batch ended first) and exits with the batch's status.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path


def _task_workers() -> list[int]:
    """Ray workers running a pair audit in this network namespace (this test's cluster only)."""
    ours = os.readlink("/proc/self/ns/net")
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            title = (entry / "cmdline").read_bytes()
            mine = os.readlink(entry / "ns" / "net") == ours
        except (OSError, ValueError):
            continue
        if entry.name.isdigit() and mine and title.startswith(b"ray::_apply"):
            pids.append(int(entry.name))
    return pids


def main() -> int:
    state, after, args = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[4:]
    batch = subprocess.Popen([sys.executable, "-m", "audit", "batch", *args])
    killed = None
    while batch.poll() is None and killed is None:
        time.sleep(0.05)
        done = len(list(state.glob("*.json"))) if state.is_dir() else 0
        workers = _task_workers() if done >= after else []
        if workers:
            killed = workers[0]
            os.kill(killed, signal.SIGKILL)
    print(f"killed {killed or 'none'}", flush=True)
    return batch.wait()


if __name__ == "__main__":
    sys.exit(main())
