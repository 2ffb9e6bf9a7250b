"""Alignment: derivative sentences to the reference sentences they were made from.

Non-monotonic by design (rewrites move paragraphs). Outline:

1. match log-odds ``Z`` (derivative x reference, ``audit.align.emission``): a two-stage logistic
   model over the embedding cosine, word and character TF-IDF cosines (``audit.align.lexical``) and
   how each pair stands against the other pairs of its row and of its column;
2. ``audit.align.decode.decode``: a hidden Markov model over the derivative (states: a
   reference sentence, or no counterpart) decoded by forward-backward posterior marginals;
   sentence i is linked to its most probable reference sentence when that posterior exceeds
   ``link_posterior`` (the principled "no counterpart" decision). Jumps anywhere are allowed;
   local order (split, next, next but one) weighs more, and both neighbours support a match.
   A link then moves to a reference sentence no sentence claims when that one's log-odds are
   ``relink_margin`` higher (a headline and caption before the lede; a quotation retold);
3. units: a run of adjacent derivative sentences on the same reference sentence is one unit (a
   split, up to ``max_span`` sentences); a reference sentence claimed by several runs keeps the
   run with the most probable link, the others become additions;
4. merges and splits: a unit grows over an adjacent unlinked reference sentence when the unit's
   cosine (length-weighted mean vectors of each side) gains more than ``merge_gain``, and over
   an adjacent unlinked derivative sentence when the cosine gains more than ``split_gain`` and
   that sentence's own cosine with the reference side is at least ``split_min_cosine``; or, on
   either side, when the sentence brings content words that the unit's other side has and its
   own side lacks (``cover_share`` of its words, the cosine falling by at most ``cover_drop``);
5. gaps (``audit.align.gaps``): equally long runs of unlinked sentences in the same place on
   both sides are linked one to one where their cosine reaches ``gap_min_cosine``;
6. everything left is an addition (derivative side) or an omission (reference side).

Every sentence ends in exactly one unit and every unit is a contiguous run on each side.
Cost for D derivative and R reference sentences: O(D x R) time; memory the float32 score matrix
(4 D R bytes), one more during its making, and 8 D R bytes of forward probabilities (about
1.6 GB at 10,000 x 10,000).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from audit.align.decode import decode
from audit.align.emission import LexicalPairs, match_log_odds
from audit.align.gaps import gap_pairs
from audit.align.unlink import Pairs
from audit.records import AlignedUnit
from audit.settings import AlignConfig

UNLINKED = np.float32(-1e4)
"""The match log-odds of an unlinked pair: no link weight at all (``exp`` of it is 0)."""


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
    lexical: LexicalPairs | None = None,
    unlinked: Pairs = frozenset(),
    paragraphs: tuple[Sequence[int], Sequence[int]] | None = None,
) -> tuple[AlignedUnit, ...]:
    """Align two documents given their sentence vectors, shapes (R, dim) and (D, dim).

    Rows must be L2-normalised. Weights (for example word counts) weigh the sentence vectors of
    multi-sentence units. ``lexical``: the word and the character TF-IDF rows of both sides
    (``audit.align.lexical.lexical_pairs``), or None for no word evidence; unit
    similarities stay embedding cosines. ``unlinked``: (reference, derivative) sentence pairs
    that never share a unit (links a reviewer marked wrong, ``audit.align.unlink``).
    ``paragraphs``: the paragraph of each reference and derivative sentence; with
    ``config.keep_paragraphs`` no unit grows across a paragraph break. Returns units ordered by
    derivative position, omissions placed after their reference predecessor.
    """
    config = config or AlignConfig()
    n_ref, n_der = len(ref_vectors), len(deriv_vectors)
    merger = _Merger(ref_vectors, deriv_vectors, ref_weights, deriv_weights, lexical, unlinked)
    if config.keep_paragraphs and paragraphs is not None:
        merger.paragraphs = {"ref": list(paragraphs[0]), "deriv": list(paragraphs[1])}
    if n_ref == 0 or n_der == 0:
        return _finish([], n_ref, n_der, merger)
    scores = match_log_odds(ref_vectors, deriv_vectors, lexical, config)
    for j, i in unlinked:
        scores[i, j] = UNLINKED
    choice, confidence = decode(scores, config)
    del scores
    units = _runs(choice, confidence, config, merger)
    if config.length_cover > 0:
        merger.typical = _typical_ratio(units, merger)
    _grow(units, merger, config, n_ref, "ref")
    _grow(units, merger, config, n_der, "deriv")
    spans = [(u.ref, u.deriv) for u in units]
    for j, i in gap_pairs(spans, n_ref, n_der, merger.pair, config.gap_min_cosine):
        if merger.allowed([j], [i]):
            units.append(_Unit([j], [i]))
    return _finish(units, n_ref, n_der, merger)


def _runs(
    choice: np.ndarray, confidence: np.ndarray, config: AlignConfig, merger: _Merger
) -> list[_Unit]:
    """Runs of adjacent derivative sentences on one reference sentence (within a paragraph when
    paragraphs are kept); one run per reference.

    A reference sentence claimed by several runs keeps the run with the most probable link.
    """
    best: dict[int, _Unit] = {}
    start = 0
    while start < len(choice):
        j = int(choice[start])
        end = start + 1
        while end < len(choice) and choice[end] == j and not merger.apart("deriv", start, end):
            end += 1
        if j >= 0:
            for unit in _windows(j, list(range(start, end)), confidence, config):
                if j not in best or unit.score > best[j].score:
                    best[j] = unit
        start = end
    return list(best.values())


def _windows(j: int, run: list[int], confidence: np.ndarray, config: AlignConfig) -> list[_Unit]:
    """A run cut into pieces of at most ``max_span`` sentences, each scored by its best link."""
    size = max(1, config.max_span)
    pieces = [run[k : k + size] for k in range(0, len(run), size)]
    return [_Unit([j], piece, float(max(confidence[i] for i in piece))) for piece in pieces]


class _Merger:
    """Scores a unit as the cosine of the length-weighted mean vectors of its two sides, and
    tells how much of a sentence's content words the other side of a unit has."""

    def __init__(
        self,
        ref: np.ndarray,
        der: np.ndarray,
        ref_w: Sequence[float],
        der_w: Sequence[float],
        lexical: LexicalPairs | None = None,
        unlinked: Pairs = frozenset(),
    ):
        self.ref, self.der = ref, der
        self.unlinked = unlinked
        self.ref_w = np.asarray(ref_w, dtype=np.float32)
        self.der_w = np.asarray(der_w, dtype=np.float32)
        words = lexical[0] if lexical else None
        self.paragraphs: dict[str, list[int]] = {}
        self.typical = 1.0
        self.words = {
            "ref": _word_sets(words[0] if words else None, len(ref)),
            "deriv": _word_sets(words[1] if words else None, len(der)),
        }

    def score(self, ref: Sequence[int], deriv: Sequence[int]) -> float:
        """Cosine of the merged reference run and the merged derivative run."""
        a = _mean(self.ref, self.ref_w, ref)
        b = _mean(self.der, self.der_w, deriv)
        return float(a @ b)

    def ratio(self, ref: Sequence[int], deriv: Sequence[int]) -> float:
        """Length of the derivative side over that of the reference side (their weights)."""
        return float(self.der_w[list(deriv)].sum() / max(1e-9, self.ref_w[list(ref)].sum()))

    def evens(self, unit: _Unit, side: str, k: int, factor: float) -> bool:
        """Whether sentence k, joining the unit on ``side``, brings a unit ``factor`` times too
        long (or too short) against the document's typical ratio closer to it: a translation
        that renders three sentences of the original in one, which the cosine alone does not
        join."""
        now = self.ratio(unit.ref, unit.deriv) / self.typical
        grown = sorted([*getattr(unit, side), k])
        after = (
            self.ratio(grown, unit.deriv) if side == "ref" else self.ratio(unit.ref, grown)
        ) / self.typical
        off = now > factor if side == "ref" else now < 1 / factor
        return off and abs(np.log(after)) < abs(np.log(now))

    def apart(self, side: str, a: int, b: int) -> bool:
        """Whether sentences a and b of one side are in different paragraphs (when kept)."""
        found = self.paragraphs.get(side)
        return found is not None and found[a] != found[b]

    def allowed(self, ref: Sequence[int], deriv: Sequence[int]) -> bool:
        """Whether these sentences may form one unit: no pair of them is an unlinked one."""
        return not self.unlinked or all((j, i) not in self.unlinked for j in ref for i in deriv)

    def pair(self, j: int, i: int) -> float:
        """Cosine of reference sentence j and derivative sentence i."""
        return self.score([j], [i])

    def covered(self, unit: _Unit, side: str, k: int, share: float) -> bool:
        """Whether sentence k accounts for words of the other side of ``unit`` that its own side
        lacks: at least two, and at least ``share`` of k's content words by TF-IDF weight (a name
        the whole story repeats counts little). A reference sentence without content words (a
        stray quotation mark) has nothing to account for."""
        other = "deriv" if side == "ref" else "ref"
        words = self.words[side][k]
        if not words:
            return side == "ref"
        there = set().union(*(self.words[other][i] for i in getattr(unit, other)))
        mine = set().union(*(self.words[side][i] for i in getattr(unit, side)))
        brought = (words.keys() & there) - mine
        return len(brought) >= 2 and sum(words[w] for w in brought) >= share * sum(words.values())


def _typical_ratio(units: list[_Unit], merger: _Merger) -> float:
    """The median length ratio of the decoded one-to-one units (1.0 when there are none)."""
    ratios = [merger.ratio(u.ref, u.deriv) for u in units if len(u.ref) == len(u.deriv) == 1]
    return float(np.median(ratios)) if ratios else 1.0


def _word_sets(rows: sp.csr_matrix | None, n: int) -> list[dict[int, float]]:
    """The content-word (stem) ids of each sentence with their TF-IDF weights: its word row."""
    if rows is None:
        return [{} for _ in range(n)]
    out = []
    for k in range(n):
        cut = slice(rows.indptr[k], rows.indptr[k + 1])
        out.append(dict(zip(rows.indices[cut].tolist(), rows.data[cut].tolist(), strict=True)))
    return out


def _mean(vectors: np.ndarray, weights: np.ndarray, indices: Sequence[int]) -> np.ndarray:
    idx = list(indices)
    merged = (vectors[idx] * weights[idx, None]).sum(axis=0)
    norm = float(np.linalg.norm(merged))
    return merged / norm if norm > 0 else merged


def _grow(units: list[_Unit], merger: _Merger, config: AlignConfig, n: int, side: str) -> None:
    """Grow units over adjacent unlinked sentences of one side, best units first.

    ``side="ref"`` (merges): a reference sentence joins when the unit's cosine gains more than
    ``merge_gain``. ``side="deriv"`` (splits): a derivative sentence joins when the cosine gains
    more than ``split_gain`` and its own cosine with the reference side is at least
    ``split_min_cosine``. Units stay contiguous and at most ``max_span`` sentences a side.
    """
    linked = {k for u in units for k in getattr(u, side)}
    for unit in sorted(units, key=lambda u: -u.score):
        while len(getattr(unit, side)) < config.max_span:
            k = _joining_neighbour(unit, merger, config, n, side, linked)
            if k is None:
                break
            setattr(unit, side, sorted([*getattr(unit, side), k]))
            linked.add(k)


def _joining_neighbour(
    unit: _Unit, merger: _Merger, config: AlignConfig, n: int, side: str, linked: set[int]
) -> int | None:
    """The first adjacent unlinked sentence of ``side`` that may join the unit, or None.

    It joins on the cosine of the grown unit (see ``_grow``) or on its words: the unit's other
    side has at least ``cover_share`` of its content words, some not on the unit's own side,
    and the grown unit's cosine falls by at most ``cover_drop`` (a translation that joins two
    sentences into one, or cuts one in two, with a short piece that moves the cosine little).
    """
    members: list[int] = getattr(unit, side)
    current = merger.score(unit.ref, unit.deriv)
    gain = config.merge_gain if side == "ref" else config.split_gain
    for k, member in ((members[0] - 1, members[0]), (members[-1] + 1, members[-1])):
        if k < 0 or k >= n or k in linked or merger.apart(side, k, member):
            continue
        grown = sorted([*members, k])
        if not merger.allowed(*((grown, unit.deriv) if side == "ref" else (unit.ref, grown))):
            continue
        if side == "ref":
            score = merger.score(grown, unit.deriv)
            ok = score > current + gain
        else:
            score = merger.score(unit.ref, grown)
            own = merger.score(unit.ref, [k])
            ok = own >= config.split_min_cosine and score > current + gain
        if ok or (
            score >= current - config.cover_drop
            and (
                (config.cover_share > 0 and merger.covered(unit, side, k, config.cover_share))
                or (config.length_cover > 0 and merger.evens(unit, side, k, config.length_cover))
            )
        ):
            return k
    return None


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
