"""The XLSX report, ``audit.xlsx``: the fix list first, then the Summary, Findings and Alignment
sheets (``audit.report.xlsx`` writes their cells).

The first sheet, *To fix*, is the list at the top of the HTML report (``audit.report.fixes``): per
derivative a bold row with its verdict, fidelity, coverage and counts, its critical and major
findings one a row (most severe first: line, category, the changed words on both sides, the
explanation, the unit), then a row counting its minor findings, which follow folded: an outline
group, collapsed (the ``+`` in the margin opens it).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from audit.report import xlsx
from audit.report.files import write_atomic
from audit.report.fixes import FIXES
from audit.report.frames import ALIGNMENT, FINDINGS, SUMMARY, Table
from audit.report.rows import Row
from audit.report.xlsx import (
    DEFAULT_WIDTH,
    WIDTHS,
    Formats,
    print_setup,
    row_height,
    write_table_sheet,
    write_value,
)

if TYPE_CHECKING:
    from xlsxwriter.format import Format

    from audit.report.parts import Parts

SHEETS = (("Summary", SUMMARY), ("Findings", FINDINGS), ("Alignment", ALIGNMENT))
"""The table sheets after the fix list, each with the CSV file's columns."""
FIX_SHEET = "To fix"
FIX_COLUMNS = [name for name in FIXES.names if name != "kind"]
"""The fix list's columns as shown (``kind`` only says how a row is laid out)."""
FIX_WIDTHS = {"verdict": 13, "fidelity": 8, "coverage": 8, "severity": 9, "line": 6, "unit": 6}


def write_fix_sheet(
    book: xlsxwriter.Workbook, chunks: Iterable[list[Row]], count: int, formats: Formats
) -> Worksheet:
    """The first sheet: the fix list, minor findings folded in collapsed outline groups; past
    Excel's last row it ends with a row saying how many more there are (findings.csv has every
    finding)."""
    sheet = book.add_worksheet(FIX_SHEET)
    sheet.outline_settings(True, False, True, False)  # the +/- beside the counting row, above
    for col, column in enumerate(FIX_COLUMNS):
        sheet.write_string(0, col, column, formats.header)
        width = FIX_WIDTHS.get(column, WIDTHS.get(column, DEFAULT_WIDTH))
        sheet.set_column(col, col, width, formats.wrap)
    sheet.freeze_panes(1, 0)
    shown = count if count < xlsx.MAX_ROWS else xlsx.MAX_ROWS - 2
    for r, row in enumerate(itertools.chain.from_iterable(chunks), start=1):
        if r > shown:
            break
        _write_fix_row(sheet, r, row, formats)
    if count > shown:
        more = xlsx.MORE_ROWS.format(n=count - shown, table="findings")
        sheet.write_string(shown + 1, 0, more, formats.wrap)
    print_setup(sheet, shown, len(FIX_COLUMNS))
    return sheet


def _write_fix_row(sheet: Worksheet, r: int, row: Row, formats: Formats) -> None:
    kind = row.get("kind")
    height = row_height(row, FIX_COLUMNS)
    if kind == "folded":
        sheet.set_row(r, height, None, {"level": 1, "hidden": True})
    elif kind == "minor":
        sheet.set_row(r, height, None, {"collapsed": True})
    else:
        sheet.set_row(r, height)
    for col, column in enumerate(FIX_COLUMNS):
        write_value(sheet, r, col, row.get(column), _fix_format(row, column, formats))


def _fix_format(row: Row, column: str, formats: Formats) -> Format:
    kind, value = row.get("kind"), row.get(column)
    if kind == "derivative":
        return (
            formats.verdict.get(str(value), formats.derivative)
            if column == "verdict"
            else (formats.derivative)
        )
    if kind == "error" and column == "explanation":
        return formats.fill["error"]
    if column == "severity" and isinstance(value, str) and value in formats.fill:
        return formats.fill[value]
    return formats.folded if kind == "minor" else formats.wrap


def build_workbook(
    sheets: Iterable[tuple[str, Table, Iterable[list[Row]], int]],
    signature: str,
    handle: IO[bytes],
    tmpdir: Path | None = None,
) -> None:
    """Write a workbook of ``(sheet name, table, rows in chunks, row count)`` into a binary file
    object (the fix list's table as the fix sheet); rows go to temporary files in ``tmpdir`` as
    they are written (constant memory)."""
    options: dict[str, Any] = {
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "constant_memory": True,
    }
    if tmpdir is not None:
        options["tmpdir"] = str(tmpdir)
    book = xlsxwriter.Workbook(handle, options)
    formats = Formats(book)
    for name, table, chunks, count in sheets:
        if table is FIXES:
            write_fix_sheet(book, chunks, count, formats)
        else:
            write_table_sheet(book, name, table, chunks, count, formats)
    book.set_properties({"title": "audit report", "comments": signature})
    book.close()


def merge_xlsx(parts: Parts, out: Path) -> list[Path]:
    """``audit.xlsx`` in ``out``, from a run's parts."""
    tables = [(FIX_SHEET, FIXES), *SHEETS]
    sheets = [(name, table, parts.rows(table), parts.counts[table.name]) for name, table in tables]

    def write(handle: IO[bytes]) -> None:
        build_workbook(sheets, parts.signature, handle, parts.temp)

    return [write_atomic(out / "audit.xlsx", write)]
