"""Resumable batches: each finished derivative audit is kept as one JSON file.

``<out>/.audit-state/<key>.json`` holds one ``DocumentAudit``. The key is a SHA-256 of the
settings (report signature: version, model and weights hash, segmenter, thresholds, metrics;
plus the whole configuration) and of both documents' names and texts, so a file is reused only
for the very same audit. Files are written atomically as each derivative finishes, so a batch
killed at any point loses at most the derivatives in progress; ``audit batch --resume`` reads
them back instead of auditing again, and the reports are rebuilt from all results at the end.
JSON (not pickle) so that a state folder can be read, and never runs code when loaded.

A state file is checked before it is reused: its first line holds the format and the SHA-256 of
the rest, which must match, and the audit must be whole (as many findings of each severity as
its summary counts). A file that fails (edited, cut short, nested too deep to parse, of an
older format) is audited again and overwritten, never a traceback; damage (not an older
format) is said once in an ``AuditWarning``.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from pathlib import Path
from typing import IO

from audit.errors import AuditWarning
from audit.records import Document, DocumentAudit, Severity
from audit.report.files import remove_leftovers, write_atomic
from audit.report.plain import from_jsonable, to_jsonable

STATE_DIR = ".audit-state"
_FORMAT = 2


class StateStore:
    """Finished derivative audits of a batch folder; ``resume`` says whether to reuse them."""

    def __init__(self, folder: Path, resume: bool = False):
        self.folder = folder
        self.resume = resume
        self.reused = 0
        self.saved = 0
        remove_leftovers(folder)  # part files of a killed run

    @staticmethod
    def key(settings: str, reference: Document, derivative: Document) -> str:
        """A hex digest naming the audit of ``derivative`` against ``reference``."""
        digest = hashlib.sha256()
        for part in (settings, reference.name, reference.text, derivative.name, derivative.text):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\x00")
        return digest.hexdigest()

    def has(self, key: str) -> bool:
        """Whether an audit is stored under ``key`` to be reused (resuming; not yet read)."""
        return self.resume and (self.folder / f"{key}.json").is_file()

    def load(self, key: str) -> DocumentAudit | None:
        """The stored audit, or None (not resuming, not stored, unreadable or damaged: audit
        it again)."""
        if not self.resume:
            return None
        try:
            data = (self.folder / f"{key}.json").read_bytes()
        except OSError:
            return None
        audit = _parsed(data)
        if audit is None:
            if not data.startswith(b'{"format": 1'):  # an older release's file: no damage
                self._damaged()
            return None
        self.reused += 1
        return audit

    def _damaged(self) -> None:
        warnings.warn(
            AuditWarning(
                f"{self.folder}: a saved audit was damaged (it does not match its digest or "
                "cannot be read) and was audited again"
            ),
            stacklevel=3,
        )

    def save(self, key: str, audit: DocumentAudit) -> None:
        """Store one finished audit (complete file or none), its digest on the first line."""
        body = json.dumps(to_jsonable(audit), ensure_ascii=False).encode("utf-8", "surrogatepass")
        head = json.dumps({"format": _FORMAT, "sha256": hashlib.sha256(body).hexdigest()})

        def write(handle: IO[bytes]) -> None:
            handle.write(head.encode("ascii") + b"\n" + body)

        write_atomic(self.folder / f"{key}.json", write)
        self.saved += 1


def _parsed(data: bytes) -> DocumentAudit | None:
    """The audit a state file holds, or None when it is not sound (see the module's text)."""
    head, _, body = data.partition(b"\n")
    try:
        header = json.loads(head)
        if not isinstance(header, dict) or header.get("format") != _FORMAT:
            return None
        if header.get("sha256") != hashlib.sha256(body).hexdigest():
            return None
        audit: DocumentAudit = from_jsonable(DocumentAudit, json.loads(body))
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError, MemoryError):
        return None
    return audit if _whole(audit) else None


def _whole(audit: DocumentAudit) -> bool:
    """The summary counts the findings the audit holds, severity by severity."""
    counts = {sev: sum(1 for f in audit.findings if f.severity is sev) for sev in Severity}
    summary = audit.summary
    return (summary.critical, summary.major, summary.minor) == (
        counts[Severity.CRITICAL],
        counts[Severity.MAJOR],
        counts[Severity.MINOR],
    )
