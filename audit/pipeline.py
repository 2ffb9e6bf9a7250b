"""The only module that chains the stages: read -> segment -> embed -> align -> score -> check."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from audit import __version__
from audit.align import align
from audit.checks import CheckContext, run_checks
from audit.config import AuditConfig
from audit.embed import Encoder, create_encoder, model_hash
from audit.errors import AuditError, InputError
from audit.read import read_document, read_manifest
from audit.records import (
    AuditResult,
    BatchResult,
    Document,
    DocumentAudit,
    FailedDocument,
    Segmented,
)
from audit.score import metric_signatures, score_unit, summarise, word_count
from audit.segment import SEGMENTER_NAME, segment

DocumentLike = Document | Path | str
Progress = Callable[[str], None]


def as_document(item: DocumentLike, config: AuditConfig) -> Document:
    """A Document as given, or read from a path."""
    if isinstance(item, Document):
        return item
    return read_document(Path(item), encoding=config.encoding, max_chars=config.max_chars)


def audit_documents(
    reference: DocumentLike,
    derivatives: Sequence[DocumentLike],
    config: AuditConfig | None = None,
    encoder: Encoder | None = None,
    progress: Progress | None = None,
) -> AuditResult:
    """Audit each derivative against the reference.

    Derivatives that cannot be read become ``FailedDocument`` entries of the result; a reference
    that cannot be read raises ``InputError``. All distinct sentences are embedded in one pass.
    """
    config = config or AuditConfig()
    encoder = encoder or create_encoder(config.model, config.device, config.batch_size)
    ref = segment(as_document(reference, config))
    docs, failed = _read_all(derivatives, config, ref.document.name)
    segmented = [segment(doc) for doc in docs]
    vectors = _embed_all(encoder, [ref, *segmented])
    audits = []
    for seg, vecs in zip(segmented, vectors[1:], strict=True):
        audits.append(audit_pair(ref, seg, vectors[0], vecs, config))
        if progress:
            progress(seg.document.name)
    return AuditResult(
        reference=ref,
        audits=tuple(audits),
        signature=signature(config, encoder),
        errors=tuple(failed),
    )


def _read_all(
    items: Sequence[DocumentLike], config: AuditConfig, reference_name: str
) -> tuple[list[Document], list[FailedDocument]]:
    docs, failed = [], []
    for item in items:
        try:
            docs.append(as_document(item, config))
        except AuditError as exc:
            name = item.name if isinstance(item, Document) else str(item)
            failed.append(FailedDocument(reference_name, name, str(exc)))
    return docs, failed


def _embed_all(encoder: Encoder, documents: Sequence[Segmented]) -> list[np.ndarray]:
    """Vectors of every document's sentences; each distinct sentence is encoded once."""
    texts = [s.text for doc in documents for s in doc.sentences]
    unique = list(dict.fromkeys(texts))
    table = encoder.encode(unique) if unique else np.zeros((0, 1), dtype=np.float32)
    row = {text: k for k, text in enumerate(unique)}
    out = []
    for doc in documents:
        idx = [row[s.text] for s in doc.sentences]
        out.append(table[idx] if idx else np.zeros((0, table.shape[1]), dtype=np.float32))
    return out


def audit_pair(
    reference: Segmented,
    derivative: Segmented,
    ref_vectors: np.ndarray,
    deriv_vectors: np.ndarray,
    config: AuditConfig,
) -> DocumentAudit:
    """Align, score and check one derivative whose sentences are already embedded."""
    units = align(
        ref_vectors,
        deriv_vectors,
        [max(1, word_count(s.text)) for s in reference.sentences],
        [max(1, word_count(s.text)) for s in derivative.sentences],
        config.align,
    )
    scores = tuple(score_unit(u, reference, derivative, config.ter_max_words) for u in units)
    ctx = CheckContext(reference, derivative, units, scores, config)
    findings = run_checks(ctx)
    summary = summarise(units, scores, findings, reference, derivative)
    return DocumentAudit(reference, derivative, units, scores, findings, summary)


def signature(config: AuditConfig, encoder: Encoder) -> str:
    """One line from which every number of a report can be reproduced."""
    folder = getattr(encoder, "folder", None) or getattr(getattr(encoder, "inner", None), "folder", None)
    weights = model_hash(Path(folder)) if folder else "unknown"
    align_part = ",".join(f"{f.name}={getattr(config.align, f.name)}" for f in dataclasses.fields(config.align))
    return (
        f"audit:{__version__}|model:{encoder.name}#{weights}|segmenter:{SEGMENTER_NAME}"
        f"|align:{align_part}|ter_max_words:{config.ter_max_words}|{metric_signatures()}"
    )


def audit_manifest(
    manifest: Path,
    config: AuditConfig | None = None,
    encoder: Encoder | None = None,
    progress: Progress | None = None,
) -> BatchResult:
    """Audit every row of a ``reference,derivative`` manifest; bad rows become error rows."""
    config = config or AuditConfig()
    rows, problems = read_manifest(manifest)
    failures = [FailedDocument("", f"{manifest.name}:{line}", message) for line, message in problems]
    by_reference: dict[Path, list[Path]] = {}
    for row in rows:
        by_reference.setdefault(row.reference, []).append(row.derivative)
    encoder = encoder or create_encoder(config.model, config.device, config.batch_size)
    results = []
    for reference, derivatives in by_reference.items():
        try:
            results.append(audit_documents(reference, derivatives, config, encoder, progress))
        except InputError as exc:
            failures += [FailedDocument(str(reference), str(d), str(exc)) for d in derivatives]
    return BatchResult(results=tuple(results), errors=tuple(failures))
