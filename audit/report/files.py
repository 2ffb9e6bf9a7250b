"""Writing report files safely: complete files appear under their final name, or nothing does."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from audit.errors import AuditError


def ensure_dir(out: Path) -> Path:
    """Create the output folder, or fail with a message that says what to do."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AuditError(f"{out}: cannot create the output folder ({exc.strerror}); "
                         "choose another --out") from None
    return out


def safe_name(name: str) -> str:
    """A file-name component that can never leave the output folder."""
    cleaned = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in name)
    cleaned = cleaned.lstrip(".") or "report"
    return cleaned[:120]


def write_atomic(path: Path, write: Callable[[IO[bytes]], None]) -> Path:
    """Write through a temporary file in the same folder, then rename it into place."""
    ensure_dir(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
