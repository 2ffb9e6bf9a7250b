"""The fast encoder: an ONNX export run with onnxruntime and the ``tokenizers`` fast tokenizer.

Nothing here imports torch, transformers or sentence-transformers. Tokenising (truncation to the
model's max_seq_length, lower-casing if configured), pooling and L2 normalisation follow the
sentence-transformers config copied into the export folder, so the vectors match the torch path
(cosine >= 0.999; see tests/test_embed.py and ``audit bench speed --mqm``).
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from audit.embed.export import ONNX_FILE
from audit.embed.models import ModelSpec, model_hash, read_spec
from audit.errors import ModelError


def _threads() -> int:
    """onnxruntime intra-op threads: the cores this process may use (2 here), at most 8."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


def onnx_supports(device: str) -> bool:
    """Whether onnxruntime can run on ``device`` ("cpu", or "cuda" with a CUDA provider)."""
    if not device.startswith("cuda"):
        return device == "cpu"
    import onnxruntime as ort

    return "CUDAExecutionProvider" in ort.get_available_providers()


class OnnxEncoder:
    """Encodes with an export from ``audit.embed.export``; loaded lazily on first use."""

    def __init__(
        self,
        export: Path,
        name: str,
        device: str = "cpu",
        batch_size: int = 64,
        folder: Path | None = None,
    ):
        self.export = export
        self.name = name
        self.folder = folder or export
        """The source model folder (its weights' hash goes into report signatures)."""
        self.device = device
        self.batch_size = batch_size
        self.spec: ModelSpec = read_spec(export)
        self._session: object | None = None
        self._tokenizer: object | None = None

    @cached_property
    def weights(self) -> str:
        """Digest of the source model's weight files (the encoder's identity in signatures)."""
        return model_hash(self.folder)

    def _load(self) -> tuple[object, object]:
        if self._session is None:
            self._tokenizer = self._load_tokenizer()
            self._session = self._load_session()
        return self._session, self._tokenizer

    def _load_tokenizer(self) -> object:
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(self.export / "tokenizer.json"))
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=self.spec.max_seq_length, strategy="longest_first")
        return tokenizer

    def _load_session(self) -> object:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = _threads()
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        # No busy-waiting between ops: on a shared 2-core machine spinning threads steal the CPU
        # from the thread doing the work (measured: ~10-15% faster wall time without).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        providers = ["CPUExecutionProvider"]
        if self.device.startswith("cuda"):
            if "CUDAExecutionProvider" not in ort.get_available_providers():
                raise ModelError(
                    f"{self.export}: --device cuda but onnxruntime has no CUDA provider; "
                    "install onnxruntime-gpu or use --backend torch"
                )
            providers.insert(0, "CUDAExecutionProvider")
        try:
            return ort.InferenceSession(
                str(self.export / ONNX_FILE), sess_options=options, providers=providers
            )
        except Exception as exc:  # noqa: BLE001 - a broken export is a model problem
            raise ModelError(
                f"{self.export}: cannot load the ONNX export ({exc}); "
                "delete the folder and run: audit models prepare"
            ) from exc

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Encode sentences; float32 array of shape (len(texts), dim), rows unit length.

        Sentences are sorted by token count and batched so that padding stays small (see
        ``batches``: at most ``batch_size`` sentences and ``batch_size * TOKENS_PER_ROW``
        padded tokens a batch; the vectors do not depend on the batching). They are
        tokenised ``TOKENISE_CHUNK`` at a time and only their token ids are kept (a tokenizer
        encoding of every sentence of a long document at once would hold far more).
        """
        session, tokenizer = self._load()
        tokens = tokenise(tokenizer, texts, self.spec.do_lower_case)
        order = sorted(range(len(texts)), key=tokens.length)
        lengths = [tokens.length(k) for k in order]
        out: np.ndarray | None = None
        for start, end in batches(lengths, self.batch_size, self.batch_size * TOKENS_PER_ROW):
            chosen = order[start:end]
            pooled = self._run(session, tokens.batch(chosen))
            if out is None:
                out = np.empty((len(texts), pooled.shape[1]), dtype=np.float32)
            out[chosen] = pooled
        if out is None:
            return np.zeros((0, 0), dtype=np.float32)
        return out

    def _run(self, session: object, batch: tuple[np.ndarray, np.ndarray, np.ndarray]) -> np.ndarray:
        """Pooled, normalised vectors of one batch (ids, mask, type ids), shape (batch, dim)."""
        ids, mask, types = batch
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        names = [i.name for i in session.get_inputs()]  # type: ignore[attr-defined]
        hidden = session.run(None, {n: feeds[n] for n in names})[0]  # type: ignore[attr-defined]
        return normalise(pool(hidden, mask, self.spec.pooling))


TOKENS_PER_ROW = 8
"""Padded tokens a batch may hold per sentence of the batch size (64 sentences: 512 tokens)."""


def batches(lengths: Sequence[int], most: int, budget: int) -> list[tuple[int, int]]:
    """Consecutive (start, end) batches of sentences sorted by token count (``lengths``,
    ascending): each holds at most ``most`` sentences, and at most ``budget`` tokens once padded
    to its longest, unless it is a single sentence.

    A fixed count pads the long tail of a small set to its longest sentence: the 100-odd
    sentences of a news article in batches of 64 cost 1.7x their unpadded tokens on a CPU
    (measured with ``benchmarks/mqm_batch.py``); a token budget keeps long sentences in small
    batches and short ones in large batches.
    """
    out: list[tuple[int, int]] = []
    start = 0
    for end in range(1, len(lengths) + 1):
        count = end - start
        if count > 1 and (count > most or count * lengths[end - 1] > budget):
            out.append((start, end - 1))
            start = end - 1
    if start < len(lengths):
        out.append((start, len(lengths)))
    return out


TOKENISE_CHUNK = 1024
"""Sentences handed to the tokenizer in one call (its encodings are dropped after each)."""


@dataclass(frozen=True)
class Tokens:
    """The token ids and type ids (int32) of many sentences, flat, with where each starts."""

    ids: np.ndarray
    types: np.ndarray
    starts: np.ndarray
    """Offsets into ``ids`` of each sentence, and the end (len(sentences) + 1 entries)."""

    def length(self, k: int) -> int:
        """Token count of sentence k."""
        return int(self.starts[k + 1] - self.starts[k])

    def batch(self, chosen: Sequence[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Model inputs of the chosen sentences, zero-padded to the longest: int64 (ids,
        attention mask, type ids), shape (len(chosen), width)."""
        width = max(self.length(k) for k in chosen)
        ids = np.zeros((len(chosen), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        types = np.zeros_like(ids)
        for row, k in enumerate(chosen):
            first, last = int(self.starts[k]), int(self.starts[k + 1])
            n = last - first
            ids[row, :n] = self.ids[first:last]
            mask[row, :n] = 1
            types[row, :n] = self.types[first:last]
        return ids, mask, types


def tokenise(
    tokenizer: object, texts: Sequence[str], lower: bool, chunk: int = TOKENISE_CHUNK
) -> Tokens:
    """Token ids of every sentence (lower-cased first if the model says so), ``chunk``
    sentences per tokenizer call."""
    ids, types, lengths = array("i"), array("i"), array("q", [0])
    for start in range(0, len(texts), chunk):
        part = [t.lower() if lower else t for t in texts[start : start + chunk]]
        for enc in tokenizer.encode_batch(part):  # type: ignore[attr-defined]
            ids.extend(enc.ids)
            types.extend(enc.type_ids)
            lengths.append(len(enc.ids))
    return Tokens(
        np.frombuffer(ids, dtype=np.int32),
        np.frombuffer(types, dtype=np.int32),
        np.cumsum(np.frombuffer(lengths, dtype=np.int64)),
    )


def pool(hidden: np.ndarray, mask: np.ndarray, modes: Sequence[str]) -> np.ndarray:
    """sentence-transformers pooling of token vectors (batch, tokens, dim) -> (batch, k*dim).

    Modes are concatenated in the given order, as sentence-transformers does.
    """
    weights = mask[:, :, None].astype(np.float32)
    lengths = np.clip(weights.sum(axis=1), 1e-9, None)
    parts = []
    for mode in modes:
        if mode == "cls":
            parts.append(hidden[:, 0])
        elif mode == "max":
            parts.append(np.where(weights > 0, hidden, -1e9).max(axis=1))
        elif mode == "mean":
            parts.append((hidden * weights).sum(axis=1) / lengths)
        elif mode == "mean_sqrt_len":
            parts.append((hidden * weights).sum(axis=1) / np.sqrt(lengths))
        else:
            raise ModelError(f"pooling mode {mode}: not supported; use --backend torch")
    return np.concatenate(parts, axis=1).astype(np.float32)


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit L2 length (zero rows stay zero), as torch's F.normalize."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32)
