"""The XLSX report's cells and table sheets (Summary, Findings, Alignment); the workbook, with
the fix list as its first sheet, is put together in ``audit.report.workbook``.

Every text cell is written with ``write_string`` (and the workbook refuses to turn strings into
formulas or links), so a document that starts with ``=HYPERLINK(`` stays text. Words that differ
between the reference and derivative passages are highlighted inside their cells as rich text.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from audit.report.bidi import closed
from audit.report.diff import WordDiff, runs, word_diff
from audit.report.frames import Table
from audit.report.rows import Row

if TYPE_CHECKING:
    pass

MAX_ROWS = 1_048_576
"""Excel's limit on the rows of one sheet (the header included)."""
MORE_ROWS = "[…{n} more rows: see {table}.csv]"
MAX_CELL = 32_767
"""Excel's limit on the characters of one cell."""
CUT_MARKER = " […cut: {n} more characters]"

WIDTHS = {
    "reference": 24,
    "derivative_words": 36,
    "reference_words": 36,
    "document": 24,
    "span": 30,
    "explanation": 50,
    "derivative_text": 60,
    "reference_text": 60,
    "message": 40,
    "signature": 80,
    "category": 14,
    "status": 10,
    "verdict": 13,
}
DEFAULT_WIDTH = 10
LINE_HEIGHT = 15.0
"""Points per line of wrapped text in the default 11-point font."""
MAX_ROW_HEIGHT = 409.0
"""Excel's tallest row, in points."""

SEVERITY_COLOURS = {"critical": "#F4B6B6", "major": "#FCD9A8", "minor": "#FFF3B0"}
STATUS_COLOURS = {"omission": "#F4B6B6", "addition": "#CFE2F3", "error": "#F4B6B6"}
VERDICT_COLOURS = {
    "faithful": "#C6EFCE",
    "minor issues": "#FFF3B0",
    "major issues": "#FCD9A8",
    "unreliable": "#F4B6B6",
}


def cut(text: str) -> str:
    """Text that fits one cell; longer text ends with a visible marker saying how much was cut."""
    if len(text) <= MAX_CELL:
        return text
    keep = MAX_CELL - len(CUT_MARKER.format(n=len(text)))
    return text[:keep] + CUT_MARKER.format(n=len(text) - keep)


class Formats:
    """The workbook's cell formats, created once."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.header = book.add_format(
            {
                "bold": True,
                "bg_color": "#1F3864",
                "font_color": "#FFFFFF",
                "text_wrap": True,
                "valign": "top",
                "border": 1,
            }
        )
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.ref_changed = book.add_format({"bold": True, "font_color": "#C00000", "underline": 1})
        self.der_changed = book.add_format({"bold": True, "font_color": "#0B5394", "underline": 1})
        self.fill = {
            key: book.add_format({"bg_color": colour, "text_wrap": True, "valign": "top"})
            for key, colour in {**SEVERITY_COLOURS, **STATUS_COLOURS}.items()
        }
        self.derivative = book.add_format(
            {"bold": True, "bg_color": "#DCE6F1", "text_wrap": True, "valign": "top", "top": 1}
        )
        self.verdict = {
            key: book.add_format(
                {"bold": True, "bg_color": colour, "text_wrap": True, "valign": "top", "top": 1}
            )
            for key, colour in VERDICT_COLOURS.items()
        }
        self.folded = book.add_format({"italic": True, "text_wrap": True, "valign": "top"})


def write_value(sheet: Worksheet, row: int, col: int, value: Any, fmt: Format) -> None:
    if value is None:
        sheet.write_blank(row, col, None, fmt)
    elif isinstance(value, bool) or not isinstance(value, (int, float)):
        sheet.write_string(row, col, closed(cut(str(value))), fmt)
    else:
        sheet.write_number(row, col, value, fmt)


def _write_rich(
    sheet: Worksheet,
    row: int,
    col: int,
    text: str,
    changed: tuple[tuple[int, int], ...],
    highlight: Format,
    fmt: Format,
) -> None:
    """A cell whose changed words are highlighted; plain text if nothing (or too much) changed.
    Bidirectional controls the text leaves open are closed at the cell's end, as in any text
    cell (``audit.report.bidi``)."""
    pieces = runs(text, changed)
    if len(text) > MAX_CELL or len(pieces) < 2 or not any(flag for _, flag in pieces):
        sheet.write_string(row, col, closed(cut(text)), fmt)
        return
    fragments: list[Any] = []
    for piece, flag in pieces:
        fragments += [highlight, piece] if flag else [piece]
    ending = closed(text)[len(text) :]
    sheet.write_rich_string(row, col, *fragments, *([ending] if ending else []), fmt)


def _format_of(row: Row, column: str, formats: Formats) -> Format:
    """Severity and status cells are coloured by their value; other cells wrap."""
    value = row.get(column)
    if column in ("severity", "status") and isinstance(value, str) and value in formats.fill:
        return formats.fill[value]
    return formats.wrap


def lines_of(text: str, width: float) -> int:
    """How many lines ``text`` takes when wrapped in a column ``width`` characters wide.

    Counted in whole words, as a spreadsheet wraps them; a word longer than a line is cut.
    """
    per_line = max(1, int(width) - 1)
    total = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0
        for word in paragraph.split(" "):
            need = len(word) + (1 if used else 0)
            if used and used + need > per_line:
                lines, used, need = lines + 1, 0, len(word)
            while need > per_line:
                lines, need = lines + 1, need - per_line
            used += need
        total += lines
    return total


def row_height(row: Row, columns: Sequence[str]) -> float:
    """The height in points that shows every wrapped cell of a row whole."""
    lines = max(
        (lines_of(str(row[c]), WIDTHS.get(c, DEFAULT_WIDTH)) for c in columns if row.get(c)),
        default=1,
    )
    return min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines)


def print_setup(sheet: Worksheet, rows: int, columns: int) -> None:
    """Landscape, fitted to the page width, the header row repeated on every printed page."""
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.hide_gridlines(0)
    sheet.print_area(0, 0, max(rows, 1), columns - 1)


def write_table_sheet(
    book: xlsxwriter.Workbook,
    name: str,
    table: Table,
    chunks: Iterable[list[Row]],
    count: int,
    formats: Formats,
) -> Worksheet:
    """One sheet: styled frozen header, autofilter, widths, fitted row heights, colours, diffs.

    Rows are written in order as they come (the workbook keeps only the current row); past
    Excel's last row the sheet ends with a row saying how many more the CSV file has.
    """
    columns = table.names
    shown = count if count < MAX_ROWS else MAX_ROWS - 2
    sheet = book.add_worksheet(name)
    for col, column in enumerate(columns):
        sheet.write_string(0, col, column, formats.header)
        sheet.set_column(col, col, WIDTHS.get(column, DEFAULT_WIDTH), formats.wrap)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(shown, 1), len(columns) - 1)
    print_setup(sheet, shown, len(columns))
    for r, row in enumerate(itertools.chain.from_iterable(chunks), start=1):
        if r > shown:
            break
        sheet.set_row(r, row_height(row, columns))
        _write_row(sheet, r, row, columns, formats)
    if count > shown:
        more = MORE_ROWS.format(n=count - shown, table=table.name)
        sheet.write_string(shown + 1, 0, more, formats.wrap)
    return sheet


def _write_row(
    sheet: Worksheet, r: int, row: Row, columns: Sequence[str], formats: Formats
) -> None:
    diff = _diff_of(row)
    for col, column in enumerate(columns):
        fmt = _format_of(row, column, formats)
        if diff and column == "reference_text":
            _write_rich(sheet, r, col, row[column], diff.reference, formats.ref_changed, fmt)
        elif diff and column == "derivative_text":
            _write_rich(sheet, r, col, row[column], diff.derivative, formats.der_changed, fmt)
        else:
            write_value(sheet, r, col, row.get(column), fmt)


def _diff_of(row: Row) -> WordDiff | None:
    """The word diff of a row that has text on both sides, else None."""
    ref, der = row.get("reference_text"), row.get("derivative_text")
    if ref and der and len(ref) <= MAX_CELL and len(der) <= MAX_CELL:
        return word_diff(ref, der)
    return None
