"""The HTML reader on an install that lacks it, or failing on a page: that page's error row, one
exact line, the other derivatives audited (before: an ImportError traceback ended the run)."""

from __future__ import annotations

import builtins
import csv
from pathlib import Path

import pytest

import audit.pipeline
from audit.testing import FakeEncoder
from tests.faults import articles, cli, snapshot

PAGE = "<html><body><article><p>The minister resigned on Monday.</p></article></body></html>"
MISSING = (
    "lxml.html.clean module is now a separate project lxml_html_clean.\n"
    "Install lxml[html-clean] or lxml_html_clean directly."
)


@pytest.fixture(autouse=True)
def fake_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audit.pipeline, "create_encoder", lambda *a, **k: FakeEncoder())


def _run_with_page(tmp_path: Path) -> tuple[Path, object]:
    reference, derivative = articles(tmp_path / "in")
    page = tmp_path / "in" / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    inputs = snapshot(tmp_path / "in")
    result = cli("run", reference, derivative, page, "--out", tmp_path / "out")
    assert snapshot(tmp_path / "in") == inputs
    return page, result


def _rows(out: Path) -> list[tuple[str, str]]:
    with (out / "summary.csv").open(encoding="utf-8-sig", newline="") as handle:
        return [(r["document"], r["status"]) for r in csv.DictReader(handle)]


def test_a_missing_html_reader_is_the_pages_error_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def no_trafilatura(name: str, *args, **kwargs):
        if name == "trafilatura":
            raise ImportError(MISSING)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_trafilatura)
    page, result = _run_with_page(tmp_path)
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [
        f"Error: {page}: HTML cannot be read on this install (lxml.html.clean module is now a "
        "separate project lxml_html_clean. Install lxml[html-clean] or lxml_html_clean "
        "directly.); reinstall audit with its dependencies (pip install audit) or save the "
        "article text as .txt"
    ]
    assert _rows(tmp_path / "out") == [("derivative.txt", "ok"), (str(page), "error")]


def test_a_reader_failure_on_a_page_is_its_error_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import trafilatura

    def fails(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(trafilatura, "extract", fails)
    page, result = _run_with_page(tmp_path)
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [
        f"Error: {page}: the HTML page cannot be read (maximum recursion depth exceeded); save "
        "the article text as .txt"
    ]
    assert _rows(tmp_path / "out") == [("derivative.txt", "ok"), (str(page), "error")]
