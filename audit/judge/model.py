"""The shipped judge: its weights file merged into the shipped encoder, exported to ONNX in the
per-user model cache on first use (``onnx/judge-<weights digest>/``, beside the encoder's
export: ``audit models list`` and ``remove`` manage both), its weights quantised to 8 bits, run
with onnxruntime.

The weights file (``WEIGHTS``, a few MB in the package) holds the fine-tuned top layers and the
heads (``audit.judge.net``); the merge and the export need torch, once; every later run loads
the export with onnxruntime and the ``tokenizers`` library only.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from audit.embed import Notice
from audit.embed.models import resolve_model
from audit.embed.store import judge_dir, write_source
from audit.errors import ModelError
from audit.judge.tokens import Pair, encode_pairs, load_tokenizer, pad
from audit.records import JudgeLevels
from audit.settings import DEFAULT_MODEL

WEIGHTS = Path(__file__).resolve().parent / "weights" / "judge.npz"
ONNX_FILE = "model.onnx"
BATCH = 1
"""Pairs run in one onnxruntime call. One: the 8-bit graph scales its activations per call
(dynamic quantisation), so a pair batched with others would get slightly different outputs
(up to 0.08 in a logit) depending on its companions; alone it always gets the same, and this
costs about a quarter more time than batches of 16 (docs/judge.md)."""


@dataclass(frozen=True)
class Raw:
    """The judge's output for one pair: unit logits (major, opposite, log penalty) and one word
    logit per token of ``pair``."""

    unit: np.ndarray
    words: np.ndarray
    pair: Pair


class Judge:
    """Reads (reference, derivative) pairs; loaded lazily (the export made on first use)."""

    def __init__(self, weights: Path = WEIGHTS, base: str = DEFAULT_MODEL) -> None:
        self.weights = weights
        self.base = base
        self._loaded: tuple[Any, Any] | None = None

    def __getstate__(self) -> dict[str, Any]:
        """A copy sent to a worker process carries the digest and meta (read here once, not by
        every job's copy) and loads its own session."""
        return {**self.__dict__, "digest": self.digest, "meta": self.meta, "_loaded": None}

    @cached_property
    def digest(self) -> str:
        """First 12 hex digits of the SHA-256 of the weights file (for report signatures)."""
        try:
            return hashlib.sha256(self.weights.read_bytes()).hexdigest()[:12]
        except OSError as exc:
            raise ModelError(
                f"{self.weights}: cannot read the judge's weights ({exc.strerror}); reinstall audit"
            ) from None

    @cached_property
    def meta(self) -> dict[str, Any]:
        """Calibration, thresholds and training settings stored with the weights."""
        from audit.judge.net import read_meta

        return read_meta(self.weights)

    @property
    def levels(self) -> JudgeLevels:
        """The calibrated probability levels of a unit (accept, minor, major)."""
        meta = self.meta
        return JudgeLevels(float(meta["accept"]), float(meta["minor"]), float(meta["major"]))

    @property
    def folder(self) -> Path:
        return judge_dir(self.digest)

    def prepare(self, notice: Notice | None = None) -> Path:
        """Export the judge to ONNX unless already done (needs torch); returns its folder.
        ``notice`` hears, when an export is made, that it starts and how long it took."""
        if (self.folder / ONNX_FILE).is_file() and (self.folder / "tokenizer.json").is_file():
            return self.folder
        if notice is not None:
            notice(
                "Preparing the meaning judge for first use (ONNX export into the model cache, "
                "once; `audit models prepare` does it ahead)..."
            )
        start = time.perf_counter()
        _export(self.weights, resolve_model(self.base), self.folder)
        if notice is not None:
            notice(f"Meaning judge prepared in {time.perf_counter() - start:.1f} s.")
        return self.folder

    def run(self, pairs: Sequence[tuple[str, str]]) -> list[Raw]:
        """The raw outputs of each (reference, derivative) pair, in order."""
        if not pairs:
            return []
        session, tokenizer = self._load()
        encoded = encode_pairs(tokenizer, pairs)
        order = sorted(range(len(encoded)), key=lambda k: len(encoded[k]))
        out: list[Raw | None] = [None] * len(encoded)
        for start in range(0, len(order), BATCH):
            chosen = order[start : start + BATCH]
            ids, mask, types = pad([encoded[k] for k in chosen])
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            unit, words = session.run(None, feeds)
            for row, k in enumerate(chosen):
                out[k] = Raw(unit[row], words[row, : len(encoded[k])], encoded[k])
        return [r for r in out if r is not None]

    def _load(self) -> tuple[Any, Any]:
        if self._loaded is None:
            self._loaded = _loaded(self.prepare(), int(self.meta["max_tokens"]), os.getpid())
        return self._loaded


@lru_cache(maxsize=1)
def shipped() -> Judge:
    """The shipped judge, one per process: its weights are hashed and read once, and its
    session is kept from one run to the next."""
    return Judge()


@lru_cache(maxsize=4)
def _loaded(folder: Path, max_tokens: int, pid: int) -> tuple[Any, Any]:
    """The session and tokenizer of an export, once per process (``pid``: a forked worker never
    uses its parent's session, whose threads it does not have): a worker receives a copy of the
    judge with every job, and loading them for each took a third of a batch's time."""
    return _session(folder / ONNX_FILE), load_tokenizer(folder, max_tokens)


def _session(path: Path) -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    # One thread: a pair is a few dozen tokens, and splitting its small matrices over two
    # threads that sleep between calls was slower (0.62 s against 0.53 s for 120 pairs).
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    try:
        return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # noqa: BLE001 - a broken export is a model problem
        raise ModelError(
            f"{path.parent}: cannot load the judge's ONNX export ({exc}); "
            "delete the folder and run: audit models prepare"
        ) from exc


def _export(weights: Path, base: Path, dest: Path) -> None:
    """Merge the weights into the base encoder and export the graph into ``dest``."""
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}-", dir=dest.parent))
    except OSError as exc:
        raise ModelError(
            f"{dest.parent}: cannot write the judge's export ({exc.strerror})"
        ) from exc
    try:
        _trace(weights, base, tmp / "float.onnx")
        _quantise(tmp / "float.onnx", tmp / ONNX_FILE)
        (tmp / "float.onnx").unlink()
        shutil.copy2(base / "tokenizer.json", tmp / "tokenizer.json")
        write_source(tmp, Path(f"meaning judge {weights.name} on {base.name}"))
        try:
            os.rename(tmp, dest)
        except OSError:
            if not (dest / ONNX_FILE).is_file():
                shutil.rmtree(dest, ignore_errors=True)
                os.rename(tmp, dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _quantise(source: Path, target: Path) -> None:
    """8-bit weights (dynamic quantisation, per output channel): a quarter of the size and
    about twice as fast on a CPU; the unit logits keep a correlation of 0.998 with the float
    graph's (docs/judge.md)."""
    import logging

    from onnxruntime.quantization import QuantType, quantize_dynamic

    logging.getLogger().setLevel(logging.ERROR)  # its advice to pre-process is printed at WARNING
    quantize_dynamic(str(source), str(target), weight_type=QuantType.QInt8, per_channel=True)


def _trace(weights: Path, base: Path, target: Path) -> None:
    import warnings

    try:
        import torch

        from audit.judge.net import merged_net, read_weights
    except ImportError as exc:
        raise ModelError(f"{weights}: preparing the judge needs torch ({exc})") from exc
    arrays, meta = read_weights(weights)
    net = merged_net(base, arrays, int(meta["top"]))
    mask = torch.ones((2, 12), dtype=torch.long)
    mask[1, 7:] = 0
    ids = torch.full((2, 12), 2000, dtype=torch.long) * mask
    types = torch.zeros_like(mask)
    types[:, 6:] = 1
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {n: {0: "batch", 1: "tokens"} for n in names}
    axes.update({"unit": {0: "batch"}, "words": {0: "batch", 1: "tokens"}})
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            net,
            (ids, mask, types),
            str(target),
            input_names=names,
            output_names=["unit", "words"],
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,
        )
