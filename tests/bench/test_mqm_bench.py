"""`audit bench mqm` on a tiny handmade TSV (our own rows), through the command line."""

from __future__ import annotations

import csv
import json
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from audit.bench.mqm import MqmRow, auc, evaluate, read_mqm, select_half
from audit.bench.spans import Span
from audit.cli import app
from audit.records import Category, Finding, Severity

COLUMNS = [
    "doc_id",
    "seg_id",
    "system",
    "reference",
    "target",
    "mqm_score",
    "error_spans",
    "n_major",
]
ROWS = [
    (
        "The council approved the budget on Tuesday.",
        "The council approved the budget on Tuesday.",
        0.0,
        [],
    ),
    (
        "The mayor said 40 new buses will arrive in May.",
        "The mayor said 14 new buses will arrive in March.",
        10.0,
        [(15, 17, "Major"), (43, 48, "Major")],
    ),
    (
        "Heavy rain closed the northern highway for six hours.",
        "Heavy rain closed the northern highway for six hours.",
        0.0,
        [],
    ),
    (
        "Officials expect the bridge to reopen next week.",
        "Officials expect the bridge will not reopen next week.",
        5.0,
        [(28, 36, "Major")],
    ),
    (
        "The museum will extend its opening hours in summer.",
        "The museum extends opening hours in summer, said the museum.",
        1.0,
        [(44, 60, "Minor")],
    ),
]


DOC_IDS = ["news-b", "news-a", "news-d", "news-c", "news-b"]
"""Four documents: the fit half is news-a and news-b (rows 0, 1 and 4), eval news-c and news-d."""


def _write(path, rows=ROWS, columns=COLUMNS, doc_ids=DOC_IDS):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t")
        writer.writerow(columns)
        for k, (ref, tgt, score, spans) in enumerate(rows):
            errors = [
                {"rater": "r1", "severity": sev, "side": "target", "start": s, "end": e}
                for s, e, sev in spans
            ]
            n_major = sum(1 for *_, sev in spans if sev == "Major")
            row = [doc_ids[k], k, "sys", ref, tgt, score, json.dumps(errors), n_major]
            writer.writerow(row[: len(columns)])
    return path


def test_bench_mqm_prints_one_json_object(tmp_path):
    result = CliRunner().invoke(app, ["bench", "mqm", str(_write(tmp_path / "mqm.tsv"))])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["rows"] == 5
    assert set(figures) >= {
        "half",
        "rows",
        "kendall_tau",
        "pearson",
        "auc_major",
        "span_recall_major",
        "span_precision",
        "span_recall",
        "span_f1",
        "rows_major",
        "major_rows_flagged",
        "rows_clean",
        "clean_rows_flagged",
        "seconds",
    }
    assert figures["kendall_tau"] > 0
    assert figures["auc_major"] > 0.5
    assert 0 < figures["span_recall_major"] <= 1
    assert (figures["rows_major"], figures["rows_clean"]) == (2, 2)
    for key in ("span_precision", "span_recall", "span_f1", "major_rows_flagged"):
        assert 0 <= figures[key] <= 1


@pytest.mark.parametrize(("half", "rows"), [("fit", 3), ("eval", 2), ("all", 5)])
def test_bench_mqm_half(tmp_path, half, rows):
    path = str(_write(tmp_path / "mqm.tsv"))
    result = CliRunner().invoke(app, ["bench", "mqm", path, "--half", half])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert (figures["half"], figures["rows"]) == (half, rows)


def test_bench_mqm_bad_half_is_a_usage_error(tmp_path):
    path = str(_write(tmp_path / "mqm.tsv"))
    result = CliRunner().invoke(app, ["bench", "mqm", path, "--half", "middle"])
    assert result.exit_code == 2
    assert result.output.strip() == "Error: --half middle: give fit, eval or all"


def test_bench_mqm_half_needs_doc_ids(tmp_path):
    path = str(_write(tmp_path / "mqm.tsv", doc_ids=["", "a", "b", "c", "d"]))
    result = CliRunner().invoke(app, ["bench", "mqm", path, "--half", "fit"])
    assert result.exit_code == 2
    assert result.output.strip() == (
        "Error: --half fit: the file needs a doc_id column with a value in every row"
    )


def test_select_half_splits_the_sorted_doc_ids(tmp_path):
    rows = read_mqm(_write(tmp_path / "mqm.tsv"))
    assert [r.doc_id for r in select_half(rows, "fit")] == ["news-b", "news-a", "news-b"]
    assert [r.doc_id for r in select_half(rows, "eval")] == ["news-d", "news-c"]


def test_bench_mqm_limit(tmp_path):
    result = CliRunner().invoke(
        app, ["bench", "mqm", str(_write(tmp_path / "mqm.tsv")), "--limit", "3"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.strip().splitlines()[-1])["rows"] == 3


def test_bench_mqm_missing_column_is_a_usage_error(tmp_path):
    path = _write(tmp_path / "bad.tsv", columns=COLUMNS[:-1])
    result = CliRunner().invoke(app, ["bench", "mqm", str(path)])
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"Error: {path}: missing column(s) n_major; give an MQM TSV with the columns "
        "reference, target, mqm_score, n_major, error_spans"
    )


def test_bench_mqm_missing_file(tmp_path):
    result = CliRunner().invoke(app, ["bench", "mqm", str(tmp_path / "none.tsv")])
    assert result.exit_code == 2
    assert result.output.strip() == f"Error: {tmp_path / 'none.tsv'}: no such file; check the path"


def test_read_mqm_keeps_target_major_spans(tmp_path):
    rows = read_mqm(_write(tmp_path / "mqm.tsv"))
    assert rows[1].major_spans == ((15, 17), (43, 48))
    assert rows[4].major_spans == ()


@pytest.mark.parametrize(
    ("scores", "positive", "expected"),
    [
        pytest.param([3, 2, 1], [True, False, False], 1.0, id="perfect"),
        pytest.param([1, 2, 3], [True, False, False], 0.0, id="inverted"),
        pytest.param([1, 1], [True, False], 0.5, id="tie"),
        pytest.param([1, 2], [True, True], None, id="one-class"),
    ],
)
def test_auc(scores, positive, expected):
    assert auc(scores, positive) == expected


def test_read_mqm_spans_keep_severity_and_missing_offsets(tmp_path):
    path = tmp_path / "mqm.tsv"
    errors = [
        {"severity": "Critical", "side": "target", "start": 0, "end": 3},
        {"severity": "Major", "side": "target", "start": None, "end": None},
        {"severity": "Minor", "side": "target", "start": 4, "end": 7},
        {"severity": "Minor", "side": "source", "start": 0, "end": 2},
        {"severity": "Neutral", "side": "target", "start": 0, "end": 2},
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t")
        writer.writerow(COLUMNS)
        writer.writerow(["d", 1, "s", "One two.", "Uno dos.", 6.0, json.dumps(errors), 2])
    (row,) = read_mqm(path)
    assert row.spans == (Span(0, 3, True), Span(None, None, True), Span(4, 7, False))
    assert row.major_spans == ((0, 3),)


def _audit(findings, fidelity=90.0):
    """A stand-in for a DocumentAudit: the figures read only its findings and fidelity."""
    return SimpleNamespace(
        findings=tuple(findings),
        summary=SimpleNamespace(fidelity=fidelity),
        judgements=(),
    )


def _finding(start, end, severity):
    return Finding("t", 0, Category.NUMBER, severity, "number", start, end, "", 1, "")


def test_evaluate_span_and_flag_figures():
    rows = [
        _mqm_row("Forty buses came.", 5.0, 1, (Span(0, 5, True),)),
        _mqm_row("It will not open.", 5.0, 1, (Span(None, None, True),)),
        _mqm_row("Rain fell.", 0.0, 0, ()),
        _mqm_row("Snow fell.", 0.0, 0, ()),
    ]
    audits = [
        _audit([_finding(0, 5, Severity.MINOR), _finding(6, 11, Severity.CRITICAL)]),
        _audit([]),
        _audit([_finding(0, 4, Severity.MAJOR)]),
        None,
    ]
    figures = evaluate(rows, audits)
    assert figures["span_precision"] == pytest.approx(2.5 / 14, abs=1e-4)
    assert figures["span_recall"] == pytest.approx(0.5)
    assert (figures["rows_major"], figures["major_rows_flagged"]) == (2, 0.5)
    assert (figures["rows_clean"], figures["clean_rows_flagged"]) == (2, 0.5)


def _mqm_row(target, score, n_major, spans):
    return MqmRow(target, "ref", target, score, n_major, spans, "d")
