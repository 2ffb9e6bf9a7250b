"""audit.score.ter_exact gives exactly sacrebleu's sentence TER (sacrebleu is the oracle)."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sacrebleu.metrics import TER

import audit.score.ter_exact as ter_exact
from audit.records import AuditResult
from audit.score.ter_exact import MAX_SHIFT_CANDIDATES, edits_and_length, sentence_ter, tokenize


def _oracle(hyp: str, ref: str) -> tuple[float, int, float]:
    score = TER().sentence_score(hyp, [ref])
    return score.score, score.num_edits, score.ref_length


def _assert_same(hyp: str, ref: str) -> None:
    expected, edits, ref_length = _oracle(hyp, ref)
    assert sentence_ter(hyp, ref) == expected, (hyp, ref)
    assert edits_and_length(tokenize(hyp), tokenize(ref)) == (edits, ref_length)


def test_every_aligned_unit_of_the_seed_audit(seed_result: AuditResult) -> None:
    pairs = {
        (audit.derivative.text_of(unit.deriv), audit.reference.text_of(unit.ref))
        for audit in seed_result.audits
        for unit in audit.units
        if unit.ref and unit.deriv
    }
    assert len(pairs) >= 40  # 48 distinct pairs at the time of writing
    for hyp, ref in sorted(pairs):
        _assert_same(hyp, ref)


def _words(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    return [rng.choice("the a cat dog sat on mat of and it".split()) for _ in range(n)]


def _clauses_moved(n: int) -> tuple[str, str]:
    ref = _words(n, n)
    hyp = ref[n // 2 :] + ref[: n // 3] + ["new", "words"] + ref[n // 3 : n // 2]
    return " ".join(hyp), " ".join(ref)


EDGE_CASES = [
    pytest.param("", "", id="both-empty"),
    pytest.param("", "the cat sat", id="empty-hypothesis"),
    pytest.param("the cat sat", "", id="empty-reference"),
    pytest.param("   \n", "the cat", id="whitespace-hypothesis"),
    pytest.param("the cat sat on the mat", "the cat sat on the mat", id="identical"),
    pytest.param("The CAT sat", "the cat SAT", id="case-is-ignored"),
    pytest.param("Straße İstanbul ÉTÉ", "strasse i̇stanbul été", id="unicode-case"),
    pytest.param("Hello, world!", "Hello world", id="punctuation-stays-attached"),
    pytest.param("Hello , world !", "Hello, world!", id="punctuation-split"),
    pytest.param("a &amp; b", "a & b", id="entities-not-decoded"),
    pytest.param("the\tcat  sat \n", "the cat sat", id="whitespace-kinds"),
    pytest.param("on the mat the cat sat", "the cat sat on the mat", id="one-shift"),
    pytest.param("x", " ".join(_words(1, 200)), id="reference-much-longer"),
    pytest.param(" ".join(_words(2, 200)), "the cat", id="hypothesis-much-longer"),
    pytest.param(*_clauses_moved(60), id="long-clauses-moved"),
    pytest.param(*_clauses_moved(120), id="very-long"),
    pytest.param(" ".join(_words(3, 90)), " ".join(_words(4, 70)), id="unrelated-repetitive"),
]


@pytest.mark.parametrize(("hyp", "ref"), EDGE_CASES)
def test_edge_cases(hyp: str, ref: str) -> None:
    _assert_same(hyp, ref)


# Pairs where one ordering rule alone changes the value (found by mutating that rule in
# ter_exact and searching random edits for a difference from sacrebleu).
TIE_BREAKS = [
    pytest.param("b e e a d c b d b b b c a e", "c c b b e e b c a e d b b", id="earliest-target"),
    pytest.param(
        "b b c c a c b c c c a e b c b c e d", "b b a c c c e b c e d c a c c", id="target-2"
    ),
    pytest.param("e a a a e b a a c e d", "e a a b a c e a a e d", id="earliest-start"),
    pytest.param(
        "e d e e a c e d a e c c c d c", "e a c d e e e a c e d c c d c", id="longest-block"
    ),
    pytest.param(
        "c d e b e e d e b a e b e a", "d b c e b a e d e b e e e a", id="longest-block-2"
    ),
    pytest.param("a a a c b d d e a", "a a c e a b a d d", id="trace-diagonal-first"),
    pytest.param(
        "c b c a e b d c b e d c d c e a", "c b a d e c e b d a e c b c d a", id="trace-diagonal-2"
    ),
    pytest.param(
        "d d c e c e b d e d a b a e", "e e a b a e d d c b d e d", id="trace-deletion-first"
    ),
]


@pytest.mark.parametrize(("hyp", "ref"), TIE_BREAKS)
def test_tie_breaking(hyp: str, ref: str) -> None:
    _assert_same(hyp, ref)


def test_the_shift_candidate_budget_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    counted: list[int] = []
    real = ter_exact.shift_candidates

    def spy(*args):  # type: ignore[no-untyped-def]
        found = real(*args)
        counted.append(found.checked)
        return found

    monkeypatch.setattr(ter_exact, "shift_candidates", spy)
    hyp, ref = " ".join(_words(5, 80)), " ".join(_words(6, 80))
    _assert_same(hyp, ref)
    assert max(counted) >= MAX_SHIFT_CANDIDATES  # the case does reach sacrebleu's budget


VOCAB = st.sampled_from(["a", "b", "c", "d", "A", "b."])


@st.composite
def _derived_pair(draw: st.DrawFn) -> tuple[str, str]:
    """A reference over a tiny vocabulary and a hypothesis made from it by random edits,
    block moves and duplicated blocks (many repeated words: ties and many shift candidates)."""
    ref = draw(st.lists(VOCAB, max_size=25))
    hyp = list(ref)
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["sub", "del", "ins", "move", "dup"]))
        at = draw(st.integers(0, len(hyp)))
        size = draw(st.integers(1, 5))
        block = hyp[at : at + size]
        if kind == "sub" and at < len(hyp):
            hyp[at] = draw(VOCAB)
        elif kind == "del":
            del hyp[at : at + size]
        elif kind == "ins":
            hyp[at:at] = draw(st.lists(VOCAB, min_size=1, max_size=3))
        else:
            if kind == "move":
                del hyp[at : at + size]
            to = draw(st.integers(0, len(hyp)))
            hyp[to:to] = block
    return " ".join(hyp), " ".join(ref)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_derived_pair())
def test_random_edits_moves_and_duplicates(pair: tuple[str, str]) -> None:
    _assert_same(*pair)


@settings(max_examples=200, deadline=None)
@given(st.lists(VOCAB, max_size=30), st.lists(VOCAB, max_size=30))
def test_unrelated_word_lists(hyp: list[str], ref: list[str]) -> None:
    _assert_same(" ".join(hyp), " ".join(ref))
