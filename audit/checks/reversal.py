"""Two exact signs of a reversed statement that the word gaps alone do not show, read by the
mistranslation check:

- a negating prefix written with a hyphen, dropped or added ("non-lethal aid" -> "lethal aid",
  "anti-war" -> "war"): the tokeniser splits "non-lethal" into "non" and "lethal", so the
  derivative's "lethal" links to the reference's and "non" is left alone in a gap;
- a statement turned into a question, or a question into a statement (the unit's last sentence
  ends in "?" on one side only).
"""

from __future__ import annotations

from collections.abc import Iterator

from audit.align.words import WordMap
from audit.records import AlignedUnit, Segmented
from audit.words import Token

HYPHEN_PREFIXES = frozenset({"non", "anti", "un"})
"""Prefixes that negate the word they are hyphenated to."""


def hyphen_prefixes(words: WordMap, ref_text: str, der_text: str) -> Iterator[tuple[Token, bool]]:
    """Each hyphenated negating prefix alone in a gap, facing nothing: (the prefix token,
    whether it is the reference's, i.e. dropped)."""
    for gap in words.gaps:
        for side, ids, others, text in (
            (words.ref, gap.ref, gap.der, ref_text),
            (words.der, gap.der, gap.ref, der_text),
        ):
            if others or len(ids) != 1:
                continue
            token = side[ids[0]]
            if token.norm in HYPHEN_PREFIXES and text[token.end : token.end + 1] in "-‐–":
                yield token, side is words.ref


def question_turn(
    reference: Segmented, derivative: Segmented, unit: AlignedUnit
) -> tuple[int, int] | None:
    """The derivative's final mark (its offsets) when one side of the unit ends in a question
    mark and the other in a full stop or an exclamation mark."""
    ref_end = _last_mark(reference.text_of(unit.ref))
    der_text = derivative.text_of(unit.deriv)
    der_end = _last_mark(der_text)
    if {ref_end, der_end} not in ({"?", "."}, {"?", "!"}):
        return None
    start = derivative.span(unit.deriv)[0] + len(der_text.rstrip(" \n\"'”’)")) - 1
    return start, start + 1


def _last_mark(text: str) -> str:
    stripped = text.rstrip(" \n\"'”’)")
    return stripped[-1:] if stripped[-1:] in {"?", ".", "!"} else ""
