"""Untranslated check: words in another script than the reference's."""

from __future__ import annotations

import pytest

from checks.helpers import findings, spans

REF = "The foreign ministry spokesperson said China was a partner."


@pytest.mark.parametrize(
    ("derivative", "expected", "severity"),
    [
        pytest.param(
            "The 外交部 spokesperson said China was a partner.", "外交部", "major", id="word"
        ),
        pytest.param(
            "The spokesperson said 中国是各国的伙伴而不是挑战也不威胁任何国家 today.",
            "中国是各国的伙伴而不是挑战也不威胁任何国家",
            "critical",
            id="passage",
        ),
        pytest.param(
            "The Мид spokesperson said China was a partner.", "Мид", "major", id="cyrillic"
        ),
    ],
)
def test_foreign_script_is_reported(derivative, expected, severity):
    found = findings("untranslated", REF, derivative)
    assert spans(found, "untranslated") == [expected]
    assert found[0].severity.value == severity


@pytest.mark.parametrize(
    "derivative",
    [
        pytest.param("The café owner in Zürich said China was a partner.", id="latin-diacritics"),
        pytest.param("The spokesperson said China was a partner (2023).", id="digits"),
    ],
)
def test_same_script_stays_silent(derivative):
    assert not findings("untranslated", REF, derivative)


ENGLISH_REF = (
    "The foreign ministry spokesperson said on Monday that China was a partner to the countries "
    "of the region, and that it did not threaten the interests of any nation."
)


@pytest.mark.parametrize(
    ("derivative", "language"),
    [
        pytest.param(
            "Der Sprecher des Außenministeriums sagte am Montag, China sei ein Partner der Länder.",
            "German",
            id="german-sentence",
        ),
        pytest.param(
            "Le porte-parole du ministère a déclaré lundi que la Chine était un partenaire.",
            "French",
            id="french-sentence",
        ),
        pytest.param(
            "El portavoz del ministerio dijo el lunes que China es un socio de la región.",
            "Spanish",
            id="spanish-sentence",
        ),
        pytest.param(
            "Rzecznik ministerstwa powiedział w poniedziałek, że Chiny nie są zagrożeniem.",
            "Polish",
            id="polish-sentence",
        ),
        pytest.param(
            "Người phát ngôn nói rằng Trung Quốc là đối tác của các nước trong khu vực.",
            "Vietnamese",
            id="vietnamese-sentence",
        ),
        pytest.param(
            "Juru bicara kementerian mengatakan bahwa China adalah mitra dan tidak mengancam.",
            "Indonesian",
            id="indonesian-sentence",
        ),
    ],
)
def test_sentence_in_another_latin_script_language_is_reported(derivative, language):
    found = findings("untranslated", ENGLISH_REF, derivative)
    assert spans(found, "untranslated") == [derivative]
    assert found[0].severity.value == "critical"
    assert language in found[0].explanation


@pytest.mark.parametrize(
    "derivative",
    [
        pytest.param(
            "The spokesperson of the foreign ministry said China was a partner to every country.",
            id="english-paraphrase",
        ),
        pytest.param("Huyen Le (Theo Reuters, Yonhap)", id="short-byline"),
        pytest.param(
            "Seoul, Tokyo, Beijing, Pyongyang, Moscow, Kyiv, Warsaw and Berlin.", id="place-list"
        ),
    ],
)
def test_english_and_short_lines_stay_silent(derivative):
    assert not findings("untranslated", ENGLISH_REF, derivative)
