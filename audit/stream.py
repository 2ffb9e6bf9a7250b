"""A run's audits as a stream: a reference opened, its derivatives read (each document's
language identified: ``audit.pairs`` says which pairs are translations and embeds them), each
audit reused from the resume store or computed in a pass (the pass's documents segmented and
embedded together, the pair audits run by the engine), in order, each saved as it finishes.

What one pair audit is belongs to ``audit.pipeline`` (``Run.job``); this module only schedules
it. ``audit.batches`` groups a manifest's references into passes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from audit.embed import Encoder
from audit.engine import Engine
from audit.engine.state import StateStore
from audit.errors import AuditError
from audit.languages import detect_language
from audit.pairs import Pairs
from audit.read import distinct_names, to_document
from audit.records import (
    AuditResult,
    Document,
    DocumentAudit,
    FailedDocument,
    PairLanguages,
    Segmented,
)
from audit.score import UnitScorer
from audit.segment import segment
from audit.settings import AuditConfig, ReadOptions

DocumentLike = Document | Path | str
Progress = Callable[[str], None]
Shared = tuple[Segmented, dict[bool, np.ndarray], AuditConfig, UnitScorer]
"""What the audits of one reference share: the reference, its vectors (n_sentences, dim) by the
kind of pair they serve (key: a translation, ``PairLanguages.cross``), the config and the
scorer."""
PairJob = Callable[[Shared, tuple[Segmented, np.ndarray, PairLanguages]], DocumentAudit]
"""One derivative's audit from what its reference's audits share and (derivative, vectors,
the pair's languages)."""

CHUNK = 512
"""Derivatives embedded in one pass (and audited before the next pass): of one reference, or in a
manifest of several consecutive references whose derivatives to audit number at most this."""


def as_document(item: DocumentLike, read: ReadOptions) -> Document:
    """A Document as given (checked: text, within the limit), or read from a path."""
    return to_document(item, read.encoding, read.max_chars)


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


@dataclass(frozen=True)
class Opened:
    """A reference read and segmented, its derivatives read, and which audits are stored."""

    ref: Segmented
    signature: str
    errors: tuple[FailedDocument, ...]
    """Its derivatives that could not be read."""
    slots: tuple[tuple[str, Document, bool], ...]
    """(resume key, derivative, stored) of each derivative, in order."""
    languages: dict[str, PairLanguages]
    """The languages of each derivative's pair, by resume key."""

    @property
    def todo(self) -> list[tuple[str, Document]]:
        """(key, derivative) of each derivative to audit (not stored), in order."""
        return [(key, doc) for key, doc, stored in self.slots if not stored]

    def stream(self, audits: Iterator[DocumentAudit]) -> ResultStream:
        return ResultStream(self.ref, self.signature, self.errors, audits)


Piece = tuple[Opened, Sequence[tuple[str, Document]]]
"""Some of a reference's derivatives to audit: (its opening, (key, derivative) pairs)."""


@dataclass(frozen=True)
class Run:
    """What the audits of a run share (``audit.pipeline`` makes it)."""

    config: AuditConfig
    encoder: Encoder
    engine: Engine
    state: StateStore | None
    progress: Progress | None
    chunk: int
    signature: str
    """The run's report signature (settings and encoder: the same for every reference)."""
    job: PairJob
    """One pair audit (a module-level function: the engine may send it to other processes)."""
    pairs: Pairs
    """Languages of the pairs and the encoder of translations (``audit.pairs``)."""

    def open(
        self, reference: DocumentLike, derivatives: Sequence[DocumentLike], read: ReadOptions
    ) -> Opened:
        """Read the reference (``InputError`` if it cannot be) and its derivatives, and see
        which audits the state store holds (when resuming). Each document's language is
        identified; a translation that cannot be audited is one more failure."""
        ref_doc = as_document(reference, read)
        language = detect_language(ref_doc.text)
        ref = segment(ref_doc, self.config.max_sentence_chars, language)
        docs, failed = read_all(derivatives, read, ref.document.name)
        found = [detect_language(doc.text) for doc in docs]
        docs, pairs, unfit = self.pairs.sort(language, docs, found, ref.document.name)
        settings = f"{self.signature}|{self.config!r}"
        keys = [StateStore.key(settings, ref.document, doc) for doc in docs]
        stored = [bool(self.state and self.state.has(key)) for key in keys]
        slots = tuple(zip(keys, docs, stored, strict=True))
        languages = dict(zip(keys, pairs, strict=True))
        return Opened(ref, self.signature, tuple(failed + unfit), slots, languages)

    def audits(
        self, opened: Opened, fresh: Iterator[DocumentAudit] | None, scorer: UnitScorer | None
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

    def _chunked(self, opened: Opened, scorer: UnitScorer) -> Iterator[DocumentAudit]:
        todo = opened.todo
        for start in range(0, len(todo), self.chunk):
            yield from self.fresh([(opened, todo[start : start + self.chunk])], scorer)

    def fresh(self, pieces: Sequence[Piece], scorer: UnitScorer) -> Iterator[DocumentAudit]:
        """Segment and embed the derivatives of ``pieces`` in one pass (each distinct sentence
        once, with their references), then audit each, in order, saved and reported as it
        finishes.

        The engine runs the audits (forked workers, Ray tasks), yielded in order; the results
        are the same as in this process. A reference, its vectors, the config and the scorer
        are shared by the audits of its piece (``engine.map``'s groups). Each derivative is
        segmented in its language and embedded by the encoder of its kind of pair
        (``audit.pairs``).
        """
        languages = [[opened.languages[key] for key, _ in group] for opened, group in pieces]
        segmented = [
            [
                segment(doc, self.config.max_sentence_chars, pair.derivative)
                for (_, doc), pair in zip(group, langs, strict=True)
            ]
            for (_, group), langs in zip(pieces, languages, strict=True)
        ]
        refs = [opened.ref for opened, _ in pieces]
        vectors = self.pairs.embed(self.encoder, list(zip(refs, segmented, strict=True)), languages)
        groups = []
        for ref, docs, langs, (ref_vectors, own) in zip(
            refs, segmented, languages, vectors, strict=True
        ):
            shared: Shared = (ref, ref_vectors, self.config, scorer)
            groups.append((shared, list(zip(docs, own, langs, strict=True))))
        del vectors, segmented
        keys = [key for _, group in pieces for key, _ in group]
        audits = self.engine.map(self.job, groups)
        for key, audit in zip(keys, audits, strict=True):
            if self.state:
                self.state.save(key, audit)
            if self.progress:
                self.progress(audit.derivative.document.name)
            yield audit


def read_all(
    items: Sequence[DocumentLike], read: ReadOptions, reference_name: str
) -> tuple[list[Document], list[FailedDocument]]:
    """The derivatives that can be read (names made distinct) and a failure for each other."""
    docs, failed = [], []
    for item in items:
        try:
            docs.append(as_document(item, read))
        except AuditError as exc:
            name = item.name if isinstance(item, Document) else str(item)
            failed.append(FailedDocument(reference_name, name, str(exc)))
    return distinct_names(docs), failed
