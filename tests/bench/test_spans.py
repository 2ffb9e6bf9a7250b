"""Character-level span agreement (the WMT23 span-task scoring) on handmade spans."""

from __future__ import annotations

import pytest

from audit.bench.spans import MAJOR, MINOR, NONE, Span, SpanScore, agreement, labels


def test_labels_worst_span_wins_and_one_slot_past_the_end():
    marks = labels(6, [Span(0, 3, major=False), Span(2, 4, major=True)])
    assert marks.tolist() == [MINOR, MINOR, MAJOR, MAJOR, NONE, NONE, NONE]


def test_labels_clip_offsets_and_mark_an_empty_span_at_its_start():
    assert labels(4, [Span(3, 9, major=True)]).tolist() == [NONE, NONE, NONE, MAJOR, NONE]
    assert labels(4, [Span(4, 5, major=False)]).tolist() == [NONE] * 4 + [MINOR]
    assert labels(4, [Span(1, 1, major=False)]).tolist() == [NONE, MINOR, NONE, NONE, NONE]


def test_spans_without_offsets_mark_nothing():
    assert labels(3, [Span(None, None, major=True)]).tolist() == [NONE] * 4
    assert agreement(3, [Span(None, None, major=True)], []) == SpanScore(0, 0, 0.0)


@pytest.mark.parametrize(
    ("gold", "found", "expected"),
    [
        pytest.param([Span(0, 4, True)], [Span(0, 4, True)], SpanScore(4, 4, 4.0), id="exact"),
        pytest.param([Span(0, 4, True)], [Span(0, 4, False)], SpanScore(4, 4, 2.0), id="severity"),
        pytest.param([Span(0, 4, False)], [Span(2, 8, False)], SpanScore(4, 6, 2.0), id="overlap"),
        pytest.param([Span(0, 4, True)], [], SpanScore(4, 0, 0.0), id="missed"),
        pytest.param([], [Span(5, 7, True)], SpanScore(0, 2, 0.0), id="false-alarm"),
    ],
)
def test_agreement(gold, found, expected):
    assert agreement(10, gold, found) == expected


def test_precision_recall_f1_are_micro_averaged():
    total = agreement(10, [Span(0, 4, True)], [Span(0, 4, False)]) + agreement(
        10, [Span(0, 2, False)], [Span(0, 6, False)]
    )
    assert total == SpanScore(6, 10, 4.0)
    assert total.precision == pytest.approx(0.4)
    assert total.recall == pytest.approx(4 / 6)
    assert total.f1 == pytest.approx(2 * 0.4 * (4 / 6) / (0.4 + 4 / 6))


def test_no_marks_give_no_figures():
    assert SpanScore().precision is None
    assert SpanScore().recall is None
    assert SpanScore().f1 is None
    assert SpanScore(3, 2, 0.0).f1 == 0.0
