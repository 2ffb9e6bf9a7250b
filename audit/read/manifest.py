"""Batch manifests: a CSV of ``reference,derivative`` rows.

A manifest that cannot be read, is not CSV (an unclosed quote), lacks one of the two columns
or has one twice, is an InputError (nothing can be
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
from audit.read.source import read_path
from audit.read.text import decode, sniff_binary

COLUMNS = ("reference", "derivative")
MANIFEST_FIX = "give the manifest as a CSV file of reference,derivative rows"


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
    data = read_path(path, max_chars)
    sniff_binary(path, data, MANIFEST_FIX)
    text = decode(path, data, encoding, MANIFEST_FIX)
    if not text.strip():
        raise InputError(
            f"{path}: the manifest is empty; give a reference,derivative header and rows"
        )
    records = _records(path, text)
    header = _header(path, records[0][1])
    cells = [(line, dict(zip(header, r, strict=False))) for line, r in records[1:]]
    rows, problems = _rows(path, cells)
    if not rows and not problems:
        raise InputError(f"{path}: the manifest has no rows; add reference,derivative rows")
    return rows, problems


def _records(path: Path, text: str) -> list[tuple[int, list[str]]]:
    """The CSV records with the line each starts on; an unclosed quote is an InputError."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for record in reader:
            records.append((start, record))
            start = reader.line_num + 1
    except csv.Error as exc:
        if "end of data" in str(exc):
            raise InputError(
                f"{path}:{start}: a quote opened on this line is never closed; "
                'close it (a path with a comma is written "a,b.txt") or remove it'
            ) from None
        raise InputError(f"{path}:{start}: not valid CSV ({exc}); fix the row") from None
    return records


def _header(path: Path, cells: list[str]) -> list[str]:
    """The column names, lower-cased; the two columns must each be there once."""
    found = [c.strip().lower() for c in cells]
    shown = ",".join(found) or "none"
    missing = [c for c in COLUMNS if c not in found]
    if missing:
        raise InputError(
            f"{path}: the manifest has no {' or '.join(missing)} column "
            f"(header: {shown}); its first row must be reference,derivative"
        )
    twice = [c for c in COLUMNS if found.count(c) > 1]
    if twice:
        raise InputError(
            f"{path}: the manifest has {' and '.join(twice)} twice (header: {shown}); "
            "give one reference and one derivative column, one row per pair"
        )
    return found


def _rows(
    path: Path, records: list[tuple[int, dict[str, str]]]
) -> tuple[list[ManifestRow], list[ManifestProblem]]:
    """Each record becomes a row, a problem, or nothing (all cells empty)."""
    rows: list[ManifestRow] = []
    problems: list[ManifestProblem] = []
    first_line: dict[tuple[Path, Path], int] = {}
    for line, record in records:
        if not any(v.strip() for v in record.values()):
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
