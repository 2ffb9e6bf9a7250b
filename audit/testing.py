"""Test doubles for users' tests and ours: a deterministic encoder with exact control.

``FakeEncoder`` maps each text to a fixed vector (given ones by exact text, else one drawn from a
generator seeded by the SHA-256 of the text, so vectors are the same in every process and on
every run, unlike ``hash()``, which Python salts per process).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np


class FakeEncoder:
    """Maps each text to a fixed vector: given ones by exact text, else a hash-seeded random one."""

    name = "fake"
    weights = "none"

    def __init__(self, table: dict[str, Sequence[float]] | None = None, dim: int = 8):
        self.table = {k: np.asarray(v, dtype=np.float32) for k, v in (table or {}).items()}
        self.dim = dim if not self.table else len(next(iter(self.table.values())))
        self.calls: list[list[str]] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        rows = []
        for text in texts:
            vector = self.table.get(text)
            if vector is None:
                seed = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")
                vector = np.random.default_rng(seed).normal(size=self.dim).astype(np.float32)
            rows.append(vector / (np.linalg.norm(vector) or 1.0))
        return np.stack(rows) if rows else np.zeros((0, self.dim), dtype=np.float32)
