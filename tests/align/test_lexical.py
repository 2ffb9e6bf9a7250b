"""Lexical vectors: TF-IDF over stemmed content words, fitted on the two documents."""

from __future__ import annotations

import numpy as np
import pytest

from audit.align import lexical
from audit.align.lexical import char_vectors, lexical_pairs, lexical_vectors, word_stems


@pytest.mark.parametrize(
    ("text", "stems"),
    [
        pytest.param(
            "He was sending the messages", ["send", "messag"], id="suffixes and stop words"
        ),
        pytest.param("The cat sat.", ["cat", "sat"], id="short words kept whole"),
        pytest.param(
            "Über_alles 42", ["über", "all", "42"], id="unicode, digits, underscore splits"
        ),
        pytest.param("and the of", [], id="only stop words"),
    ],
)
def test_stems(text, stems):
    assert word_stems(text) == stems


def test_shared_content_words_give_a_high_cosine():
    ref, der = lexical_vectors(
        ["It avoids sending a wrong message to leaders.", "The weather was cold."],
        ["This is to avoid sending the false message.", "A cold wind blew."],
    )
    sim = (der @ ref.T).toarray()
    assert ref.shape[0] == 2 and der.shape[0] == 2
    assert sim[0].argmax() == 0 and sim[1].argmax() == 1
    assert sim[0, 0] > 0.5
    assert np.allclose(np.sqrt(ref.multiply(ref).sum(axis=1)), 1.0)


@pytest.mark.parametrize(
    ("ref", "der"),
    [
        pytest.param([], [], id="both empty"),
        pytest.param(["the and of"], ["a an"], id="only stop words"),
        pytest.param([], ["A cold wind."], id="empty reference"),
    ],
)
def test_no_vocabulary_gives_zero_rows(ref, der):
    ref_rows, der_rows = lexical_vectors(ref, der)
    assert ref_rows.shape[0] == len(ref) and der_rows.shape[0] == len(der)
    assert (der_rows @ ref_rows.T).nnz == 0


def test_character_ngrams_match_a_spelling_variant_the_stems_miss():
    ref_texts = ["Speaking at the Choi Institute, he smiled.", "Rain fell all day."]
    der_texts = ["He spoke at the Chey Institute."]
    words_ref, words_der = lexical_vectors(ref_texts, der_texts)
    chars_ref, chars_der = char_vectors(ref_texts, der_texts)
    words = (words_der @ words_ref.T).toarray()[0]
    chars = (chars_der @ chars_ref.T).toarray()[0]
    assert chars[0] > words[0] > 0
    assert chars[1] < chars[0]


def test_lexical_pairs_are_the_word_then_the_character_vectors():
    words, chars = lexical_pairs(["A fox."], ["A fox ran."])
    assert words[0].shape[0] == chars[0].shape[0] == 1
    assert chars[0].shape[1] > words[0].shape[1]


def test_character_vectors_of_empty_documents():
    ref, der = char_vectors([], [])
    assert ref.shape[0] == der.shape[0] == 0


def test_repeated_sentences_get_the_same_rows_as_when_written_once():
    ref = ["A fox ran far.", "Owls sat still."]
    der = ["Owls sat still.", "A fox ran far.", "Owls sat still."]
    words_ref, words_der = lexical_vectors(ref, der)
    dense_ref, dense_der = words_ref.toarray(), words_der.toarray()
    np.testing.assert_array_equal(dense_der[1], dense_ref[0])
    np.testing.assert_array_equal(dense_der[0], dense_der[2])
    assert words_ref.shape[1] == len({*word_stems(ref[0]), *word_stems(ref[1])})


def test_tfidf_made_in_row_chunks_is_the_tfidf_made_at_once():
    rng = np.random.default_rng(0)
    lengths = rng.integers(0, 9, size=23)
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    counts = rng.integers(1, 4, size=int(indptr[-1])).astype(np.float32)
    columns = rng.integers(0, 11, size=int(indptr[-1])).astype(np.int32)
    np.testing.assert_array_equal(
        lexical._tfidf(counts, columns, indptr, chunk=2), lexical._tfidf(counts, columns, indptr)
    )
