"""Sentence TER with exactly sacrebleu's value, computed fast (tercom's algorithm).

sacrebleu 2.6 (``sacrebleu.metrics.TER``, defaults) computes TER as tercom does: greedily apply
the word-block shift that lowers the edit distance most, until none helps, then add the number of
shifts to the remaining word edit distance. Its edit distance keeps a band ("beam") of about 25
cells either side of the length-scaled diagonal, and its choice of shift depends on the
alignment traced back through that band with a fixed preference (match/substitution, then
deletion, then insertion). This module follows the same rules step by step, so the value is
identical for every input (tests/test_ter_exact.py checks it against sacrebleu), but:

* the band's rows are numpy vectors: a cell is ``min(diagonal, above + 1, left + 1)``, and the
  chain of ``left + 1`` terms is a prefix-minimum scan (``min_k (a_k - k) + j``);
* a shift's candidates do not depend on each other's costs, so all candidates of one step are
  scored together, one (candidates, reference length + 1) array per hypothesis row, each
  candidate starting from the rows it shares with the unshifted hypothesis;
* only the chosen hypothesis of each step needs an alignment; it is traced from its cost matrix
  with the same preference order sacrebleu records while filling it.

Tokenisation is sacrebleu's own ``TER().tokenizer`` (default: lower-case only), after
``rstrip()``, split on whitespace, as ``TER.sentence_score`` does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sacrebleu.metrics import TER

INF = 10**16  # "outside the band", as in sacrebleu (never reached by a real cost)
BEAM_WIDTH = 25
MAX_SHIFT_SIZE = 10
MAX_SHIFT_DIST = 50
MAX_SHIFT_CANDIDATES = 1000


@lru_cache(maxsize=1)
def _tokenizer() -> TER:
    return TER()


def tokenize(sentence: str) -> list[str]:
    """Words of a sentence as ``TER()`` sees them (its tokenizer, after ``rstrip``)."""
    return str(_tokenizer().tokenizer(sentence.rstrip())).split()


def sentence_ter(hypothesis: str, reference: str) -> float:
    """``TER().sentence_score(hypothesis, [reference]).score``, the same float."""
    edits, ref_length = edits_and_length(tokenize(hypothesis), tokenize(reference))
    if ref_length > 0:
        return 100 * (edits / ref_length)
    return 100.0 if edits > 0 else 0.0


@dataclass(frozen=True)
class _Band:
    """The cells sacrebleu computes: row i (1..n) covers columns ``lo[i] <= j < hi[i]``."""

    lo: tuple[int, ...]
    hi: tuple[int, ...]

    @staticmethod
    def of(n_hyp: int, n_ref: int) -> _Band:
        ratio = n_ref / n_hyp if n_hyp else 1
        width = math.ceil(ratio / 2 + BEAM_WIDTH) if BEAM_WIDTH < ratio / 2 else BEAM_WIDTH
        lo, hi = [0], [n_ref + 1]
        for i in range(1, n_hyp + 1):
            diag = math.floor(i * ratio)
            lo.append(max(0, diag - width))
            hi.append(n_ref + 1 if i == n_hyp else min(n_ref + 1, diag + width))
        return _Band(tuple(lo), tuple(hi))


class _Matrix:
    """Banded edit distance of hypotheses (word ids) to one reference, rows as numpy arrays.

    A row holds the costs of one hypothesis prefix against every reference prefix, shape (m+1,),
    stored minus the column index (``u[j] = cost[j] - j``), so that the insertion chain
    ``cost[j] = min(.., cost[j-1] + 1)`` becomes a plain running minimum. Cells outside the band
    hold about INF (only finite values are ever read back).
    """

    def __init__(self, ref: np.ndarray, n_hyp: int, n_words: int) -> None:
        self.ref = ref
        self.ref_words: list[int] = ref.tolist()
        self.band = _Band.of(n_hyp, len(ref))
        self.cols = np.arange(len(ref) + 1, dtype=np.int64)
        # diagonal step in stored units: substitution cost - 1, shape (n_words, m)
        self.diag = (np.arange(n_words)[:, None] != ref[None, :]).astype(np.int8) - 1

    def advance(self, prev: np.ndarray, out: np.ndarray, words: np.ndarray, i: int) -> None:
        """Write into ``out`` row i of each hypothesis (rows of ``prev``, shape (C, m+1)) whose
        word i-1 is ``words`` (C,)."""
        lo, hi = self.band.lo[i], self.band.hi[i]
        cells = out[:, lo:hi]
        np.add(prev[:, lo:hi], 1, out=cells)  # deletion: the cell above + 1
        j1 = max(lo, 1)
        diagonal = prev[:, j1 - 1 : hi - 1] + self.diag[words, j1 - 1 : hi - 1]
        np.minimum(cells[:, j1 - lo :], diagonal, out=cells[:, j1 - lo :])
        np.minimum.accumulate(cells, axis=1, out=cells)  # insertion: the cell left + 1
        if lo > 0:
            out[:, lo - 1] = INF  # the next row's diagonal may read it
        if hi < out.shape[1]:
            out[:, hi:] = INF

    def rows(self, hyp: np.ndarray, known: np.ndarray | None = None, shared: int = 0) -> np.ndarray:
        """All rows (n+1, m+1) of one hypothesis; rows 0..shared may be copied from ``known``."""
        out = np.full((len(hyp) + 1, len(self.ref) + 1), INF, dtype=np.int64)
        if known is None:
            shared = 0
        else:
            out[: shared + 1] = known[: shared + 1]
        out[0] = 0  # row 0: j insertions
        for i in range(shared + 1, len(hyp) + 1):
            self.advance(out[i - 1 : i], out[i : i + 1], hyp[i - 1 : i], i)
        return out

    def cost(self, rows: np.ndarray) -> int:
        """Edit distance given a hypothesis's rows."""
        return int(rows[-1, -1]) + len(self.ref)

    def costs(self, hyps: np.ndarray, shared: np.ndarray, base: np.ndarray) -> np.ndarray:
        """Edit distances of hypotheses (C, n) whose first ``shared`` (C,) words equal the base
        hypothesis, whose rows are ``base`` (n+1, m+1). ``shared`` must be sorted ascending."""
        n = hyps.shape[1]
        out = np.full(len(hyps), self.cost(base), dtype=np.int64)
        if len(hyps) == 0 or shared[0] >= n:
            return out
        buffers = np.full((2, len(hyps), base.shape[1]), INF, dtype=np.int64)
        first = int(shared[0]) + 1
        starts = np.searchsorted(shared, np.arange(first, n + 1), side="left").tolist()
        active = 0
        for i, started in zip(range(first, n + 1), starts, strict=True):
            prev, current = buffers[(i - 1) % 2], buffers[i % 2]
            if started > active:  # these share exactly i - 1 words with the base
                prev[active:started] = base[i - 1]
                active = started
            self.advance(prev[:active], current[:active], hyps[:active, i - 1], i)
        out[:active] = buffers[n % 2, :active, -1] + len(self.ref)
        return out


def _alignment(matrix: _Matrix, rows: np.ndarray, hyp: list[int]) -> tuple[list[int], ...]:
    """Trace back sacrebleu's path: (ref position -> hyp position, ref errors, hyp errors).

    At each cell the recorded operation is the first of match/substitution, deletion (a
    hypothesis word), insertion (a reference word) whose cost gives the cell's value.
    """
    cost = (rows + matrix.cols).tolist()  # stored units back to costs
    ref = matrix.ref_words
    i, j = len(hyp), len(ref)
    ops: list[str] = []
    while i > 0 or j > 0:
        value = cost[i][j]
        assert value < INF // 2, "the traced path left the band"
        if i > 0 and j > 0 and cost[i - 1][j - 1] + (hyp[i - 1] != ref[j - 1]) == value:
            ops.append("s" if hyp[i - 1] != ref[j - 1] else " ")
            i, j = i - 1, j - 1
        elif i > 0 and (j == 0 or cost[i - 1][j] + 1 == value):
            ops.append("h")
            i -= 1
        else:
            ops.append("r")
            j -= 1
    align, ref_err, hyp_err = [], [], []
    pos_h = -1
    for op in reversed(ops):
        if op != "r":
            pos_h += 1
            hyp_err.append(0 if op == " " else 1)
        if op != "h":
            align.append(pos_h)
            ref_err.append(0 if op == " " else 1)
    return align, ref_err, hyp_err


def _moved(words: list[int], start: int, length: int, target: int) -> list[int]:
    """``words`` with the block at ``start`` moved before ``target`` (sacrebleu's placement).

    A target past the block counts in the original positions; one inside or just after the
    block counts in the words left once the block is taken out.
    """
    block = words[start : start + length]
    rest = words[:start] + words[start + length :]
    at = target - length if target > start + length else target
    return rest[:at] + block + rest[at:]


def _matches(hyp: list[int], ref: list[int]) -> list[tuple[int, int, int]]:
    """(hyp start, ref start, length) of equal word runs, in sacrebleu's order."""
    where: dict[int, list[int]] = {}
    for r, word in enumerate(ref):
        where.setdefault(word, []).append(r)
    found = []
    for h, word in enumerate(hyp):
        for r in where.get(word, ()):
            if abs(r - h) > MAX_SHIFT_DIST:
                continue
            length = 1
            found.append((h, r, 1))
            while (
                length < MAX_SHIFT_SIZE
                and h + length < len(hyp)
                and r + length < len(ref)
                and hyp[h + length] == ref[r + length]
            ):
                length += 1
                found.append((h, r, length))
    return found


@dataclass
class _Candidates:
    """The shifts one step tries: (start, length, target) and how many were counted."""

    moves: list[tuple[int, int, int]]
    checked: int


def shift_candidates(
    hyp: list[int], ref: list[int], trace: tuple[list[int], ...], checked: int
) -> _Candidates:
    """Shifts worth trying, as sacrebleu enumerates and counts them (at most 1000 in all)."""
    align, ref_err, hyp_err = trace
    moves = []
    for start_h, start_r, length in _matches(hyp, ref):
        if not any(hyp_err[start_h : start_h + length]):
            continue  # the hypothesis words are already right there
        if not any(ref_err[start_r : start_r + length]):
            continue  # the reference words are already matched
        if start_h <= align[start_r] < start_h + length:
            continue  # a shift within the block itself
        previous = -1
        for offset in range(-1, length):
            target = 0 if start_r + offset == -1 else align[start_r + offset] + 1
            if target != previous:
                previous = target
                moves.append((start_h, length, target))
                checked += 1
        if checked >= MAX_SHIFT_CANDIDATES:
            break
    return _Candidates(moves, checked)


def _best_shift(
    matrix: _Matrix, hyp: list[int], base: np.ndarray, checked: int
) -> tuple[int, list[int], int, int]:
    """One step of the shift search, from the hypothesis and its rows ``base`` (n+1, m+1):
    (gain, shifted hypothesis, words it shares with ``hyp``, candidates counted so far).

    Among the candidates the best has the largest gain, then the longest block, then the
    earliest start, then the earliest target (tercom's order; sacrebleu keeps the first best).
    """
    found = shift_candidates(hyp, matrix.ref_words, _alignment(matrix, base, hyp), checked)
    if not found.moves:
        return 0, hyp, len(hyp), found.checked
    moves = sorted(found.moves, key=lambda move: min(move[0], move[2]))
    shifted = np.array([_moved(hyp, *move) for move in moves], dtype=np.int64)
    shared = np.array([min(move[0], move[2]) for move in moves], dtype=np.int64)
    gains = matrix.cost(base) - matrix.costs(shifted, shared, base)
    best = max(
        range(len(moves)),
        key=lambda c: (int(gains[c]), moves[c][1], -moves[c][0], -moves[c][2]),
    )
    return int(gains[best]), shifted[best].tolist(), int(shared[best]), found.checked


def edits_and_length(words_hyp: list[str], words_ref: list[str]) -> tuple[int, int]:
    """TER's (number of edits, reference length) of two word lists, as sacrebleu counts them."""
    if not words_ref:
        return len(words_hyp), 0
    if words_hyp == words_ref:
        return 0, len(words_ref)  # no error, so no shift is tried
    ids: dict[str, int] = {}
    ref = [ids.setdefault(w, len(ids)) for w in words_ref]
    hyp = [ids.setdefault(w, len(ids)) for w in words_hyp]
    matrix = _Matrix(np.asarray(ref, dtype=np.int64), len(hyp), len(ids))
    rows = matrix.rows(np.asarray(hyp, dtype=np.int64))
    shifts, checked = 0, 0
    while True:
        gain, shifted, shared, checked = _best_shift(matrix, hyp, rows, checked)
        if checked >= MAX_SHIFT_CANDIDATES or gain <= 0:
            break  # sacrebleu drops the last step's shift once the candidate budget is spent
        shifts += 1
        hyp = shifted
        rows = matrix.rows(np.asarray(hyp, dtype=np.int64), rows, shared)
    return shifts + matrix.cost(rows), len(ref)
