"""Planted changes: one edit of a derivative sentence that changes (or keeps) its meaning.

Each class of meaning error an editor must catch is an ``Edit``: given a sentence and a
``Lexicon`` (opposites and hypernyms from WordNet, inflections, a pool of names and phrases),
it returns the changed sentence with the character spans it changed, or None where the sentence
offers no place for it. The judge's training script makes synthetic examples with them, and the
planted-change battery (``benchmarks/battery.py``, ``tests/judge/``) measures what the audit
finds. Rewordings (``KEEPS``) change words but not what the sentence says.

Edits are deterministic for a given ``random.Random``; they read words with ``audit.words``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial

from audit.words import Token, tokens

AUXILIARIES = (
    "is are was were will would can could should has have had must may might does do did".split()
)
NEGATIONS = {"not", "never", "n't"}
GENDER = dict(
    pair
    for a, b in (
        ("he", "she"),
        ("him", "her"),
        ("his", "her"),
        ("himself", "herself"),
        ("man", "woman"),
        ("men", "women"),
        ("mr", "ms"),
        ("father", "mother"),
        ("son", "daughter"),
        ("brother", "sister"),
        ("husband", "wife"),
        ("boy", "girl"),
        ("king", "queen"),
    )
    for pair in ((a, b), (b, a))
)
"""Words of one gender and their counterpart ("her" maps back to "his")."""
MONTHS = (
    "January February March April May June July August September October November December".split()
)
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_BEFORE_VERB = frozenset(AUXILIARIES) | {"be", "been", "being", "to", "not", "n't", "having"}
"""Words after which a verb form is not finite ("was visited", "to visit")."""
_CLAUSE = frozenset("that which who whom whose when where if because as said says".split())
"""Words that start or report a clause: an auxiliary after them is not the main clause's."""
NUMBER_WORDS = "two three four five six seven eight nine ten dozen hundred thousand".split()


@dataclass(frozen=True)
class Lexicon:
    """What the edits draw on (built by ``audit.judge.data.lexicon`` from WordNet)."""

    opposites: dict[str, list[str]] = field(default_factory=dict)
    """Word -> its direct antonyms (same part of speech, inflected forms included)."""
    hypernyms: dict[str, list[str]] = field(default_factory=dict)
    """Noun (singular and plural) -> more general nouns, inflected alike."""
    verbs: frozenset[str] = frozenset()
    """Verb forms (to tell a subject from a clause)."""
    tenses: dict[str, list[str]] = field(default_factory=dict)
    """Finite verb form -> the same verb in another tense or aspect ("visited" -> "visits")."""
    names: tuple[str, ...] = ()
    """Proper names seen in the corpus (entity swaps)."""
    phrases: tuple[str, ...] = ()
    """Adverbial phrases seen in the corpus ("in the capital", "for the first time")."""
    modifiers: frozenset[str] = frozenset()
    """Adjectives and adverbs whose loss changes a statement ("non-lethal", "former")."""


@dataclass(frozen=True)
class Change:
    """A changed sentence: ``spans`` are the changed characters of ``text`` (an insertion
    point for a dropped word is a zero-width span); ``lost`` the dropped words' spans in the
    original sentence."""

    kind: str
    text: str
    spans: tuple[tuple[int, int], ...]
    lost: tuple[tuple[int, int], ...] = ()


Edit = Callable[[str, Lexicon, random.Random], Change | None]


def _replace(text: str, kind: str, start: int, end: int, new: str) -> Change:
    return Change(kind, text[:start] + new + text[end:], ((start, start + len(new)),))


def _inner(words: Sequence[Token]) -> list[Token]:
    """Words after the first (the first is capitalised whatever it is)."""
    return list(words[1:])


def _case(new: str, old: str) -> str:
    return new[:1].upper() + new[1:] if old[:1].isupper() else new


def negation(text: str, lex: Lexicon, rng: random.Random) -> Change | None:
    """Add "not" after an auxiliary, or drop a "not"/"never"/"n't" (reverses the statement)."""
    words = tokens(text)
    negs = [t for t in words if t.norm in NEGATIONS or t.norm.endswith("n't")]
    if negs and rng.random() < 0.5:
        t = rng.choice(negs)
        if t.norm.endswith("n't"):
            keep = {"won't": "will", "can't": "can", "cannot": "can"}.get(t.norm, t.text[:-3])
            return _replace(text, "negation", t.start, t.end, keep)
        start = t.start - 1 if text[t.start - 1 : t.start] == " " else t.start
        return Change(
            "negation", text[:start] + text[t.end :], ((start, start),), ((t.start, t.end),)
        )
    aux = [t for t in _inner(words) if t.norm in AUXILIARIES]
    if not aux:
        return None
    t = rng.choice(aux)
    following = text[t.end : t.end + 5].lower()
    if following.startswith((" not", " n't", " never")):
        return None
    return Change("negation", text[: t.end] + " not" + text[t.end :], ((t.end + 1, t.end + 4),))


def opposite(text: str, lex: Lexicon, rng: random.Random) -> Change | None:
    """A word replaced by one of its opposites ("increase" -> "decrease")."""
    places = [t for t in _inner(tokens(text)) if t.text.lower() in lex.opposites]
    if not places:
        return None
    t = rng.choice(places)
    new = rng.choice(lex.opposites[t.text.lower()])
    return _replace(text, "opposite", t.start, t.end, _case(new, t.text))


def names_of(text: str) -> list[tuple[int, int]]:
    """Runs of capitalised words after the first word ("United States", "Liu He"): names."""
    skip = {m.lower() for m in MONTHS + WEEKDAYS}
    runs: list[list[Token]] = []
    for t in _inner(tokens(text)):
        if not t.capitalised or t.text.isupper() or t.norm in skip or not t.content:
            continue
        if runs and text[runs[-1][-1].end : t.start] == " ":
            runs[-1].append(t)
        else:
            runs.append([t])
    return [(run[0].start, run[-1].end) for run in runs]


def entity(text: str, lex: Lexicon, rng: random.Random) -> Change | None:
    """A name replaced by another name the sentence does not use ("Japan" -> "China")."""
    places = names_of(text)
    pool = [n for n in lex.names if n not in text]
    if not places or not pool:
        return None
    start, end = rng.choice(places)
    return _replace(text, "entity", start, end, rng.choice(pool))


def relation(text: str, lex: Lexicon, rng: random.Random) -> Change | None:
    """Two names of the sentence trade places ("A beat B" -> "B beat A")."""
    distinct = {text[a:b]: (a, b) for a, b in names_of(text)}
    if len(distinct) < 2:
        return None
    (a0, a1), (b0, b1) = sorted(rng.sample(list(distinct.values()), 2))
    first, second = text[a0:a1], text[b0:b1]
    new = text[:a0] + second + text[a1:b0] + first + text[b1:]
    shift = len(second) - len(first)
    return Change("relation", new, ((a0, a0 + len(second)), (b0 + shift, b0 + shift + len(first))))


_DIGITS = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)*(?![\d])")


def figure(text: str, lex: Lexicon, rng: random.Random) -> Change | None:
    """A number, number word, month or weekday replaced by another."""
    places: list[tuple[int, int, str]] = []
    for m in _DIGITS.finditer(text):
        places.append((m.start(), m.end(), _other_number(m.group(), rng)))
    for t in _inner(tokens(text)):
        for table in (MONTHS, WEEKDAYS, NUMBER_WORDS):
            if table is not NUMBER_WORDS and (not t.capitalised or t.text == "May"):
                continue
            if t.text.lower() in [w.lower() for w in table]:
                other = rng.choice([w for w in table if w.lower() != t.text.lower()])
                places.append((t.start, t.end, _case(other, t.text)))
    if not places:
        return None
    start, end, new = rng.choice(places)
    return _replace(text, "figure", start, end, new)


def _other_number(digits: str, rng: random.Random) -> str:
    value = int(re.sub(r"\D", "", digits) or 0)
    if 1900 <= value <= 2100 and len(digits) == 4:
        return str(value + rng.choice([-3, -2, -1, 1, 2, 3]))
    new = value + rng.choice([1, 2, 3, 5, 10]) if value < 20 else value * rng.choice([2, 3, 10])
    text = str(new)
    return f"{new:,}" if "," in digits else text


def gender(text: str, lex: Lexicon, rng: random.Random) -> Change | None:
    """A word of one gender replaced by its counterpart ("he" -> "she")."""
    places = [t for t in tokens(text) if t.text.lower() in GENDER]
    if not places:
        return None
    t = rng.choice(places)
    return _replace(text, "gender", t.start, t.end, _case(GENDER[t.text.lower()], t.text))


def question(text: str, lex: Lexicon, rng: random.Random) -> Change | None:
    """A statement made a question by moving its first auxiliary to the front."""
    words = tokens(text)
    stripped = text.rstrip()
    if not stripped.endswith(".") or any(q in text for q in '"“”'):
        return None
    aux = next((k for k, t in enumerate(words) if t.norm in AUXILIARIES), None)
    if aux is None or not 1 <= aux <= 5 or "," in text[: words[aux].start]:
        return None
    if any(t.text.lower() in lex.verbs or t.norm in _CLAUSE for t in words[:aux]):
        return None
    t, first = words[aux], words[0]
    head = text[first.start : t.start].rstrip()
    if not first.text.isupper() and first.norm not in {n.lower() for n in lex.names}:
        head = first.text[:1].lower() + head[1:]
    rest = text[t.end : len(stripped) - 1]
    new = text[: first.start] + _case(t.text, "A") + " " + head + rest + "?" + text[len(stripped) :]
    return Change(
        "question",
        new,
        ((first.start, first.start + len(t.text)), (len(new.rstrip()) - 1, len(new.rstrip()))),
    )


def tense(text: str, lex: Lexicon, rng: random.Random) -> Change | None:
    """A finite verb put in another tense or aspect ("visited" -> "will visit")."""
    words = tokens(text)
    places = [
        t
        for k, t in enumerate(words)
        if k > 0 and t.text.lower() in lex.tenses and words[k - 1].norm not in _BEFORE_VERB
    ]
    if not places:
        return None
    t = rng.choice(places)
    return _replace(text, "tense", t.start, t.end, rng.choice(lex.tenses[t.text.lower()]))


def hypernym(text: str, lex: Lexicon, rng: random.Random) -> Change | None:
    """A specific noun replaced by a more general one ("truck" -> "vehicle")."""
    places = [t for t in _inner(tokens(text)) if not t.capitalised and t.norm in lex.hypernyms]
    if not places:
        return None
    t = rng.choice(places)
    return _replace(text, "hypernym", t.start, t.end, rng.choice(lex.hypernyms[t.norm]))


def _drop(text: str, kind: str, start: int, end: int) -> Change:
    """Remove ``text[start:end]`` and one space beside it."""
    if text[end : end + 1] == " ":
        end += 1
    elif text[start - 1 : start] == " ":
        start -= 1
    return Change(kind, text[:start] + text[end:], ((start, start),), ((start, end),))


def drop_word(text: str, lex: Lexicon, rng: random.Random) -> Change | None:
    """A meaningful adjective or adverb dropped ("non-lethal aid" -> "aid")."""
    places = [t for t in _inner(tokens(text)) if t.norm in lex.modifiers]
    for t in rng.sample(places, len(places)):
        if text[t.end : t.end + 1] == " " and text[t.start - 1 : t.start] == " ":
            return _drop(text, "drop_word", t.start, t.end)
    return None


def drop_entity(text: str, lex: Lexicon, rng: random.Random) -> Change | None:
    """A name dropped with its conjunction or preposition ("Japan and Korea" -> "Korea")."""
    names = names_of(text)
    for start, end in rng.sample(names, len(names)):
        before, after = text[:start], text[end:]
        if before.endswith("the "):
            continue
        for link in (" and ", ", "):
            if after.startswith(link) and not before.endswith(" of "):
                return _drop(text, "drop_entity", start, end + len(link) - 1)
            if before.endswith(link) and link == " and ":
                return _drop(text, "drop_entity", start - len(link) + 1, end)
        m = re.search(r"\b(in|from|to|at|of) $", before)
        if m and re.match(r"[,.;]", after):
            return _drop(text, "drop_entity", m.start(), end)
    return None


def addition(text: str, lex: Lexicon, rng: random.Random) -> Change | None:
    """A phrase the sentence does not have, inserted before its final stop or a comma."""
    stripped = text.rstrip()
    if not lex.phrases or not stripped.endswith((".", "!")):
        return None
    phrase = rng.choice([p for p in lex.phrases if p.lower() not in text.lower()] or [""])
    if not phrase:
        return None
    commas = [m.start() for m in re.finditer(",", stripped)]
    at = rng.choice([*commas, len(stripped) - 1])
    new = text[:at] + " " + phrase + text[at:]
    return Change("addition", new, ((at + 1, at + 1 + len(phrase)),))


def reword(text: str, lex: Lexicon, rng: random.Random) -> Change | None:
    """A faithful rewording: a contraction opened, a small figure spelt out, a title dropped,
    or a leading phrase moved to the end. (Synonyms are not planted: a thesaurus's synonym
    of a word's commonest sense is often wrong in context, and would teach that wrong words
    are faithful.)"""
    words = _inner(tokens(text))
    options: list[Callable[[], Change | None]] = []
    for t in words:
        if t.norm.endswith("n't") and t.norm not in {"won't", "can't"}:
            options.append(partial(_replace, text, "reword", t.start, t.end, t.text[:-3] + " not"))
        if t.text in _SPELT:
            options.append(partial(_replace, text, "reword", t.start, t.end, _SPELT[t.text]))
        if t.norm in {"mr", "ms", "mrs"} and text[t.end : t.end + 2].lstrip(".")[:1] == " ":
            end = t.end + (1 if text[t.end : t.end + 1] == "." else 0)
            options.append(partial(_drop, text, "reword", t.start, end))
    lead = re.match(r"(On|In|At|Last|Earlier|Later) ([^,]{3,30}), (\w)", text)
    if lead and text.rstrip().endswith("."):
        options.append(lambda: _move_lead(text, lead))
    if not options:
        return None
    change = rng.choice(options)()
    return None if change is None else Change("reword", change.text, change.spans)


_SPELT = dict(
    zip("2 3 4 5 6 7 8 9".split(), "two three four five six seven eight nine".split(), strict=True)
)


def _move_lead(text: str, lead: re.Match[str]) -> Change:
    phrase = lead.group(1).lower() + " " + lead.group(2)
    body = text[lead.start(3) :]
    body = body[:1].upper() + body[1:]
    stripped = body.rstrip()
    new = stripped[:-1] + " " + phrase + "." + body[len(stripped) :]
    return Change("reword", new, ((len(stripped) - 1 + 1, len(stripped) + len(phrase)),))


REVERSES: dict[str, Edit] = {
    "negation": negation,
    "opposite": opposite,
    "entity": entity,
    "figure": figure,
    "gender": gender,
    "question": question,
    "relation": relation,
}
"""Changes that reverse or falsify a statement."""
SHIFTS: dict[str, Edit] = {
    "tense": tense,
    "hypernym": hypernym,
    "drop_word": drop_word,
    "drop_entity": drop_entity,
    "addition": addition,
}
"""Other meaning changes."""
KEEPS: dict[str, Edit] = {"reword": reword}
"""Changes that keep the meaning."""
EDITS: dict[str, Edit] = {**REVERSES, **SHIFTS, **KEEPS}
OPPOSES = frozenset({"negation", "opposite", "relation"})
"""Classes whose changed sentence states the opposite of the original (critical)."""
