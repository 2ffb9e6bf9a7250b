"""Cross-lingual alignment benchmark: translations against their originals, scored by segment.

Each document of ``audit.bench.parallel`` is audited's way (language identified, segmented in its
language, embedded with the cross-lingual encoder, ``audit.align.align_pair`` with ``cross``).
The gold is segment identity: a sentence is right when it is linked, and only to sentences of
its own paragraph's counterpart. Precision is over the sentences (both sides) that are linked,
recall over all sentences, F1 their harmonic mean. ``shuffle`` permutes the translation's
paragraphs first (a seed per run): the aligner is not monotonic, so a moved paragraph is found
where it went. Sentences of a paragraph whose translation is empty count as unlinkable misses.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from audit.align import align_pair
from audit.bench.parallel import ParallelDoc
from audit.embed import Encoder, embed_all
from audit.languages import detect_language
from audit.records import AlignedUnit, Document, Segmented
from audit.segment import segment
from audit.settings import Settings


@dataclass(frozen=True)
class CrossAlignResult:
    """Segment-identity figures over all documents."""

    documents: int
    sentences: int
    precision: float
    recall: float
    f1: float
    languages: str
    seconds: float

    def as_dict(self) -> dict[str, object]:
        return {
            "documents": self.documents,
            "sentences": self.sentences,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "languages": self.languages,
            "seconds": round(self.seconds, 1),
        }


@dataclass(frozen=True)
class Prepared:
    """One document pair segmented, with the paragraph (line) of every sentence."""

    original: Segmented
    translation: Segmented
    original_lines: list[int]
    translation_lines: list[int]
    label: str


def prepare(doc: ParallelDoc, shuffle: int | None = None) -> Prepared:
    """Segment both sides in their languages; a shuffled translation keeps each sentence's
    paragraph number as published."""
    order = doc.shuffled(shuffle) if shuffle is not None else list(range(len(doc.paragraphs)))
    original = _segmented(f"{doc.name}:original", doc.original())
    translation = _segmented(f"{doc.name}:translation", doc.translation(order))
    lines = [order[translation.document.line_of(s.start) - 1] for s in translation.sentences]
    originals = [original.document.line_of(s.start) - 1 for s in original.sentences]
    label = f"{_language(original)}>{_language(translation)}"
    return Prepared(original, translation, originals, lines, label)


def _segmented(name: str, text: str) -> Segmented:
    return segment(Document(name, text), language=detect_language(text))


def _language(doc: Segmented) -> str:
    return detect_language(doc.document.text) or "?"


def score(units: Sequence[AlignedUnit], pair: Prepared) -> tuple[int, int, int]:
    """(right, linked, all) sentences of one pair, both sides counted."""
    ref_links: dict[int, set[int]] = {}
    der_links: dict[int, set[int]] = {}
    for unit in units:
        for i in unit.deriv:
            for j in unit.ref:
                der_links.setdefault(i, set()).add(pair.original_lines[j])
                ref_links.setdefault(j, set()).add(pair.translation_lines[i])
    right = linked = 0
    for links, lines in ((der_links, pair.translation_lines), (ref_links, pair.original_lines)):
        for k, line in enumerate(lines):
            found = links.get(k, set())
            linked += bool(found)
            right += found == {line}
    return right, linked, len(pair.original_lines) + len(pair.translation_lines)


def bench_crossalign(
    docs: Sequence[ParallelDoc], encoder: Encoder, config: Settings, shuffle: int | None = None
) -> CrossAlignResult:
    """Align every document's translation with its original and score segment identity."""
    started = time.perf_counter()
    pairs = [prepare(doc, shuffle) for doc in docs]
    vectors = embed_all(encoder, [d for p in pairs for d in (p.original, p.translation)])
    right = linked = total = 0
    for k, pair in enumerate(pairs):
        units = align_pair(
            pair.original, pair.translation, vectors[2 * k], vectors[2 * k + 1], config, True
        )
        a, b, c = score(units, pair)
        right, linked, total = right + a, linked + b, total + c
    precision = right / linked if linked else 0.0
    recall = right / total if total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    labels = ",".join(sorted({p.label for p in pairs}))
    return CrossAlignResult(
        len(pairs), total, precision, recall, f1, labels, time.perf_counter() - started
    )
