"""Reports written per partition and merged (``audit.report.stream``).

The same audits give the same reports however they are partitioned; the merged files equal what
the in-memory renderers make of the whole batch; a stream keeps no audit once it is rendered;
its parts are removed whether it finishes or fails.
"""

from __future__ import annotations

import gc
import json
import tempfile
import weakref
from dataclasses import replace
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from audit.errors import OutputError
from audit.records import AuditResult, BatchResult, Document, FailedDocument
from audit.report import FILES, report_files, write_reports
from audit.report import xlsx as xlsx_report
from audit.report.frames import frames, records
from audit.report.html import render_html
from audit.report.json import batch_json
from audit.report.stream import ReportStream, write_batch

FORMATS = list(FILES)
TEXT_FILES = ("findings.csv", "alignment.csv", "summary.csv", "audit.json", "audit.html")


def _two_references(seed_result: AuditResult) -> BatchResult:
    """The seed audit twice (a second reference name), a derivative that could not be read,
    and a bad manifest row: every part of a batch's reports."""
    ref = seed_result.reference
    other_ref = replace(ref, document=Document("other.txt", ref.document.text))
    other = replace(
        seed_result,
        reference=other_ref,
        audits=tuple(replace(a, reference=other_ref) for a in seed_result.audits[:2]),
        errors=(FailedDocument("other.txt", "gone.txt", "gone.txt: no such file; check the path"),),
    )
    bad_row = FailedDocument("", "manifest.csv:9", "manifest.csv:9: the derivative column is empty")
    return BatchResult(results=(seed_result, other), errors=(bad_row,))


@pytest.fixture(scope="module")
def batch(seed_result: AuditResult) -> BatchResult:
    return _two_references(seed_result)


@pytest.fixture(scope="module")
def written(batch: BatchResult, tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """The batch's reports with partitions of 1, 3 and 256 derivatives."""
    folders = {}
    for size in (1, 3, 256):
        folders[size] = tmp_path_factory.mktemp(f"parts-{size}")
        write_batch(batch, folders[size], FORMATS, partition_size=size)
    return folders


def test_every_partitioning_writes_the_same_bytes(written: dict[int, Path]) -> None:
    for name in TEXT_FILES:
        contents = {(folder / name).read_bytes() for folder in written.values()}
        assert len(contents) == 1, name


def test_the_merged_json_is_the_whole_batch_dumped(batch: BatchResult, written) -> None:
    text = (written[1] / "audit.json").read_text(encoding="utf-8")
    assert text == json.dumps(batch_json(batch), ensure_ascii=False, indent=1)


def test_the_merged_html_is_the_whole_batch_rendered(batch: BatchResult, written) -> None:
    assert (written[1] / "audit.html").read_text(encoding="utf-8") == render_html(batch)


@pytest.mark.parametrize("size", [1, 256])
def test_parquet_and_xlsx_hold_the_batch_tables(batch: BatchResult, written, size: int) -> None:
    expected = frames(batch)
    book = openpyxl.load_workbook(written[size] / "audit.xlsx", read_only=True)
    for name, sheet in (
        ("findings", "Findings"),
        ("alignment", "Alignment"),
        ("summary", "Summary"),
    ):
        table = getattr(expected, name)
        stored = pd.read_parquet(written[size] / f"{name}.parquet")
        assert records(stored) == records(table)
        rows = list(book[sheet].iter_rows(values_only=True))
        assert list(rows[0]) == list(table.columns)
        assert len(rows) - 1 == len(table)
    book.close()


def test_a_stream_keeps_no_audit_it_has_rendered(seed_result: AuditResult, tmp_path: Path):
    copies = [replace(a) for a in seed_result.audits]
    alive = [weakref.ref(a) for a in copies]
    with ReportStream(tmp_path, FORMATS, partition_size=2) as stream:
        stream.reference(seed_result.reference, seed_result.signature)
        while copies:
            stream.add(copies.pop(0))
        gc.collect()
        assert [ref() for ref in alive] == [None] * len(alive)
        stream.finish()
    summary = pd.read_parquet(tmp_path / "summary.parquet")
    assert len(summary) == len(alive)


def _parts_folders() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("audit-parts-*"))


def test_the_parts_are_removed_after_a_run_and_after_a_failure(
    seed_result: AuditResult, tmp_path: Path
):
    before = _parts_folders()
    write_reports(BatchResult((seed_result,)), tmp_path / "ok", FORMATS)
    assert _parts_folders() == before
    with pytest.raises(RuntimeError), ReportStream(tmp_path / "failed", FORMATS) as stream:
        stream.reference(seed_result.reference, seed_result.signature)
        stream.add(seed_result.audits[0])
        raise RuntimeError("interrupted")
    assert _parts_folders() == before
    assert not (tmp_path / "failed").exists()  # nothing was written to --out


def test_parts_that_cannot_be_written_are_one_output_error(
    seed_result: AuditResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    full = tmp_path / "not-a-folder"
    full.write_text("a file where TMPDIR should be")
    monkeypatch.setattr(tempfile, "tempdir", str(full))
    with pytest.raises(OutputError, match="cannot write the report parts .*set TMPDIR"):
        write_reports(BatchResult((seed_result,)), tmp_path / "out", ["csv"])


def test_a_sheet_past_the_spreadsheet_limit_says_how_many_rows_the_csv_has(
    seed_result: AuditResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(xlsx_report, "MAX_ROWS", 20)
    write_reports(BatchResult((seed_result,)), tmp_path, ["xlsx"])
    alignment = sum(len(a.units) for a in seed_result.audits)
    book = openpyxl.load_workbook(tmp_path / "audit.xlsx", read_only=True)
    rows = list(book["Alignment"].iter_rows(values_only=True))
    assert len(rows) == 20
    assert rows[-1][0] == f"[…{alignment - 18} more rows: see alignment.csv]"
    fixes = list(book["To fix"].iter_rows(values_only=True))
    listed = sum(
        len(a.findings) + 1 + any(f.severity.value == "minor" for f in a.findings)
        for a in seed_result.audits
    )  # a head row per derivative, a minor count row
    assert len(fixes) == 20
    assert fixes[-1][0] == f"[…{listed - 18} more rows: see findings.csv]"
    book.close()


def test_each_format_names_the_files_it_writes(seed_result: AuditResult, tmp_path: Path):
    for name in FORMATS:
        paths = write_reports(BatchResult((seed_result,)), tmp_path / name, [name])
        assert [p.name for p in paths] == report_files([name])


def test_the_json_report_is_written_one_derivative_at_a_time(batch: BatchResult) -> None:
    """No piece of the merged JSON holds more than one derivative (a run's JSON is never one
    string in memory)."""
    from audit.report.json import batch_pieces, derivative_piece

    largest = max(len(derivative_piece(a)) for r in batch.results for a in r.audits)
    reference = max(len(json.dumps(r.reference.document.text)) for r in batch.results)
    assert max(len(piece) for piece in batch_pieces(batch)) <= max(largest, 3 * reference)
