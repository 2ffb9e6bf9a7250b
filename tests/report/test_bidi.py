"""Right-to-left text and bidirectional controls stay inert in every report."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from audit.embed import Encoder
from audit.pipeline import audit_documents
from audit.records import BatchResult, Document
from audit.report import write_reports
from audit.report.bidi import closed, escaped, visible
from audit.settings import AuditConfig

RLO, PDF, RLI, PDI = "\u202e", "\u202c", "\u2067", "\u2069"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("plain", "plain", id="nothing-open"),
        pytest.param(f"a {RLO}b", f"a {RLO}b{PDF}", id="override-closed"),
        pytest.param(f"a {RLO}b{PDF} c", f"a {RLO}b{PDF} c", id="already-closed"),
        pytest.param(f"{RLI}x{RLO}y", f"{RLI}x{RLO}y{PDF}{PDI}", id="nested"),
        pytest.param(f"{RLI}x{RLO}y{PDI}", f"{RLI}x{RLO}y{PDI}", id="isolate-closes-inside"),
    ],
)
def test_controls_are_closed_in_their_field(text: str, expected: str) -> None:
    assert closed(text) == expected


def test_controls_shown_and_escaped() -> None:
    assert visible(f"a{RLO}b") == "a[U+202E]b"
    assert json.loads(escaped(json.dumps(f"a{RLO}b", ensure_ascii=False))) == f"a{RLO}b"


def test_reports_of_a_spoofing_derivative(tmp_path: Path, encoder: Encoder) -> None:
    reference = "The minister signed the agreement on Monday in Brussels.\nالاتفاق مهم جدا.\n"
    spoof = f"The minister signed the {RLO}tnemeerga on Monday in Brussels.\nالاتفاق مهم جدا.\n"
    result = audit_documents(
        Document("ref.txt", reference), [Document("der.txt", spoof)], AuditConfig(), encoder
    )
    write_reports(BatchResult(results=(result,)), tmp_path, ("csv", "json", "html", "xlsx"))
    for name in ("findings.csv", "alignment.csv"):
        with (tmp_path / name).open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    assert closed(cell) == cell, (name, cell)
    assert f"{RLO}tnemeerga on Monday in Brussels.{PDF}" in (tmp_path / "alignment.csv").read_text(
        encoding="utf-8-sig"
    )
    raw = (tmp_path / "audit.json").read_text(encoding="utf-8")
    assert RLO not in raw and "\\u202e" in raw
    data = json.loads(raw)
    assert data["results"][0]["derivatives"][0]["document"]["text"] == spoof
    html = (tmp_path / "audit.html").read_text(encoding="utf-8")
    assert RLO not in html and "[U+202E]" in html
    assert 'class="der" dir="auto" lang="en"' in html
    book = load_workbook(tmp_path / "audit.xlsx")  # highlighted (rich) cells too
    texts = [
        c for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row
    ]
    spoofed = [t for t in texts if isinstance(t, str) and RLO in t]
    assert spoofed and all(closed(t) == t for t in spoofed)
