"""Batch manifests: a CSV of ``reference,derivative`` rows.

A manifest that cannot be read, is not CSV (an unclosed quote), lacks one of the two columns
or has one twice, is an InputError (nothing can be
audited). A row that cannot be audited (a column left empty, a repeat of an earlier row) is a
problem of that row only: it becomes an error row of the report and every other row is audited.
Rows whose cells are all empty (spreadsheet exports end with them) are skipped.

A manifest is often written by someone else, so it reads only files under one folder, its
``root``: the manifest's own folder unless ``audit batch --root FOLDER`` names another. A path
that leads outside it (absolute, ``..`` or a symbolic link, followed) is a problem of its row,
whose message names ``--root``; a path in ``/proc``, ``/sys`` or ``/dev`` is never read,
whatever the root. Otherwise a manifest row ``/etc/shadow`` would put that file's lines into
every report.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from pathlib import Path

from audit.errors import InputError
from audit.read.source import read_path, system_folder
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
    path: Path, encoding: str | None = None, max_chars: int = 5_000_000, root: Path | None = None
) -> tuple[list[ManifestRow], list[ManifestProblem]]:
    """Rows to audit, in order, and the problems of rows that cannot be audited (among them
    rows naming a file outside ``root``: the manifest's folder when None)."""
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
    rows, problems = _rows(path, cells, _Root.of(path, root))
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


@dataclass(frozen=True)
class _Root:
    """The folder a manifest's files must lie under, and how a message names it."""

    real: str
    """Its path with every link followed."""
    shown: str

    @classmethod
    def of(cls, manifest: Path, root: Path | None) -> _Root:
        if root is None:
            real = os.path.realpath(manifest.parent)
            return cls(real, f"the manifest's folder ({real})")
        return cls(os.path.realpath(root), f"--root {root}")

    def problem(self, column: str, value: str, path: Path) -> str | None:
        """Why the file of this cell is not read, or None when it lies under the root."""
        top = system_folder(path)
        if top is not None:
            return (
                f"the {column} {value} lies in {top}; a manifest never reads /proc, /sys or "
                "/dev, whatever --root says: give the path of a document"
            )
        real = os.path.realpath(path)
        if os.path.commonpath([real, self.real]) == self.real:
            return None
        leads = "" if os.path.normpath(os.path.abspath(path)) == real else f" (a link to {real})"
        return (
            f"the {column} {value}{leads} is outside {self.shown}; move it there, or pass "
            "--root FOLDER with a folder that holds every file the manifest names"
        )


def _rows(
    path: Path, records: list[tuple[int, dict[str, str]]], root: _Root
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
        outside = root.problem("reference", ref, row.reference) or root.problem(
            "derivative", der, row.derivative
        )
        if outside:
            problems.append(ManifestProblem(line, f"{path}:{line}: {outside}"))
            continue
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
