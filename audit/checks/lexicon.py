"""Word classes the meaning checks read: negations, negating words, modals, persons, antonyms.

Small closed lists written by hand (English function words and common opposites): a
general-purpose thesaurus would bring a large dependency and mostly synonyms, which are
exactly what the checks must leave alone.
"""

from __future__ import annotations

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

_OPPOSITES = """win lose; won lost; victory defeat; increase decrease; increase reduce;
raise lower; rise fall; rose fell; more less; more fewer; higher lower; larger smaller;
bigger smaller; strengthen weaken; allow ban; allow forbid; permit ban; accept reject;
approve reject; support oppose; agree disagree; include exclude; before after; above below;
ally adversary; ally enemy; friend enemy; partner adversary; partner rival; success failure;
succeed fail; open close; start end; begin end; maximum minimum; gain loss; profit loss;
strong weak; easy difficult; possible impossible; legal illegal; true false; right wrong;
always never; all none; everyone nobody; first last; early late; import export; buy sell;
north south; east west; up down; positive negative; love hate; like dislike; best worst;
better worse; peace war; safe dangerous; rich poor; cheap expensive; majority minority""".replace(
    "\n", " "
)
ANTONYMS = frozenset(
    frozenset(pair.split()) for pair in _OPPOSITES.split(";") if len(pair.split()) == 2
)
"""Unordered pairs of opposites, compared on stems and normal forms."""
