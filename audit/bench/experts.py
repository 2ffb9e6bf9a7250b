"""Findings against expert error spans, paragraph by paragraph, on translations assembled whole.

Every system's translation of every document (``audit.bench.parallel``) is audited against its
original; each finding falls in one paragraph (the line of its span in the translation, or of
its span in the original for a finding without a translation span, such as an omission). For
each expert category asked about, the share of paragraphs with such an error (any rater, any
severity; and Major only) that get a finding of the matching category; and for the paragraphs
no rater marked at all, the share with any finding and with a major or critical one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from audit.bench.parallel import ParallelDoc
from audit.pipeline import audit_documents
from audit.records import Category, Document, DocumentAudit, Finding, Severity
from audit.settings import Settings

MATCHING = {
    "Accuracy/Source language fragment": Category.UNTRANSLATED,
    "Accuracy/Omission": Category.OMISSION,
    "Accuracy/Addition": Category.ADDITION,
}
"""Expert categories (prefixes) and the finding category that answers each."""


@dataclass
class Counts:
    """Paragraphs with an expert error of one kind, and those that got a matching finding."""

    paragraphs: int = 0
    found: int = 0
    major_paragraphs: int = 0
    major_found: int = 0


@dataclass
class ExpertFigures:
    documents: int = 0
    paragraphs: int = 0
    kinds: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in MATCHING})
    error_free: int = 0
    error_free_any: int = 0
    error_free_major: int = 0

    def as_dict(self) -> dict[str, object]:
        def share(a: int, b: int) -> float | None:
            return round(a / b, 3) if b else None

        return {
            "translations": self.documents,
            "paragraphs": self.paragraphs,
            **{
                kind: {
                    "paragraphs": c.paragraphs,
                    "found": c.found,
                    "share": share(c.found, c.paragraphs),
                    "major_paragraphs": c.major_paragraphs,
                    "major_found": c.major_found,
                    "major_share": share(c.major_found, c.major_paragraphs),
                }
                for kind, c in self.kinds.items()
            },
            "error_free_paragraphs": self.error_free,
            "error_free_with_finding": share(self.error_free_any, self.error_free),
            "error_free_with_major": share(self.error_free_major, self.error_free),
        }


def paragraph_of(finding: Finding, audit: DocumentAudit) -> int:
    """The 0-based paragraph (line) a finding falls in: its translation span's, else its
    original span's."""
    if finding.start is not None:
        return audit.derivative.document.line_of(finding.start) - 1
    return audit.reference.document.line_of(finding.ref_start or 0) - 1


def run_experts(docs: Sequence[ParallelDoc], config: Settings) -> ExpertFigures:
    """Audit every translation of every document and compare with the raters, per paragraph."""
    figures = ExpertFigures()
    by_original: dict[str, list[ParallelDoc]] = {}
    for doc in docs:
        by_original.setdefault(doc.doc_id, []).append(doc)
    for doc_id, translations in by_original.items():
        original = Document(f"{doc_id}.original.txt", translations[0].original())
        derivatives = [Document(f"{d.name}.txt", d.translation()) for d in translations]
        result = audit_documents(original, derivatives, config)
        for doc, audit in zip(translations, result.audits, strict=True):
            _tally(figures, doc, audit)
    return figures


def _tally(figures: ExpertFigures, doc: ParallelDoc, audit: DocumentAudit) -> None:
    figures.documents += 1
    found: dict[int, list[Finding]] = {}
    for finding in audit.findings:
        found.setdefault(paragraph_of(finding, audit), []).append(finding)
    for k, paragraph in enumerate(doc.paragraphs):
        figures.paragraphs += 1
        mine = found.get(k, [])
        if paragraph.error_free:
            figures.error_free += 1
            figures.error_free_any += bool(mine)
            figures.error_free_major += any(f.severity is not Severity.MINOR for f in mine)
            continue
        for kind, category in MATCHING.items():
            errors = [e for e in paragraph.errors if e.category.startswith(kind)]
            if not errors:
                continue
            hit = any(f.category is category for f in mine)
            counts = figures.kinds[kind]
            counts.paragraphs += 1
            counts.found += hit
            if any(e.severity == "Major" for e in errors):
                counts.major_paragraphs += 1
                counts.major_found += hit
