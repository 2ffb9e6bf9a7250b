"""CSV reports: UTF-8 with BOM, every text field quoted, formula-like cells neutralised.

Every text field is quoted (RFC 4180 allows it), so no separator a spreadsheet may pick on import
(comma, semicolon, tab, space) can split a cell: an explanation "…; delete it." stays one cell.
Numbers are written bare, missing values as an empty field. The columns and rows come from the
report tables (``audit.report.frames``), the same ones the XLSX and Parquet writers read.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from audit.records import BatchResult
from audit.report.files import write_atomic
from audit.report.frames import TABLES, Table, table_rows

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def field(value: Any) -> str:
    """One CSV field: text quoted (inner quotes doubled), numbers bare, None empty."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return '"' + str(neutralise(str(value))).replace('"', '""') + '"'
    return repr(value) if isinstance(value, float) else str(value)


def write_table(path: Path, table: Table, batch: BatchResult) -> Path:
    """One table as a CSV file, written atomically."""
    rows = table_rows(table, batch)

    def write(handle: IO[bytes]) -> None:
        lines = [",".join(field(name) for name in table.names)]
        lines += [",".join(field(row[name]) for name in table.names) for row in rows]
        handle.write(("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))

    return write_atomic(path, write)


def write_csv(batch: BatchResult, out: Path) -> list[Path]:
    """findings.csv, alignment.csv and summary.csv in ``out``."""
    return [write_table(out / f"{table.name}.csv", table, batch) for table in TABLES]
