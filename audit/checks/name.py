"""Name: a proper name that differs from the reference's for the same entity.

Read from each aligned unit's word map (``audit.align.words``):

- a name linked to the reference's by *spelling* (edit distance relative to length:
  "Stoltenburg" for "Stoltenberg", "Austen" for "Austin"): a misspelt name, major;
- a name linked by *transliteration* ("Seok" for "Suk"): a romanisation variant, minor;
- a gap where the reference's names face other names, with little else changed ("Finland"
  for "Sweden", "Choi" for "Chey"; "China" for "Japan" although the article names China
  elsewhere): another entity, major, unless the derivative names the reference's entity
  elsewhere in the unit (a reordering) or WordNet gives both names to one entity ("Napoli"
  for "Naples", "Portuguese" for "Portugal's": ``audit.checks.lexicon.same_entity``).

Case, dots and spelling conventions are not differences ("Nato"/"NATO", "US"/"U.S."), and a
dropped title ("Mr Stoltenberg" -> "Stoltenberg") leaves no derivative word, so it stays silent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from audit.align.quantities import values
from audit.checks.base import Check, CheckContext, Scope
from audit.checks.lexicon import same_entity
from audit.checks.words import acronym_covered, quoted
from audit.records import AlignedUnit, Category, Finding, LinkKind, Severity
from audit.words import FUNCTION_WORDS, Token

MAX_SWAP_WORDS = 3
"""A gap swaps an entity only when each side has at most this many words (else a rewrite)."""


def is_name(toks: tuple[Token, ...], k: int, text: str) -> bool:
    """A capitalised word that is not a function word, a month or a sentence's first word."""
    token = toks[k]
    if not token.capitalised or token.norm in FUNCTION_WORDS or token.text.isdigit():
        return False
    if values([token]):
        return False  # months and weekdays are the number check's
    before = text[toks[k - 1].end : token.start] if k > 0 else "."
    first = any(ch in '.!?:“"\n' for ch in before)
    return not first or (k + 1 < len(toks) and toks[k + 1].capitalised)


class NameCheck(Check):
    name = "name"
    category = Category.NAME
    scope = Scope.ANY
    description = "Proper names misspelt, transliterated or swapped for another (Choi vs Chey)."
    default_severity = Severity.MAJOR

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        if ctx.cross:
            from audit.checks.entities import name_problems
            from audit.checks.links import link_problems

            for p in (*link_problems(ctx), *name_problems(ctx)):
                piece = ctx.derivative.document.text[p.start : p.end]
                yield ctx.finding(
                    self, p.unit, p.start, p.end, p.explanation, p.severity, ((piece, ""),),
                    p.ref_span,
                )  # fmt: skip
            return
        yield from self._same_language(ctx)

    def _same_language(self, ctx: CheckContext) -> Iterator[Finding]:
        reference_words = {t.norm for t in ctx.reference_tokens()}
        ref_text, der_text = ctx.reference.document.text, ctx.derivative.document.text
        for unit, words in ctx.mapped_units():
            for link in words.links:
                ref, der = words.ref[link.ref], words.der[link.der]
                if link.kind not in (LinkKind.SPELLING, LinkKind.TRANSLITERATION):
                    continue
                if der.norm in reference_words or not is_name(words.der, link.der, der_text):
                    continue
                if _abbreviates(ref.norm, der.norm) or same_entity(ref.norm, der.norm):
                    continue
                minor = link.kind is LinkKind.TRANSLITERATION
                yield self._finding(ctx, unit, [ref], [der], "spelt", minor)
            unit_ref = {t.norm for t in words.ref}
            unit_der = {t.norm for t in words.der}
            for gap in words.gaps:
                ref_names = [words.ref[i] for i in gap.ref if is_name(words.ref, i, ref_text)]
                der_names = [words.der[j] for j in gap.der if is_name(words.der, j, der_text)]
                ref_names = [t for t in ref_names if t.norm not in unit_der]
                new = [t for t in der_names if t.norm not in unit_ref]
                if _swap(ref_names, new, gap.ref, gap.der):
                    yield self._finding(ctx, unit, ref_names, new, "swapped", False)

    def _finding(
        self,
        ctx: CheckContext,
        unit: AlignedUnit,
        ref: list[Token],
        der: list[Token],
        how: str,
        minor: bool,
    ) -> Finding:
        ref_text = ctx.reference.document.text[ref[0].start : ref[-1].end]
        der_text = ctx.derivative.document.text[der[0].start : der[-1].end]
        if minor:
            why = "a romanisation variant; use the reference's spelling."
        elif how == "spelt":
            why = "a misspelling of the same name; use the reference's spelling."
        else:
            why = "another entity in the same place; check which one the source names."
        return ctx.finding(
            self,
            unit,
            der[0].start,
            der[-1].end,
            f"The name {quoted(der_text)} differs from the reference's {quoted(ref_text)}: {why}",
            severity=Severity.MINOR if minor else Severity.MAJOR,
            evidence=((der_text, ref_text),),
            ref_span=(ref[0].start, ref[-1].end),
        )


def _swap(
    ref_names: list[Token],
    new: list[Token],
    ref_gap: tuple[int, ...],
    der_gap: tuple[int, ...],
) -> bool:
    """Names of the reference unit, gone from the derivative unit, replaced in a small gap by
    names the reference unit does not use (whether or not the article uses them elsewhere)."""
    if not ref_names or not new:
        return False
    if len(ref_gap) > MAX_SWAP_WORDS or len(der_gap) > MAX_SWAP_WORDS:
        return False
    if any(same_entity(a.norm, b.norm) for a in ref_names for b in new):
        return False
    if acronym_covered(ref_names, {t.norm for t in new}) or acronym_covered(
        new, {t.norm for t in ref_names}
    ):
        return False  # "NATO" for "North Atlantic Treaty Organisation"
    return not any(_abbreviates(a.norm, b.norm) for a in ref_names for b in new)


_DERIVED = re.compile(r"(?:ese|ian|ish|an|ans|a|i|e|n)$")


def _abbreviates(a: str, b: str) -> bool:
    """An abbreviation or a derived form ("Jan"/"January", "China"/"Chinese", "Korea"/"Korean")."""
    if min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a)):
        return True
    return min(len(a), len(b)) >= 4 and _DERIVED.sub("", a) == _DERIVED.sub("", b)
