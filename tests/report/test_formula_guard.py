"""The CSV guard: a cell that a spreadsheet could take for a formula gets a leading apostrophe,
whether it starts with an ASCII operator or with a character that NFKC turns into one (the
fullwidth ＝ U+FF1D and its kin). LibreOffice's own reading of them: tests/report/test_calc.py."""

from __future__ import annotations

import pytest

from audit.report.csv import neutralise

GUARDED = [
    pytest.param("=1+1", id="equals"),
    pytest.param("\uff1d1+1", id="fullwidth-equals"),
    pytest.param("\ufe66HYPERLINK()", id="small-equals"),
    pytest.param("\u207c1", id="superscript-equals"),
    pytest.param("\u208c1", id="subscript-equals"),
    pytest.param("\uff0bcmd", id="fullwidth-plus"),
    pytest.param("\ufe62cmd", id="small-plus"),
    pytest.param("\u207acmd", id="superscript-plus"),
    pytest.param("\uff0d2+3", id="fullwidth-minus"),
    pytest.param("\ufe632+3", id="small-minus"),
    pytest.param("\uff20SUM(A1)", id="fullwidth-at"),
    pytest.param("\ufe6bSUM(A1)", id="small-at"),
]
PLAIN = [
    pytest.param("\u2212 5 degrees", id="minus-sign"),  # NFKC keeps U+2212
    pytest.param("\u2795 plus", id="heavy-plus"),
    pytest.param("\u229c circled", id="circled-equals"),
    pytest.param("\u207b3", id="superscript-minus"),  # NFKC: U+2212, not "-"
    pytest.param("Équipe", id="accented-letter"),
    pytest.param("x \uff1d 1", id="fullwidth-inside"),
    pytest.param("", id="empty"),
]


@pytest.mark.parametrize("text", GUARDED)
def test_formula_like_cells_are_guarded(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", PLAIN)
def test_other_cells_are_left_alone(text: str) -> None:
    assert neutralise(text) == text
