"""CSV reports: UTF-8 with BOM, every text field quoted, formula-like cells neutralised, and
bidirectional controls closed inside their field (``audit.report.bidi``).

Every text field is quoted (RFC 4180 allows it), so no separator a spreadsheet may pick on import
(comma, semicolon, tab, space) can split a cell: an explanation "…; delete it." stays one cell.
Numbers are written bare, missing values as an empty field. The columns and rows come from the
report tables (``audit.report.frames``), the same ones the XLSX and Parquet writers read.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from audit.report.bidi import closed
from audit.report.files import write_atomic
from audit.report.frames import TABLES, Table

if TYPE_CHECKING:
    from audit.report.parts import Parts

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe.

    Also text whose first character becomes one of ``FORMULA_PREFIXES`` under NFKC (the
    fullwidth ``＝`` U+FF1D, ``＋``, ``－``, ``＠``, small and superscript forms): LibreOffice
    Calc keeps them as text (tests/report/test_calc.py), Excel could not be checked, and any
    program that normalises its input on the way (NFKC is common) would make a formula of them.
    """
    if isinstance(value, str) and value and _formula_like(value[0]):
        return "'" + value
    return value


def _formula_like(first: str) -> bool:
    if first.isascii():
        return first in FORMULA_PREFIXES
    return unicodedata.normalize("NFKC", first).startswith(FORMULA_PREFIXES)


def field(value: Any) -> str:
    """One CSV field: text quoted (inner quotes doubled), numbers bare, None empty."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return '"' + closed(str(neutralise(str(value)))).replace('"', '""') + '"'
    return repr(value) if isinstance(value, float) else str(value)


def line(values: Iterable[Any]) -> str:
    """One CSV record and its line end."""
    return ",".join(field(value) for value in values) + "\r\n"


def merge_table(parts: Parts, table: Table, out: Path) -> Path:
    """One table as a CSV file, partition by partition, written atomically."""

    def write(handle: IO[bytes]) -> None:
        handle.write(line(table.names).encode("utf-8-sig"))
        for rows in parts.rows(table):
            handle.write("".join(line(row.values()) for row in rows).encode("utf-8"))

    return write_atomic(out / f"{table.name}.csv", write)


def merge_csv(parts: Parts, out: Path) -> list[Path]:
    """findings.csv, alignment.csv and summary.csv in ``out``, from a run's parts."""
    return [merge_table(parts, table, out) for table in TABLES]
