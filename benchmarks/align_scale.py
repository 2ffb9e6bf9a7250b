"""Scale benchmark of the aligner: two documents of N sentences each, after embedding.

The vectors are synthetic but shaped like real ones (384 dimensions, unit length): reference
sentences drift along a topic, so neighbours are similar to each other; the derivative copies
them with noise, drops 10 %, splits 5 % into two sentences, adds 10 % new sentences, and moves
paragraphs of 2-8 sentences around. Reports the median wall time of ``audit.align.align`` over
several runs, its peak traced memory (tracemalloc, which numpy reports its arrays to) and the
process's peak resident memory, plus how many true links were recovered (a sanity check).

With ``--lexical`` each run also builds the word and character TF-IDF vectors of synthetic
sentences (Zipf words) and uses them, as ``audit run`` does with real text.

Run:  PYTHONPATH=. python benchmarks/align_scale.py --sentences 10000 --runs 5 [--lexical]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import time
import tracemalloc

import numpy as np

from audit.align import align
from audit.align.lexical import lexical_pairs
from audit.records import AlignedUnit
from audit.settings import AlignConfig

DIM = 384


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def make_documents(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, dict[int, int]]:
    """Reference (n, DIM), derivative (about n, DIM) and the true derivative -> reference links."""
    rng = np.random.default_rng(seed)
    ref = _unit(0.6 * _unit(_topic_walk(n, rng)) + 0.8 * _unit(rng.normal(size=(n, DIM))))
    rows: list[np.ndarray] = []
    source: list[int] = []
    for j in range(n):
        roll = rng.random()
        if roll < 0.10:
            continue  # omission
        pieces = 2 if roll > 0.95 else 1
        for _ in range(pieces):
            rows.append(ref[j] + rng.normal(scale=0.05 * pieces, size=DIM))
            source.append(j)
        if rng.random() < 0.10:
            rows.append(rng.normal(size=DIM))  # addition
            source.append(-1)
    order = _moved_paragraphs(len(rows), rng)
    der = _unit(np.asarray([rows[k] for k in order]))
    truth = {new: source[old] for new, old in enumerate(order) if source[old] >= 0}
    return ref, der, truth


def _topic_walk(n: int, rng: np.random.Generator, keep: float = 0.9) -> np.ndarray:
    """An AR(1) walk: the topic of sentence j is mostly the topic of sentence j-1."""
    walk = rng.normal(size=(n, DIM)).astype(np.float32)
    fresh = np.float32(np.sqrt(1 - keep**2))
    for j in range(1, n):
        walk[j] = keep * walk[j - 1] + fresh * walk[j]
    return walk


def _moved_paragraphs(count: int, rng: np.random.Generator) -> list[int]:
    """Indices in paragraphs of 2-8 sentences; a third of the paragraphs move elsewhere."""
    blocks, start = [], 0
    while start < count:
        size = int(rng.integers(2, 9))
        blocks.append(list(range(start, min(start + size, count))))
        start += size
    moved = [k for k in range(len(blocks)) if rng.random() < 0.33]
    targets = rng.permutation(moved)
    for a, b in zip(moved, targets, strict=True):
        blocks[a], blocks[b] = blocks[b], blocks[a]
    return [i for block in blocks for i in block]


def make_texts(
    n_ref: int, truth: dict[int, int], n_der: int, seed: int = 0
) -> tuple[list[str], list[str]]:
    """Synthetic sentences for the lexical part: Zipf-distributed words from a 20,000-word
    vocabulary, 10-30 words each; a derivative sentence keeps 70 % of its source's words."""
    rng = np.random.default_rng(seed)
    vocabulary = [f"w{k}" for k in range(20_000)]

    def sentence() -> list[str]:
        ranks = np.minimum(rng.zipf(1.3, size=int(rng.integers(10, 31))), 20_000) - 1
        return [vocabulary[int(r)] for r in ranks]

    ref = [sentence() for _ in range(n_ref)]
    der = []
    for i in range(n_der):
        words = ref[truth[i]] if i in truth else sentence()
        der.append(
            [w if rng.random() < 0.7 else vocabulary[int(rng.integers(20_000))] for w in words]
        )
    return [" ".join(s) for s in ref], [" ".join(s) for s in der]


def measure(n: int, runs: int, lexical: bool) -> dict[str, float | int | list[float]]:
    """Median seconds and peak memory of align() on two documents of about n sentences."""
    ref, der, truth = make_documents(n)
    ref_w, der_w = [12] * len(ref), [12] * len(der)
    texts = make_texts(len(ref), truth, len(der)) if lexical else None

    def once() -> tuple[AlignedUnit, ...]:
        words = lexical_pairs(*texts) if texts else None
        return align(ref, der, ref_w, der_w, AlignConfig(), words)

    times = []
    for _ in range(runs):
        started = time.perf_counter()
        units = once()
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    once()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    found = {i: j for u in units for i in u.deriv for j in u.ref}
    recovered = sum(1 for i, j in truth.items() if found.get(i) == j) / max(1, len(truth))
    return {
        "lexical": lexical,
        "reference_sentences": len(ref),
        "derivative_sentences": len(der),
        "runs": runs,
        "median_seconds": round(statistics.median(times), 2),
        "all_seconds": [round(t, 2) for t in times],
        "peak_traced_mb": round(peak / 2**20, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "true_links_recovered": round(recovered, 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--lexical", action="store_true", help="also build and use TF-IDF vectors of synthetic text"
    )
    args = parser.parse_args()
    print(json.dumps(measure(args.sentences, args.runs, args.lexical)))


if __name__ == "__main__":
    main()
