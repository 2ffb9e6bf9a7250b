"""Scores of units and documents: properties that hold whatever the fidelity weights are."""

from __future__ import annotations

import pytest

from audit.records import AlignedUnit, Category, Document, Finding, Severity
from audit.score import UnitScorer, fidelity, score_unit, summarise
from audit.segment import segment
from audit.words import tokens, word_count

REF = "The minister met the press on Monday.\nShe said taxes would fall by 3%.\nA third line here."


def _seg(text: str, name: str = "d.txt"):
    return segment(Document(name=name, text=text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("", 0, id="empty"),
        pytest.param("Three word sentence.", 3, id="plain"),
        pytest.param("It’s 3.5% — “quoted”", 3, id="apostrophes-and-decimals-stay-one-word"),
    ],
)
def test_word_count(text: str, expected: int) -> None:
    assert word_count(text) == expected


def test_tokens_of_one_spelling_share_one_string() -> None:
    first, _, again, other = tokens("fox and fox Fox", offset=10)
    assert (first.text, first.start, first.end, again.start) == ("fox", 10, 13, 18)
    assert first.text is again.text and other.text == "Fox" and other.norm == "fox"


def test_identical_unit_scores_perfectly() -> None:
    ref, der = _seg(REF), _seg(REF)
    scores = score_unit(AlignedUnit(0, (1,), (1,), 1.0), ref, der, ter_max_words=200)
    assert scores.chrf == pytest.approx(100.0)
    assert scores.bleu == pytest.approx(100.0)
    assert scores.ter == pytest.approx(0.0)


def test_ter_is_skipped_for_units_over_the_cap() -> None:
    ref, der = _seg(REF), _seg(REF)
    scores = score_unit(AlignedUnit(0, (1,), (1,), 1.0), ref, der, ter_max_words=2)
    assert scores.ter is None and scores.chrf is not None


def test_addition_and_omission_units_have_no_scores() -> None:
    ref, der = _seg(REF), _seg(REF)
    assert score_unit(AlignedUnit(0, (), (1,), None), ref, der, 200).chrf is None
    assert score_unit(AlignedUnit(0, (1,), (), None), ref, der, 200).chrf is None


def _identity_summary(findings=()):
    ref, der = _seg(REF), _seg(REF)
    units = tuple(AlignedUnit(k, (k,), (k,), 1.0) for k in range(len(ref.sentences)))
    scores = tuple(score_unit(u, ref, der, 200) for u in units)
    return summarise(units, scores, list(findings), ref, der, UnitScorer())


def test_identical_document_has_full_coverage_and_fidelity_100() -> None:
    summary = _identity_summary()
    assert summary.coverage == 1.0
    assert summary.addition_share == 0.0
    assert summary.fidelity == pytest.approx(100.0)
    assert (summary.critical, summary.major, summary.minor) == (0, 0, 0)


def _finding(severity: Severity) -> Finding:
    return Finding("d.txt", 0, Category.NAME, severity, "name", 0, 3, "The", 1, "x")


def test_findings_lower_fidelity_in_severity_order() -> None:
    clean = _identity_summary().fidelity
    minor = _identity_summary([_finding(Severity.MINOR)]).fidelity
    major = _identity_summary([_finding(Severity.MAJOR)]).fidelity
    critical = _identity_summary([_finding(Severity.CRITICAL)]).fidelity
    assert clean > minor > major > critical


def test_omitted_sentence_lowers_coverage() -> None:
    ref, der = _seg(REF), _seg(REF)
    units = (
        AlignedUnit(0, (0,), (0,), 1.0),
        AlignedUnit(1, (1,), (), None),
        AlignedUnit(2, (2,), (2,), 1.0),
        AlignedUnit(3, (), (1,), None),
    )
    scores = tuple(score_unit(u, ref, der, 200) for u in units)
    summary = summarise(units, scores, [], ref, der, UnitScorer())
    omitted = word_count(ref.sentences[1].text)
    total = sum(word_count(s.text) for s in ref.sentences)
    assert summary.coverage == pytest.approx((total - omitted) / total)
    assert summary.omissions == 1 and summary.additions == 1
    assert summary.fidelity < 100.0


def test_fidelity_is_bounded() -> None:
    assert 0.0 <= fidelity(0.0, 1.0, 0.0) <= 100.0
    assert fidelity(1.0, 0.0, 1.0) == pytest.approx(100.0)
