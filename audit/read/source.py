"""Bytes from a path or a stream, in bounded time and memory.

Decisions (see README, "Input and errors"):

- A regular file larger than the limit is refused from its size, before it is read.
- A device (``/dev/zero``, ``/dev/urandom``, a terminal) or a socket is refused: it is no file
  of text, and a device can be endless.
- A pipe (a named FIFO, or ``<(command)``) is read as it comes, up to the limit; when nothing
  arrives for ``PIPE_WAIT_SECONDS`` (no writer has opened a FIFO, or the writer stalls) it is
  refused, so a FIFO nobody writes to never blocks the run.
- Standard input is read up to the limit; more than that is refused.
- A symbolic link loop, a missing file and an unreadable one each get their own message.
- A regular file under ``/proc`` or ``/sys`` (links followed) is refused: it is the kernel's
  state, not a document (its size says 0 or 4096 whatever it holds). ``/dev`` holds devices
  (refused above) and pipes (``<(command)`` is ``/dev/fd/N``), which are read. A manifest row
  never reads any of the three (``audit.read.manifest``).
"""

from __future__ import annotations

import errno
import os
import select
import stat
from pathlib import Path
from typing import BinaryIO

from audit.errors import InputError

# UTF-8 needs at most 4 bytes a character: more bytes than this per allowed character is over
# the limit whatever they hold.
MAX_BYTES_PER_CHAR = 4
PIPE_WAIT_SECONDS = 10.0
_CHUNK = 1 << 16
SYSTEM_FOLDERS = ("/proc", "/sys", "/dev")
"""Kernel and device trees: never a document (see the module's text)."""


def byte_limit(max_chars: int) -> int:
    """The most bytes a document of ``max_chars`` characters can take."""
    return max_chars * MAX_BYTES_PER_CHAR


def read_path(path: Path, max_chars: int, wait: float | None = None) -> bytes:
    """The bytes of a regular file or a pipe; anything else is an InputError."""
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise InputError(f"{path}: is a directory; give a text file")
        if stat.S_ISREG(mode):
            _refuse_system_file(path)
            return _regular(path, os.stat(path).st_size, max_chars)
        if stat.S_ISFIFO(mode):
            return _pipe(path, max_chars, PIPE_WAIT_SECONDS if wait is None else wait)
        raise InputError(f"{path}: is {_kind(mode)}, not a regular file; give a text file")
    except OSError as exc:
        raise InputError(_os_message(path, exc)) from None


def read_stream(stream: BinaryIO, name: str, max_chars: int) -> bytes:
    """Standard input (or any stream) up to the limit; more than that is refused."""
    limit = byte_limit(max_chars)
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(_over(name, f"more than {limit:,} bytes", max_chars))
    return data


def system_folder(path: Path) -> str | None:
    """``/proc``, ``/sys`` or ``/dev`` when ``path`` (links followed) lies in one, else None."""
    real = os.path.realpath(path)
    return next((top for top in SYSTEM_FOLDERS if real == top or real.startswith(top + "/")), None)


def _refuse_system_file(path: Path) -> None:
    top = system_folder(path)
    if top in ("/proc", "/sys"):
        raise InputError(f"{path}: is a system file ({top}), not a document; give a text file")


def _regular(path: Path, size: int, max_chars: int) -> bytes:
    if size > byte_limit(max_chars):
        raise InputError(_over(str(path), f"{size:,} bytes", max_chars))
    with path.open("rb") as handle:  # read no more than the limit if the file grows meanwhile
        data = handle.read(byte_limit(max_chars) + 1)
    if len(data) > byte_limit(max_chars):
        raise InputError(_over(str(path), f"more than {byte_limit(max_chars):,} bytes", max_chars))
    return data


def _pipe(path: Path, max_chars: int, wait: float) -> bytes:
    """A FIFO read without blocking: chunks as they come, each within ``wait`` seconds."""
    limit = byte_limit(max_chars)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        chunks: list[bytes] = []
        total = 0
        while True:
            if not poller.poll(wait * 1000):
                raise InputError(
                    f"{path}: is a named pipe and nothing was written to it for {wait:g} s; "
                    "start the program that writes it first, or give a regular file"
                )
            chunk = os.read(fd, _CHUNK)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise InputError(_over(str(path), f"more than {limit:,} bytes", max_chars))
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    if stat.S_ISCHR(mode):
        return "a device"
    if stat.S_ISBLK(mode):
        return "a disk device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _over(name: str, size: str, max_chars: int) -> str:
    return (
        f"{name}: {size} is over the limit of {max_chars:,} characters; raise it with --max-chars"
    )


def _os_message(path: Path, exc: OSError) -> str:
    """The message for a path that cannot be opened or read."""
    if exc.errno == errno.ENOENT:
        if path.is_symlink():
            target = os.readlink(path)
            return f"{path}: is a symbolic link to a missing file ({target}); fix the link"
        return f"{path}: no such file; check the path"
    if exc.errno == errno.ELOOP:
        return f"{path}: is a symbolic link loop; fix the link or give the file itself"
    if exc.errno == errno.ENOTDIR:
        return f"{path}: no such file (a part of the path is not a folder); check the path"
    if exc.errno == errno.ENAMETOOLONG:
        return f"{path}: the file name is too long; check the path"
    return f"{path}: cannot be read ({exc.strerror}); check its permissions"
