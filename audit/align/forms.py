"""How two words of one language can be the same word by form alone: equal, same stem,
a romanisation variant ("Seok"/"Suk"), or a close spelling by edit distance relative to length
("Stoltenburg"/"Stoltenberg"). rapidfuzz gives the edit distance.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from audit.align.tokens import Token, stem
from audit.records import LinkKind

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


def form_kind(a: Token, b: Token) -> LinkKind | None:
    """How two words of different units can be the same word by form alone, or None."""
    if a.norm == b.norm:
        return LinkKind.EXACT
    if stem(a.norm) == stem(b.norm):
        return LinkKind.STEM
    if not a.norm.isalpha() or not b.norm.isalpha():
        return None
    if romanised(a.norm) == romanised(b.norm):
        return LinkKind.TRANSLITERATION
    longer = max(len(a.norm), len(b.norm))
    if longer >= 5 and Levenshtein.distance(a.norm, b.norm) <= SPELLING_DISTANCE * longer:
        return LinkKind.SPELLING
    return None
