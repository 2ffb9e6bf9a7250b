"""Speed benchmark (``audit bench speed``): cold runs, batch throughput, alignment at scale.

Every figure is a median over ``runs`` repetitions, and every ratio is between figures measured
in the same invocation (the machine may be shared). Timings use only the standard library:
wall time with ``time.perf_counter`` and, for child processes, CPU time and peak resident memory
from ``os.wait4`` (the child's own rusage, which includes the workers it reaped). CPU seconds are
reported next to wall seconds because they suffer much less from other load on a shared machine.

- ``cold``: ``audit run`` of the seeds in a fresh Python process (model load included).
- ``batch``: ``audit batch`` on derivatives made by perturbing the seed derivatives (shuffle,
  drop, duplicate, swap names, change numbers), next to plain sentence-transformers encoding a
  fixed sample of the very same sentences in this process.
- ``align``: ``audit.align.align`` alone on two synthetic 10,000-sentence documents.
- ``mqm``: ``audit bench mqm FILE`` end to end, when that command exists.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from audit.bench.perturb import perturbed_derivatives
from audit.errors import BenchError
from audit.read import read_document
from audit.segment import segment
from audit.settings import AlignConfig

Progress = Callable[[str], None]


@dataclass(frozen=True)
class ChildRun:
    """One child process: wall and CPU seconds, peak resident memory in MiB, exit status."""

    wall: float
    cpu: float
    peak_mib: float
    returncode: int


@dataclass(frozen=True)
class Figure:
    """One reported line: a name, a median value with its unit, and how it was obtained."""

    name: str
    value: float
    unit: str
    detail: str


def run_child(args: Sequence[str], cwd: Path) -> ChildRun:
    """Run ``python -m audit ARGS`` and measure it (stdout/stderr are discarded)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "audit", *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return ChildRun(
        wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode
    )


def _median_runs(args: Sequence[str], cwd: Path, runs: int, what: str) -> list[ChildRun]:
    results = [run_child(args, cwd) for _ in range(runs)]
    failed = [r.returncode for r in results if r.returncode not in (0,)]
    if failed:
        raise BenchError(f"{what}: `audit {' '.join(args)}` exited {failed[0]}; run it to see why")
    return results


def _medians(name: str, results: list[ChildRun], detail: str) -> list[Figure]:
    return [
        Figure(f"{name} wall", statistics.median(r.wall for r in results), "s", detail),
        Figure(f"{name} cpu", statistics.median(r.cpu for r in results), "s", detail),
        Figure(
            f"{name} peak memory", statistics.median(r.peak_mib for r in results), "MiB", detail
        ),
    ]


def seed_files(seeds: Path) -> tuple[Path, list[Path]]:
    """The seed reference (000_*) and derivatives (001_* ... 009_*)."""
    reference = sorted(seeds.glob("000_*.txt"))
    derivatives = sorted(seeds.glob("00[1-9]_*.txt"))
    if not reference or not derivatives:
        raise BenchError(f"{seeds}: no 000_*.txt reference and 00N_*.txt derivatives; pass --seeds")
    return reference[0], derivatives


def bench_cold(seeds: Path, runs: int, backend: str, cwd: Path) -> list[Figure]:
    """Cold ``audit run`` of the seeds (a fresh process each time)."""
    reference, derivatives = seed_files(seeds)
    with tempfile.TemporaryDirectory(prefix="audit-speed-") as out:
        args = ["run", str(reference), *map(str, derivatives), "--out", out, "--backend", backend]
        results = _median_runs(args, cwd, runs, "cold run")
    detail = f"audit run seeds ({len(derivatives)} derivatives), backend {backend}, {runs} runs"
    return _medians("cold seed run", results, detail)


def _sentences(paths: Sequence[Path]) -> list[str]:
    return [s.text for p in paths for s in segment(read_document(p)).sentences]


def bench_batch(
    seeds: Path, count: int, runs: int, raw_sample: int, cwd: Path, progress: Progress
) -> list[Figure]:
    """End-to-end ``audit batch`` throughput next to plain sentence-transformers encoding."""
    reference, derivatives = seed_files(seeds)
    with tempfile.TemporaryDirectory(prefix="audit-speed-") as tmp:
        folder = Path(tmp)
        paths = perturbed_derivatives(derivatives, count, folder, seed=13)
        manifest = folder / "manifest.csv"
        (folder / reference.name).write_bytes(reference.read_bytes())  # a manifest reads its folder
        rows = "".join(f"{reference.name},{p.resolve()}\n" for p in paths)
        manifest.write_text(f"reference,derivative\n{rows}", encoding="utf-8")
        sentences = _sentences([reference, *paths])
        progress(f"batch: {len(paths)} derivatives, {len(sentences)} sentences")
        results = _median_runs(
            ["batch", str(manifest), "--out", str(folder / "out")], cwd, runs, "batch"
        )
    pipeline_rate = len(sentences) / statistics.median(r.wall for r in results)
    progress("batch: plain sentence-transformers on a sample of the same sentences")
    raw_rate = raw_encode_rate(sentences, raw_sample, runs)
    detail = f"{len(paths)} perturbed derivatives, {len(sentences)} sentences, {runs} runs"
    return [
        *_medians("batch", results, detail),
        Figure("batch end to end", pipeline_rate, "sentences/s", detail),
        Figure("plain sentence-transformers", raw_rate, "sentences/s", f"sample of {raw_sample}"),
        Figure("batch / plain ratio", pipeline_rate / raw_rate, "x", "same run"),
    ]


def raw_encode_rate(sentences: Sequence[str], sample: int, runs: int) -> float:
    """Sentences/s of plain ``SentenceTransformer.encode`` (torch, model already loaded)."""
    from sentence_transformers import SentenceTransformer

    from audit.embed import resolve_model

    rng = np.random.default_rng(7)
    chosen = [sentences[k] for k in rng.choice(len(sentences), min(sample, len(sentences)), False)]
    model = SentenceTransformer(str(resolve_model("all-MiniLM-L6-v2")), device="cpu")
    model.encode(chosen[:8])  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        model.encode(chosen, batch_size=64, normalize_embeddings=True)
        times.append(time.perf_counter() - start)
    return len(chosen) / statistics.median(times)


def synthetic_pair(n: int, dim: int = 384, seed: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors of an n-sentence reference and a derivative that drops, adds and swaps."""
    rng = np.random.default_rng(seed)
    ref = rng.normal(size=(n, dim)).astype(np.float32)
    keep = [k for k in range(n) if rng.random() > 0.05]  # 5% omissions
    der = ref[keep] + 0.6 * rng.normal(size=(len(keep), dim)).astype(np.float32)
    added = rng.normal(size=(n // 20, dim)).astype(np.float32)  # 5% additions
    der = np.insert(der, rng.integers(0, len(der), len(added)), added, axis=0)
    swaps = rng.integers(0, len(der) - 1, n // 50)
    for k in swaps:
        der[[k, k + 1]] = der[[k + 1, k]]
    unit = lambda m: m / np.linalg.norm(m, axis=1, keepdims=True)  # noqa: E731
    return unit(ref), unit(der)


def bench_align(n: int, runs: int) -> list[Figure]:
    """``audit.align.align`` alone on two synthetic n-sentence documents."""
    from audit.align import align

    ref, der = synthetic_pair(n)
    weights_r, weights_d = [20.0] * len(ref), [20.0] * len(der)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        align(ref, der, weights_r, weights_d, AlignConfig())
        times.append(time.perf_counter() - start)
    detail = f"{len(ref)} x {len(der)} sentences, synthetic vectors, {runs} runs"
    return [Figure("align alone", statistics.median(times), "s", detail)]


def bench_mqm(path: Path, cwd: Path, progress: Progress) -> list[Figure]:
    """``audit bench mqm FILE`` once, end to end; no figure if the command does not exist."""
    probe = subprocess.run(
        [sys.executable, "-m", "audit", "bench", "mqm", "--help"], cwd=cwd, capture_output=True
    )
    if probe.returncode != 0:
        progress("mqm: this version has no `audit bench mqm`; skipped")
        return []
    result = run_child(["bench", "mqm", str(path)], cwd)
    if result.returncode != 0:
        progress(f"mqm: `audit bench mqm {path}` exited {result.returncode}; skipped")
        return []
    return _medians("bench mqm", [result], f"audit bench mqm {path.name}, 1 run")


SECTIONS = ("cold", "batch", "align", "mqm")


@dataclass(frozen=True)
class SpeedOptions:
    """What ``audit bench speed`` measures and how often."""

    seeds: Path = Path("seeds")
    runs: int = 3
    derivatives: int = 200
    align_sentences: int = 10_000
    raw_sample: int = 500
    mqm: Path | None = None
    sections: tuple[str, ...] = SECTIONS
    backend: str = "auto"


def run_speed(options: SpeedOptions, progress: Progress) -> list[Figure]:
    """All requested sections; child processes first, while this process is still small.

    Linux carries the launching process's resident size at ``exec`` into the child's
    ``ru_maxrss``, so the children are started before this process loads torch (plain
    sentence-transformers) or the 10,000 x 10,000 alignment matrices.
    """
    unknown = [s for s in options.sections if s not in SECTIONS]
    if unknown:
        raise BenchError(f"section(s) {', '.join(unknown)}: unknown; use {', '.join(SECTIONS)}")
    cwd = Path.cwd()
    figures: list[Figure] = []
    if "cold" in options.sections:
        progress("cold: audit run of the seeds")
        figures += bench_cold(options.seeds, options.runs, options.backend, cwd)
    if "mqm" in options.sections and options.mqm is not None:
        progress("mqm: audit bench mqm")
        figures += bench_mqm(options.mqm, cwd, progress)
    if "batch" in options.sections:
        figures += bench_batch(
            options.seeds, options.derivatives, options.runs, options.raw_sample, cwd, progress
        )
    if "align" in options.sections:
        progress(f"align: two {options.align_sentences}-sentence documents")
        figures += bench_align(options.align_sentences, options.runs)
    return figures
