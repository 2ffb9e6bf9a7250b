"""Lexical vectors: TF-IDF of each sentence, so that shared content words count in alignment.

Sentence embeddings miss some paraphrases that share their key words ("avoid sending the false
message" / "avoid sending a wrong message"); a TF-IDF cosine catches them. The IDF is fitted on
the sentences of the two documents being aligned, so a word common to the whole story weighs
little. Rows are L2-normalised sparse vectors (scipy CSR); shapes (n_sentences, vocabulary).
"""

from __future__ import annotations

from collections.abc import Sequence

import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

LexicalPair = tuple[sp.csr_matrix, sp.csr_matrix]


def lexical_vectors(
    ref_texts: Sequence[str], deriv_texts: Sequence[str], analyzer: str = "word"
) -> LexicalPair:
    """TF-IDF rows of the reference and derivative sentences (same vocabulary)."""
    texts = [*ref_texts, *deriv_texts]
    if analyzer == "word":
        vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    else:
        vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    try:
        matrix = sp.csr_matrix(vectorizer.fit_transform(texts), dtype="float32")
    except ValueError:  # no word at all (empty documents, only stop words)
        matrix = sp.csr_matrix((len(texts), 1), dtype="float32")
    return matrix[: len(ref_texts)], matrix[len(ref_texts) :]
