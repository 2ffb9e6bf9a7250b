"""Resumable batches: each finished derivative audit is kept as one JSON file.

``<out>/.audit-state/<key>.json`` holds one ``DocumentAudit``. The key is a SHA-256 of the
settings (report signature: version, model and weights hash, segmenter, thresholds, metrics;
plus the whole configuration) and of both documents' names and texts, so a file is reused only
for the very same audit. Files are written atomically as each derivative finishes, so a batch
killed at any point loses at most the derivatives in progress; ``audit batch --resume`` reads
them back instead of auditing again, and the reports are rebuilt from all results at the end.
JSON (not pickle) so that a state folder can be read, and never runs code when loaded.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import IO

from audit.records import Document, DocumentAudit
from audit.report.files import write_atomic
from audit.report.plain import from_jsonable, to_jsonable

STATE_DIR = ".audit-state"
_FORMAT = 1


class StateStore:
    """Finished derivative audits of a batch folder; ``resume`` says whether to reuse them."""

    def __init__(self, folder: Path, resume: bool = False):
        self.folder = folder
        self.resume = resume
        self.reused = 0
        self.saved = 0

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
        """The stored audit, or None (not resuming, not stored, or unreadable: audit again)."""
        if not self.resume:
            return None
        try:
            data = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            if data.get("format") != _FORMAT:
                return None
            audit: DocumentAudit = from_jsonable(DocumentAudit, data["audit"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        self.reused += 1
        return audit

    def save(self, key: str, audit: DocumentAudit) -> None:
        """Store one finished audit (complete file or none)."""
        payload = json.dumps({"format": _FORMAT, "audit": to_jsonable(audit)}, ensure_ascii=False)

        def write(handle: IO[bytes]) -> None:
            handle.write(payload.encode("utf-8", "surrogatepass"))

        write_atomic(self.folder / f"{key}.json", write)
        self.saved += 1
