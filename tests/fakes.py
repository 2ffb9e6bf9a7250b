"""A deterministic encoder for unit tests that need exact control over similarities."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


class FakeEncoder:
    """Maps each text to a fixed vector: given ones by exact text, else a hash-seeded random one."""

    name = "fake"

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
                seed = abs(hash(text)) % (2**32)
                vector = np.random.default_rng(seed).normal(size=self.dim).astype(np.float32)
            rows.append(vector / (np.linalg.norm(vector) or 1.0))
        return np.stack(rows) if rows else np.zeros((0, self.dim), dtype=np.float32)
