"""Accepted spellings: loading the terms CSV and dropping findings inside accepted variants."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from audit.checks.accept import drop_accepted, load_terms
from audit.errors import ConfigError
from audit.records import Category, Finding, Severity

TEXT = "Speaking at the Choi Institute in Seoul, he thanked Seoul."


def _finding(span: str, reference_text: str = "Speaking at the Chey Institute") -> Finding:
    start = TEXT.index(span)
    return Finding(
        document="d.txt",
        unit=3,
        category=Category.NAME,
        severity=Severity.MAJOR,
        check="name",
        start=start,
        end=start + len(span),
        span=span,
        line=1,
        explanation="name changed",
        reference_text=reference_text,
    )


def test_load_terms_reads_term_and_variants(tmp_path: Path) -> None:
    path = tmp_path / "terms.csv"
    path.write_text(
        "term,variants\nChey Institute,Choi Institute,Chei Institute\n\n"
        '"Stoltenberg, Jens",Jens Stoltenberg\n',
        encoding="utf-8",
    )
    assert load_terms(path) == (
        ("Chey Institute", ("Choi Institute", "Chei Institute")),
        ("Stoltenberg, Jens", ("Jens Stoltenberg",)),
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(
            "Chey Institute\n",
            "terms.csv:1: 'Chey Institute' has no accepted variant; write the reference term, "
            "then each variant, separated by commas",
            id="no-variant",
        ),
        pytest.param(
            b"\xff\xfe\x00bad",
            "terms.csv: terms file is not UTF-8; save it as UTF-8 CSV",
            id="not-utf8",
        ),
    ],
)
def test_bad_terms_files_say_how_to_fix_them(
    tmp_path: Path, content: str | bytes, message: str
) -> None:
    path = tmp_path / "terms.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_terms(path)
    assert str(err.value) == f"{tmp_path}/{message}"


def test_missing_terms_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="terms file not found; check the --terms path"):
        load_terms(tmp_path / "nope.csv")


@pytest.mark.parametrize(
    ("finding", "kept"),
    [
        pytest.param(_finding("Choi"), False, id="span-inside-variant"),
        pytest.param(_finding("Choi Institute"), False, id="span-is-variant"),
        pytest.param(_finding("Seoul"), True, id="other-span"),
        pytest.param(_finding("Choi", "A sentence without the term"), True, id="term-not-in-ref"),
        pytest.param(
            dataclasses.replace(_finding("Choi"), start=None, end=None), True, id="no-span"
        ),
    ],
)
def test_drop_accepted(finding: Finding, kept: bool) -> None:
    terms = (("Chey Institute", ("choi institute",)),)
    assert (drop_accepted([finding], TEXT, terms) == (finding,)) is kept
    assert drop_accepted([finding], TEXT, ()) == (finding,)
