"""Parquet reports (``--format parquet``): one file per table, for programs and pandas.

``findings.parquet``, ``alignment.parquet`` and ``summary.parquet`` hold the same rows and
columns as the CSV files (``audit.report.rows``), typed (numbers stay numbers, empty cells are
nulls) and never formula-neutralised: a Parquet file is not opened by a spreadsheet. pyarrow is
imported only when a Parquet report is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import IO

from audit.records import BatchResult
from audit.report import rows
from audit.report.files import write_atomic
from audit.report.rows import Row


def write_table(path: Path, columns: Sequence[str], table_rows: Sequence[Row]) -> Path:
    """One Parquet file (zstd), written atomically; a column of only empty cells is text."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrays = {}
    for column in columns:
        values = [row.get(column) for row in table_rows]
        kind = pa.string() if all(v is None for v in values) else None
        arrays[column] = pa.array(values, type=kind)
    table = pa.table(arrays)

    def write(handle: IO[bytes]) -> None:
        pq.write_table(table, handle, compression="zstd")

    return write_atomic(path, write)


TABLES = (
    ("findings", rows.FINDING_COLUMNS, rows.finding_rows),
    ("alignment", rows.ALIGNMENT_COLUMNS, rows.alignment_rows),
    ("summary", rows.SUMMARY_COLUMNS, rows.summary_rows),
)


def write_parquet(batch: BatchResult, out: Path) -> list[Path]:
    """findings.parquet, alignment.parquet and summary.parquet in ``out``."""
    return [write_table(out / f"{name}.parquet", cols, make(batch)) for name, cols, make in TABLES]
