"""The shipped judge, exported to ONNX and run with onnxruntime (the real weights)."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from audit.judge import Judge, judge_units
from audit.records import AlignedUnit, Document
from audit.segment import segment

REF = "The government will increase spending on schools next year."
FAITHFUL = "Next year, the government will raise spending on schools."
REVERSED = "The government will cut spending on schools next year."


@pytest.fixture(scope="module")
def judge() -> Judge:
    return Judge()


def test_weights_are_small_and_described(judge):
    assert judge.weights.stat().st_size <= 10_000_000
    assert len(judge.digest) == 12
    levels = judge.levels
    assert 0.0 < levels.accept <= levels.minor <= levels.major < 1.0
    assert {"stack", "top", "max_tokens", "base", "rank"} <= set(judge.meta)


def test_outputs_have_the_pair_shape(judge):
    raws = judge.run([(REF, FAITHFUL), (REF, REVERSED)])
    assert [r.unit.shape for r in raws] == [(3,), (3,)]
    assert all(len(r.words) == len(r.pair) for r in raws)


def test_batching_does_not_change_the_outputs(judge):
    pairs = [(REF, FAITHFUL), (REF, REVERSED), ("Short.", "Brief.")]
    together = judge.run(pairs)
    alone = [judge.run([p])[0] for p in pairs]
    for a, b in zip(together, alone, strict=True):
        np.testing.assert_allclose(a.unit, b.unit, atol=1e-4)
        np.testing.assert_allclose(a.words, b.words, atol=1e-4)


def test_a_copy_for_a_worker_loads_its_own_session(judge):
    judge.run([(REF, FAITHFUL)])
    copy = pickle.loads(pickle.dumps(judge))
    assert copy._loaded is None
    np.testing.assert_allclose(
        copy.run([(REF, FAITHFUL)])[0].unit, judge.run([(REF, FAITHFUL)])[0].unit, atol=1e-5
    )


def test_judgements_of_units(judge):
    ref = segment(Document("ref.txt", f"{REF}\n\nThe plan was approved."))
    der = segment(Document("der.txt", f"{REVERSED}\n\nThe plan was approved."))
    units = (AlignedUnit(0, (0,), (0,), 0.9), AlignedUnit(1, (1,), (1,), 1.0))
    first, same = judge_units(judge, ref, der, units)
    assert same.major == 0.0 and same.words == ()  # identical text: not run
    assert 0.0 <= first.major <= 1.0 and 0.0 <= first.opposite <= 1.0
    text = der.document.text
    assert [text[s:e] for s, e, _ in first.words][:3] == ["The", "government", "will"]
    assert all(0.0 <= p <= 1.0 for _, _, p in first.words + first.lost)
    assert max(first.words, key=lambda w: w[2])[:2] == (text.index("cut"), text.index("cut") + 3)


def test_a_reversal_reads_worse_than_a_rewording(judge):
    ref = segment(Document("ref.txt", REF))
    units = (AlignedUnit(0, (0,), (0,), 0.9),)
    faithful = judge_units(judge, ref, segment(Document("a.txt", FAITHFUL)), units)[0]
    reversed_ = judge_units(judge, ref, segment(Document("b.txt", REVERSED)), units)[0]
    assert reversed_.major > faithful.major
