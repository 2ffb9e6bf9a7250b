"""Word comparisons shared by the checks: word diffs, overlaps, quotations, unmatched runs.

The words themselves (tokens with offsets, normal forms, stems, function words) come from
``audit.words``; these helpers make the comparison of aligned units tolerant of ordinary
variation (inflection, one-letter slips, acronyms) so that only real differences remain.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from audit.words import FUNCTION_WORDS, Token, normal, stem, tokens

__all__ = [
    "FUNCTION_WORDS",
    "LONG_UNIT",
    "Quote",
    "Token",
    "acronym_covered",
    "diff",
    "has_word",
    "normal",
    "overlap",
    "quoted",
    "quotes",
    "runs",
    "same_word",
    "stem",
    "tokens",
    "unmatched_runs",
]

LONG_UNIT = 400  # tokens; see diff()


def same_word(a: str, b: str) -> bool:
    """Two normal forms are the same word, allowing inflection and one-letter spelling slips."""
    if a == b or stem(a) == stem(b):
        return True
    if min(len(a), len(b)) >= 6 and (a.startswith(b[:6]) and b.startswith(a[:6])):
        return True
    if min(len(a), len(b)) < 6:
        return False
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(a, b) <= 1


def has_word(norm: str, pool: Sequence[Token]) -> bool:
    """Whether a word (normal form) is in a list of tokens, up to ``same_word``."""
    if any(norm == t.norm or stem(norm) == stem(t.norm) for t in pool):
        return True
    return len(norm) >= 6 and any(len(t.norm) >= 6 and same_word(norm, t.norm) for t in pool)


def diff(ref: Sequence[Token], der: Sequence[Token]) -> Sequence[tuple[str, int, int, int, int]]:
    """difflib opcodes between two token lists, compared on their stems.

    Identical lists take a fast path; very long units (over ``LONG_UNIT`` tokens a side) let
    difflib treat very common tokens as junk, which keeps its cost near-linear there.
    """
    a, b = [stem(t.norm) for t in ref], [stem(t.norm) for t in der]
    if a == b:
        return [("equal", 0, len(a), 0, len(b))] if a else []
    long_unit = max(len(a), len(b)) > LONG_UNIT
    return difflib.SequenceMatcher(None, a, b, autojunk=long_unit).get_opcodes()


def overlap(ref: Sequence[Token], der: Sequence[Token]) -> float:
    """Share of the derivative's content words whose stem is among the reference's (0..1)."""
    content = [t for t in der if t.content]
    if not content:
        return 0.0
    stems = {stem(t.norm) for t in ref}
    return sum(stem(t.norm) in stems for t in content) / len(content)


_QUOTES = re.compile(r"“([^”“]+)”|\"([^\"]+)\"|«([^»]+)»|(?<!\w)[‘']([^’']+?)[’'](?!\w)")


@dataclass(frozen=True)
class Quote:
    """Words between quotation marks: ``start``/``end`` cover the marks."""

    start: int
    end: int
    inner: str
    inner_start: int


def quotes(text: str, offset: int = 0) -> list[Quote]:
    """Quotation-mark spans of a text (curly, straight, guillemets, single quotes)."""
    out = []
    for match in _QUOTES.finditer(text):
        group = next(g for g in range(1, 5) if match.group(g) is not None)
        out.append(
            Quote(
                offset + match.start(),
                offset + match.end(),
                match.group(group),
                offset + match.start(group),
            )
        )
    return out


def runs(items: Sequence[Token], keep: Sequence[bool]) -> Iterator[list[Token]]:
    """Maximal runs of consecutive tokens whose ``keep`` flag is true."""
    current: list[Token] = []
    for token, flag in zip(items, keep, strict=True):
        if flag:
            current.append(token)
        elif current:
            yield current
            current = []
    if current:
        yield current


def quoted(text: str, limit: int = 80) -> str:
    """Text in curly quotes for an explanation, clipped to ``limit`` characters."""
    text = " ".join(text.split()).strip('“”"')  # the text's own outer quotes are not doubled
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"“{text}”"


def acronym_covered(side: Sequence[Token], other_norms: set[str]) -> set[int]:
    """Starts of capitalised words whose run's initials form an acronym of ``other``
    ("North Atlantic Treaty Organisation" when the other side says "NATO")."""
    covered: set[int] = set()
    k = 0
    while k < len(side):
        m = k
        while m < len(side) and side[m].capitalised:
            m += 1
        if m - k >= 2 and "".join(t.norm[0] for t in side[k:m]) in other_norms:
            covered.update(t.start for t in side[k:m])
        k = max(m, k + 1)
    return covered


def unmatched_runs(
    side: Sequence[Token], other: Sequence[Token], min_content: int, text: str
) -> list[list[Token]]:
    """Runs of ``side`` whose content words are all absent from ``other`` (what it lacks).

    ``text`` is the text ``side``'s offsets point into. A run stops at content words ``other``
    has and at sentence punctuation; function words at its edges are trimmed. Only runs with
    at least ``min_content`` absent content words count.
    """
    norms = {t.norm for t in other}
    stems = {stem(n) for n in norms}
    acronyms = acronym_covered(side, norms)
    keep = [
        not (t.content and (t.norm in norms or stem(t.norm) in stems or t.start in acronyms))
        for t in side
    ]
    out = []
    for run in runs(side, keep):
        for piece in _split_at_stops(run, text):
            while piece and not piece[0].content:
                piece = piece[1:]
            while piece and not piece[-1].content:
                piece = piece[:-1]
            if sum(t.content for t in piece) >= min_content:
                out.append(piece)
    return out


def _split_at_stops(run: list[Token], text: str) -> Iterator[list[Token]]:
    piece: list[Token] = []
    for token in run:
        if piece and any(ch in ".;:!?\n" for ch in text[piece[-1].end : token.start]):
            yield piece
            piece = []
        piece.append(token)
    if piece:
        yield piece
