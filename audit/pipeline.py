"""The only module that chains the stages: read -> segment -> embed -> align -> score -> check."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from audit._version import __version__
from audit.align import align_pair
from audit.align.words import unit_words
from audit.checks import CheckContext, run_checks
from audit.checks.accept import drop_accepted, drop_ignored
from audit.embed import Encoder, create_encoder, embed_all
from audit.engine import Engine
from audit.engine.local import LocalEngine
from audit.engine.state import StateStore
from audit.errors import AuditError, InputError
from audit.read import (
    ManifestProblem,
    ManifestRow,
    check_items,
    distinct_names,
    read_manifest,
    to_document,
)
from audit.records import (
    AuditResult,
    BatchResult,
    Document,
    DocumentAudit,
    FailedDocument,
    Segmented,
)
from audit.score import UnitScorer, metric_signatures, score_units, summarise
from audit.segment import SEGMENTER_NAME, segment
from audit.settings import AuditConfig, ReadOptions, rules

DocumentLike = Document | Path | str
Progress = Callable[[str], None]


def as_document(item: DocumentLike, read: ReadOptions) -> Document:
    """A Document as given (checked: text, within the limit), or read from a path."""
    return to_document(item, read.encoding, read.max_chars)


CHUNK = 512
"""Derivatives embedded in one pass (and audited before the next pass): of one reference, or in a
manifest of several consecutive references whose derivatives to audit number at most this."""


@dataclass(frozen=True)
class ResultStream:
    """One reference's audits, computed as they are read (``audits`` is consumed once, before
    the next reference's stream starts): what report streams and the CLI use, so that a run's
    audits are never held together."""

    reference: Segmented
    signature: str
    errors: tuple[FailedDocument, ...]
    """Its derivatives that could not be read."""
    audits: Iterator[DocumentAudit]
    """Its derivatives' audits, in the order given."""

    def collect(self) -> AuditResult:
        """The whole result, every audit taken (held in memory)."""
        return AuditResult(self.reference, tuple(self.audits), self.signature, self.errors)


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
    run = _Run.of(config, encoder, engine, state, progress, chunk)
    opened = run.open(reference, derivatives, read)
    return opened.stream(run.audits(opened, None, scorer))


@dataclass(frozen=True)
class _Opened:
    """A reference read and segmented, its derivatives read, and which audits are stored."""

    ref: Segmented
    signature: str
    errors: tuple[FailedDocument, ...]
    """Its derivatives that could not be read."""
    slots: tuple[tuple[str, Document, bool], ...]
    """(resume key, derivative, stored) of each derivative, in order."""

    @property
    def todo(self) -> list[tuple[str, Document]]:
        """(key, derivative) of each derivative to audit (not stored), in order."""
        return [(key, doc) for key, doc, stored in self.slots if not stored]

    def stream(self, audits: Iterator[DocumentAudit]) -> ResultStream:
        return ResultStream(self.ref, self.signature, self.errors, audits)


Piece = tuple[_Opened, Sequence[tuple[str, Document]]]
"""Some of a reference's derivatives to audit: (its opening, (key, derivative) pairs)."""


@dataclass(frozen=True)
class _Run:
    """What the audits of a run share."""

    config: AuditConfig
    encoder: Encoder
    engine: Engine
    state: StateStore | None
    progress: Progress | None
    chunk: int
    signature: str
    """The run's report signature (settings and encoder: the same for every reference)."""

    @classmethod
    def of(
        cls,
        config: AuditConfig,
        encoder: Encoder | None,
        engine: Engine | None,
        state: StateStore | None,
        progress: Progress | None,
        chunk: int = CHUNK,
    ) -> _Run:
        """The run's engine (local, in parallel with a ``state``, when not given) and encoder
        (the engine's, when not given)."""
        engine = engine or LocalEngine(parallel=state is not None)
        encoder = encoder or engine.encoder(functools.partial(encoder_for, config))
        sig = signature(config, encoder)
        return cls(config, encoder, engine, state, progress, max(1, chunk), sig)

    def open(
        self, reference: DocumentLike, derivatives: Sequence[DocumentLike], read: ReadOptions
    ) -> _Opened:
        """Read the reference (``InputError`` if it cannot be) and its derivatives, and see
        which audits the state store holds (when resuming)."""
        ref = segment(as_document(reference, read), self.config.max_sentence_chars)
        docs, failed = _read_all(derivatives, read, ref.document.name)
        settings = f"{self.signature}|{self.config!r}"
        keys = [StateStore.key(settings, ref.document, doc) for doc in docs]
        stored = [bool(self.state and self.state.has(key)) for key in keys]
        slots = tuple(zip(keys, docs, stored, strict=True))
        return _Opened(ref, self.signature, tuple(failed), slots)

    def audits(
        self, opened: _Opened, fresh: Iterator[DocumentAudit] | None, scorer: UnitScorer | None
    ) -> Iterator[DocumentAudit]:
        """Each derivative's audit in order: reused from the state store (when resuming) or
        taken from ``fresh`` (computed with other references' in one pass), or when None
        computed ``chunk`` derivatives per pass; each fresh audit saved."""
        if scorer is None:
            with UnitScorer() as own:
                yield from self.audits(opened, fresh, own)
            return
        if fresh is None:
            fresh = self._chunked(opened, scorer)
        for key, doc, stored in opened.slots:
            audit = self.state.load(key) if stored and self.state else None
            if not stored:
                yield next(fresh)
            elif audit is None:  # stored but unreadable (another format): audit it on its own
                yield next(self.fresh([(opened, [(key, doc)])], scorer))
            else:
                if self.progress:
                    self.progress(doc.name)
                yield audit

    def _chunked(self, opened: _Opened, scorer: UnitScorer) -> Iterator[DocumentAudit]:
        todo = opened.todo
        for start in range(0, len(todo), self.chunk):
            yield from self.fresh([(opened, todo[start : start + self.chunk])], scorer)

    def fresh(self, pieces: Sequence[Piece], scorer: UnitScorer) -> Iterator[DocumentAudit]:
        """Segment and embed the derivatives of ``pieces`` in one pass (each distinct sentence
        once, with their references), then audit each, in order, saved and reported as it
        finishes.

        The engine runs the audits (forked workers, Ray tasks), yielded in order; the results
        are the same as in this process. A reference, its vectors, the config and the scorer
        are shared by the audits of its piece (``engine.map``'s groups).
        """
        segmented = [
            [segment(doc, self.config.max_sentence_chars) for _, doc in group]
            for _, group in pieces
        ]
        documents = [
            d
            for (opened, _), docs in zip(pieces, segmented, strict=True)
            for d in (opened.ref, *docs)
        ]
        vectors = embed_all(self.encoder, documents)
        groups, cursor = [], 0
        for (opened, _), docs in zip(pieces, segmented, strict=True):
            own = vectors[cursor : cursor + 1 + len(docs)]
            cursor += 1 + len(docs)
            shared = (opened.ref, own[0], self.config, scorer)
            groups.append((shared, list(zip(docs, own[1:], strict=True))))
        del documents, vectors, segmented
        keys = [key for _, group in pieces for key, _ in group]
        audits = self.engine.map(_audit_job, groups)
        for key, audit in zip(keys, audits, strict=True):
            if self.state:
                self.state.save(key, audit)
            if self.progress:
                self.progress(audit.derivative.document.name)
            yield audit


def _audit_job(
    shared: tuple[Segmented, np.ndarray, AuditConfig, UnitScorer],
    pair: tuple[Segmented, np.ndarray],
) -> DocumentAudit:
    ref, ref_vectors, config, scorer = shared
    return audit_pair(ref, pair[0], ref_vectors, pair[1], config, scorer)


def encoder_for(
    config: AuditConfig, batch_size: int = 64, cache_dir: str | Path | None = None
) -> Encoder:
    """The encoder the settings ask for (model, backend, device), with the run's batch size and
    optional on-disk cache."""
    return create_encoder(config.model, config.device, batch_size, config.backend, cache_dir)


def _read_all(
    items: Sequence[DocumentLike], read: ReadOptions, reference_name: str
) -> tuple[list[Document], list[FailedDocument]]:
    docs, failed = [], []
    for item in items:
        try:
            docs.append(as_document(item, read))
        except AuditError as exc:
            name = item.name if isinstance(item, Document) else str(item)
            failed.append(FailedDocument(reference_name, name, str(exc)))
    return distinct_names(docs), failed


def audit_pair(
    reference: Segmented,
    derivative: Segmented,
    ref_vectors: np.ndarray,
    deriv_vectors: np.ndarray,
    config: AuditConfig,
    scorer: UnitScorer,
) -> DocumentAudit:
    """Align sentences and words, score and check one derivative already embedded."""
    units = align_pair(reference, derivative, ref_vectors, deriv_vectors, config)
    words = unit_words(reference, derivative, units)
    scores = score_units(units, reference, derivative, config.ter_max_words, scorer)
    ctx = CheckContext(reference, derivative, units, scores, config, words)
    findings = run_checks(ctx)
    findings = drop_accepted(findings, derivative.document.text, config.terms)
    findings = drop_ignored(findings, config.ignore)
    summary = summarise(units, scores, findings, reference, derivative, scorer)
    records = tuple(w.record(u.index) for u, w in zip(units, words, strict=True) if w)
    return DocumentAudit(reference, derivative, units, scores, findings, summary, records)


def signature(config: AuditConfig, encoder: Encoder) -> str:
    """One line from which every number of a report can be reproduced."""
    align_part = ",".join(
        f"{f.name}={getattr(config.align, f.name)}" for f in dataclasses.fields(config.align)
    )
    return (
        f"audit:{__version__}|model:{encoder.name}#{encoder.weights}|segmenter:{SEGMENTER_NAME}"
        f"|align:{align_part}|ter_max_words:{config.ter_max_words}|{metric_signatures()}"
        f"{_accepted_part(config)}"
    )


def _accepted_part(config: AuditConfig) -> str:
    """Hashes of the accepted terms and finding ids, when any (they change the figures)."""
    parts = []
    if config.terms:
        parts.append(f"|terms:{len(config.terms)}#{_digest(repr(config.terms))}")
    if config.ignore:
        parts.append(f"|ignore:{len(config.ignore)}#{_digest(repr(sorted(config.ignore)))}")
    return "".join(parts)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


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
    run = _Run.of(config, encoder, engine, state, progress)
    with UnitScorer() as scorer:
        for batch in _batches(run, by_reference, read):
            yield from _batch_streams(run, batch, scorer)


Entry = _Opened | tuple[FailedDocument, ...]
"""A reference opened, or the failures of its derivatives when it cannot be read."""


def _batches(run: _Run, groups: dict[Path, list[Path]], read: ReadOptions) -> Iterator[list[Entry]]:
    """The references opened in order, in batches of at most ``run.chunk`` references whose
    derivatives to audit number at most ``run.chunk`` (a reference with more: a batch of its
    own, embedded ``chunk`` at a time), so that many small references are embedded in one pass
    and no more than a pass's documents are read ahead (also when resuming, with nothing to
    audit)."""
    batch: list[Entry] = []
    size = 0
    for reference, derivatives in groups.items():
        try:
            entry: Entry = run.open(reference, derivatives, read)
        except InputError as exc:
            entry = tuple(FailedDocument(str(reference), str(d), str(exc)) for d in derivatives)
        count = len(entry.todo) if isinstance(entry, _Opened) else 0
        if batch and (size + count > run.chunk or len(batch) >= run.chunk):
            yield batch
            batch, size = [], 0
        batch.append(entry)
        size += count
    if batch:
        yield batch


def _batch_streams(
    run: _Run, batch: list[Entry], scorer: UnitScorer
) -> Iterator[ResultStream | FailedDocument]:
    """The batch's failures and streams in order; the fresh audits of all its references come
    from one pass (unless one reference fills the batch alone, audited in chunks)."""
    opened = [e for e in batch if isinstance(e, _Opened)]
    together = sum(len(o.todo) for o in opened) <= run.chunk
    fresh = run.fresh([(o, o.todo) for o in opened if o.todo], scorer) if together else None
    for entry in batch:
        if isinstance(entry, _Opened):
            own = itertools.islice(fresh, len(entry.todo)) if fresh is not None else None
            yield entry.stream(run.audits(entry, own, scorer))
            for _ in own or ():  # a stream left unfinished: the rest of its share is still
                pass  # taken (and saved), so that the next reference gets its own audits
        else:
            yield from entry
