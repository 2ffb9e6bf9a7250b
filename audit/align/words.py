"""Word alignment: which reference word(s) each derivative word of an aligned unit renders.

Computed once per aligned unit, after sentence alignment, and shared by every check. Links are
found in order of confidence:

1. the longest common subsequence of the two sides' stems (difflib): ``exact`` where the normal
   forms are equal, ``stem`` where only the stems are ("support"/"supported");
2. inside each gap between those anchors, one-to-one pairs by form: equal numeric values
   ("2,000"/"two thousand", ``number``), romanisation variants ("Suk"/"Seok",
   ``transliteration``) and close spellings by edit distance relative to length
   ("Stoltenberg"/"Stoltenburg", ``spelling``);
3. content words that moved (a clause reordered): an unmatched derivative word whose stem is
   an unmatched reference word's anywhere in the unit.

Everything else is unmatched. The checks read the *gaps* (``WordMap.gaps``): consecutive
unmatched reference words facing consecutive unmatched derivative words between two anchors,
which is where a name, number, negation or quoted word was replaced, added or dropped.

Why by hand: aligners such as SimAlign or awesome-align need a multilingual model and torch
at run time for every word pair; inside one unit of one language the forms above decide
almost every link, and rapidfuzz gives the edit distances.
"""

from __future__ import annotations

import difflib
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from audit.align.forms import form_kind, stem_kind
from audit.align.quantities import values
from audit.records import AlignedUnit, LinkKind, Segmented, UnitWords, WordLink
from audit.words import Token, stem, tokens

LONG_UNIT = 400  # tokens a side; over it difflib may treat very common stems as junk


@dataclass(frozen=True)
class Link:
    """A derivative token rendering a reference token (indices into the two token lists)."""

    ref: int
    der: int
    kind: LinkKind
    moved: bool = False


@dataclass(frozen=True)
class Gap:
    """Unmatched reference tokens facing unmatched derivative tokens between two anchors.

    ``ref``/``der`` are token indices; either may be empty (a pure drop or insertion).
    ``before``/``after`` are the derivative indices of the anchors around it (-1/len if none).
    """

    ref: tuple[int, ...]
    der: tuple[int, ...]
    before: int
    after: int


@dataclass(frozen=True)
class WordMap:
    """The word alignment of one pair of token lists (a unit, or two quotations)."""

    ref: tuple[Token, ...]
    der: tuple[Token, ...]
    links: tuple[Link, ...]
    gaps: tuple[Gap, ...]

    def linked_der(self) -> dict[int, Link]:
        return {link.der: link for link in self.links}

    def linked_ref(self) -> set[int]:
        return {link.ref for link in self.links}

    def unmatched_der(self) -> list[int]:
        done = self.linked_der()
        return [k for k in range(len(self.der)) if k not in done]

    def unmatched_ref(self) -> list[int]:
        done = self.linked_ref()
        return [k for k in range(len(self.ref)) if k not in done]

    def facing(self, start: int, end: int, reference: bool) -> list[Token]:
        """The words of the other side in the gaps holding this side's words in
        ``[start, end)``: what stands in their place (empty for a plain drop or insertion)."""
        mine, theirs = (self.ref, self.der) if reference else (self.der, self.ref)
        out: list[Token] = []
        for gap in self.gaps:
            own, other = (gap.ref, gap.der) if reference else (gap.der, gap.ref)
            if any(start <= mine[k].start < end for k in own):
                out += [theirs[k] for k in other]
        return out

    def near(self, ref_start: int) -> Token | None:
        """The derivative word rendering the closest linked reference word before offset
        ``ref_start`` (else after it): where a dropped reference word would have been."""
        linked = sorted((self.ref[k.ref].start, k.der) for k in self.links if not k.moved)
        before = [d for start, d in linked if start < ref_start]
        after = [d for start, d in linked if start >= ref_start]
        pick = before[-1] if before else (after[0] if after else None)
        return None if pick is None else self.der[pick]

    def record(self, unit: int) -> UnitWords:
        """The report's form: character spans instead of token indices."""
        links = tuple(
            WordLink(
                link.kind,
                self.der[link.der].start,
                self.der[link.der].end,
                self.ref[link.ref].start,
                self.ref[link.ref].end,
            )
            for link in sorted(self.links, key=lambda k: (k.der, k.ref))
        )
        return UnitWords(
            unit,
            links,
            tuple((self.der[k].start, self.der[k].end) for k in self.unmatched_der()),
            tuple((self.ref[k].start, self.ref[k].end) for k in self.unmatched_ref()),
        )


def link_words(ref: Sequence[Token], der: Sequence[Token]) -> WordMap:
    """The word alignment of two token lists (see the module docstring)."""
    ref, der = tuple(ref), tuple(der)
    links = _anchors(ref, der)
    links += _in_gaps(ref, der, links)
    links += _moved(ref, der, links)
    return WordMap(ref, der, tuple(links), _gaps(ref, der, links))


def _anchors(ref: tuple[Token, ...], der: tuple[Token, ...]) -> list[Link]:
    """Links of the longest common subsequence of stems."""
    a, b = [stem(t.norm) for t in ref], [stem(t.norm) for t in der]
    if a == b:
        blocks = [(0, 0, len(a))]
    else:
        long_unit = max(len(a), len(b)) > LONG_UNIT
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=long_unit)
        blocks = [(m.a, m.b, m.size) for m in matcher.get_matching_blocks()]
    out = []
    for i, j, size in blocks:
        for k in range(size):
            same = ref[i + k].norm == der[j + k].norm
            out.append(Link(i + k, j + k, LinkKind.EXACT if same else LinkKind.STEM))
    return out


def _spans_between(
    n_ref: int, n_der: int, links: Sequence[Link]
) -> list[tuple[range, range, int, int]]:
    """(ref range, der range, der anchor before, der anchor after) between monotone links."""
    anchors = sorted((k.ref, k.der) for k in links if not k.moved)
    out = []
    prev_r, prev_d = -1, -1
    for r, d in [*anchors, (n_ref, n_der)]:
        if r > prev_r + 1 or d > prev_d + 1:
            out.append((range(prev_r + 1, r), range(prev_d + 1, d), prev_d, d))
        prev_r, prev_d = r, d
    return out


def _in_gaps(ref: tuple[Token, ...], der: tuple[Token, ...], links: list[Link]) -> list[Link]:
    """One-to-one links by numeric value, romanisation or spelling inside each gap (in order)."""
    out: list[Link] = []
    for rs, ds, _, _ in _spans_between(len(ref), len(der), links):
        out += _number_links(ref, der, rs, ds)
        taken_r = {k.ref for k in out}
        taken_d = {k.der for k in out}
        last = -1
        for j in ds:
            if j in taken_d:
                continue
            for i in rs:
                if i <= last or i in taken_r:
                    continue
                kind = form_kind(ref[i], der[j])
                if kind is not None:
                    out.append(Link(i, j, kind))
                    taken_r.add(i)
                    last = i
                    break
    return out


def _number_links(
    ref: tuple[Token, ...], der: tuple[Token, ...], rs: range, ds: range
) -> list[Link]:
    """Tokens of equal numeric values written differently ("2,000" and "two thousand")."""
    if not rs or not ds:
        return []
    ref_values = values(list(ref[rs.start : rs.stop]))
    out = []
    for value in values(list(der[ds.start : ds.stop])):
        match = next((v for v in ref_values if v.key == value.key), None)
        if match is None:
            continue
        ref_values.remove(match)
        r_ids = [i for i in rs if match.first.start <= ref[i].start < match.last.end]
        d_ids = [j for j in ds if value.first.start <= der[j].start < value.last.end]
        for j in d_ids:
            out += [Link(i, j, LinkKind.NUMBER) for i in r_ids[:1]]
    return out


def _moved(ref: tuple[Token, ...], der: tuple[Token, ...], links: list[Link]) -> list[Link]:
    """Content words found out of order: an unmatched word with the stem of an unmatched
    reference word, or (a name) one of its spellings."""
    free = [i for i in range(len(ref)) if i not in {k.ref for k in links}]
    free = [i for i in free if ref[i].content or ref[i].norm[:1].isdigit()]
    taken_d = {k.der for k in links}
    out = []
    for j, token in enumerate(der):
        if j in taken_d or not free:
            continue
        best = _best_form(ref, free, token)
        if best is not None:
            free.remove(best[0])
            out.append(Link(best[0], j, best[1], moved=True))
    return out


def _best_form(
    ref: tuple[Token, ...], pool: list[int], token: Token
) -> tuple[int, LinkKind] | None:
    """The first pooled reference word with the token's stem, else the first with its
    spelling (capitalised words only: the costlier forms are tried on those alone)."""
    for i in pool:
        kind = stem_kind(ref[i], token)
        if kind is not None:
            return i, kind
    if not token.capitalised:
        return None
    kinds = ((i, form_kind(ref[i], token)) for i in pool if ref[i].capitalised)
    return next(((i, k) for i, k in kinds if k is not None), None)


def _gaps(ref: tuple[Token, ...], der: tuple[Token, ...], links: list[Link]) -> tuple[Gap, ...]:
    """The unmatched words between consecutive in-order links."""
    in_order = [k for k in links if not k.moved]
    linked_r = {k.ref for k in links}
    linked_d = {k.der for k in links}
    out = []
    for rs, ds, before, after in _spans_between(len(ref), len(der), in_order):
        r = tuple(i for i in rs if i not in linked_r)
        d = tuple(j for j in ds if j not in linked_d)
        if r or d:
            out.append(Gap(r, d, before, after))
    return tuple(out)


def unit_words(
    reference: Segmented, derivative: Segmented, units: Sequence[AlignedUnit]
) -> tuple[WordMap | None, ...]:
    """The word map of every unit (``None`` for units with one side only), in unit order."""
    ref_words = tokens(reference.document.text)
    der_words = tokens(derivative.document.text)
    out: list[WordMap | None] = []
    for unit in units:
        if not unit.ref or not unit.deriv:
            out.append(None)
            continue
        ref = between(ref_words, *reference.span(unit.ref))
        der = between(der_words, *derivative.span(unit.deriv))
        out.append(link_words(ref, der))
    return tuple(out)


def between(words: tuple[Token, ...], start: int, end: int) -> tuple[Token, ...]:
    """The words (ordered by offset) that start in ``[start, end)``, found by bisection."""
    first = bisect_left(words, start, key=lambda t: t.start)
    last = bisect_left(words, end, lo=first, key=lambda t: t.start)
    return words[first:last]
