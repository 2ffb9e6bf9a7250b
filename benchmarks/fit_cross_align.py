"""Fit the match log-odds of the cross-lingual aligner (``Settings.cross_align``).

Translations share no words with their originals, so the same-language weights (fitted on the
cosine of all-MiniLM-L6-v2 and on word overlap) do not apply. This script fits the same two
logistic stages (``audit.align.emission``) on the features a translation has: the multilingual
cosine and the anchor (figure and Latin-name) TF-IDF cosines of ``audit.align.anchors``.

Data (paths as arguments; nothing is copied): the fitting halves of the shared WMT files only,
as their README asks (``--half fit`` of ``mqm_ende_news23.tsv``, English originals and their 10
German translations, and of ``mqm_zhen_news23.tsv``, Chinese originals and their English human
translations) and all of ``mqm_zhen_news21.tsv``. Labels come from segment identity: inside a
paragraph pair, each sentence's most similar sentence of the other side is a match; sentences of
different paragraphs are not; other pairs inside a paragraph pair are left out (a paragraph of
three sentences may be rendered in two). Cross-validated figures use folds by document.

Run:  .venv/bin/python benchmarks/fit_cross_align.py --ende ENDE.tsv --zh23 ZH23.tsv
      --zh21 ZH21.tsv [--folds 5]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss, roc_auc_score
from sklearn.model_selection import GroupKFold

from audit.align.anchors import anchor_pairs
from audit.bench.crossalign import Prepared, prepare
from audit.bench.parallel import read_parallel
from audit.embed import embed_all
from audit.embed.multilingual import create_cross_encoder
from audit.settings import Settings


def pairs_of(args: argparse.Namespace) -> list[tuple[str, Prepared]]:
    """(document id, segmented pair) of every fitting document."""
    docs = read_parallel(args.ende, "reference", "target", "fit")
    docs += read_parallel(args.zh23, "source", "reference", "fit")
    docs += read_parallel(args.zh21, "source", "reference", "all")
    return [(d.doc_id, prepare(d)) for d in docs]


def labels(cosine: np.ndarray, pair: Prepared) -> np.ndarray:
    """(D, R) 1 for a match, 0 for sentences of different paragraphs, -1 left out."""
    der = np.asarray(pair.translation_lines)[:, None]
    ref = np.asarray(pair.original_lines)[None, :]
    same = der == ref
    best = np.zeros_like(same)
    for i in range(same.shape[0]):
        js = np.flatnonzero(same[i])
        if len(js):
            best[i, js[np.argmax(cosine[i, js])]] = True
    for j in range(same.shape[1]):
        is_ = np.flatnonzero(same[:, j])
        if len(is_):
            best[is_[np.argmax(cosine[is_, j])], j] = True
    return np.where(best, 1, np.where(same, -1, 0))


def stage_rows(
    prepared: list[tuple[str, Prepared]], vectors: list[np.ndarray], first: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Stage-one features, stage-two features, labels and document groups of every kept pair;
    ``first`` weighs the stage-one score whose row and column ranks stage two reads."""
    ones, twos, ys, groups = [], [], [], []
    for k, (doc_id, pair) in enumerate(prepared):
        ref_v, der_v = vectors[2 * k], vectors[2 * k + 1]
        cosine = der_v @ ref_v.T
        ref_t = [s.text for s in pair.original.sentences]
        der_t = [s.text for s in pair.translation.sentences]
        (ar, ad), (cr, cd) = anchor_pairs(ref_t, der_t)
        word, char = (ad @ ar.T).toarray(), (cd @ cr.T).toarray()
        score = first[0] * cosine + first[1] * word + first[2] * char
        row, col = score.max(1, keepdims=True), score.max(0, keepdims=True)
        top_row = (score >= row) & ((score >= row).sum(1, keepdims=True) == 1)
        top_col = (score >= col) & ((score >= col).sum(0, keepdims=True) == 1)
        y = labels(cosine, pair)
        keep = y >= 0
        ones.append(np.stack([cosine[keep], word[keep], char[keep]], 1))
        twos.append(
            np.stack(
                [
                    cosine[keep],
                    word[keep],
                    char[keep],
                    (score - row)[keep],
                    (score - col)[keep],
                    top_row[keep],
                    top_col[keep],
                ],
                1,
            )  # fmt: skip
        )
        ys.append(y[keep])
        groups += [doc_id] * int(keep.sum())
    return (np.concatenate(ones), np.concatenate(twos).astype(float), np.concatenate(ys),
            np.asarray(groups))  # fmt: skip


def fit(x: np.ndarray, y: np.ndarray) -> LogisticRegression:
    return LogisticRegression(C=10.0, max_iter=2000).fit(x, y)


def cross_validated(x: np.ndarray, y: np.ndarray, groups: np.ndarray, folds: int) -> str:
    """Out-of-fold AUC and log-loss of stage two, folds by document."""
    scores = np.zeros(len(y))
    for train, test in GroupKFold(folds).split(x, y, groups):
        scores[test] = fit(x[train], y[train]).predict_proba(x[test])[:, 1]
    return f"AUC {roc_auc_score(y, scores):.4f}, log-loss {log_loss(y, scores):.4f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ende", type=Path, required=True)
    parser.add_argument("--zh23", type=Path, required=True)
    parser.add_argument("--zh21", type=Path, required=True)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    prepared = pairs_of(args)
    encoder = create_cross_encoder(Settings())
    vectors = embed_all(encoder, [d for _, p in prepared for d in (p.original, p.translation)])
    x1, _, y, _ = stage_rows(prepared, vectors, np.array([1.0, 0.0, 0.0]))
    w1 = fit(x1, y).coef_[0]
    _, x2, y, groups = stage_rows(prepared, vectors, w1)
    model = fit(x2, y)
    print(f"{len(prepared)} documents, {len(y)} sentence pairs ({int(y.sum())} matches)")
    print(f"stage two, cross-validated by document ({args.folds} folds): "
          f"{cross_validated(x2, y, groups, args.folds)}")  # fmt: skip
    print("match_weights =", tuple(round(float(w), 3) for w in w1))
    weights = [*model.coef_[0], model.intercept_[0]]
    print("log_odds_weights =", tuple(round(float(w), 3) for w in weights))


if __name__ == "__main__":
    main()
