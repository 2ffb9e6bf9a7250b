"""Ray throughput with one and with two worker processes, beside ``--engine local``, one run.

A batch of the seeds and N derivatives made by perturbing them (``audit.bench.perturb``) is
audited three times: ``--engine local``, then ``--engine ray`` on a cluster of one node (one
worker CPU) and on a cluster of two nodes (two worker CPUs). Every Ray cluster runs inside a
network namespace made for it (``unshare -n``, loopback only: ``tests/engine/ray_cluster.sh``),
so this needs root. Times are of the ``audit batch`` command alone (cluster start excluded).

Run:  .venv/bin/python benchmarks/ray_workers.py seeds [--derivatives 400]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from audit.bench.perturb import perturbed_derivatives

ROOT = Path(__file__).resolve().parent.parent
CLUSTER = ROOT / "tests" / "engine" / "ray_cluster.sh"


def timed_batch(args: list[str]) -> float:
    start = time.perf_counter()
    command = [sys.executable, "-m", "audit", "batch", *args]
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def on_cluster(nodes: int, manifest: Path, out: Path) -> float:
    """Seconds of ``audit batch --engine ray`` on a fresh cluster of ``nodes`` nodes."""
    inner = [sys.executable, __file__, "--inner", str(manifest), str(out)]
    env = dict(os.environ, RAY_NODES=str(nodes))
    command = ["unshare", "-n", "bash", str(CLUSTER), str(Path(sys.executable).parent), "6393"]
    run = subprocess.run([*command, *inner], env=env, capture_output=True, text=True, check=True)
    return float(run.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", type=Path, nargs="?")
    parser.add_argument("--derivatives", type=int, default=400)
    parser.add_argument("--inner", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        manifest, out = args.inner
        print(timed_batch([str(manifest), "--out", str(out), "-q", "--engine", "ray"]))
        return
    reference = sorted(args.seeds.glob("000_*.txt"))[0].resolve()
    seeds = sorted(p.resolve() for p in args.seeds.glob("00[1-9]_*.txt"))
    with tempfile.TemporaryDirectory(prefix="audit-ray-") as tmp:
        folder = Path(tmp)
        made = perturbed_derivatives(seeds, args.derivatives, folder, seed=3)
        manifest = folder / "manifest.csv"
        (folder / reference.name).write_bytes(reference.read_bytes())  # a manifest reads its folder
        rows = "".join(f"{reference.name},{p}\n" for p in made)
        manifest.write_text(f"reference,derivative\n{rows}", encoding="utf-8")
        local = timed_batch([str(manifest), "--out", str(folder / "local"), "-q"])
        one = on_cluster(1, manifest, folder / "ray1")
        two = on_cluster(2, manifest, folder / "ray2")
    n = len(made)
    print(
        json.dumps(
            {
                "derivatives": n,
                "local_s": round(local, 2),
                "ray_1_worker_s": round(one, 2),
                "ray_2_workers_s": round(two, 2),
                "derivatives_per_s": {
                    "local": round(n / local, 2),
                    "ray_1": round(n / one, 2),
                    "ray_2": round(n / two, 2),
                },
                "speed_up_2_over_1": round(one / two, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
