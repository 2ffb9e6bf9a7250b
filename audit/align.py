"""Alignment: derivative sentences to the reference sentences they were made from.

Non-monotonic by design (rewrites move paragraphs). Outline:

1. cosine matrix ``S`` (derivative x reference) from unit-length embeddings;
2. each pair's score is its cosine plus a small bonus when a diagonal neighbour pair
   (i-1, j-1) or (i+1, j+1) also matches well: local order supports a match without any
   assumption about global order;
3. one-to-one links are taken greedily, best score first, each sentence used once, above a
   threshold;
4. splits and merges: an unlinked sentence next to a linked one joins that unit when the
   merged unit (length-weighted mean of its vectors) is closer to the other side than before;
5. everything left is an addition (derivative side) or an omission (reference side).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from audit.config import AlignConfig
from audit.records import AlignedUnit


@dataclass
class _Unit:
    ref: list[int]
    deriv: list[int]


def align(
    ref_vectors: np.ndarray,
    deriv_vectors: np.ndarray,
    ref_weights: Sequence[float],
    deriv_weights: Sequence[float],
    config: AlignConfig | None = None,
) -> tuple[AlignedUnit, ...]:
    """Align two documents given their sentence vectors, shapes (R, dim) and (D, dim).

    Weights (for example word counts) are used to merge vectors of multi-sentence units.
    Returns units ordered by derivative position, omissions placed after their reference
    predecessor.
    """
    config = config or AlignConfig()
    n_ref, n_der = len(ref_vectors), len(deriv_vectors)
    if n_ref == 0 or n_der == 0:
        return _finish([], n_ref, n_der, None, ref_vectors, deriv_vectors, ref_weights, deriv_weights)
    sim = deriv_vectors @ ref_vectors.T
    scored = sim + config.context_weight * _neighbour_support(sim)
    units = _greedy_links(scored, config.threshold)
    merger = _Merger(ref_vectors, deriv_vectors, np.asarray(ref_weights), np.asarray(deriv_weights))
    _extend(units, sim, merger, config, n_ref, n_der)
    return _finish(units, n_ref, n_der, merger, ref_vectors, deriv_vectors, ref_weights, deriv_weights)


def _neighbour_support(sim: np.ndarray) -> np.ndarray:
    """For each pair, the better cosine of its two diagonal neighbours (0 at the edges)."""
    before = np.zeros_like(sim)
    after = np.zeros_like(sim)
    before[1:, 1:] = sim[:-1, :-1]
    after[:-1, :-1] = sim[1:, 1:]
    return np.maximum(before, after)


def _greedy_links(scored: np.ndarray, threshold: float, top_k: int = 8) -> list[_Unit]:
    """One-to-one links, best first; only each row's top_k candidates are considered."""
    k = min(top_k, scored.shape[1])
    top = np.argpartition(-scored, k - 1, axis=1)[:, :k]
    rows = np.repeat(np.arange(scored.shape[0]), k)
    cols = top.ravel()
    values = scored[rows, cols]
    keep = values >= threshold
    rows, cols, values = rows[keep], cols[keep], values[keep]
    order = np.argsort(-values, kind="stable")
    used_ref: set[int] = set()
    used_der: set[int] = set()
    units: list[_Unit] = []
    for index in order:
        i, j = int(rows[index]), int(cols[index])
        if i in used_der or j in used_ref:
            continue
        used_der.add(i)
        used_ref.add(j)
        units.append(_Unit(ref=[j], deriv=[i]))
    return units


class _Merger:
    """Scores a unit as the cosine of the length-weighted mean vectors of its two sides."""

    def __init__(self, ref: np.ndarray, der: np.ndarray, ref_w: np.ndarray, der_w: np.ndarray):
        self.ref, self.der, self.ref_w, self.der_w = ref, der, ref_w, der_w

    def score(self, ref: Sequence[int], deriv: Sequence[int]) -> float:
        a = _mean(self.ref, self.ref_w, ref)
        b = _mean(self.der, self.der_w, deriv)
        return float(a @ b)


def _mean(vectors: np.ndarray, weights: np.ndarray, indices: Sequence[int]) -> np.ndarray:
    idx = list(indices)
    merged = (vectors[idx] * weights[idx, None]).sum(axis=0)
    norm = float(np.linalg.norm(merged))
    return merged / norm if norm > 0 else merged


def _extend(
    units: list[_Unit],
    sim: np.ndarray,
    merger: _Merger,
    config: AlignConfig,
    n_ref: int,
    n_der: int,
) -> None:
    """Grow units over adjacent unlinked sentences when that makes the unit match better."""
    changed = True
    while changed:
        changed = False
        der_owner = {i: u for u in units for i in u.deriv}
        ref_owner = {j: u for u in units for j in u.ref}
        for unit in units:
            for side in ("deriv", "ref"):
                if _try_grow(unit, side, sim, merger, config, der_owner, ref_owner, n_ref, n_der):
                    changed = True


def _try_grow(
    unit: _Unit,
    side: str,
    sim: np.ndarray,
    merger: _Merger,
    config: AlignConfig,
    der_owner: dict[int, _Unit],
    ref_owner: dict[int, _Unit],
    n_ref: int,
    n_der: int,
) -> bool:
    members = unit.deriv if side == "deriv" else unit.ref
    owner = der_owner if side == "deriv" else ref_owner
    limit = n_der if side == "deriv" else n_ref
    if len(members) >= config.max_span:
        return False
    current = merger.score(unit.ref, unit.deriv)
    for candidate in (min(members) - 1, max(members) + 1):
        if candidate < 0 or candidate >= limit or candidate in owner:
            continue
        if side == "deriv":
            best = float(sim[candidate, unit.ref].max())
            grown = merger.score(unit.ref, sorted(unit.deriv + [candidate]))
        else:
            best = float(sim[unit.deriv, candidate].max())
            grown = merger.score(sorted(unit.ref + [candidate]), unit.deriv)
        if best >= config.extend_threshold and grown > current + config.merge_gain:
            members.append(candidate)
            members.sort()
            owner[candidate] = unit
            return True
    return False


def _finish(
    units: list[_Unit],
    n_ref: int,
    n_der: int,
    merger: _Merger | None,
    ref_vectors: np.ndarray,
    deriv_vectors: np.ndarray,
    ref_weights: Sequence[float],
    deriv_weights: Sequence[float],
) -> tuple[AlignedUnit, ...]:
    """Add additions and omissions, order everything, and number the units."""
    linked_der = {i for u in units for i in u.deriv}
    linked_ref = {j for u in units for j in u.ref}
    keyed: list[tuple[float, int, _Unit]] = [(min(u.deriv), min(u.ref), u) for u in units]
    keyed += [(i, -1, _Unit([], [i])) for i in range(n_der) if i not in linked_der]
    ref_position = {j: max(u.deriv) for u in units for j in u.ref}
    for j in range(n_ref):
        if j in linked_ref:
            continue
        before = [ref_position[k] for k in range(j - 1, -1, -1) if k in ref_position][:1]
        keyed.append(((before[0] + 0.5) if before else -0.5, j, _Unit([j], [])))
    keyed.sort(key=lambda item: (item[0], item[1]))
    out = []
    for index, (_, _, unit) in enumerate(keyed):
        similarity = merger.score(unit.ref, unit.deriv) if merger and unit.ref and unit.deriv else None
        out.append(AlignedUnit(index, tuple(unit.ref), tuple(unit.deriv), similarity))
    return tuple(out)
