"""ONNX vs torch equivalence (``audit bench equivalence FILE``): cosines of the two backends.

Reads the texts of some columns of a CSV/TSV file (for example the ``reference`` and ``target``
columns of the MQM file), encodes every distinct text with both backends and reports the minimum,
1st percentile and mean cosine. The export must pass cosine >= 0.999 on every text.
"""

from __future__ import annotations

import csv
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from audit.embed import SentenceTransformerEncoder, onnx_export_dir, prepare_onnx, resolve_model
from audit.embed.onnx import OnnxEncoder
from audit.errors import BenchError

THRESHOLD = 0.999


@dataclass(frozen=True)
class Equivalence:
    """Cosines between ONNX and torch vectors of ``texts`` distinct texts."""

    texts: int
    minimum: float
    p01: float
    mean: float
    below: int
    """Texts under THRESHOLD."""
    onnx_seconds: float
    torch_seconds: float


def read_columns(path: Path, columns: Sequence[str], limit: int | None = None) -> list[str]:
    """Distinct non-empty texts of ``columns`` (a .tsv file is tab-separated, else comma)."""
    csv.field_size_limit(sys.maxsize)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter=delimiter)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise BenchError(f"{path}: no column(s) {', '.join(missing)}; pass --column NAME")
            texts = [
                row[c]
                for n, row in enumerate(reader)
                if limit is None or n < limit
                for c in columns
            ]
    except FileNotFoundError:
        raise BenchError(f"{path}: no such file; check the path") from None
    except UnicodeDecodeError:
        raise BenchError(f"{path}: not UTF-8 text; give a UTF-8 CSV/TSV file") from None
    return list(dict.fromkeys(t for t in texts if t and t.strip()))


def compare(texts: Sequence[str], model: str, batch_size: int = 64) -> Equivalence:
    """Encode ``texts`` with both backends (exporting the model first if needed)."""
    folder = resolve_model(model)
    prepare_onnx(model)
    fast = OnnxEncoder(onnx_export_dir(folder), model, batch_size=batch_size)
    slow = SentenceTransformerEncoder(model, batch_size=batch_size)
    fast.encode(texts[:1])  # load both models before timing
    slow.encode(texts[:1])
    start = time.perf_counter()
    a = fast.encode(texts)
    middle = time.perf_counter()
    b = slow.encode(texts)
    end = time.perf_counter()
    cosines = (a * b).sum(axis=1)
    return Equivalence(
        texts=len(texts),
        minimum=float(cosines.min()),
        p01=float(np.percentile(cosines, 1)),
        mean=float(cosines.mean()),
        below=int((cosines < THRESHOLD).sum()),
        onnx_seconds=middle - start,
        torch_seconds=end - middle,
    )
