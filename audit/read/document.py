"""A path (or ``-`` for standard input) becomes a Document, or an InputError that says what is
wrong with the file and what to do about it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO

from audit.errors import InputError
from audit.read.formats import DOCX_SUFFIXES, HTML_SUFFIXES, docx_text, html_text
from audit.read.text import decode, sniff_binary
from audit.records import Document

STDIN = "-"
STDIN_NAME = "stdin"
# UTF-8 needs at most 4 bytes a character: a file larger than this many bytes per allowed
# character is over the limit whatever it holds, and is refused before it is read.
_MAX_BYTES_PER_CHAR = 4


def read_document(
    path: Path | str,
    encoding: str | None = None,
    max_chars: int = 5_000_000,
    stdin: BinaryIO | None = None,
) -> Document:
    """Read a text, Markdown, HTML or .docx file, or standard input for ``-``.

    Offsets in every report refer to ``Document.text``: the decoded file for text and Markdown
    (a byte-order mark dropped), the extracted article text for HTML and .docx.
    """
    path = Path(path)
    if str(path) == STDIN:
        data = (stdin or sys.stdin.buffer).read()
        return _document(Path(STDIN_NAME), STDIN_NAME, data, encoding, max_chars)
    data = read_bytes(path, max_chars)
    return _document(path, str(path), data, encoding, max_chars)


def _document(
    path: Path, shown: str, data: bytes, encoding: str | None, max_chars: int
) -> Document:
    """Decode or extract, then check that there is text and that it is within the limit."""
    suffix = path.suffix.lower()
    if suffix in DOCX_SUFFIXES:
        text = docx_text(path, data)
    elif suffix in HTML_SUFFIXES:
        sniff_binary(path, data)
        text = html_text(path, data, encoding)
    else:
        sniff_binary(path, data)
        text = decode(path, data, encoding)
    if not text:
        raise InputError(f"{path}: the file is empty; give a file with the article text")
    if not text.strip():
        raise InputError(f"{path}: the file has only whitespace; give a file with the article text")
    if len(text) > max_chars:
        raise InputError(
            f"{path}: {len(text):,} characters is over the limit of {max_chars:,}; "
            "raise it with --max-chars"
        )
    return Document(name=path.name, text=text, path=shown)


def read_bytes(path: Path, max_chars: int) -> bytes:
    """The file's bytes; missing, directory, unreadable and far-too-large files are refused."""
    try:
        if not path.exists():
            raise InputError(f"{path}: no such file; check the path")
        if path.is_dir():
            raise InputError(f"{path}: is a directory; give a text file")
        size = path.stat().st_size
        if size > max_chars * _MAX_BYTES_PER_CHAR:
            raise InputError(
                f"{path}: {size:,} bytes is over the limit of {max_chars:,} characters; "
                "raise it with --max-chars"
            )
        return path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"{path}: cannot be read ({exc.strerror}); check its permissions"
        ) from None
