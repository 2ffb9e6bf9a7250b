"""Synthetic derivatives for the batch benchmark, made by perturbing real seed derivatives.

Each derivative starts from one seed derivative and receives two to four random edits: shuffle
two neighbouring sentences, drop a sentence, duplicate a sentence, swap two capitalised names,
or change a number. The result is deterministic for a given seed.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from audit.read import read_document
from audit.segment import segment

_NAME = re.compile(r"(?<=\s)[A-Z][a-z]{2,}")
_NUMBER = re.compile(r"\d+")

Sentences = list[tuple[int, str]]
"""(paragraph, sentence text) in reading order."""


def _shuffle(s: Sentences, rng: random.Random) -> Sentences:
    k = rng.randrange(len(s) - 1)
    s[k], s[k + 1] = (s[k][0], s[k + 1][1]), (s[k + 1][0], s[k][1])
    return s


def _drop(s: Sentences, rng: random.Random) -> Sentences:
    del s[rng.randrange(len(s))]
    return s


def _duplicate(s: Sentences, rng: random.Random) -> Sentences:
    k = rng.randrange(len(s))
    s.insert(k + 1, s[k])
    return s


def _swap_names(s: Sentences, rng: random.Random) -> Sentences:
    places = [(k, m) for k, (_, text) in enumerate(s) for m in _NAME.finditer(text)]
    if len(places) < 2:
        return s
    (k1, m1), (k2, m2) = rng.sample(places, 2)
    s[k1] = (s[k1][0], s[k1][1][: m1.start()] + m2.group() + s[k1][1][m1.end() :])
    if k1 != k2:  # the second replacement is only safe on another sentence (offsets)
        s[k2] = (s[k2][0], s[k2][1][: m2.start()] + m1.group() + s[k2][1][m2.end() :])
    return s


def _change_number(s: Sentences, rng: random.Random) -> Sentences:
    places = [(k, m) for k, (_, text) in enumerate(s) for m in _NUMBER.finditer(text)]
    if not places:
        return s
    k, m = rng.choice(places)
    new = str(int(m.group()) + rng.randint(1, 9))
    s[k] = (s[k][0], s[k][1][: m.start()] + new + s[k][1][m.end() :])
    return s


EDITS: tuple[Callable[[Sentences, random.Random], Sentences], ...] = (
    _shuffle,
    _drop,
    _duplicate,
    _swap_names,
    _change_number,
)


def _text(sentences: Sentences) -> str:
    paragraphs: list[list[str]] = []
    last = None
    for paragraph, text in sentences:
        if paragraph != last:
            paragraphs.append([])
            last = paragraph
        paragraphs[-1].append(text)
    return "\n\n".join(" ".join(p) for p in paragraphs) + "\n"


def perturbed_derivatives(
    bases: Sequence[Path], count: int, folder: Path, seed: int = 13
) -> list[Path]:
    """Write ``count`` perturbed copies of the ``bases`` into ``folder``; returns their paths."""
    rng = random.Random(seed)
    sources = [[(s.paragraph, s.text) for s in segment(read_document(p)).sentences] for p in bases]
    paths = []
    for n in range(count):
        sentences = list(sources[n % len(sources)])
        for edit in rng.sample(EDITS, rng.randint(2, 4)):
            if len(sentences) > 2:
                sentences = edit(sentences, rng)
        path = folder / f"derivative_{n:04d}.txt"
        path.write_text(_text(sentences), encoding="utf-8")
        paths.append(path)
    return paths
