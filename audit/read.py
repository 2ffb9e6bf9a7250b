"""Reading: a path becomes a Document, or an InputError that says what is wrong and what to do."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from audit.errors import InputError
from audit.records import Document

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}


def read_document(path: Path, encoding: str | None = None, max_chars: int = 5_000_000) -> Document:
    """Read a plain-text or Markdown file; offsets later refer to the text returned here.

    A UTF-8 byte-order mark is dropped (it is not part of the text a reader sees).
    """
    data = _read_bytes(path)
    text = _decode(path, data, encoding)
    if not text.strip():
        raise InputError(f"{path}: the file is empty; give a file with the article text")
    if len(text) > max_chars:
        raise InputError(
            f"{path}: {len(text):,} characters is over the limit of {max_chars:,}; "
            "raise it with --max-chars"
        )
    return Document(name=path.name, text=text, path=str(path))


def _read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise InputError(f"{path}: no such file; check the path")
    if path.is_dir():
        raise InputError(f"{path}: is a directory; give a text file")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror}); check its permissions") from None


def _decode(path: Path, data: bytes, encoding: str | None) -> str:
    if encoding:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: cannot be decoded as {encoding} ({exc})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(
            f"{path}: is not UTF-8 text; convert it or pass --encoding (e.g. cp1252)"
        ) from None


@dataclass(frozen=True)
class ManifestRow:
    """One ``reference,derivative`` row; paths resolved against the manifest's folder."""

    line: int
    reference: Path
    derivative: Path


def read_manifest(path: Path) -> tuple[list[ManifestRow], list[tuple[int, str]]]:
    """Rows to audit and (line, message) problems of rows that cannot be audited.

    A manifest that cannot be read at all, or lacks the two columns, raises InputError.
    """
    text = _decode(path, _read_bytes(path), None)
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip().lower() for c in reader.fieldnames or []]
    if "reference" not in columns or "derivative" not in columns:
        raise InputError(
            f"{path}: the manifest needs a header row with columns reference,derivative"
        )
    reader.fieldnames = columns
    rows: list[ManifestRow] = []
    problems: list[tuple[int, str]] = []
    seen: set[tuple[Path, Path]] = set()
    for number, record in enumerate(reader, start=2):
        ref = (record.get("reference") or "").strip()
        der = (record.get("derivative") or "").strip()
        if not ref and not der:
            continue
        if not ref or not der:
            problems.append((number, f"{path}:{number}: row needs both a reference and a derivative"))
            continue
        row = ManifestRow(number, _resolve(path, ref), _resolve(path, der))
        if (row.reference, row.derivative) in seen:
            continue
        seen.add((row.reference, row.derivative))
        rows.append(row)
    return rows, problems


def _resolve(manifest: Path, value: str) -> Path:
    candidate = Path(value).expanduser()
    return candidate if candidate.is_absolute() else manifest.parent / candidate
