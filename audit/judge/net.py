"""The judge's network in torch: the shipped encoder, its top layers fine-tuned, two heads.

Imported only to train (``benchmarks/train_judge.py``) and to export the ONNX graph on first
use (``audit.judge.model``); an audit runs the export with onnxruntime, without torch.

Inputs are a tokenised pair (``audit.judge.tokens``). Outputs: ``unit`` (batch, 3) logits of
a Major error, of "states the opposite", and the unit's log MQM penalty; ``words`` (batch,
tokens) logits of a derivative token being in error (type 1) or of a reference token's meaning
being lost (type 0). The unit head reads the mean of the last layer's token vectors.

The weights file holds only what training changed: the heads (float32) and the top ``top``
layers, whole in float16 or as low-rank factors of their change from the base encoder
(``trained_state``), with ``meta`` (JSON: the base model's weight digest, ``top``,
``max_tokens``, the rank, calibration and thresholds).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

UNIT_OUTPUTS = ("major", "opposite", "penalty")


def load_base(folder: Path) -> Any:
    """The shipped encoder's transformer (eager attention: its additive mask is what the top
    layers take when trained on cached lower-layer states)."""
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    return AutoModel.from_pretrained(
        str(folder), local_files_only=True, attn_implementation="eager"
    )


def judge_net(bert: Any, top: int) -> Any:
    """A ``JudgeNet`` around ``bert`` whose top ``top`` layers (and heads) are trained."""
    import torch

    class JudgeNet(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert
            self.top = top
            hidden = bert.config.hidden_size
            self.unit = torch.nn.Linear(hidden, len(UNIT_OUTPUTS))
            self.word = torch.nn.Linear(hidden, 2)

        def bottom(self, ids: Any, mask: Any, types: Any) -> Any:
            """Token vectors after the frozen lower layers, shape (batch, tokens, hidden)."""
            hidden = self.bert.embeddings(input_ids=ids, token_type_ids=types)
            extended = _additive(mask, hidden.dtype)
            for layer in self.bert.encoder.layer[: len(self.bert.encoder.layer) - self.top]:
                hidden = layer(hidden, extended)
            return hidden

        def upper(self, hidden: Any, mask: Any, types: Any) -> tuple[Any, Any]:
            """(unit logits, word logits) from the lower layers' token vectors."""
            extended = _additive(mask, hidden.dtype)
            for layer in self.bert.encoder.layer[len(self.bert.encoder.layer) - self.top :]:
                hidden = layer(hidden, extended)
            weights = mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)
            words = self.word(hidden)
            chosen = torch.where(types == 1, words[..., 0], words[..., 1])
            return self.unit(pooled), chosen

        def forward(self, ids: Any, mask: Any, types: Any) -> tuple[Any, Any]:
            return self.upper(self.bottom(ids, mask, types), mask, types)

    return JudgeNet()


def _additive(mask: Any, dtype: Any) -> Any:
    """(batch, tokens) 0/1 mask -> (batch, 1, 1, tokens) additive attention mask."""
    import torch

    return (1.0 - mask[:, None, None, :].to(dtype)) * torch.finfo(dtype).min


def trained_state(net: Any, base: dict[str, Any], rank: int = 0) -> dict[str, np.ndarray]:
    """What training changed: the heads (float32) and the top layers, either whole (float16)
    or, with ``rank``, as low-rank factors of each weight matrix's change from ``base`` (the
    base encoder's state dict): ``NAME.a`` (out, rank) and ``NAME.b`` (rank, in), float16,
    with the other parameters' changes (biases, layer norms) whole."""
    out: dict[str, np.ndarray] = {}
    first = len(net.bert.encoder.layer) - net.top
    for name, value in net.state_dict().items():
        array = value.detach().cpu().float().numpy()
        if name.startswith(("unit.", "word.")):
            out[name] = array.astype(np.float32)
        elif name.startswith("bert.encoder.layer.") and int(name.split(".")[3]) >= first:
            if not rank:
                out[name] = array.astype(np.float16)
                continue
            delta = array - base[name.removeprefix("bert.")].float().numpy()
            if delta.ndim == 2 and rank < min(delta.shape):
                u, s, vt = np.linalg.svd(delta, full_matrices=False)
                out[f"{name}.a"] = (u[:, :rank] * s[:rank]).astype(np.float16)
                out[f"{name}.b"] = vt[:rank].astype(np.float16)
            else:
                out[f"{name}.delta"] = delta.astype(np.float16)
    return out


def save_weights(path: Path, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
    """Write the weights file: ``trained_state``'s arrays and ``meta`` (compressed npz)."""
    arrays = dict(arrays)
    arrays["meta"] = np.frombuffer(json.dumps(meta, sort_keys=True).encode(), dtype=np.uint8)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        np.savez_compressed(handle, **arrays)  # type: ignore[arg-type]


def merged_state(arrays: dict[str, np.ndarray], base: dict[str, Any]) -> dict[str, np.ndarray]:
    """The trained parameters (float32) from a weights file's arrays: whole ones as they are,
    low-rank and delta ones added to the base encoder's (``base``: its state dict)."""
    out: dict[str, np.ndarray] = {}
    for name, array in arrays.items():
        if name.endswith(".b") or name == "meta":
            continue
        if name.endswith(".a"):
            key = name[:-2]
            change = array.astype(np.float32) @ arrays[f"{key}.b"].astype(np.float32)
        elif name.endswith(".delta"):
            key, change = name[:-6], array.astype(np.float32)
        else:
            out[name] = array.astype(np.float32)
            continue
        out[key] = base[key.removeprefix("bert.")].float().numpy() + change
    return out


def read_weights(path: Path) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """The arrays and ``meta`` of a weights file."""
    with np.load(path, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files if k != "meta"}
        meta = json.loads(bytes(data["meta"]).decode())
    return arrays, meta


def read_meta(path: Path) -> dict[str, Any]:
    """Only the ``meta`` of a weights file (the arrays are not decompressed)."""
    with np.load(path, allow_pickle=False) as data:
        return dict(json.loads(bytes(data["meta"]).decode()))


def merged_net(base: Path, arrays: dict[str, np.ndarray], top: int) -> Any:
    """The base encoder with the trained layers and heads put in, ready to export."""
    import torch

    net = judge_net(load_base(base), top)
    state = merged_state(arrays, net.bert.state_dict())
    unknown = [k for k in state if k not in net.state_dict()]
    if unknown:
        raise ValueError(f"weights name unknown parameters: {', '.join(unknown[:3])}")
    net.load_state_dict({k: torch.from_numpy(v) for k, v in state.items()}, strict=False)
    return net.eval()
