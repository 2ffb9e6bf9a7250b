"""Hostile inputs in bounded time and memory: ``audit run REFERENCE HOSTILE`` per case, in fresh
child processes, wall seconds and peak resident memory (``os.wait4``), next to two yardsticks
measured in the same run: the import floor (``python -c "import audit.cli"``) and the same run
on the plain-text copy of the seed derivative (model load, embedding, audit, reports).

Cases (made by ``tests/read/hostile_files.py`` in a temporary folder, nothing kept): a .docx
whose document.xml unpacks to 2 GB (2 MB on disk), one cut short, an entity loop, 5,000-deep
nesting; a manifest row naming /proc/self/maps. Each is one ``Error:`` line and exit 2; the
targets are under 5 s and 500 MB each. Last, the worst a .docx within the default limit can
cost to read: its parts unpack to just under 20,000,000 bytes, all of it one-letter paragraphs
(the most XML elements per byte), read by ``read_document`` alone (auditing its 1.1 million
lines costs what the same lines as .txt cost: docs/scale.md).

Run:  .venv/bin/python benchmarks/hostile_inputs.py seeds/000_f9f4761fe1795f31.txt \\
          seeds/001_bab7ab19f59dc562.txt [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.read.hostile_files import (  # noqa: E402
    cut_short,
    deep_nesting,
    docx_with,
    entity_loop,
    paragraphs_xml,
    zip_bomb,
)

LINES = ["The minister resigned on Monday.", "She said the plan was unfair."]


def child(args: list[str]) -> tuple[float, float, int, str]:
    """``python ARGS``: wall seconds, peak resident MiB, exit code, first stderr line."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        env = dict(os.environ, PYTHONPATH=str(ROOT), TQDM_DISABLE="1")
        process = subprocess.Popen(
            [sys.executable, *args], stdout=subprocess.DEVNULL, stderr=err, env=env
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        err.seek(0)
        first = (err.read().decode(errors="replace").splitlines() or [""])[0]
    return wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), first


def cases(folder: Path, derivative: Path) -> dict[str, Callable[[], list[str]]]:
    """Case name -> a maker of its ``audit`` arguments (after ``-m audit``)."""

    def run_on(path: Path) -> list[str]:
        return ["run", "REFERENCE", str(path)]

    def manifest() -> list[str]:
        path = folder / "manifest.csv"
        path.write_text("reference,derivative\nreference.txt,/proc/self/maps\n", encoding="utf-8")
        return ["batch", str(path)]

    return {
        "plain .txt (yardstick)": lambda: run_on(derivative),
        "2 GB zip bomb .docx": lambda: run_on(zip_bomb(folder / "bomb.docx", 2_000_000_000)),
        ".docx cut short": lambda: run_on(cut_short(folder / "cut.docx", LINES)),
        ".docx entity loop": lambda: run_on(entity_loop(folder / "laughs.docx")),
        ".docx 5,000 deep": lambda: run_on(deep_nesting(folder / "deep.docx", 5000)),
        "manifest row /proc/self/maps": manifest,
    }


READ_ONLY = "import sys; from audit.read import read_document; read_document(sys.argv[1])"


def dense(path: Path, limit: int = 20_000_000) -> Path:
    """A .docx whose parts unpack to just under ``limit`` bytes of one-letter paragraphs."""
    others = 830_000  # python-docx's other parts (styles, theme, ...) unpack to about this
    unit = len(paragraphs_xml(["a", "a"])) - len(paragraphs_xml(["a"]))
    return docx_with(path, paragraphs_xml(["a"] * ((limit - others) // unit - 10)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reference", type=Path)
    parser.add_argument("derivative", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="audit-hostile-") as tmp:
        folder = Path(tmp)
        reference = folder / "reference.txt"
        reference.write_bytes(args.reference.read_bytes())
        floor = [child(["-c", "import audit.cli"]) for _ in range(args.runs)]
        print(f"{'import audit.cli (floor)':32} {_median(floor)}")
        for name, make in cases(folder, args.derivative.resolve()).items():
            command = [str(reference) if a == "REFERENCE" else a for a in make()]
            out = ["--out", str(folder / "out"), "--quiet"]
            runs = [child(["-m", "audit", *command, *out]) for _ in range(args.runs)]
            print(f"{name:32} {_median(runs)}  exit {runs[0][2]}  {runs[0][3][:90]}")
        limit = str(dense(folder / "dense.docx"))
        runs = [child(["-c", READ_ONLY, limit]) for _ in range(args.runs)]
        print(f"{'read .docx at the limit (dense)':32} {_median(runs)}  exit {runs[0][2]}")


def _median(runs: list[tuple[float, float, int, str]]) -> str:
    wall = statistics.median(r[0] for r in runs)
    return f"{wall:6.2f} s  {max(r[1] for r in runs):7.0f} MiB"


if __name__ == "__main__":
    main()
