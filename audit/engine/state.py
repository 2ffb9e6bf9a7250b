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

import dataclasses
import enum
import hashlib
import json
import types
import typing
from pathlib import Path
from typing import IO, Any

from audit.records import Document, DocumentAudit
from audit.report.files import write_atomic

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

    def load(self, key: str) -> DocumentAudit | None:
        """The stored audit, or None (not resuming, not stored, or unreadable: audit again)."""
        if not self.resume:
            return None
        try:
            data = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            if data.get("format") != _FORMAT:
                return None
            audit = from_jsonable(DocumentAudit, data["audit"])
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


def to_jsonable(value: Any) -> Any:
    """Records -> JSON values: dataclasses as dicts, enums as values, tuples as lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [to_jsonable(v) for v in value]
    if isinstance(value, float):
        return float(value)
    return value


def from_jsonable(kind: Any, value: Any) -> Any:
    """JSON values -> an instance of the type ``kind`` (the inverse of ``to_jsonable``)."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        options = [a for a in typing.get_args(kind) if a is not type(None)]
        return from_jsonable(options[0], value)
    if origin is tuple:
        _expect(list, value)
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_jsonable(args[0], v) for v in value)
        return tuple(from_jsonable(a, v) for a, v in zip(args, value, strict=True))
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        _expect(dict, value)
        hints = typing.get_type_hints(kind)
        fields = {f.name for f in dataclasses.fields(kind)}
        return kind(**{k: from_jsonable(hints[k], v) for k, v in value.items() if k in fields})
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind(value)
    if kind is float and isinstance(value, int):
        return float(value)
    if kind in (str, int, float, bool):
        _expect(kind, value)
    return value


def _expect(kind: type, value: Any) -> None:
    if not isinstance(value, kind):
        raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")
