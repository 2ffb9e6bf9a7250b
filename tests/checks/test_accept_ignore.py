"""Accepted findings: ignore files by stable finding id."""

from __future__ import annotations

from pathlib import Path

import pytest

from audit.checks.accept import drop_ignored, load_ignore
from audit.errors import ConfigError
from audit.records import Category, Finding, Severity


def _finding(span: str) -> Finding:
    return Finding(
        document="d.txt",
        unit=0,
        category=Category.GARBLED,
        severity=Severity.MAJOR,
        check="garbled",
        start=0,
        end=len(span),
        span=span,
        line=1,
        explanation="x",
    )


@pytest.mark.parametrize(
    ("content", "ids"),
    [
        pytest.param(
            "# reviewed 2026-11-22\n43cb258bff0e  # headline dropped on purpose\n\nac86873a7f2e\n",
            ("43cb258bff0e", "ac86873a7f2e"),
            id="lines-with-comments",
        ),
        pytest.param(
            "\ufeffreference,document,id\nr.txt,d.txt,43cb258bff0e\nr.txt,d.txt,\n",
            ("43cb258bff0e",),
            id="findings-csv",
        ),
        pytest.param(
            "# reviewed in audit.html\n43cb258bff0e  # d.txt: name: Choi\n"
            "link:f270eac43628:a073c40f66f3  # wrong link: d.txt: unit 8: “I urge … | #NATO …\n",
            ("43cb258bff0e", "link:f270eac43628:a073c40f66f3"),
            id="the-html-report-s-file-with-a-wrong-link",
        ),
    ],
)
def test_load_ignore(tmp_path: Path, content: str, ids: tuple[str, ...]) -> None:
    path = tmp_path / "ignore.txt"
    path.write_text(content, encoding="utf-8")
    assert load_ignore(path) == ids


def test_a_bad_id_names_file_line_and_fix(tmp_path: Path) -> None:
    path = tmp_path / "ignore.txt"
    path.write_text("43cb258bff0e\nnot-an-id\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_ignore(path)
    assert str(err.value) == (
        f"{path}:2: 'not-an-id' is not a finding id (12 hex digits, the `id` column of "
        "findings.csv) or a wrong link (link:<12 hex>:<12 hex>, saved by audit.html)"
    )


def test_drop_ignored_keeps_the_others() -> None:
    kept, dropped = _finding("purpose."), _finding("bottom.")
    assert drop_ignored([kept, dropped], {dropped.id}) == (kept,)
    assert drop_ignored([kept, dropped], ()) == (kept, dropped)
