"""The JSON report: the whole result for programs (documents, units, scores, findings, summary).

Offsets are character offsets into each document's ``text`` (included), so a program can cut any
span out again. Every finding carries its stable ``id`` (the one ``--ignore`` files list).
"""

from __future__ import annotations

import dataclasses
import json
from enum import Enum
from pathlib import Path
from typing import IO, Any

from audit._version import __version__
from audit.records import (
    AuditResult,
    BatchResult,
    DocumentAudit,
    FailedDocument,
    Finding,
    Segmented,
    UnitWords,
)
from audit.report.files import write_atomic

SCHEMA_VERSION = 1


def _plain(value: Any) -> Any:
    """Records, enums and tuples as JSON values."""
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def segmented_json(segmented: Segmented) -> dict[str, Any]:
    """A document with its text and its sentences."""
    doc = segmented.document
    return {
        "name": doc.name,
        "path": doc.path,
        "text": doc.text,
        "sentences": [_plain(s) for s in segmented.sentences],
    }


def finding_json(finding: Finding) -> dict[str, Any]:
    """A finding with its stable id first (evidence stays a list of [name, value] pairs)."""
    return {"id": finding.id, **_plain(finding)}


def words_json(words: UnitWords | None) -> dict[str, Any]:
    """A unit's word alignment: ``word_links`` (kind, derivative and reference offsets) and the
    words of either side left unmatched (empty for additions and omissions)."""
    if words is None:
        return {"word_links": [], "unmatched_deriv": [], "unmatched_ref": []}
    return {
        "word_links": [_plain(link) for link in words.links],
        "unmatched_deriv": [list(span) for span in words.unmatched_deriv],
        "unmatched_ref": [list(span) for span in words.unmatched_ref],
    }


def audit_json(audit: DocumentAudit) -> dict[str, Any]:
    """One derivative: its document, aligned units with scores, findings and summary."""
    units = []
    by_unit = {w.unit: w for w in audit.words}
    for unit, scores in zip(audit.units, audit.scores, strict=True):
        units.append(
            {
                "index": unit.index,
                "status": unit.status.value,
                "ref": list(unit.ref),
                "deriv": list(unit.deriv),
                "ref_span": list(audit.reference.span(unit.ref)) if unit.ref else None,
                "deriv_span": list(audit.derivative.span(unit.deriv)) if unit.deriv else None,
                "scores": _plain(scores),
                **words_json(by_unit.get(unit.index)),
            }
        )
    return {
        "document": segmented_json(audit.derivative),
        "units": units,
        "findings": [finding_json(f) for f in audit.findings],
        "summary": _plain(audit.summary),
    }


def result_json(result: AuditResult) -> dict[str, Any]:
    """One reference and all its derivatives."""
    return {
        "signature": result.signature,
        "reference": segmented_json(result.reference),
        "derivatives": [audit_json(a) for a in result.audits],
        "errors": [_plain(e) for e in result.errors],
    }


def batch_json(batch: BatchResult) -> dict[str, Any]:
    """The whole batch: ``results`` per reference and ``errors`` for rows never audited."""
    errors: tuple[FailedDocument, ...] = batch.errors
    return {
        "tool": "audit",
        "version": __version__,
        "schema": SCHEMA_VERSION,
        "signature": batch.results[0].signature if batch.results else "",
        "results": [result_json(r) for r in batch.results],
        "errors": [_plain(e) for e in errors],
    }


def write_json(batch: BatchResult, out: Path) -> list[Path]:
    """``audit.json`` in ``out`` (UTF-8, indented, non-ASCII kept as is)."""

    def write(handle: IO[bytes]) -> None:
        text = json.dumps(batch_json(batch), ensure_ascii=False, indent=1)
        handle.write(text.encode("utf-8"))

    return [write_atomic(out / "audit.json", write)]
