"""The CSV and XLSX reports opened in real LibreOffice Calc (headless), read back cell by cell.

Calc's CSV import dialog ticks comma, semicolon and tab by default; the CSV files are imported
with all three as separators, the workbook as it is, and every sheet is exported again as
tab-separated text, which is compared with what was written: every contract column of every row
intact, curly quotes unharmed.

Needs Debian's ``libreoffice-calc`` (``make calc`` installs it). Without it these tests are
skipped, unless ``AUDIT_REQUIRE_CALC=1`` (as ``make test`` and CI set), where they fail.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from audit.records import BatchResult
from audit.report import write_reports
from audit.report.frames import TABLES, Table, frame, records
from tests.conftest import unavailable

pytestmark = pytest.mark.calc

# Import: separators comma/semicolon/tab, quote ", UTF-8, from line 1, Calc's default options.
CSV_IMPORT = "CSV:44/59/9,34,76,1,,0,false,false"
# Export: tab-separated, every text quoted, UTF-8 (the first sheet of a CSV file's one sheet);
# a trailing -1 writes each sheet of a workbook to its own file, NAME-SHEET.csv.
TSV_EXPORT = "csv:Text - txt - csv (StarCalc):9,34,76,1,,0,true,true,false,false,false"
SHEETS = {"findings": "Findings", "alignment": "Alignment", "summary": "Summary"}
CURLY = "“”‘’"


@pytest.fixture(scope="module")
def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    unavailable("LibreOffice Calc not found; install it with `make calc`", "AUDIT_REQUIRE_CALC")


def convert(soffice: str, files: list[Path], out: Path, infilter: str | None = None) -> None:
    """Open ``files`` in Calc and export them as tab-separated text into ``out`` (a workbook:
    every sheet; a CSV file: its one sheet, under the same name)."""
    profile = out.parent / "calc-profile"
    command = [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}"]
    if infilter:
        command.append(f"--infilter={infilter}")
    export = TSV_EXPORT if infilter else TSV_EXPORT + ",-1"
    command += ["--convert-to", export, "--outdir", str(out), *map(str, files)]
    subprocess.run(command, capture_output=True, text=True, timeout=300, check=True)


def read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, delimiter="\t"))


@pytest.fixture(scope="module")
def reports(seed_batch: BatchResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("calc")
    write_reports(seed_batch, out / "reports", ["csv", "xlsx"])
    return out


@pytest.fixture(scope="module")
def calc_csv(soffice: str, reports: Path) -> Path:
    """The CSV reports as Calc imported them (comma, semicolon and tab all separators)."""
    files = [reports / "reports" / f"{t.name}.csv" for t in TABLES]
    convert(soffice, files, reports / "csv", CSV_IMPORT)
    return reports / "csv"


@pytest.fixture(scope="module")
def calc_xlsx(soffice: str, reports: Path) -> Path:
    """The sheets of audit.xlsx as Calc opened them."""
    convert(soffice, [reports / "reports" / "audit.xlsx"], reports / "xlsx")
    return reports / "xlsx"


def same_cell(written: str, shown: str) -> bool:
    """Text equal, or the same number (Calc shows 75.0 as 75)."""
    if written == shown:
        return True
    try:
        return float(written) == float(shown)
    except ValueError:
        return False


def damaged_cells(table: Table, written: list[list[str]], shown: list[list[str]]) -> list[str]:
    """Contract cells that Calc does not show as written, and cells pushed past the last column."""
    width = len(table.names)
    contract = [k for k, c in enumerate(table.columns) if c.contract]
    bad = [f"{len(shown)} rows shown, {len(written)} written"] if len(shown) != len(written) else []
    for number, (row, seen) in enumerate(zip(written, shown, strict=False)):
        seen = seen + [""] * (width - len(seen))
        bad += [f"row {number}: {len(seen)} cells"] if any(seen[width:]) else []
        bad += [
            f"row {number} {table.names[k]}: {row[k][:40]!r} shown as {seen[k][:40]!r}"
            for k in contract
            if not same_cell(row[k], seen[k])
        ]
    return bad


@pytest.mark.parametrize("table", TABLES, ids=[t.name for t in TABLES])
def test_csv_opens_in_calc_with_every_contract_cell_intact(
    table: Table, reports: Path, calc_csv: Path
) -> None:
    path = reports / "reports" / f"{table.name}.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        written = list(csv.reader(handle))
    assert written[0] == table.names
    shown = read_tsv(calc_csv / f"{table.name}.csv")
    assert damaged_cells(table, written, shown) == []


@pytest.mark.parametrize("table", TABLES, ids=[t.name for t in TABLES])
def test_xlsx_opens_in_calc_with_every_contract_cell_intact(
    table: Table, seed_batch: BatchResult, calc_xlsx: Path
) -> None:
    rows = records(frame(table, seed_batch))
    cells = [["" if r[c] is None else str(r[c]) for c in table.names] for r in rows]
    written = [table.names, *cells]
    shown = read_tsv(calc_xlsx / f"audit-{SHEETS[table.name]}.csv")
    assert damaged_cells(table, written, shown) == []


def test_curly_quotes_are_unharmed_in_both(reports: Path, calc_csv: Path, calc_xlsx: Path) -> None:
    for table in TABLES:
        text = (reports / "reports" / f"{table.name}.csv").read_text(encoding="utf-8-sig")
        sheet = calc_xlsx / f"audit-{SHEETS[table.name]}.csv"
        for shown in (calc_csv / f"{table.name}.csv", sheet):
            seen = shown.read_text(encoding="utf-8")
            counts = [(q, text.count(q), seen.count(q)) for q in CURLY]
            assert all(a == b for _, a, b in counts), (shown.name, counts)
    findings = (reports / "reports" / "findings.csv").read_text(encoding="utf-8-sig")
    assert "“" in findings and "’" in findings  # the seeds quote with curly marks


def test_unquoted_semicolons_would_have_split_cells(
    soffice: str, reports: Path, tmp_path: Path
) -> None:
    """The check can fail: the old minimal quoting of the same rows splits cells in Calc."""
    source = reports / "reports" / "findings.csv"
    with source.open(encoding="utf-8-sig", newline="") as handle:
        written = list(csv.reader(handle))
    minimal = io.StringIO(newline="")
    csv.writer(minimal, lineterminator="\r\n").writerows(written)
    old = tmp_path / "findings.csv"
    old.write_text(minimal.getvalue(), encoding="utf-8-sig", newline="")
    convert(soffice, [old], tmp_path / "out", CSV_IMPORT)
    shown = read_tsv(tmp_path / "out" / "findings.csv")
    (findings,) = [t for t in TABLES if t.name == "findings"]
    assert damaged_cells(findings, written, shown) != []


FULLWIDTH = ["\uff1d1+1", "\uff0b1+1", "\uff0d1+1", "\uff20SUM(1;2)", "\ufe661+1", "\u207c1+1"]


def test_calc_keeps_fullwidth_operators_as_text_and_the_guard_too(
    soffice: str, tmp_path: Path
) -> None:
    """What LibreOffice does with ＝1+1 (U+FF1D) and its kin in a CSV, formulas evaluated: text,
    as written; "=1+1" beside them is a formula (the check can fail). The CSV report guards the
    fullwidth forms anyway (an apostrophe, as for "="), and Calc shows the guarded cell as
    written."""
    from audit.report.csv import line

    cells = ["=1+1", *FULLWIDTH]
    source = tmp_path / "cells.csv"
    raw = "".join('"' + c + '"\r\n' for c in cells)
    guarded = "".join(line([c]) for c in cells)
    source.write_text(raw, encoding="utf-8-sig", newline="")
    (tmp_path / "guarded.csv").write_text(guarded, encoding="utf-8-sig", newline="")
    convert(soffice, [source, tmp_path / "guarded.csv"], tmp_path / "out", CSV_IMPORT)
    shown = [row[0] for row in read_tsv(tmp_path / "out" / "cells.csv")]
    assert shown == ["2", *FULLWIDTH]
    shown = [row[0] for row in read_tsv(tmp_path / "out" / "guarded.csv")]
    assert shown == ["'" + c for c in cells]
