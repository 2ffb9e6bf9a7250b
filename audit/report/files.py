"""Writing report files safely: complete files appear under their final name, or nothing does.

A write that fails (a read-only folder or file system, a full disk) is an OutputError naming the
folder and what to do; the temporary file is removed and earlier reports stay as they were.
``check_out`` refuses, before anything is audited, an ``--out`` that is a file or cannot be
written, and report files that would replace an input of the run.

Temporary names carry their process (``owner_tag``: host and pid), so that what a killed run
left (SIGKILL, a power cut: no Python code runs) is told from what a live run is writing:
``remove_leftovers`` removes the part files of dead processes of this host from a folder (and
the untagged ones older releases left), never a file a live run is writing.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import socket
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import IO

from audit.errors import OutputError

_TAGGED_PART = re.compile(r"^\..+\.(?P<host>\w+)-(?P<pid>\d+)\.[a-z0-9_]+\.part$", re.ASCII)
_OLD_PART = re.compile(r"^\.[A-Za-z0-9_.-]+\.(csv|xlsx|html|json|parquet)\.[a-z0-9_]{8}\.part$")
"""Part files of older releases (no owner in the name): a report's or a state file's."""

# Inside ``all_or_nothing``: the (temporary, final) paths written so far, renamed at its end.
_PENDING: ContextVar[list[tuple[Path, Path]] | None] = ContextVar("pending_reports", default=None)


def ensure_dir(out: Path) -> Path:
    """Create the output folder, or fail with a message that says what to do."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: is a file, not a folder; choose another --out")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(write_error(out, exc, "cannot create the output folder")) from None
    return out


def write_error(folder: Path, exc: OSError, what: str = "cannot write the reports") -> str:
    """The one-line message for a failed write into ``folder``."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (
            f"{folder}: {what}: no space left on the device; free some space or choose "
            "another --out (earlier reports there are unchanged)"
        )
    if exc.errno == errno.EROFS:
        return f"{folder}: {what}: the file system is read-only; choose another --out"
    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        return f"{folder}: {what}: a part of the path is a file, not a folder; choose another --out"
    reason = exc.strerror or str(exc)
    return f"{folder}: {what} ({reason}); check its permissions or choose another --out"


def check_out(out: Path, inputs: Iterable[Path], names: Iterable[str]) -> None:
    """Refuse, before the audit, an ``out`` that is a file or cannot be written, and report
    files (``names`` in ``out``) that would replace an input or where a folder stands."""
    existing = next((p for p in (out, *out.parents) if p.exists()), None)
    if existing is not None and not existing.is_dir():
        where = "" if existing == out else f" ({existing} is a file)"
        raise OutputError(f"{out}: is a file, not a folder{where}; choose another --out")
    if existing is not None and not os.access(existing, os.W_OK):
        code = errno.EROFS if os.statvfs(existing).f_flag & os.ST_RDONLY else errno.EACCES
        raise OutputError(write_error(out, OSError(code, os.strerror(code))))
    if not out.is_dir():
        return
    _probe(out)
    taken = {_identity(p): p for p in inputs if p.is_file()}
    for path in (out / name for name in names):
        if path.is_dir():
            raise OutputError(
                f"{path}: is a folder where the report {path.name} goes; "
                "move it or choose another --out"
            )
        source = taken.get(_identity(path)) if path.exists() else None
        if source is not None:
            raise OutputError(
                f"{source}: is an input of this run and the report {path.name} would replace "
                "it; choose another --out or move the input"
            )


def _probe(out: Path) -> None:
    """Create and remove a temporary file in ``out``: the folder can take files now."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=".audit-probe-", dir=out)
    except OSError as exc:
        raise OutputError(write_error(out, exc)) from None
    os.close(fd)
    Path(tmp).unlink(missing_ok=True)


def _identity(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_dev, info.st_ino


def safe_name(name: str) -> str:
    """A file-name component that can never leave the output folder."""
    cleaned = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in name)
    cleaned = cleaned.lstrip(".") or "report"
    return cleaned[:120]


def owner_tag() -> str:
    """``<host>-<pid>``: the process a temporary name belongs to (host: letters, digits, _)."""
    host = re.sub(r"[^A-Za-z0-9_]", "_", socket.gethostname())[:40] or "host"
    return f"{host}-{os.getpid()}"


def dead_owner(host: str, pid: int) -> bool:
    """Whether the process named by a tag has ended (only this host's can be known)."""
    if f"{host}-{pid}" == owner_tag() or host != owner_tag().rpartition("-")[0]:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, another user's
        return False
    return False


def remove_leftovers(folder: Path) -> int:
    """Remove the part files that killed runs left in ``folder``; how many were removed."""
    try:
        names = [entry.name for entry in os.scandir(folder) if entry.is_file(follow_symlinks=False)]
    except OSError:
        return 0
    removed = 0
    for name in names:
        tagged = _TAGGED_PART.match(name)
        if tagged and dead_owner(tagged["host"], int(tagged["pid"])) or _OLD_PART.match(name):
            try:
                (folder / name).unlink()
                removed += 1
            except OSError:
                pass
    return removed


def remove_dead_folders(parent: Path, prefix: str) -> int:
    """Remove this user's folders ``<prefix><host>-<pid>-*`` in ``parent`` whose process has
    ended (``audit-parts-`` in TMPDIR); how many were removed."""
    pattern = re.compile(re.escape(prefix) + r"(?P<host>\w+)-(?P<pid>\d+)-[a-z0-9_]+$", re.ASCII)
    removed = 0
    try:
        entries = [e for e in os.scandir(parent) if e.name.startswith(prefix)]
    except OSError:
        return 0
    for entry in entries:
        found = pattern.match(entry.name)
        if not found or not entry.is_dir(follow_symlinks=False):
            continue
        if entry.stat(follow_symlinks=False).st_uid != os.getuid():
            continue
        if dead_owner(found["host"], int(found["pid"])):
            shutil.rmtree(entry.path, ignore_errors=True)
            removed += 1
    return removed


def _umask() -> int:
    """The process umask (read by setting it, then restoring it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, write: Callable[[IO[bytes]], None]) -> Path:
    """Write through a temporary file in the same folder, then rename it into place."""
    ensure_dir(path.parent)
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f".{path.name}.{owner_tag()}.", suffix=".part", dir=path.parent
        )
    except OSError as exc:
        raise OutputError(write_error(path.parent, exc)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; reports get the usual mode
        pending = _PENDING.get()
        if pending is None:
            os.replace(tmp, path)
        else:
            pending.append((Path(tmp), path))
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(write_error(path.parent, exc)) from None
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
    for k, (tmp, path) in enumerate(pending):
        try:
            os.replace(tmp, path)
        except OSError as exc:  # e.g. a folder where a report goes: the rest are not renamed
            for left, _ in pending[k:]:
                left.unlink(missing_ok=True)
            raise OutputError(write_error(path.parent, exc)) from None
