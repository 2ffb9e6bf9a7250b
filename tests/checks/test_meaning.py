"""The meaning check and the severity settlement, on hand-made judgements (exact control of
what the judge says; the real judge runs in tests/judge and tests/checks/test_seeds.py)."""

from __future__ import annotations

from dataclasses import replace

from audit.checks import run_checks
from audit.checks.meaning import marked_runs
from audit.records import JudgeLevels, UnitJudgement
from audit.words import tokens
from checks.helpers import context

REF = "Stoltenberg said the alliance wants to help manage global threats."
DER = "Stoltenberg said the alliance could cause global threats."
LEVELS = JudgeLevels(0.3, 0.4, 0.6)


def judged(ctx, major, opposite=0.0, marked=(), lost=()):
    """A judgement of the one unit marking the derivative words ``marked``."""
    der = ctx.derivative.document.text
    ref = ctx.reference.document.text
    words = tuple((t.start, t.end, 0.9 if t.text in marked else 0.05) for t in tokens(der))
    lost_words = tuple((t.start, t.end, 0.9 if t.text in lost else 0.05) for t in tokens(ref))
    return replace(
        ctx,
        judgements=(UnitJudgement(0, major, opposite, words, lost_words),),
        judge_levels=LEVELS,
    )


def meaning(found):
    return [(f.span, f.severity.value) for f in found if f.category.value == "meaning"]


def test_marked_words_are_the_span():
    ctx = judged(context(REF, DER), 0.8, marked={"cause"})
    found = run_checks(ctx, ["meaning"])
    assert meaning(found) == [("cause", "major")]
    assert "“cause”" in found[0].explanation and "0.80" in found[0].explanation


def test_opposite_is_critical():
    ctx = judged(context(REF, DER), 0.9, opposite=0.8, marked={"could", "cause"})
    assert meaning(run_checks(ctx, ["meaning"])) == [("could cause", "critical")]


def test_between_thresholds_is_minor_and_below_is_nothing():
    assert meaning(run_checks(judged(context(REF, DER), 0.5, marked={"cause"}), ["meaning"])) == [
        ("cause", "minor")
    ]
    assert meaning(run_checks(judged(context(REF, DER), 0.2, marked={"cause"}), ["meaning"])) == []


def test_lost_reference_words_make_an_omission():
    ctx = judged(context(REF, DER), 0.8, lost={"help", "manage"})
    found = run_checks(ctx, ["meaning"])
    assert [(f.start, f.span, f.severity.value) for f in found] == [(None, "help manage", "major")]


def test_a_named_check_on_the_same_words_explains_them():
    ctx = judged(context(REF, DER), 0.9, marked={"could"})
    found = run_checks(ctx)
    assert meaning(found) == []
    assert [f.span for f in found if f.category.value == "mistranslation"] == ["could cause"]


def test_quote_reworded_and_judged_faithful_is_minor():
    ref = 'He said: "We must act now to protect our people."'
    der = 'Speaking on Monday, he stated: "We have to act now to protect our people."'
    plain = run_checks(context(ref, der), ["quote"])
    assert [f.severity.value for f in plain] == ["major"]
    settled = run_checks(judged(context(ref, der), 0.1), ["quote"])
    assert [f.severity.value for f in settled] == ["minor"]
    assert "judge reads the quotation as faithful" in settled[0].explanation


def test_a_quote_changed_in_a_copy_stays_major():
    ref = 'He said: "We must act now to protect our people."'
    der = 'He said: "We could act now to protect our people."'
    assert [f.severity.value for f in run_checks(judged(context(ref, der), 0.1), ["quote"])] == [
        "major"
    ]


def test_minor_finding_on_words_the_judge_marks_is_raised():
    ref = "The company, which was founded by two brothers in Lyon in 1978, sold its bakery."
    der = "The company sold its bakery."
    ctx = context(ref, der)
    before = [f for f in run_checks(ctx) if f.severity.value == "minor"]
    assert before, "the fixture needs a minor finding"
    target = before[0]
    lost = {t.text for t in tokens(ref) if target.ref_start <= t.start < (target.ref_end or 0)}
    after = run_checks(judged(ctx, 0.9, lost=lost))
    raised = [f for f in after if f.id == target.id]
    assert raised and raised[0].severity.value == "major"
    assert "meaning judge reads a major error" in raised[0].explanation


def test_runs_join_words_across_small_gaps():
    words = (
        (0, 3, 0.9),
        (4, 7, 0.1),
        (8, 11, 0.8),
        (12, 15, 0.1),
        (16, 19, 0.1),
        (20, 23, 0.1),
        (24, 27, 0.7),
    )
    assert marked_runs(words) == [(0, 11, 0.9), (24, 27, 0.7)]


def test_a_shift_read_as_the_opposite_is_critical():
    ctx = judged(context(REF, DER), 0.9, opposite=0.9, marked={"could", "cause"})
    found = [f for f in run_checks(ctx) if f.category.value == "mistranslation"]
    assert [(f.span, f.severity.value) for f in found] == [("could cause", "critical")]
    assert "stating the opposite" in found[0].explanation
