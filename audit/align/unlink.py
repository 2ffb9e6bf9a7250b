"""Links a reviewer marked wrong: sentence pairs the aligner must leave apart.

The HTML report's reviewer mode has a *wrong link* box beside each aligned unit; the file it
saves (read by ``--ignore``, beside the accepted finding ids) names each pair of the unit's
reference and derivative sentences as ``link:<reference digest>:<derivative digest>``. A digest
is the first 12 hex digits of the SHA-1 of the sentence's words (whitespace folded), so the id
survives edits elsewhere in either document and means the same pair in every derivative that
holds the two sentences. The aligner gives such a pair no link weight and never puts the two
sentences in one unit (decoding, growing, gap filling), so the next run reports the reference
sentence as omitted unless another derivative sentence renders it, and the derivative sentence
as added unless it renders another reference sentence.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection

from audit.records import AlignedUnit, Segmented

LINK_ID = re.compile(r"^link:([0-9a-f]{12}):([0-9a-f]{12})$")
"""A wrong link as the ignore file holds it."""

Pairs = frozenset[tuple[int, int]]
"""(reference sentence index, derivative sentence index) pairs that may not share a unit."""


def sentence_digest(text: str) -> str:
    """12 hex digits naming a sentence by its words (whitespace folded)."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


def link_id(reference_sentence: str, derivative_sentence: str) -> str:
    """The id of the link between two sentences, as the reviewer's file names it."""
    return f"link:{sentence_digest(reference_sentence)}:{sentence_digest(derivative_sentence)}"


def unit_link_ids(reference: Segmented, derivative: Segmented, unit: AlignedUnit) -> list[str]:
    """The ids of every (reference, derivative) sentence pair of an aligned unit."""
    return [
        link_id(reference.sentences[j].text, derivative.sentences[i].text)
        for j in unit.ref
        for i in unit.deriv
    ]


def unlinked_pairs(reference: Segmented, derivative: Segmented, ids: Collection[str]) -> Pairs:
    """The sentence pairs of these two documents that ``ids`` (finding ids and wrong links, as
    ``--ignore`` reads them) mark as wrong links; empty, and nothing digested, when none does."""
    wanted = {m.groups() for m in map(LINK_ID.match, ids) if m}
    if not wanted:
        return frozenset()
    refs: dict[str, list[int]] = {}
    for s in reference.sentences:
        refs.setdefault(sentence_digest(s.text), []).append(s.index)
    ders: dict[str, list[int]] = {}
    for s in derivative.sentences:
        ders.setdefault(sentence_digest(s.text), []).append(s.index)
    return frozenset((j, i) for r, d in wanted for j in refs.get(r, ()) for i in ders.get(d, ()))
