"""Sentence alignment: which derivative sentences render which reference sentences.

``lexical``: word and character TF-IDF evidence; ``emission``: the match log-odds of every
sentence pair; ``decode``: the hidden Markov model over the derivative; ``units``: runs, splits
and merges turned into aligned units; ``unlink``: the sentence pairs a reviewer marked as wrong
links. ``align_pair`` is the stage's entry point, used by the
pipeline and the benchmarks alike.
"""

from __future__ import annotations

import numpy as np

from audit.align.anchors import anchor_pairs
from audit.align.lexical import lexical_pairs
from audit.align.units import align
from audit.align.unlink import unlinked_pairs
from audit.records import AlignedUnit, Segmented
from audit.settings import AuditConfig
from audit.words import size, word_count

__all__ = ["align", "align_pair"]


def align_pair(
    reference: Segmented,
    derivative: Segmented,
    ref_vectors: np.ndarray,
    deriv_vectors: np.ndarray,
    config: AuditConfig,
    cross: bool = False,
) -> tuple[AlignedUnit, ...]:
    """The alignment of one embedded pair as ``audit run`` computes it (benchmarks use it too);
    sentence pairs the reviewer marked as wrong links (``config.ignore``) are never linked.

    ``cross``: a translation (documents in two languages): the words of the two sides cannot be
    compared, so the evidence beside the cosine is the anchors both share (figures, names;
    ``audit.align.anchors``), weighed by ``config.cross_align``, and sentences are weighed by
    ``audit.words.size`` (a Chinese sentence has no spaces).
    """
    ref_texts = [s.text for s in reference.sentences]
    deriv_texts = [s.text for s in derivative.sentences]
    unlinked = unlinked_pairs(reference, derivative, config.ignore)
    if cross:
        return align(
            ref_vectors,
            deriv_vectors,
            [max(1, size(t)) for t in ref_texts],
            [max(1, size(t)) for t in deriv_texts],
            config.cross_align,
            anchor_pairs(ref_texts, deriv_texts),
            unlinked,
            paragraphs=(_paragraphs(reference), _paragraphs(derivative)),
        )
    lexical = lexical_pairs(ref_texts, deriv_texts)
    return align(
        ref_vectors,
        deriv_vectors,
        [max(1, word_count(t)) for t in ref_texts],
        [max(1, word_count(t)) for t in deriv_texts],
        config.align,
        lexical,
        unlinked,
    )


def _paragraphs(doc: Segmented) -> list[int]:
    return [s.paragraph for s in doc.sentences]
