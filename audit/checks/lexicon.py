"""Word classes the meaning checks read: negations, negating words, modals, persons, genders
(small closed lists of English function words, written by hand), and two tables derived from
WordNet 3.0 and shipped in ``audit/checks/data``: opposites (antonyms, inflected) and names of
one entity. The tables are read once, when first used.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from audit.words import normal

NEGATIONS = frozenset("not no never n't nobody nothing none neither nor without cannot".split())

NEGATIVE_SENSE = (
    "prevent avoid refus stop ban prohibit deny denie fail lack against unable instead rather "
    "neither less reject oppos halt cease dis".split()
)
"""Stems of words that negate by meaning ("prevent", "refusing", "banning", "dislike")."""

NEGATING_PREFIXES = ("dis", "un", "in", "im", "ir", "il", "non")
"""Prefixes that make "dislike" say what "don't like" says."""

AUXILIARIES = frozenset(
    "is are was were be been am has have had do does did will would can could may might must "
    "should shall".split()
)
"""Words a negation follows ("is not", "will not"): a dropped negation is shown on them."""

MODALS = {
    # What is possible or expected is one class ("can" for "will" is not a change of meaning),
    # and tense pairs share a class ("will"/"would" in reported speech).
    **dict.fromkeys("can could may might shall will would".split(), "possibility"),
    **dict.fromkeys("must should ought".split(), "obligation"),
    **dict.fromkeys("want wants wanted wish wishes hope hopes".split(), "volition"),
}

PERSONS = {
    **dict.fromkeys("i me my mine we us our ours".split(), 1),
    **dict.fromkeys("you your yours".split(), 2),
    **dict.fromkeys("he she it they them their his her him its theirs hers".split(), 3),
}

GENDERS = {
    **dict.fromkeys("he him his himself".split(), "masculine"),
    **dict.fromkeys("she her hers herself".split(), "feminine"),
}
"""Third-person pronouns that say a gender ("he" for "she" is another person)."""


def _table(name: str) -> list[list[str]]:
    """The rows of a tab-separated table in ``audit/checks/data`` (``#`` lines skipped)."""
    text = resources.files("audit.checks").joinpath("data", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@cache
def opposites() -> frozenset[tuple[str, str]]:
    """Ordered pairs of opposites (every inflected form) from WordNet's antonyms
    (``data/opposites.tsv``, made by ``benchmarks/build_wordnet_tables.py``)."""
    return frozenset((row[0], row[1]) for row in _table("opposites.tsv"))


@cache
def entities() -> dict[str, frozenset[int]]:
    """Each name's entities (ids): names of one entity share one ("Naples"/"Napoli",
    "Portugal"/"Portuguese"), from WordNet (``data/entities.tsv``)."""
    out: dict[str, set[int]] = {}
    for k, row in enumerate(_table("entities.tsv")):
        for name in row:
            out.setdefault(normal(name), set()).add(k)
    return {name: frozenset(ids) for name, ids in out.items()}


def same_entity(a: str, b: str) -> bool:
    """Whether two names (lower case, as written) name one entity in WordNet."""
    known = entities()
    return bool(known.get(a, frozenset()) & known.get(b, frozenset()))
