"""The alignment benchmark: reading gold, block shuffles, scoring, and the CLI command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import audit.pipeline
from audit.bench.align import (
    GoldPair,
    load_gold,
    micro_prf,
    shuffle_blocks,
    unit_links,
)
from audit.cli import app
from audit.errors import BenchError
from audit.records import AlignedUnit

DATA = Path(__file__).resolve().parent.parent / "data"
TINY = DATA / "align_tiny.jsonl"
runner = CliRunner()


@pytest.fixture
def real_encoder(monkeypatch, encoder):
    """The CLI's encoder is the session's real model (loaded once)."""
    monkeypatch.setattr(audit.pipeline, "create_encoder", lambda *args, **kwargs: encoder)
    return encoder


@pytest.mark.parametrize(
    ("split", "pairs"),
    [
        pytest.param("dev", 1, id="dev"),
        pytest.param("test", 2, id="test"),
        pytest.param("all", 3, id="all"),
    ],
)
def test_load_gold_filters_by_split(split, pairs):
    assert len(load_gold(TINY, split)) == pairs


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(
            "{not json\n",
            "{path}:1: not valid JSON (Expecting property name enclosed in double quotes); "
            "one object per line",
            id="bad-json",
        ),
        pytest.param(
            '{"gold": []}\n',
            "{path}:1: bad pair (KeyError: 'reference_sentences'); each line needs "
            "reference_sentences, derivative_sentences and gold [[ref, deriv], ...]",
            id="missing-field",
        ),
        pytest.param(
            '{"reference_sentences": ["a"], "derivative_sentences": ["b"], "gold": [[0, 3]]}\n',
            "{path}:1: gold link [0, 3] is out of range; fix the indices",
            id="out-of-range",
        ),
        pytest.param(
            "\n\n", "{path}: no pairs in the file; pass a JSONL file of aligned pairs", id="empty"
        ),
    ],
)
def test_bad_files_raise_bench_error(tmp_path, content, message):
    path = tmp_path / "gold.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BenchError) as caught:
        load_gold(path, "all")
    assert str(caught.value) == message.format(path=path)


def test_shuffle_blocks_moves_gold_with_the_sentences():
    pair = GoldPair(
        "p",
        "test",
        ("r0", "r1", "r2"),
        tuple(f"d{k}" for k in range(11)),
        frozenset({(0, 0), (1, 5), (2, 10)}),
    )
    shuffled = shuffle_blocks(pair, seed=3)
    assert sorted(shuffled.derivative) == sorted(pair.derivative)
    assert shuffled.derivative != pair.derivative
    assert {(j, shuffled.derivative[i]) for j, i in shuffled.gold} == {
        (0, "d0"),
        (1, "d5"),
        (2, "d10"),
    }
    assert shuffle_blocks(pair, seed=3) == shuffled


def test_shuffle_blocks_keeps_sentences_together_in_blocks():
    pair = GoldPair("p", "test", (), tuple(str(k) for k in range(40)), frozenset())
    order = [int(s) for s in shuffle_blocks(pair, seed=1).derivative]
    runs, length = [], 1
    for before, after in zip(order, order[1:], strict=False):
        if after == before + 1:
            length += 1
        else:
            runs.append(length)
            length = 1
    runs.append(length)
    assert order != list(range(40))
    assert sum(runs) == 40
    assert sum(1 for length in runs if length < 2) <= 1  # only a last, cut block may be single


def test_a_unit_links_all_its_sentence_pairs():
    units = [AlignedUnit(0, (0,), (0, 1)), AlignedUnit(1, (1, 2), (2,)), AlignedUnit(2, (), (3,))]
    assert unit_links(units) == {(0, 0), (0, 1), (1, 2), (2, 2)}


def test_micro_averaged_scores():
    gold = [frozenset({(0, 0), (1, 1)}), frozenset({(0, 0)})]
    predicted = [{(0, 0), (0, 1)}, {(0, 0)}]
    precision, recall, f1 = micro_prf(gold, predicted)
    assert (precision, recall) == (pytest.approx(2 / 3), pytest.approx(2 / 3))
    assert f1 == pytest.approx(2 / 3)


@pytest.mark.parametrize(
    "extra", [pytest.param([], id="plain"), pytest.param(["--shuffle-blocks", "7"], id="shuffled")]
)
def test_command_prints_one_json_object(real_encoder, extra):
    result = runner.invoke(app, ["bench", "align", str(TINY), "--split", "all", *extra])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert list(payload) == ["pairs", "precision", "recall", "f1", "seconds"]
    assert payload["pairs"] == 3
    assert payload["precision"] == 1.0 and payload["recall"] == 1.0


def test_command_reports_a_bad_file(tmp_path, real_encoder):
    path = tmp_path / "gold.jsonl"
    path.write_text("{not json\n", encoding="utf-8")
    result = runner.invoke(app, ["bench", "align", str(path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {path}:1: not valid JSON (Expecting property name enclosed in double quotes); "
        "one object per line\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["missing.jsonl"],
            "Error: missing.jsonl: cannot read the file ([Errno 2] No such file or directory: "
            "'missing.jsonl'); pass a UTF-8 JSONL file\n",
            id="missing",
        ),
        pytest.param(
            [str(TINY), "--split", "train"],
            f"Error: {TINY}: unknown split 'train'; use one of dev, test, all\n",
            id="split",
        ),
    ],
)
def test_command_usage_errors(real_encoder, args, message):
    result = runner.invoke(app, ["bench", "align", *args])
    assert result.exit_code == 2
    assert result.stderr == message
