"""Word-level tools shared by the checks: tokens with offsets, normal forms, word diffs, quotes.

The checks compare the WORDS of aligned units; these helpers make that comparison tolerant of
ordinary variation (case, "U.S."/"US", British/American spelling, plural and tense endings) so
that only real differences remain.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

# Abbreviations with dots ("U.S.", "U.S") are one token; otherwise runs of word characters,
# with inner apostrophes ("don't", "Korea's").
_TOKEN = re.compile(
    r"\d+(?:[.,]\d+)+|(?:[A-Za-z]\.){1,}[A-Za-z]\.?|\w+(?:['’]\w+)*", re.UNICODE
)
_SUFFIXES = ("ings", "ing", "ed", "es", "s", "ly")
FUNCTION_WORDS = frozenset(
    """a an the and or but nor so yet of to in on at by for from with without into onto over
    under about as than that this these those it its it's is are was were be been being has
    have had do does did not no he she they them their his her him we us our i me my you your
    which who whom whose what when where while there here also such very more most much many
    some any all each other another said says say will would can could may might must should
    shall just only even then up out if because after before since until during between against
    through across among per via one s t""".split()
)


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


def normal(word: str) -> str:
    """Comparison form: case-folded, dots and possessive ending removed, -ise spelt -ize."""
    word = word.casefold().replace(".", "").replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    word = re.sub(r"is(e|ed|es|ing|ation|ations)$", r"iz\1", word)
    if len(word) >= 6:
        word = re.sub(r"our$", "or", word)  # behaviour/behavior (not "four", "your")
    return re.sub(r"ence$", "ense", word)


def tokens(text: str, offset: int = 0) -> list[Token]:
    """The words of a text with offsets shifted by ``offset`` (offsets into the document)."""
    return [
        Token(m.group(), offset + m.start(), offset + m.end(), normal(m.group()))
        for m in _TOKEN.finditer(text)
    ]


def stem(norm: str) -> str:
    """A crude stem (common English endings removed) for matching inflected forms."""
    if norm.endswith(("ies", "ied")) and len(norm) > 4:
        return norm[:-3] + "y"
    for suffix in _SUFFIXES:
        if norm.endswith(suffix) and len(norm) - len(suffix) >= 3:
            return norm[: -len(suffix)]
    return norm


def same_word(a: str, b: str) -> bool:
    """Two normal forms are the same word, allowing inflection and one-letter spelling slips."""
    if a == b or stem(a) == stem(b):
        return True
    if min(len(a), len(b)) >= 6 and (a.startswith(b[:6]) and b.startswith(a[:6])):
        return True
    return min(len(a), len(b)) >= 6 and Levenshtein.distance(a, b) <= 1


def has_word(norm: str, pool: Sequence[Token]) -> bool:
    """Whether a word (normal form) is in a list of tokens, up to ``same_word``."""
    return any(same_word(norm, t.norm) for t in pool)


def diff(ref: Sequence[Token], der: Sequence[Token]) -> list[tuple[str, int, int, int, int]]:
    """difflib opcodes between two token lists, compared on their stems."""
    matcher = difflib.SequenceMatcher(
        None, [stem(t.norm) for t in ref], [stem(t.norm) for t in der], autojunk=False
    )
    return matcher.get_opcodes()


def overlap(ref: Sequence[Token], der: Sequence[Token]) -> float:
    """Share of the derivative's content words found among the reference's words (0..1)."""
    content = [t for t in der if t.content]
    if not content:
        return 0.0
    return sum(has_word(t.norm, ref) for t in content) / len(content)


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
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"“{text}”"


def unmatched_runs(side: Sequence[Token], other: Sequence[Token], min_content: int) -> list[list[Token]]:
    """Runs of ``side`` whose content words are all absent from ``other`` (clauses it lacks).

    A run is bounded by content words that ``other`` has; function words inside are kept, those
    at its edges trimmed. Only runs with at least ``min_content`` absent content words count.
    """
    keep = [not (t.content and has_word(t.norm, other)) for t in side]
    out = []
    for run in runs(side, keep):
        while run and not run[0].content:
            run = run[1:]
        while run and not run[-1].content:
            run = run[:-1]
        if sum(t.content for t in run) >= min_content:
            out.append(run)
    return out
