"""The report tables as pandas DataFrames: contract columns, dtypes, and the writers' rows."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

import audit
from audit.records import AuditResult, BatchResult, Severity
from audit.report.frames import ALIGNMENT, FINDINGS, SUMMARY, TABLES, frame, records, table_rows


def test_frames_have_the_table_columns_in_order(seed_result: AuditResult) -> None:
    tables = audit.frames(seed_result)
    assert list(tables.findings.columns) == FINDINGS.names
    assert list(tables.alignment.columns) == ALIGNMENT.names
    assert list(tables.summary.columns) == SUMMARY.names
    assert len(tables.summary) == len(seed_result.audits)
    assert len(tables.findings) == sum(len(a.findings) for a in seed_result.audits)


def test_dtypes_fit_the_values(seed_batch: BatchResult) -> None:
    findings = frame(FINDINGS, seed_batch)
    assert findings["start"].dtype == "Int64" and findings["start"].isna().any()  # omissions
    assert findings["explanation"].dtype == "string"
    assert isinstance(findings["category"].dtype, pd.CategoricalDtype)
    severity = findings["severity"].dtype
    assert severity.ordered and list(severity.categories) == ["minor", "major", "critical"]
    assert (findings["severity"] >= "major").sum() == sum(
        1
        for a in seed_batch.results[0].audits
        for f in a.findings
        if f.severity is not Severity.MINOR
    )
    alignment = frame(ALIGNMENT, seed_batch)
    assert alignment["chrf"].dtype == "Float64"
    assert set(alignment["status"].cat.categories) == {"aligned", "addition", "omission"}
    summary = frame(SUMMARY, seed_batch)
    assert summary["verdict"].dtype.ordered
    assert summary["major"].dtype == "Int64"


def test_every_row_key_is_a_column_and_back() -> None:
    """The row builders and the table definitions name the same columns."""
    for table in TABLES:
        assert len(set(table.names)) == len(table.names)
    contract = [c.name for c in FINDINGS.columns if c.contract]
    assert contract[:3] == ["reference", "document", "unit"]
    assert [c.name for c in FINDINGS.columns if not c.contract] == ["check", "id"]


@pytest.mark.parametrize("table, rows", [(t, t.batch_rows) for t in (FINDINGS, ALIGNMENT, SUMMARY)])
def test_records_give_back_the_rows(table, rows, seed_batch: BatchResult) -> None:
    built = rows(seed_batch)
    assert all(set(row) == set(table.names) for row in built)
    assert records(frame(table, seed_batch)) == [{c: r[c] for c in table.names} for r in built]
    assert table_rows(table, seed_batch) == records(frame(table, seed_batch))  # what writers read


def test_an_analyst_groups_a_batch_by_document_and_category(seed_batch: BatchResult) -> None:
    findings = audit.frames(seed_batch).findings
    serious = findings[findings.severity >= "major"]
    counts = serious.groupby(["document", "category"], observed=True).size()
    assert counts.sum() == len(serious) > 0


def test_import_audit_does_not_import_pandas() -> None:
    code = "import sys, audit; audit.frames; print('pandas' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
