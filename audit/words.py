"""Words: the one tokeniser, normal form, stemmer, function-word list and word count.

Every stage that looks at words uses these: the aligner's word TF-IDF (``audit.align.lexical``),
the scores (``audit.score``: word counts for the TER cap, coverage and fidelity weights) and the
checks (``audit.checks.words`` builds its comparisons on ``tokens`` and ``stem``).

A word is a run of word characters with inner apostrophes ("don't", "Korea's"), a number with
separators ("1,200", "3.5") or an abbreviation with dots ("U.S."). Its normal form is case-folded,
without dots or a possessive ending, with British spellings mapped to American ones
(-ise/-ize, -our/-or, -ence/-ense), so that only real differences remain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

FUNCTION_WORDS = frozenset(
    """a an the and or but nor so yet of to in on at by for from with without into onto over
    under about as than that this these those it its it's is are was were be been being has
    have had do does did not no he she they them their his her him we us our i me my you your
    which who whom whose what when where while there here also such very more most much many
    some any all each other another said says say will would can could may might must should
    shall just only even then up out if because after before since until during between against
    through across among per via one s t""".split()
)
"""English function words: what the checks do not count as content words (``Token.content``)."""

STOP_WORDS = FUNCTION_WORDS | frozenset(
    """about above after again against ago ahead all almost alone along already although always
    am amid amongst anyhow anyone anything anyway anywhere around away back be became because
    become becomes becoming been before beforehand behind being below beside besides beyond both
    cannot could couldn did didn doesn don done down due each either else elsewhere enough etc
    ever every everyone everything everywhere except few fifteen fifty first five for former
    formerly forty four further get gets give given go had hadn hardly hasn haven having hence her
    hers herself him himself his how however hundred i'd i'll i'm i've ie if indeed inside
    instead isn it itself last later latter least less let like made make many me meanwhile
    might mine more moreover mostly mr mrs ms much must my myself namely neither never
    nevertheless next nine nobody none noone nothing now nowhere off often once onto or others
    otherwise ought our ours ourselves out over own part perhaps please put quite rather really
    same see seem seemed seeming seems several she shouldn since six sixty so some somehow
    someone something sometime sometimes somewhere still such take ten than that the their theirs
    them themselves then thence there thereafter thereby therefore therein thereupon these they
    thing third thirty this those though three through throughout thru thus to together too
    toward towards twelve twenty two un under unless until up upon us used very via was wasn we
    well were weren what whatever whence whenever where whereafter whereas whereby wherein
    whereupon wherever whether which while whither who whoever whole whom whose why will with
    within without won would wouldn yet you yours yourself yourselves""".split()
)
"""Words left out of the word TF-IDF: the checks' function words and more of their kind
(pronouns, determiners, prepositions, conjunctions, auxiliaries, number words, common adverbs)."""

# Abbreviations with dots ("U.S.", "U.S") are one token; otherwise runs of word characters,
# with inner apostrophes ("don't", "Korea's"); an underscore separates words.
_TOKEN = re.compile(
    r"\d+(?:[.,]\d+)+|(?:[A-Za-z]\.){1,}[A-Za-z]\.?|[^\W_]+(?:['’][^\W_]+)*", re.UNICODE
)
_SUFFIXES = ("ings", "ing", "ed", "es", "s", "ly")


@dataclass(frozen=True, slots=True)
class Token:
    """A word of a text: ``text == source[start:end]``; ``norm`` is its comparison form."""

    text: str
    start: int
    end: int
    norm: str

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def content(self) -> bool:
        """A word that carries meaning (not a function word, not a lone letter)."""
        return self.norm not in FUNCTION_WORDS and len(self.norm) > 1


_ISE = re.compile(r"is(e|ed|es|ing|ation|ations)$")


SAME_TERM = {"centigrade": "celsius", "organisation": "organization", "programme": "program"}
"""Two names of one thing, compared as one word ("degrees Centigrade" is "degrees Celsius")."""


@lru_cache(maxsize=65536)
def normal(word: str) -> str:
    """Comparison form: case-folded, dots and possessive ending removed, -ise spelt -ize (after
    four letters: "realise", not "rise"), one name for one thing (``SAME_TERM``)."""
    word = word.casefold().replace(".", "").replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    match = _ISE.search(word)
    if match and match.start() >= 4:  # realise/realize, not rise/raise
        word = _ISE.sub(r"iz\1", word)
    if len(word) >= 6 and word.endswith("our"):
        word = word[:-3] + "or"  # behaviour/behavior (not "four", "your")
    if word.endswith("ence"):
        word = word[:-4] + "ense"  # defence/defense
    return SAME_TERM.get(word, word)


@lru_cache(maxsize=4096)
def tokens(text: str, offset: int = 0) -> tuple[Token, ...]:
    """The words of a text with offsets shifted by ``offset`` (offsets into the document).

    Memoised (the last 4,096 texts: a batch tokenises the same reference and many identical
    units over and over, while memory stays bounded on a long document). The tokens of one
    spelling share one string (a long document repeats its words many times).
    """
    spelt: dict[str, str] = {}
    found = ((m, spelt.setdefault(m.group(), m.group())) for m in _TOKEN.finditer(text))
    return tuple(
        Token(word, offset + m.start(), offset + m.end(), normal(word)) for m, word in found
    )


@lru_cache(maxsize=65536)
def stem(norm: str) -> str:
    """A crude stem (common English endings removed) for matching inflected forms."""
    if norm.endswith(("ies", "ied")) and len(norm) > 4:
        return norm[:-3] + "y"
    for suffix in _SUFFIXES:
        if norm.endswith(suffix) and len(norm) - len(suffix) >= 3:
            return norm[: -len(suffix)]
    return norm


def word_count(text: str) -> int:
    """Number of words in a text (``tokens``)."""
    return len(tokens(text))


_UNSPACED = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f\u0e80-\u0eff"
    r"\u1000-\u109f\u1780-\u17ff]"
)
"""Letters of scripts written without spaces between words (Chinese, Japanese, Thai, Lao,
Burmese, Khmer): each counts as a word in ``size``."""


def size(text: str) -> int:
    """How much a text says, in words, for any script: its words (``tokens``), each letter of
    a script written without spaces counting as one (a Chinese sentence is one run of letters).
    Weighs sentences against each other inside one document (coverage of a translation)."""
    unspaced = len(_UNSPACED.findall(text))
    if not unspaced:
        return word_count(text)
    return unspaced + len(tokens(_UNSPACED.sub(" ", text)))
