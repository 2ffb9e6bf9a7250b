"""Quote: words inside quotation marks that are not what the reference quotes.

Every quotation-mark span of an aligned unit's derivative side is compared word by word with the
reference's quotations (the unit's first, then the whole article's). Identical wording, or a
shorter excerpt of a reference quote, is silent. Otherwise the quote is altered wording (the
evidence lists the changed words) or, where the reference has no such quote, words presented as
a quotation that the reference does not quote. For news a misquote is never minor: major.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from audit.checks.base import Check, CheckContext
from audit.checks.words import Quote, Token, diff, quoted, quotes, tokens
from audit.records import AlignedUnit, Category, Finding, Severity

EXACT = 0.92
"""Word-level match ratio from which a quote counts as the reference's wording."""
RELATED = 0.35
"""Below this ratio against every reference quote, the quote has no counterpart there."""


class QuoteCheck(Check):
    name = "quote"
    category = Category.QUOTE
    description = "Quotations whose words differ from the reference's, or that it does not quote."
    default_severity = Severity.MAJOR

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        ref_text = ctx.reference.document.text
        ref_quotes = [(q, tokens(q.inner, q.inner_start)) for q in quotes(ref_text)]
        ref_words = {t.norm for t in ctx.reference_tokens()}
        for unit in ctx.close_units():
            start, end = ctx.derivative.span(unit.deriv)
            text = ctx.derivative.document.text[start:end]
            for quote in quotes(text, start):
                der = tokens(quote.inner, quote.inner_start)
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
        best, ratio = _best(der, ref_quotes)
        if ratio >= EXACT or (best is not None and _excerpt(der, best[1])):
            return None
        shown = ctx.derivative.document.text[quote.start : quote.end]
        if best is not None and ratio >= RELATED:
            ref_q, ref_toks = best
            changes = _changes(ref_toks, der)
            ref_shown = ctx.reference.document.text[ref_q.start : ref_q.end]
            return ctx.finding(
                self, unit, quote.start, quote.end,
                f"Quotation {quoted(shown, 60)} alters the reference's {quoted(ref_shown, 60)}: "
                f"{changes}; quote the words as said.",
                evidence=((shown, ref_shown),), ref_span=(ref_q.start, ref_q.end),
            )
        if len(der) <= 3 and all(t.norm in ref_words for t in der):
            return None  # a term of the article in scare quotes
        return ctx.finding(
            self, unit, quote.start, quote.end,
            f"{quoted(shown, 60)} is presented as a quotation, but the reference quotes no such "
            "words; remove the quotation marks or quote the source.",
            evidence=((shown, ""),),
        )


def _best(
    der: list[Token], ref_quotes: list[tuple[Quote, list[Token]]]
) -> tuple[tuple[Quote, list[Token]] | None, float]:
    best, best_ratio = None, 0.0
    words = [t.norm for t in der]
    for item in ref_quotes:
        matcher = difflib.SequenceMatcher(None, [t.norm for t in item[1]], words, autojunk=False)
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = item, ratio
    return best, best_ratio


def _excerpt(der: list[Token], ref: list[Token]) -> bool:
    """The derivative quotes a contiguous part of the reference quote, word for word."""
    words, pool = [t.norm for t in der], [t.norm for t in ref]
    n = len(words)
    return any(pool[k : k + n] == words for k in range(len(pool) - n + 1))


def _changes(ref: list[Token], der: list[Token], limit: int = 3) -> str:
    """'“a” for “b”, ...': the first changed word groups between two quotes."""
    parts = []
    for tag, i1, i2, j1, j2 in diff(ref, der):
        if tag == "equal":
            continue
        new = " ".join(t.text for t in der[j1:j2]) or "nothing"
        old = " ".join(t.text for t in ref[i1:i2]) or "nothing"
        parts.append(f"“{new}” for “{old}”")
    more = f" and {len(parts) - limit} more" if len(parts) > limit else ""
    return ", ".join(parts[:limit]) + more
