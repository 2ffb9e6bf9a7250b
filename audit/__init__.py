"""audit: a machine-translation and rewrite quality auditor.

Public API::

    from audit import audit_documents, AuditConfig
    result = audit_documents("seeds/000.txt", ["seeds/001.txt"], AuditConfig())
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from audit._version import __version__
from audit.errors import AuditError, ConfigError, InputError, ModelError
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
from audit.settings import AlignConfig, AuditConfig, CheckConfig, ReadOptions, Settings

if TYPE_CHECKING:
    from audit.pipeline import audit_documents, audit_manifest

_LAZY = frozenset({"audit_documents", "audit_manifest"})


def __getattr__(name: str) -> Any:
    """The pipeline's entry points, imported on first use so that ``import audit`` stays light
    (the pipeline brings numpy, scipy, sacrebleu and the checks' libraries)."""
    if name in _LAZY:
        from audit import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'audit' has no attribute {name!r}")


__all__ = [
    "AlignConfig",
    "AlignedUnit",
    "AuditConfig",
    "AuditError",
    "AuditResult",
    "BatchResult",
    "Category",
    "CheckConfig",
    "ConfigError",
    "Document",
    "DocumentAudit",
    "DocumentSummary",
    "FailedDocument",
    "Finding",
    "InputError",
    "ModelError",
    "ReadOptions",
    "Segmented",
    "Sentence",
    "Settings",
    "Severity",
    "UnitScores",
    "UnitStatus",
    "__version__",
    "audit_documents",
    "audit_manifest",
]
