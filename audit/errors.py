"""The error hierarchy. The message of an AuditError is what the user reads after ``Error: ``."""

from __future__ import annotations


class AuditError(Exception):
    """Base of every error the user should see as one line and exit code 2."""


class InputError(AuditError):
    """A document or manifest cannot be read or audited; the message names the file and the fix."""


class ConfigError(AuditError):
    """An option or configuration file is invalid."""


class ModelError(AuditError):
    """The embedding model cannot be found or loaded."""


class ModelCacheError(ModelError):
    """The per-user model cache cannot take or give an ONNX export (not writable, full)."""


class BenchError(AuditError):
    """Benchmark data cannot be read."""


class OutputError(AuditError):
    """A report or state file cannot be written; the message names the folder and the fix."""


class AuditWarning(UserWarning):
    """Something the user should know that changes no figure (a cache that could not be used,
    cached rows computed again): ``warnings.warn`` in the library, one ``Warning: ...`` line on
    stderr from the command line, each message once."""
