"""Planted changes: each class changes what it says it changes, and reports where."""

from __future__ import annotations

import random

import pytest

from audit.judge.perturb import EDITS, KEEPS, OPPOSES, REVERSES, SHIFTS, Lexicon

LEXICON = Lexicon(
    opposites={"increase": ["decrease"], "northern": ["southern"]},
    hypernyms={"trucks": ["vehicles"]},
    tenses={"visited": ["visits", "will visit"]},
    names=("Norway", "Chile"),
    phrases=("for the first time",),
    modifiers=frozenset({"northern", "nuclear"}),
    verbs=frozenset({"visited"}),
)

SENTENCE = {
    "negation": "The ministry will increase its budget for the northern region.",
    "opposite": "The ministry will increase its budget for the northern region.",
    "entity": "The minister visited Japan and Korea on Monday.",
    "figure": "The factory hired 250 workers in March.",
    "gender": "He said the trucks would arrive on Monday.",
    "question": "The ministry will increase its budget.",
    "relation": "In the final, Japan defeated Korea.",
    "tense": "The minister visited Japan on Monday.",
    "hypernym": "He said the trucks would arrive on Monday.",
    "drop_word": "The plant has a nuclear reactor near the coast.",
    "drop_entity": "The minister visited Japan and Korea on Monday.",
    "addition": "The team won the league, the club said.",
    "reword": "On Monday, the minister visited Japan.",
}


@pytest.mark.parametrize("kind", list(EDITS))
def test_each_class_changes_the_sentence_where_it_says(kind):
    text = SENTENCE[kind]
    change = EDITS[kind](text, LEXICON, random.Random(3))
    assert change is not None and change.kind == kind and change.text != text
    for start, end in change.spans:
        assert 0 <= start <= end <= len(change.text)
    if change.lost:  # a dropped word: the lost span is in the original sentence
        assert all(text[a:b].strip() for a, b in change.lost)


def test_examples_of_each_class():
    rng = random.Random(1)
    assert EDITS["opposite"]("Prices increase.", LEXICON, rng).text == "Prices decrease."
    assert EDITS["question"](SENTENCE["question"], LEXICON, rng).text == (
        "Will the ministry increase its budget?"
    )
    assert EDITS["relation"](SENTENCE["relation"], LEXICON, rng).text == (
        "In the final, Korea defeated Japan."
    )
    assert EDITS["hypernym"](SENTENCE["hypernym"], LEXICON, rng).text == (
        "He said the vehicles would arrive on Monday."
    )
    assert EDITS["drop_word"](SENTENCE["drop_word"], LEXICON, rng).text == (
        "The plant has a reactor near the coast."
    )
    assert EDITS["reword"](SENTENCE["reword"], LEXICON, rng).text == (
        "The minister visited Japan on Monday."
    )


def test_no_place_no_change():
    assert (
        EDITS["gender"]("The ministry will increase its budget.", LEXICON, random.Random(0)) is None
    )
    assert EDITS["figure"]("No figures here at all.", LEXICON, random.Random(0)) is None


def test_classes_partition():
    assert set(EDITS) == set(REVERSES) | set(SHIFTS) | set(KEEPS)
    assert OPPOSES <= set(REVERSES)
