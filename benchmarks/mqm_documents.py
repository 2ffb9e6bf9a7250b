"""Sentence alignment on the MQM segments assembled into whole documents.

For each system and ``doc_id`` of an MQM TSV (see README "Benchmarks"), that system's ``target``
segments in ``seg_id`` order, one segment a line, make one derivative; the ``reference``
segments in the same order, one a line, make its reference. Both are segmented, embedded and
aligned exactly as ``audit run`` does (``audit.align.align_pair``). A segment is a
translation of the same source as the reference segment on the same line, so the segment of a
sentence is known and the alignment can be judged without gold links:

- ``omitted_beside_aligned``: reference sentences in an omission unit although another reference
  sentence of the same segment is aligned (a missed merge or split: the translation joined or
  cut the sentences differently), as a count and as a share of all reference sentences;
- ``omitted``: all reference sentences in an omission unit;
- ``added``: derivative sentences in an addition unit (every one renders its segment's
  reference), and ``added_segments``: whole derivative segments left unlinked, with their median
  word count (short segments are where this happens);
- ``linked_same_segment``: share of linked derivative sentences linked to a reference sentence of
  their own segment.

With ``--detect`` each document is also audited whole (checks and meaning judge, as
``audit run``) and every major or critical finding is put on the segment (line) of its span (an
omission: of its reference span): ``major_segments_flagged`` is the share of segments with an
expert Major error that carry one, ``clean_segments_flagged`` the share of error-free segments
(``mqm_score`` 0) that do.

Run:  .venv/bin/python benchmarks/mqm_documents.py MQM.tsv [--half fit|eval|all] [--cache-dir DIR]
      [--detect]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from audit.align import align_pair
from audit.bench.mqm import MqmRow, read_mqm, select_half
from audit.embed import Encoder, embed_all
from audit.pipeline import audit_pair, encoder_for, judge_for
from audit.records import AlignedUnit, Document, Finding, Segmented
from audit.score import UnitScorer
from audit.segment import segment
from audit.settings import AuditConfig
from audit.words import word_count


@dataclass(frozen=True)
class Assembled:
    """One system's document: its segments and the reference segments, line by line."""

    name: str
    reference: Segmented
    derivative: Segmented
    rows: tuple[MqmRow, ...] = ()
    """The segments' MQM rows, one a line, in order."""


def read_documents(path: Path, half: str = "all") -> list[Assembled]:
    """Every (system, doc_id) of the TSV (of one half of it) assembled into two documents."""
    groups: dict[tuple[str, str], list[MqmRow]] = {}
    for row in select_half(read_mqm(path), half):
        groups.setdefault((row.doc_id, row.system), []).append(row)
    out = []
    for (doc, system), rows in sorted(groups.items()):
        rows.sort(key=lambda r: int(r.seg_id))
        name = f"{doc}:{system}"
        ref = "\n".join(r.reference for r in rows)
        der = "\n".join(r.target for r in rows)
        out.append(
            Assembled(
                name,
                segment(Document(f"{name}:reference", ref)),
                segment(Document(f"{name}:target", der)),
                tuple(rows),
            )
        )
    return out


def segment_of(doc: Segmented) -> list[int]:
    """The 0-based line (MQM segment) of every sentence."""
    return [doc.document.line_of(s.start) - 1 for s in doc.sentences]


@dataclass
class Tally:
    """Counts over all documents."""

    ref_sentences: int = 0
    omitted: int = 0
    omitted_beside_aligned: int = 0
    deriv_sentences: int = 0
    added: int = 0
    linked: int = 0
    linked_same_segment: int = 0

    def add(self, doc: Assembled, units: Sequence[AlignedUnit]) -> list[int]:
        """Count one document; returns the word counts of its segments left wholly unlinked."""
        ref_seg, der_seg = segment_of(doc.reference), segment_of(doc.derivative)
        aligned_ref = {j for u in units if u.deriv for j in u.ref}
        omitted = [j for u in units if not u.deriv for j in u.ref]
        aligned_segments = {ref_seg[j] for j in aligned_ref}
        self.ref_sentences += len(ref_seg)
        self.deriv_sentences += len(der_seg)
        self.omitted += len(omitted)
        self.omitted_beside_aligned += sum(ref_seg[j] in aligned_segments for j in omitted)
        self.added += sum(len(u.deriv) for u in units if not u.ref)
        for u in units:
            if u.ref and u.deriv:
                own = {ref_seg[j] for j in u.ref}
                self.linked += len(u.deriv)
                self.linked_same_segment += sum(der_seg[i] in own for i in u.deriv)
        return _unlinked_segments(doc, units, der_seg)


def _unlinked_segments(
    doc: Assembled, units: Sequence[AlignedUnit], der_seg: list[int]
) -> list[int]:
    linked_segments = {der_seg[i] for u in units if u.ref for i in u.deriv}
    lines = doc.derivative.document.text.split("\n")
    return [word_count(lines[s]) for s in sorted(set(der_seg) - linked_segments)]


def run(docs: Sequence[Assembled], config: AuditConfig, encoder: Encoder) -> dict[str, object]:
    """Embed every document in one pass, align each, and return the figures."""
    started = time.perf_counter()
    vectors = embed_all(encoder, [d for doc in docs for d in (doc.reference, doc.derivative)])
    tally = Tally()
    unlinked: list[int] = []
    for k, doc in enumerate(docs):
        units = align_pair(
            doc.reference, doc.derivative, vectors[2 * k], vectors[2 * k + 1], config
        )
        unlinked += tally.add(doc, units)
    return _figures(tally, unlinked, len(docs), time.perf_counter() - started)


def _figures(
    t: Tally, unlinked: Iterable[int], documents: int, seconds: float
) -> dict[str, object]:
    words = list(unlinked)
    return {
        "documents": documents,
        "reference_sentences": t.ref_sentences,
        "derivative_sentences": t.deriv_sentences,
        "omitted": t.omitted,
        "omitted_beside_aligned": t.omitted_beside_aligned,
        "omitted_beside_aligned_share": round(
            t.omitted_beside_aligned / max(1, t.ref_sentences), 4
        ),
        "added": t.added,
        "added_segments": len(words),
        "added_segments_median_words": statistics.median(words) if words else None,
        "linked_same_segment": round(t.linked_same_segment / max(1, t.linked), 4),
        "seconds": round(seconds, 1),
    }


def detect(docs: Sequence[Assembled], config: AuditConfig, encoder: Encoder) -> dict[str, object]:
    """Audit every document whole and put its major/critical findings on segments."""
    vectors = embed_all(encoder, [d for doc in docs for d in (doc.reference, doc.derivative)])
    judge = judge_for(config)
    major: list[bool] = []
    clean: list[bool] = []
    with UnitScorer() as scorer:
        for k, doc in enumerate(docs):
            audit = audit_pair(
                doc.reference,
                doc.derivative,
                vectors[2 * k],
                vectors[2 * k + 1],
                config,
                scorer,
                judge=judge,
            )
            flagged = {_segment(doc, f) for f in audit.findings if f.severity.rank >= 2}
            for line, row in enumerate(doc.rows):
                if row.n_major > 0:
                    major.append(line in flagged)
                elif row.mqm_score == 0:
                    clean.append(line in flagged)
    return {
        "major_segments": len(major),
        "major_segments_flagged": round(sum(major) / max(1, len(major)), 4),
        "clean_segments": len(clean),
        "clean_segments_flagged": round(sum(clean) / max(1, len(clean)), 4),
    }


def _segment(doc: Assembled, finding: Finding) -> int:
    """The 0-based line of a finding's span (an omission's reference span)."""
    if finding.start is not None:
        return doc.derivative.document.line_of(finding.start) - 1
    return doc.reference.document.line_of(finding.ref_start or 0) - 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "tsv", type=Path, help="MQM TSV (doc_id, seg_id, system, reference, target)"
    )
    parser.add_argument("--half", default="all", help="fit, eval or all (as audit bench mqm)")
    parser.add_argument("--cache-dir", default=None, help="on-disk embedding cache")
    parser.add_argument("--detect", action="store_true", help="also audit and flag segments")
    args = parser.parse_args()
    config = AuditConfig()
    encoder = encoder_for(config, cache_dir=args.cache_dir)
    docs = read_documents(args.tsv, args.half)
    figures = run(docs, config, encoder)
    if args.detect:
        figures.update(detect(docs, config, encoder))
    print(json.dumps({"half": args.half, **figures}))


if __name__ == "__main__":
    main()
