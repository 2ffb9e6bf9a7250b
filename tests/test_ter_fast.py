"""audit.ter_fast: the faster TER kernel gives exactly sacrebleu's own TER."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from sacrebleu.metrics import TER

from audit import ter_fast
from tests.conftest import REFERENCE

WORDS = REFERENCE.read_text(encoding="utf-8").split()


def _edited(words: list[str], rng: random.Random) -> list[str]:
    """Words with random deletions, insertions, substitutions and block moves."""
    out = list(words)
    for _ in range(rng.randint(0, 12)):
        k = rng.randint(0, max(0, len(out) - 1))
        roll = rng.random()
        if roll < 0.3 and out:
            del out[k]
        elif roll < 0.6:
            out.insert(k, rng.choice(WORDS))
        elif roll < 0.8 and out:
            out[k] = rng.choice(WORDS)
        elif len(out) > 6:
            s = rng.randint(0, len(out) - 6)
            out = out[:s] + out[s + 3 : s + 6] + out[s : s + 3] + out[s + 6 :]
    return out


def _pairs(count: int) -> list[tuple[str, str]]:
    rng = random.Random(3)
    pairs = [("", ""), ("a b c", ""), ("", "a b c")]
    for _ in range(count):
        start = rng.randint(0, len(WORDS) - 80)
        hyp = WORDS[start : start + rng.randint(0, 60)]
        ref = _edited(hyp, rng) if rng.random() < 0.9 else WORDS[: rng.randint(1, 90)]
        pairs.append((" ".join(hyp), " ".join(ref)))
    return pairs


def _scores(pairs: list[tuple[str, str]]) -> list[float]:
    metric = TER()
    return [metric.sentence_score(hyp, [ref]).score for hyp, ref in pairs]


@pytest.fixture
def original_kernel() -> Iterator[None]:
    ter_fast.uninstall()
    yield
    ter_fast.install()


def test_fast_kernel_scores_equal_sacrebleu_scores(original_kernel: None):
    pairs = _pairs(120)
    expected = _scores(pairs)
    ter_fast.install()
    assert _scores(pairs) == expected
    assert len(set(expected)) > 20  # the pairs are varied, not all alike
