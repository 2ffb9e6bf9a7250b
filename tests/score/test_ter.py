"""TER: exact sacrebleu values, the documented word cap, memo and the parallel path."""

from __future__ import annotations

import pytest
from sacrebleu.metrics import TER

import audit.score.ter as ter_module
from audit.records import AlignedUnit, Document
from audit.score import score_units
from audit.score.ter import ter_scores
from audit.segment import segment
from audit.settings import AuditConfig

PAIRS = [
    ("the cat sat on the mat", "the cat sat on the mat"),
    ("on the mat the cat sat", "the cat sat on the mat"),
    ("a dog barked loudly at night", "the cat sat on the mat"),
    ("", "the cat sat"),
]


def _sacrebleu(hyp: str, ref: str) -> float:
    return TER().sentence_score(hyp, [ref]).score


def test_ter_scores_equal_sacrebleu_in_order():
    assert ter_scores(PAIRS) == [_sacrebleu(h, r) for h, r in PAIRS]


def test_parallel_path_gives_the_same_values(monkeypatch):
    pairs = [(f"{h} {k}", r) for k in range(6) for h, r in PAIRS]
    monkeypatch.setattr(ter_module, "_memo", {})
    monkeypatch.setattr(ter_module, "PARALLEL_MIN", 2)
    assert ter_scores(pairs) == [_sacrebleu(h, r) for h, r in pairs]


def test_each_pair_is_computed_once(monkeypatch):
    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(ter_module, "_memo", {})
    monkeypatch.setattr(ter_module, "PARALLEL_MIN", 10**9)
    monkeypatch.setattr(ter_module, "_ter_pair", lambda pair: seen.append(pair) or 1.0)
    assert ter_scores([PAIRS[0], PAIRS[1], PAIRS[0]]) == [1.0, 1.0, 1.0]
    ter_scores([PAIRS[1]])
    assert seen == [PAIRS[0], PAIRS[1]]


def _one_unit(ref_text: str, deriv_text: str):
    ref = segment(Document(name="r", text=ref_text))
    der = segment(Document(name="d", text=deriv_text))
    unit = AlignedUnit(0, (0,), (0,), 0.9)
    return unit, ref, der


@pytest.mark.parametrize(
    ("words", "cap", "has_ter"),
    [
        pytest.param(10, 80, True, id="short-unit-scored"),
        pytest.param(80, 80, True, id="at-cap-scored"),
        pytest.param(81, 80, False, id="over-cap-left-empty"),
    ],
)
def test_ter_word_cap(words, cap, has_ter):
    text = " ".join(f"w{k}" for k in range(words)) + "."
    unit, ref, der = _one_unit(text, text.replace("w1 ", "x1 "))
    (scores,) = score_units([unit], ref, der, cap)
    assert (scores.ter is not None) is has_ter
    assert scores.chrf is not None


def test_default_cap_is_80_words():
    assert AuditConfig().ter_max_words == 80
