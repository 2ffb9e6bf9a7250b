"""The only module that chains the stages: read -> segment -> embed -> align -> score -> check.

``audit_pair`` is one derivative's audit; the entry points below open the documents and hand the
pair audits to ``audit.stream`` (passes, resume store, engine, in order) and, for a manifest,
``audit.batches`` (which references share a pass).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from audit.align import align_pair
from audit.align.words import unit_words
from audit.batches import batch_streams, batches
from audit.checks import CheckContext, check_statuses, run_checks
from audit.checks.accept import drop_accepted, drop_ignored
from audit.checks.meaning import MeaningCheck
from audit.embed import Encoder, Notice, create_encoder
from audit.embed.multilingual import create_cross_encoder, cross_model
from audit.engine import Engine
from audit.engine.local import LocalEngine
from audit.engine.state import StateStore
from audit.judge import Judge, judge_units
from audit.judge.model import shipped
from audit.pairs import CrossEncoder, Pairs
from audit.read import ManifestProblem, ManifestRow, check_items, read_manifest
from audit.records import (
    AuditResult,
    BatchResult,
    DocumentAudit,
    FailedDocument,
    JudgeLevels,
    PairLanguages,
    Segmented,
)
from audit.score import UnitScorer, score_units, summarise
from audit.score.translation import summarise_translation, translation_scores
from audit.settings import AuditConfig, ReadOptions, rules
from audit.signature import signature
from audit.stream import CHUNK, DocumentLike, Progress, ResultStream, Run, Shared, as_document

__all__ = [
    "CHUNK",
    "DocumentLike",
    "Progress",
    "ResultStream",
    "as_document",
    "audit_documents",
    "audit_manifest",
    "audit_manifest_rows",
    "audit_pair",
    "encoder_for",
    "prepare_judge",
    "signature",
    "stream_documents",
    "stream_manifest_rows",
]


def audit_documents(
    reference: DocumentLike,
    derivatives: Sequence[DocumentLike],
    config: AuditConfig | None = None,
    encoder: Encoder | None = None,
    progress: Progress | None = None,
    state: StateStore | None = None,
    read: ReadOptions | None = None,
    scorer: UnitScorer | None = None,
    engine: Engine | None = None,
) -> AuditResult:
    """Audit each derivative against the reference.

    Derivatives that cannot be read become ``FailedDocument`` entries of the result; a reference
    that cannot be read raises ``InputError``. The distinct sentences of up to ``CHUNK``
    derivatives are embedded in one pass. With a ``state`` store, audits already stored with
    the same settings are reused (when resuming), and the others are audited in parallel worker
    processes, each saved as it finishes (in order), so an interruption loses at most the
    derivatives in progress. ``read`` says how paths are read (encoding, largest size);
    ``scorer`` (one is made for the call when not given) holds the metric objects and memos.
    ``engine`` (default: local, in parallel with a ``state``) runs the pair audits; it changes
    no result. ``stream_documents`` gives the same audits one at a time.
    """
    stream = stream_documents(
        reference, derivatives, config, encoder, progress, state, read, scorer, engine
    )
    return stream.collect()


def stream_documents(
    reference: DocumentLike,
    derivatives: Sequence[DocumentLike],
    config: AuditConfig | None = None,
    encoder: Encoder | None = None,
    progress: Progress | None = None,
    state: StateStore | None = None,
    read: ReadOptions | None = None,
    scorer: UnitScorer | None = None,
    engine: Engine | None = None,
    chunk: int = CHUNK,
) -> ResultStream:
    """``audit_documents`` as a stream: the reference and the derivatives are read (and checked)
    now, the audits computed as they are taken from ``audits``; ``chunk`` derivatives are
    embedded per pass."""
    config = rules.given(config, AuditConfig, "config")
    read = rules.given(read, ReadOptions, "read")
    check_items(derivatives)
    run = _run(config, encoder, engine, state, progress, chunk)
    opened = run.open(reference, derivatives, read)
    return opened.stream(run.audits(opened, None, scorer))


def _run(
    config: AuditConfig,
    encoder: Encoder | None,
    engine: Engine | None,
    state: StateStore | None,
    progress: Progress | None,
    chunk: int = CHUNK,
) -> Run:
    """What the run's audits share: its engine (local, in parallel with a ``state``, when not
    given), encoder (the engine's, when not given), signature, pair audit and the encoder of
    translations (``audit.pairs``: built on first need; the run's own when ``--model`` serves
    every pair)."""
    engine = engine or LocalEngine(parallel=state is not None)
    encoder = encoder or engine.encoder(functools.partial(encoder_for, config))
    judge = judge_for(config)
    sig = signature(config, encoder, judge)
    same = cross_model(config) == config.model
    make = functools.partial(create_cross_encoder, config)
    pairs = Pairs(config, CrossEncoder(lambda: encoder if same else engine.encoder(make)))
    job = functools.partial(_audit_job, judge=judge)
    return Run(config, encoder, engine, state, progress, max(1, chunk), sig, job, pairs)


def _audit_job(
    shared: Shared,
    pair: tuple[Segmented, np.ndarray, PairLanguages],
    judge: Judge | None = None,
) -> DocumentAudit:
    ref, ref_vectors, config, scorer = shared
    derivative, vectors, languages = pair
    vectors_of_ref = ref_vectors[languages.cross]
    return audit_pair(ref, derivative, vectors_of_ref, vectors, config, scorer, languages, judge)


def judge_for(config: AuditConfig) -> Judge | None:
    """The shipped meaning judge, unless the settings disable the ``meaning`` check."""
    return None if "meaning" in config.disabled_checks else shipped()


def prepare_judge(config: AuditConfig, notice: Notice | None = None) -> None:
    """Export the meaning judge before the run when the settings use it and it is not yet
    in the model cache (``notice`` hears the wait), so workers do not each export it."""
    judge = judge_for(config)
    if judge is not None:
        judge.prepare(notice)


def encoder_for(
    config: AuditConfig,
    batch_size: int = 64,
    cache_dir: str | Path | None = None,
    notice: Notice | None = None,
) -> Encoder:
    """The encoder the settings ask for (model, backend, device), with the run's batch size and
    optional on-disk cache; ``notice`` hears about a first use's model preparation."""
    return create_encoder(
        config.model, config.device, batch_size, config.backend, cache_dir, notice=notice
    )


def audit_pair(
    reference: Segmented,
    derivative: Segmented,
    ref_vectors: np.ndarray,
    deriv_vectors: np.ndarray,
    config: AuditConfig,
    scorer: UnitScorer,
    languages: PairLanguages | None = None,
    judge: Judge | None = None,
) -> DocumentAudit:
    """Align sentences and words, judge meaning, score and check one derivative already
    embedded. A translation (``languages.cross``) has no word alignment, no word metrics and a
    coverage-led fidelity (``audit.score.translation``); the meaning judge reads English pairs
    only (``MeaningCheck.scope``)."""
    languages = languages or PairLanguages()
    cross = languages.cross
    units = align_pair(reference, derivative, ref_vectors, deriv_vectors, config, cross)
    words = (None,) * len(units) if cross else unit_words(reference, derivative, units)
    if MeaningCheck.scope.skip_reason(languages):
        judge = None
    judged = judge_units(judge, reference, derivative, units)
    if cross:
        scores = translation_scores(units)
    else:
        scores = score_units(units, reference, derivative, config.ter_max_words, scorer)
    levels = judge.levels if judge is not None else JudgeLevels()
    ctx = CheckContext(
        reference, derivative, units, scores, config, words,
        languages=languages, judgements=judged, judge_levels=levels,
    )  # fmt: skip
    findings = run_checks(ctx)
    findings = drop_accepted(findings, derivative.document.text, config.terms)
    findings = drop_ignored(findings, config.ignore)
    if cross:
        summary = summarise_translation(units, findings, reference, derivative)
    else:
        summary = summarise(units, scores, findings, reference, derivative, scorer, judged)
    records = tuple(w.record(u.index) for u, w in zip(units, words, strict=True) if w)
    return DocumentAudit(
        reference, derivative, units, scores, findings, summary, records, languages,
        check_statuses(config, languages), judged,
    )  # fmt: skip


def audit_manifest(
    manifest: Path,
    config: AuditConfig | None = None,
    encoder: Encoder | None = None,
    progress: Progress | None = None,
    state: StateStore | None = None,
    read: ReadOptions | None = None,
    root: Path | None = None,
) -> BatchResult:
    """Audit every row of a ``reference,derivative`` manifest; bad rows become error rows.

    ``state`` (see ``audit.engine.state``) saves each finished derivative and, when resuming, skips
    those already audited with the same settings. Only files under ``root`` (default: the
    manifest's folder; ``audit batch --root``) are read: a row naming another is an error row.
    """
    read = rules.given(read, ReadOptions, "read")
    rows, problems = read_manifest(manifest, read.encoding, read.max_chars, root)
    return audit_manifest_rows(
        manifest.name, rows, problems, config, encoder, progress, state, read
    )


def audit_manifest_rows(
    manifest_name: str,
    rows: Sequence[ManifestRow],
    problems: Sequence[ManifestProblem],
    config: AuditConfig | None = None,
    encoder: Encoder | None = None,
    progress: Progress | None = None,
    state: StateStore | None = None,
    read: ReadOptions | None = None,
    engine: Engine | None = None,
) -> BatchResult:
    """``audit_manifest`` of a manifest already read (``audit.read.read_manifest``); ``engine``
    runs the pair audits (see ``audit_documents``)."""
    results, errors = [], []
    items = stream_manifest_rows(
        manifest_name, rows, problems, config, encoder, progress, state, read, engine
    )
    for item in items:
        if isinstance(item, FailedDocument):
            errors.append(item)
        else:
            results.append(item.collect())
    return BatchResult(results=tuple(results), errors=tuple(errors))


def stream_manifest_rows(
    manifest_name: str,
    rows: Sequence[ManifestRow],
    problems: Sequence[ManifestProblem],
    config: AuditConfig | None = None,
    encoder: Encoder | None = None,
    progress: Progress | None = None,
    state: StateStore | None = None,
    read: ReadOptions | None = None,
    engine: Engine | None = None,
) -> Iterator[ResultStream | FailedDocument]:
    """``audit_manifest_rows`` as a stream, in report order: each document that cannot be
    audited at all (a bad row, a derivative of an unreadable reference) and each reference's
    ``ResultStream`` (consume its audits before taking the next item)."""
    config = rules.given(config, AuditConfig, "config")
    read = rules.given(read, ReadOptions, "read")
    for p in problems:
        yield FailedDocument("", f"{manifest_name}:{p.line}", p.message)
    by_reference: dict[Path, list[Path]] = {}
    for row in rows:
        by_reference.setdefault(row.reference, []).append(row.derivative)
    run = _run(config, encoder, engine, state, progress)
    with UnitScorer() as scorer:
        for batch in batches(run, by_reference, read):
            yield from batch_streams(run, batch, scorer)
