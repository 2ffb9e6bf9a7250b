"""Punctuation conventions of the derivative's language, for the garbled check.

English text (and text of unknown language) is read exactly as the garbled check always read
it. Other languages open and close quotations with other marks (German „…“ and »…«, French
«…», Chinese “…” and 「…」, Japanese 「…」), end sentences with other marks (。！？ ؟ ।), put a
space before ; : ! ? (French) and double some short words on purpose (German "die die",
French "nous nous"). ``conventions`` gives the marks of a language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ENGLISH_PAIRS = {"(": ")", "[": "]", "\u201c": "\u201d"}
ENGLISH_TERMINAL = tuple('.!?…:;"”’)»]')
_MORE_TERMINAL = tuple("\u201c\u00ab\u00bb\u300d\u300f\u3002\uff01\uff1f\uff09\u061f\u06d4\u0964")
_BRACKETS = {"(": ")", "[": "]", "\uff08": "\uff09", "\u3010": "\u3011"}
_GUILLEMETS = {"\u00ab": "\u00bb", "\u201c": "\u201d", "\u201e": "\u201c\u201d"}
PAIRS_BY_LANGUAGE: dict[str, dict[str, str]] = {
    **dict.fromkeys(
        "de cs sk sl hr bg lt et is da lb".split(),
        {"\u201e": "\u201c\u201d", "\u00bb": "\u00ab", "\u201c": "\u201d", **_BRACKETS},
    ),
    **dict.fromkeys("fr it es pt ru uk el tr no nb ar fa ca".split(), {**_GUILLEMETS, **_BRACKETS}),
    **dict.fromkeys(
        "pl ro hu nl".split(),
        {"\u201e": "\u201d\u201c", "\u201c": "\u201d", "\u00ab": "\u00bb", **_BRACKETS},
    ),
    **dict.fromkeys(
        "zh ja ko".split(),
        {
            "\u201c": "\u201d",
            "\u300c": "\u300d",
            "\u300e": "\u300f",
            "\u300a": "\u300b",
            **_BRACKETS,
        },
    ),  # fmt: skip
    **dict.fromkeys("sv fi".split(), dict(_BRACKETS)),  # ”…” opens and closes with one mark
}
"""Each opening mark and the marks that close it (a closing mark that closes nothing open is
stray; a mark that is both, German “, closes when it can and opens otherwise)."""
DOUBLED_OK = {
    "en": frozenset({"that", "had"}),
    "de": frozenset({"der", "die", "das", "den", "dem", "des", "sie", "ist", "war"}),
    "nl": frozenset({"de", "die", "dat"}),
    "fr": frozenset({"nous", "vous"}),
    "es": frozenset({"que"}),
    "it": frozenset({"che"}),
    "pt": frozenset({"que"}),
}
"""Words a sentence may write twice in a row on purpose ("had had"; German "die die")."""
_ENGLISH_BAD_PUNCT = re.compile(
    r"\s+[,.;:!?](?=\s|$)|[,;:]{2,}|(?<!\.)\.\.(?!\.)|[a-z]{2}\.[A-Z][a-z]+"
)
_SPACED_BAD_PUNCT = re.compile(r"\s+[,.](?=\s|$)|[,;:]{2,}|(?<!\.)\.\.(?!\.)|[a-z]{2}\.[A-Z][a-z]+")
"""French typography puts a space before ; : ! ? (and inside guillemets): only , and . count."""


DANGLING = {
    "de": "der die das dass und oder eine einen einem einer eines dem den des weil wenn ob zum zur",
    "fr": "le la les un une de des du et ou que qui à au aux pour avec dans sur par",
    "es": "el la los las un una de del y o que a al con en para por",
    "it": "il lo la gli le un una di del e o che a con in per su",
    "nl": "de het een en of dat die van in op met voor",
    "pt": "o a os as um uma de do da e ou que com em para por",
}
"""Words a complete sentence does not end on, by language (English: ``garbled.DANGLING``);
German ends sentences on separable prefixes ("fing an", "trat ein"), so only articles and
conjunctions count."""


@dataclass(frozen=True)
class Conventions:
    """The marks of one language."""

    pairs: dict[str, str]
    terminal: tuple[str, ...]
    doubled_ok: frozenset[str]
    bad_punct: re.Pattern[str]
    dangling: frozenset[str] = frozenset()
    """Words a sentence of this language is cut off after when it ends on one (not English,
    whose list the garbled check keeps)."""


def conventions(language: str) -> Conventions:
    """The marks of a language (English ones for English and for an unknown language)."""
    if language in ("en", ""):
        return Conventions(ENGLISH_PAIRS, ENGLISH_TERMINAL, DOUBLED_OK["en"], _ENGLISH_BAD_PUNCT)
    pairs = PAIRS_BY_LANGUAGE.get(language, {**ENGLISH_PAIRS, **_BRACKETS})
    spaced = language in ("fr", "br")
    return Conventions(
        pairs,
        ENGLISH_TERMINAL + _MORE_TERMINAL,
        DOUBLED_OK.get(language, frozenset()),
        _SPACED_BAD_PUNCT if spaced else _ENGLISH_BAD_PUNCT,
        frozenset(DANGLING.get(language, "").split()),
    )


def unbalanced(text: str, start: int, end: int, pairs: dict[str, str] = ENGLISH_PAIRS) -> list[int]:
    """Offsets of quotation marks and brackets in text[start:end] never closed or opened."""
    stack: list[tuple[str, int]] = []
    stray: list[int] = []
    closers = {c for close in pairs.values() for c in close}
    for k in range(start, end):
        ch = text[k]
        if stack and ch in pairs[stack[-1][0]]:
            stack.pop()
        elif ch in pairs:
            stack.append((ch, k))
        elif ch in closers:
            stray.append(k)
    return sorted(stray + [k for _, k in stack])


OPENERS = {
    "de": "Der Die Das Ein Eine Einer Er Es Wir Im Am Aber Doch Diese Dieser Dieses Damit Dann",
    "en": "The He She It We They This These Those But",
    "fr": "Le La Les Un Une Il Elle Ils Elles Nous Ce Cette Ces Mais",
    "es": "El Los Las Un Una Él Ella Ellos Este Esta Pero",
    "it": "Il Lo Gli Un Una Egli Lei Questo Questa Ma",
    "nl": "De Het Een Hij Zij Wij Dit Deze Maar",
    "pt": "O Os As Um Uma Ele Ela Este Esta Mas",
}
"""Words that open a sentence, capitalised only there: one right after a lower-case word with no
mark between is where a sentence was cut off and the next one begins."""
_OPENERS = {lang: frozenset(words.split()) for lang, words in OPENERS.items()}
_RUN_ON = re.compile(r"(?:^|\s)[a-zß-ÿ][\w-]*(\s+)([A-ZÀ-Þ][a-zß-ÿ]*)(?=\s+(\S))")
_RUN_ON_NOUN = re.compile(r"(?<=\S)\s[A-ZÀ-Þ][\w-]*[a-zß-ÿ](\s+)([A-ZÀ-Þ][a-zß-ÿ]*)(?=\s+(\S))")


def run_on(text: str, language: str, after_nouns: bool = False) -> tuple[int, str] | None:
    """(offset, opener) where a sentence runs into the next without an end mark: an opener right
    after a word written in lower case ("bald weit Die Zweitplatzierten"; "der Partei Die Linke"
    follows a noun); an English opener before a capitalised word ("in The Guardian") is a
    title. ``after_nouns``: also right after a capitalised word inside the sentence (a German
    noun: "im Abzugskanal Mitarbeiter", "der Flüchtlinge Die Polizei"), for a caller that knows
    more than one original sentence is rendered here."""
    openers = _OPENERS.get(language)
    if not openers:
        return None
    pattern = _RUN_ON_NOUN if after_nouns else _RUN_ON
    for match in pattern.finditer(text):
        word, following = match.group(2), match.group(3)
        if word in openers and not (language != "de" and following[:1].isupper()):
            return match.start(2), word
    return None
