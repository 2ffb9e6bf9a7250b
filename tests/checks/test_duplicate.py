"""Duplicate check: a passage printed twice is reported once, on the copy."""

from __future__ import annotations

import pytest

from audit.checks.duplicate import MAX_POSTING, Candidates
from checks.helpers import findings, spans

CAPTION = (
    "Jens Stoltenberg (left) shakes hands with Park Jin during a meeting in Seoul on January 29."
)


@pytest.mark.parametrize(
    ("derivative", "expected"),
    [
        pytest.param(f"{CAPTION}\n\nBody text here.\n\n{CAPTION}", CAPTION, id="exact"),
        pytest.param(
            f"{CAPTION}\n\n{CAPTION.replace('Park Jin', 'Foreign Minister Park Jin')}",
            CAPTION.replace("Park Jin", "Foreign Minister Park Jin"),
            id="near-copy",
        ),
    ],
)
def test_repeated_passages_are_reported(derivative, expected):
    found = findings("duplicate", CAPTION, derivative)
    assert spans(found, "duplicate") == [expected]
    assert "repeats line 1" in found[0].explanation


@pytest.mark.parametrize(
    "derivative",
    [
        pytest.param(
            f"{CAPTION}\n\nStoltenberg met Park Jin in Seoul to discuss weapons exports.",
            id="shared-names",
        ),
        pytest.param("Jens Stoltenberg\n\nSome quote.\n\nJens Stoltenberg", id="short-attribution"),
    ],
)
def test_distinct_passages_stay_silent(derivative):
    assert not findings("duplicate", CAPTION, derivative)


def test_same_frame_with_other_content_is_no_duplicate():
    derivative = (
        "This picture shows the infant mortality rate.\n\n"
        "This picture shows the social mobility rate."
    )
    assert not findings("duplicate", derivative, derivative)


def test_credit_inside_a_repeated_caption_is_reported_once():
    caption = "Stoltenberg shakes hands with Park Jin in Seoul on Monday. Photo: Reuters."
    reference = "Stoltenberg met Park Jin in Seoul on Monday."
    found = findings(None, reference, f"{caption}\n\n{caption}", pairs=[((0,), (0,))])
    copy = next(f for f in found if f.category.value == "duplicate")
    inside = [f for f in found if f is not copy and copy.start <= f.start < copy.end]
    assert not inside, [(f.category.value, f.span) for f in inside]


def test_candidates_are_copies_and_paragraphs_sharing_an_uncommon_word_pair():
    common = [f"the same frame {k}" for k in range(MAX_POSTING + 1)]  # "the same" too common
    keys = ["a rare pair here", "x", "another rare pair", "a rare pair here", *common]
    index = Candidates.of(keys)
    assert index.later(0) == [2, 3]  # its copy, and "rare pair"
    assert index.later(2) == [3]
    assert index.later(3) == []  # a later copy claims nothing
    assert index.later(4) == []
    assert index.postings["the same"] is None
