"""The per-user model cache: ONNX exports and remembered weight hashes, shared by every folder.

It lives in ``$AUDIT_MODEL_CACHE`` when set, else ``$XDG_CACHE_HOME/audit``, else
``~/.cache/audit`` (``audit models --model-cache DIR`` sets the variable for one command):

- ``onnx/<weights-hash>/``: one export per model (``model.onnx``, the tokenizer and config files,
  and ``source.json`` naming the model it came from), made on first use and reused by every run
  from every folder; ``audit models list`` and ``audit models remove`` manage them;
- ``hashes/<stat-key>``: the SHA-256 digest of a model's weight files, so that a cold run does
  not read 90 MB again.

Nothing is ever written into the folder the user stands in: a ``models/`` folder there is only
read, for model copies the user put there. The embedding cache (``--cache``) is another thing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from audit.errors import ConfigError, ModelError

CACHE_ENV = "AUDIT_MODEL_CACHE"
SOURCE_FILE = "source.json"
_WEIGHT_HASH = re.compile(r"[0-9a-f]{12}")


def model_cache() -> Path:
    """The cache folder: $AUDIT_MODEL_CACHE, else $XDG_CACHE_HOME/audit, else ~/.cache/audit."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return Path(chosen).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "audit"


def is_weight_hash(text: str) -> bool:
    """Whether ``text`` is a weight hash: 12 lowercase hex digits (``model_hash``)."""
    return _WEIGHT_HASH.fullmatch(text) is not None


def export_dir(weights: str) -> Path:
    """Where the ONNX export of the model with weight hash ``weights`` lives (a ModelError for
    anything but a weight hash: the name is never a path of its own, such as ``../x``)."""
    if not is_weight_hash(weights):
        raise ModelError(
            f"{weights!r:.40} is not a weight hash (12 hex digits); the model cache at "
            f"{model_cache()} may be damaged: remove its hashes/ folder"
        )
    return model_cache() / "onnx" / weights


def judge_dir(digest: str) -> Path:
    """Where the meaning judge's ONNX export with weights digest ``digest`` lives, beside the
    encoders' exports (``onnx/judge-<digest>``; a ModelError for anything but 12 hex digits)."""
    return export_dir(digest).with_name(f"judge-{digest}")


def hash_memo(key: str) -> Path:
    """The file remembering the weight hash of the model files with this stat key."""
    return model_cache() / "hashes" / key


def write_source(folder: Path, model: Path) -> None:
    """Record in an export which model folder it was made from (for ``audit models list``)."""
    text = json.dumps({"model": str(model)}, ensure_ascii=False)
    (folder / SOURCE_FILE).write_text(text, encoding="utf-8")


@dataclass(frozen=True)
class Export:
    """One ONNX export in the cache."""

    weights: str
    """The weight hash it is filed under (as in every report signature)."""
    folder: Path
    model: str
    """The model folder it was exported from ("" when not recorded)."""
    size: int
    """Bytes on disk."""


def exports() -> list[Export]:
    """The complete exports in the cache, by weight hash."""
    root = model_cache() / "onnx"
    if not root.is_dir():
        return []
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if (folder / "model.onnx").is_file():
            size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
            found.append(Export(folder.name, folder, _source(folder), size))
    return found


def _source(folder: Path) -> str:
    try:
        return str(json.loads((folder / SOURCE_FILE).read_text(encoding="utf-8"))["model"])
    except (OSError, ValueError, KeyError, TypeError):
        return ""


def remove_export(weights: str) -> Path:
    """Delete the export filed under ``weights`` (a weight hash or a unique prefix of one)."""
    matches = [e for e in exports() if e.weights.startswith(weights)] if weights else []
    if len(matches) != 1:
        known = ", ".join(e.weights for e in exports()) or "none"
        what = "matches several exports" if matches else "is no export"
        raise ConfigError(
            f"{weights!r} {what} in {model_cache() / 'onnx'} (exports: {known}); "
            "give a hash from `audit models list`"
        )
    shutil.rmtree(matches[0].folder)
    return matches[0].folder
