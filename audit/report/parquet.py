"""Parquet reports (``--format parquet``): one file per table, for programs and pandas.

``findings.parquet``, ``alignment.parquet`` and ``summary.parquet`` hold the same rows and
columns as the CSV files, from the one definition of the report tables (``audit.report.frames``),
typed by each column's kind (numbers stay numbers, empty cells are nulls, categories are
dictionary-encoded text) and never formula-neutralised: a Parquet file is not opened by a
spreadsheet. pyarrow is imported only when a Parquet report is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from audit.records import BatchResult
from audit.report.files import write_atomic
from audit.report.frames import TABLES, Column, Table, table_rows


def _array(column: Column, values: list[Any]) -> Any:
    """A pyarrow array of one column's values, typed by the column's kind."""
    import pyarrow as pa

    if column.kind == "category":
        return pa.array(values, type=pa.string()).dictionary_encode()
    kinds = {"int": pa.int64(), "float": pa.float64(), "text": pa.string()}
    return pa.array(values, type=kinds[column.kind])


def write_table(path: Path, table: Table, batch: BatchResult) -> Path:
    """One table as a Parquet file (zstd), written atomically."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = table_rows(table, batch)
    data = pa.table({c.name: _array(c, [row.get(c.name) for row in rows]) for c in table.columns})

    def write(handle: IO[bytes]) -> None:
        pq.write_table(data, handle, compression="zstd")

    return write_atomic(path, write)


def write_parquet(batch: BatchResult, out: Path) -> list[Path]:
    """findings.parquet, alignment.parquet and summary.parquet in ``out``."""
    return [write_table(out / f"{table.name}.parquet", table, batch) for table in TABLES]
