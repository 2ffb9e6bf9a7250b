"""Quote: words inside quotation marks that are not what the reference quotes, and quotes
given to another speaker.

Every quotation-mark span of an aligned unit's derivative side is matched with the reference's
quotations (the unit's first, then the whole article's) and word-aligned with it
(``audit.align.words``). Identical wording, or a shorter excerpt of a reference quote, is
silent. Otherwise every inserted, dropped or replaced word counts (articles aside): the
finding's span runs from the first to the last differing word, major, critical when the change
flips a negation. Where the reference has no such quote, words presented as a quotation that
it does not quote are major. A quote attributed to a named speaker other than the reference's
(a pronoun resolved to the last titled name) is critical.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from audit.align.forms import romanised
from audit.align.words import link_words
from audit.checks.base import Check, CheckContext
from audit.checks.lexicon import MODALS, NEGATIONS
from audit.checks.mistranslation import negated
from audit.checks.speaker import resolved, speaker_of
from audit.checks.words import Quote, quoted, quotes
from audit.records import AlignedUnit, Category, Finding, Severity
from audit.words import Token, stem, tokens

_GLOSS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def _words(quote: Quote) -> list[Token]:
    """The words of a quotation, without editorial glosses in brackets ("(the Ukrainians)")."""
    glosses = [(m.start(), m.end()) for m in _GLOSS.finditer(quote.inner)]
    return [
        t
        for t in tokens(quote.inner, quote.inner_start)
        if not any(a <= t.start - quote.inner_start < b for a, b in glosses)
    ]


class QuoteCheck(Check):
    name = "quote"
    category = Category.QUOTE
    description = "Quotations whose words differ from the reference's, or that it does not quote."
    default_severity = Severity.MAJOR

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        ref_text = ctx.reference.document.text
        ref_quotes = [(q, _words(q)) for q in quotes(ref_text)]
        ref_words = {t.norm for t in ctx.reference_tokens()}
        for unit, _ in ctx.mapped_units():
            start, end = ctx.derivative.span(unit.deriv)
            text = ctx.derivative.document.text[start:end]
            for quote in quotes(text, start):
                der = _words(quote)
                if not der:
                    continue
                yield from self._judge(ctx, unit, quote, der, ref_quotes, ref_words)

    def _judge(
        self,
        ctx: CheckContext,
        unit: AlignedUnit,
        quote: Quote,
        der: list[Token],
        ref_quotes: list[tuple[Quote, list[Token]]],
        ref_words: set[str],
    ) -> Iterator[Finding]:
        match = _best(der, ref_quotes)
        checks = ctx.config.checks
        if match is not None and (match.coverage >= checks.quote_related or match.longest >= 3):
            yield from self._speaker(ctx, unit, quote, match.quote)
            if not match.changes:
                return
            if match.coverage < checks.quote_exact and match.longest < 3:
                return
            yield self._altered(ctx, unit, quote, match)
            return
        local = _best(der, [q for q in ref_quotes if _inside(q[0], ctx, unit)])
        if local is not None:
            yield self._against(
                ctx,
                unit,
                (quote.start, quote.end),
                local.quote,
                "does not match the quotation of the same passage in the reference, {ref}",
            )
            return
        if len(der) <= 2 and all(t.norm in ref_words for t in der):
            return  # a term of the article in scare quotes
        shown = ctx.derivative.document.text[quote.start : quote.end]
        yield ctx.finding(
            self,
            unit,
            quote.start,
            quote.end,
            f"{quoted(shown, 60)} is presented as a quotation, but the reference quotes no such "
            "words; remove the quotation marks or quote the source.",
            evidence=((shown, ""),),
        )

    def _altered(
        self, ctx: CheckContext, unit: AlignedUnit, quote: Quote, match: _Match
    ) -> Finding:
        """The words of a matched quotation that differ, from the first to the last."""
        limit = ctx.config.checks.max_flip_words
        flips = any(
            any(map(negated, c.old)) != any(map(negated, c.new))
            and max(len(c.old), len(c.new)) <= limit
            for c in match.changes
        )
        shown = [t for c in match.changes for t in c.shown]
        return self._against(
            ctx,
            unit,
            (min(t.start for t in shown), max(t.end for t in shown)),
            match.quote,
            "alters the reference's {ref}: " + _describe(match.changes),
            Severity.CRITICAL if flips else Severity.MAJOR,
        )

    def _speaker(
        self, ctx: CheckContext, unit: AlignedUnit, quote: Quote, ref_q: Quote
    ) -> Iterator[Finding]:
        """A quotation given to a named speaker other than the reference's."""
        said = speaker_of(ctx.derivative.document.text, quote)
        original = resolved(ctx.reference.document.text, ref_q)
        if said is None or said.name is None or original is None:
            return
        if _same_person(said.name, original):
            return
        ref_shown = ctx.reference.document.text[ref_q.start : ref_q.end]
        yield ctx.finding(
            self,
            unit,
            said.start,
            said.end,
            f"The quotation {quoted(ref_shown, 50)} is given to {quoted(said.name)}, but in the "
            f"reference {quoted(original)} says it; attribute it to the right speaker.",
            severity=Severity.CRITICAL,
            evidence=((said.name, original),),
            ref_span=(ref_q.start, ref_q.end),
        )

    def _against(
        self,
        ctx: CheckContext,
        unit: AlignedUnit,
        span: tuple[int, int],
        ref_q: Quote,
        problem: str,
        severity: Severity = Severity.MAJOR,
    ) -> Finding:
        """A finding on ``span`` of a derivative quotation that differs from reference quotation
        ``ref_q``; ``problem`` says how, with ``{ref}`` standing for the reference quotation."""
        shown = ctx.derivative.document.text[span[0] : span[1]]
        ref_shown = ctx.reference.document.text[ref_q.start : ref_q.end]
        return ctx.finding(
            self,
            unit,
            span[0],
            span[1],
            f"Quotation words {quoted(shown, 60)} "
            f"{problem.replace('{ref}', quoted(ref_shown, 60))}; quote the words as said.",
            severity=severity,
            evidence=((shown, ref_shown),),
            ref_span=(ref_q.start, ref_q.end),
        )


def _same_person(a: str, b: str) -> bool:
    """Two surnames of one person, allowing case, spelling slips and romanisation."""
    x, y = a.casefold(), b.casefold()
    return x == y or romanised(x) == romanised(y) or x in y or y in x


def _inside(quote: Quote, ctx: CheckContext, unit: AlignedUnit) -> bool:
    start, end = ctx.reference.span(unit.ref)
    return start <= quote.start < end


@dataclass(frozen=True)
class _Change:
    """Reference words ``old`` replaced by derivative words ``new`` (either may be empty);
    ``shown`` are the derivative words that mark it (``new``, or the words beside a drop)."""

    old: tuple[Token, ...]
    new: tuple[Token, ...]
    shown: tuple[Token, ...]


@dataclass(frozen=True)
class _Match:
    """How a derivative quote matches one reference quote."""

    quote: Quote
    coverage: float
    """Share of the derivative quote's words found, in order, in the reference quote."""
    longest: int
    """Longest run of words shared in order."""
    changes: tuple[_Change, ...]
    """The words that differ within the stretch the two quotes share (words quoted beyond the
    reference's quote are not changes)."""


def _best(der: list[Token], ref_quotes: list[tuple[Quote, list[Token]]]) -> _Match | None:
    best: _Match | None = None
    words = [stem(t.norm) for t in der]
    for quote, ref in ref_quotes:
        if not ref:
            continue
        matcher = difflib.SequenceMatcher(None, [stem(t.norm) for t in ref], words, autojunk=False)
        blocks = [b for b in matcher.get_matching_blocks() if b.size]
        if not blocks:
            continue
        matched = sum(b.size for b in blocks)
        candidate = _Match(
            quote, matched / len(der), max(b.size for b in blocks), _changes(ref, der, blocks)
        )
        if best is None or (candidate.coverage, candidate.longest) > (best.coverage, best.longest):
            best = candidate
    return best


WEIGHTY = (
    NEGATIONS
    | frozenset(MODALS)
    | frozenset(
        "more most less least fewer all some any every each only even very much many always "
        "also again still already just".split()
    )
)
"""Function words that change what a quotation says ("need more weapons")."""


def _changes(ref: list[Token], der: list[Token], blocks: list) -> tuple[_Change, ...]:
    """Word differences between the matched stretches of two quotes (articles aside)."""
    r0, r1 = blocks[0].a, blocks[-1].a + blocks[-1].size
    d0, d1 = blocks[0].b, blocks[-1].b + blocks[-1].size
    words = link_words(ref[r0:r1], der[d0:d1])
    counts = Counter(t.norm for t in words.ref if t.norm in WEIGHTY)
    counts.subtract(t.norm for t in words.der if t.norm in WEIGHTY)
    out = []
    for gap in words.gaps:
        old = tuple(words.ref[i] for i in gap.ref)
        new = tuple(words.der[j] for j in gap.der)
        if not any(t.content or counts[t.norm] for t in old + new):
            continue  # function words only, or weighty words that only moved
        near = [k for k in (gap.before, gap.after) if 0 <= k < len(words.der)]
        shown = new or tuple(words.der[k] for k in near[:1])
        out.append(_Change(old, new, shown))
    return tuple(out)


def _change(new: str, old: str) -> str:
    if not new:
        return f"drops “{old}”"
    if not old:
        return f"adds “{new}”"
    return f"“{new}” for “{old}”"


def _describe(changes: tuple[_Change, ...], limit: int = 3) -> str:
    """'“a” for “b”, drops “c”, adds “d” ...': the first changed word groups."""
    parts = [_change(_joined(c.new), _joined(c.old)) for c in changes[:limit]]
    more = f" and {len(changes) - limit} more" if len(changes) > limit else ""
    return ", ".join(parts) + more


def _joined(toks: tuple[Token, ...]) -> str:
    return " ".join(t.text for t in toks)
