"""MQM benchmark: audit each row's ``target`` against its ``reference`` and compare with humans.

The file format is the one of WMT MQM exports prepared for this project (TSV with a header; see
README "Benchmarks"): at least the columns ``reference``, ``target``, ``mqm_score`` (penalty,
lower is better), ``n_major`` and ``error_spans`` (JSON list of ``{severity, side, start, end}``).
Each row is a one-segment audit with the same pipeline pieces as ``audit run`` (segment, embed
once per distinct sentence for the whole file in one batch, align, score, checks, fidelity).

``half`` picks the rows: ``fit``, those whose ``doc_id`` is among the first half of the file's
distinct ``doc_id`` values in sorted order (19 of 38 in the shared file: the rows a learned
scorer may be fitted on), ``eval`` the others, ``all`` every row. Besides the correlations the
figures give the character-level span agreement of the findings with the raters' target-side
spans (``audit.bench.spans``), the share of rows with a Major error that get a major or critical
finding and the share of error-free rows (``mqm_score`` 0) that get one.
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

from audit.bench.judged import auc_of as auc
from audit.bench.judged import judge_figures
from audit.bench.spans import Span, SpanScore, agreement
from audit.embed import Encoder, embed_all
from audit.errors import BenchError
from audit.pipeline import audit_pair, judge_for
from audit.records import Document, DocumentAudit, Segmented, Severity
from audit.score import UnitScorer
from audit.segment import segment
from audit.settings import AuditConfig

REQUIRED = ("reference", "target", "mqm_score", "n_major", "error_spans")
HALVES = ("fit", "eval", "all")
MAJOR_SEVERITIES = frozenset({"major", "critical"})
SEVERITIES = MAJOR_SEVERITIES | {"minor"}


@dataclass(frozen=True)
class MqmRow:
    """One annotated segment: a system's ``target`` for a human ``reference``."""

    name: str
    reference: str
    target: str
    mqm_score: float
    n_major: int
    spans: tuple[Span, ...] = ()
    """Target-side error spans of all raters (offsets None where the annotation has none)."""
    doc_id: str = ""
    seg_id: str = ""
    system: str = ""

    @property
    def major_spans(self) -> tuple[tuple[int, int], ...]:
        """Target-side offsets of the Major (or Critical) error spans of all raters."""
        return tuple(
            (s.start, s.end)
            for s in self.spans
            if s.major and s.start is not None and s.end is not None
        )


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
        spans = tuple(_spans(json.loads(record["error_spans"] or "[]")))
        name = ":".join(record.get(k) or "" for k in ("doc_id", "seg_id", "system")) or str(number)
        return MqmRow(
            name=name,
            reference=record["reference"] or "",
            target=record["target"] or "",
            mqm_score=float(record["mqm_score"]),
            n_major=int(float(record["n_major"] or 0)),
            spans=spans,
            doc_id=record.get("doc_id") or "",
            seg_id=record.get("seg_id") or "",
            system=record.get("system") or "",
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BenchError(f"{path}:{number}: bad row ({exc}); fix or remove it") from None


def _spans(errors: list[dict[str, object]]) -> list[Span]:
    """The target-side spans with a known severity; a missing offset stays None."""
    out = []
    for error in errors:
        severity = str(error.get("severity", "")).lower()
        if error.get("side") == "target" and severity in SEVERITIES:
            start, end = _offset(error.get("start")), _offset(error.get("end"))
            known = start is not None and end is not None
            out.append(
                Span(start if known else None, end if known else None, severity in MAJOR_SEVERITIES)
            )
    return out


def _offset(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(f"offset {value!r} is not a number")
    return int(value)


def select_half(rows: Sequence[MqmRow], half: str) -> list[MqmRow]:
    """The rows of one half of the file (see the module docstring), or all of them."""
    if half not in HALVES:
        raise BenchError(f"--half {half}: give fit, eval or all")
    if half == "all":
        return list(rows)
    if any(not r.doc_id for r in rows):
        raise BenchError(f"--half {half}: the file needs a doc_id column with a value in every row")
    doc_ids = sorted({r.doc_id for r in rows})
    fit = set(doc_ids[: len(doc_ids) // 2])
    return [r for r in rows if (r.doc_id in fit) == (half == "fit")]


def audit_rows(
    rows: Sequence[MqmRow], config: AuditConfig, encoder: Encoder
) -> list[DocumentAudit | None]:
    """One audit per row (None where the target or the reference is blank), with the meaning
    judge unless the settings disable the ``meaning`` check."""
    judge = judge_for(config)
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
            audits[k] = audit_pair(ref, target, *vecs, config, scorer, judge=judge)
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


def evaluate(rows: Sequence[MqmRow], audits: Sequence[DocumentAudit | None]) -> dict[str, object]:
    """The figures of the MQM protocol for audited rows."""
    fidelity = np.array([100.0 - verdict(a) for a in audits])
    human = np.array([-r.mqm_score for r in rows])
    tau = stats.kendalltau(fidelity, human, variant="b").statistic if len(rows) > 1 else None
    pearson = stats.pearsonr(fidelity, human).statistic if len(rows) > 2 else None
    positive = [r.n_major > 0 for r in rows]
    spans = span_score(rows, audits)
    return {
        "rows": len(rows),
        "kendall_tau": _round(tau),
        "pearson": _round(pearson),
        "auc_major": _round(auc([verdict(a) for a in audits], positive)),
        "span_recall_major": _round(span_recall(rows, audits)),
        "span_precision": _round(spans.precision),
        "span_recall": _round(spans.recall),
        "span_f1": _round(spans.f1),
        **flag_rates(rows, audits),
        "findings": sum(len(a.findings) for a in audits if a),
        "judge_alone": judge_figures(rows, audits, _major_threshold(audits)),
    }


def _major_threshold(audits: Sequence[DocumentAudit | None]) -> float:
    """The shipped judge's major threshold (1.0 when no audit was judged)."""
    if not any(a is not None and a.judgements for a in audits):
        return 1.0
    from audit.judge import Judge

    return Judge().levels.major


def span_score(rows: Sequence[MqmRow], audits: Sequence[DocumentAudit | None]) -> SpanScore:
    """Character-level agreement of the findings' spans with the raters' target-side spans."""
    total = SpanScore()
    for row, audit in zip(rows, audits, strict=True):
        found = [
            Span(f.start, f.end, f.severity in (Severity.MAJOR, Severity.CRITICAL))
            for f in (audit.findings if audit else ())
            if f.start is not None and f.end is not None
        ]
        total += agreement(len(row.target), row.spans, found)
    return total


def flag_rates(rows: Sequence[MqmRow], audits: Sequence[DocumentAudit | None]) -> dict[str, object]:
    """How many rows have a human Major error and how many are error-free (``mqm_score`` 0), and
    the share of each that gets a major or critical finding."""
    flagged = [_flagged(a) for a in audits]
    major = [f for r, f in zip(rows, flagged, strict=True) if r.n_major > 0]
    clean = [f for r, f in zip(rows, flagged, strict=True) if r.mqm_score == 0]
    return {
        "rows_major": len(major),
        "major_rows_flagged": _round(sum(major) / len(major) if major else None),
        "rows_clean": len(clean),
        "clean_rows_flagged": _round(sum(clean) / len(clean) if clean else None),
    }


def _flagged(audit: DocumentAudit | None) -> bool:
    return audit is not None and any(
        f.severity in (Severity.MAJOR, Severity.CRITICAL) for f in audit.findings
    )


def run_mqm(
    path: Path,
    config: AuditConfig,
    encoder: Encoder,
    limit: int | None = None,
    half: str = "all",
) -> dict[str, object]:
    """Read, audit and evaluate an MQM file (one half of it, or its first ``limit`` rows of
    that half); the result is the JSON object the CLI prints."""
    started = time.perf_counter()
    rows = read_mqm(path, limit if half == "all" else None)
    rows = select_half(rows, half)[:limit]
    audits = audit_rows(rows, config, encoder)
    result = {"half": half, **evaluate(rows, audits)}
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def _round(value: float | None) -> float | None:
    return None if value is None or np.isnan(value) else round(float(value), 4)
