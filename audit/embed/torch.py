"""The torch backend: sentence-transformers, loaded lazily on first use (offline)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cached_property

import numpy as np

from audit.embed.models import model_hash, resolve_model
from audit.errors import ModelError
from audit.settings import DEFAULT_MODEL


class SentenceTransformerEncoder:
    """sentence-transformers on torch, loaded lazily on first use."""

    def __init__(self, model: str = DEFAULT_MODEL, device: str = "cpu", batch_size: int = 64):
        self.name = model
        self.folder = resolve_model(model)
        self.device = device
        self.batch_size = batch_size
        self._model: object | None = None

    @cached_property
    def weights(self) -> str:
        """Digest of the model's weight files (the encoder's identity in signatures)."""
        return model_hash(self.folder)

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
                raise ModelError(f"{self.folder}: cannot load the model ({exc})") from exc
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
