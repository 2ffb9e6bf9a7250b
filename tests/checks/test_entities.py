"""Name spellings across languages (``audit.checks.entities``): keyboard slips against the
spellings a language makes, and the neighbours that tell a replaced part of a name."""

import pytest

from audit.checks.entities import _neighbours, keyboard, typo
from audit.words import tokens


@pytest.mark.parametrize(
    ("name", "word"),
    [("Liverpool", "Lievrpool"), ("World", "Wolrd"), ("Hospital", "Hospittal"),
     ("Andrew", "Anddrew"), ("Westminster", "Westminnster")],
)  # fmt: skip
def test_a_swapped_or_doubled_inner_letter_is_a_slip(name, word):
    assert keyboard(name, word)


@pytest.mark.parametrize(
    ("name", "word"),
    [("Parliament", "Parlament"), ("Program", "Programm"), ("Model", "Modell"),
     ("Theatre", "Theater"), ("Zimbabwe", "Simbabwe"), ("Liverpool", "Liverpool")],
)  # fmt: skip
def test_spellings_a_language_makes_are_no_slip(name, word):
    assert not keyboard(name, word)


def test_a_dropped_inner_letter_is_a_typo_but_not_a_keyboard_slip():
    assert typo("Kazinform", "Kzinform") and not keyboard("Kazinform", "Kzinform")


def test_neighbours_are_the_capitalised_words_beside():
    words = list(tokens("Sie sprach mit Radio City am Montag."))
    city = next(t for t in words if t.text == "City")
    radio = next(t for t in words if t.text == "Radio")
    assert _neighbours(words, city) == {(-1, "radio")}
    assert _neighbours(words, radio) == {(1, "city")}
