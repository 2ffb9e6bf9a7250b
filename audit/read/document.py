"""A path (or ``-`` for standard input) becomes a Document, or an InputError that says what is
wrong with the file and what to do about it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO

from audit.errors import InputError
from audit.read.formats import DOCX_SUFFIXES, HTML_SUFFIXES, html_text
from audit.read.source import read_path, read_stream
from audit.read.text import decode, sniff_binary
from audit.read.word import docx_text
from audit.records import Document

STDIN = "-"
STDIN_NAME = "stdin"


def read_document(
    path: Path | str,
    encoding: str | None = None,
    max_chars: int = 5_000_000,
    stdin: BinaryIO | None = None,
) -> Document:
    """Read a text, Markdown, HTML or .docx file, a pipe, or standard input for ``-``.

    Offsets in every report refer to ``Document.text``: the decoded file for text and Markdown
    (a byte-order mark dropped, lone carriage returns read as ``\\n``), the extracted article
    text for HTML and .docx.
    """
    path = Path(path)
    if str(path) == STDIN:
        data = read_stream(stdin or sys.stdin.buffer, STDIN_NAME, max_chars)
        return _document(Path(STDIN_NAME), STDIN_NAME, data, encoding, max_chars)
    data = read_path(path, max_chars)
    return _document(path, str(path), data, encoding, max_chars)


def _document(
    path: Path, shown: str, data: bytes, encoding: str | None, max_chars: int
) -> Document:
    """Decode or extract, then check that there is text and that it is within the limit."""
    suffix = path.suffix.lower()
    if suffix in DOCX_SUFFIXES:
        text = docx_text(path, data, max_chars)
    elif suffix in HTML_SUFFIXES:
        sniff_binary(path, data)
        text = html_text(path, data, encoding)
    else:
        sniff_binary(path, data)
        text = decode(path, data, encoding)
    return check_document(Document(name=path.name, text=text, path=shown), max_chars)


def check_document(document: Document, max_chars: int) -> Document:
    """The document if it has text within the limit (a Document given through the API too)."""
    shown = document.path or document.name
    if not isinstance(document.text, str):
        raise InputError(
            f"{shown}: Document.text is {type(document.text).__name__}, not str; "
            "give the decoded text"
        )
    if not document.text:
        raise InputError(f"{shown}: the file is empty; give a file with the article text")
    if not document.text.strip():
        raise InputError(
            f"{shown}: the file has only whitespace; give a file with the article text"
        )
    if len(document.text) > max_chars:
        raise InputError(
            f"{shown}: {len(document.text):,} characters is over the limit of {max_chars:,}; "
            "raise it with --max-chars"
        )
    return document


def to_document(item: object, encoding: str | None, max_chars: int) -> Document:
    """A Document as given (checked), or read from a path; anything else is an InputError."""
    if isinstance(item, Document):
        return check_document(item, max_chars)
    if isinstance(item, str | Path):
        return read_document(Path(item), encoding=encoding, max_chars=max_chars)
    raise InputError(
        f"{item!r:.60}: is a {type(item).__name__}, not a path or a Document; "
        "give a file path (str or Path) or audit.Document(name, text)"
    )


def check_items(items: object, what: str = "derivatives") -> None:
    """``items`` must be a list (or tuple) of documents, not one path or one string."""
    if isinstance(items, str | bytes | Path | Document) or not isinstance(items, list | tuple):
        raise InputError(
            f"{what} must be a list of paths or Documents, not a {type(items).__name__}; "
            f"write [{items!r:.40}] for one"
        )
