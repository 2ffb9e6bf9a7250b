"""The decoding step of the aligner: one reference sentence (or none) per derivative sentence.

A hidden Markov model over the derivative, in its own order, whose hidden state for sentence ``i``
is one of

- ``L[j]``: sentence ``i`` comes from reference sentence ``j``;
- ``G[e]``: sentence ``i`` has no counterpart and the last linked sentence before it came from
  reference sentence ``e`` (so local order survives an inserted sentence);
- ``N``: no counterpart and no context.

Emissions: ``L[j]`` weighs ``exp(emission_scale * (z[i, j] - emission_offset))`` where ``z`` is the
calibrated log-odds that the pair matches (``audit.align.emission``); ``G`` and ``N`` weigh 1.
Transitions are weights, not a monotonic prior: any reference sentence can follow any other
(``jump`` spread over all R of them: moved paragraphs cost the same wherever they go), and local
reading order weighs more: the same reference sentence (a split, ``stay``), the next one
(``advance``) or the one after an omitted sentence (``skip``).

Decoding is by posterior marginals (forward-backward), not by the single best path: sentence
``i`` is linked to ``argmax_j P(L[j] | whole derivative)`` when that probability exceeds
``link_posterior`` and its own log-odds exceed ``min_log_odds`` (context promotes weak evidence,
it never links a sentence that matches nothing); a sentence whose best pair is sure on its own
(log-odds above ``sure_log_odds``) is linked to it whatever its context. Both neighbours support
a match, so the first sentence of a moved block keeps the support of the sentence after it.

Cost for D derivative and R reference sentences: time O(D x R) (a few vector operations of
length R per sentence, twice); memory 2 x 4 D R bytes of forward probabilities on top of the
caller's float32 score matrix, which is turned into emissions in place.
"""

from __future__ import annotations

import numpy as np

from audit.settings import AlignConfig


def _shift(row: np.ndarray, by: int) -> np.ndarray:
    """``row`` moved ``by`` places right (index j holds row[j - by]); zeros come in."""
    out = np.zeros_like(row)
    if by < len(row):
        out[by:] = row[: len(row) - by]
    return out


def _unshift(row: np.ndarray, by: int) -> np.ndarray:
    """``row`` moved ``by`` places left (index j holds row[j + by]); zeros come in."""
    out = np.zeros_like(row)
    if by < len(row):
        out[: len(row) - by] = row[by:]
    return out


def decode(z: np.ndarray, config: AlignConfig) -> tuple[np.ndarray, np.ndarray]:
    """The reference index per derivative sentence (-1: none) and its posterior probability.

    ``z`` is the (D, R) float32 log-odds matrix; it is overwritten with the emission weights.
    """
    n_der, n_ref = z.shape
    choice = np.full(n_der, -1, dtype=np.int64)
    confidence = np.zeros(n_der, dtype=np.float32)
    if n_der == 0 or n_ref == 0:
        return choice, confidence
    own_best = z.argmax(axis=1)
    own_value = z[np.arange(n_der), own_best]
    z -= np.float32(config.emission_offset)
    z *= np.float32(config.emission_scale)
    np.minimum(z, np.float32(60.0), out=z)
    np.exp(z, out=z)
    link, gap, none = _forward(z, config)
    floor = _weight(config.min_log_odds, config)
    _backward(z, link, gap, none, config, floor, choice, confidence)
    sure = (choice < 0) & (own_value > config.sure_log_odds)
    choice[sure] = own_best[sure]
    confidence[sure] = np.float32(config.link_posterior)
    _relink(z, choice, config)
    return choice, confidence


def _weight(log_odds: float, config: AlignConfig) -> float:
    """The emission weight of a link with these log-odds (as ``decode`` turns them)."""
    return float(np.exp(min(60.0, config.emission_scale * (log_odds - config.emission_offset))))


def _relink(emit: np.ndarray, choice: np.ndarray, config: AlignConfig) -> None:
    """Move a link to an unclaimed reference sentence that matches far better on its own.

    Local order can carry a derivative sentence onto the next reference sentence although
    another one, which no sentence claims, matches it much better (a headline and a photo
    caption before the lede; a quotation retold as reported speech in the lede's place): the
    link moves when that sentence's log-odds exceed the decoded link's by ``relink_margin``.
    Only a sentence alone on its reference sentence moves (a split stays whole), best gains
    first; the reference sentence it leaves becomes free for another move or for an unlinked
    sentence.
    """
    linked = np.flatnonzero(choice >= 0)
    if not len(linked) or config.relink_margin <= 0:
        return
    claimed = np.zeros(emit.shape[1], dtype=bool)
    claimed[choice[linked]] = True
    margin = config.emission_scale * config.relink_margin
    sure = _weight(config.sure_log_odds, config)
    claims = np.bincount(choice[linked], minlength=emit.shape[1])
    moves = []
    for i in linked:
        if claims[choice[i]] > 1:
            continue
        row = np.where(claimed, 0.0, emit[i])
        j = int(row.argmax())
        gain = float(np.log(max(row[j], 1e-30)) - np.log(max(emit[i, choice[i]], 1e-30)))
        if gain > margin and row[j] > sure:
            moves.append((gain, int(i), j))
    freed = []
    for _, k, j in sorted(moves, reverse=True):
        if not claimed[j]:
            old = int(choice[k])
            choice[k] = j
            claimed[j] = True
            claimed[old] = bool((choice == old).any())
            freed += [] if claimed[old] else [old]
    _refill(emit, choice, freed, _weight(config.min_log_odds, config))


def _refill(emit: np.ndarray, choice: np.ndarray, freed: list[int], floor: float) -> None:
    """A reference sentence a move left free goes to the unlinked derivative sentence that
    matches it best, if any matches it at least as well as a link needs (``min_log_odds``)."""
    for j in freed:
        unlinked = np.flatnonzero(choice < 0)
        if not len(unlinked) or (choice == j).any():
            continue
        best = int(unlinked[emit[unlinked, j].argmax()])
        if emit[best, j] > floor:
            choice[best] = j


def _forward(emit: np.ndarray, c: AlignConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Forward probabilities, normalised per sentence: L (D, R), G (D, R) and N (D,)."""
    n_der, n_ref = emit.shape
    link = np.zeros((n_der, n_ref), dtype=np.float32)
    gap = np.zeros((n_der, n_ref), dtype=np.float32)
    none = np.zeros(n_der, dtype=np.float64)
    into_l, into_g, into_n = (
        np.full(n_ref, 1.0 / n_ref, dtype=np.float32),
        np.zeros_like(link[0]),
        1.0,
    )
    for i in range(n_der):
        row = into_l * emit[i]
        total = float(row.sum()) + float(into_g.sum()) + into_n
        link[i], gap[i], none[i] = row / total, into_g / total, into_n / total
        prev_l, prev_g = link[i], gap[i]
        spread = np.float32(
            (c.jump * (float(prev_l.sum()) + none[i]) + c.gap_jump * float(prev_g.sum())) / n_ref
        )
        into_l = (
            spread
            + c.stay * prev_l
            + c.advance * _shift(prev_l, 1)
            + c.skip * _shift(prev_l, 2)
            + c.gap_advance * _shift(prev_g, 1)
            + c.gap_skip * _shift(prev_g, 2)
        ).astype(np.float32)
        into_g = (c.leave * prev_l + c.gap_stay * prev_g).astype(np.float32)
        into_n = c.leave * float(none[i])
    return link, gap, none


def _backward(
    emit: np.ndarray,
    link: np.ndarray,
    gap: np.ndarray,
    none: np.ndarray,
    c: AlignConfig,
    floor: float,
    choice: np.ndarray,
    confidence: np.ndarray,
) -> None:
    """Backward pass; fills ``choice`` and ``confidence`` from the posterior of each sentence.

    ``floor``: the emission weight a link needs on its own (context promotes weak evidence, it
    does not replace it).
    """
    n_der, n_ref = emit.shape
    back_l = np.ones(n_ref, dtype=np.float32)
    back_g = np.ones(n_ref, dtype=np.float32)
    back_n = 1.0
    for i in range(n_der - 1, -1, -1):
        post = link[i] * back_l
        total = float(post.sum()) + float((gap[i] * back_g).sum()) + none[i] * back_n
        j = int(post.argmax())
        p = float(post[j]) / total if total > 0 else 0.0
        if p > c.link_posterior and emit[i, j] > floor:
            choice[i], confidence[i] = j, p
        if i == 0:
            break
        back_l, back_g, back_n = _step_back(emit[i] * back_l, back_g, back_n, c)


def _step_back(
    x: np.ndarray, back_g: np.ndarray, back_n: float, c: AlignConfig
) -> tuple[np.ndarray, np.ndarray, float]:
    """Backward messages of sentence i-1 from ``x`` (emission times message into each L[j] at i).

    Returns the messages of L, G and N, scaled so that the largest is 1.
    """
    spread = np.float32(float(x.sum()) / len(x))
    ahead_1, ahead_2 = _unshift(x, 1), _unshift(x, 2)
    new_l = c.jump * spread + c.stay * x + c.advance * ahead_1 + c.skip * ahead_2 + c.leave * back_g
    new_g = (
        c.gap_jump * spread + c.gap_advance * ahead_1 + c.gap_skip * ahead_2 + c.gap_stay * back_g
    )
    new_n = c.jump * float(spread) + c.leave * back_n
    scale = max(float(new_l.max()), float(new_g.max()), new_n, 1e-30)
    return (new_l / scale).astype(np.float32), (new_g / scale).astype(np.float32), new_n / scale
