"""Quote: words inside quotation marks that are not what the reference quotes.

Every quotation-mark span of an aligned unit's derivative side is compared word by word with the
reference's quotations (the unit's first, then the whole article's). Identical wording, or a
shorter excerpt of a reference quote, is silent. Otherwise the quote is altered wording (the
evidence lists the changed words) or, where the reference has no such quote, words presented as
a quotation that the reference does not quote. For news a misquote is never minor: major.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from audit.checks.base import Check, CheckContext
from audit.checks.words import Quote, Token, diff, quoted, quotes, stem, tokens
from audit.records import AlignedUnit, Category, Finding, Severity

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
        for unit in ctx.close_units():
            start, end = ctx.derivative.span(unit.deriv)
            text = ctx.derivative.document.text[start:end]
            for quote in quotes(text, start):
                der = _words(quote)
                if not der:
                    continue
                finding = self._judge(ctx, unit, quote, der, ref_quotes, ref_words)
                if finding is not None:
                    yield finding

    def _judge(
        self,
        ctx: CheckContext,
        unit: AlignedUnit,
        quote: Quote,
        der: list[Token],
        ref_quotes: list[tuple[Quote, list[Token]]],
        ref_words: set[str],
    ) -> Finding | None:
        match = _best(der, ref_quotes)
        shown = ctx.derivative.document.text[quote.start : quote.end]
        if (
            match is not None
            and not match.changes
            and (match.coverage >= ctx.config.checks.quote_exact or match.longest >= 3)
        ):
            return None
        if match is not None and (
            match.coverage >= ctx.config.checks.quote_related or match.longest >= 3
        ):
            return self._against(
                ctx,
                unit,
                quote,
                match.quote,
                "alters the reference's {ref}: " + _describe(match.changes),
            )
        local = _best(der, [q for q in ref_quotes if _inside(q[0], ctx, unit)])
        if local is not None:
            return self._against(
                ctx,
                unit,
                quote,
                local.quote,
                "does not match the quotation of the same passage in the reference, {ref}",
            )
        if len(der) <= 2 and all(t.norm in ref_words for t in der):
            return None  # a term of the article in scare quotes
        return ctx.finding(
            self,
            unit,
            quote.start,
            quote.end,
            f"{quoted(shown, 60)} is presented as a quotation, but the reference quotes no such "
            "words; remove the quotation marks or quote the source.",
            evidence=((shown, ""),),
        )

    def _against(
        self, ctx: CheckContext, unit: AlignedUnit, quote: Quote, ref_q: Quote, problem: str
    ) -> Finding:
        """A finding for a derivative quotation that differs from reference quotation ``ref_q``;
        ``problem`` says how, with ``{ref}`` standing for the reference quotation."""
        shown = ctx.derivative.document.text[quote.start : quote.end]
        ref_shown = ctx.reference.document.text[ref_q.start : ref_q.end]
        return ctx.finding(
            self,
            unit,
            quote.start,
            quote.end,
            f"Quotation {quoted(shown, 60)} {problem.replace('{ref}', quoted(ref_shown, 60))}; "
            "quote the words as said.",
            evidence=((shown, ref_shown),),
            ref_span=(ref_q.start, ref_q.end),
        )


def _inside(quote: Quote, ctx: CheckContext, unit: AlignedUnit) -> bool:
    start, end = ctx.reference.span(unit.ref)
    return start <= quote.start < end


@dataclass(frozen=True)
class _Match:
    """How a derivative quote matches one reference quote."""

    quote: Quote
    coverage: float
    """Share of the derivative quote's words found, in order, in the reference quote."""
    longest: int
    """Longest run of words shared in order."""
    changes: tuple[tuple[str, str], ...]
    """(derivative words, reference words) that differ in content words, within the stretch
    the two quotes share (words quoted beyond the reference's quote are not changes)."""


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


def _changes(ref: list[Token], der: list[Token], blocks: list) -> tuple[tuple[str, str], ...]:
    """Content-word differences between the matched stretches of two quotes."""
    r0, r1 = blocks[0].a, blocks[-1].a + blocks[-1].size
    d0, d1 = blocks[0].b, blocks[-1].b + blocks[-1].size
    ops = []
    for tag, i1, i2, j1, j2 in diff(ref[r0:r1], der[d0:d1]):
        if tag != "equal":
            old, new = ref[r0:r1][i1:i2], der[d0:d1][j1:j2]
            ops.append((old, new, _content(old), _content(new)))
    moved = set().union(*(o for _, _, o, _ in ops)) & set().union(*(n for _, _, _, n in ops))
    out = []
    for old, new, old_content, new_content in ops:
        if old_content - moved or new_content - moved:  # not just function words or order
            out.append((" ".join(t.text for t in new), " ".join(t.text for t in old)))
    return tuple(out)


def _content(toks: list[Token]) -> set[str]:
    return {stem(t.norm) for t in toks if t.content}


def _change(new: str, old: str) -> str:
    if not new:
        return f"drops “{old}”"
    if not old:
        return f"adds “{new}”"
    return f"“{new}” for “{old}”"


def _describe(changes: tuple[tuple[str, str], ...], limit: int = 3) -> str:
    """'“a” for “b”, drops “c”, adds “d” ...': the first changed word groups."""
    parts = [_change(new, old) for new, old in changes[:limit]]
    more = f" and {len(changes) - limit} more" if len(changes) > limit else ""
    return ", ".join(parts) + more
