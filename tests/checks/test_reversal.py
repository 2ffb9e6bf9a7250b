"""The exact rules added for reversed statements: WordNet opposites, negating prefixes, gender
pronouns, statements made questions, names the article uses elsewhere, one entity's names."""

from __future__ import annotations

import pytest

from checks.helpers import findings, spans


@pytest.mark.parametrize(
    ("reference", "derivative", "span", "severity"),
    [
        pytest.param(
            "The ministry said exports would increase this year.",
            "The ministry said exports would decrease this year.",
            "decrease",
            "critical",
            id="wordnet-antonym",
        ),
        pytest.param(
            "The court found that the strike was lawful.",
            "The court found that the strike was unlawful.",
            "unlawful",
            "critical",
            id="prefix-added-word",
        ),
        pytest.param(
            "South Korea has a policy of providing non-lethal aid to Ukraine.",
            "South Korea has a policy of providing lethal aid to Ukraine.",
            "providing",
            "critical",
            id="hyphen-prefix-dropped",
        ),
        pytest.param(
            "The charity sent medical supplies to the region.",
            "The charity sent non-medical supplies to the region.",
            "non",
            "critical",
            id="hyphen-prefix-added",
        ),
        pytest.param(
            "He said the plan would be ready in May.",
            "She said the plan would be ready in May.",
            "She",
            "major",
            id="gender",
        ),
        pytest.param(
            "The council will close the library next year.",
            "Will the council close the library next year?",
            "?",
            "major",
            id="question",
        ),
    ],
)
def test_reversals_are_reported(reference, derivative, span, severity):
    found = [f for f in findings("mistranslation", reference, derivative)]
    assert spans(found) == [span]
    assert found[0].severity.value == severity


def test_question_kept_is_no_finding():
    found = findings("mistranslation", "Will the council close it?", "Is the council to close it?")
    assert spans(found) == []


def test_name_the_article_uses_elsewhere_is_a_swap():
    reference = "The trip will include Japan.\n\nChina was not on the agenda."
    derivative = "The trip will include China.\n\nChina was not on the agenda."
    found = findings("name", reference, derivative, pairs=[((0,), (0,)), ((1,), (1,))])
    assert spans(found) == ["China"]
    assert found[0].severity.value == "major"


@pytest.mark.parametrize(
    ("reference", "derivative"),
    [
        pytest.param(
            "The final was played in Naples.", "The final was played in Napoli.", id="exonym"
        ),
        pytest.param(
            "Portugal's prime minister resigned.",
            "The Portuguese prime minister resigned.",
            id="adjective-form",
        ),
        pytest.param(
            "Japan and China signed the deal.", "China and Japan signed the deal.", id="reordered"
        ),
    ],
)
def test_one_entity_is_no_name_finding(reference, derivative):
    assert spans(findings("name", reference, derivative)) == []


def test_prefix_rendered_by_a_word_is_no_finding():
    assert spans(findings("mistranslation", "Anti-fraud tips:", "Fraud prevention tips:")) == []
