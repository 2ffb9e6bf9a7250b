"""audit: a machine-translation and rewrite quality auditor.

Public API::

    from audit import audit_documents, AuditConfig
    result = audit_documents("seeds/000.txt", ["seeds/001.txt"], AuditConfig())
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
    "InputError",
    "ModelError",
    "Segmented",
    "Sentence",
    "Severity",
    "UnitScores",
    "UnitStatus",
    "__version__",
    "audit_documents",
    "audit_manifest",
]
