"""Segmentation: a Document becomes sentences with exact character offsets.

Every non-blank line is a paragraph (headlines, captions, bylines and one-word lines are units of
their own); pysbd splits each line into sentences and keeps odd leftovers ("bottom.") as separate
pieces. Offsets are recomputed here by searching each piece in the line, so that
``document.text[start:end] == sentence.text`` holds whatever the segmenter does to whitespace.

The document's language (``audit.languages``) picks pysbd's rules where they are better than the
English ones (German "am 3. Februar", Japanese 「…。」); other scripts are cut by
``audit.scripts`` (Arabic question marks, Thai spaces; Chinese full stops pysbd's English rules
already cut). English text is segmented exactly as before languages were known.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import pysbd

from audit.records import Document, Segmented, Sentence
from audit.scripts import pysbd_language, refine
from audit.settings import AuditConfig

MAX_SENTENCE_CHARS = AuditConfig.max_sentence_chars

SEGMENTER_NAME = f"pysbd-{pysbd.__version__ if hasattr(pysbd, '__version__') else '0.3'}"
# Markdown furniture at the start of a line that is not part of the sentence.
_MARKDOWN_PREFIX = re.compile(r"^(?:#{1,6}\s+|[-*+]\s+|>\s*|\d{1,3}[.)]\s+(?=\S))")
_LINE = re.compile(r"[^\n]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@lru_cache(maxsize=8)
def _segmenter(language: str = "en") -> pysbd.Segmenter:
    return pysbd.Segmenter(language=language, clean=False, char_span=False)


def segment(
    document: Document, max_sentence_chars: int = MAX_SENTENCE_CHARS, language: str = "en"
) -> Segmented:
    """Split a document into sentences, one paragraph per non-blank line.

    No piece is longer than ``max_sentence_chars``: a longer run without a sentence end is cut
    at a space. ``language`` is the document's ISO 639-1 code ("" when unknown: English rules).
    """
    sentences: list[Sentence] = []
    for paragraph, (line_start, line) in enumerate(_lines(document.text)):
        for start, end in split_line(line, max_sentence_chars, language):
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


def split_line(
    line: str, max_chars: int = MAX_SENTENCE_CHARS, language: str = "en"
) -> list[tuple[int, int]]:
    """Sentence spans (start, end) inside one line, stripped of surrounding whitespace."""
    return list(_split_line(line, max_chars, language or "en"))


@lru_cache(maxsize=65_536)
def _split_line(line: str, max_chars: int, language: str = "en") -> tuple[tuple[int, int], ...]:
    """``split_line``, memoised: pysbd is slow and copies of an article repeat many lines."""
    return tuple(_split_uncached(line, max_chars, language))


def _split_uncached(line: str, max_chars: int, language: str = "en") -> list[tuple[int, int]]:
    prefix = _MARKDOWN_PREFIX.match(line.lstrip())
    offset = len(line) - len(line.lstrip()) + (prefix.end() if prefix else 0)
    rules = pysbd_language(language)
    spans = _cover_gaps(line, _windowed_spans(line, offset, max(2, max_chars), rules), offset)
    if language == "en":
        return spans
    return refine(line, spans)


def _windowed_spans(
    line: str, offset: int, max_chars: int, rules: str = "en"
) -> list[tuple[int, int]]:
    """pysbd over windows of at most ``max_chars`` characters.

    pysbd's time grows faster than linearly with the length of its input (a 40,000-character
    line takes seconds), so a long line is segmented a window at a time: every sentence of a
    window but the last (which the window may have cut) is kept and the next window starts at
    that last sentence. A window with no sentence end is cut at its last space.
    """
    spans: list[tuple[int, int]] = []
    cursor = offset
    while len(line) - cursor > max_chars:
        window = line[cursor : cursor + max_chars]
        found = _pysbd_spans(window, rules)
        if len(found) > 1:
            spans += [(cursor + start, cursor + end) for start, end in found[:-1]]
            cursor += found[-1][0]
            continue
        cut = _last_space(window)
        piece = window[:cut]
        if piece.strip():
            start = len(piece) - len(piece.lstrip())
            spans.append((cursor + start, cursor + len(piece.rstrip())))
        cursor += cut
    spans += [(cursor + start, cursor + end) for start, end in _pysbd_spans(line[cursor:], rules)]
    return spans


def _last_space(window: str) -> int:
    """Where to cut a window with no sentence end: after its last space in the second half."""
    half = len(window) // 2
    for position in range(len(window) - 1, half - 1, -1):
        if window[position].isspace():
            return position + 1
    return len(window)


def _pysbd_spans(text: str, rules: str = "en") -> list[tuple[int, int]]:
    """pysbd's sentences as (start, end) spans of ``text``, searched in order.

    Control characters (pysbd crashes on some, e.g. ``\\x1f`` beside digits) are given to it
    as spaces: the same length, so the spans found are spans of the original text.
    """
    text = _CONTROL.sub(" ", text)
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in _segmenter(rules).segment(text):
        piece = piece.strip()
        if not piece:
            continue
        found = text.find(piece, cursor)
        if found < 0:  # the segmenter changed the text: fall back to its length from the cursor
            found = cursor + (len(text[cursor:]) - len(text[cursor:].lstrip()))
            piece = text[found : found + len(piece)]
        spans.append((found, found + len(piece.rstrip())))
        cursor = found + len(piece)
    return spans


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
