"""Sentence seams (``audit.checks.marks.run_on``): a sentence cut off and run into the next."""

from audit.checks.garbled import TITLE_NOUNS
from audit.checks.marks import run_on

CUT = "Die Zahl der Flüchtlinge Die Polizei hat 15 Menschen verhaftet."
NAME = "Er sprach mit der Partei Die Linke über Geld."


def test_an_opener_after_a_lower_case_word_is_a_seam():
    assert run_on("Duffy hatte City bald weit Die Zweitplatzierten kamen.", "de") == (27, "Die")


def test_after_a_german_noun_only_when_asked():
    assert run_on(CUT, "de") is None
    assert run_on(CUT, "de", after_nouns=True) == (25, "Die")


def test_a_name_after_a_title_noun_is_found_as_a_seam_and_left_to_the_caller():
    assert run_on(NAME, "de", after_nouns=True) == (25, "Die")
    assert "Partei" in TITLE_NOUNS


def test_the_first_word_is_never_a_seam():
    assert run_on("Bundestag Die Abgeordneten stimmten zu.", "de", after_nouns=True) is None
