"""Scale in length: one derivative of N distinct news-like lines against one reference.

For each N (default 1,000 / 5,000 / 20,000 / 50,000) it writes a derivative of N distinct
sentences (``news_lines``), then measures in fresh child processes, in the same run:

- ``audit run REFERENCE DERIVATIVE`` (model load, embedding, alignment, scores, checks, CSV
  reports), wall seconds and peak resident memory (``os.wait4``);
- the yardstick: plain sentence-transformers loading the packaged model and embedding the same
  lines (``SentenceTransformer.encode``, batch 64), wall seconds of load + encode, the encode
  alone, and peak memory.

It prints one line per N with the ratio audit / plain, and the log-log slope of the audit's
time (least squares over all N; 1.0 is linear). The reference is a path argument (for example
the seed reference ``seeds/000_*.txt``).

Run:  .venv/bin/python benchmarks/scale_length.py seeds/000_f9f4761fe1795f31.txt \
          [--lines 1000,5000,20000,50000] [--runs 1] [--backend auto]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from news_lines import news_lines  # noqa: E402

_PLAIN = """
import json, sys, time
t0 = time.perf_counter()
from sentence_transformers import SentenceTransformer
from audit.embed import resolve_model
lines = [l for l in open(sys.argv[1], encoding="utf-8").read().splitlines() if l.strip()]
model = SentenceTransformer(str(resolve_model("all-MiniLM-L6-v2")), device="cpu")
t1 = time.perf_counter()
model.encode(lines, batch_size=64, normalize_embeddings=True)
t2 = time.perf_counter()
print(json.dumps({"load": t1 - t0, "encode": t2 - t1}))
"""


def child(args: Sequence[str]) -> tuple[float, float, str]:
    """Run ``python ARGS``: wall seconds, peak resident MiB, stdout."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(
            [sys.executable, *args], stdout=out, stderr=subprocess.DEVNULL, env=_env()
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        out.seek(0)
        text = out.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"`python {' '.join(args)}` failed; run it to see why")
    return wall, usage.ru_maxrss / 1024, text


def _env() -> dict[str, str]:
    env = dict(os.environ, TQDM_DISABLE="1", HF_HUB_DISABLE_PROGRESS_BARS="1")
    env["PYTHONPATH"] = os.pathsep.join([os.getcwd(), env.get("PYTHONPATH", "")])
    return env


def measure(reference: Path, n: int, runs: int, backend: str, folder: Path) -> dict:
    """One N: the audit and the plain embedding, medians over ``runs``."""
    derivative = folder / f"derivative_{n}.txt"
    text = "\n".join(news_lines(n, seed=n)) + "\n"
    derivative.write_text(text, encoding="utf-8")
    audit_args = ["-m", "audit", "run", str(reference), str(derivative), "--quiet"]
    audit_args += ["--out", str(folder / f"out_{n}"), "--backend", backend]
    audit_args += ["--max-chars", str(len(text) + 1000)]
    audits = [child(audit_args) for _ in range(runs)]
    plains = [child(["-c", _PLAIN, str(derivative)]) for _ in range(runs)]
    encode = statistics.median(json.loads(p[2])["encode"] for p in plains)
    audit_wall = statistics.median(a[0] for a in audits)
    plain_wall = statistics.median(p[0] for p in plains)
    return {
        "lines": n,
        "audit_s": round(audit_wall, 2),
        "audit_peak_mib": round(statistics.median(a[1] for a in audits)),
        "plain_load_embed_s": round(plain_wall, 2),
        "plain_embed_s": round(encode, 2),
        "plain_peak_mib": round(statistics.median(p[1] for p in plains)),
        "ratio_to_load_embed": round(audit_wall / plain_wall, 3),
        "ratio_to_embed": round(audit_wall / encode, 3),
    }


def slope(points: Sequence[tuple[float, float]]) -> float:
    """Least-squares slope of log(time) over log(lines)."""
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(y) for _, y in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reference", type=Path)
    parser.add_argument("--lines", default="1000,5000,20000,50000")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--backend", default="auto")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="audit-scale-") as tmp:
        for n in (int(v) for v in args.lines.split(",")):
            rows.append(measure(args.reference.resolve(), n, args.runs, args.backend, Path(tmp)))
            print(json.dumps(rows[-1]), flush=True)
    if len(rows) > 1:
        points = [(r["lines"], r["audit_s"]) for r in rows]
        plain = [(r["lines"], r["plain_embed_s"]) for r in rows]
        print(
            json.dumps(
                {"audit_slope": round(slope(points), 3), "plain_slope": round(slope(plain), 3)}
            )
        )


if __name__ == "__main__":
    main()
