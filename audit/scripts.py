"""Sentence ends of other scripts: what pysbd's rules leave whole in a non-English line.

``audit.segment`` asks pysbd first (with the document's own rules where pysbd has better ones
than the English rules, ``pysbd_language``), then ``refine`` cuts each piece further:

- after a full stop, exclamation or question mark of Chinese and Japanese (。！？) or of the
  Arabic (؟ ۔), Devanagari (। ॥), Burmese (။) and Khmer (។) scripts when more text follows (not
  before a closing quotation mark: 「…。」と述べた is one Japanese sentence);
- Thai (which ends sentences with a space, not a mark): at each space between two Thai letters;
- a closing quotation mark that pysbd left at the head of the next piece (``„We gaan.” Kom``)
  goes back to the sentence it closes.

Every cut is a pair of offsets into the line, stripped of spaces, so the segmenter's promise
``document.text[start:end] == sentence.text`` holds.
"""

from __future__ import annotations

import re

PYSBD_RULES = frozenset("de es fr it nl pl da ru bg el ja sk".split())
"""Languages whose pysbd rules beat the English ones on this project's tests (German ordinal
dates, Japanese quotations); Chinese and Arabic are better served by the English rules and the
cuts below (pysbd's own cut Chinese quotations open and Arabic sentences at every comma)."""
_CLOSERS = "\u201d\u201c\u2019\u00bb\u00ab\u300d\u300f\uff09)\u3011\"'"
_END = re.compile(rf"[\u3002\uff01\uff1f\u061f\u06d4\u0964\u0965\u104b\u17d4]+(?![{_CLOSERS}])")
_THAI_GAP = re.compile(r"(?<=[\u0e00-\u0e7f])\s+(?=[\u0e00-\u0e7f])")
_HEAD_CLOSER = re.compile(rf"[{_CLOSERS}]+(?=\s|$)")


def pysbd_language(language: str) -> str:
    """The pysbd rules to segment a document of this language with ("en" unless better ones)."""
    return language if language in PYSBD_RULES else "en"


def refine(line: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentence spans of a non-English line, cut further at other scripts' sentence ends
    and with closing quotation marks given back to the sentence they close."""
    cut = [piece for start, end in spans for piece in _cuts(line, start, end)]
    return _closers_back(line, cut)


def _cuts(line: str, start: int, end: int) -> list[tuple[int, int]]:
    """One span cut after each sentence end inside it (more text following), and at Thai
    spaces."""
    edges = [m.end() for m in _END.finditer(line, start, end) if m.end() < end]
    edges += [m.start() for m in _THAI_GAP.finditer(line, start, end)]
    out = []
    cursor = start
    for edge in sorted(set(edges)):
        out += _stripped(line, cursor, edge)
        cursor = edge
    return out + _stripped(line, cursor, end)


def _stripped(line: str, start: int, end: int) -> list[tuple[int, int]]:
    """``line[start:end]`` without its surrounding spaces, or nothing when it is blank."""
    piece = line[start:end]
    if not piece.strip():
        return []
    lead = len(piece) - len(piece.lstrip())
    return [(start + lead, start + len(piece.rstrip()))]


def _closers_back(line: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A piece that starts with closing marks followed by a space: the marks join the piece
    before (a piece that is nothing but marks joins it whole)."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        head = _HEAD_CLOSER.match(line, start, end)
        if out and head and _closes(line, out[-1], head.group()):
            out[-1] = (out[-1][0], head.end())
            start = head.end()
            out += _stripped(line, start, end)
            continue
        out.append((start, end))
    return out


def _closes(line: str, previous: tuple[int, int], marks: str) -> bool:
    """Whether the piece before opens more quotation marks than it closes (marks it lacks)."""
    text = line[previous[0] : previous[1]]
    opened = sum(text.count(ch) for ch in "\u201e\u201c\u00ab\u00bb\u300c\u300e\uff08(\u2018\u201a")
    closed = sum(text.count(ch) for ch in "\u201d\u300d\u300f\uff09)\u2019")
    return bool(marks) and (opened > closed or text.count('"') % 2 == 1)
