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

from collections.abc import Iterator, Sequence

from rapidfuzz import fuzz

from audit.align.words import link_words
from audit.checks.base import Check, CheckContext
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


def candidates(keys: Sequence[str]) -> dict[int, list[int]]:
    """For each paragraph k, the later paragraphs worth comparing with it, in order."""
    same: dict[str, list[int]] = {}
    postings: dict[str, list[int]] = {}
    for k, key in enumerate(keys):
        same.setdefault(key, []).append(k)
        words = key.split()
        for shingle in {" ".join(words[i : i + 2]) for i in range(len(words) - 1)}:
            postings.setdefault(shingle, []).append(k)
    pairs: dict[int, set[int]] = {}
    for where in same.values():
        pairs.setdefault(where[0], set()).update(where[1:])  # the first copy claims the others
    for where in postings.values():
        if len(where) <= MAX_POSTING:
            for i, k in enumerate(where):
                pairs.setdefault(k, set()).update(where[i + 1 :])
    return {k: sorted(later) for k, later in pairs.items()}


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
    description = "The same passage twice in one derivative (a caption printed twice)."
    default_severity = Severity.MAJOR

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        text = ctx.derivative.document.text
        groups = paragraphs(ctx.derivative.sentences)
        spans = [(g[0].start, g[-1].end) for g in groups]
        keys = [" ".join(text[a:b].casefold().split()) for a, b in spans]
        later = candidates(keys)
        seen: set[int] = set()
        for k in range(len(groups)):
            if len(tokens(keys[k])) < ctx.config.checks.duplicate_words:
                continue
            for m in later.get(k, ()):
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
