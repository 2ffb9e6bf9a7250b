"""Batch manifests: a CSV of ``reference,derivative`` rows.

A manifest that cannot be read, or lacks the two columns, is an InputError (nothing can be
audited). A row that cannot be audited (a column left empty, a repeat of an earlier row) is a
problem of that row only: it becomes an error row of the report and every other row is audited.
Rows whose cells are all empty (spreadsheet exports end with them) are skipped.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from audit.errors import InputError
from audit.read.document import read_bytes
from audit.read.text import decode, sniff_binary

COLUMNS = ("reference", "derivative")


@dataclass(frozen=True)
class ManifestRow:
    """One ``reference,derivative`` row; paths resolved against the manifest's folder."""

    line: int
    reference: Path
    derivative: Path


@dataclass(frozen=True)
class ManifestProblem:
    """A row that cannot be audited: its line and the one-line message."""

    line: int
    message: str


def read_manifest(
    path: Path, encoding: str | None = None, max_chars: int = 5_000_000
) -> tuple[list[ManifestRow], list[ManifestProblem]]:
    """Rows to audit, in order, and the problems of rows that cannot be audited."""
    data = read_bytes(path, max_chars)
    sniff_binary(path, data)
    text = decode(path, data, encoding)
    if not text.strip():
        raise InputError(
            f"{path}: the manifest is empty; give a reference,derivative header and rows"
        )
    reader = csv.DictReader(io.StringIO(text, newline=""))
    found = [(c or "").strip().lower() for c in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in found]
    if missing:
        raise InputError(
            f"{path}: the manifest has no {' or '.join(missing)} column "
            f"(header: {','.join(found) or 'none'}); its first row must be reference,derivative"
        )
    reader.fieldnames = found
    rows, problems = _rows(path, reader)
    if not rows and not problems:
        raise InputError(f"{path}: the manifest has no rows; add reference,derivative rows")
    return rows, problems


def _rows(path: Path, reader: csv.DictReader) -> tuple[list[ManifestRow], list[ManifestProblem]]:
    """Each record becomes a row, a problem, or nothing (all cells empty)."""
    rows: list[ManifestRow] = []
    problems: list[ManifestProblem] = []
    first_line: dict[tuple[Path, Path], int] = {}
    for record in reader:
        line = reader.line_num
        if not any(v.strip() for v in record.values() if isinstance(v, str)):
            continue
        ref = (record.get("reference") or "").strip()
        der = (record.get("derivative") or "").strip()
        if not ref or not der:
            empty = "reference" if not ref else "derivative"
            message = f"the {empty} column is empty; give both a reference and a derivative"
            problems.append(ManifestProblem(line, f"{path}:{line}: {message}"))
            continue
        row = ManifestRow(line, _resolve(path, ref), _resolve(path, der))
        key = (row.reference.resolve(), row.derivative.resolve())
        if key in first_line:
            message = f"repeats line {first_line[key]}; the pair is audited once, remove this row"
            problems.append(ManifestProblem(line, f"{path}:{line}: {message}"))
            continue
        first_line[key] = line
        rows.append(row)
    return rows, problems


def _resolve(manifest: Path, value: str) -> Path:
    """Relative paths are relative to the manifest's folder; absolute paths stay as they are."""
    candidate = Path(value).expanduser()
    return candidate if candidate.is_absolute() else manifest.parent / candidate
