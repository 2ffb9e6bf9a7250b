"""The report tables: the one definition of their columns and types, as rows or as DataFrames.

``FINDINGS``, ``ALIGNMENT`` and ``SUMMARY`` say, once, which columns each table has (the
contract columns first, then the extra ones), what type each holds and, for categories, which
values it takes. Every writer and the Python API read the tables from here: ``frame`` gives a
pandas DataFrame (nullable integers for offsets and counts, nullable floats for figures,
categoricals for category, severity, status and verdict) for the API and the Parquet writer;
``table_rows`` gives the same rows as plain Python values, in column order, for the CSV and XLSX
writers (a test holds the two equal), so a CSV run does not pay for importing pandas (0.6-0.9 s,
a tenth of a cold run).

pandas is imported inside the functions only, so ``import audit`` stays light.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from audit.records import (
    AuditResult,
    BatchResult,
    Category,
    DocumentAudit,
    FailedDocument,
    Severity,
    UnitStatus,
)
from audit.report.rows import (
    Row,
    alignment_rows_of,
    failure_row,
    finding_rows_of,
    summary_rows_of,
)
from audit.report.verdict import Verdict

if TYPE_CHECKING:
    import pandas as pd

PANDAS_DTYPES = {"text": "string", "int": "Int64", "float": "Float64"}


@dataclass(frozen=True)
class Column:
    """One column of a report table: its name, its type and, for categories, its values."""

    name: str
    kind: str = "text"
    """text, int, float or category."""
    values: tuple[str, ...] = ()
    """The categories (in order, worst last where ``ordered``)."""
    ordered: bool = False
    contract: bool = True
    """Contract columns come first and never change; extra ones may be added after them."""


@dataclass(frozen=True)
class Table:
    """A report table: its name (the CSV file's stem), its columns and how rows are made."""

    name: str
    columns: tuple[Column, ...]
    of_audit: Callable[[DocumentAudit, str], list[Row]]
    """The rows of one derivative's audit, given the run's signature."""
    of_failure: Callable[[FailedDocument, str], Row] | None = None
    """The row of a document that could not be audited, in the tables that have one (last)."""

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def failure_rows(self, failures: Sequence[FailedDocument], signature: str) -> list[Row]:
        """The rows of the documents not audited (none in a table without them)."""
        return [self.of_failure(f, signature) for f in failures] if self.of_failure else []

    def batch_rows(self, batch: BatchResult) -> list[Row]:
        """The table's rows of a batch: each audit's, then the failures'."""
        rows = [
            row for r in batch.results for a in r.audits for row in self.of_audit(a, r.signature)
        ]
        signature = batch.results[0].signature if batch.results else ""
        return rows + self.failure_rows(batch.failures, signature)


def _text(*names: str) -> tuple[Column, ...]:
    return tuple(Column(n) for n in names)


def _ints(*names: str) -> tuple[Column, ...]:
    return tuple(Column(n, "int") for n in names)


def _floats(*names: str) -> tuple[Column, ...]:
    return tuple(Column(n, "float") for n in names)


SEVERITIES = tuple(s.value for s in sorted(Severity, key=lambda s: s.rank))
CATEGORY = Column("category", "category", tuple(c.value for c in Category))
SEVERITY = Column("severity", "category", SEVERITIES, ordered=True)
UNIT_STATUS = Column("status", "category", tuple(s.value for s in UnitStatus))
VERDICT = Column("verdict", "category", tuple(v.value for v in Verdict), True, contract=False)

FINDINGS = Table(
    "findings",
    (
        *_text("reference", "document"),
        *_ints("unit"),
        CATEGORY,
        SEVERITY,
        *_text("span"),
        *_ints("start", "end", "line"),
        *_text("explanation", "derivative_text", "reference_text"),
        *_ints("ref_start", "ref_end"),
        Column("check", contract=False),
        Column("id", contract=False),
    ),
    finding_rows_of,
)
ALIGNMENT = Table(
    "alignment",
    (
        *_text("reference", "document"),
        *_ints("unit"),
        UNIT_STATUS,
        *_text("derivative_text"),
        *_ints("deriv_start", "deriv_end"),
        *_text("reference_text"),
        *_ints("ref_start", "ref_end"),
        *_floats("similarity", "chrf", "bleu", "ter"),
    ),
    alignment_rows_of,
)
SUMMARY = Table(
    "summary",
    (
        *_text("reference", "document"),
        *_ints("sentences", "aligned", "additions", "omissions"),
        *_floats("coverage", "fidelity", "chrf", "bleu", "ter", "similarity"),
        *_ints("critical", "major", "minor"),
        VERDICT,
        Column("addition_share", "float", contract=False),
        Column("status", "category", ("ok", "error"), contract=False),
        Column("message", contract=False),
        Column("signature", contract=False),
        Column("languages", contract=False),
        Column("checks", contract=False),
    ),
    summary_rows_of,
    failure_row,
)
TABLES = (FINDINGS, ALIGNMENT, SUMMARY)


def as_batch(result: AuditResult | BatchResult) -> BatchResult:
    """A batch of one result, or the batch itself."""
    return result if isinstance(result, BatchResult) else BatchResult(results=(result,))


def _dtype(column: Column) -> Any:
    import pandas as pd

    if column.kind == "category":
        return pd.CategoricalDtype(list(column.values), ordered=column.ordered)
    return PANDAS_DTYPES[column.kind]


def table_rows(table: Table, result: AuditResult | BatchResult) -> list[Row]:
    """One table of a result as rows of plain values, keyed by column name in column order."""
    return [in_order(table, row) for row in table.batch_rows(as_batch(result))]


def in_order(table: Table, row: Row) -> Row:
    """A row with every column of the table, in column order (None where it has no value)."""
    return {c.name: row.get(c.name) for c in table.columns}


def frame(table: Table, result: AuditResult | BatchResult) -> pd.DataFrame:
    """One table of a result as a DataFrame with the table's columns and types."""
    import pandas as pd

    rows = table.batch_rows(as_batch(result))
    data = {c.name: pd.Series([r.get(c.name) for r in rows], dtype=object) for c in table.columns}
    return pd.DataFrame(data).astype({c.name: _dtype(c) for c in table.columns})


def records(data: pd.DataFrame) -> list[Row]:
    """The rows of a table frame as plain Python values (None for missing ones)."""
    plain = data.astype(object).where(data.notna(), None)
    return [{k: _plain(v) for k, v in row.items()} for row in plain.to_dict("records")]


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value


@dataclass(frozen=True)
class Frames:
    """The three report tables of a result as DataFrames."""

    findings: pd.DataFrame
    alignment: pd.DataFrame
    summary: pd.DataFrame


def frames(result: AuditResult | BatchResult) -> Frames:
    """Findings, alignment and summary of an audit (or a batch) as DataFrames.

    >>> f = frames(batch).findings
    >>> f[f.severity >= "major"].groupby(["document", "category"], observed=True).size()
    """
    batch = as_batch(result)
    return Frames(*(frame(table, batch) for table in TABLES))
