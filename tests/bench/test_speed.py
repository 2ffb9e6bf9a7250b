"""The speed benchmark's pieces (no timing is asserted: figures live in `audit bench speed`)."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

from audit.bench.equivalence import read_columns
from audit.bench.speed import SpeedOptions, run_child, run_speed, synthetic_pair
from audit.cli import app
from audit.errors import BenchError
from tests.conftest import ROOT


def test_synthetic_documents_have_unit_rows_and_edits():
    ref, der = synthetic_pair(400)
    assert ref.shape == (400, 384)
    assert der.shape[0] != 400
    np.testing.assert_allclose(np.linalg.norm(der, axis=1), 1.0, rtol=1e-5)


def test_child_run_reports_exit_status_and_memory():
    run = run_child(["version"], ROOT)
    assert run.returncode == 0
    assert run.peak_mib > 10
    assert run.cpu > 0


def test_unknown_section_is_a_bench_error():
    with pytest.raises(
        BenchError, match="section\\(s\\) fast: unknown; use cold, batch, align, mqm"
    ):
        run_speed(SpeedOptions(sections=("fast",)), lambda line: None)


def test_bench_speed_align_section_prints_its_median():
    result = CliRunner().invoke(
        app, ["bench", "speed", "--only", "align", "--align-sentences", "300", "--runs", "1"]
    )
    assert result.exit_code == 0
    assert "align alone" in result.stdout
    assert "300 x" in result.stdout


def test_equivalence_reads_distinct_non_empty_texts(tmp_path):
    path = tmp_path / "pairs.tsv"
    path.write_text("reference\ttarget\nA cat.\tA cat.\nA dog.\t \n", encoding="utf-8")
    assert read_columns(path, ["reference", "target"]) == ["A cat.", "A dog."]


def test_equivalence_names_a_missing_column(tmp_path):
    path = tmp_path / "pairs.csv"
    path.write_text("source,target\na,b\n", encoding="utf-8")
    with pytest.raises(BenchError, match="no column\\(s\\) reference; pass --column NAME"):
        read_columns(path, ["reference", "target"])


@pytest.mark.slow
def test_bench_equivalence_passes_on_a_small_file(tmp_path):
    path = tmp_path / "pairs.tsv"
    path.write_text(
        "reference\ttarget\nThe cat sat on the mat.\tA cat was sitting on a mat.\n"
        "Prices rose 4% in March.\tIn March prices went up by four per cent.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["bench", "equivalence", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("4 texts: cosine min ")
    assert ", 0 below 0.999;" in result.stdout


def test_bench_speed_skips_mqm_it_cannot_run(tmp_path):
    missing = tmp_path / "missing.tsv"
    result = CliRunner().invoke(app, ["bench", "speed", "--only", "mqm", "--mqm", str(missing)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "skipped" in result.stderr
