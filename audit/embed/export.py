"""Export a sentence-transformers model's transformer to ONNX (``audit models prepare``).

The export holds only the transformer (inputs ``input_ids``, ``attention_mask`` and, where the
model has them, ``token_type_ids``; output ``last_hidden_state`` of shape (batch, tokens, dim));
pooling and normalisation are done in numpy by ``audit.embed.onnx`` as the model's config says.
It lives in the per-user model cache (``audit.embed.store``: ``onnx/<weights-hash>/``) with the
tokenizer and config files, and ``source.json`` naming the model folder, so that running it
needs neither torch nor transformers. torch is imported here only, and only when exporting.

Concurrent exports are safe: each writes into its own temporary folder, which is renamed into
place; a process that finds the folder already there keeps the existing one.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import warnings
from pathlib import Path
from typing import Any

from audit.embed.models import CONFIG_FILES, read_spec
from audit.embed.store import write_source
from audit.errors import ModelCacheError, ModelError

ONNX_FILE = "model.onnx"
OPSET = 17


def export_ready(folder: Path) -> bool:
    """Whether ``folder`` holds a complete export."""
    return (folder / ONNX_FILE).is_file() and (folder / "tokenizer.json").is_file()


def export_model(source: Path, dest: Path) -> Path:
    """Export the model in ``source`` into ``dest`` (kept if already complete); returns ``dest``."""
    if export_ready(dest):
        return dest
    spec = read_spec(source)
    if not (source / "tokenizer.json").is_file():
        raise ModelError(f"{source}: no tokenizer.json (fast tokenizer); use --backend torch")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}-", dir=dest.parent))
        tmp.chmod(0o755)
    except OSError as exc:
        raise _unwritable(dest.parent, exc) from exc
    try:
        _export_transformer(source, tmp / ONNX_FILE)
        _fuse(tmp / ONNX_FILE, source)
        for name in CONFIG_FILES:
            if (source / name).is_file():
                shutil.copy2(source / name, tmp / name)
        pooling = tmp / spec.pooling_dir
        pooling.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / spec.pooling_dir / "config.json", pooling / "config.json")
        write_source(tmp, source)
        _move_into_place(tmp, dest)
    except OSError as exc:  # a full disk or a folder taken away while writing
        raise _unwritable(dest.parent, exc) from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return dest


def _unwritable(folder: Path, exc: OSError) -> ModelCacheError:
    return ModelCacheError(
        f"{folder}: the model cache cannot take the ONNX export ({exc.strerror or exc}); set "
        "AUDIT_MODEL_CACHE to a folder you can write"
    )


def _move_into_place(tmp: Path, dest: Path) -> None:
    try:
        os.rename(tmp, dest)
    except OSError:
        if not export_ready(dest):  # a half-written folder that is not ours: replace it
            shutil.rmtree(dest, ignore_errors=True)
            os.rename(tmp, dest)


def _export_transformer(source: Path, target: Path) -> None:
    """Trace the Hugging Face model with the TorchScript-based ``torch.onnx`` exporter."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import torch
        from transformers import AutoModel
        from transformers.utils import logging as hf_logging
    except ImportError as exc:
        raise ModelError(f"{source}: exporting needs torch and transformers ({exc})") from exc
    hf_logging.disable_progress_bar()
    try:
        model = AutoModel.from_pretrained(
            str(source), local_files_only=True, attn_implementation="eager"
        ).eval()
    except Exception as exc:  # noqa: BLE001 - any load failure is a model problem
        raise ModelError(f"{source}: cannot load the model for export ({exc})") from exc
    names = ["input_ids", "attention_mask"]
    if getattr(model.config, "type_vocab_size", 0):
        names.append("token_type_ids")
    wrapper = _wrap(model, names)
    # A padded sample, so that tracing records the attention-mask path (not an all-ones shortcut).
    mask = torch.ones((2, 8), dtype=torch.long)
    mask[1, 5:] = 0
    full = (torch.full((2, 8), 100, dtype=torch.long) * mask, mask, torch.zeros_like(mask))
    sample = full[: len(names)]
    axes = {name: {0: "batch", 1: "tokens"} for name in [*names, "last_hidden_state"]}
    try:
        _trace(wrapper, sample, names, axes, target)
    except OSError:  # writing the file failed: the cache's problem, not the model's
        raise
    except Exception as exc:  # noqa: BLE001 - an architecture the exporter cannot trace
        raise ModelError(f"{source}: ONNX export failed ({exc}); use --backend torch") from exc


def _trace(wrapper: Any, sample: tuple, names: list[str], axes: dict, target: Path) -> None:
    import torch

    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            wrapper,
            sample,
            str(target),
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes=axes,
            opset_version=OPSET,
            dynamo=False,
        )


def _wrap(model: Any, names: list[str]) -> Any:
    """A torch Module taking the inputs positionally and returning last_hidden_state."""
    import torch

    class Wrapper(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
            return self.model(**dict(zip(names, inputs, strict=True))).last_hidden_state

    return Wrapper()


def _fuse(path: Path, source: Path) -> None:
    """Swap in onnxruntime's fused transformer graph (~15% less CPU) if its outputs match.

    Only for BERT-type models, and only when the fused graph's outputs equal the plain one's on a
    padded probe batch (max abs difference < 1e-3); otherwise the plain export is kept.
    """
    config = json.loads((source / "config.json").read_text(encoding="utf-8"))
    if config.get("model_type") != "bert":
        return
    candidate = path.with_name("fused.onnx")
    try:
        from onnxruntime.transformers import optimizer

        fused = optimizer.optimize_model(
            str(path),
            model_type="bert",
            num_heads=int(config["num_attention_heads"]),
            hidden_size=int(config["hidden_size"]),
            opt_level=1,
        )
        fused.save_model_to_file(str(candidate))
        same = _max_difference(path, candidate) < 1e-3
    except Exception:  # noqa: BLE001 - fusion is an optimisation; the plain export still works
        same = False
    if same:
        os.replace(candidate, path)
    else:
        candidate.unlink(missing_ok=True)


def _max_difference(plain: Path, fused: Path) -> float:
    """Largest absolute difference of last_hidden_state on a padded random probe batch."""
    import numpy as np
    import onnxruntime as ort

    rng = np.random.default_rng(0)
    ids = rng.integers(1000, 20000, size=(4, 40), dtype=np.int64)
    mask = np.ones_like(ids)
    mask[1, 25:] = 0
    mask[2, 7:] = 0
    ids[mask == 0] = 0
    feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
    outputs = []
    for model in (plain, fused):
        session = ort.InferenceSession(str(model), providers=["CPUExecutionProvider"])
        names = [i.name for i in session.get_inputs()]
        hidden = session.run(None, {n: feeds[n] for n in names})[0]
        outputs.append(hidden * mask[:, :, None])
    return float(np.abs(outputs[0] - outputs[1]).max())
