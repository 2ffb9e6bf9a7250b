"""Peak memory of ``audit batch`` as the batch grows: the reports are streamed, never held whole.

For each N (default 100 / 400 / 1,600) it writes N derivatives made by perturbing the seeds
(``audit.bench.perturb``) against the seed reference, then runs, in a fresh process,
``audit batch MANIFEST --format csv,json,html,xlsx,parquet`` and reports wall seconds, peak
resident memory (``os.wait4``; the largest of the command and its worker processes) and the
report files' total size. Growth of the peak per derivative is the figure to read: with the
reports written per partition and merged it stays flat while the reports grow.

With ``--engine ray`` each batch runs on a fresh two-node Ray cluster on 127.0.0.1 inside a
network namespace made for it (``unshare -n``, loopback only: ``tests/engine/ray_cluster.sh``;
needs root), and the peak is the driver's (the ``audit batch`` process; the Ray workers are the
cluster's processes, not its children).

Run:  .venv/bin/python benchmarks/batch_memory.py seeds [--derivatives 100,400,1600]
          [--engine ray]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_length import child  # noqa: E402

from audit.bench.perturb import perturbed_derivatives  # noqa: E402

FORMATS = "csv,json,html,xlsx,parquet"
ROOT = Path(__file__).resolve().parent.parent
CLUSTER = ROOT / "tests" / "engine" / "ray_cluster.sh"


def on_cluster(manifest: Path, out: Path) -> tuple[float, float]:
    """``measured_batch`` with ``--engine ray`` on a fresh two-node cluster in a namespace."""
    inner = [sys.executable, __file__, "--inner", str(manifest), str(out)]
    command = ["unshare", "-n", "bash", str(CLUSTER), str(Path(sys.executable).parent), "6395"]
    run = subprocess.run([*command, *inner], capture_output=True, text=True, check=True)
    wall, peak = json.loads(run.stdout.strip().splitlines()[-1])
    return wall, peak


def measured_batch(manifest: Path, out: Path, *extra: str) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one ``audit batch`` in a fresh process."""
    command = ["-m", "audit", "batch", str(manifest), "--out", str(out), *extra]
    wall, peak, _ = child([*command, "--format", FORMATS, "-q"])
    return wall, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", type=Path, nargs="?")
    parser.add_argument("--derivatives", default="100,400,1600")
    parser.add_argument("--engine", choices=("local", "ray"), default="local")
    parser.add_argument("--inner", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        print(json.dumps(measured_batch(*args.inner, "--engine", "ray")))
        return
    reference = sorted(args.seeds.glob("000_*.txt"))[0].resolve()
    seeds = sorted(p.resolve() for p in args.seeds.glob("00[1-9]_*.txt"))
    rows = []
    for n in (int(v) for v in args.derivatives.split(",")):
        with tempfile.TemporaryDirectory(prefix="audit-memory-") as tmp:
            folder = Path(tmp)
            (folder / "in").mkdir()
            made = perturbed_derivatives(seeds, n, folder / "in", seed=5)
            manifest = folder / "manifest.csv"
            (folder / reference.name).write_bytes(reference.read_bytes())  # under the manifest
            lines = "".join(f"{reference.name},{p}\n" for p in made)
            manifest.write_text(f"reference,derivative\n{lines}", encoding="utf-8")
            run = on_cluster if args.engine == "ray" else measured_batch
            wall, peak = run(manifest, folder / "out")
            size = sum(p.stat().st_size for p in (folder / "out").iterdir() if p.is_file())
        rows.append(
            {
                "engine": args.engine,
                "derivatives": n,
                "seconds": round(wall, 1),
                "peak_mib": round(peak),
                "reports_mib": round(size / 2**20, 1),
            }
        )
        print(json.dumps(rows[-1]), flush=True)
    first, last = rows[0], rows[-1]
    if last["derivatives"] != first["derivatives"]:  # one size: no growth to show
        growth = (last["peak_mib"] - first["peak_mib"]) / (
            last["derivatives"] - first["derivatives"]
        )
        print(json.dumps({"peak_growth_kib_per_derivative": round(growth * 1024, 1)}))


if __name__ == "__main__":
    main()
