"""Bytes to text: refuse binary files, honour byte-order marks, and explain encodings.

Decisions (see README, "Input and errors"):

- UTF-8 is the default; a UTF-8 byte-order mark is dropped.
- UTF-16 and UTF-32 are recognised by their byte-order mark (and UTF-16 without one by its
  pattern of zero bytes) and decoded.
- ``--encoding`` names the encoding of files that are not UTF-8; UTF-8 files are still read as
  UTF-8, so one option serves a batch of mixed files.
- A file that is UTF-8 but for a few bytes (at least as many valid UTF-8 characters beyond
  ASCII as bad bytes: a stray cp1252 quote pasted into a UTF-8 file) is refused with the line
  and column of the first bad byte, even with ``--encoding``: decoding it all as another
  encoding would garble every valid character.
- Without ``--encoding``, any other non-UTF-8 text is refused with the position of the first
  bad byte and the ``--encoding`` to pass. A single-byte encoding cannot be told from another
  one reliably (cp1252 and cp1251 decode the same bytes to curly quotes or Cyrillic), and a
  silent wrong guess would change names and numbers in the audit, so the tool names its best
  guess and lets the user confirm it.
- A NUL byte anywhere (outside UTF-16/32) makes the file binary.
- A lone carriage return (old Mac line ends) is read as a line end: it becomes ``\\n``, the same
  length, so offsets are unchanged and findings get their own line numbers.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from audit.errors import InputError

# (magic bytes, what the file is, what to do); checked in order, at the start of the file.
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "a PDF file, not text", "export its text (e.g. pdftotext) and give the .txt file"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image, not text", "give the article as a text file"),
    (b"\xff\xd8\xff", "a JPEG image, not text", "give the article as a text file"),
    (b"GIF8", "a GIF image, not text", "give the article as a text file"),
    (b"PK\x03\x04", "a ZIP archive, not text", "unpack it, or name a Word file .docx"),
    (b"PK\x05\x06", "a ZIP archive, not text", "unpack it, or name a Word file .docx"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old Office (.doc/.xls) file, not text",
        "save it as .docx or .txt",
    ),
    (b"\x1f\x8b", "a gzip archive, not text", "decompress it first"),
    (b"\x7fELF", "a program, not text", "give the article as a text file"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SNIFF_BYTES = 8192
_BINARY_FIX = "give the article as .txt, .md, .html or .docx"
# cp1252 bytes that are typical of Windows text (curly quotes, dashes, ellipsis, euro).
_CP1252_MARKS = frozenset(b"\x80\x85\x91\x92\x93\x94\x96\x97")
_LONE_CR = re.compile(r"\r(?!\n)")
_ESCAPED = re.compile("[\udc80-\udcff]")  # bytes that are not UTF-8, under surrogateescape
_BEYOND_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")


def sniff_binary(path: Path, data: bytes, fix: str | None = None) -> None:
    """Raise InputError if the bytes start like a known binary format (``fix``: the advice,
    when the file should be something other than an article)."""
    for magic, what, advice in _SIGNATURES:
        if data.startswith(magic):
            raise InputError(f"{path}: is {what}; {fix or advice}")


def decode(path: Path, data: bytes, encoding: str | None = None, fix: str | None = None) -> str:
    """Decode file bytes to text (see the module docstring for the rules).

    ``encoding`` is used for text that is not UTF-8 (nor UTF-16/32 with a byte-order mark), so
    one ``--encoding`` serves a batch that mixes UTF-8 files with files from another system.
    ``fix`` is the advice for a binary file, when it should be something other than an article.
    """
    if encoding:
        _check_codec(path, encoding)
    return lone_cr_as_lf(_decoded(path, data, encoding, fix or _BINARY_FIX))


def _decoded(path: Path, data: bytes, encoding: str | None, fix: str) -> str:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _decode_as(path, data, name)
    guessed = _bomless_utf16(data)
    if guessed:
        return _decode_as(path, data, guessed)
    if b"\x00" in data:
        if encoding and codecs.lookup(encoding).name.startswith(("utf-16", "utf-32")):
            return _decode_as(path, data, encoding)
        raise InputError(f"{path}: is a binary file, not text; {fix}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        _refuse_nearly_utf8(path, data, exc.start)
        if encoding:
            return _decode_as(path, data, encoding)
        raise InputError(_not_utf8(path, data, exc.start)) from None


def lone_cr_as_lf(text: str) -> str:
    """Lone carriage returns (old Mac line ends) as ``\\n``: same length, offsets unchanged."""
    return _LONE_CR.sub("\n", text) if "\r" in text else text


def _check_codec(path: Path, encoding: str) -> None:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(
            f"{path}: unknown encoding {encoding!r}; pass a Python codec name such as cp1252"
        ) from None


def _decode_as(path: Path, data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: is not valid {encoding} ({_where(data, exc.start)}); "
            "pass the right --encoding"
        ) from None
    return text.removeprefix("\ufeff")


def _bomless_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when every other byte of the start is zero (ASCII-range UTF-16)."""
    head = data[: min(len(data), _SNIFF_BYTES)]
    if len(head) < 4 or len(head) % 2:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _not_utf8(path: Path, data: bytes, position: int) -> str:
    """The message for non-UTF-8 bytes: where, and which --encoding to pass."""
    where = _where(data, position)
    if _looks_cp1252(data):
        return (
            f"{path}: is not UTF-8 ({where}); it looks like Windows cp1252 text: "
            "pass --encoding cp1252 or convert the file to UTF-8"
        )
    return (
        f"{path}: is not UTF-8 ({where}); pass its encoding with --encoding "
        "(e.g. cp1252, latin-1, cp1251) or convert the file to UTF-8"
    )


def _looks_cp1252(data: bytes) -> bool:
    """cp1252 decodes the bytes and they contain its typical quotes, dashes or accented letters."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    high = [b for b in data if b >= 0x80]
    letters = sum(ch.isalpha() for ch in text)
    if len(high) > 0.3 * max(letters, 1):  # mostly non-ASCII: another alphabet (e.g. cp1251)
        return False
    if set(high) & _CP1252_MARKS:
        return True
    return all(
        ch.isalpha() or ch in "\xa0\xab\xbb\xb0\xa3\xa7\xb4" for ch in text if ord(ch) >= 0x80
    )


def _refuse_nearly_utf8(path: Path, data: bytes, position: int) -> None:
    """Refuse a file that is UTF-8 but for a few bytes, naming the first one and the fix."""
    text = data.decode("utf-8", errors="surrogateescape")
    bad = len(_ESCAPED.findall(text))
    if len(_BEYOND_ASCII.findall(text)) < bad:
        return
    byte = data[position]
    try:
        shown = f" ({bytes([byte]).decode('cp1252')} in cp1252)"
    except UnicodeDecodeError:
        shown = ""
    count = f"{bad} byte" if bad == 1 else f"{bad} bytes"
    raise InputError(
        f"{path}: is UTF-8 but for {count}: the first, {_where(data, position)}{shown}; "
        "retype that character or save the file again as UTF-8 (--encoding would garble the "
        "UTF-8 characters)"
    )


def _where(data: bytes, position: int) -> str:
    """``byte 0x93 at line 10, column 5``: line ends are \\n, \\r\\n or a lone \\r; the
    column counts characters (as UTF-8, bad bytes one each) from 1."""
    head = data[:position]
    line = head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1
    start = max(head.rfind(b"\n"), head.rfind(b"\r")) + 1
    column = len(head[start:].decode("utf-8", errors="replace")) + 1
    return f"byte 0x{data[position]:02x} at line {line}, column {column}"
