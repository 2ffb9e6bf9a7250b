"""Who is quoted: the speaker a text gives a quotation ("…,” he said", "Ms Mao told").

Attribution in news follows the quotation or introduces it, with a speech verb beside a name
or a pronoun. A pronoun in the reference is resolved to the last titled name before the quote
("Mr Stoltenberg … “…,” he said"). Regular expressions suffice: the patterns are few and
fixed, and a parser would bring a model for what these lines already read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from audit.checks.words import Quote

SPEECH = (
    r"(?:said|says|say|told|tells|added|adds|asked|stated|declared|insisted|noted|warned|"
    r"wrote|explained|argued|urged|stressed|according to)"
)
_WHO = r"(?P<who>[^.,;:!?“”\"«»\n]{1,70}?)"
_AFTER = (
    re.compile(
        r"^[ ,.–—-]{0,4}"
        + SPEECH
        + r"\s+"
        + _WHO
        + r"(?=[.,;:!?]|\s+(?:on|in|at|to|during|after|before)\b|$)"
    ),
    re.compile(r"^[ ,.–—-]{0,4}" + _WHO + r"\s+" + SPEECH + r"\b"),
)
_BEFORE = re.compile(_WHO + r"\s+" + SPEECH + r"\s*[:,]?\s*$")
_TITLED = re.compile(r"\b(?:Mr|Ms|Mrs|Dr|Prof)\.?\s+([A-Z][\w’'-]+)")
_PRONOUNS = frozenset("he she they it we i".split())
_TITLES = frozenset(
    "mr ms mrs dr prof president minister secretary general chief spokesperson spokesman "
    "spokeswoman prime foreign defence defense former".split()
)
REACH = 90
"""Characters looked at on each side of a quotation for its attribution."""


@dataclass(frozen=True)
class Speaker:
    """A speaker as written: a surname (``name``) at ``start``:``end``, or a pronoun."""

    name: str | None
    start: int
    end: int


def speaker_of(text: str, quote: Quote) -> Speaker | None:
    """The speaker the text gives a quotation, or None when it names none."""
    after = text[quote.end : quote.end + REACH]
    for pattern in _AFTER:
        match = pattern.search(after)
        if match:
            return _who(match.group("who"), quote.end + match.start("who"))
    lo = max(0, quote.start - REACH)
    match = _BEFORE.search(text[lo : quote.start])
    if match:
        return _who(match.group("who"), lo + match.start("who"))
    return None


def resolved(text: str, quote: Quote) -> str | None:
    """The reference's speaker surname, a pronoun resolved to the last titled name before it."""
    found = speaker_of(text, quote)
    if found is None:
        return None
    if found.name is not None:
        return found.name
    names = _TITLED.findall(text[: quote.start])
    return names[-1] if names else None


def _who(phrase: str, offset: int) -> Speaker | None:
    """The surname of an attribution phrase (its last capitalised word), or a pronoun."""
    words = list(re.finditer(r"[\w’'-]+", phrase))
    if len(words) == 1 and words[0].group().casefold() in _PRONOUNS:
        return Speaker(None, offset + words[0].start(), offset + words[0].end())
    names = [w for w in words if w.group()[:1].isupper() and w.group().casefold() not in _TITLES]
    if not names:
        return None
    last = names[-1]
    return Speaker(last.group(), offset + last.start(), offset + last.end())
