"""Untranslated: words or passages left in another script or language than the reference's.

The reference's dominant script (Latin, Han, Hangul, Cyrillic, ...) is taken from its letters;
runs of derivative letters in another script are reported. One or two words: major; a longer
passage: critical (a reader cannot read it at all). When the reference is English, whole
sentences in another Latin-script language (German, French, Vietnamese, ...) are reported too
(``audit.checks.language``).

In a translation the question turns round: what is left in the *original's* language
(``audit.checks.fragments``: whole sentences, letters of the original's script, runs of words
copied from the original).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from audit.checks.base import Check, CheckContext, Scope
from audit.checks.language import is_english, other_language
from audit.checks.words import quoted
from audit.records import Category, Finding, Sentence, Severity


@lru_cache(maxsize=65_536)
def script(ch: str) -> str:
    """The script of a letter, from its Unicode name ("LATIN", "CJK", "HANGUL", ...)."""
    name = unicodedata.name(ch, "")
    head = name.split(" ")[0]
    return "CJK" if head in ("CJK", "HIRAGANA", "KATAKANA") else head


@lru_cache(maxsize=64)  # the same reference for every derivative of a batch
def dominant_script(text: str) -> str:
    """The most frequent script among the letters of a text ("" if it has none)."""
    counts = Counter(script(ch) for ch in text if ch.isalpha())
    return counts.most_common(1)[0][0] if counts else ""


class UntranslatedCheck(Check):
    name = "untranslated"
    category = Category.UNTRANSLATED
    scope = Scope.ANY
    description = "Words or passages left in another script or language than the reference's."
    default_severity = Severity.MAJOR

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        if ctx.cross:
            from audit.checks.fragments import fragments

            for f in fragments(ctx):
                piece = ctx.derivative.document.text[f.start : f.end]
                yield ctx.finding(
                    self, f.unit, f.start, f.end, f.explanation, f.severity, ((piece, ""),)
                )
            return
        home = dominant_script(ctx.reference.document.text)
        if not home:
            return
        english = home == "LATIN" and is_english(ctx.reference.document.text)
        for sentence in ctx.derivative.sentences:
            runs = _foreign_runs(sentence.text, home)
            if english and not runs:
                yield from self._other_language(ctx, sentence)
            for start, end in runs:
                piece = sentence.text[start:end]
                letters = sum(ch.isalpha() for ch in piece)
                severity = (
                    Severity.CRITICAL
                    if letters >= ctx.config.checks.passage_chars
                    else Severity.MAJOR
                )
                yield ctx.finding(
                    self,
                    ctx.unit_of(sentence.index),
                    sentence.start + start,
                    sentence.start + end,
                    f"{quoted(piece)} is left in {script(piece[0]).title()} script while the "
                    f"reference is in {home.title()}; translate it.",
                    severity=severity,
                    evidence=((piece, ""),),
                )

    def _other_language(self, ctx: CheckContext, sentence: Sentence) -> Iterator[Finding]:
        """A whole sentence in another Latin-script language than the English reference."""
        found = other_language(sentence.text, ctx.config.checks.language_confidence)
        if found is None:
            return
        language, confidence = found
        yield ctx.finding(
            self,
            ctx.unit_of(sentence.index),
            sentence.start,
            sentence.end,
            f"This sentence is in {language} (confidence {confidence:.2f}), not English like "
            "the reference; translate it.",
            severity=Severity.CRITICAL,
            evidence=((sentence.text, language),),
        )


def _foreign_runs(text: str, home: str) -> list[tuple[int, int]]:
    """(start, end) of maximal runs of letters of another script (spaces inside allowed)."""
    out: list[tuple[int, int]] = []
    start = None
    last = 0
    for k, ch in enumerate(text):
        if ch.isalpha():
            foreign = script(ch) != home
            if foreign and start is None:
                start = k
            if foreign:
                last = k + 1
            elif start is not None:
                out.append((start, last))
                start = None
    if start is not None:
        out.append((start, last))
    return out
