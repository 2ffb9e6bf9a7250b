"""Segmentation: a Document becomes sentences with exact character offsets.

Every non-blank line is a paragraph (headlines, captions, bylines and one-word lines are units of
their own); pysbd splits each line into sentences and keeps odd leftovers ("bottom.") as separate
pieces. Offsets are recomputed here by searching each piece in the line, so that
``document.text[start:end] == sentence.text`` holds whatever the segmenter does to whitespace.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import pysbd

from audit.records import Document, Segmented, Sentence

SEGMENTER_NAME = f"pysbd-{pysbd.__version__ if hasattr(pysbd, '__version__') else '0.3'}"
# Markdown furniture at the start of a line that is not part of the sentence.
_MARKDOWN_PREFIX = re.compile(r"^(?:#{1,6}\s+|[-*+]\s+|>\s*|\d{1,3}[.)]\s+(?=\S))")
_LINE = re.compile(r"[^\n]+")


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=False)


def segment(document: Document) -> Segmented:
    """Split a document into sentences, one paragraph per non-blank line."""
    sentences: list[Sentence] = []
    for paragraph, (line_start, line) in enumerate(_lines(document.text)):
        for start, end in split_line(line):
            sentences.append(
                Sentence(
                    index=len(sentences),
                    start=line_start + start,
                    end=line_start + end,
                    text=line[start:end],
                    paragraph=paragraph,
                )
            )
    return Segmented(document=document, sentences=tuple(sentences))


def segment_sentences(document: Document, pieces: list[str]) -> Segmented:
    """Build a Segmented from pre-segmented sentences (benchmarks): the text is their join."""
    sentences = []
    cursor = 0
    for index, piece in enumerate(pieces):
        start = document.text.index(piece, cursor)
        cursor = start + len(piece)
        sentences.append(Sentence(index, start, cursor, piece, paragraph=index))
    return Segmented(document=document, sentences=tuple(sentences))


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """Non-blank lines with their start offsets (a trailing carriage return is left out)."""
    for match in _LINE.finditer(text):
        line = match.group().rstrip("\r")
        if line.strip():
            yield match.start(), line


def split_line(line: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) inside one line, stripped of surrounding whitespace."""
    prefix = _MARKDOWN_PREFIX.match(line.lstrip())
    offset = len(line) - len(line.lstrip()) + (prefix.end() if prefix else 0)
    spans: list[tuple[int, int]] = []
    cursor = offset
    for piece in _segmenter().segment(line[offset:]):
        piece = piece.strip()
        if not piece:
            continue
        found = line.find(piece, cursor)
        if found < 0:  # the segmenter changed the text: fall back to its length from the cursor
            found = cursor + (len(line[cursor:]) - len(line[cursor:].lstrip()))
            piece = line[found : found + len(piece)]
        spans.append((found, found + len(piece.rstrip())))
        cursor = found + len(piece)
    return _cover_gaps(line, spans, offset)


def _cover_gaps(line: str, spans: list[tuple[int, int]], offset: int) -> list[tuple[int, int]]:
    """Make sure no non-space text of the line is left outside every span."""
    if not spans:
        stripped = line[offset:].strip()
        if not stripped:
            return []
        start = line.index(stripped, offset)
        return [(start, start + len(stripped))]
    out: list[tuple[int, int]] = []
    cursor = offset
    for start, end in spans:
        gap = line[cursor:start]
        if gap.strip():
            gap_start = cursor + len(gap) - len(gap.lstrip())
            out.append((gap_start, cursor + len(gap.rstrip())))
        out.append((start, end))
        cursor = end
    tail = line[cursor:]
    if tail.strip():
        tail_start = cursor + len(tail) - len(tail.lstrip())
        out.append((tail_start, cursor + len(tail.rstrip())))
    return out
