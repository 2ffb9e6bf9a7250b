"""Name: a proper name that differs from the reference's for the same entity.

Two sources of evidence, both word-level:

1. the word diff of an aligned unit replaces capitalised words with other capitalised words in
   the same place ("the Chey Institute" -> "the Choi Institute");
2. a capitalised word of the derivative that is not in the reference but close in spelling to a
   capitalised word of the unit's reference side (a moved, misspelt name).

Case, dots and spelling variants are not differences ("Nato"/"NATO", "US"/"U.S."), and a dropped
title ("Mr Stoltenberg" -> "Stoltenberg") is not a replacement, so it stays silent.
"""

from __future__ import annotations

from collections.abc import Iterator

from rapidfuzz import fuzz

from audit.checks.base import Check, CheckContext
from audit.checks.number import values
from audit.checks.words import FUNCTION_WORDS, Token, diff, has_word, quoted
from audit.records import AlignedUnit, Category, Finding, Severity


class NameCheck(Check):
    name = "name"
    category = Category.NAME
    description = "Proper names spelt or chosen differently from the reference (Choi vs Chey)."
    default_severity = Severity.MAJOR

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        reference_words = {t.norm for t in ctx.reference_tokens()}
        for unit in ctx.close_units():
            ref, der = ctx.ref_tokens(unit), ctx.deriv_tokens(unit)
            pairs = _name_pairs(ref, der, reference_words, ctx.config.checks.name_ratio)
            for ref_name, der_name in pairs:
                yield self._finding(ctx, unit, ref_name, der_name)

    def _finding(
        self, ctx: CheckContext, unit: AlignedUnit, ref: list[Token], der: list[Token]
    ) -> Finding:
        ref_text = ctx.reference.document.text[ref[0].start : ref[-1].end]
        der_text = ctx.derivative.document.text[der[0].start : der[-1].end]
        return ctx.finding(
            self,
            unit,
            der[0].start,
            der[-1].end,
            f"The name {quoted(der_text)} differs from the reference's {quoted(ref_text)} "
            "for the same entity; use the reference's spelling.",
            evidence=((der_text, ref_text),),
        )


def _is_name(token: Token, tokens: list[Token], k: int) -> bool:
    """A capitalised word that is not a capitalised function word at a sentence start."""
    if not token.capitalised or token.norm in FUNCTION_WORDS or token.text.isdigit():
        return False
    if values([token]):
        return False  # months and weekdays are the number check's
    return k > 0 or (k + 1 < len(tokens) and tokens[k + 1].capitalised)


def _name_pairs(
    ref: list[Token], der: list[Token], reference_words: set[str], ratio: float
) -> Iterator[tuple[list[Token], list[Token]]]:
    """(reference name words, derivative name words) that differ for the same slot."""
    reported: set[int] = set()
    for tag, i1, i2, j1, j2 in diff(ref, der):
        if tag != "replace":
            continue
        ref_names = [t for k, t in enumerate(ref[i1:i2], i1) if _is_name(t, ref, k)]
        der_names = [t for k, t in enumerate(der[j1:j2], j1) if _is_name(t, der, k)]
        new = [t for t in der_names if not _known(t, reference_words, ref)]
        if ref_names and new and len(ref_names) <= 3 and len(der_names) <= 3:
            if any(_similar(a.norm, b.norm, ratio) for a in ref_names for b in new):
                reported.update(t.start for t in new)
                yield ref_names, new
    ref_names = [t for k, t in enumerate(ref) if _is_name(t, ref, k)]
    for k, token in enumerate(der):
        if token.start in reported or not _is_name(token, der, k):
            continue
        if _known(token, reference_words, ref):
            continue
        best = max(ref_names, key=lambda r: fuzz.ratio(r.norm, token.norm), default=None)
        if best is not None and fuzz.ratio(best.norm, token.norm) >= ratio + 15:
            yield [best], [token]


def _known(token: Token, reference_words: set[str], ref: list[Token]) -> bool:
    """The reference has this word, an inflection of it, or a longer word it abbreviates."""
    if token.norm in reference_words or has_word(token.norm, ref):
        return True
    return any(_variant(token.norm, w) for w in (t.norm for t in ref))


def _variant(a: str, b: str) -> bool:
    """An abbreviation ("Jan"/"January") or a derived form ("China"/"Chinese")."""
    if min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a)):
        return True
    return min(len(a), len(b)) >= 5 and a[:4] == b[:4]


def _similar(a: str, b: str, ratio: float) -> bool:
    """Two name words plausibly for the same entity (same initial or close spelling)."""
    return a[:1] == b[:1] or fuzz.ratio(a, b) >= ratio
