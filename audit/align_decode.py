"""The decoding step of the aligner: one best reference sentence (or none) per derivative sentence.

A Viterbi pass over the derivative, in its own order, whose states for sentence ``i`` are

- ``L[j]``: sentence ``i`` comes from reference sentence ``j``;
- ``N[e]``: sentence ``i`` has no counterpart (an addition) and the last linked sentence before it
  came from reference sentence ``e`` (so local order survives an inserted sentence);
- ``N0``: an addition with no context.

Scores: a link earns its similarity minus ``threshold`` (an addition earns 0, which makes the
threshold the principled "no counterpart" decision: link only where the evidence beats it).
Moving from one state to the next is free whatever the jump (the order is *not* assumed
monotonic: paragraphs may move), and earns a bonus when it looks like local reading order:
``j -> j+1`` (advance), ``j -> j+2`` (advance over an omitted sentence) and ``j -> j`` (a split:
two derivative sentences from one reference sentence). Only neighbours that sit next to each
other in the derivative support each other, so a block that moved elsewhere keeps the support of
its own sentences. With the defaults ``advance_bonus + split_bonus < threshold``, so bonuses alone
never link a sentence that has no similarity at all.

Cost for D derivative and R reference sentences: time O(D x R) (one pass of a few vector
operations of length R per derivative sentence) and memory D x R bytes x 2 for back-pointers
on top of the caller's float32 cosine matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from audit.config import AlignConfig

_NEG = np.float32(-1e9)
# Back-pointer codes of a link state L[j]: where its previous state was.
_FROM_BEST, _FROM_SPLIT, _FROM_ADV, _FROM_SKIP, _FROM_GAP_ADV, _FROM_GAP_SKIP = range(6)
_LINK, _GAP, _NONE = 0, 1, 2


@dataclass(frozen=True)
class _State:
    kind: int  # _LINK, _GAP or _NONE
    ref: int  # the reference index of a link / the last linked one of a gap; -1 for _NONE


def _shifted(row: np.ndarray, by: int, bonus: float) -> np.ndarray:
    """``row`` moved ``by`` places to the right (index j holds row[j - by]) plus a bonus."""
    out = np.full_like(row, _NEG)
    if by < len(row):
        out[by:] = row[: len(row) - by] + np.float32(bonus)
    return out


def decode(sim: np.ndarray, config: AlignConfig, same_paragraph: np.ndarray) -> np.ndarray:
    """The best reference index per derivative sentence (-1: no counterpart).

    ``sim`` is the (D, R) similarity matrix, derivative rows; it is read row by row, not copied.
    ``same_paragraph[i]``: sentence i is in the paragraph of sentence i-1, so splitting one
    reference sentence across the two earns ``paragraph_split_bonus`` more where that reference
    sentence is also sentence i's own best match.
    """
    n_der, n_ref = sim.shape
    link = np.full(n_ref, _NEG, dtype=np.float32)
    gap = np.full(n_ref, _NEG, dtype=np.float32)
    none = np.float32(0.0)
    back_link = np.zeros((n_der, n_ref), dtype=np.int8)
    back_gap = np.zeros((n_der, n_ref), dtype=bool)
    best_before: list[_State] = []
    for i in range(n_der):
        best_value, best_state = _best(link, gap, none)
        best_before.append(best_state)
        options = _options(link, gap, best_value, config)
        if same_paragraph[i]:
            options[_FROM_SPLIT] += _own_best(sim[i], config.paragraph_split_bonus)
        choice = options.argmax(axis=0)
        back_link[i] = choice
        back_gap[i] = gap > link
        new_gap = np.maximum(link, gap)
        link = options.max(axis=0) + (sim[i] - np.float32(config.threshold))
        gap = new_gap
        none = np.float32(best_value)
    return _backtrack(link, gap, none, back_link, back_gap, best_before)


def _own_best(row: np.ndarray, bonus: float) -> np.ndarray:
    """``bonus`` where the reference sentence is this derivative sentence's best match, else 0."""
    out = np.zeros_like(row)
    if len(row) and bonus:
        out[row >= row.max()] = np.float32(bonus)
    return out


def _options(
    link: np.ndarray, gap: np.ndarray, best_value: float, config: AlignConfig
) -> np.ndarray:
    """Value of each way into L[j], shape (6, R), rows in the order of the _FROM_* codes."""
    n_ref = len(link)
    gap_adv = config.advance_bonus if config.gap_memory else -1e9
    gap_skip = config.skip_bonus if config.gap_memory else -1e9
    return np.stack(
        [
            np.full(n_ref, best_value, dtype=np.float32),
            link + np.float32(config.split_bonus),
            _shifted(link, 1, config.advance_bonus),
            _shifted(link, 2, config.skip_bonus),
            _shifted(gap, 1, gap_adv),
            _shifted(gap, 2, gap_skip),
        ]
    )


def _best(link: np.ndarray, gap: np.ndarray, none: np.float32) -> tuple[float, _State]:
    """The best state of the previous sentence, and its value (0 and _NONE before the first)."""
    candidates = [(float(none), _State(_NONE, -1))]
    if len(link):
        j = int(link.argmax())
        candidates.append((float(link[j]), _State(_LINK, j)))
        e = int(gap.argmax())
        candidates.append((float(gap[e]), _State(_GAP, e)))
    value, state = max(candidates, key=lambda item: item[0])
    return value, state


_PREVIOUS = {
    _FROM_SPLIT: (_LINK, 0),
    _FROM_ADV: (_LINK, 1),
    _FROM_SKIP: (_LINK, 2),
    _FROM_GAP_ADV: (_GAP, 1),
    _FROM_GAP_SKIP: (_GAP, 2),
}


def _backtrack(
    link: np.ndarray,
    gap: np.ndarray,
    none: np.float32,
    back_link: np.ndarray,
    back_gap: np.ndarray,
    best_before: list[_State],
) -> np.ndarray:
    """Follow the back-pointers from the best final state; returns the reference per sentence."""
    n_der = back_link.shape[0]
    out = np.full(n_der, -1, dtype=np.int64)
    _, state = _best(link, gap, none)
    for i in range(n_der - 1, -1, -1):
        if state.kind == _NONE:
            state = best_before[i]
        elif state.kind == _GAP:
            state = _State(_GAP if back_gap[i, state.ref] else _LINK, state.ref)
        else:
            out[i] = state.ref
            code = int(back_link[i, state.ref])
            if code == _FROM_BEST:
                state = best_before[i]
            else:
                kind, offset = _PREVIOUS[code]
                state = _State(kind, state.ref - offset)
    return out
