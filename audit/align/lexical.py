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

from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np
import scipy.sparse as sp

from audit.words import STOP_WORDS, stem, tokens


def word_stems(text: str) -> list[str]:
    """Stems of a text's words (``audit.words``), stop words left out (send/sends/sending)."""
    return [stem(t.norm) for t in tokens(text) if t.norm not in STOP_WORDS]


LexicalPair = tuple[sp.csr_matrix, sp.csr_matrix]


class _FeatureCounts:
    """Feature counts of the texts of one pair of documents.

    ``analyzer`` turns a text into its features (stems, character n-grams); counts are kept per
    distinct text as (feature ids, counts) over the pair's own feature index, so nothing outlives
    the call (memory stays proportional to the documents aligned).
    """

    def __init__(self, analyzer: Callable[[str], Sequence[str]]):
        self._analyzer = analyzer
        self._index: dict[str, int] = {}
        self._rows: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def row(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The (feature ids, counts) of one text, computed once per distinct text."""
        found = self._rows.get(text)
        if found is None:
            counts = Counter(self._analyzer(text))
            ids = [self._index.setdefault(feature, len(self._index)) for feature in counts]
            found = np.asarray(ids, dtype=np.int64), np.asarray(list(counts.values()), np.float32)
            self._rows[text] = found
        return found

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


def lexical_vectors(ref_texts: Sequence[str], deriv_texts: Sequence[str]) -> LexicalPair:
    """TF-IDF rows of the reference and derivative sentences (same vocabulary)."""
    return _FeatureCounts(word_stems).pair(ref_texts, deriv_texts)


def char_vectors(ref_texts: Sequence[str], deriv_texts: Sequence[str]) -> LexicalPair:
    """TF-IDF rows of character 3- to 5-grams inside words (same vocabulary on both sides).

    Character n-grams match inflections and spelling variants that the crude stemmer misses
    (Choi / Chey, tusks / tusk's) and weigh rare names; on the alignment dev gold they rank the
    true pairs better than the word vectors do.
    """
    return _FeatureCounts(_char_grams).pair(ref_texts, deriv_texts)


def lexical_pairs(
    ref_texts: Sequence[str], deriv_texts: Sequence[str]
) -> tuple[LexicalPair, LexicalPair]:
    """The word and the character TF-IDF rows of both documents, as the aligner takes them."""
    return lexical_vectors(ref_texts, deriv_texts), char_vectors(ref_texts, deriv_texts)
