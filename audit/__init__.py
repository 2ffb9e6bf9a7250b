"""audit: a machine-translation and rewrite quality auditor.

Public API::

    from audit import audit_documents, AuditConfig
    result = audit_documents("seeds/000.txt", ["seeds/001.txt"], AuditConfig())
    tables = frames(result)  # findings, alignment, summary as pandas DataFrames
"""

from __future__ import annotations

from audit._version import __version__
from audit.errors import AuditError, ConfigError, InputError, ModelError
from audit.pipeline import audit_documents, audit_manifest
from audit.records import (
    AlignedUnit,
    AuditResult,
    BatchResult,
    Category,
    Document,
    DocumentAudit,
    DocumentSummary,
    FailedDocument,
    Finding,
    Segmented,
    Sentence,
    Severity,
    UnitScores,
    UnitStatus,
)
from audit.report.frames import Frames, frames
from audit.score.verdict import Verdict, verdict_of
from audit.settings import AlignConfig, AuditConfig

__all__ = [
    "AlignConfig",
    "AlignedUnit",
    "AuditConfig",
    "AuditError",
    "AuditResult",
    "BatchResult",
    "Category",
    "ConfigError",
    "Document",
    "DocumentAudit",
    "DocumentSummary",
    "FailedDocument",
    "Finding",
    "Frames",
    "InputError",
    "ModelError",
    "Segmented",
    "Sentence",
    "Severity",
    "UnitScores",
    "UnitStatus",
    "Verdict",
    "__version__",
    "audit_documents",
    "audit_manifest",
    "frames",
    "verdict_of",
]
