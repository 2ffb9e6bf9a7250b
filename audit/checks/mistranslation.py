"""Mistranslation: meaning changed inside an aligned unit, read from its word map's gaps.

What is reported (outside quotations, which the quote check owns), in each gap where unmatched
reference words face unmatched derivative words:

- polarity, critical: a negation ("not", "never", "no", "without", ...) on one side only, with
  no negating word ("refuse", "prevent", "dislike") in its place;
- antonym, critical: a word replaced by its opposite ("wins"/"loses", "increase"/"reduce");
- modality, major: a modal or volition word replaced by one of another class ("wants to" ->
  "could"); "can"/"will"/"may" (what is possible or expected) are one class;
- person, major: a personal pronoun replaced by one of another person ("we" -> "they").

Only units whose words mostly render the reference's are read (``CheckContext.close_units``):
in a loose rewrite, or a sentence linked to another that it does not translate, the words of a
gap do not stand for each other.

Ordinary paraphrase (a content word replaced by a synonym: "argued" -> "maintained", "step up"
-> "increase") is not reported: telling a synonym from a wrong word needs more than the words,
and the unit's cosine already carries that signal into the fidelity score.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from audit.align.words import Gap, WordMap
from audit.checks.base import Check, CheckContext, Scope
from audit.checks.lexicon import (
    AUXILIARIES,
    GENDERS,
    MODALS,
    NEGATING_PREFIXES,
    NEGATIONS,
    NEGATIVE_SENSE,
    PERSONS,
    opposites,
)
from audit.checks.reversal import hyphen_prefixes, question_turn
from audit.checks.words import overlap, quoted, quotes
from audit.records import AlignedUnit, Category, Finding, LinkKind, Severity
from audit.words import Token


def negated(token: Token) -> bool:
    """A negation word ("not", "never", "don't")."""
    return token.norm in NEGATIONS or token.norm.endswith("n't")


def _negative_sense(token: Token) -> bool:
    """A word that negates by meaning ("prevent", "refusing", "banning", "against")."""
    return token.norm.startswith(tuple(NEGATIVE_SENSE)) or token.norm.startswith(("un", "non"))


def opposite(a: Token, b: Token) -> bool:
    """Two words that are opposites in WordNet ("win"/"lose", "rising"/"falling"), or one the
    other with a negating prefix ("lethal"/"non-lethal" are two tokens: see ``_prefixed``)."""
    x, y = a.norm, b.norm
    return (x, y) in opposites() or _negated_form(x, y) or _negated_form(y, x)


def _negated_form(word: str, other: str) -> bool:
    """ "unlawful" for "lawful", "illegal" for "legal": a negating prefix on a word of 4+."""
    return len(other) >= 4 and any(word == p + other for p in NEGATING_PREFIXES)


def _affixed(old: list[Token], new: list[Token]) -> bool:
    """ "don't like" on one side and "dislike" on the other (a negating prefix)."""
    words = {t.norm for t in old + new}
    return any(p + w in words for p in NEGATING_PREFIXES for w in words)


@dataclass(frozen=True)
class _Seen:
    """One gap of a unit's word map, as the check sees it (quoted words left out)."""

    unit: AlignedUnit
    words: WordMap
    gap: Gap
    old: list[Token]
    new: list[Token]


class MistranslationCheck(Check):
    name = "mistranslation"
    category = Category.MISTRANSLATION
    scope = Scope.ENGLISH
    description = (
        "Meaning changed: negation, antonym or negating prefix (critical); modality, person, "
        "gender, a statement made a question (major)."
    )
    default_severity = Severity.MAJOR

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        close = {u.index for u in ctx.close_units() if _renders(ctx, u)}
        for unit, words in ctx.mapped_units():
            if unit.index not in close:
                continue  # a loose rewrite (or a wrong link): its gaps face unrelated words
            yield from self._reversals(ctx, unit, words)
            ref_out, der_out = _inside_quotes(ctx, unit)
            ref = [t for t in words.ref if t.start not in ref_out]
            der = [t for t in words.der if t.start not in der_out]
            balance = sum(map(negated, ref)) - sum(map(negated, der))
            reported: set[Severity] = set()
            for gap in words.gaps:
                old = [words.ref[i] for i in gap.ref if words.ref[i].start not in ref_out]
                new = [words.der[j] for j in gap.der if words.der[j].start not in der_out]
                if not old and not new:
                    continue
                seen = _Seen(unit, words, gap, old, new)
                finding = self._judge(ctx, seen, balance != 0)
                if finding is not None and finding.severity not in reported:
                    reported.add(finding.severity)  # the first of each severity in a unit
                    yield finding

    def _reversals(self, ctx: CheckContext, unit: AlignedUnit, words: WordMap) -> Iterator[Finding]:
        """Opposites the word aligner linked by spelling ("decrease" for "increase"), a
        hyphenated negating prefix dropped or added, a statement made a question."""
        ref_text, der_text = ctx.reference.document.text, ctx.derivative.document.text
        for link in words.links:
            old, new = words.ref[link.ref], words.der[link.der]
            if link.kind is LinkKind.SPELLING and opposite(old, new):
                yield self._opposite(ctx, unit, (old, new))
        for token, dropped in hyphen_prefixes(words, ref_text, der_text):
            word = (ref_text if dropped else der_text)[token.start : token.end + 1]
            if any(_negative_sense(t) for t in (words.der if dropped else words.ref)):
                continue  # "Fraud prevention" for "Anti-fraud": the sense is kept in words
            anchor = words.near(token.start) if dropped else token
            if anchor is None:
                continue
            how = "drops the reference's" if dropped else "adds the"
            yield ctx.finding(
                self,
                unit,
                anchor.start,
                anchor.end,
                f"The derivative {how} negating prefix {quoted(word)}: it states the opposite "
                "of the reference; restore the reference's sense.",
                severity=Severity.CRITICAL,
                evidence=(("" if dropped else word, word if dropped else ""),),
            )
        mark = question_turn(ctx.reference, ctx.derivative, unit)
        if mark is not None:
            asks = der_text[mark[0]] == "?"
            yield ctx.finding(
                self,
                unit,
                *mark,
                "The derivative asks a question where the reference makes a statement; restore "
                "the statement."
                if asks
                else "The derivative makes a statement where the reference asks a question; "
                "restore the question.",
                evidence=((der_text[mark[0]], "?" if not asks else "."),),
            )

    def _judge(self, ctx: CheckContext, seen: _Seen, unbalanced: bool) -> Finding | None:
        old, new = seen.old, seen.new
        flipped = any(map(negated, old)) != any(map(negated, new))
        opposites = [(a, b) for a in old for b in new if opposite(a, b)]
        if flipped and (opposites or _affixed(old, new)):
            return None  # "does not win" for "loses", "don't like" for "dislike"
        if opposites:
            return self._opposite(ctx, seen.unit, opposites[0])
        if flipped and unbalanced:
            return self._polarity(ctx, seen)
        return self._replaced(ctx, seen.unit, old, new)

    def _polarity(self, ctx: CheckContext, seen: _Seen) -> Finding | None:
        """A negation on one side of a gap only, with no negating word near it instead."""
        words, gap, old, new = seen.words, seen.gap, seen.old, seen.new
        limit = ctx.config.checks.max_flip_words
        if len(old) > limit or len(new) > limit:
            return None  # a rewritten stretch, not a flipped statement
        window = _window(words.ref, gap.ref) + _window(words.der, gap.der) + old + new
        if any(_negative_sense(t) for t in window if not negated(t)):
            return None
        if any(map(negated, new)):
            token = next(t for t in new if negated(t))
            message = f"The derivative adds the negation {quoted(token.text)}"
            span = [token]
        else:
            token = next(t for t in old if negated(t))
            message = f"The reference's negation {quoted(token.text)} is lost"
            span = new or _drop_point(words, gap)
        return ctx.finding(
            self,
            seen.unit,
            span[0].start,
            span[-1].end,
            f"{message} ({quoted(_text(new) or '—')} for {quoted(_text(old) or '—')}): "
            "the derivative states the opposite; restore the reference's sense.",
            severity=Severity.CRITICAL,
            evidence=((_text(new), _text(old)),),
        )

    def _opposite(self, ctx: CheckContext, unit: AlignedUnit, pair: tuple[Token, Token]) -> Finding:
        old, new = pair
        return ctx.finding(
            self,
            unit,
            new.start,
            new.end,
            f"{quoted(new.text)} is the opposite of the reference's {quoted(old.text)}: the "
            "derivative states the opposite; restore the reference's sense.",
            severity=Severity.CRITICAL,
            evidence=((new.text, old.text),),
        )

    def _replaced(
        self, ctx: CheckContext, unit: AlignedUnit, ref: list[Token], der: list[Token]
    ) -> Finding | None:
        """A modal or pronoun replaced by ones of other classes only ("wants" -> "could"): the
        reference side of the gap is small enough to be replaced rather than rewritten, and the
        derivative's replacement is read from the words right after the anchor."""
        limit = ctx.config.checks.max_flip_words
        if len(ref) > limit:
            return None
        der = der[:limit]  # a long gap: the words right after the anchor replace the reference's
        tables = ((MODALS, "modality"), (PERSONS, "grammatical person"), (GENDERS, "gender"))
        for table, what in tables:
            old = [t for t in ref if t.norm in table]
            new = [t for t in der if t.norm in table]
            if not old or not new or {table[t.norm] for t in old} & {table[t.norm] for t in new}:
                continue
            k = der.index(new[0])
            shown = der[k : min(len(der), k + 3)]
            return ctx.finding(
                self,
                unit,
                shown[0].start,
                shown[-1].end,
                f"The {what} changes: {quoted(_text(shown))} where the reference says "
                f"{quoted(_text(ref), 60)} ({quoted(new[0].text)} for {quoted(old[0].text)}); "
                "restore the reference's meaning.",
                evidence=((_text(shown), _text(ref)),),
            )
        return None


def _window(toks: tuple[Token, ...], ids: tuple[int, ...], size: int = 3) -> list[Token]:
    """The words around a gap's side (``size`` before, one after)."""
    if not ids:
        return []
    return list(toks[max(0, ids[0] - size) : ids[-1] + 2])


def _drop_point(words: WordMap, gap: Gap) -> list[Token]:
    """Where a dropped word was: the auxiliary before it ("is [not]") or the word after."""
    before = words.der[gap.before] if gap.before >= 0 else None
    after = words.der[gap.after] if gap.after < len(words.der) else None
    if before is not None and (before.norm in AUXILIARIES or after is None):
        return [before]
    return [after] if after is not None else []


def _text(toks: list[Token]) -> str:
    return " ".join(t.text for t in toks)


def _inside_quotes(ctx: CheckContext, unit: AlignedUnit) -> tuple[set[int], set[int]]:
    """Starts of the words inside quotation marks on each side (quotes are the quote check's)."""
    out = []
    for side, ids in ((ctx.reference, unit.ref), (ctx.derivative, unit.deriv)):
        start, end = side.span(ids)
        spans = [(q.start, q.end) for q in quotes(side.document.text[start:end], start)]
        words = ctx.ref_tokens(unit) if side is ctx.reference else ctx.deriv_tokens(unit)
        out.append({t.start for t in words if any(a <= t.start < b for a, b in spans)})
    return out[0], out[1]


def _renders(ctx: CheckContext, unit: AlignedUnit) -> bool:
    """Whether the derivative renders most of the unit's reference too: a short sentence linked
    to a long passage that shares a few names (003's tweet beside a two-sentence quotation) is
    a loose or wrong link, where a changed person or a "never" facing an "ever" means nothing."""
    return overlap(ctx.deriv_tokens(unit), ctx.ref_tokens(unit)) >= ctx.config.checks.close_overlap
