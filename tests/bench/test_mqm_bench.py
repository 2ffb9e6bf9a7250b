"""`audit bench mqm` on a tiny handmade TSV (our own rows), through the command line."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from audit.bench.mqm import auc, read_mqm
from audit.cli import app

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


def _write(path, rows=ROWS, columns=COLUMNS):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t")
        writer.writerow(columns)
        for k, (ref, tgt, score, spans) in enumerate(rows):
            errors = [
                {"rater": "r1", "severity": sev, "side": "target", "start": s, "end": e}
                for s, e, sev in spans
            ]
            n_major = sum(1 for *_, sev in spans if sev == "Major")
            writer.writerow(
                ["doc", k, "sys", ref, tgt, score, json.dumps(errors), n_major][: len(columns)]
            )
    return path


def test_bench_mqm_prints_one_json_object(tmp_path):
    result = CliRunner().invoke(app, ["bench", "mqm", str(_write(tmp_path / "mqm.tsv"))])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["rows"] == 5
    assert set(figures) >= {
        "rows",
        "kendall_tau",
        "pearson",
        "auc_major",
        "span_recall_major",
        "seconds",
    }
    assert figures["kendall_tau"] > 0
    assert figures["auc_major"] > 0.5
    assert 0 < figures["span_recall_major"] <= 1


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
