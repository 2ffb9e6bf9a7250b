"""Do clause-level embeddings make a better match model for the aligner? Measured on dev.

Derivative documents of the alignment gold have about twice the sentences of their reference: a
short derivative sentence often retells one clause of a long reference sentence ('"Why are you
doing that?" asked the Fox' against "A Wild Boar was whetting his tusks ... when a Fox came by
and ... said to him, 'Why ...'"), and the whole-sentence cosine dilutes such a partial match.

Each sentence of both sides is cut into clause pieces (``clauses``: at , ; : dashes and quote
marks, and with ``--cut conj`` also before "and", "but", "when", "so", ...; pieces under
``MIN_WORDS`` words join their neighbour) and the whole sentence is kept as a piece too. Every
distinct piece is embedded once with the project's encoder (default model, ONNX backend; vectors
cached on disk in ``--cache``). Features of each (derivative i, reference j) cell, none depending
on sentence order:

- ``der_refpiece``: max cosine of derivative sentence i (whole) and any piece of reference j;
- ``derpiece_ref``: max cosine of any piece of derivative i and reference j (whole);
- ``piece_piece``: max cosine of any piece of i and any piece of j;
- ``*_row`` / ``*_col``: each of those minus its row (column) maximum, the standing transform of
  ``audit.align.emission``;
- ``der_cover`` / ``ref_cover``: mean over the clause pieces of one sentence of their best cosine
  with any piece of the other (a clause-level BERTScore precision and recall).

Variants (``variant_keys``): the shipped features plus the three maxes; plus their standing; plus
``der_refpiece`` and its standing only; plus the coverage pair; plus all of these; and the
shipped two-stage design refitted with the maxes in its first stage, so that the row/column
standing is that of a score which already sees the clauses.

Measurement as in ``benchmarks/align_match_features.py`` (its machinery is imported): a logistic
regression over the shipped features plus a variant's, fitted on the cells of 4/5 of the pairs
and applied to the other fifth (5-fold by pair; ``--fold-seeds`` repeats it with shuffled fold
assignments), its log-odds replacing ``match_log_odds`` inside ``audit.align.align`` (decoding,
units and merges as shipped), links scored as ``audit bench align`` scores them, plain and with
``--shuffle-blocks`` 1 and 2. ``--decode-grid`` also reports the best of 27 (emission offset,
scale, link posterior) points per variant. The first row is the shipped model (its weights were
fitted on dev: in sample); the baseline to beat is "shipped features, refitted" (out of fold).
Prints piece statistics, then one JSON object per (fold seed, variant); ``vs_refitted`` is the
gain in mean F1 over the refitted shipped features of the same folds, with a 95 % paired
bootstrap interval over pairs. ``benchmarks/align_clause_select.py`` holds out the choice of
variant as well (nested cross-validation).

Run:  PYTHONPATH=. python benchmarks/align_clause_match.py ../shared/bench/align/aesop_gnat.jsonl
      [--split dev] [--cut punct|conj|both] [--fold-seeds 0 1 2] [--decode-grid]
      [--min-words 3]
Dev only: test is for a variant that passed the bar (+0.02 mean dev F1) on dev.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import numpy as np

# benchmarks/ is sys.path[0] when this runs as a script (a "benchmarks" package in site-packages
# shadows the folder as a package)
from align_match_features import SHIPPED, _standing, design, features, labels, linked, report
from sklearn.linear_model import LogisticRegression

from audit.bench.align import GoldPair, load_gold, shuffle_blocks
from audit.embed import create_encoder
from audit.settings import AlignConfig

MIN_WORDS = 3
_PUNCT = re.compile(  # , ; : dashes, double quotes, single quotes that are not apostrophes
    r"\s*(?:[;:,\u2014\u2013]|--|[\"\u201c\u201d\u2018]|(?<![A-Za-z])'|'(?![A-Za-z])"
    r"|\u2019(?![A-Za-z]))\s*"
)
_CONJ = re.compile(
    r"\s+(?=(?:and|but|when|so|while|then|because|till|until|though|or|yet|where)\b)"
)
CLAUSE = ["der_refpiece", "derpiece_ref", "piece_piece"]
STANDING = [f"{k}_{s}" for k in CLAUSE for s in ("row", "col")]


def clauses(sentence: str, conj: bool) -> list[str]:
    """The sentence's clause pieces (at least ``MIN_WORDS`` words each) and the sentence itself."""
    parts = [p.strip() for p in _PUNCT.split(sentence)]
    if conj:
        parts = [q.strip() for p in parts for q in _CONJ.split(p)]
    parts = [p for p in parts if re.search(r"\w", p)]
    merged: list[str] = []
    for part in parts:
        if merged and (len(part.split()) < MIN_WORDS or len(merged[-1].split()) < MIN_WORDS):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    if len(merged) > 1 and len(merged[-1].split()) < MIN_WORDS:
        merged[-2:] = [f"{merged[-2]} {merged[-1]}"]
    whole = _key(sentence)
    return list(dict.fromkeys([sentence, *[m for m in merged if _key(m) != whole]]))


def _key(text: str) -> str:
    """Letters and digits only: a piece that is the whole sentence minus its quotes is no piece."""
    return re.sub(r"\W", "", text.lower())


class PieceVectors:
    """Unit vectors of sentences and their pieces; each distinct text is encoded once."""

    def __init__(self, cache: Path):
        cache.mkdir(parents=True, exist_ok=True)
        self.encoder = create_encoder(backend="onnx", cache_dir=cache)
        self.table: dict[str, np.ndarray] = {}

    def add(self, texts: list[str]) -> None:
        todo = list(dict.fromkeys(t for t in texts if t not in self.table))
        if todo:
            self.table.update(zip(todo, self.encoder.encode(todo), strict=True))

    def __call__(self, texts: list[str]) -> np.ndarray:
        return np.stack([self.table[t] for t in texts])


def _grouped_max(x: np.ndarray, starts: np.ndarray, axis: int) -> np.ndarray:
    return np.maximum.reduceat(x, starts, axis=axis)


def clause_features(
    pair: GoldPair, vec: PieceVectors, conj: bool, f: dict[str, np.ndarray]
) -> None:
    """Adds the clause features of every (derivative, reference) cell to ``f`` (each (D, R))."""
    ref_pieces = [clauses(s, conj) for s in pair.reference]
    der_pieces = [clauses(s, conj) for s in pair.derivative]
    rp = vec([p for ps in ref_pieces for p in ps])
    dp = vec([p for ps in der_pieces for p in ps])
    r_start = np.cumsum([0, *[len(ps) for ps in ref_pieces[:-1]]])
    d_start = np.cumsum([0, *[len(ps) for ps in der_pieces[:-1]]])
    ref, der = rp[r_start], dp[d_start]  # the whole sentence is each sentence's first piece
    f["der_refpiece"] = _grouped_max(der @ rp.T, r_start, 1)
    f["derpiece_ref"] = _grouped_max(dp @ ref.T, d_start, 0)
    f["piece_piece"] = _grouped_max(_grouped_max(dp @ rp.T, r_start, 1), d_start, 0)
    _coverage(f, dp @ rp.T, d_start, r_start)
    for k in CLAUSE:
        f[f"{k}_row"] = f[k] - f[k].max(1, keepdims=True)
        f[f"{k}_col"] = f[k] - f[k].max(0, keepdims=True)


def _coverage(f: dict, cos: np.ndarray, d_start: np.ndarray, r_start: np.ndarray) -> None:
    """``der_cover``: mean over the clause pieces of derivative i of their best cosine with any
    piece of reference j; ``ref_cover`` the other way round (a clause-level BERTScore P and R).
    A sentence with no pieces besides itself is its own one clause."""
    for name, m, rows, cols in (("der_cover", cos, d_start, r_start),
                                ("ref_cover", cos.T, r_start, d_start)):  # fmt: skip
        best = _grouped_max(m, cols, 1)  # (pieces of one side, sentences of the other)
        ends = np.append(rows[1:], len(m))
        own = (ends - rows) > 1  # sentences with clause pieces: leave the whole one out
        keep = np.ones(len(m), bool)
        keep[rows[own]] = False
        total = np.add.reduceat(best * keep[:, None], rows, axis=0)
        mean = total / np.add.reduceat(keep.astype(float), rows)[:, None]
        f[name] = mean if name == "der_cover" else mean.T


def build_sets(pairs: list[GoldPair], vec: PieceVectors, conj: bool) -> dict:
    """Plain and block-shuffled (seeds 1, 2) pairs with vectors and all features."""
    sets: dict = {}
    for seed in (None, 1, 2):
        rows = []
        for pair in pairs:
            p = pair if seed is None else shuffle_blocks(pair, seed)
            ref, der = vec(list(p.reference)), vec(list(p.derivative))
            f = features(p, ref, der)
            clause_features(p, vec, conj, f)
            rows.append((p, ref, der, f))
        sets[seed] = rows
    return sets


TWO_STAGE = "two-stage"
"""Pseudo feature list: the shipped two-stage design with the clause maxes in its first stage."""


def fit(train: list, keys: list[str]):
    """A function from a pair's features to its (D, R) log-odds, fitted on ``train`` items.

    ``keys`` a feature list (one logistic model), or ``TWO_STAGE``: a first logistic stage over
    cos, word, char and the clause maxes gives a score whose row/column standing (``row``,
    ``col``, ``top_row``, ``top_col``) is computed anew, and a second stage over the first
    stage's inputs plus that standing.
    """
    y = np.concatenate([labels(item[0], item[3]["cos"].shape) for item in train])
    if keys != TWO_STAGE:
        model = LogisticRegression(C=1.0, max_iter=3000)
        model.fit(np.vstack([design(item[3], keys) for item in train]), y)
        return lambda f: model.decision_function(design(f, keys)).reshape(f["cos"].shape)
    first_keys = ["cos", "word", "char", *CLAUSE]
    second_keys = [*first_keys, "row", "col", "top_row", "top_col"]
    stage1 = LogisticRegression(C=1.0, max_iter=3000)
    stage1.fit(np.vstack([design(item[3], first_keys) for item in train]), y)

    def restood(f: dict) -> dict:
        g = {key: f[key] for key in first_keys}
        _standing(g, stage1.decision_function(design(f, first_keys)).reshape(f["cos"].shape))
        return g

    stage2 = LogisticRegression(C=1.0, max_iter=3000)
    stage2.fit(np.vstack([design(restood(item[3]), second_keys) for item in train]), y)
    return lambda f: stage2.decision_function(design(restood(f), second_keys)).reshape(
        f["cos"].shape
    )


def out_of_fold(sets: dict, keys: list[str], fold_seed: int, folds: int = 5) -> dict:
    """Log-odds of every pair (every shuffle) from the model fitted without that pair's fold.

    Fold seed 0 is ``align_match_features``'s assignment (pair n in fold n % 5); other seeds
    permute the pairs first.
    """
    fold = _folds(len(sets[None]), fold_seed, folds)
    models = [
        fit([it for n, it in enumerate(sets[None]) if fold[n] != k], keys) for k in range(folds)
    ]
    return {
        seed: [models[fold[n]](f) for n, (*_, f) in enumerate(rows)] for seed, rows in sets.items()
    }


def _folds(n: int, fold_seed: int, folds: int = 5) -> np.ndarray:
    fold = np.arange(n) % folds
    return fold[np.random.default_rng(fold_seed).permutation(n)] if fold_seed else fold


def counts(sets: dict, zs: dict) -> np.ndarray:
    """(sets, pairs, 3) hits, predicted and gold links per pair, shipped decoding."""
    config = AlignConfig()
    out = []
    for seed, rows in sets.items():
        per = []
        for item, z in zip(rows, zs[seed], strict=True):
            links, gold = linked(item, z, config), item[0].gold
            per.append((len(links & gold), len(links), len(gold)))
        out.append(per)
    return np.asarray(out, dtype=float)


def paired_bootstrap(base: np.ndarray, new: np.ndarray, draws: int = 2000) -> dict:
    """Mean F1 gain (plain and two shuffles) of ``new`` over ``base``, resampling pairs."""

    def mean_f1(c: np.ndarray) -> np.ndarray:  # c: (draws, sets, 3) summed counts
        p, r = c[..., 0] / c[..., 1], c[..., 0] / c[..., 2]
        return (2 * p * r / (p + r)).mean(-1)

    rng = np.random.default_rng(0)
    picks = rng.integers(0, base.shape[1], (draws, base.shape[1]))
    gain = mean_f1(new[:, picks].sum(2).transpose(1, 0, 2)) - mean_f1(
        base[:, picks].sum(2).transpose(1, 0, 2)
    )
    point = mean_f1(new.sum(1)[None]) - mean_f1(base.sum(1)[None])
    lo, hi = np.percentile(gain, [2.5, 97.5])
    return {"gain": round(float(point[0]), 4), "ci95": [round(float(lo), 4), round(float(hi), 4)]}


def piece_stats(pairs: list[GoldPair], conj: bool) -> dict:
    """Mean pieces per sentence (the whole sentence included) on each side."""
    ref = [len(clauses(s, conj)) for p in pairs for s in p.reference]
    der = [len(clauses(s, conj)) for p in pairs for s in p.derivative]
    return {
        "cut": "conj" if conj else "punct",
        "min_words": MIN_WORDS,
        "pieces_per_ref_sentence": round(float(np.mean(ref)), 2),
        "pieces_per_der_sentence": round(float(np.mean(der)), 2),
    }


def main() -> None:
    global MIN_WORDS  # --min-words sets the shortest clause piece for the whole run
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--split", default="dev")
    parser.add_argument("--cut", choices=("punct", "conj", "both"), default="both")
    parser.add_argument("--fold-seeds", type=int, nargs="+", default=[0])
    parser.add_argument("--decode-grid", action="store_true")
    parser.add_argument("--min-words", type=int, default=MIN_WORDS, help="shortest clause piece")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/align6/cache"))
    args = parser.parse_args()
    MIN_WORDS = args.min_words
    pairs = load_gold(args.gold, args.split)
    vec = PieceVectors(args.cache)
    cuts = [False, True] if args.cut == "both" else [args.cut == "conj"]
    for conj in cuts:
        vec.add([p for g in pairs for s in (*g.reference, *g.derivative) for p in clauses(s, conj)])
        print(json.dumps(piece_stats(pairs, conj)))
    run(pairs, vec, cuts, args.fold_seeds, args.decode_grid)


def run(pairs: list[GoldPair], vec: PieceVectors, cuts: list[bool], seeds: list[int], grid: bool):
    """Prints the shipped model, then every (fold seed, variant) row with its paired bootstrap
    gain over the refitted shipped features of the same folds (``vs_refitted``)."""
    shipped = np.asarray(AlignConfig().log_odds_weights)
    for conj in cuts:
        sets = build_sets(pairs, vec, conj)
        cut = "conj" if conj else "punct"
        if conj == cuts[0]:
            zs = {s: [(design(f, SHIPPED) @ shipped[:-1] + shipped[-1]).reshape(f["cos"].shape)
                      for *_, f in rows] for s, rows in sets.items()}  # fmt: skip
            name = "shipped model (AlignConfig weights)"
            print(json.dumps(report(name, SHIPPED, sets, zs, False)))
        for seed in seeds:
            base = out_of_fold(sets, SHIPPED, seed)
            base_counts = counts(sets, base)
            if conj == cuts[0]:
                row = report("shipped features, refitted", SHIPPED, sets, base, grid)
                print(json.dumps({"fold_seed": seed, **row}), flush=True)
            for name, keys, zs in _variants(sets, cut, seed):
                row = report(name, keys, sets, zs, grid)
                row["vs_refitted"] = paired_bootstrap(base_counts, counts(sets, zs))
                print(json.dumps({"fold_seed": seed, **row}), flush=True)


def variant_keys(cut: str) -> dict[str, list[str] | str]:
    """Name and features (or ``TWO_STAGE``) of every clause variant."""
    return {
        f"+clause maxes ({cut})": SHIPPED + CLAUSE,
        f"+clause maxes +standing ({cut})": SHIPPED + CLAUSE + STANDING,
        f"+der_refpiece +standing ({cut})": SHIPPED + ["der_refpiece", "der_refpiece_row",
                                                        "der_refpiece_col"],
        f"+clause coverage ({cut})": SHIPPED + ["der_cover", "ref_cover"],
        f"+clause maxes +standing +coverage ({cut})": SHIPPED + CLAUSE + STANDING
        + ["der_cover", "ref_cover"],
        f"two-stage, clause maxes in stage 1 ({cut})": TWO_STAGE,
    }  # fmt: skip


def _variants(sets: dict, cut: str, seed: int):
    """(name, features, out-of-fold log-odds) of every clause variant."""
    for name, keys in variant_keys(cut).items():
        yield name, [] if keys == TWO_STAGE else keys, out_of_fold(sets, keys, seed)


if __name__ == "__main__":
    main()
