"""Train the meaning judge (``audit/judge/``) and write its weights file.

    .venv/bin/python benchmarks/train_judge.py \\
        --news21 ../shared/bench/mqm/mqm_zhen_news21.tsv \\
        --news23 ../shared/bench/mqm/mqm_zhen_news23.tsv \\
        --wordnet /usr/share/wordnet --out audit/judge/weights/judge.npz

Data: every row of the news21 file and the fitting half of the news23 file (its evaluation half
is never read), aligned into units by the audit's own stages (``audit.judge.data``), and planted
changes of their clean units and of their references (``audit.judge.perturb``, lexicon from
WordNet: Debian's ``wordnet-base``). Model: the shipped all-MiniLM-L6-v2 with its top ``--top``
layers fine-tuned and two heads (``audit.judge.net``); the lower layers are frozen, so their
token vectors are computed once and cached. A sixth of the documents (seeded) is held out to
calibrate the unit probability (Platt) and to choose the thresholds; the rest trains the
shipped weights. ``--folds N`` first prints N-fold cross-validated figures (folds by document).
Seeded: the same data and seed give the same file. Needs ``pip install -e '.[train]'``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from judge_training import (  # noqa: E402
    Prepared,
    calibrate,
    figures,
    predict,
    prepare,
    train,
)

from audit.judge.net import (  # noqa: E402
    load_base,
    merged_net,
    read_weights,
    save_weights,
    trained_state,
)


def main() -> None:
    args = _parser().parse_args()
    started = time.perf_counter()
    _seed(args.seed)
    data = prepare(args)
    _log(started, f"{len(data.examples)} examples, {len(set(data.groups))} documents, cached")
    if args.folds:
        _cross_validate(data, args, started)
    held = _held_out(data.groups, args.seed)
    fit = [k for k, g in enumerate(data.groups) if g not in held]
    check = [k for k, g in enumerate(data.groups) if g in held]
    if args.calibrate:
        _recalibrate(args, data, check, held)
        return
    net = train(data, fit, args, started)
    base = load_base(data.base).state_dict()
    for rank in sorted({0, args.rank}):
        arrays = trained_state(net, base, rank)
        shipped = merged_net(data.base, arrays, args.top)
        units = predict(shipped, data, check)
        meta = calibrate(data, check, units)
        meta.update(_meta(args, data), rank=rank, held_out=sorted(held))
        size = sum(a.nbytes for a in arrays.values()) / 1e6
        what = f"rank {rank}" if rank else "whole layers (float16)"
        print(
            f"held-out documents, {what}, {size:.1f} MB:",
            json.dumps(figures(data, check, units, meta)),
        )
        if rank == args.rank:
            save_weights(Path(args.out), arrays, meta)
    _log(started, f"wrote {args.out} ({Path(args.out).stat().st_size / 1e6:.1f} MB)")


def _recalibrate(
    args: argparse.Namespace, data: Prepared, check: list[int], held: set[str]
) -> None:
    """Calibrate a weights file again (its trained arrays kept) on the held-out documents."""
    arrays, old = read_weights(args.calibrate)
    units = predict(merged_net(data.base, arrays, int(old["top"])), data, check)
    meta = calibrate(data, check, units)
    meta.update({k: v for k, v in old.items() if k not in meta}, held_out=sorted(held))
    print("held-out documents, recalibrated:", json.dumps(figures(data, check, units, meta)))
    save_weights(Path(args.out), arrays, meta)


def _cross_validate(data: Prepared, args: argparse.Namespace, started: float) -> None:
    groups = sorted(set(data.groups))
    random.Random(args.seed).shuffle(groups)
    folds = [set(groups[k :: args.folds]) for k in range(args.folds)]
    out_units = np.zeros((len(data.examples), 4), dtype=np.float32)
    for n, fold in enumerate(folds):
        fit = [k for k, g in enumerate(data.groups) if g not in fold]
        test = [k for k, g in enumerate(data.groups) if g in fold]
        net = train(data, fit, args, started)
        units = predict(net, data, test)
        out_units[test] = units
        _log(started, f"fold {n + 1}/{args.folds} done")
    every = list(range(len(data.examples)))
    meta = calibrate(data, every, out_units)
    print("cross-validated (out of fold):", json.dumps(figures(data, every, out_units, meta)))


def _held_out(groups: list[str], seed: int) -> set[str]:
    names = sorted(set(groups))
    random.Random(seed + 1).shuffle(names)
    return set(names[: max(1, len(names) // 6)])


def _meta(args: argparse.Namespace, data: Prepared) -> dict[str, object]:
    digest = hashlib.sha256(
        "\n".join(f"{e.reference}\t{e.derivative}" for e in data.examples).encode()
    ).hexdigest()[:12]
    return {
        "top": args.top,
        "max_tokens": args.max_tokens,
        "seed": args.seed,
        "epochs": args.epochs,
        "examples": len(data.examples),
        "data": digest,
        "base": data.base_hash,
    }


def _seed(seed: int) -> None:
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_flush_denormal(True)
    torch.use_deterministic_algorithms(True, warn_only=True)


def _log(started: float, message: str) -> None:
    print(f"[{time.perf_counter() - started:7.1f} s] {message}", flush=True)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--news21", required=True, type=Path, help="mqm_zhen_news21.tsv")
    parser.add_argument("--news23", required=True, type=Path, help="mqm_zhen_news23.tsv")
    parser.add_argument("--wordnet", default=Path("/usr/share/wordnet"), type=Path)
    parser.add_argument("--out", default="audit/judge/weights/judge.npz")
    parser.add_argument("--top", type=int, default=6, help="layers fine-tuned (from the top)")
    parser.add_argument("--epochs", type=float, default=2.0)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument(
        "--bf16",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="train in bfloat16 autocast (fast on CPUs with AMX or AVX-512 BF16)",
    )
    parser.add_argument("--max-tokens", type=int, default=160)
    parser.add_argument("--folds", type=int, default=0, help="cross-validate first (0: no)")
    parser.add_argument("--rank", type=int, default=64, help="low-rank factors (0: whole layers)")
    parser.add_argument(
        "--calibrate", type=Path, help="only calibrate this weights file again (no training)"
    )
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--limit", type=int, default=0, help="rows per file (0: all; trials)")
    return parser


if __name__ == "__main__":
    main()
