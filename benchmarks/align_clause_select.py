"""Does the best clause variant still gain once the choice itself is held out? Nested CV on dev.

``benchmarks/align_clause_match.py`` scores many clause-embedding variants (2 cuts x 3 piece
lengths x 6 feature sets) out of fold on the same 45 dev pairs and the best of them is chosen on
those figures, so its gain is flattered by the choice. Here the whole procedure is held out: the
dev pairs are cut into 5 outer folds; on the 4/5 of the pairs outside a fold every candidate
(the refitted shipped features and every clause variant) is scored by its inner 5-fold
out-of-fold mean F1 (plain and ``--shuffle-blocks`` 1 and 2, shipped decoding), the best is
refitted on those pairs and applied to the held-out fold. The held-out links of the five folds are
pooled into micro F1 figures and compared with the refitted shipped features fitted on the same
pairs (paired bootstrap over pairs). ``chosen`` lists the variant picked in each outer fold.

Run:  PYTHONPATH=. python benchmarks/align_clause_select.py ../shared/bench/align/aesop_gnat.jsonl
      [--outer-seeds 0 1]      # dev only; vectors cached by align_clause_match in --cache
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import align_clause_match as acm
import numpy as np
from align_match_features import SHIPPED, f1

from audit.bench.align import load_gold
from audit.settings import AlignConfig


def subset(sets: dict, keep: list[int]) -> dict:
    return {seed: [rows[n] for n in keep] for seed, rows in sets.items()}


def inner_score(sets: dict, keys: list[str] | str) -> float:
    """Mean out-of-fold F1 (plain and the two shuffles) of one candidate on ``sets``."""
    zs = acm.out_of_fold(sets, keys, 0)
    return float(np.mean([f1(sets[s], zs[s], AlignConfig()) for s in sets]))


def held_out_counts(train: dict, test: dict, keys: list[str] | str) -> np.ndarray:
    """(sets, test pairs, 3) link counts of the model fitted on ``train`` applied to ``test``."""
    model = acm.fit(train[None], keys)
    return acm.counts(test, {s: [model(f) for *_, f in rows] for s, rows in test.items()})


def nested(all_sets: dict, outer_seed: int, folds: int = 5) -> dict:
    """Pooled held-out F1 of 'choose the best candidate on the rest' against the baseline."""
    first = next(iter(all_sets.values()))
    outer = acm._folds(len(first[None]), outer_seed, folds)
    chosen, base, picked = [], [], []
    for k in range(folds):
        train = [n for n in range(len(outer)) if outer[n] != k]
        test = [n for n in range(len(outer)) if outer[n] == k]
        scored = [((None, "shipped features, refitted", SHIPPED), 0.0)]
        scored[0] = (scored[0][0], inner_score(subset(first, train), SHIPPED))
        for cfg, sets in all_sets.items():
            inner = subset(sets, train)
            for name, keys in acm.variant_keys(cfg).items():
                scored.append(((cfg, name, keys), inner_score(inner, keys)))
        (cfg, name, keys), score = max(scored, key=lambda item: item[1])
        chosen.append({"variant": name, "cut": cfg, "inner_mean_f1": round(score, 4)})
        sets = all_sets[cfg] if cfg else first
        picked.append(held_out_counts(subset(sets, train), subset(sets, test), keys))
        base.append(held_out_counts(subset(first, train), subset(first, test), SHIPPED))
    b, p = np.concatenate(base, 1), np.concatenate(picked, 1)
    return {
        "outer_seed": outer_seed,
        "baseline_f1": _f1s(b),
        "selected_f1": _f1s(p),
        "selected_vs_baseline": acm.paired_bootstrap(b, p),
        "chosen": chosen,
    }


def _f1s(c: np.ndarray) -> dict:
    hits, pred, gold = c.sum(1).T
    p, r = hits / pred, hits / gold
    f = 2 * p * r / (p + r)
    return {"plain": round(f[0], 4), "shuffle_1": round(f[1], 4), "shuffle_2": round(f[2], 4),
            "mean": round(float(f.mean()), 4)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--outer-seeds", type=int, nargs="+", default=[0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/align6/cache"))
    args = parser.parse_args()
    pairs = load_gold(args.gold, "dev")
    vec = acm.PieceVectors(args.cache)
    all_sets = {}
    for conj in (False, True):
        for min_words in (2, 3, 4):
            acm.MIN_WORDS = min_words  # clauses() reads it
            texts = [p for g in pairs for s in (*g.reference, *g.derivative)
                     for p in acm.clauses(s, conj)]  # fmt: skip
            vec.add(texts)
            all_sets[f"{'conj' if conj else 'punct'}, min_words {min_words}"] = acm.build_sets(
                pairs, vec, conj
            )
    for seed in args.outer_seeds:
        print(json.dumps(nested(all_sets, seed)), flush=True)


if __name__ == "__main__":
    main()
