"""Names across languages: what a translation must carry letter for letter (links:
``audit.checks.links``).

Latin-script names of an aligned unit's original (capitalised words not opening a sentence,
not function words, never written in lower case in the original; possessives and inflections
count as the name, "Bidens" is "Biden"), looked for in the unit's translation and its
neighbouring sentences (a name moved there is no stand-in's):

- *misspelt*: the translation has a capitalised word alike (rapidfuzz ratio >= ``VARIANT_RATIO``)
  that the original never uses. A typing slip (one inner letter dropped, added or swapped, the
  first and last letters kept: "Spurell" for "Spurrell", "Pnece" for "Pence") of a rare name or
  of one the translation spells right elsewhere is major; another difference is major when the
  translation spells the name as the original does elsewhere, minor when it never does and the
  name is rare (it may be the name's spelling in that language: "Prigoschin" for "Prigozhin"),
  and no finding for a common name ("Simbabwe", "Parlament");
- *replaced*: here the translation has another name of the story that the original's passage
  lacks (or, when the name is rare or kept elsewhere and the language does not capitalise its
  nouns, a word that looks like a name): major.

Names a language translates are not reported: a name that is a whole word of the English
vocabulary of the packaged model (``ENGLISH_VOCABULARY``: "Germany", "Friday", "President")
and that the translation never spells as the original does is taken to be translated
("Deutschland", "Freitag", "Präsident").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from audit.checks.base import CheckContext
from audit.records import AlignedUnit, Segmented, Severity
from audit.words import FUNCTION_WORDS, Token, stem, tokens

VARIANT_RATIO = 75.0
_TRANSLIT = (
    ("sch", "sh"), ("zh", "sh"), ("dsh", "j"), ("dj", "j"), ("kh", "ch"), ("w", "v"),
    ("j", "y"), ("ou", "u"), ("c", "k"),
)  # fmt: skip
"""German, French and English transliterations of one name ("Prigoschin", "Prigozhin")."""
CAPITAL_NOUNS = frozenset({"de", "lb"})
"""Languages that capitalise every noun: a capitalised word there is no sign of a name."""


@dataclass(frozen=True)
class NameProblem:
    """A span of the derivative with a name or link problem."""

    unit: AlignedUnit
    start: int
    end: int
    severity: Severity
    explanation: str
    ref_span: tuple[int, int] | None = None


def key(token: Token) -> str:
    """A word as names are compared: its spelling folded, a possessive ending dropped (the
    project's normal form also respells "-ence", which names do not)."""
    return fold(re.sub(r"['’]s$", "", token.text))


def fold(text: str) -> str:
    """Case-folded, accents dropped ("Brüssel" -> "brussel")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def transliterated(name: str) -> str:
    """A spelling key that one name transliterated into two languages shares."""
    spelt = fold(name)
    for a, b in _TRANSLIT:
        spelt = spelt.replace(a, b)
    return re.sub(r"(.)\1", r"\1", spelt)


def _sentence_starts(doc: Segmented, indices: tuple[int, ...]) -> set[int]:
    """Offsets of the first word of each sentence (a capital there is no sign of a name)."""
    out = set()
    for k in indices:
        first = next(iter(tokens(doc.sentences[k].text, doc.sentences[k].start)), None)
        if first is not None:
            out.add(first.start)
    return out


def reference_names(ctx: CheckContext, unit: AlignedUnit) -> list[Token]:
    """The Latin-script names of a unit's original (see the module doc)."""
    if ctx.languages.reference in CAPITAL_NOUNS:
        return []
    lower = ctx._memo("lower_words", lambda: {
        t.norm for t in ctx.reference_tokens() if t.text[:1].islower()})  # fmt: skip
    starts = _sentence_starts(ctx.reference, unit.ref)
    return [
        t for t in ctx.ref_tokens(unit)
        if t.text[:1].isupper() and t.text[:1].isascii() and t.start not in starts
        and t.norm not in FUNCTION_WORDS and t.norm not in lower and len(t.norm) >= 3
        and not any(ch.isdigit() for ch in t.text)
    ]  # fmt: skip


def carried(name: Token, words: list[Token]) -> bool:
    """Whether words carry a name, inflected or not ("Biden", "Bidens", "Biden-Regierung")."""
    own = key(name)
    folded = (key(w) for w in words)
    return any(f == own or (f.startswith(own) and len(f) - len(own) <= 3) for f in folded)


@lru_cache(maxsize=1)
def english_vocabulary() -> frozenset[str]:
    """Whole words of the packaged model's WordPiece vocabulary (30,000 lower-case pieces of
    English: its common words and best-known names); empty when the file cannot be read."""
    from audit.embed.models import resolve_model
    from audit.errors import ModelError
    from audit.settings import DEFAULT_MODEL

    try:
        text = (resolve_model(DEFAULT_MODEL) / "vocab.txt").read_text(encoding="utf-8")
    except (ModelError, OSError):
        return frozenset()
    return frozenset(w for w in text.split() if w.isalpha())


def common(name: Token) -> bool:
    """Whether a name (or its stem) is a whole word of the English vocabulary."""
    words = english_vocabulary()
    return key(name) in words or stem(key(name)) in words


def name_problems(ctx: CheckContext) -> Iterator[NameProblem]:
    """Misspelt and replaced Latin-script names of the translation's aligned units."""
    known = ctx._memo("folded_reference", lambda: {key(t) for t in ctx.reference_tokens()})
    story = {t.text for u in ctx.units if u.ref and u.deriv for t in reference_names(ctx, u)}
    everywhere = list(ctx.derivative_tokens())
    for unit in ctx.units:
        if not unit.ref or not unit.deriv:
            continue
        names = {t.norm: t for t in reference_names(ctx, unit)}
        if not names:
            continue
        near = _near_tokens(ctx, unit)
        local = {key(t) for t in ctx.ref_tokens(unit)}
        starts = _sentence_starts(ctx.derivative, unit.deriv)
        free = [t for t in ctx.deriv_tokens(unit) if t.text[:1].isupper()
                and t.start not in starts and key(t) not in local]  # fmt: skip
        own = ctx.deriv_tokens(unit)
        for name in names.values():
            if carried(name, own):
                continue
            elsewhere = carried(name, everywhere)
            rare = not common(name)
            variant = _variant(name, free, known)
            slip = variant is not None and _slip(name, variant, rare or elsewhere)
            if variant is not None and (slip or elsewhere or rare):
                yield _problem(ctx, unit, name, variant, True, slip or elsewhere)
                continue
            stand_in = _stand_in(ctx, unit, name, free, story, known, rare or elsewhere)
            if variant is None and stand_in is not None and not carried(name, near):
                yield _problem(ctx, unit, name, stand_in, False, True)


def _near_tokens(ctx: CheckContext, unit: AlignedUnit) -> list[Token]:
    doc = ctx.derivative
    first = max(0, unit.deriv[0] - 1)
    last = min(len(doc.sentences) - 1, unit.deriv[-1] + 1)
    return list(tokens(doc.document.text[doc.sentences[first].start : doc.sentences[last].end]))


def typo(name: str, word: str) -> bool:
    """Whether ``word`` is ``name`` with one inner letter dropped, added or swapped with its
    neighbour, the first and last letters kept (a slip of the keyboard, not a transliteration)."""
    a, b = fold(name), fold(word)
    if a == b or a[:1] != b[:1] or a[-1:] != b[-1:]:
        return False
    if len(a) == len(b):
        diff = [k for k in range(len(a)) if a[k] != b[k]]
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long = sorted((a, b), key=len)
    if len(long) - len(short) != 1:
        return False
    return any(long[:k] + long[k + 1 :] == short for k in range(1, len(long) - 1))


def _slip(name: Token, variant: Token, rare_or_kept: bool) -> bool:
    """A typing slip reported as one: of a rare name or one kept elsewhere, or a keyboard slip."""
    if not typo(name.text, variant.text):
        return False
    return rare_or_kept or keyboard(name.text, variant.text)


def keyboard(name: str, word: str) -> bool:
    """Whether ``word`` is ``name`` with two inner neighbours swapped ("Lievrpool", "Wolrd") or
    an inner letter doubled ("Hospittal", "Anddrew"): slips no language's spelling makes, so
    reported even for a name a language may translate. (Not a dropped letter: German writes
    "Parlament" for "Parliament"; not a doubled last letter: "Programm" for "Program".)"""
    a, b = fold(name), fold(word)
    if not typo(a, b):
        return False
    if len(a) == len(b):
        return True
    return len(b) == len(a) + 1 and any(
        b[k] == b[k + 1] and b[:k] + b[k + 1 :] == a for k in range(1, len(b) - 2)
    )


def _variant(name: Token, free: list[Token], known: set[str]) -> Token | None:
    """A capitalised word spelt like the name that the original never uses."""
    own = key(name)
    alike = [(fuzz.ratio(own, key(t)), t) for t in free if key(t) not in known]
    best = max(alike, key=lambda pair: pair[0], default=None)
    return best[1] if best is not None and best[0] >= VARIANT_RATIO else None


def _stand_in(
    ctx: CheckContext,
    unit: AlignedUnit,
    name: Token,
    free: list[Token],
    story: set[str],
    known: set[str],
    wanted: bool,
) -> Token | None:
    """A name standing in the unit that its original lacks, when ``wanted`` (the missing name
    is rare or kept elsewhere): another name of the story, spelt as the original spells it, or,
    in a language that does not capitalise nouns, a word the original lacks that looks like a
    name."""
    capital_nouns = ctx.languages.derivative in CAPITAL_NOUNS
    for token in free:
        if token.text in story and (wanted or _beside(ctx, unit, name, token)):
            return token
        if (
            wanted
            and not capital_nouns
            and key(token) not in known
            and _looks_like_name(ctx, token)
        ):
            return token
    return None


def _beside(ctx: CheckContext, unit: AlignedUnit, name: Token, token: Token) -> bool:
    """Whether ``token`` stands beside the same word as the name does in the original: one part
    of a name replaced ("Emily City" for "Radio City", "West Drennan" for "Leigh Drennan"),
    not a name the translation brings in for a pronoun."""
    return bool(
        _neighbours(ctx.ref_tokens(unit), name) & _neighbours(ctx.deriv_tokens(unit), token)
    )


def _neighbours(words: tuple[Token, ...] | list[Token], word: Token) -> set[tuple[int, str]]:
    """The capitalised words just before (-1) and after (+1) ``word``, folded."""
    at = next((k for k, t in enumerate(words) if t.start == word.start), None)
    if at is None:
        return set()
    out = set()
    for step in (-1, 1):
        k = at + step
        if 0 <= k < len(words) and words[k].text[:1].isupper():
            out.add((step, key(words[k])))
    return out


def _looks_like_name(ctx: CheckContext, token: Token) -> bool:
    """A capitalised word of at least three letters never written in lower case in the
    translation."""
    lower = ctx._memo("derivative_lower", lambda: {
        t.norm for t in ctx.derivative_tokens() if t.text[:1].islower()})  # fmt: skip
    return len(token.norm) >= 3 and token.norm not in lower and token.text[:1].isascii()


def _problem(
    ctx: CheckContext, unit: AlignedUnit, name: Token, word: Token, variant: bool, slip: bool
) -> NameProblem:
    if variant:
        same = transliterated(name.text) == transliterated(word.text)
        same = same and not keyboard(name.text, word.text)
        severity = Severity.MAJOR if slip and not same else Severity.MINOR
        how = "misspells the original's" if slip else "is spelt differently from the original's"
        why = "; correct the name." if slip else "; check it is the accepted spelling."
    else:
        severity, how, why = Severity.MAJOR, "stands where the original has", "; correct it."
    return NameProblem(
        unit, word.start, word.end, severity,
        f"\u201c{word.text}\u201d {how} \u201c{name.text}\u201d{why}", (name.start, name.end),
    )  # fmt: skip
