"""Speed of audit.score.ter_exact against sacrebleu's TER on the same (hypothesis, reference) pairs.

By default the pairs come from the project alone: ``--derivatives`` perturbed copies of the seed
derivatives (``audit/bench/perturb.py``, as ``audit bench speed`` makes them) are audited against
the seed reference with the real model, and every distinct aligned unit pair within the TER word
cap is kept. ``--pairs FILE`` reads them instead from a JSON list whose rows end with
``hypothesis, reference`` (e.g. ``[hyp_words, ref_words, seconds, hyp, ref]``).

Each pair is timed ``--runs`` times with both implementations (interleaved, so machine noise hits
both alike); the report gives the sums of the per-pair medians and their ratio, the median pair
time of each, the median per-pair ratio, the same for the slowest ``--top`` pairs (by
sacrebleu's time), and checks that every value is identical (exit 1 otherwise).

Run:  PYTHONPATH=. python benchmarks/ter_speed.py [--derivatives 200] [--pairs FILE] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sacrebleu.metrics import TER

from audit.bench.perturb import perturbed_derivatives
from audit.pipeline import audit_documents
from audit.score.ter_exact import sentence_ter
from audit.settings import AuditConfig
from audit.words import word_count

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

Pair = tuple[str, str]


def seed_pairs(count: int) -> list[Pair]:
    """Distinct aligned unit pairs (derivative text, reference text) of perturbed seeds."""
    config = AuditConfig()
    reference = SEEDS / "000_f9f4761fe1795f31.txt"
    bases = sorted(SEEDS.glob("00[1-9]_*.txt"))
    with tempfile.TemporaryDirectory() as folder:
        paths = perturbed_derivatives(bases, count, Path(folder), seed=13)
        result = audit_documents(reference, paths, config)
    pairs = {
        (a.derivative.text_of(u.deriv), a.reference.text_of(u.ref))
        for a in result.audits
        for u in a.units
        if u.ref and u.deriv
    }
    cap = config.ter_max_words
    return sorted(p for p in pairs if max(word_count(p[0]), word_count(p[1])) <= cap)


def file_pairs(path: Path) -> list[Pair]:
    return [(row[-2], row[-1]) for row in json.loads(path.read_text(encoding="utf-8"))]


def _seconds(function: Callable[[str, str], float], pair: Pair) -> tuple[float, float]:
    start = time.perf_counter()
    value = function(*pair)
    return time.perf_counter() - start, value


def measure(pairs: list[Pair], runs: int) -> list[tuple[float, float, bool]]:
    """Per pair: median seconds of sacrebleu, of ter_exact, and whether the values are equal."""
    metric = TER()

    def old(hyp: str, ref: str) -> float:
        return float(metric.sentence_score(hyp, [ref]).score)

    rows = []
    for pair in pairs:
        old_t, new_t, same = [], [], True
        for _ in range(runs):
            t_old, v_old = _seconds(old, pair)
            t_new, v_new = _seconds(sentence_ter, pair)
            old_t.append(t_old)
            new_t.append(t_new)
            same = same and v_old == v_new
        rows.append((statistics.median(old_t), statistics.median(new_t), same))
    return rows


def summary(label: str, rows: list[tuple[float, float, bool]]) -> str:
    old = sum(r[0] for r in rows)
    new = sum(r[1] for r in rows)
    per_pair = statistics.median(r[0] / r[1] for r in rows)
    old_mid = statistics.median(r[0] for r in rows) * 1000
    new_mid = statistics.median(r[1] for r in rows) * 1000
    return (
        f"{label}: {len(rows)} pairs; total sacrebleu {old:.3f} s, ter_exact {new:.3f} s "
        f"= {old / new:.1f}x; median pair sacrebleu {old_mid:.2f} ms, ter_exact {new_mid:.2f} ms "
        f"= {old_mid / new_mid:.1f}x; median per-pair ratio {per_pair:.1f}x"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, help="JSON rows ending with hypothesis, reference")
    parser.add_argument("--derivatives", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()
    pairs = file_pairs(args.pairs) if args.pairs else seed_pairs(args.derivatives)
    rows = measure(pairs, args.runs)
    slowest = sorted(rows, key=lambda r: -r[0])[: args.top]
    print(summary("all", rows))
    print(summary(f"slowest {len(slowest)}", slowest))
    differ = sum(not r[2] for r in rows)
    print(f"values identical: {len(rows) - differ}/{len(rows)}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
