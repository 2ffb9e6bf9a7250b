"""Words with offsets and their comparison forms: the tokeniser every word-level stage shares.

Normal forms make comparison tolerant of ordinary variation (case, "U.S."/"US",
British/American spelling, possessives); stems of plural and tense endings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from audit.align.lexical import FUNCTION_WORDS

# Abbreviations with dots ("U.S.", "U.S") are one token; otherwise runs of word characters,
# with inner apostrophes ("don't", "Korea's").
_TOKEN = re.compile(r"\d+(?:[.,]\d+)+|(?:[A-Za-z]\.){1,}[A-Za-z]\.?|\w+(?:['’]\w+)*", re.UNICODE)
_SUFFIXES = ("ings", "ing", "ed", "es", "s", "ly")


@dataclass(frozen=True)
class Token:
    """A word of a text: ``text == source[start:end]``; ``norm`` is its comparison form."""

    text: str
    start: int
    end: int
    norm: str

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def content(self) -> bool:
        """A word that carries meaning (not a function word, not a lone letter)."""
        return self.norm not in FUNCTION_WORDS and len(self.norm) > 1


_ISE = re.compile(r"is(e|ed|es|ing|ation|ations)$")


SAME_TERM = {"centigrade": "celsius", "organisation": "organization", "programme": "program"}
"""Two names of one thing, compared as one word ("degrees Centigrade" is "degrees Celsius")."""


def _unaccented(word: str) -> str:
    """A Latin word without its accents ("Kahramanmaraş" = "Kahramanmaras", "Zürich" =
    "Zurich"); words of other scripts stay as they are."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    return bare if bare.isascii() else word


@lru_cache(maxsize=65536)
def normal(word: str) -> str:
    """Comparison form: case-folded, dots and possessive ending removed, -ise spelt -ize."""
    word = word.casefold().replace(".", "").replace("’", "'")
    if not word.isascii():  # Kahramanmaraş = Kahramanmaras, Zürich = Zurich
        word = "".join(
            c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)
        )
    if word.endswith("'s"):
        word = word[:-2]
    match = _ISE.search(word)
    if match and match.start() >= 4:  # realise/realize, not rise/raise
        word = _ISE.sub(r"iz\1", word)
    if len(word) >= 6 and word.endswith("our"):
        word = word[:-3] + "or"  # behaviour/behavior (not "four", "your")
    if word.endswith("ence"):
        word = word[:-4] + "ense"  # defence/defense
    return SAME_TERM.get(word, word)


@lru_cache(maxsize=8192)
def tokens(text: str, offset: int = 0) -> tuple[Token, ...]:
    """The words of a text with offsets shifted by ``offset`` (offsets into the document).

    Memoised: a batch tokenises the same reference (and many identical units) over and over.
    """
    return tuple(
        Token(m.group(), offset + m.start(), offset + m.end(), normal(m.group()))
        for m in _TOKEN.finditer(text)
    )


@lru_cache(maxsize=65536)
def stem(norm: str) -> str:
    """A crude stem (common English endings removed) for matching inflected forms."""
    if norm.endswith(("ies", "ied")) and len(norm) > 4:
        return norm[:-3] + "y"
    for suffix in _SUFFIXES:
        if norm.endswith(suffix) and len(norm) - len(suffix) >= 3:
            return norm[: -len(suffix)]
    return norm
