"""Alignment benchmark: pair-level P/R/F1 of the aligner against human sentence-alignment gold.

Reads JSON lines with pre-segmented ``reference_sentences`` / ``derivative_sentences`` and
``gold`` ``[ref_idx, deriv_idx]`` links (the format of the GNAT Aesop set). The sentence lists are
aligned as given (never re-segmented) by ``audit.align.align_pair``, the very function
``audit run`` uses. Scoring follows the data's protocol: every linked (reference, derivative)
sentence pair is one decision, a multi-sentence unit links all its sentence pairs, and precision,
recall and F1 are micro-averaged over the split.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from audit.align import align_pair
from audit.embed import Encoder, embed_all
from audit.errors import BenchError
from audit.records import AlignedUnit, Document, Segmented
from audit.segment import segment_sentences
from audit.settings import AuditConfig

SPLITS = ("dev", "test", "all")
Link = tuple[int, int]


@dataclass(frozen=True)
class GoldPair:
    """One annotated document pair; ``gold`` holds (reference index, derivative index) links."""

    pair_id: str
    split: str
    reference: tuple[str, ...]
    derivative: tuple[str, ...]
    gold: frozenset[Link]


@dataclass(frozen=True)
class AlignBenchResult:
    """Micro-averaged pair-level scores over all pairs of a split, and the wall time."""

    pairs: int
    precision: float
    recall: float
    f1: float
    seconds: float

    def as_dict(self) -> dict[str, float | int]:
        """The JSON object the command prints (rounded for reading)."""
        return {
            "pairs": self.pairs,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "seconds": round(self.seconds, 2),
        }


def load_gold(path: Path, split: str = "test") -> list[GoldPair]:
    """The pairs of one split (``dev``, ``test`` or ``all``); raises BenchError on a bad file."""
    if split not in SPLITS:
        raise BenchError(f"{path}: unknown split {split!r}; use one of {', '.join(SPLITS)}")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise BenchError(f"{path}: cannot read the file ({exc}); pass a UTF-8 JSONL file") from None
    pairs = [_parse(path, number, line) for number, line in enumerate(lines, 1) if line.strip()]
    if not pairs:
        raise BenchError(f"{path}: no pairs in the file; pass a JSONL file of aligned pairs")
    return [p for p in pairs if split == "all" or p.split == split]


def _parse(path: Path, number: int, line: str) -> GoldPair:
    """One JSON line as a GoldPair, every field checked."""
    where = f"{path}:{number}"
    try:
        row: Any = json.loads(line)
        ref = tuple(str(s) for s in row["reference_sentences"])
        der = tuple(str(s) for s in row["derivative_sentences"])
        gold = frozenset((int(j), int(i)) for j, i in row["gold"])
        pair = GoldPair(str(row.get("pair_id", number)), str(row.get("split", "")), ref, der, gold)
    except json.JSONDecodeError as exc:
        raise BenchError(f"{where}: not valid JSON ({exc.msg}); one object per line") from None
    except (KeyError, TypeError, ValueError) as exc:
        raise BenchError(
            f"{where}: bad pair ({type(exc).__name__}: {exc}); each line needs "
            "reference_sentences, derivative_sentences and gold [[ref, deriv], ...]"
        ) from None
    bad = [link for link in gold if not (0 <= link[0] < len(ref) and 0 <= link[1] < len(der))]
    if bad:
        raise BenchError(f"{where}: gold link {list(bad[0])} is out of range; fix the indices")
    return pair


def shuffle_blocks(pair: GoldPair, seed: int) -> GoldPair:
    """The pair with its derivative cut into blocks of 2-4 sentences in random order.

    Gold indices follow their sentences, so a perfect aligner scores the same on the result.
    """
    rng = np.random.default_rng([seed, _stable_hash(pair.pair_id)])
    blocks: list[list[int]] = []
    start = 0
    while start < len(pair.derivative):
        size = int(rng.integers(2, 5))
        blocks.append(list(range(start, min(start + size, len(pair.derivative)))))
        start += size
    order = [i for k in rng.permutation(len(blocks)) for i in blocks[int(k)]]
    new_index = {old: new for new, old in enumerate(order)}
    derivative = tuple(pair.derivative[i] for i in order)
    gold = frozenset((j, new_index[i]) for j, i in pair.gold)
    return GoldPair(pair.pair_id, pair.split, pair.reference, derivative, gold)


def _stable_hash(text: str) -> int:
    """A run-independent integer for a string (Python's hash() is salted per process)."""
    return int.from_bytes(text.encode("utf-8")[:8].ljust(8, b"\0"), "little") ^ len(text)


def unit_links(units: Sequence[AlignedUnit]) -> set[Link]:
    """Every (reference, derivative) sentence pair that the units link."""
    return {(j, i) for u in units for j in u.ref for i in u.deriv}


def micro_prf(
    gold: Sequence[frozenset[Link]], predicted: Sequence[set[Link]]
) -> tuple[float, float, float]:
    """Micro-averaged precision, recall and F1 over pairs of link sets."""
    hits = sum(len(g & p) for g, p in zip(gold, predicted, strict=True))
    n_pred = sum(len(p) for p in predicted)
    n_gold = sum(len(g) for g in gold)
    precision = hits / n_pred if n_pred else 0.0
    recall = hits / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def embed_pairs(encoder: Encoder, pairs: Sequence[GoldPair]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Vectors (reference, derivative) of every pair; each distinct sentence is encoded once."""
    documents = [
        as_segmented(f"{p.pair_id}/{side}", sentences)
        for p in pairs
        for side, sentences in (("reference", p.reference), ("derivative", p.derivative))
    ]
    vectors = embed_all(encoder, documents)
    return [(vectors[2 * k], vectors[2 * k + 1]) for k in range(len(pairs))]


def as_segmented(name: str, sentences: Sequence[str]) -> Segmented:
    """A document whose sentences are exactly the given pieces, one per line."""
    return segment_sentences(Document(name=name, text="\n".join(sentences)), list(sentences))


def align_gold_pair(
    pair: GoldPair, vectors: tuple[np.ndarray, np.ndarray], config: AuditConfig
) -> set[Link]:
    """The links that ``audit run``'s aligner predicts for one pair."""
    reference = as_segmented(f"{pair.pair_id}/reference", pair.reference)
    derivative = as_segmented(f"{pair.pair_id}/derivative", pair.derivative)
    return unit_links(align_pair(reference, derivative, vectors[0], vectors[1], config))


def bench_align(
    path: Path,
    encoder: Encoder,
    config: AuditConfig,
    split: str = "test",
    shuffle_seed: int | None = None,
) -> AlignBenchResult:
    """Embed and align every pair of a split and score the links against the gold."""
    started = time.perf_counter()
    pairs = load_gold(path, split)
    if shuffle_seed is not None:
        pairs = [shuffle_blocks(p, shuffle_seed) for p in pairs]
    vectors = embed_pairs(encoder, pairs)
    predicted = [align_gold_pair(p, v, config) for p, v in zip(pairs, vectors, strict=True)]
    precision, recall, f1 = micro_prf([p.gold for p in pairs], predicted)
    seconds = time.perf_counter() - started
    return AlignBenchResult(len(pairs), precision, recall, f1, seconds)
