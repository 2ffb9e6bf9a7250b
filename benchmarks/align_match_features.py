"""Which features make a better match model (the aligner's emission log-odds)? Measured on dev.

For every (derivative, reference) sentence pair of the alignment gold this computes the features
of the shipped model (``audit.align.emission``: embedding, word and character TF-IDF cosines and
the first-stage score's standing in its row and column) and order-independent candidates:

- ``containment``: share of the derivative's content stems found in the reference sentence, and
  the other way round (split pieces are contained in their reference without matching it whole);
- ``capitals``: the two sentences share a capitalised word (characters: Fox, Crow);
- ``length``: log word counts of both sentences and their log ratio;
- ``ref_window`` / ``der_window``: the cosine gained by merging the reference sentence with a
  neighbour (j-1..j, j..j+1), or the derivative sentence with one of its neighbours;
- ``lead``: how far the best cell of a row (column) leads the runner-up; ``rank``: the log rank
  of the cell in its row and its column; ``col_near``: how many derivative sentences come close
  to the column's best (splits);
- ``partner``: the cosine gained by merging the derivative sentence with the column's best other
  derivative sentence (a split anywhere), and the reference with the row's best other reference
  sentence (a merge); ``centred``: the cosine after removing the pair's mean vector.

Each variant is a logistic regression (scikit-learn) over the shipped features plus some of these,
fitted on the cells of 4/5 of the pairs and applied to the other fifth (5-fold by pair), so every
figure is out of fold. Its log-odds replace ``match_log_odds`` inside ``audit.align.align`` (the
decoding, units and merges stay as shipped) and the links are scored as ``audit bench align``
scores them, plain and with ``--shuffle-blocks`` 1 and 2. ``--decode-grid`` also picks the
emission offset and scale and the link posterior from 27 points, per variant, on the same split.
Prints one JSON object per variant; ``ap`` is the cell-level average precision (out of fold).
The first rows are the shipped model (its weights were fitted on dev, so in sample there) and an
oracle whose log-odds are +4 on gold links and -4 elsewhere (what the decoding makes of a perfect
match model).

Run:  PYTHONPATH=. python benchmarks/align_match_features.py ../shared/bench/align/aesop_gnat.jsonl
      [--split dev] [--decode-grid]      # choose on dev only; test is for the chosen model
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from unittest import mock

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score

import audit.align
from audit.align import align
from audit.align.lexical import lexical_pairs, word_stems
from audit.bench.align import (
    GoldPair,
    embed_pairs,
    load_gold,
    micro_prf,
    shuffle_blocks,
    unit_links,
)
from audit.pipeline import encoder_for
from audit.settings import AlignConfig, AuditConfig
from audit.words import word_count

SHIPPED = ["cos", "word", "char", "row", "col", "top_row", "top_col"]
VARIANTS: dict[str, list[str]] = {
    "shipped features, refitted": [],
    "+containment": ["contained_der", "contained_ref"],
    "+capitals": ["capitals"],
    "+length": ["len_ref", "len_der", "len_ratio"],
    "+ref_window": ["ref_window"],
    "+der_window": ["der_window"],
    "+lead": ["row_lead", "col_lead"],
    "+rank": ["rank_row", "rank_col"],
    "+col_near": ["col_near"],
    "+partner": ["split_partner", "merge_partner"],
    "+centred": ["centred"],
    "+lead+rank": ["row_lead", "col_lead", "rank_row", "rank_col"],
    "+all": [
        "contained_der", "contained_ref", "capitals", "len_ref", "len_der", "len_ratio",
        "ref_window", "der_window", "row_lead", "col_lead", "rank_row", "rank_col", "col_near",
        "split_partner", "merge_partner", "centred",
    ],
}  # fmt: skip
CAPITAL = re.compile(r"\b[A-Z][a-z]+")
Item = tuple[GoldPair, np.ndarray, np.ndarray, dict[str, np.ndarray]]


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-9)


def _binary(ref: list[str], der: list[str], words: Callable[[str], Iterable[str]]):
    """Binary bag-of-words rows (scipy CSR) of both sides over one vocabulary."""
    vocabulary: dict[str, int] = {}

    def rows(texts: list[str]) -> sp.csr_matrix:
        sets = [
            sorted({vocabulary.setdefault(w, len(vocabulary)) for w in words(t)}) for t in texts
        ]
        pointer = np.cumsum([0, *[len(s) for s in sets]])
        index = [k for s in sets for k in s]
        return sp.csr_matrix(
            (np.ones(len(index), np.float32), index, pointer), shape=(len(texts), 1 << 20)
        )

    return rows(ref), rows(der)


def _standing(f: dict[str, np.ndarray], s: np.ndarray) -> None:
    """Features of how each cell of the first-stage score ``s`` (D, R) stands in its row/column."""
    row_max, col_max = s.max(1, keepdims=True), s.max(0, keepdims=True)
    top_r = (s >= row_max) & ((s >= row_max).sum(1, keepdims=True) == 1)
    top_c = (s >= col_max) & ((s >= col_max).sum(0, keepdims=True) == 1)
    f["row"], f["col"] = s - row_max, s - col_max
    f["top_row"], f["top_col"] = top_r.astype(float), top_c.astype(float)
    second_r = np.sort(s, 1)[:, -2:-1] if s.shape[1] > 1 else row_max - 1
    second_c = np.sort(s, 0)[-2:-1, :] if s.shape[0] > 1 else col_max - 1
    f["row_lead"] = np.where(top_r, s - second_r, 0.0)
    f["col_lead"] = np.where(top_c, s - second_c, 0.0)
    f["rank_row"] = np.log1p((s[:, None, :] > s[:, :, None]).sum(2))
    f["rank_col"] = np.log1p((s[None, :, :] > s[:, None, :]).sum(1))
    f["col_near"] = np.log1p((s >= col_max - 0.5).sum(0, keepdims=True) * np.ones_like(s))


def _partner(cos: np.ndarray, s: np.ndarray, a: np.ndarray, wa: np.ndarray, axis: int):
    """Cosine gained by merging each sentence of one side with the best other one of its line.

    ``axis=0``: derivative sentences (rows, vectors ``a``, word counts ``wa``) merged with the
    column's best other derivative sentence; ``axis=1``: the same for reference sentences.
    """
    c = cos if axis == 0 else cos.T
    t = s if axis == 0 else s.T
    if c.shape[0] < 2:
        return np.zeros_like(cos)
    order = np.argsort(-t, 0)
    mine = np.arange(c.shape[0])[:, None]
    other = np.where(mine == order[0][None, :], order[1][None, :], order[0][None, :])
    column = np.arange(c.shape[1])[None, :]
    gram = (a @ a.T)[mine, other]
    w1, w2 = wa[:, None], wa[other]
    merged = (w1 * c + w2 * c[other, column]) / np.sqrt(w1**2 + w2**2 + 2 * w1 * w2 * gram)
    gain = merged - np.maximum(c, c[other, column])
    return gain if axis == 0 else gain.T


def features(pair: GoldPair, ref: np.ndarray, der: np.ndarray) -> dict[str, np.ndarray]:
    """Every candidate feature of every (derivative, reference) cell, each a (D, R) array."""
    rt, dt = list(pair.reference), list(pair.derivative)
    (wr, wd), (cr, cd) = lexical_pairs(rt, dt)
    f: dict[str, np.ndarray] = {"cos": der @ ref.T}
    f["word"], f["char"] = (wd @ wr.T).toarray(), (cd @ cr.T).toarray()
    s = sum(
        w * f[k] for w, k in zip(AlignConfig().match_weights, ("cos", "word", "char"), strict=True)
    )
    _standing(f, s)
    r_bin, d_bin = _binary(rt, dt, word_stems)
    shared = (d_bin @ r_bin.T).toarray()
    f["contained_der"] = shared / np.maximum(d_bin.sum(1).A, 1)
    f["contained_ref"] = shared / np.maximum(r_bin.sum(1).A.T, 1)
    r_cap, d_cap = _binary(rt, dt, lambda t: {w.lower() for w in CAPITAL.findall(t)})
    f["capitals"] = ((d_cap @ r_cap.T).toarray() > 0).astype(float)
    lr = np.log([max(1, word_count(t)) for t in rt])
    ld = np.log([max(1, word_count(t)) for t in dt])
    f["len_ref"], f["len_der"] = np.broadcast_arrays(lr[None, :], ld[:, None])
    f["len_ratio"] = ld[:, None] - lr[None, :]
    f["ref_window"] = _window(der, ref, np.exp(lr), f["cos"])
    f["der_window"] = _window(ref, der, np.exp(ld), f["cos"].T).T
    f["split_partner"] = _partner(f["cos"], s, der, np.exp(ld), 0)
    f["merge_partner"] = _partner(f["cos"], s, ref, np.exp(lr), 1)
    mean = np.vstack([ref, der]).mean(0)
    f["centred"] = _unit(der - mean) @ _unit(ref - mean).T
    return f


def _window(a: np.ndarray, b: np.ndarray, wb: np.ndarray, cos: np.ndarray) -> np.ndarray:
    """Cosine gained by ``a`` rows against ``b`` rows merged with a neighbour (b-1..b or b..b+1)."""
    weighted = wb[:, None] * b
    zero = np.zeros_like(b[:1])
    before = np.vstack([zero, weighted[:-1]])
    after = np.vstack([weighted[1:], zero])
    return np.maximum(a @ _unit(weighted + before).T, a @ _unit(weighted + after).T) - cos


def items(pairs: list[GoldPair], vectors: dict[str, np.ndarray], seed: int | None) -> list[Item]:
    """Pairs (block-shuffled when ``seed`` is set) with their vectors and features."""
    out = []
    for pair in pairs:
        p = pair if seed is None else shuffle_blocks(pair, seed)
        ref = np.stack([vectors[t] for t in p.reference])
        der = np.stack([vectors[t] for t in p.derivative])
        out.append((p, ref, der, features(p, ref, der)))
    return out


def design(f: dict[str, np.ndarray], keys: list[str]) -> np.ndarray:
    """(D * R, len(keys)) feature matrix of one pair."""
    return np.stack([np.asarray(f[k], float).ravel() for k in keys], 1)


def labels(pair: GoldPair, shape: tuple[int, ...]) -> np.ndarray:
    y = np.zeros(shape, bool)
    for j, i in pair.gold:
        y[i, j] = True
    return y.ravel()


def linked(item: Item, z: np.ndarray, config: AlignConfig) -> set[tuple[int, int]]:
    """The links of the shipped aligner when its match log-odds are ``z`` (D, R)."""
    pair, ref, der, _ = item
    with mock.patch.object(audit.align, "match_log_odds", lambda *_: z.astype(np.float32)):
        units = align(
            ref,
            der,
            [max(1, word_count(t)) for t in pair.reference],
            [max(1, word_count(t)) for t in pair.derivative],
            config,
        )
    return unit_links(units)


def f1(rows: list[Item], zs: list[np.ndarray], config: AlignConfig) -> float:
    predicted = [linked(item, z, config) for item, z in zip(rows, zs, strict=True)]
    return micro_prf([item[0].gold for item in rows], predicted)[2]


def out_of_fold(sets: dict, keys: list[str], folds: int = 5, c: float = 1.0) -> dict:
    """Log-odds of every pair of every shuffle from the model fitted without that pair's fold."""
    plain = sets[None]
    fold = np.arange(len(plain)) % folds
    models = []
    for k in range(folds):
        train = [item for n, item in enumerate(plain) if fold[n] != k]
        x = np.vstack([design(item[3], keys) for item in train])
        y = np.concatenate([labels(item[0], item[3]["cos"].shape) for item in train])
        models.append(LogisticRegression(C=c, max_iter=3000).fit(x, y))
    return {
        seed: [
            models[fold[n]].decision_function(design(f, keys)).reshape(f["cos"].shape)
            for n, (_, _, _, f) in enumerate(rows)
        ]
        for seed, rows in sets.items()
    }


def decode_grid() -> list[AlignConfig]:
    """The shipped decoding first, then 27 (offset, scale, posterior) points around it."""
    base = AlignConfig()
    return [base] + [
        dataclasses.replace(base, emission_offset=o, emission_scale=s, link_posterior=p)
        for o in (-2.3, base.emission_offset, -1.4)
        for s in (0.6, base.emission_scale, 1.1)
        for p in (0.3, base.link_posterior, 0.5)
    ]


def report(name: str, keys: list[str], sets: dict, zs: dict, grid: bool) -> dict:
    """F1 plain / shuffled with the shipped decoding (and the best of the grid, if asked).

    ``mean`` is the mean of the plain and the two shuffled figures (what a variant is chosen by).
    """
    plain = sets[None]
    y = np.concatenate([labels(item[0], item[3]["cos"].shape) for item in plain])
    ap = average_precision_score(y, np.concatenate([z.ravel() for z in zs[None]]))
    out: dict = {"variant": name, "features": keys, "ap": round(float(ap), 4)}
    configs = decode_grid() if grid else [AlignConfig()]
    scored = [[f1(sets[s], zs[s], c) for s in sets] for c in configs]
    best = max(range(len(configs)), key=lambda k: float(np.mean(scored[k])))
    out["f1"] = dict(zip(["plain", *[f"shuffle_{s}" for s in sets if s]], scored[0], strict=True))
    out["f1"]["mean"] = float(np.mean(scored[0]))
    if grid:
        c = configs[best]
        out["grid_best"] = {
            "offset_scale_posterior": [c.emission_offset, c.emission_scale, c.link_posterior],
            "f1": [round(v, 4) for v in scored[best]],
            "mean": round(float(np.mean(scored[best])), 4),
        }
    out["f1"] = {k: round(v, 4) for k, v in out["f1"].items()}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--split", default="dev")
    parser.add_argument("--decode-grid", action="store_true")
    args = parser.parse_args()
    pairs = load_gold(args.gold, args.split)
    embedded = embed_pairs(encoder_for(AuditConfig()), pairs)
    vectors = {
        t: v
        for p, (r, d) in zip(pairs, embedded, strict=True)
        for t, v in [*zip(p.reference, r, strict=True), *zip(p.derivative, d, strict=True)]
    }
    sets = {seed: items(pairs, vectors, seed) for seed in (None, 1, 2)}
    shipped = np.asarray(AlignConfig().log_odds_weights)
    zs = {
        s: [(design(f, SHIPPED) @ shipped[:-1] + shipped[-1]).reshape(f["cos"].shape)
            for *_, f in rows]
        for s, rows in sets.items()
    }  # fmt: skip
    print(json.dumps(report("shipped model (AlignConfig weights)", SHIPPED, sets, zs, False)))
    oracle = {
        s: [np.where(labels(p, f["cos"].shape).reshape(f["cos"].shape), 4.0, -4.0)
            for p, *_, f in rows]
        for s, rows in sets.items()
    }  # fmt: skip
    print(json.dumps(report("oracle log-odds (+4 gold, -4 else): the decoder's ceiling", [],
                            sets, oracle, False)))  # fmt: skip
    for name, extra in VARIANTS.items():
        keys = SHIPPED + extra
        print(json.dumps(report(name, keys, sets, out_of_fold(sets, keys), args.decode_grid)))


if __name__ == "__main__":
    main()
