"""The XLSX report, opened with openpyxl: sheets, header style, rich text, never a formula."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock

from audit.records import BatchResult
from audit.report import write_reports
from audit.report.fixes import fix_list
from audit.report.frames import ALIGNMENT, FINDINGS, SUMMARY
from audit.report.verdict import read_summary
from audit.report.workbook import FIX_COLUMNS
from audit.report.xlsx import CUT_MARKER, MAX_CELL, cut, lines_of


@pytest.fixture(scope="module")
def hostile_book(hostile_batch: BatchResult, tmp_path_factory: pytest.TempPathFactory):
    (path,) = write_reports(hostile_batch, tmp_path_factory.mktemp("xlsx"), ["xlsx"])
    assert path.name == "audit.xlsx"
    return openpyxl.load_workbook(path, rich_text=True)


@pytest.fixture(scope="module")
def seed_book(seed_batch: BatchResult, tmp_path_factory: pytest.TempPathFactory):
    (path,) = write_reports(seed_batch, tmp_path_factory.mktemp("xlsx-seed"), ["xlsx"])
    return openpyxl.load_workbook(path, rich_text=True)


def test_the_fix_list_then_three_sheets_with_the_column_contract(hostile_book) -> None:
    assert hostile_book.sheetnames == ["To fix", "Summary", "Findings", "Alignment"]
    for name, columns in [
        ("Summary", SUMMARY.names),
        ("Findings", FINDINGS.names),
        ("Alignment", ALIGNMENT.names),
    ]:
        sheet = hostile_book[name]
        assert [c.value for c in sheet[1]] == columns


@pytest.mark.parametrize("name", ["Summary", "Findings", "Alignment"])
def test_header_is_styled_frozen_and_filtered(hostile_book, name: str) -> None:
    sheet = hostile_book[name]
    header = sheet["A1"]
    assert header.font.bold
    assert header.fill.fgColor.rgb.endswith("1F3864")
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    assert sheet.column_dimensions["A"].width > 10


def test_no_cell_is_a_formula_even_for_text_that_looks_like_one(hostile_book) -> None:
    texts = []
    for sheet in hostile_book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                texts.append(str(cell.value))
    assert any(t.startswith('=HYPERLINK("http://example.invalid"') for t in texts)
    assert any(t.startswith("+1 for the plan") for t in texts)
    assert "+deriv<b>.txt" in texts


def test_changed_words_are_rich_text_runs(hostile_book) -> None:
    sheet = hostile_book["Alignment"]
    col = ALIGNMENT.names.index("derivative_text") + 1
    bold_runs = []
    for (cell,) in sheet.iter_rows(min_row=2, min_col=col, max_col=col):
        if isinstance(cell.value, CellRichText):
            bold_runs += [b.text for b in cell.value if isinstance(b, TextBlock) and b.font.b]
    assert "reporters" in bold_runs
    assert "Springfeld" in bold_runs


def test_severity_cells_are_coloured(seed_book) -> None:
    sheet = seed_book["Findings"]
    col = FINDINGS.names.index("severity") + 1
    fills = {
        cell.value: cell.fill.fgColor.rgb
        for (cell,) in sheet.iter_rows(min_row=2, min_col=col, max_col=col)
    }
    assert fills["major"].endswith("FCD9A8")
    assert fills["minor"].endswith("FFF3B0")


def test_seed_choi_is_highlighted_against_chey(seed_book) -> None:
    sheet = seed_book["Alignment"]
    der_col = ALIGNMENT.names.index("derivative_text") + 1
    ref_col = ALIGNMENT.names.index("reference_text") + 1
    for row in sheet.iter_rows(min_row=2):
        der, ref = row[der_col - 1].value, row[ref_col - 1].value
        if isinstance(der, CellRichText) and "Choi Institute" in str(der):
            assert "Choi" in [b.text for b in der if isinstance(b, TextBlock) and b.font.b]
            assert "Chey" in [b.text for b in ref if isinstance(b, TextBlock) and b.font.b]
            return
    raise AssertionError("no highlighted Choi Institute row")


def test_signature_is_in_the_summary_sheet(seed_book, seed_batch: BatchResult) -> None:
    sheet = seed_book["Summary"]
    col = SUMMARY.names.index("signature") + 1
    assert sheet.cell(row=2, column=col).value == seed_batch.results[0].signature


def test_long_text_is_cut_with_a_visible_marker(tmp_path: Path) -> None:
    text = "word " * 10_000
    value = cut(text)
    assert len(value) <= MAX_CELL
    assert value.endswith(CUT_MARKER.format(n=len(text) - value.index(" […cut")))
    assert cut("short") == "short"


def test_an_overlong_cell_in_the_workbook_ends_with_the_marker(tmp_path: Path) -> None:
    from audit.pipeline import audit_documents
    from audit.records import BatchResult, Document
    from audit.settings import AuditConfig
    from audit.testing import FakeEncoder

    long = "The short sentence stays short.\n\n" + "word " * 8_000 + "end."
    config = AuditConfig(max_sentence_chars=100_000)  # keep the 40,000-character sentence whole
    result = audit_documents(
        Document("r.txt", long), [Document("d.txt", long)], config, encoder=FakeEncoder()
    )
    (path,) = write_reports(BatchResult((result,)), tmp_path, ["xlsx"])
    sheet = openpyxl.load_workbook(path)["Alignment"]
    col = ALIGNMENT.names.index("derivative_text") + 1
    value = max((str(c.value) for (c,) in sheet.iter_rows(min_col=col, max_col=col)), key=len)
    assert MAX_CELL - 5 <= len(value) <= MAX_CELL
    assert value.endswith(" more characters]")
    assert "[…cut: " in value


def test_rows_are_as_tall_as_their_wrapped_text(seed_book) -> None:
    sheet = seed_book["Findings"]
    col = FINDINGS.names.index("derivative_text") + 1
    for row in range(2, sheet.max_row + 1):
        text = str(sheet.cell(row=row, column=col).value or "")
        height = sheet.row_dimensions[row].height
        assert height is not None and height >= 15 * lines_of(text, 60) - 0.01
    assert max(sheet.row_dimensions[r].height for r in range(2, sheet.max_row + 1)) > 45


def test_lines_of_counts_wrapped_words() -> None:
    assert lines_of("", 10) == 1
    assert lines_of("short", 60) == 1
    assert lines_of("aaaa bbbb cccc", 10) == 2  # 9 characters a line
    assert lines_of("one\ntwo", 60) == 2
    assert lines_of("x" * 25, 10) == 3


@pytest.mark.parametrize("name", ["Summary", "Findings", "Alignment"])
def test_sheets_print_landscape_fitted_to_width_with_the_header_on_every_page(
    seed_book, name: str
) -> None:
    sheet = seed_book[name]
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth in (None, 1)  # 1 is the file format default
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows in ("1:1", "$1:$1")


def test_the_first_sheet_is_each_derivative_s_fix_list_with_its_minor_findings_folded(
    seed_book, seed_audits
) -> None:
    sheet = seed_book["To fix"]
    header = [c.value for c in sheet[1]]
    assert header == FIX_COLUMNS
    column = {name: k for k, name in enumerate(header)}
    blocks: dict[str, list[tuple[int, tuple]]] = {}
    for r, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        blocks.setdefault(row[column["document"]], []).append((r, row))
    assert list(blocks) == [a.derivative.document.name for a in seed_audits.values()]
    for audit in seed_audits.values():
        fixes = fix_list(audit)
        (first, head), *rows = blocks[audit.derivative.document.name]
        assert head[column["verdict"]] == read_summary(audit.summary).verdict.value
        assert sheet.cell(row=first, column=1).font.bold
        serious = [row for _, row in rows[: len(fixes.serious)]]
        assert [row[column["id"]] for row in serious] == [i.id for i in fixes.serious]
        assert [row[column["reference_words"]] or "" for row in serious] == [
            i.reference for i in fixes.serious
        ]
        (count_row, count), *folded = rows[len(fixes.serious) :]
        assert count[column["explanation"]].startswith(f"{len(fixes.minor)} minor finding(s)")
        assert [row[column["id"]] for _, row in folded] == [i.id for i in fixes.minor]
        for r, _ in folded:
            assert sheet.row_dimensions[r].hidden
            assert sheet.row_dimensions[r].outline_level == 1
        assert not sheet.row_dimensions[count_row].hidden
