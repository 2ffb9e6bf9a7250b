"""Garbled: stray fragments, truncated sentences and sentences that start mid-phrase."""

from __future__ import annotations

import re
from collections.abc import Iterator

from audit.checks.base import Check, CheckContext
from audit.records import AlignedUnit, Category, Finding, Sentence, Severity

_WORDS = re.compile(r"[^\W\d_][\w'’-]*")
_TERMINAL = tuple(".!?…:;\"”’)»]")
# Words a complete English sentence does not end on: a sentence ending on one was cut off.
DANGLING = frozenset(
    "the a an to of and or but with for from in on at by as that which who whose this these "
    "those its their his her our your my into onto than".split()
)


def _unit_of(ctx: CheckContext) -> dict[int, AlignedUnit]:
    return {i: u for u in ctx.units for i in u.deriv}


class GarbledCheck(Check):
    name = "garbled"
    category = Category.GARBLED
    description = "Stray fragments, truncated sentences, sentences starting mid-phrase."
    default_severity = Severity.MAJOR

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        owner = _unit_of(ctx)
        sentences = ctx.derivative.sentences
        for k, sentence in enumerate(sentences):
            previous = sentences[k - 1] if k > 0 else None
            if previous is not None and _is_punct_only(previous) and _starts_lower(sentence):
                continue  # reported with the orphan punctuation before it
            problem = _diagnose(sentence, previous, sentences[k + 1] if k + 1 < len(sentences) else None)
            if problem is None:
                continue
            start, end, why = problem
            yield ctx.finding(self, owner[sentence.index], start, end, why)


def _diagnose(
    sentence: Sentence, previous: Sentence | None, following: Sentence | None
) -> tuple[int, int, str] | None:
    """(start, end, explanation) of what is wrong with a sentence, or None."""
    words = _WORDS.findall(sentence.text)
    same_line = previous is not None and previous.paragraph == sentence.paragraph
    if _is_punct_only(sentence):
        if following is not None and following.paragraph == sentence.paragraph and _starts_lower(following):
            first = _leading_lower_words(following)
            end = following.start + first
            return (sentence.start, end, "Stray punctuation glued to a lower-case word: "
                    "a fragment left behind by translation; delete or restore the sentence.")
        return (sentence.start, sentence.end, "Stray punctuation on its own; delete it.")
    if same_line and len(words) <= 2 and not _looks_complete(sentence.text, words):
        return (sentence.start, sentence.end, f"Stray fragment \u201c{sentence.text}\u201d after "
                "a complete sentence: a leftover of translation; delete it.")
    if _starts_lower(sentence) and len(words) >= 3:
        first = _leading_lower_words(sentence)
        return (sentence.start, sentence.start + first, "The sentence starts mid-phrase in lower "
                f"case (\u201c{sentence.text[:first]}\u201d): words are missing before it.")
    if words and words[-1].lower() in DANGLING and not sentence.text.rstrip().endswith(_TERMINAL):
        return (sentence.start, sentence.end, f"Truncated sentence: it stops at "
                f"\u201c{words[-1]}\u201d with no ending; restore the rest from the reference.")
    return None


def _is_punct_only(sentence: Sentence) -> bool:
    return not any(ch.isalnum() for ch in sentence.text)


def _starts_lower(sentence: Sentence) -> bool:
    first = next((ch for ch in sentence.text if ch.isalpha()), "")
    return bool(first) and first.islower() and sentence.text.lstrip()[:1].isalpha()


def _leading_lower_words(sentence: Sentence, limit: int = 3) -> int:
    """Length of the run of lower-case words at the start of a sentence (at most ``limit``)."""
    end = 0
    for count, match in enumerate(re.finditer(r"\S+", sentence.text)):
        token = match.group()
        if count >= limit or not token[0].islower():
            break
        end = match.end() if token[-1].isalpha() else match.start() + len(token.rstrip(",.;:"))
    return end


def _looks_complete(text: str, words: list[str]) -> bool:
    """A short piece is fine if it starts with a capital and is not a lone common word."""
    return bool(words) and words[0][0].isupper() and not text.rstrip().endswith(("”", "\""))
