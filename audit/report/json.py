"""The JSON report: the whole result for programs (documents, units, scores, findings, summary).

Offsets are character offsets into each document's ``text`` (included), so a program can cut any
span out again. Every finding carries its stable ``id`` (the one ``--ignore`` files list).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from audit._version import __version__
from audit.records import (
    AuditResult,
    BatchResult,
    DocumentAudit,
    FailedDocument,
    Finding,
    Segmented,
    UnitJudgement,
    UnitWords,
)
from audit.report.bidi import escaped
from audit.report.files import write_atomic
from audit.report.verdict import verdict_of

if TYPE_CHECKING:
    from audit.report.parts import Parts

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


def judgement_json(judged: UnitJudgement | None) -> dict[str, Any]:
    """The meaning judge's reading of a unit (``judgement``: null when not judged): its
    probability of a Major error, its opposite score, and the words it marks (probability at
    least ``UnitJudgement.MARK``) on each side, as [start, end, probability]."""
    if judged is None:
        return {"judgement": None}
    return {
        "judgement": {
            "major": judged.major,
            "opposite": judged.opposite,
            "marked_deriv": [list(w) for w in judged.words if w[2] >= UnitJudgement.MARK],
            "marked_ref": [list(w) for w in judged.lost if w[2] >= UnitJudgement.MARK],
        }
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
                **judgement_json(audit.judged.get(unit.index)),
            }
        )
    return {
        "document": segmented_json(audit.derivative),
        "units": units,
        "findings": [finding_json(f) for f in audit.findings],
        "summary": {**_plain(audit.summary), "verdict": verdict_of(audit.summary).value},
        "languages": {**_plain(audit.languages), "cross": audit.languages.cross},
        "checks": [_plain(status) for status in audit.checks],
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


def nested(value: Any, depth: int) -> str:
    """``value`` as ``json.dumps(..., indent=1)`` writes it ``depth`` levels deep in a document
    (JSON text has no raw newline inside a string, so every newline is a line break)."""
    text = escaped(json.dumps(value, ensure_ascii=False, indent=1))
    return text.replace("\n", "\n" + " " * depth)


def derivative_piece(audit: DocumentAudit) -> str:
    """One derivative of the report, as it stands in a result's ``derivatives`` list."""
    return nested(audit_json(audit), DERIVATIVE_DEPTH)


DERIVATIVE_DEPTH = 4
"""Top object -> results list -> one result -> derivatives list -> one derivative."""


@dataclass(frozen=True)
class ResultPieces:
    """One reference's part of the report; its derivatives already written (``derivative_piece``),
    read lazily, so that a run's report never needs all its derivatives in memory."""

    signature: str
    reference: dict[str, Any]
    derivatives: Iterable[str]
    errors: Sequence[FailedDocument]


def _list(items: Iterable[Iterable[str]], depth: int) -> Iterator[str]:
    """A JSON list of items (each given as its pieces) already written ``depth + 1`` deep, as
    ``json.dumps`` lays it out; no item is joined into one string."""
    pad = " " * (depth + 1)
    first = True
    for item in items:
        yield ("[\n" if first else ",\n") + pad
        yield from item
        first = False
    yield "[]" if first else "\n" + " " * depth + "]"


def _result_pieces(result: ResultPieces) -> Iterator[str]:
    yield f'{{\n   "signature": {nested(result.signature, 3)},\n   "reference": '
    yield nested(result.reference, 3) + ',\n   "derivatives": '
    yield from _list(([piece] for piece in result.derivatives), 3)
    yield f',\n   "errors": {nested([_plain(e) for e in result.errors], 3)}\n  }}'


def report_pieces(
    signature: str, results: Iterable[ResultPieces], errors: Sequence[FailedDocument]
) -> Iterator[str]:
    """The text of ``audit.json``, piece by piece (the same text as ``json.dumps`` of
    ``batch_json``, with ``indent=1``)."""
    yield f'{{\n "tool": "audit",\n "version": {nested(__version__, 1)},'
    yield f'\n "schema": {SCHEMA_VERSION},\n "signature": {nested(signature, 1)},\n "results": '
    yield from _list((_result_pieces(r) for r in results), 1)
    yield f',\n "errors": {nested([_plain(e) for e in errors], 1)}\n}}'


def batch_pieces(batch: BatchResult) -> Iterator[str]:
    """``report_pieces`` of a batch held in memory."""
    results = (
        ResultPieces(
            r.signature,
            segmented_json(r.reference),
            (derivative_piece(a) for a in r.audits),
            r.errors,
        )
        for r in batch.results
    )
    signature = batch.results[0].signature if batch.results else ""
    return report_pieces(signature, results, batch.errors)


def merge_json(parts: Parts, out: Path) -> list[Path]:
    """``audit.json`` in ``out`` (UTF-8, indented, non-ASCII kept as is), from a run's parts."""
    results = (
        ResultPieces(g.signature, parts.reference(g), parts.pieces(g, "json"), g.errors)
        for g in parts.groups
    )

    def write(handle: IO[bytes]) -> None:
        for piece in report_pieces(parts.signature, results, parts.errors):
            handle.write(piece.encode("utf-8"))

    return [write_atomic(out / "audit.json", write)]
