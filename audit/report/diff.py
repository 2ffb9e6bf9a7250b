"""Word-level differences between a reference passage and a derivative passage (difflib).

The reports highlight, inside each aligned unit, the words that one side has and the other has
not. Differences are character ranges into the passage texts, so a renderer can cut the text into
plain and changed runs without re-tokenising.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
"""A word (with inner apostrophes) or one punctuation mark; whitespace is never a token."""

Range = tuple[int, int]


@dataclass(frozen=True)
class WordDiff:
    """Changed character ranges of the reference and the derivative passage (sorted, merged)."""

    reference: tuple[Range, ...]
    derivative: tuple[Range, ...]

    @property
    def identical(self) -> bool:
        """True when both passages have the same words in the same order."""
        return not self.reference and not self.derivative


def word_diff(reference: str, derivative: str) -> WordDiff:
    """The words that differ between two passages, as character ranges into each.

    Words are compared exactly (case and punctuation count), so "Choi" against "Chey" is a
    change on both sides while a change in spacing alone is none.
    """
    ref_tokens = [(m.start(), m.end()) for m in TOKEN.finditer(reference)]
    der_tokens = [(m.start(), m.end()) for m in TOKEN.finditer(derivative)]
    matcher = SequenceMatcher(
        None,
        [reference[s:e] for s, e in ref_tokens],
        [derivative[s:e] for s, e in der_tokens],
        autojunk=False,
    )
    ref_changed: list[Range] = []
    der_changed: list[Range] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if i2 > i1:
            ref_changed.append((ref_tokens[i1][0], ref_tokens[i2 - 1][1]))
        if j2 > j1:
            der_changed.append((der_tokens[j1][0], der_tokens[j2 - 1][1]))
    return WordDiff(tuple(ref_changed), tuple(der_changed))


def runs(text: str, changed: tuple[Range, ...]) -> list[tuple[str, bool]]:
    """Cut ``text`` into consecutive (piece, changed) runs; pieces are never empty."""
    out: list[tuple[str, bool]] = []
    position = 0
    for start, end in changed:
        if start > position:
            out.append((text[position:start], False))
        if end > start:
            out.append((text[start:end], True))
        position = max(position, end)
    if position < len(text):
        out.append((text[position:], False))
    return out
