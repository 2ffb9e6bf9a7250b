"""Optional on-disk embedding cache (``--cache DIR`` / ``cache_dir``) for repeated batch runs.

One SQLite file per model, ``<DIR>/embeddings-<model-hash>.sqlite``, maps the SHA-256 of a
sentence to its float32 vector. SQLite makes every write an atomic transaction and serialises
concurrent writers (WAL journal, busy timeout), so several runs may share one cache folder.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from audit.errors import ConfigError

if TYPE_CHECKING:
    from audit.embed import Encoder

_CHUNK = 500  # keys per SELECT (SQLite's default limit on parameters is 999)


def text_key(text: str) -> str:
    """The cache key of a sentence: hex SHA-256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class DiskCachedEncoder:
    """Wraps an encoder: vectors found in the cache are read, the others encoded and stored."""

    def __init__(self, inner: Encoder, cache_dir: Path, model_hash: str):
        self.inner = inner
        self.name: str = inner.name
        self.weights: str = inner.weights
        self.path = cache_dir / f"embeddings-{model_hash}.sqlite"
        self.hits = 0
        self.misses = 0
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            with self._connect() as db:
                db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vec BLOB)")
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(
                f"{self.path}: cannot use the embedding cache ({exc}); check --cache"
            ) from exc

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, timeout=60)) as db:
            db.execute("PRAGMA journal_mode=WAL")
            with db:  # one transaction: committed on success, rolled back on error
                yield db

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of ``texts``, shape (len(texts), dim), float32, rows unit length."""
        keys = [text_key(t) for t in texts]
        found = self._lookup(sorted(set(keys)))
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in found))
        self.hits += len(set(keys)) - len(missing)
        self.misses += len(missing)
        if missing:
            vectors = self.inner.encode(missing)  # type: ignore[attr-defined]
            new = {
                text_key(t): np.asarray(v, dtype=np.float32)
                for t, v in zip(missing, vectors, strict=True)
            }
            self._store(new)
            found.update(new)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([found[k] for k in keys])

    def _lookup(self, keys: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        with self._connect() as db:
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = db.execute(f"SELECT key, vec FROM vectors WHERE key IN ({marks})", chunk)
                for key, blob in rows:
                    found[key] = np.frombuffer(blob, dtype=np.float32).copy()
        return found

    def _store(self, vectors: dict[str, np.ndarray]) -> None:
        with self._connect() as db:
            db.executemany(
                "INSERT OR IGNORE INTO vectors (key, vec) VALUES (?, ?)",
                [(k, v.tobytes()) for k, v in vectors.items()],
            )


class CachingEncoder:
    """Wraps an encoder so each distinct sentence is embedded once per run.

    Sentences are encoded in one batch per call (only those not seen before), which is also where
    a reference's vectors are reused across all its derivatives.
    """

    def __init__(self, inner: Encoder):
        self.inner = inner
        self.name = inner.name
        self._cache: dict[str, np.ndarray] = {}
        self.encoded = 0

    @property
    def weights(self) -> str:
        """The wrapped encoder's identity (computed when a signature first asks for it)."""
        return self.inner.weights

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of ``texts``. When every text is new and distinct, the inner encoder's array
        itself, made read-only (the cache keeps views of its rows); otherwise a new array."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            vectors = np.asarray(self.inner.encode(missing))
            vectors.setflags(write=False)
            self.encoded += len(missing)
            for text, vector in zip(missing, vectors, strict=True):
                self._cache[text] = vector
            if len(missing) == len(texts):
                return vectors
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])
