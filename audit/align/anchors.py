"""Anchors: what a sentence and its translation still share when their words differ.

Across languages the word and character TF-IDF of ``audit.align.lexical`` compare words that a
translation replaced; what survives translation is figures and names. ``anchor_pairs`` gives the
cross-lingual aligner the same two kinds of sparse rows, built from anchors only:

- anchor words: numbers (separators dropped, so "1,000" = "1.000" and "3,5" = "3.5") and
  Latin-script words with a capital letter (names, acronyms; lower-cased), whatever the script
  of the rest of the sentence ("SARS", "COVID-19" inside Chinese);
- character 3- to 5-grams of those anchors, so that inflected names match ("Bidens" = "Biden").

TF-IDF is fitted on the two documents, so a name the whole story repeats weighs little.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from audit.align.lexical import LexicalPair, _char_grams, _pair

_NUMBER = re.compile(r"\d+(?:[.,'\u00a0\u202f]\d+)*")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'\u2019-]*")


def anchors(text: str) -> list[str]:
    """The anchors of a text: its numbers without separators, then its Latin-script words that
    carry a capital letter, lower-cased (at least two letters)."""
    numbers = [re.sub(r"\D", "", m.group()) for m in _NUMBER.finditer(text)]
    names = [
        m.group().lower()
        for m in _LATIN_WORD.finditer(text)
        if len(m.group()) >= 2 and any(ch.isupper() for ch in m.group())
    ]
    return numbers + names


def _anchor_grams(text: str) -> list[str]:
    return _char_grams(" ".join(anchors(text)))


def anchor_pairs(
    ref_texts: Sequence[str], deriv_texts: Sequence[str]
) -> tuple[LexicalPair, LexicalPair]:
    """TF-IDF rows of the anchors and of their character n-grams, both documents (the shape of
    ``audit.align.lexical.lexical_pairs``)."""
    return _pair(anchors, ref_texts, deriv_texts), _pair(_anchor_grams, ref_texts, deriv_texts)
