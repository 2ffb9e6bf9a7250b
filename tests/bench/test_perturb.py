"""Perturbed derivatives for the batch benchmark: deterministic, and really perturbed."""

from __future__ import annotations

import random

import pytest

from audit.bench.perturb import (
    _change_number,
    _drop,
    _duplicate,
    _shuffle,
    _swap_names,
    perturbed_derivatives,
)
from tests.conftest import DERIVATIVES

SENTENCES = [(0, "Alice met Bob in Paris."), (0, "They paid 40 euros."), (1, "Carol left.")]


@pytest.mark.parametrize(
    ("edit", "check"),
    [
        pytest.param(_drop, lambda out: len(out) == 2, id="drop"),
        pytest.param(_duplicate, lambda out: len(out) == 4, id="duplicate"),
        pytest.param(
            _shuffle,
            lambda out: sorted(t for _, t in out) == sorted(t for _, t in SENTENCES),
            id="shuffle",
        ),
        pytest.param(_change_number, lambda out: "40 euros" not in out[1][1], id="number"),
        pytest.param(_swap_names, lambda out: out != SENTENCES, id="names"),
    ],
)
def test_each_edit_changes_the_sentences(edit, check):
    out = edit(list(SENTENCES), random.Random(1))
    assert check(out)
    assert out != SENTENCES


def test_shuffle_keeps_paragraph_positions():
    out = _shuffle(list(SENTENCES), random.Random(0))
    assert [p for p, _ in out] == [p for p, _ in SENTENCES]


def test_derivatives_are_deterministic_and_differ_from_their_bases(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = perturbed_derivatives(DERIVATIVES, 8, tmp_path / "a", seed=3)
    second = perturbed_derivatives(DERIVATIVES, 8, tmp_path / "b", seed=3)
    texts = [p.read_text(encoding="utf-8") for p in first]
    assert texts == [p.read_text(encoding="utf-8") for p in second]
    assert len(set(texts)) == 8
    bases = {p.read_text(encoding="utf-8") for p in DERIVATIVES}
    assert not bases & set(texts)
