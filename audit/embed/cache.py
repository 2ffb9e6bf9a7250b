"""Optional on-disk embedding cache (``--cache DIR`` / ``cache_dir``) for repeated batch runs.

One SQLite file per model, ``<DIR>/embeddings-<model-hash>.sqlite``, maps the SHA-256 of a
sentence to its float32 vector. SQLite makes every write an atomic transaction and serialises
concurrent writers (WAL journal, busy timeout), so several runs may share one cache folder.

A cache is a file anyone may have edited, so no row is trusted: a vector is used only when it
has the model's dimension (kept in a ``meta`` table, learnt from the first vectors computed),
only finite values and unit length (every encoder's rows are L2-normalised). Other rows are
computed again, written over, and counted in one ``AuditWarning``; the figures are then the
same as without a cache. A cache that cannot be opened (not a SQLite file, a folder that cannot
be written) is left aside with one warning and the run goes on without it.
"""

from __future__ import annotations

import hashlib
import sqlite3
import warnings
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from audit.errors import AuditWarning

if TYPE_CHECKING:
    from audit.embed import Encoder

_CHUNK = 500  # keys per SELECT (SQLite's default limit on parameters is 999)
_UNIT_TOLERANCE = 1e-3
"""How far from 1 a cached row's length may be (float32 rounding is about 1e-7)."""
_PROBE = "The dimension of this model."


def text_key(text: str) -> str:
    """The cache key of a sentence: hex SHA-256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class DiskCachedEncoder:
    """Wraps an encoder: vectors found in the cache are read (if sound), the others encoded and
    stored. ``usable`` is False when the cache could not be opened (the inner encoder alone)."""

    def __init__(self, inner: Encoder, cache_dir: Path, model_hash: str):
        self.inner = inner
        self.name: str = inner.name
        self.weights: str = inner.weights
        self.path = cache_dir / f"embeddings-{model_hash}.sqlite"
        self.hits = 0
        self.misses = 0
        self.repaired = 0
        self.usable = True
        self._dim: int | None = None
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            with self._connect() as db:
                db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vec BLOB)")
                db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
        except (OSError, sqlite3.Error) as exc:
            self._give_up(exc)

    def _give_up(self, exc: Exception) -> None:
        self.usable = False
        reason = getattr(exc, "strerror", None) or str(exc)
        warnings.warn(
            AuditWarning(
                f"{self.path}: the embedding cache cannot be used ({reason}); this run goes on "
                "without it (same figures, slower); check --cache"
            ),
            stacklevel=3,
        )

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, timeout=60)) as db:
            db.execute("PRAGMA journal_mode=WAL")
            with db:  # one transaction: committed on success, rolled back on error
                yield db

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of ``texts``, shape (len(texts), dim), float32, rows unit length."""
        if not self.usable:
            return self.inner.encode(texts)
        try:
            return self._encode(texts)
        except sqlite3.Error as exc:  # damaged after it was opened: on without it
            self._give_up(exc)
            return self.inner.encode(texts)

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        keys = [text_key(t) for t in texts]
        found = self._lookup(sorted(set(keys)))
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in found))
        self.hits += len(set(keys)) - len(missing)
        self.misses += len(missing)
        new = self._compute(missing)
        dim = self._dimension(new)
        bad = [
            t for t, k in zip(texts, keys, strict=True) if k in found and not _sound(found[k], dim)
        ]
        if bad:
            repaired = self._compute(list(dict.fromkeys(bad)))
            changed = [k for k, v in repaired.items() if not np.array_equal(found[k], v)]
            if changed:  # (a row the encoder itself gives is no damage, whatever it holds)
                self._warn_repaired(len(changed))
            new.update(repaired)
        self._store(new, replace=bool(bad))
        found.update(new)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([found[k] for k in keys])

    def _compute(self, texts: list[str]) -> dict[str, np.ndarray]:
        if not texts:
            return {}
        vectors = self.inner.encode(texts)
        return {
            text_key(t): np.asarray(v, dtype=np.float32)
            for t, v in zip(texts, vectors, strict=True)
        }

    def _dimension(self, new: dict[str, np.ndarray]) -> int:
        """The model's dimension: of the vectors just computed (kept in ``meta``), else the one
        known or kept, else that of a probe sentence (a cache made before ``meta`` existed)."""
        if not new and self._dim is None:
            with self._connect() as db:
                row = db.execute("SELECT value FROM meta WHERE name = 'dim'").fetchone()
            kept = str(row[0]) if row else ""
            self._dim = int(kept) if kept.isdigit() and int(kept) > 0 else None
        if not new and self._dim is not None:
            return self._dim
        dim = len(next(iter(new.values()))) if new else len(self.inner.encode([_PROBE])[0])
        if dim != self._dim:
            with self._connect() as db:
                db.execute(
                    "INSERT OR REPLACE INTO meta (name, value) VALUES ('dim', ?)", (str(dim),)
                )
            self._dim = dim
        return dim

    def _warn_repaired(self, count: int) -> None:
        self.repaired += count
        warnings.warn(
            AuditWarning(
                f"{self.path}: {count} cached vector(s) had the wrong size or values that are not "
                "finite or not unit length; they were computed again and replaced"
            ),
            stacklevel=4,
        )

    def _lookup(self, keys: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        with self._connect() as db:
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = db.execute(f"SELECT key, vec FROM vectors WHERE key IN ({marks})", chunk)
                for key, blob in rows:
                    found[key] = _vector(blob)
        return found

    def _store(self, vectors: dict[str, np.ndarray], replace: bool = False) -> None:
        verb = "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"
        with self._connect() as db:
            db.executemany(
                f"{verb} INTO vectors (key, vec) VALUES (?, ?)",
                [(k, v.tobytes()) for k, v in vectors.items()],
            )


def _vector(blob: object) -> np.ndarray:
    """A cached row as float32 values (an empty array when it is not whole float32s)."""
    if not isinstance(blob, bytes) or len(blob) % 4:
        return np.zeros(0, dtype=np.float32)
    return np.frombuffer(blob, dtype=np.float32).copy()


def _sound(vector: np.ndarray, dim: int) -> bool:
    """A row of the model's dimension, finite, of unit length."""
    if vector.shape != (dim,) or not np.isfinite(vector).all():
        return False
    return abs(float(np.linalg.norm(vector)) - 1.0) <= _UNIT_TOLERANCE


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
