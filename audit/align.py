"""Alignment: derivative sentences to the reference sentences they were made from.

Non-monotonic by design (rewrites move paragraphs). Outline:

1. similarity matrix ``S`` (derivative x reference): the cosine of the unit-length sentence
   embeddings, mixed with a TF-IDF word-overlap cosine (``lexical_weight``, ``audit.lexical``);
2. ``audit.align_decode.decode``: a Viterbi pass over the derivative picks, for each derivative
   sentence, one reference sentence or none. A link earns ``S - threshold`` (none earns 0: the
   "no counterpart" decision), any jump between reference positions is free, and local reading
   order earns a bonus (the next reference sentence, the one after an omitted sentence, or the
   same one: a split; more for a split inside one derivative paragraph). Only derivative
   neighbours support each other, so a moved block keeps the support of its own sentences;
3. units: a run of adjacent derivative sentences on the same reference sentence is one unit (a
   split, up to ``max_span`` sentences); a reference sentence claimed by several runs keeps its
   best run, the others become additions;
4. merges: a unit grows over an adjacent unlinked reference sentence when the unit's cosine
   (length-weighted mean vectors of each side) gains more than ``merge_gain``;
5. everything left is an addition (derivative side) or an omission (reference side).

Every sentence ends in exactly one unit and every unit is a contiguous run on each side.
Cost for D derivative and R reference sentences: O(D x R) time; memory the float32 similarity
matrix (4 D R bytes) plus 2 D R bytes of back-pointers (600 MB at 10,000 x 10,000).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from audit.align_decode import decode
from audit.config import AlignConfig
from audit.lexical import LexicalPair
from audit.records import AlignedUnit


@dataclass
class _Unit:
    ref: list[int]
    deriv: list[int]
    score: float = 0.0


def align(
    ref_vectors: np.ndarray,
    deriv_vectors: np.ndarray,
    ref_weights: Sequence[float],
    deriv_weights: Sequence[float],
    config: AlignConfig | None = None,
    lexical: LexicalPair | None = None,
    deriv_paragraphs: Sequence[int] | None = None,
) -> tuple[AlignedUnit, ...]:
    """Align two documents given their sentence vectors, shapes (R, dim) and (D, dim).

    Rows must be L2-normalised. Weights (for example word counts) weigh the sentence vectors of
    multi-sentence units. ``lexical`` (optional TF-IDF rows of both sides, see
    ``audit.lexical``) mixes a word-overlap cosine into the decision with weight
    ``config.lexical_weight``; unit similarities stay embedding cosines. Returns units ordered by
    derivative position, omissions placed after their reference predecessor.
    ``deriv_paragraphs`` (paragraph number per derivative sentence) lets two sentences of one
    paragraph form a split more easily (``config.paragraph_split_bonus``).
    """
    config = config or AlignConfig()
    n_ref, n_der = len(ref_vectors), len(deriv_vectors)
    merger = _Merger(ref_vectors, deriv_vectors, ref_weights, deriv_weights)
    if n_ref == 0 or n_der == 0:
        return _finish([], n_ref, n_der, merger)
    sim = _similarity(ref_vectors, deriv_vectors, lexical, config.lexical_weight)
    choice = decode(sim, config, _same_paragraph(deriv_paragraphs, n_der))
    units = _runs(choice, sim, config)
    del sim
    _merge_references(units, merger, config, n_ref)
    return _finish(units, n_ref, n_der, merger)


def _same_paragraph(paragraphs: Sequence[int] | None, n_der: int) -> np.ndarray:
    """Bool per derivative sentence: in the same paragraph as the sentence before it."""
    out = np.zeros(n_der, dtype=bool)
    if paragraphs is not None and n_der > 1:
        numbers = np.asarray(paragraphs)
        out[1:] = numbers[1:] == numbers[:-1]
    return out


def _similarity(
    ref_vectors: np.ndarray,
    deriv_vectors: np.ndarray,
    lexical: LexicalPair | None,
    weight: float,
    chunk: int = 1024,
) -> np.ndarray:
    """(D, R) float32: embedding cosine, mixed in place with the lexical (TF-IDF) cosine.

    The lexical product is made ``chunk`` derivative rows at a time, so it never needs more
    than chunk x R floats on top of the result.
    """
    sim = np.asarray(deriv_vectors, dtype=np.float32) @ np.asarray(ref_vectors, dtype=np.float32).T
    if lexical is None or weight <= 0:
        return sim
    ref_t = lexical[0].T.tocsc()
    for start in range(0, sim.shape[0], chunk):
        block = sim[start : start + chunk]
        block *= np.float32(1.0 - weight)
        block += np.float32(weight) * (lexical[1][start : start + chunk] @ ref_t).toarray()
    return sim


def _runs(choice: np.ndarray, sim: np.ndarray, config: AlignConfig) -> list[_Unit]:
    """Runs of adjacent derivative sentences on one reference sentence; one run per reference."""
    best: dict[int, _Unit] = {}
    start = 0
    while start < len(choice):
        j = int(choice[start])
        end = start + 1
        while end < len(choice) and choice[end] == j:
            end += 1
        if j >= 0:
            for unit in _windows(j, list(range(start, end)), sim, config):
                if j not in best or unit.score > best[j].score:
                    best[j] = unit
        start = end
    return list(best.values())


def _windows(j: int, run: list[int], sim: np.ndarray, config: AlignConfig) -> list[_Unit]:
    """A run cut into pieces of at most ``max_span`` sentences, each scored like the decoder."""
    size = max(1, config.max_span)
    pieces = [run[k : k + size] for k in range(0, len(run), size)]
    return [
        _Unit([j], piece, float(sum(sim[i, j] - config.threshold for i in piece)))
        for piece in pieces
    ]


class _Merger:
    """Scores a unit as the cosine of the length-weighted mean vectors of its two sides."""

    def __init__(
        self,
        ref: np.ndarray,
        der: np.ndarray,
        ref_w: Sequence[float],
        der_w: Sequence[float],
    ):
        self.ref, self.der = ref, der
        self.ref_w = np.asarray(ref_w, dtype=np.float32)
        self.der_w = np.asarray(der_w, dtype=np.float32)

    def score(self, ref: Sequence[int], deriv: Sequence[int]) -> float:
        """Cosine of the merged reference run and the merged derivative run."""
        a = _mean(self.ref, self.ref_w, ref)
        b = _mean(self.der, self.der_w, deriv)
        return float(a @ b)


def _mean(vectors: np.ndarray, weights: np.ndarray, indices: Sequence[int]) -> np.ndarray:
    idx = list(indices)
    merged = (vectors[idx] * weights[idx, None]).sum(axis=0)
    norm = float(np.linalg.norm(merged))
    return merged / norm if norm > 0 else merged


def _merge_references(units: list[_Unit], merger: _Merger, config: AlignConfig, n_ref: int) -> None:
    """Grow units over adjacent unlinked reference sentences when the unit matches better."""
    linked = {j for u in units for j in u.ref}
    for unit in sorted(units, key=lambda u: -u.score):
        grown = True
        while grown and len(unit.ref) < config.max_span:
            grown = False
            current = merger.score(unit.ref, unit.deriv)
            for j in (unit.ref[0] - 1, unit.ref[-1] + 1):
                if j < 0 or j >= n_ref or j in linked:
                    continue
                candidate = sorted([*unit.ref, j])
                if merger.score(candidate, unit.deriv) > current + config.merge_gain:
                    unit.ref = candidate
                    linked.add(j)
                    grown = True
                    break


def _finish(units: list[_Unit], n_ref: int, n_der: int, merger: _Merger) -> tuple[AlignedUnit, ...]:
    """Add additions and omissions, order everything by derivative position, number the units.

    An omission goes right after the unit that holds its nearest linked reference predecessor.
    """
    linked_der = {i for u in units for i in u.deriv}
    keyed: list[tuple[float, int, _Unit]] = [(min(u.deriv), min(u.ref), u) for u in units]
    keyed += [(i, -1, _Unit([], [i])) for i in range(n_der) if i not in linked_der]
    ref_position = {j: max(u.deriv) for u in units for j in u.ref}
    last = -0.5
    for j in range(n_ref):
        if j in ref_position:
            last = ref_position[j] + 0.5
        else:
            keyed.append((last, j, _Unit([j], [])))
    keyed.sort(key=lambda item: (item[0], item[1]))
    out = []
    for index, (_, _, unit) in enumerate(keyed):
        similarity = merger.score(unit.ref, unit.deriv) if unit.ref and unit.deriv else None
        out.append(AlignedUnit(index, tuple(unit.ref), tuple(unit.deriv), similarity))
    return tuple(out)
