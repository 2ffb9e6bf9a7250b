"""Parquet reports (``--format parquet``): one file per table, for programs and pandas.

``findings.parquet``, ``alignment.parquet`` and ``summary.parquet`` hold the same rows and
columns as the CSV files, from the one definition of the report tables (``audit.report.frames``),
typed by each column's kind (numbers stay numbers, empty cells are nulls, categories are
dictionary-encoded text) and never formula-neutralised: a Parquet file is not opened by a
spreadsheet. pyarrow is imported only when a Parquet report is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from audit.report.files import write_atomic
from audit.report.frames import TABLES, Table
from audit.report.rows import Row

if TYPE_CHECKING:
    from audit.report.parts import Parts


def schema(table: Table) -> Any:
    """The Arrow schema of a table: each column typed by its kind, categories as dictionaries."""
    import pyarrow as pa

    kinds = {
        "int": pa.int64(),
        "float": pa.float64(),
        "text": pa.string(),
        "category": pa.dictionary(pa.int32(), pa.string()),
    }
    return pa.schema([(c.name, kinds[c.kind]) for c in table.columns])


def _batch(table: Table, rows: list[Row], types: Any) -> Any:
    """One partition's rows as an Arrow table of the table's schema."""
    import pyarrow as pa

    arrays = []
    for column in table.columns:
        values = [row[column.name] for row in rows]
        if column.kind == "category":
            arrays.append(pa.array(values, type=pa.string()).dictionary_encode())
        else:
            arrays.append(pa.array(values, type=types.field(column.name).type))
    return pa.Table.from_arrays(arrays, schema=types)


def merge_table(parts: Parts, table: Table, out: Path) -> Path:
    """One table as a Parquet file (zstd), one row group per partition, written atomically."""
    import pyarrow.parquet as pq

    types = schema(table)

    def write(handle: IO[bytes]) -> None:
        with pq.ParquetWriter(handle, types, compression="zstd") as writer:
            for rows in parts.rows(table):
                if rows:
                    writer.write_table(_batch(table, rows, types))

    return write_atomic(out / f"{table.name}.parquet", write)


def merge_parquet(parts: Parts, out: Path) -> list[Path]:
    """findings.parquet, alignment.parquet and summary.parquet in ``out``, from a run's parts."""
    return [merge_table(parts, table, out) for table in TABLES]
