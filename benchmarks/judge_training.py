"""The pieces of ``train_judge.py``: data with cached lower-layer vectors, training, prediction,
calibration and the figures it prints."""

from __future__ import annotations

import argparse
import math
import random
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats

from audit.bench.judged import auc_of, rounded, share_of
from audit.bench.mqm import read_mqm, select_half
from audit.embed import create_encoder, model_hash, resolve_model
from audit.judge.data import Example, mqm_examples, planted_examples
from audit.judge.evidence import STACKED, evidence, probability
from audit.judge.lexicon import build_lexicon
from audit.judge.net import judge_net, load_base
from audit.judge.perturb import REVERSES, SHIFTS
from audit.judge.tokens import Pair, encode_pairs, load_tokenizer, token_labels
from audit.judge.wordnet import read_wordnet
from audit.settings import DEFAULT_MODEL, AuditConfig

IDENTITY_BASES = 2000
"""References planted on as their own derivative (the rest are planted on clean MT units)."""
FALSE_ALARMS = 0.03
"""Share of error-free held-out rows the judge alone may flag major (the checks add theirs)."""
MINOR_ALARMS = 0.10
"""Share of error-free held-out rows the judge may give a minor finding."""


@dataclass(frozen=True)
class Prepared:
    examples: list[Example]
    groups: list[str]
    pairs: list[Pair]
    labels: list[np.ndarray]
    cache: list[Any]
    """float16 token vectors after the frozen layers, one (tokens, hidden) tensor a pair."""
    targets: np.ndarray
    """(examples, 3): major, opposite, log1p(penalty); NaN where not known."""
    base: Any
    base_hash: str


def prepare(args: argparse.Namespace) -> Prepared:
    limit = args.limit or None
    news21 = read_mqm(args.news21, limit)
    news23 = select_half(read_mqm(args.news23), "fit")[:limit]
    encoder, config = create_encoder(), AuditConfig()
    found = mqm_examples(news21, "news21", encoder, config)
    found += mqm_examples(news23, "news23", encoder, config)
    corpus = list(dict.fromkeys(e.reference for e in found))
    lexicon = build_lexicon(read_wordnet(args.wordnet), corpus)
    clean = [e for e in found if e.major == 0 and not e.errors and not e.unsure]
    identity = _identity(found, args.seed)
    examples = found + planted_examples(clean, lexicon, args.seed)
    examples += planted_examples(identity, lexicon, args.seed + 1) + identity[:300]
    base = resolve_model(DEFAULT_MODEL)
    tokenizer = load_tokenizer(base, args.max_tokens)
    pairs = encode_pairs(tokenizer, [(e.reference, e.derivative) for e in examples])
    labels = [
        token_labels(p, e.errors, e.unsure, e.lost) for p, e in zip(pairs, examples, strict=True)
    ]
    cache = _bottom_cache(base, args.top, pairs)
    return Prepared(
        examples,
        [e.group for e in examples],
        pairs,
        labels,
        cache,
        _targets(examples),
        base,
        model_hash(base),
    )


def _identity(found: list[Example], seed: int) -> list[Example]:
    seen: dict[str, Example] = {}
    for e in found:
        seen.setdefault(e.reference, e)
    chosen = random.Random(seed).sample(sorted(seen), min(IDENTITY_BASES, len(seen)))
    return [
        Example(seen[r].group, f"{seen[r].row}:self", "same", r, r, 0.0, 0.0, 0.0, lost=())
        for r in chosen
    ]


def _targets(examples: list[Example]) -> np.ndarray:
    out = np.full((len(examples), 3), np.nan, dtype=np.float32)
    for k, e in enumerate(examples):
        out[k] = [
            np.nan if e.major is None else e.major,
            np.nan if e.opposite is None else e.opposite,
            np.nan if e.penalty is None else math.log1p(e.penalty),
        ]
    return out


def _bottom_cache(base: Any, top: int, pairs: list[Pair]) -> list[Any]:
    import torch

    net = judge_net(load_base(base), top).eval()
    order = sorted(range(len(pairs)), key=lambda k: len(pairs[k]))
    cache: list[Any] = [None] * len(pairs)
    with torch.no_grad():
        for start in range(0, len(order), 64):
            chosen = order[start : start + 64]
            ids, mask, types = _inputs([pairs[k] for k in chosen])
            hidden = net.bottom(ids, mask, types)
            for row, k in enumerate(chosen):
                cache[k] = hidden[row, : len(pairs[k])].to(torch.float16).clone()
    return cache


def _inputs(pairs: list[Pair]) -> tuple[Any, Any, Any]:
    import torch

    from audit.judge.tokens import pad

    return tuple(torch.from_numpy(a) for a in pad(pairs))  # type: ignore[return-value]


def _batch(data: Prepared, chosen: list[int]) -> tuple[Any, ...]:
    import torch

    width = max(len(data.pairs[k]) for k in chosen)
    hidden = torch.zeros((len(chosen), width, data.cache[chosen[0]].shape[1]))
    labels = torch.full((len(chosen), width), -1.0)
    for row, k in enumerate(chosen):
        n = len(data.pairs[k])
        hidden[row, :n] = data.cache[k].float()
        labels[row, :n] = torch.from_numpy(data.labels[k])
    _, mask, types = _inputs([data.pairs[k] for k in chosen])
    return hidden, mask, types, labels, torch.from_numpy(data.targets[chosen])


def _batches(data: Prepared, indices: list[int], size: int, rng: random.Random) -> list[list[int]]:
    order = sorted(indices, key=lambda k: (len(data.pairs[k]), k))
    out = [order[s : s + size] for s in range(0, len(order), size)]
    rng.shuffle(out)
    return out


def train(data: Prepared, indices: list[int], args: argparse.Namespace, started: float) -> Any:
    import torch

    torch.manual_seed(args.seed)
    net = judge_net(load_base(data.base), args.top)
    first = len(net.bert.encoder.layer) - args.top
    layers = [p for layer in net.bert.encoder.layer[first:] for p in layer.parameters()]
    heads = [*net.unit.parameters(), *net.word.parameters()]
    for p in net.bert.parameters():
        p.requires_grad_(False)
    for p in layers:
        p.requires_grad_(True)
    optimizer = torch.optim.AdamW(
        [{"params": layers, "lr": args.lr}, {"params": heads, "lr": args.lr * 10}],
        weight_decay=0.01,
    )
    rng = random.Random(args.seed)
    plan = [
        b for _ in range(math.ceil(args.epochs)) for b in _batches(data, indices, args.batch, rng)
    ]
    plan = plan[: int(len(plan) * args.epochs / math.ceil(args.epochs))]
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, _warmup_decay(len(plan)))
    net.train()
    for step, chosen in enumerate(plan):
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16):
            loss = _loss(net, *_batch(data, chosen))
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(layers + heads, 1.0)
        optimizer.step()
        schedule.step()
        if step % 100 == 0:
            print(
                f"[{time.perf_counter() - started:7.1f} s] step {step}/{len(plan)} "
                f"loss {loss.item():.4f}",
                flush=True,
            )
    return net.eval()


def _warmup_decay(total: int) -> Any:
    warm = max(1, total // 16)
    return lambda step: min(1.0, (step + 1) / warm) * max(0.0, (total - step) / total)


def _loss(net: Any, hidden: Any, mask: Any, types: Any, labels: Any, targets: Any) -> Any:
    import torch
    from torch.nn import functional as F

    unit, words = net.upper(hidden, mask, types)
    unit, words = unit.float(), words.float()
    total = torch.zeros(())
    for column, weight in ((0, 1.0), (1, 1.0)):
        known = ~torch.isnan(targets[:, column])
        if known.any():
            total = total + weight * F.binary_cross_entropy_with_logits(
                unit[known, column], targets[known, column]
            )
    known = ~torch.isnan(targets[:, 2])
    if known.any():
        total = total + 0.3 * F.mse_loss(unit[known, 2], targets[known, 2])
    seen = labels >= 0
    if seen.any():
        total = total + 0.5 * F.binary_cross_entropy_with_logits(
            words[seen], labels[seen], pos_weight=torch.tensor(3.0)
        )
    return total


def predict(net: Any, data: Prepared, indices: list[int]) -> np.ndarray:
    """What the calibration reads of each example, in ``indices`` order, shape
    (len(indices), 4): the unit's Major and opposite logits, its derivative words' largest
    word logit and its reference words' (``audit.judge.evidence``)."""
    import torch

    out = np.zeros((len(indices), 4), dtype=np.float32)
    position = {k: n for n, k in enumerate(indices)}
    with torch.no_grad():
        for chosen in _batches(data, indices, 64, random.Random(0)):
            hidden, mask, types, _, _ = _batch(data, chosen)
            unit, word = net.upper(hidden, mask, types)
            for row, k in enumerate(chosen):
                pair = data.pairs[k]
                out[position[k]] = evidence(unit[row].numpy(), word[row, : len(pair)].numpy(), pair)
    return out


def calibrate(data: Prepared, indices: list[int], units: np.ndarray) -> dict[str, Any]:
    """The calibration of the Major probability: a logistic regression over the unit's Major
    logit and its largest word logits on either side (``predict``), fitted on held-out
    examples; and the thresholds (``FALSE_ALARMS`` on error-free rows for major,
    ``MINOR_ALARMS`` for minor; 2% of non-reversing planted changes for opposite)."""
    from sklearn.linear_model import LogisticRegression

    y = data.targets[indices, 0]
    known = ~np.isnan(y)
    chosen = units[:, list(STACKED)]
    model = LogisticRegression(C=1.0).fit(chosen[known], y[known].astype(int))
    stack = [*map(float, model.coef_[0]), float(model.intercept_[0])]
    p = probability(stack, chosen)
    clean = [v for v, bad in _rows(data, indices, p).values() if not bad]
    major = float(np.quantile(clean, 1.0 - FALSE_ALARMS)) if clean else 0.5
    others = [
        units[n, 1]
        for n, k in enumerate(indices)
        if data.examples[k].opposite == 0.0 and data.examples[k].origin != "mqm"
    ]
    opposite = float(np.quantile(others, 0.98)) if others else 0.0
    minor = float(np.quantile(clean, 1.0 - MINOR_ALARMS)) if clean else 0.5
    return {
        "stack": stack,
        "accept": float(np.median(clean)) if clean else 0.0,
        "major": max(0.5, major),
        "minor": min(max(0.3, minor), max(0.5, major)),
        "opposite_logit": opposite,
    }


def _rows(data: Prepared, indices: list[int], p: np.ndarray) -> dict[str, tuple[float, bool]]:
    """MQM rows: (worst unit probability, has a Major error or any penalty)."""
    out: dict[str, tuple[float, bool]] = {}
    for n, k in enumerate(indices):
        e = data.examples[k]
        if e.origin == "mqm":
            worst, bad = out.get(e.row, (0.0, False))
            out[e.row] = (max(worst, float(p[n])), bad or bool(e.major) or bool(e.penalty))
    return out


def figures(
    data: Prepared, indices: list[int], units: np.ndarray, meta: dict[str, Any]
) -> dict[str, Any]:
    p = probability(meta["stack"], units[:, list(STACKED)])
    rows = _rows(data, indices, p)
    majors = {e.row for k in indices if (e := data.examples[k]).origin == "mqm" and e.major}
    score = [v for v, _ in rows.values()]
    positive = [r in majors for r in rows]
    penalty: dict[str, float] = defaultdict(float)
    for k in indices:
        e = data.examples[k]
        if e.origin == "mqm":
            penalty[e.row] += e.penalty or 0.0
    out: dict[str, Any] = {
        "rows": len(rows),
        "row_auc_major": rounded(auc_of(score, positive)),
        "row_tau": float(stats.kendalltau(score, [-penalty[r] for r in rows]).statistic),
        "major_rows_flagged": rounded(
            share_of([v >= meta["major"] for v, _ in rows.values()], positive)
        ),
        "clean_rows_flagged": rounded(
            share_of(
                [v >= meta["major"] for v, bad in rows.values()],
                [not bad for _, bad in rows.values()],
            )
        ),
    }
    for kind in [*REVERSES, *SHIFTS, "reword", "same"]:
        hit = [
            p[n] >= meta["major"] for n, k in enumerate(indices) if data.examples[k].origin == kind
        ]
        out[f"planted_{kind}"] = round(sum(hit) / len(hit), 3) if hit else None
    return out
