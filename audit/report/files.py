"""Writing report files safely: complete files appear under their final name, or nothing does."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import IO

from audit.errors import AuditError

# Inside ``all_or_nothing``: the (temporary, final) paths written so far, renamed at its end.
_PENDING: ContextVar[list[tuple[Path, Path]] | None] = ContextVar("pending_reports", default=None)


def ensure_dir(out: Path) -> Path:
    """Create the output folder, or fail with a message that says what to do."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AuditError(
            f"{out}: cannot create the output folder ({exc.strerror}); choose another --out"
        ) from None
    return out


def safe_name(name: str) -> str:
    """A file-name component that can never leave the output folder."""
    cleaned = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in name)
    cleaned = cleaned.lstrip(".") or "report"
    return cleaned[:120]


def _umask() -> int:
    """The process umask (read by setting it, then restoring it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, write: Callable[[IO[bytes]], None]) -> Path:
    """Write through a temporary file in the same folder, then rename it into place."""
    ensure_dir(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; reports get the usual mode
        pending = _PENDING.get()
        if pending is None:
            os.replace(tmp, path)
        else:
            pending.append((Path(tmp), path))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


@contextmanager
def all_or_nothing() -> Iterator[None]:
    """Files written with ``write_atomic`` inside appear together when the block completes.

    Each stays under its hidden temporary name until the end, when all are renamed into place
    (a few microseconds); if the block fails or is interrupted they are removed. An interrupted
    run therefore never leaves new reports of one format beside old ones of another.
    """
    pending: list[tuple[Path, Path]] = []
    token = _PENDING.set(pending)
    try:
        yield
    except BaseException:
        for tmp, _ in pending:
            tmp.unlink(missing_ok=True)
        raise
    finally:
        _PENDING.reset(token)
    for tmp, path in pending:
        os.replace(tmp, path)
