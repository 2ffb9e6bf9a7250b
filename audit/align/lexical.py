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

from array import array
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
    """Feature counts of the texts of one pair of documents (``_pair``).

    ``analyzer`` turns a text into its features (stems, character n-grams); counts are kept per
    distinct text over the pair's own feature index, in two flat arrays (feature ids as int32,
    counts as float32) with each text's (offset, length) into them, so nothing outlives the call
    and a long document costs 8 bytes a feature, not a pair of numpy arrays a sentence.
    """

    def __init__(self, analyzer: Callable[[str], Sequence[str]]):
        self._analyzer = analyzer
        self._index: dict[str, int] = {}
        self._rows: dict[str, tuple[int, int]] = {}
        self.ids = array("i")
        """Feature ids of every distinct text counted, one text after the other."""
        self.counts = array("f")
        """Their counts (same order)."""

    def row(self, text: str) -> tuple[int, int]:
        """The (offset, length) of one text's features, counted once per distinct text."""
        found = self._rows.get(text)
        if found is None:
            counts = Counter(self._analyzer(text))
            found = len(self.ids), len(counts)
            self.ids.extend(self._index.setdefault(f, len(self._index)) for f in counts)
            self.counts.extend(counts.values())
            self._rows[text] = found
        return found

    @property
    def features(self) -> int:
        """How many distinct features the texts counted so far have."""
        return len(self._index)


def _pair(
    analyzer: Callable[[str], Sequence[str]], ref_texts: Sequence[str], deriv_texts: Sequence[str]
) -> LexicalPair:
    """L2-normalised sublinear TF-IDF rows of both sides, IDF fitted on all their texts.

    The arithmetic runs on flat numpy arrays and each side becomes one CSR matrix at the end
    (scipy's per-call overhead dominates for the short documents of a batch). Columns are the
    features in order of first appearance (every feature of the index occurs in some row).
    """
    found = _FeatureCounts(analyzer)
    spans = np.asarray([found.row(t) for t in (*ref_texts, *deriv_texts)], np.int64).reshape(-1, 2)
    lengths = spans[:, 1]
    if not lengths.sum():  # no feature at all (empty documents, only stop words)
        return _empty(len(ref_texts)), _empty(len(deriv_texts))
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    indices = _gather(found.ids, spans[:, 0], indptr)
    weights = _tfidf(_gather(found.counts, spans[:, 0], indptr), indices, indptr)
    n_ref, width = len(ref_texts), found.features
    cut = int(indptr[n_ref])
    ref = sp.csr_matrix((weights[:cut], indices[:cut], indptr[: n_ref + 1]), (n_ref, width))
    der = sp.csr_matrix(
        (weights[cut:], indices[cut:], indptr[n_ref:] - cut), (len(deriv_texts), width)
    )
    return ref, der


def _gather(values: array, offsets: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """The rows' runs of ``values`` (row k: ``values[offsets[k]:offsets[k] + length]``) one
    after the other; the flat array itself (no copy) when the rows are its runs in order, as
    when every text is distinct."""
    whole = np.frombuffer(values, dtype=np.int32 if values.typecode == "i" else np.float32)
    if np.array_equal(offsets, indptr[:-1]) and indptr[-1] == len(whole):
        return whole
    lengths = np.diff(indptr)
    return whole[np.repeat(offsets - indptr[:-1], lengths) + np.arange(indptr[-1])]


def _tfidf(
    counts: np.ndarray, columns: np.ndarray, indptr: np.ndarray, chunk: int = 4096
) -> np.ndarray:
    """Weights of flat (row-major) feature counts: TF 1 + ln(count) times IDF ln((1 + n) /
    (1 + df)) + 1 (scikit-learn's smooth IDF), each row L2-normalised. ``columns``: the feature
    of each count; ``indptr``: where each of the n rows starts (and the end). Made ``chunk``
    rows at a time (each row's figures alone decide its weights), so the float64 temporaries
    stay small."""
    n = len(indptr) - 1
    idf = np.log((1.0 + n) / (1.0 + np.bincount(columns))) + 1.0
    weights = np.empty(len(counts), dtype=np.float32)
    for first in range(0, n, chunk):
        last = min(n, first + chunk)
        cut = slice(int(indptr[first]), int(indptr[last]))
        weights[cut] = _tfidf_rows(
            counts[cut], idf[columns[cut]], np.diff(indptr[first : last + 1])
        )
    return weights


def _tfidf_rows(counts: np.ndarray, idf: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """``_tfidf`` of a run of whole rows, given the IDF of each count's feature."""
    weights = ((1.0 + np.log(counts)) * idf).astype(np.float32)
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
    return _pair(word_stems, ref_texts, deriv_texts)


def char_vectors(ref_texts: Sequence[str], deriv_texts: Sequence[str]) -> LexicalPair:
    """TF-IDF rows of character 3- to 5-grams inside words (same vocabulary on both sides).

    Character n-grams match inflections and spelling variants that the crude stemmer misses
    (Choi / Chey, tusks / tusk's) and weigh rare names; on the alignment dev gold they rank the
    true pairs better than the word vectors do.
    """
    return _pair(_char_grams, ref_texts, deriv_texts)


def lexical_pairs(
    ref_texts: Sequence[str], deriv_texts: Sequence[str]
) -> tuple[LexicalPair, LexicalPair]:
    """The word and the character TF-IDF rows of both documents, as the aligner takes them."""
    return lexical_vectors(ref_texts, deriv_texts), char_vectors(ref_texts, deriv_texts)
