"""audit: a machine-translation and rewrite quality auditor.

Public API::

    from audit import audit_documents, AuditConfig
    result = audit_documents("seeds/000.txt", ["seeds/001.txt"], AuditConfig())
"""

from __future__ import annotations

__version__ = "0.1.0"

from audit.config import AlignConfig, AuditConfig  # noqa: E402
from audit.errors import AuditError, ConfigError, InputError, ModelError  # noqa: E402
from audit.pipeline import audit_documents, audit_manifest  # noqa: E402
from audit.records import (  # noqa: E402
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
