"""How two words of one language can be the same word by form alone: equal, same stem,
a romanisation variant ("Seok"/"Suk"), or a close spelling by edit distance relative to length
("Stoltenburg"/"Stoltenberg"). rapidfuzz gives the edit distance.
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz.distance import Levenshtein

from audit.records import LinkKind
from audit.words import Token, stem

SPELLING_DISTANCE = 0.25
"""Largest edit distance, relative to the longer word, of two spellings of one word."""

_ROMANISATION = (
    (re.compile(r"eo|oo|ou"), "u"),
    (re.compile(r"ee|ie"), "i"),
    (re.compile(r"ae|ai"), "e"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"([bcdfghjklmnpqrstvwxz])h"), r"\1"),
    (re.compile(r"[-'’ ]"), ""),
)


def romanised(norm: str) -> str:
    """A word folded over common romanisation variants (Seok/Suk, Kyeong/Kyung, Jeon/Jun)."""
    for pattern, repl in _ROMANISATION:
        norm = pattern.sub(repl, norm)
    return norm


def unaccented(word: str) -> str:
    """A Latin word without its accents ("Zürich" = "Zurich"); other scripts stay as they are."""
    if word.isascii():
        return word
    bare = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    return bare if bare.isascii() else word


def stem_kind(a: Token, b: Token) -> LinkKind | None:
    """EXACT for one word (accents aside), STEM for one stem, else None: the cheap part of
    ``form_kind``."""
    if a.norm == b.norm or unaccented(a.norm) == unaccented(b.norm):
        return LinkKind.EXACT  # "Kahramanmaraş" and "Kahramanmaras" are one word
    if stem(a.norm) == stem(b.norm):
        return LinkKind.STEM
    return None


def form_kind(a: Token, b: Token) -> LinkKind | None:
    """How two words of different units can be the same word by form alone, or None."""
    kind = stem_kind(a, b)
    if kind is not None:
        return kind
    if not a.norm.isalpha() or not b.norm.isalpha():
        return None
    if romanised(a.norm) == romanised(b.norm):
        return LinkKind.TRANSLITERATION
    longer = max(len(a.norm), len(b.norm))
    if longer >= 5 and Levenshtein.distance(a.norm, b.norm) <= SPELLING_DISTANCE * longer:
        return LinkKind.SPELLING
    return None
