"""Duplicate: the same passage twice in one derivative (a caption printed twice).

Paragraphs are compared pairwise (rapidfuzz ratio on case-folded text); of two near-identical
paragraphs the copy that the alignment left unmatched is reported (else the later one), with the
other copy as evidence.

Comparing every pair is quadratic (a 50,000-line derivative has 10^9 pairs), so only candidate
pairs are compared: paragraphs with the same text, or sharing a word pair (two adjacent words)
that at most ``MAX_POSTING`` paragraphs contain. Two paragraphs 85% alike share many word pairs,
and a word pair in that many paragraphs is boilerplate, not evidence of one copied passage; in an
article of fewer paragraphs every pair sharing a word pair is compared. Linear in the length.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from audit.align.words import link_words
from audit.checks.base import Check, CheckContext, Scope
from audit.checks.words import quoted
from audit.records import Category, Finding, Sentence, Severity
from audit.words import tokens


def paragraphs(sentences: tuple[Sentence, ...]) -> list[list[Sentence]]:
    """Sentences grouped by paragraph, in order."""
    groups: dict[int, list[Sentence]] = {}
    for sentence in sentences:
        groups.setdefault(sentence.paragraph, []).append(sentence)
    return list(groups.values())


MAX_POSTING = 64
"""A word pair in more paragraphs than this proposes no candidate pairs (see the module doc)."""


def shingles(key: str) -> set[str]:
    """The word pairs (two adjacent words) of a paragraph's key."""
    words = key.split()
    return {" ".join(words[i : i + 2]) for i in range(len(words) - 1)}


@dataclass(frozen=True)
class Candidates:
    """Which later paragraphs are worth comparing with each paragraph (``later``).

    Built once per derivative (``of``); the pairs themselves are listed one paragraph at a time,
    so only the index is held: the paragraphs of each text, and of each word pair at most
    ``MAX_POSTING`` paragraphs (None for a word pair found in more).
    """

    keys: Sequence[str]
    same: dict[str, list[int]]
    postings: dict[str, list[int] | None]

    @classmethod
    def of(cls, keys: Sequence[str]) -> Candidates:
        """The index of the paragraphs' keys (case-folded, whitespace-normalised texts)."""
        same: dict[str, list[int]] = {}
        postings: dict[str, list[int] | None] = {}
        for k, key in enumerate(keys):
            same.setdefault(key, []).append(k)
            for shingle in shingles(key):
                where = postings.setdefault(shingle, [])
                if where is not None:
                    where.append(k)
                    if len(where) > MAX_POSTING:
                        postings[shingle] = None
        return cls(keys, same, postings)

    def later(self, k: int) -> list[int]:
        """The later paragraphs to compare with paragraph k, in order: its copies (when it is
        the first copy) and those sharing a word pair with it."""
        out: set[int] = set()
        copies = self.same[self.keys[k]]
        if copies[0] == k:  # the first copy claims the others
            out.update(copies[1:])
        for shingle in shingles(self.keys[k]):
            where = self.postings[shingle]
            if where is not None:
                out.update(where[bisect_right(where, k) :])
        return sorted(out)


def same_content(a: str, b: str) -> bool:
    """Two passages that differ only by words one of them adds or drops, or one replaced word
    (a reprint may lose "Foreign Minister"; it does not swap "infant mortality" for "social
    mobility"): read from their word alignment."""
    words = link_words(tokens(a), tokens(b))
    replaced = 0
    for gap in words.gaps:
        old = [words.ref[i] for i in gap.ref if words.ref[i].content]
        new = [words.der[j] for j in gap.der if words.der[j].content]
        if old and new:
            replaced += max(len(old), len(new))
    return replaced <= 1


class DuplicateCheck(Check):
    name = "duplicate"
    category = Category.DUPLICATE
    scope = Scope.ANY
    description = "The same passage twice in one derivative (a caption printed twice)."
    default_severity = Severity.MAJOR

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        text = ctx.derivative.document.text
        groups = paragraphs(ctx.derivative.sentences)
        spans = [(g[0].start, g[-1].end) for g in groups]
        keys = [" ".join(text[a:b].casefold().split()) for a, b in spans]
        index = Candidates.of(keys)
        seen: set[int] = set()
        for k in range(len(groups)):
            if len(tokens(keys[k])) < ctx.config.checks.duplicate_words:
                continue
            for m in index.later(k):
                if m in seen:
                    continue
                if fuzz.ratio(keys[k], keys[m]) < ctx.config.checks.duplicate_ratio:
                    continue
                if not same_content(keys[k], keys[m]):
                    continue  # "the infant mortality rate" is not "the social mobility rate"
                copy, original = self._which(ctx, groups[k], groups[m])
                seen.add(m)
                yield self._finding(ctx, copy, original)

    def _which(
        self, ctx: CheckContext, first: list[Sentence], second: list[Sentence]
    ) -> tuple[list[Sentence], list[Sentence]]:
        """(the copy to report, the copy to keep): the unaligned one is the copy."""
        first_free = not ctx.unit_of(first[0].index).ref
        second_free = not ctx.unit_of(second[0].index).ref
        if first_free and not second_free:
            return first, second
        return second, first

    def _finding(
        self, ctx: CheckContext, copy: list[Sentence], original: list[Sentence]
    ) -> Finding:
        text = ctx.derivative.document.text
        start, end = copy[0].start, copy[-1].end
        other = text[original[0].start : original[-1].end]
        line = ctx.derivative.document.line_of(original[0].start)
        return ctx.finding(
            self,
            ctx.unit_of(copy[0].index),
            start,
            end,
            f"This passage repeats line {line} ({quoted(other, 60)}); delete one copy.",
            evidence=((text[start:end], other),),
        )
