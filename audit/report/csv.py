"""CSV reports: UTF-8 with BOM, RFC 4180 quoting, formula-like cells neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from audit.records import BatchResult
from audit.report.files import write_atomic
from audit.report.rows import (
    ALIGNMENT_COLUMNS,
    FINDING_COLUMNS,
    SUMMARY_COLUMNS,
    Row,
    alignment_rows,
    finding_rows,
    summary_rows,
)

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_table(path: Path, columns: Sequence[str], rows: Sequence[Row]) -> Path:
    """One CSV file, written atomically."""

    def write(handle: IO[bytes]) -> None:
        text = io.StringIO(newline="")
        writer = csv.writer(text, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row.get(c) is None else neutralise(row.get(c)) for c in columns])
        handle.write(text.getvalue().encode("utf-8-sig"))

    return write_atomic(path, write)


def write_csv(batch: BatchResult, out: Path) -> list[Path]:
    """findings.csv, alignment.csv and summary.csv in ``out``."""
    return [
        write_table(out / "findings.csv", FINDING_COLUMNS, finding_rows(batch)),
        write_table(out / "alignment.csv", ALIGNMENT_COLUMNS, alignment_rows(batch)),
        write_table(out / "summary.csv", SUMMARY_COLUMNS, summary_rows(batch)),
    ]
