"""Parquet reports: the same rows and columns as the CSV files, typed, readable by pandas."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from audit.records import BatchResult
from audit.report import write_reports


def test_parquet_tables_hold_the_csv_rows(seed_batch: BatchResult, tmp_path: Path) -> None:
    written = write_reports(seed_batch, tmp_path, ["csv", "parquet"])
    assert {p.name for p in written} >= {"findings.parquet", "alignment.parquet", "summary.parquet"}
    for name in ("findings", "alignment", "summary"):
        frame = pd.read_parquet(tmp_path / f"{name}.parquet")
        with open(tmp_path / f"{name}.csv", encoding="utf-8-sig", newline="") as handle:
            table = list(csv.reader(handle))
        assert list(frame.columns) == table[0]
        assert len(frame) == len(table) - 1 > 0


def test_parquet_keeps_numbers_and_raw_text(seed_batch: BatchResult, tmp_path: Path) -> None:
    write_reports(seed_batch, tmp_path, ["parquet"])
    summary = pd.read_parquet(tmp_path / "summary.parquet")
    assert summary["fidelity"].dtype.kind == "f"
    assert summary["critical"].dtype.kind == "i"
    findings = pd.read_parquet(tmp_path / "findings.parquet")
    assert "Choi" in " ".join(findings["derivative_text"])
    assert not findings["span"].str.startswith("'").any()  # not neutralised for spreadsheets
