"""Which language a document is in, and what a pair of documents is."""

from __future__ import annotations

import pytest

from audit.languages import detect_language, language_name, sample
from audit.records import PairLanguages
from tests.conftest import DERIVATIVES, REFERENCE, TRANSLATIONS


@pytest.mark.parametrize(
    ("name", "code"),
    [
        pytest.param("harbour.en.txt", "en", id="english"),
        pytest.param("harbour.de.txt", "de", id="german"),
        pytest.param("library.zh.txt", "zh", id="chinese"),
        pytest.param("library.en.txt", "en", id="english-from-chinese"),
    ],
)
def test_documents_are_identified(name: str, code: str) -> None:
    assert detect_language((TRANSLATIONS / name).read_text(encoding="utf-8")) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        pytest.param(
            "오늘 서울에서 회의가 열렸다. 대통령은 경제를 살리겠다고 말했다.", "ko", id="korean"
        ),
        pytest.param(
            "اعتقلت الشرطة خمسة عشر شخصا بعد احتجاج عنيف أمام فندق للاجئين في المدينة",
            "ar",
            id="arabic",
        ),  # noqa: E501
        pytest.param("Seoul, Jan 29", "", id="too-short-to-tell"),
        pytest.param("Hello world", "", id="two-words"),
        pytest.param("12 345 678 --- ???", "", id="no-letters"),
    ],
)
def test_short_and_other_scripts(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_the_seeds_are_english() -> None:
    for path in (REFERENCE, *DERIVATIVES):
        assert detect_language(path.read_text(encoding="utf-8")) == "en", path.name


def test_a_long_text_is_sampled_at_start_middle_and_end() -> None:
    text = "a" * 2000 + "b" * 2000 + "c" * 2000
    piece = sample(text, 100)
    assert piece.count("a") == 100 and piece.count("b") == 100 and piece.count("c") == 100


def test_pair_languages() -> None:
    assert not PairLanguages("en", "en").cross and PairLanguages("en", "en").label == "en"
    assert PairLanguages("en", "de").cross and PairLanguages("en", "de").label == "en>de"
    assert not PairLanguages("en", "").cross  # an unknown side: audited as one language
    assert language_name("de") == "German" and language_name("xx") == "xx"
