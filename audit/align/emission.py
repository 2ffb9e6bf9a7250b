"""Match log-odds of every (derivative, reference) sentence pair: the aligner's emission scores.

Two logistic stages, with weights fitted on the dev split of the alignment gold
(``AlignConfig.match_weights`` and ``log_odds_weights``):

1. a first-stage score ``s``: a weighted sum of the embedding cosine, the word TF-IDF cosine and
   the character n-gram TF-IDF cosine (``audit.align.lexical``);
2. the log-odds: the three similarities again plus how ``s`` stands against its competitors,
   ``s`` minus its row maximum (the derivative sentence's best reference sentence), ``s`` minus
   its column maximum (the reference sentence's best derivative sentence), and whether it is the
   single best of its row / of its column (a tie is no evidence). A pair that another pair beats
   clearly is a weaker match whatever its cosine; none of this depends on sentence order.

Cost: O(D x R) time; memory two float32 (D, R) matrices, the lexical products made 1,024
derivative rows at a time.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from audit.settings import AlignConfig

LexicalPairs = tuple[tuple[sp.csr_matrix, sp.csr_matrix], ...]


def _add_lexical(
    out: np.ndarray, lexical: LexicalPairs, weights: tuple[float, ...], chunk: int = 1024
) -> None:
    """``out += sum_k weights[k] * (lexical[k] derivative rows . reference rows)``, in chunks."""
    for (ref, der), weight in zip(lexical, weights, strict=True):
        ref_t = ref.T.tocsc()
        for start in range(0, out.shape[0], chunk):
            rows = der if out.shape[0] <= chunk else der[start : start + chunk]  # no copy if whole
            out[start : start + chunk] += np.float32(weight) * (rows @ ref_t).toarray()


def match_log_odds(
    ref_vectors: np.ndarray,
    deriv_vectors: np.ndarray,
    lexical: LexicalPairs | None,
    config: AlignConfig,
) -> np.ndarray:
    """(D, R) float32 log-odds that derivative sentence i was made from reference sentence j.

    Vectors are L2-normalised rows, shapes (R, dim) and (D, dim). ``lexical``: the (reference,
    derivative) rows of the word and the character TF-IDF (``audit.align.lexical``), or None, which
    counts as no word overlap at all.
    """
    cosine = (
        np.asarray(deriv_vectors, dtype=np.float32) @ np.asarray(ref_vectors, dtype=np.float32).T
    )
    w_cos, w_word, w_char = config.match_weights
    a_cos, a_word, a_char, a_row, a_col, a_top_row, a_top_col, bias = config.log_odds_weights
    first = cosine * np.float32(w_cos)
    if lexical is not None:
        _add_lexical(first, lexical, (w_word, w_char))
    row_max = first.max(axis=1, keepdims=True)
    col_max = first.max(axis=0, keepdims=True)
    out = cosine
    out *= np.float32(a_cos)
    if lexical is not None:
        _add_lexical(out, lexical, (a_word, a_char))
    out += np.float32(a_row + a_col) * first
    out -= np.float32(a_row) * row_max
    out -= np.float32(a_col) * col_max
    out += np.float32(bias)
    out += np.float32(a_top_row) * _unique_best(first, row_max, axis=1)
    out += np.float32(a_top_col) * _unique_best(first, col_max, axis=0)
    return out


def _unique_best(scores: np.ndarray, best: np.ndarray, axis: int) -> np.ndarray:
    """Bool (D, R): the cell holds the maximum of its row (axis 1) or column (axis 0), alone.

    A tie is no evidence: where every cell of a row is equal, none of them is its best.
    """
    top = scores >= best
    top &= top.sum(axis=axis, keepdims=True) == 1
    return top
