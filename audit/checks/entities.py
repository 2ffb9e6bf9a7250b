"""Names and links across languages: what a translation must carry letter for letter.

Links: URLs, e-mail addresses and handles (``@name``) of the derivative that the original does
not have are reported (changed when the same unit of the original has one the derivative lacks:
major; else added: major), those of the original the translation lacks are dropped (minor).

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
_LINK = re.compile(
    r"https?://[^\s<>\"“”]+|www\.[^\s<>\"“”]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<![\w@])@\w{2,}"
)
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


def links(text: str, offset: int = 0) -> list[tuple[str, int, int]]:
    """(normal form, start, end) of every URL, e-mail address and handle of a text."""
    out = []
    for match in _LINK.finditer(text):
        raw = match.group().rstrip(".,;:!?)»“”'\"")
        key = raw.casefold().removeprefix("https://").removeprefix("http://").rstrip("/")
        out.append((key, offset + match.start(), offset + match.start() + len(raw)))
    return out


def link_problems(ctx: CheckContext) -> Iterator[NameProblem]:
    """Links of the translation the original lacks, per unit (changed or added), and links of
    the original the translation lacks (dropped)."""
    ref_all = {key for key, _, _ in links(ctx.reference.document.text)}
    der_all = {key for key, _, _ in links(ctx.derivative.document.text)}
    for unit in ctx.units:
        if not unit.deriv:
            continue
        der = links(ctx.derivative.text_of(unit.deriv), ctx.derivative.span(unit.deriv)[0])
        ref = (
            links(ctx.reference.text_of(unit.ref), ctx.reference.span(unit.ref)[0])
            if unit.ref
            else []
        )
        lost = [r for r in ref if r[0] not in der_all]
        for key, start, end in der:
            if key in ref_all:
                continue
            other = lost.pop(0) if lost else None
            what = f"where the original has {other[0]}" if other else "which the original lacks"
            yield NameProblem(
                unit, start, end, Severity.MAJOR,
                f"The translation links {key}, {what}; give the original's address.",
                (other[1], other[2]) if other else None,
            )  # fmt: skip
        for key, start, end in lost:
            yield NameProblem(
                unit, *ctx.derivative.span(unit.deriv), Severity.MINOR,
                f"The original's {key} is missing from this passage; restore it.", (start, end),
            )  # fmt: skip


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
            slip = variant is not None and typo(name.text, variant.text) and (rare or elsewhere)
            if variant is not None and (slip or elsewhere or rare):
                yield _problem(ctx, unit, name, variant, True, slip or elsewhere)
                continue
            stand_in = _stand_in(ctx, free, story, known, rare or elsewhere)
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


def _variant(name: Token, free: list[Token], known: set[str]) -> Token | None:
    """A capitalised word spelt like the name that the original never uses."""
    own = key(name)
    alike = [(fuzz.ratio(own, key(t)), t) for t in free if key(t) not in known]
    best = max(alike, key=lambda pair: pair[0], default=None)
    return best[1] if best is not None and best[0] >= VARIANT_RATIO else None


def _stand_in(
    ctx: CheckContext, free: list[Token], story: set[str], known: set[str], wanted: bool
) -> Token | None:
    """A name standing in the unit that its original lacks, when ``wanted`` (the missing name
    is rare or kept elsewhere): another name of the story, spelt as the original spells it, or,
    in a language that does not capitalise nouns, a word the original lacks that looks like a
    name."""
    capital_nouns = ctx.languages.derivative in CAPITAL_NOUNS
    for token in free:
        if not wanted:
            return None
        if token.text in story:
            return token
        if not capital_nouns and key(token) not in known and _looks_like_name(ctx, token):
            return token
    return None


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
        severity = Severity.MAJOR if slip and not same else Severity.MINOR
        how = "misspells the original's" if slip else "is spelt differently from the original's"
        why = "; correct the name." if slip else "; check it is the accepted spelling."
    else:
        severity, how, why = Severity.MAJOR, "stands where the original has", "; correct it."
    return NameProblem(
        unit, word.start, word.end, severity,
        f"\u201c{word.text}\u201d {how} \u201c{name.text}\u201d{why}", (name.start, name.end),
    )  # fmt: skip
