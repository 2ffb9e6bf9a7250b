"""Languages: which language a document is written in, and what a pair of documents is.

A document's language is identified by lingua (its models ship inside its wheel; nothing is
downloaded) on a sample of the text: the first, middle and last ``SAMPLE`` characters, so that a
long document costs what a short one does. lingua's models load lazily by script: an English
document loads the Latin-script ones (about 0.4 s, once per process), a Chinese one none at all
(a script identifies it). A text rich in English function words is English without asking
lingua (``audit.checks.language.is_english``: headlines and name lists are not). A text of fewer
than ``MIN_WORDS`` words (letters of Chinese, Japanese or Thai count one each), or one lingua
cannot place with at least ``MIN_CONFIDENCE``, is of unknown language (""): too short to tell
("Seoul, Jan 29" reads as Swahili), and a pair with an unknown side is audited as one language.

A pair is *cross-lingual* (``audit.records.PairLanguages.cross``) when both languages are
known and differ: a translation against its original. Such a pair is embedded with a
multilingual encoder (``audit.embed.multilingual``), aligned with the cross-lingual scoring
(``Settings.cross_align``), and only the checks that read marks, figures and names rather than
words run on it (``audit.checks.base.Scope``).
"""

from __future__ import annotations

from functools import lru_cache

from audit.words import size

SAMPLE = 1_500
"""Characters taken from the start, the middle and the end of a document."""
MIN_CONFIDENCE = 0.5
"""lingua's confidence below which a document's language is unknown."""
MIN_WORDS = 8
"""Fewer words than this (``audit.words.size``) and a text's language is unknown."""
ENGLISH = "en"


def sample(text: str, size: int = SAMPLE) -> str:
    """The start, the middle and the end of a text, each ``size`` characters (all of a short
    text)."""
    if len(text) <= 3 * size:
        return text
    middle = len(text) // 2 - size // 2
    return "\n".join((text[:size], text[middle : middle + size], text[-size:]))


@lru_cache(maxsize=16)  # the same reference for every derivative of a batch
def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language a text is written in ("" when unknown)."""
    from audit.checks.language import is_english

    piece = sample(text)
    if size(piece) < MIN_WORDS:
        return ""
    if is_english(piece):
        return ENGLISH
    values = _detector().compute_language_confidence_values(piece)
    if not values or values[0].value < MIN_CONFIDENCE:
        return ""
    return str(values[0].language.iso_code_639_1.name.lower())


def language_name(code: str) -> str:
    """The English name of a language code ("German"; the code itself when unknown)."""
    from lingua import IsoCode639_1, Language

    try:
        iso = IsoCode639_1.from_str(code)
    except ValueError:
        return code or "unknown"
    return str(Language.from_iso_code_639_1(iso).name.title())


@lru_cache(maxsize=1)
def _detector():  # type: ignore[no-untyped-def]
    """lingua over all its 75 languages, low-accuracy mode (trigram models: whole documents
    are long enough), preloading nothing."""
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()
