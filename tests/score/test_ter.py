"""TER: exact sacrebleu values, the documented word cap, memo and the parallel path."""

from __future__ import annotations

import pytest
from sacrebleu.metrics import TER

from audit.records import AlignedUnit, Document
from audit.score import UnitScorer, score_units
from audit.score.ter import TerScorer
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
    with TerScorer() as scorer:
        assert scorer.scores(PAIRS) == [_sacrebleu(h, r) for h, r in PAIRS]


def test_parallel_path_gives_the_same_values():
    pairs = [(f"{h} {k}", r) for k in range(6) for h, r in PAIRS]
    with TerScorer(workers=2, min_parallel=2) as scorer:
        assert scorer.scores(pairs) == [_sacrebleu(h, r) for h, r in pairs]
        assert scorer.running  # the forked pool did the work


def test_each_pair_is_computed_once():
    seen: list[tuple[str, str]] = []
    scorer = TerScorer(min_parallel=10**9, compute=lambda pair: seen.append(pair) or 1.0)
    assert scorer.scores([PAIRS[0], PAIRS[1], PAIRS[0]]) == [1.0, 1.0, 1.0]
    scorer.scores([PAIRS[1]])
    assert seen == [PAIRS[0], PAIRS[1]]


def test_a_copy_for_another_process_has_no_memo_and_no_pool():
    import pickle

    with TerScorer(workers=2, min_parallel=2) as scorer:
        scorer.scores([(f"{h} {k}", r) for k in range(3) for h, r in PAIRS])
        copy = pickle.loads(pickle.dumps(scorer))
    assert len(scorer) == 12 and len(copy) == 0 and not copy.running


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
    (scores,) = score_units([unit], ref, der, cap, UnitScorer())
    assert (scores.ter is not None) is has_ter
    assert scores.chrf is not None


def test_default_cap_is_80_words():
    assert AuditConfig().ter_max_words == 80
