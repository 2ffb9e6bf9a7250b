"""A batch where two rows are special files: ``/dev/zero`` (a manifest never reads ``/dev``) and
a FIFO nobody writes to. The other 28 rows are audited and reported, the two are error rows,
exit 2, and nothing hangs (the child's timeout is a hang guard, not a measurement: the FIFO
costs its 10 s wait)."""

from __future__ import annotations

import csv
import os
from pathlib import Path

from audit.read.source import PIPE_WAIT_SECONDS
from tests.faults import articles, child


def test_batch_of_30_with_dev_zero_and_a_fifo_audits_the_other_28(tmp_path: Path):
    folder = tmp_path / "in"
    reference, derivative = articles(folder)
    fifo = folder / "stream.txt"
    os.mkfifo(fifo)
    rows = []
    for k in range(30):
        if k == 9:
            rows.append("/dev/zero")
        elif k == 19:
            rows.append(fifo.name)
        else:
            path = folder / f"d{k:02}.txt"
            path.write_text(derivative.read_text() + f"\nEdition {k}.\n", encoding="utf-8")
            rows.append(path.name)
    manifest = folder / "manifest.csv"
    manifest.write_text(
        "reference,derivative\n" + "".join(f"{reference.name},{r}\n" for r in rows),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    done = child(["batch", manifest, "--out", out, "--quiet"], timeout=240)
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == [
        f"Error: {manifest}:11: the derivative /dev/zero lies in /dev; a manifest never reads "
        "/proc, /sys or /dev, whatever --root says: give the path of a document",
        f"Error: {fifo}: is a named pipe and nothing was written to it for "
        f"{PIPE_WAIT_SECONDS:g} s; start the program that writes it first, or give a regular file",
    ]
    with (out / "summary.csv").open(encoding="utf-8-sig", newline="") as handle:
        summary = list(csv.DictReader(handle))
    assert len(summary) == 30
    ok = [r["document"] for r in summary if r["status"] == "ok"]
    assert ok == [r for r in rows if r.startswith("d")]
    assert sorted(r["document"] for r in summary if r["status"] == "error") == sorted(
        ["manifest.csv:11", str(fifo)]
    )
    assert len(done.stdout.splitlines()) == 29  # 28 summary lines and the list of reports
