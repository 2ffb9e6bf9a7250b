"""MQM benchmark: audit each row's ``target`` against its ``reference`` and compare with humans.

The file format is the one of WMT MQM exports prepared for this project (TSV with a header; see
README "Benchmarks"): at least the columns ``reference``, ``target``, ``mqm_score`` (penalty,
lower is better), ``n_major`` and ``error_spans`` (JSON list of ``{severity, side, start, end}``).
Each row is a one-segment audit with the same pipeline pieces as ``audit run`` (segment, embed
once per distinct sentence for the whole file in one batch, align, score, checks, fidelity).
"""

from __future__ import annotations

import csv
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from scipy import stats

from audit.embed import Encoder, embed_all
from audit.errors import BenchError
from audit.pipeline import audit_pair
from audit.records import Document, DocumentAudit, Segmented
from audit.score import UnitScorer
from audit.segment import segment
from audit.settings import AuditConfig

REQUIRED = ("reference", "target", "mqm_score", "n_major", "error_spans")


@dataclass(frozen=True)
class MqmRow:
    """One annotated segment: a system's ``target`` for a human ``reference``."""

    name: str
    reference: str
    target: str
    mqm_score: float
    n_major: int
    major_spans: tuple[tuple[int, int], ...]
    """Target-side offsets of the Major error spans of all raters."""


def read_mqm(path: Path, limit: int | None = None) -> list[MqmRow]:
    """Rows of an MQM TSV file (the first ``limit`` rows if given)."""
    csv.field_size_limit(sys.maxsize)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t")
            missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
            if missing:
                raise BenchError(
                    f"{path}: missing column(s) {', '.join(missing)}; give an MQM TSV "
                    f"with the columns {', '.join(REQUIRED)}"
                )
            rows: list[MqmRow] = []
            for number, record in enumerate(reader, start=2):
                if limit is not None and len(rows) >= limit:
                    break
                rows.append(_row(path, number, record))
    except FileNotFoundError:
        raise BenchError(f"{path}: no such file; check the path") from None
    except UnicodeDecodeError:
        raise BenchError(f"{path}: not UTF-8 text; give the MQM TSV file") from None
    if not rows:
        raise BenchError(f"{path}: no rows; give an MQM TSV file with at least one row")
    return rows


def _row(path: Path, number: int, record: dict[str, str]) -> MqmRow:
    try:
        spans = json.loads(record["error_spans"] or "[]")
        majors = tuple(
            (int(s["start"]), int(s["end"]))
            for s in spans
            if s.get("side") == "target" and str(s.get("severity", "")).lower() == "major"
        )
        name = ":".join(record.get(k) or "" for k in ("doc_id", "seg_id", "system")) or str(number)
        return MqmRow(
            name=name,
            reference=record["reference"] or "",
            target=record["target"] or "",
            mqm_score=float(record["mqm_score"]),
            n_major=int(float(record["n_major"] or 0)),
            major_spans=majors,
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise BenchError(f"{path}:{number}: bad row ({exc}); fix or remove it") from None


def audit_rows(
    rows: Sequence[MqmRow], config: AuditConfig, encoder: Encoder
) -> list[DocumentAudit | None]:
    """One audit per row (None where the target or the reference is blank)."""
    cache: dict[str, Segmented | None] = {}
    refs = [_segment(f"{r.name}:reference", r.reference, cache) for r in rows]
    targets = [_segment(f"{r.name}:target", r.target, cache) for r in rows]
    present = [k for k in range(len(rows)) if refs[k] and targets[k]]
    documents = [d for k in present for d in (refs[k], targets[k])]
    vectors = embed_all(encoder, [d for d in documents if d is not None])
    audits: list[DocumentAudit | None] = [None] * len(rows)
    with UnitScorer() as scorer:
        for n, k in enumerate(present):
            ref, target = refs[k], targets[k]
            assert ref is not None and target is not None
            vecs = vectors[2 * n], vectors[2 * n + 1]
            audits[k] = audit_pair(ref, target, *vecs, config, scorer)
    return audits


def _segment(name: str, text: str, cache: dict[str, Segmented | None]) -> Segmented | None:
    """Segment a text once however many rows share it (a reference serves every system)."""
    if text not in cache:
        cache[text] = segment(Document(name=name, text=text)) if text.strip() else None
    seg = cache[text]
    return None if seg is None else replace(seg, document=Document(name=name, text=text))


def verdict(audit: DocumentAudit | None) -> float:
    """The audit's own badness score for a row: 100 - fidelity (a blank row counts as 100)."""
    return 100.0 - audit.summary.fidelity if audit is not None else 100.0


def span_recall(rows: Sequence[MqmRow], audits: Sequence[DocumentAudit | None]) -> float | None:
    """Share of target-side Major spans overlapped by the span of at least one finding."""
    total = hit = 0
    for row, audit in zip(rows, audits, strict=True):
        spans = [
            (f.start, f.end)
            for f in (audit.findings if audit else ())
            if f.start is not None and f.end is not None
        ]
        for start, end in row.major_spans:
            total += 1
            hit += any(s < max(end, start + 1) and e > start for s, e in spans)
    return hit / total if total else None


def auc(scores: Sequence[float], positive: Sequence[bool]) -> float | None:
    """Area under the ROC curve of ``scores`` separating positives (ties count half)."""
    pos = [s for s, p in zip(scores, positive, strict=True) if p]
    neg = [s for s, p in zip(scores, positive, strict=True) if not p]
    if not pos or not neg:
        return None
    u = stats.mannwhitneyu(pos, neg, alternative="two-sided").statistic
    return float(u) / (len(pos) * len(neg))


def evaluate(rows: Sequence[MqmRow], audits: Sequence[DocumentAudit | None]) -> dict[str, object]:
    """The figures of the MQM protocol for audited rows."""
    fidelity = np.array([100.0 - verdict(a) for a in audits])
    human = np.array([-r.mqm_score for r in rows])
    tau = stats.kendalltau(fidelity, human, variant="b").statistic if len(rows) > 1 else None
    pearson = stats.pearsonr(fidelity, human).statistic if len(rows) > 2 else None
    positive = [r.n_major > 0 for r in rows]
    return {
        "rows": len(rows),
        "kendall_tau": _round(tau),
        "pearson": _round(pearson),
        "auc_major": _round(auc([verdict(a) for a in audits], positive)),
        "span_recall_major": _round(span_recall(rows, audits)),
        "findings": sum(len(a.findings) for a in audits if a),
    }


def run_mqm(
    path: Path, config: AuditConfig, encoder: Encoder, limit: int | None = None
) -> dict[str, object]:
    """Read, audit and evaluate an MQM file; the result is the JSON object the CLI prints."""
    started = time.perf_counter()
    rows = read_mqm(path, limit)
    audits = audit_rows(rows, config, encoder)
    result = evaluate(rows, audits)
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def _round(value: float | None) -> float | None:
    return None if value is None or np.isnan(value) else round(float(value), 4)
