"""Lexical vectors: TF-IDF of each sentence, so that shared content words count in alignment.

Sentence embeddings miss some paraphrases that share their key words ("avoid sending the false
message" / "avoid sending a wrong message"); a TF-IDF cosine catches them. Words are lower-cased,
English stop words dropped and common suffixes stripped (send / sends / sending), a crude stemmer
that needs no data files. The IDF is fitted on the sentences of the two documents being aligned,
so a word common to the whole story weighs little. Rows are L2-normalised sparse vectors (scipy
CSR); shapes (n_sentences, vocabulary). ``char_vectors`` does the same for character 3- to
5-grams; the aligner takes both (``lexical_pairs``). The weighting is scikit-learn's
``TfidfVectorizer(sublinear_tf=True)`` formula, written out here: importing scikit-learn costs
1.6 s of CPU, more than a third of a cold audit of the seeds.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np
import scipy.sparse as sp

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
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_SUFFIXES = ("ing", "ed", "es", "s", "ly")


def _stems(text: str) -> list[str]:
    """Lower-case content words with common English suffixes stripped (send/sends/sending)."""
    out = []
    for word in _WORD.findall(text.lower()):
        if word in STOP_WORDS:
            continue
        for suffix in _SUFFIXES:
            if len(word) > len(suffix) + 2 and word.endswith(suffix):
                word = word[: -len(suffix)]
                break
        out.append(word)
    return out


LexicalPair = tuple[sp.csr_matrix, sp.csr_matrix]


class _FeatureCounts:
    """Feature counts of each text, memoised: a batch aligns the same sentences again and again.

    ``analyzer`` turns a text into its features (stems, character n-grams); counts are kept per
    text as (feature ids, counts) over one feature index shared by every text of the process, and
    a pair's count matrix keeps only the columns its texts use.
    """

    def __init__(self, analyzer: Callable[[str], Sequence[str]]):
        self._analyzer = analyzer
        self._index: dict[str, int] = {}
        self.row = lru_cache(maxsize=65_536)(self._count)

    def _count(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        counts = Counter(self._analyzer(text))
        ids = [self._index.setdefault(feature, len(self._index)) for feature in counts]
        return np.asarray(ids, dtype=np.int64), np.asarray(list(counts.values()), np.float32)

    def pair(self, ref_texts: Sequence[str], deriv_texts: Sequence[str]) -> LexicalPair:
        """L2-normalised sublinear TF-IDF rows of both sides, IDF fitted on all their texts.

        The arithmetic runs on flat numpy arrays and each side becomes one CSR matrix at the end
        (scipy's per-call overhead dominates for the short documents of a batch).
        """
        rows = [self.row(text) for text in (*ref_texts, *deriv_texts)]
        lengths = np.asarray([len(r[0]) for r in rows], dtype=np.int64)
        if not lengths.sum():  # no feature at all (empty documents, only stop words)
            return _empty(len(ref_texts)), _empty(len(deriv_texts))
        columns, inverse = np.unique(np.concatenate([r[0] for r in rows]), return_inverse=True)
        weights = _tfidf(np.concatenate([r[1] for r in rows]), inverse, lengths)
        indptr = np.concatenate([[0], np.cumsum(lengths)])
        n_ref, width = len(ref_texts), len(columns)
        cut, indices = int(indptr[n_ref]), inverse.astype(np.int32)
        ref = sp.csr_matrix((weights[:cut], indices[:cut], indptr[: n_ref + 1]), (n_ref, width))
        der = sp.csr_matrix(
            (weights[cut:], indices[cut:], indptr[n_ref:] - cut), (len(deriv_texts), width)
        )
        return ref, der


def _tfidf(counts: np.ndarray, columns: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Weights of flat (row-major) feature counts: TF 1 + ln(count) times IDF ln((1 + n) /
    (1 + df)) + 1 (scikit-learn's smooth IDF), each row L2-normalised. ``columns``: the feature
    of each count; ``lengths``: how many counts each of the n rows has."""
    idf = np.log((1.0 + len(lengths)) / (1.0 + np.bincount(columns))) + 1.0
    weights = ((1.0 + np.log(counts)) * idf[columns]).astype(np.float32)
    row_of = np.repeat(np.arange(len(lengths)), lengths)
    norms = np.sqrt(np.bincount(row_of, weights=weights * weights, minlength=len(lengths)))
    weights /= np.where(norms > 0, norms, 1.0)[row_of].astype(np.float32)
    return weights


def _empty(n: int) -> sp.csr_matrix:
    return sp.csr_matrix((n, 1), dtype=np.float32)


def _char_grams(text: str) -> list[str]:
    """Character 3- to 5-grams inside each lower-cased word padded with a space on both sides;
    a padded word shorter than n counts once, whole."""
    out = []
    for word in text.lower().split():
        padded = f" {word} "
        for n in range(3, 6):
            if len(padded) <= n:
                out.append(padded)
                break
            out.extend(padded[k : k + n] for k in range(len(padded) - n + 1))
    return out


_WORDS = _FeatureCounts(_stems)
_CHARS = _FeatureCounts(_char_grams)


def lexical_vectors(ref_texts: Sequence[str], deriv_texts: Sequence[str]) -> LexicalPair:
    """TF-IDF rows of the reference and derivative sentences (same vocabulary)."""
    return _WORDS.pair(ref_texts, deriv_texts)


def char_vectors(ref_texts: Sequence[str], deriv_texts: Sequence[str]) -> LexicalPair:
    """TF-IDF rows of character 3- to 5-grams inside words (same vocabulary on both sides).

    Character n-grams match inflections and spelling variants that the crude stemmer misses
    (Choi / Chey, tusks / tusk's) and weigh rare names; on the alignment dev gold they rank the
    true pairs better than the word vectors do.
    """
    return _CHARS.pair(ref_texts, deriv_texts)


def lexical_pairs(
    ref_texts: Sequence[str], deriv_texts: Sequence[str]
) -> tuple[LexicalPair, LexicalPair]:
    """The word and the character TF-IDF rows of both documents, as the aligner takes them."""
    return lexical_vectors(ref_texts, deriv_texts), char_vectors(ref_texts, deriv_texts)
