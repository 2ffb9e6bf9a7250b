"""Garbled: stray fragments, truncated sentences, sentences that start mid-phrase, broken
punctuation, unbalanced quotes or brackets, doubled words and mojibake.

A sentence gets at most one of the first (fragment, truncated, mid-phrase) diagnoses; the
character-level problems (punctuation, brackets, doubled words, mojibake) are reported on their
own, minor unless they break a word's meaning. Marks are read in the derivative's language
(``audit.checks.marks``: German „…“, French « … », Chinese 。). In a translation a sentence is
also cut off when it stops without an end mark where its original has one, and says much less
than the translation's other sentences say of theirs (``audit.checks.lengths``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from audit.checks.base import Check, CheckContext, Scope
from audit.checks.entities import CAPITAL_NOUNS
from audit.checks.lengths import atypical, cut_off
from audit.checks.marks import Conventions, conventions, run_on, unbalanced
from audit.records import AlignedUnit, Category, Finding, Sentence, Severity

_WORDS = re.compile(r"[^\W\d_][\w'’-]*")
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
    scope = Scope.ANY
    description = (
        "Stray fragments, truncated or mid-phrase sentences, broken punctuation, "
        "unbalanced quotes/brackets, doubled words, mojibake."
    )
    default_severity = Severity.MAJOR
    yields_to = (Category.BOILERPLATE,)

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        owner = _unit_of(ctx)
        marks = conventions(ctx.languages.derivative)
        english = ctx.languages.derivative in ("en", "")
        sentences = ctx.derivative.sentences
        for k, sentence in enumerate(sentences):
            previous = sentences[k - 1] if k > 0 else None
            if previous is not None and _is_punct_only(previous) and _starts_lower(sentence):
                continue  # reported with the orphan punctuation before it
            unit = owner[sentence.index]
            following = sentences[k + 1] if k + 1 < len(sentences) else None
            continued = _continues(previous) or _reference_lower(ctx, unit)
            problem = _diagnose(sentence, previous, following, continued, marks, english)
            if problem is None and ctx.cross:
                problem = cut_off(ctx, unit, sentence, marks.terminal) or _run_on(
                    ctx, unit, sentence
                )
            if problem is not None:
                start, end, why = problem
                yield ctx.finding(self, unit, start, end, why)
            for start, end, why in surface_problems(sentence, marks):
                yield ctx.finding(self, unit, start, end, why, severity=Severity.MINOR)
        yield from self._unbalanced(ctx, owner, marks)

    def _unbalanced(
        self, ctx: CheckContext, owner: dict[int, AlignedUnit], marks: Conventions
    ) -> Iterator[Finding]:
        """Quotation marks and brackets left open (or closed unopened) within a paragraph."""
        text = ctx.derivative.document.text
        paragraphs: dict[int, list[Sentence]] = {}
        for sentence in ctx.derivative.sentences:
            paragraphs.setdefault(sentence.paragraph, []).append(sentence)
        for sentences in paragraphs.values():
            for k in unbalanced(text, sentences[0].start, sentences[-1].end, marks.pairs):
                sentence = next(s for s in sentences if s.start <= k < s.end)
                yield ctx.finding(
                    self,
                    owner[sentence.index],
                    sentence.start,
                    sentence.end,
                    f"Unbalanced \u201c{text[k]}\u201d in this sentence: a quotation or bracket "
                    "is not closed (or not opened); restore the missing mark.",
                    severity=Severity.MINOR,
                )


def _run_on(
    ctx: CheckContext, unit: AlignedUnit, sentence: Sentence
) -> tuple[int, int, str] | None:
    """A translated sentence that stops mid-way and runs into the next with no end mark (a
    sentence opener after a lower-case word, in a unit that renders more original sentences than
    it has, or whose length is off the document's: "Partei Die Linke" is a name, in a sentence
    of the usual length)."""
    merged = len(unit.ref) > len(unit.deriv)
    found = run_on(sentence.text, ctx.languages.derivative)
    if found is None and merged and ctx.languages.derivative in CAPITAL_NOUNS:
        found = run_on(sentence.text, ctx.languages.derivative, after_nouns=True)
        if found is not None and _kept_name(ctx, unit, sentence.text, found[0]):
            found = None
    if found is None or not (merged or atypical(ctx, unit)):
        return None
    offset, opener = found
    before = sentence.text[:offset].split()[-2:]
    return (
        sentence.start,
        sentence.start + offset,
        f"Truncated sentence: it stops at \u201c{' '.join(before)}\u201d with no ending and the "
        f"next begins (\u201c{opener} …\u201d); restore the rest from the original.",
    )


TITLE_NOUNS = frozenset(
    "Partei Fraktion Zeitung Tageszeitung Wochenzeitung Zeitschrift Magazin Blatt Sender "
    "Sendung Serie Film Buch Roman Band Album Lied Song Titel Stück Gruppe Bewegung".split()
)
"""German nouns after which a capitalised article begins a name, not a sentence ("der Partei
Die Linke", "die Zeitung Die Welt")."""


def _kept_name(ctx: CheckContext, unit: AlignedUnit, text: str, offset: int) -> bool:
    """Whether the opener at ``offset`` begins a name: after a noun that introduces one, or
    standing with the word after it in the unit's original too (a name kept untranslated)."""
    before = text[:offset].split()[-1:]
    words = text[offset:].split()[:2]
    if before and before[0] in TITLE_NOUNS:
        return True
    return len(words) == 2 and " ".join(words) in ctx.reference.text_of(unit.ref)


def _continues(previous: Sentence | None) -> bool:
    """The sentence before stops on a comma, colon or dash: a lower-case start continues it."""
    return previous is not None and previous.text.rstrip().endswith((",", ";", ":", "–", "—"))


def _reference_lower(ctx: CheckContext, unit: AlignedUnit) -> bool:
    """The unit's reference passage starts in lower case too (a segment cut mid-sentence)."""
    if not unit.ref:
        return False
    first = ctx.reference.sentences[unit.ref[0]].text.lstrip("\"“‘'([ ")
    return first[:1].islower()


def _stray_punctuation(sentence: Sentence, following: Sentence | None) -> tuple[int, int, str]:
    """A sentence of punctuation only: glued to the lower-case words after it, or on its own."""
    if following is not None and following.paragraph == sentence.paragraph:
        if _starts_lower(following):
            end = following.start + _leading_lower_words(following)
            return (
                sentence.start,
                end,
                "Stray punctuation glued to a lower-case word: "
                "a fragment left behind by translation; delete or restore the sentence.",
            )
    return (sentence.start, sentence.end, "Stray punctuation on its own; delete it.")


def _diagnose(
    sentence: Sentence,
    previous: Sentence | None,
    following: Sentence | None,
    continued: bool = False,
    marks: Conventions | None = None,
    english: bool = True,
) -> tuple[int, int, str] | None:
    """(start, end, explanation) of what is wrong with a sentence, or None; ``continued``:
    a lower-case start is no problem (the text before stops on a comma, or the reference
    starts the same way). An English sentence ending on a word such as "the" is truncated."""
    terminal = (marks or conventions("en")).terminal
    words = _WORDS.findall(sentence.text)
    same_line = previous is not None and previous.paragraph == sentence.paragraph
    if _is_punct_only(sentence):
        return _stray_punctuation(sentence, following)
    if same_line and len(words) <= 2 and not _looks_complete(sentence.text, words):
        return (
            sentence.start,
            sentence.end,
            f"Stray fragment \u201c{sentence.text}\u201d after "
            "a complete sentence: a leftover of translation; delete it.",
        )
    if same_line and _stray_closer(sentence.text, words):
        return (
            sentence.start,
            sentence.end,
            f"Stray fragment \u201c{sentence.text}\u201d with a "
            "closing quotation mark and no opening one: a leftover of translation; "
            "join it to the sentence before or delete it.",
        )
    if not continued and _mid_phrase(sentence, words):
        first = _leading_lower_words(sentence)
        return (
            sentence.start,
            sentence.start + first,
            "The sentence starts mid-phrase in lower "
            f"case (\u201c{sentence.text[:first]}\u201d): words are missing before it.",
        )
    last = words[-1].lower() if words else ""
    dangling = last in DANGLING if english else last in (marks.dangling if marks else ())
    if dangling and not sentence.text.rstrip().endswith(terminal):
        return (
            sentence.start,
            sentence.end,
            f"Truncated sentence: it stops at "
            f"\u201c{words[-1]}\u201d with no ending; restore the rest from the reference.",
        )
    return None


def _mid_phrase(sentence: Sentence, words: list[str]) -> bool:
    """A sentence of two words or more that starts in lower case (not a link or handle)."""
    return _starts_lower(sentence) and len(words) >= 2 and not _URL.match(sentence.text)


def _stray_closer(text: str, words: list[str]) -> bool:
    """A short piece that closes a quotation it never opened ("Asia-Pacific”.")."""
    closes = text.count("\u201d") > text.count("\u201c")
    return len(words) <= 4 and closes


_URL = re.compile(r"(?:https?://|www\.|[\w.-]+\.(?:com|org|net)\b|@|#)")
_MOJIBAKE = re.compile(r"\ufffd|Ã[\u0080-\u00bf]|â€|Â[\u00a0-\u00bf]")
_DOUBLED = re.compile(r"\b(\w{2,})\s+\1\b", re.IGNORECASE)


def surface_problems(
    sentence: Sentence, marks: Conventions | None = None
) -> list[tuple[int, int, str]]:
    """Character-level problems of one sentence: (start, end, explanation)."""
    marks = marks or conventions("en")
    text, base = sentence.text, sentence.start
    out = []
    for match in _MOJIBAKE.finditer(text):
        out.append(
            (
                base + match.start(),
                base + match.end(),
                f"Mojibake \u201c{match.group()}\u201d: "
                "the text was decoded with the wrong encoding; re-export it as UTF-8.",
            )
        )
    for match in _DOUBLED.finditer(text):
        if match.group(1).lower() not in marks.doubled_ok:
            out.append(
                (
                    base + match.start(),
                    base + match.end(),
                    f"Doubled word \u201c{match.group()}\u201d; delete the repetition.",
                )
            )
    if not _URL.search(text):
        for match in marks.bad_punct.finditer(text):
            span = match.group().strip() or match.group()
            start = base + match.start() + match.group().index(span)
            out.append(
                (
                    start,
                    start + len(span),
                    f"Broken punctuation \u201c{span}\u201d; fix the spacing or the marks.",
                )
            )
    return out


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
    return bool(words) and words[0][0].isupper() and not text.rstrip().endswith(("”", '"'))
