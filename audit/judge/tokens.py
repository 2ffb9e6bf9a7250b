"""How the judge reads a unit: the reference and the derivative as one tokenised pair.

Training and inference both tokenise here, with the shipped encoder's ``tokenizer.json``
(the ``tokenizers`` library, no torch), so that the two can never differ. A pair is
``[CLS] reference [SEP] derivative [SEP]``, type id 0 for the reference, 1 for the derivative,
truncated to ``max_tokens`` by taking from the longer side first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

TOKENISE_CHUNK = 512
"""Pairs handed to the tokenizer in one call."""


@dataclass(frozen=True)
class Pair:
    """One tokenised unit: token ids and type ids, and each token's character span in its own
    side's text (``(0, 0)`` for special tokens)."""

    ids: np.ndarray
    types: np.ndarray
    offsets: tuple[tuple[int, int], ...]
    special: np.ndarray
    """True for [CLS] and [SEP]."""

    def __len__(self) -> int:
        return len(self.ids)


def load_tokenizer(folder: Path, max_tokens: int) -> object:
    """The fast tokenizer of a model folder (or export), truncating pairs to ``max_tokens``."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=max_tokens, strategy="longest_first")
    return tokenizer


def encode_pairs(tokenizer: object, pairs: Sequence[tuple[str, str]]) -> list[Pair]:
    """Tokenise (reference, derivative) pairs, ``TOKENISE_CHUNK`` at a time."""
    out: list[Pair] = []
    for start in range(0, len(pairs), TOKENISE_CHUNK):
        chunk = list(pairs[start : start + TOKENISE_CHUNK])
        for enc in tokenizer.encode_batch(chunk):  # type: ignore[attr-defined]
            seq = [-1 if s is None else s for s in enc.sequence_ids]
            out.append(
                Pair(
                    ids=np.asarray(enc.ids, dtype=np.int64),
                    types=np.asarray(enc.type_ids, dtype=np.int64),
                    offsets=tuple(tuple(o) for o in enc.offsets),  # type: ignore[misc]
                    special=np.asarray([s < 0 for s in seq], dtype=bool),
                )
            )
    return out


def pad(pairs: Sequence[Pair]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Model inputs of pairs, zero-padded to the longest: int64 (ids, mask, type ids), shape
    (len(pairs), width)."""
    width = max(len(p) for p in pairs)
    ids = np.zeros((len(pairs), width), dtype=np.int64)
    mask = np.zeros_like(ids)
    types = np.zeros_like(ids)
    for row, p in enumerate(pairs):
        n = len(p)
        ids[row, :n] = p.ids
        mask[row, :n] = 1
        types[row, :n] = p.types
    return ids, mask, types


def token_labels(
    pair: Pair,
    errors: Sequence[tuple[int, int]],
    unsure: Sequence[tuple[int, int]],
    lost: Sequence[tuple[int, int]] | None,
) -> np.ndarray:
    """Per token: 1 in error (a derivative token in ``errors``, a reference token in
    ``lost``), 0 not, -1 unknown (special tokens, ``unsure`` spans, a reference side with
    ``lost`` None). float32, shape (len(pair),)."""
    out = np.zeros(len(pair), dtype=np.float32)
    for k, (start, end) in enumerate(pair.offsets):
        if pair.special[k]:
            out[k] = -1.0
        elif pair.types[k] == 1:
            if _hits(start, end, errors):
                out[k] = 1.0
            elif _hits(start, end, unsure):
                out[k] = -1.0
        elif lost is None:
            out[k] = -1.0
        elif _hits(start, end, lost):
            out[k] = 1.0
    return out


def _hits(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < b and end > a for a, b in spans)
