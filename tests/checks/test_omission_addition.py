"""Omission and addition checks: sentences and clauses; furniture and paraphrase stay silent."""

from __future__ import annotations

import pytest

from checks.helpers import findings

K2 = "Some experts say the K2 Panther tank is among the best tanks and could help Kyiv."
LONG = (
    "South Korea has signed major deals providing hundreds of tanks and aircraft to Poland "
    "since the war began."
)


@pytest.mark.parametrize(
    ("reference", "derivative", "pairs", "expected", "severity"),
    [
        pytest.param(
            f"He spoke in Seoul.\n{LONG}",
            "He spoke in Seoul.",
            [((0,), (0,))],
            LONG,
            "major",
            id="sentence",
        ),
        pytest.param(
            "He spoke in Seoul.\nHe left soon.",
            "He spoke in Seoul.",
            [((0,), (0,))],
            "He left soon.",
            "minor",
            id="short-sentence",
        ),
        pytest.param(
            "He thanked Korea for its aid, but urged it to do more, "
            "adding there is an urgent need for ammunition.",
            "He thanked Korea for its aid.",
            None,
            "urged it to do more, adding there is an urgent need for ammunition",
            "major",
            id="clause",
        ),
    ],
)
def test_omissions(reference, derivative, pairs, expected, severity):
    found = findings("omission", reference, derivative, pairs=pairs)
    assert [(f.span, f.severity.value, f.start) for f in found] == [(expected, severity, None)]


@pytest.mark.parametrize(
    ("reference", "derivative", "pairs"),
    [
        pytest.param(
            "He spoke in Seoul.\n"
            "Join ST's Telegram channel and get the latest breaking news delivered to you.",
            "He spoke in Seoul.",
            [((0,), (0,))],
            id="reference-furniture",
        ),
        pytest.param(
            "Mr Stoltenberg argued that events in Europe are interconnected with Asia.",
            "Stoltenberg maintained that events in Europe were linked to Asia.",
            None,
            id="paraphrase",
        ),
        pytest.param(
            "South Korea has signed deals with North Atlantic Treaty Organisation member Poland.",
            "South Korea has signed deals with NATO member Poland.",
            None,
            id="acronym",
        ),
    ],
)
def test_no_omission(reference, derivative, pairs):
    assert not findings("omission", reference, derivative, pairs=pairs)


@pytest.mark.parametrize(
    ("derivative", "pairs", "expected", "severity"),
    [
        pytest.param(
            f"He spoke in Seoul.\n{K2}",
            [((0,), (0,))],
            K2,
            "major",
            id="sentence",
        ),
        pytest.param(
            "He spoke to officials in Seoul about the alliance and its partners, "
            "as former Norwegian prime minister.",
            None,
            "former Norwegian prime minister",
            "minor",
            id="clause",
        ),
    ],
)
def test_additions(derivative, pairs, expected, severity):
    reference = "He spoke to officials in Seoul about the alliance and its partners."
    if pairs is not None:
        reference = "He spoke in Seoul."
    found = findings("addition", reference, derivative, pairs=pairs)
    assert [(f.span, f.severity.value) for f in found] == [(expected, severity)]


@pytest.mark.parametrize(
    ("derivative", "category"),
    [
        pytest.param("He spoke in Seoul. purpose.", "garbled", id="fragment-is-garbled"),
        pytest.param(
            "He spoke in Seoul.\nLeave a Comment", "boilerplate", id="furniture-is-boilerplate"
        ),
    ],
)
def test_explained_spans_are_not_also_additions(derivative, category):
    found = findings(None, "He spoke in Seoul.", derivative, pairs=[((0,), (0,))])
    assert [f.category.value for f in found] == [category]


def test_unlinked_restatement_is_a_minor_addition():
    """Five words or more left unlinked always get a finding; minor when the words are the
    article's (a rewording the aligner did not link), not major."""
    reference = "He spoke in Seoul. He thanked Korea for its aid to Ukraine."
    derivative = "He spoke in Seoul. He thanked Korea for its aid to Ukraine."
    found = findings("addition", reference, derivative, pairs=[((0,), (0,))])
    assert [(f.severity.value, f.span) for f in found] == [
        ("minor", "He thanked Korea for its aid to Ukraine.")
    ]
    assert "may reword a passage" in found[0].explanation


def test_added_sentence_carried_inside_an_aligned_unit_is_a_sentence_addition():
    reference = "The president said the law makes providing weapons to Ukraine difficult."
    added = (
        "South Korea is also a signatory to the Arms Trade Treaty, endorsed in 2014 to keep "
        "close control on who gets weapons."
    )
    derivative = f"The president said the law makes providing weapons to Ukraine difficult. {added}"
    found = findings("addition", reference, derivative, pairs=[((0,), (0, 1))])
    assert [(f.span, f.severity.value) for f in found] == [(added, "major")]
