"""Source-language fragments: text a translation left in its original's language.

Three findings, read per derivative sentence of a translation:

- a whole sentence in the original's language (its words are the original's, and lingua, asked
  to choose between the two languages of the pair, says so with at least
  ``CheckConfig.language_confidence``): critical, a reader of the translation cannot read it;
- letters of the original's script in a translation written in another script (Han in an
  English translation of Chinese): major, critical from ``passage_chars`` letters on; a Latin
  run in a translation out of English counts only from three words with a function word (names
  and acronyms such as "NATO" stay Latin in any script);
- in two languages of one script, a run of at least ``MIN_RUN`` words copied in order from the
  original unit with at least one of the original language's function words that is no word of
  the other language ("Department of Homeland Security", "the suspects were arrested", not
  "CBS News in"): minor, major from ``MAJOR_RUN`` words unless it is a name (every content
  word capitalised: "Minnesota Department of Natural Resources").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from audit.checks.base import CheckContext
from audit.checks.language import ENGLISH_FUNCTION_WORDS, FOREIGN_FUNCTION_WORDS
from audit.checks.untranslated import dominant_script, script
from audit.records import AlignedUnit, Sentence, Severity
from audit.words import Token, tokens

MIN_RUN = 3
"""Words copied in order from the original that make a fragment."""
MAJOR_RUN = 5
"""A copied run this long is major."""
MIN_SENTENCE_WORDS = 4
"""A sentence needs this many words before the language identifier is asked."""
COPIED_SHARE = 0.5
"""A sentence is checked for the original's language when this share of its words are words of
the original (a translated sentence shares only names and figures)."""


@dataclass(frozen=True)
class Fragment:
    """A span of the derivative left in the original's language."""

    unit: AlignedUnit
    start: int
    end: int
    severity: Severity
    explanation: str


def fragments(ctx: CheckContext) -> Iterator[Fragment]:
    """Every source-language fragment of a translation, in reading order."""
    ref_home = dominant_script(ctx.reference.document.text)
    der_home = dominant_script(ctx.derivative.document.text)
    vocabulary = {t.norm for t in ctx.reference_tokens()}
    for sentence in ctx.derivative.sentences:
        unit = ctx.unit_of(sentence.index)
        whole = _whole_sentence(ctx, sentence, vocabulary)
        if whole is not None:
            yield Fragment(unit, sentence.start, sentence.end, Severity.CRITICAL, whole)
        elif ref_home != der_home:
            yield from _script_runs(ctx, unit, sentence, ref_home)
        else:
            yield from _copied_runs(ctx, unit, sentence)


def _whole_sentence(ctx: CheckContext, sentence: Sentence, vocabulary: set[str]) -> str | None:
    """The explanation when the sentence is in the original's language, else None."""
    words = [t for t in tokens(sentence.text) if any(ch.isalpha() for ch in t.norm)]
    if len(words) < MIN_SENTENCE_WORDS:
        return None
    if sum(t.norm in vocabulary for t in words) < COPIED_SHARE * len(words):
        return None
    ref, der = ctx.languages.reference, ctx.languages.derivative
    confidence = _confidence(sentence.text, ref, der)
    if confidence < ctx.config.checks.language_confidence:
        return None
    return (
        f"This sentence is left in {_name(ref)}, the original's language (confidence "
        f"{confidence:.2f}), in a {_name(der)} translation; translate it."
    )


def _script_runs(
    ctx: CheckContext, unit: AlignedUnit, sentence: Sentence, home: str
) -> Iterator[Fragment]:
    """Runs of letters of the original's script (spaces and punctuation inside allowed)."""
    text = sentence.text
    start = last = None
    for k, ch in enumerate(text + " "):
        if ch.isalpha() and script(ch) == home:
            start = k if start is None else start
            last = k + 1
        elif ch.isalpha() or (start is not None and k - (last or k) > 2):
            if start is not None and last is not None:
                yield from _script_run(ctx, unit, sentence, start, last, home)
            start = last = None
    if start is not None and last is not None:
        yield from _script_run(ctx, unit, sentence, start, last, home)


def _script_run(
    ctx: CheckContext, unit: AlignedUnit, sentence: Sentence, start: int, end: int, home: str
) -> Iterator[Fragment]:
    piece = sentence.text[start:end]
    if home == "LATIN":
        words = [t.norm for t in tokens(piece)]
        if len(words) < MIN_RUN or not set(words) & _function_words(ctx.languages.reference):
            return  # a name or an acronym keeps its Latin letters in any script
    letters = sum(ch.isalpha() for ch in piece)
    long = letters >= ctx.config.checks.passage_chars
    yield Fragment(
        unit,
        sentence.start + start,
        sentence.start + end,
        Severity.CRITICAL if long else Severity.MAJOR,
        f"\u201c{piece}\u201d is left in {home.title()} script, the original's, in a "
        f"{_name(ctx.languages.derivative)} translation; translate it.",
    )


def _copied_runs(ctx: CheckContext, unit: AlignedUnit, sentence: Sentence) -> Iterator[Fragment]:
    """Runs of words copied in order from the unit's original, with a function word of the
    original's language among them."""
    if not unit.ref:
        return
    original = [t.norm for t in ctx.ref_tokens(unit)]
    grams = {tuple(original[k : k + MIN_RUN]) for k in range(len(original) - MIN_RUN + 1)}
    own = list(tokens(sentence.text, sentence.start))
    function = _function_words(ctx.languages.reference)
    k = 0
    while k <= len(own) - MIN_RUN:
        if tuple(t.norm for t in own[k : k + MIN_RUN]) not in grams:
            k += 1
            continue
        end = k + MIN_RUN
        while end < len(own) and tuple(t.norm for t in own[end - MIN_RUN + 1 : end + 1]) in grams:
            end += 1
        run = own[k:end]
        if any(t.norm in function for t in run):
            yield _copied(ctx, unit, run)
        k = end


def _copied(ctx: CheckContext, unit: AlignedUnit, run: list[Token]) -> Fragment:
    text = ctx.derivative.document.text[run[0].start : run[-1].end]
    name = all(t.capitalised for t in run if t.content)
    major = len(run) >= MAJOR_RUN and not name
    return Fragment(
        unit,
        run[0].start,
        run[-1].end,
        Severity.MAJOR if major else Severity.MINOR,
        f"\u201c{text}\u201d ({len(run)} words) is copied from the original in "
        f"{_name(ctx.languages.reference)}; translate it (or keep it only if it is a name).",
    )


SHARED_WORDS = frozenset("in an am so was will also die war hat her man bin on des".split())
"""Function words of one language that are words of another too (English "in", German "in")."""


def _function_words(language: str) -> frozenset[str]:
    """Function words that show a run is in the original's language."""
    words = ENGLISH_FUNCTION_WORDS if language == "en" else FOREIGN_FUNCTION_WORDS
    return words - SHARED_WORDS


def _name(code: str) -> str:
    from audit.languages import language_name

    return language_name(code)


def _confidence(text: str, reference: str, derivative: str) -> float:
    """lingua's confidence that a text is in ``reference`` rather than ``derivative``."""
    detector = _detector(reference, derivative)
    if detector is None:
        return 0.0
    from lingua import IsoCode639_1, Language

    language = Language.from_iso_code_639_1(IsoCode639_1.from_str(reference))
    return float(detector.compute_language_confidence(text, language))


@lru_cache(maxsize=8)
def _detector(reference: str, derivative: str):  # type: ignore[no-untyped-def]
    """lingua choosing between the pair's two languages (None if it lacks one of them)."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    try:
        pair = [
            Language.from_iso_code_639_1(IsoCode639_1.from_str(c)) for c in (reference, derivative)
        ]
    except ValueError:
        return None
    return LanguageDetectorBuilder.from_languages(*pair).with_low_accuracy_mode().build()
