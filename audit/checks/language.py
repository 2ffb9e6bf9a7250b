"""Which language a Latin-script sentence is in, for the untranslated check.

The reference language is taken to be English when its text is rich in English function words
(the default model, all-MiniLM-L6-v2, handles English only). A derivative sentence that is poor
in them goes to lingua (a language identifier whose models ship inside its wheel: nothing is
downloaded); its models load on first use only (0.2 s in low-accuracy mode: trigram models,
reliable on whole sentences), so English derivatives never pay it.
"""

from __future__ import annotations

from functools import lru_cache

from audit.words import tokens

ENGLISH_FUNCTION_WORDS = frozenset(
    "the a an of to in on at for from by with and or but is are was were be been being has have "
    "had that this these those it its as not he she they we you i his her their our your will "
    "would can could said says who which what when there than also after before about".split()
)
# Function words of common Latin-script languages that are not English words: a sentence must
# show some before the language identifier is consulted (English headlines and name lists are
# also poor in English function words, and must not pay for loading its models).
FOREIGN_FUNCTION_WORDS = frozenset(
    # German, Dutch
    "der die das und ist nicht ein eine einen dem den des mit für auf sich auch wird wurde sind "
    "am im vom zum zur "
    "hat haben zu von bei nach über aus het een van niet zijn voor ook wordt maar "
    # French, Italian, Spanish, Portuguese, Romanian
    "le la les et est une des du que qui dans pour pas sur avec sont il della che di per non "
    "sono gli nel alla el los las y es por con para del una lo se al como más os um uma não "
    "com pelo pela são și pe cu sau "
    # Scandinavian, Polish, Czech, Turkish, Vietnamese, Indonesian
    "och att det som är för med ikke og af til jest się nie na że jak ale oraz je se ve bir ve "
    "bu için ile của và là không được có những các trong yang dan di dari untuk dengan ini itu "
    "tidak".split()
)
MIN_WORDS = 6
ENGLISH_SHARE = 0.12
"""A sentence of at least MIN_WORDS words with fewer English function words than this share is
checked by the language identifier; a reference with more than twice it is English."""


def words(text: str) -> list[str]:
    """The letter words of a text, case-folded (``audit.words.tokens`` without numbers)."""
    return [t.norm for t in tokens(text) if not any(ch.isdigit() for ch in t.norm)]


def english_share(text: str) -> float:
    """Share of a text's words that are English function words (0..1; 0 for no words)."""
    tokens = words(text)
    return sum(t in ENGLISH_FUNCTION_WORDS for t in tokens) / len(tokens) if tokens else 0.0


@lru_cache(maxsize=64)  # the same reference for every derivative of a batch
def is_english(text: str) -> bool:
    """Whether a reference text reads as English (by its function words)."""
    return english_share(text) > 2 * ENGLISH_SHARE


def foreign_share(text: str) -> float:
    """Share of a text's words that are function words of other Latin-script languages."""
    tokens = words(text)
    return sum(t in FOREIGN_FUNCTION_WORDS for t in tokens) / len(tokens) if tokens else 0.0


def other_language(sentence: str, min_confidence: float) -> tuple[str, float] | None:
    """(language, confidence) when a sentence is confidently not English, else None.

    Only sentences of at least MIN_WORDS words, poor in English function words and showing
    those of another language, reach the language identifier.
    """
    if len(words(sentence)) < MIN_WORDS or english_share(sentence) >= ENGLISH_SHARE:
        return None
    if foreign_share(sentence) < ENGLISH_SHARE:
        return None
    values = _detector().compute_language_confidence_values(sentence)
    if not values:
        return None
    best = values[0]
    name = best.language.name.title()
    if name == "English" or best.value < min_confidence:
        return None
    return name, float(best.value)


@lru_cache(maxsize=1)
def _detector():  # type: ignore[no-untyped-def]
    """The lingua detector over English and common Latin-script languages (built once)."""
    from lingua import Language, LanguageDetectorBuilder

    names = (
        "ENGLISH GERMAN FRENCH SPANISH ITALIAN PORTUGUESE DUTCH SWEDISH DANISH BOKMAL POLISH "
        "CZECH ROMANIAN TURKISH VIETNAMESE INDONESIAN MALAY TAGALOG HUNGARIAN FINNISH CROATIAN"
    )
    languages = [getattr(Language, name) for name in names.split()]
    # Low-accuracy mode (trigram models only) loads in 0.2 s instead of 3 s; on whole sentences
    # (MIN_WORDS words or more, the only texts it is given) it named the same language as the
    # full models for 15 of 15 test sentences in 15 languages (tests/checks/test_untranslated.py
    # keeps six of them).
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()
