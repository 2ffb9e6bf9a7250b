"""The planted changes' lexicon, built from WordNet, inflected with ``lemminflect``, and a
corpus of English sentences (names and adverbial phrases).

Used by the judge's training script and the battery, never during an audit. Only frequent
words are kept (WordNet's tagged-sense counts), so that a planted change reads as a plausible
translation error, not as a rare word.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from audit.judge.perturb import AUXILIARIES, Lexicon, names_of
from audit.judge.wordnet import WordNet
from audit.words import FUNCTION_WORDS, STOP_WORDS

FREQUENT = 5
"""Least tagged-sense count (WordNet's cntlist) of a word a change may use."""
_TAGS = {"n": ("NN", "NNS"), "v": ("VB", "VBD", "VBG", "VBN", "VBP", "VBZ"), "a": ("JJ",)}
_UPOS = {"n": "NOUN", "v": "VERB", "a": "ADJ"}
_PHRASE = re.compile(
    r"(?<=[a-z] )(?:in|on|at|for|with|after|during|since|under|near|without|before|across) "
    r"(?:the |a |an |its |their |his |her |this |last |next )?(?:[a-z]+ )?[a-z]{3,}(?=[,.])"
)


def build_lexicon(wordnet: WordNet, corpus: Iterable[str]) -> Lexicon:
    """The lexicon of the edits: opposites, hypernyms, synonyms, tenses from WordNet; names
    and phrases seen at least twice in ``corpus``."""
    texts = list(corpus)
    return Lexicon(
        opposites=_opposites(wordnet),
        hypernyms=_hypernyms(wordnet),
        verbs=_verbs(wordnet),
        tenses=_tenses(wordnet),
        names=_corpus_names(texts),
        phrases=_corpus_phrases(texts),
        modifiers=_modifiers(wordnet),
    )


def _frequent(wordnet: WordNet, pos: str, word: str) -> bool:
    return wordnet.tagged.get((pos, word), 0) >= FREQUENT and word not in FUNCTION_WORDS


def _forms(word: str, pos: str) -> dict[str, str]:
    """Penn tag -> inflected form of a lemma (its own form for a tag lemminflect lacks)."""
    from lemminflect import getInflection

    out = {}
    for tag in _TAGS[pos]:
        found = getInflection(word, tag=tag)
        if found:
            out[tag] = found[0]
    return out


def inflected(pairs: Iterable[tuple[str, str, str]]) -> dict[str, list[str]]:
    """Every form of each first lemma -> the same form of each second lemma."""
    out: dict[str, set[str]] = {}
    for pos, a, b in pairs:
        if pos not in _TAGS:
            continue
        fa, fb = _forms(a, pos), _forms(b, pos)
        for tag, form in fa.items():
            if tag in fb and form != fb[tag]:
                out.setdefault(form, set()).add(fb[tag])
    return {k: sorted(v) for k, v in out.items()}


def _opposites(wordnet: WordNet) -> dict[str, list[str]]:
    """Antonyms of a word's commonest sense ("forget"/"remember", not "forget"/"mind")."""
    pairs = [
        (pos, a, b)
        for pos, a, b in wordnet.antonyms(first_sense=True)
        if pos in _TAGS and _frequent(wordnet, pos, a) and _frequent(wordnet, pos, b)
    ]
    return inflected(pairs)


def _hypernyms(wordnet: WordNet) -> dict[str, list[str]]:
    pairs = []
    for word, parents in wordnet.hypernyms().items():
        if not _frequent(wordnet, "n", word) or _mostly_other(wordnet, word):
            continue
        for parent in parents:
            if " " not in parent and _frequent(wordnet, "n", parent):
                pairs.append(("n", word, parent))
    return inflected(pairs)


def _verbs(wordnet: WordNet) -> frozenset[str]:
    """Finite forms of frequent verbs that are not also frequent nouns or adjectives."""
    out: set[str] = set()
    for (pos, word), count in wordnet.tagged.items():
        if pos == "v" and count >= FREQUENT and " " not in word:
            noun = wordnet.tagged.get(("n", word), 0) + wordnet.tagged.get(("a", word), 0)
            if noun < count:
                out.update(f for t, f in _forms(word, "v").items() if t in {"VBD", "VBZ", "VBP"})
    return frozenset(out)


def _mostly_other(wordnet: WordNet, word: str) -> bool:
    """A noun more often used as a verb or adjective ("young", "lower")."""
    other = wordnet.tagged.get(("v", word), 0) + wordnet.tagged.get(("a", word), 0)
    return other >= wordnet.tagged.get(("n", word), 0)


def _tenses(wordnet: WordNet) -> dict[str, list[str]]:
    """A verb's finite forms -> the same verb in other tenses ("visited" -> "visits",
    "will visit", "has visited")."""
    out: dict[str, list[str]] = {}
    for (pos, word), count in wordnet.tagged.items():
        if pos != "v" or " " in word or count < 30 or word in AUXILIARIES or word == "be":
            continue
        forms = _forms(word, "v")
        if not {"VBD", "VBZ", "VB", "VBN"} <= forms.keys():
            continue
        past, present, base, participle = forms["VBD"], forms["VBZ"], forms["VB"], forms["VBN"]
        out[past] = [present, f"will {base}", f"has {participle}"]
        out[present] = [past, f"will {base}"]
    return out


def _modifiers(wordnet: WordNet) -> frozenset[str]:
    """Frequent adjectives and adverbs that are only that part of speech."""
    out = set()
    for (pos, word), count in wordnet.tagged.items():
        if pos in {"a", "r"} and count >= 20 and word.isalpha() and word not in STOP_WORDS:
            other = wordnet.tagged.get(("n", word), 0) + wordnet.tagged.get(("v", word), 0)
            if other < count:
                out.add(word)
    return frozenset(out)


def _corpus_names(texts: list[str]) -> tuple[str, ...]:
    counts: Counter[str] = Counter(
        text[a:b] for text in texts for a, b in names_of(text) if b - a > 2
    )
    return tuple(sorted(name for name, n in counts.items() if n >= 2))


def _corpus_phrases(texts: list[str]) -> tuple[str, ...]:
    counts: Counter[str] = Counter(m.group() for text in texts for m in _PHRASE.finditer(text))
    return tuple(sorted(p for p, n in counts.items() if len(p.split()) >= 2))
