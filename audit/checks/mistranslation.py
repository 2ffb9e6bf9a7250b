"""Mistranslation: meaning changed inside an aligned unit, found in its word diff.

What is reported (outside quotations, which the quote check owns):

- polarity: a negation ("not", "never", "no", "without", ...) present on one side only;
- modality: one modal or volition word replaced by another ("wants to" -> "could");
- person: one personal pronoun replaced by another of a different person ("we" -> "they").

Ordinary paraphrase (a content word replaced by a synonym: "argued" -> "maintained", "step up"
-> "increase") is not reported: telling a synonym from a wrong word needs more than the words,
and the unit's cosine already carries that signal into the fidelity score.
"""

from __future__ import annotations

from collections.abc import Iterator

from audit.checks.base import Check, CheckContext
from audit.checks.words import Token, diff, quoted, quotes
from audit.records import AlignedUnit, Category, Finding, Severity

NEGATIONS = frozenset("not no never n't nobody nothing none neither nor without cannot".split())
MODALS = {
    # Tense pairs share a class ("will"/"would" in reported speech is not a change of meaning).
    "can": "ability",
    "could": "ability",
    "may": "possibility",
    "might": "possibility",
    "must": "obligation",
    "should": "obligation",
    "shall": "future",
    "will": "future",
    "would": "future",
    "want": "volition",
    "wants": "volition",
    "wanted": "volition",
    "wish": "volition",
    "hope": "volition",
    "hopes": "volition",
}
PERSONS = {
    "i": 1,
    "me": 1,
    "my": 1,
    "we": 1,
    "us": 1,
    "our": 1,
    "you": 2,
    "your": 2,
    "he": 3,
    "she": 3,
    "they": 3,
    "them": 3,
    "their": 3,
    "his": 3,
    "her": 3,
    "him": 3,
}


NEGATIVE_SENSE = (
    "prevent avoid refus stop ban prohibit deny denie fail lack against unable instead rather "
    "neither less".split()
)


def _negative_sense(token: Token) -> bool:
    """A word that negates by meaning ("prevent", "refusing", "banning", "against")."""
    return token.norm.startswith(tuple(NEGATIVE_SENSE)) or token.norm.startswith(("un", "non"))


def _negated(token: Token) -> bool:
    return token.norm in NEGATIONS or token.norm.endswith("n't")


class MistranslationCheck(Check):
    name = "mistranslation"
    category = Category.MISTRANSLATION
    description = "Meaning changed in an aligned unit: negation, modality or person switched."
    default_severity = Severity.MAJOR

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        for unit in ctx.close_units():
            ref = _unquoted(ctx, unit, ctx.ref_tokens(unit), reference=True)
            der = _unquoted(ctx, unit, ctx.deriv_tokens(unit), reference=False)
            yield from self._polarity(ctx, unit, ref, der)
            for tag, i1, i2, j1, j2 in diff(ref, der):
                if tag == "replace":
                    yield from self._replaced(ctx, unit, ref[i1:i2], der[j1:j2])

    def _polarity(
        self, ctx: CheckContext, unit: AlignedUnit, ref: list[Token], der: list[Token]
    ) -> Iterator[Finding]:
        """A negation on one side of a diff operation only, with no negative verb instead."""
        if sum(map(_negated, ref)) == sum(map(_negated, der)):
            return
        for tag, i1, i2, j1, j2 in diff(ref, der):
            old, new = ref[i1:i2], der[j1:j2]
            if tag == "equal" or any(map(_negated, old)) == any(map(_negated, new)):
                continue
            limit = ctx.config.checks.max_flip_words
            if len(old) > limit or len(new) > limit:
                continue  # a rewritten stretch, not a flipped statement
            window = ref[max(0, i1 - 3) : i2 + 1] + der[max(0, j1 - 3) : j2 + 1]
            if any(_negative_sense(t) for t in window if not _negated(t)):
                continue
            if any(map(_negated, new)):
                token = next(t for t in new if _negated(t))
                message = f"The derivative adds the negation {quoted(token.text)}"
                span = (token.start, token.end)
            else:
                token = next(t for t in old if _negated(t))
                message = f"The reference's negation {quoted(token.text)} is lost"
                near = new or der[max(0, j1 - 1) : j1] or der[j1 : j1 + 1]
                span = (near[0].start, near[-1].end)
            yield ctx.finding(
                self,
                unit,
                span[0],
                span[1],
                f"{message} ({quoted(_text(new) or '—')} for {quoted(_text(old) or '—')}): "
                "the statement's polarity is flipped; restore the reference's sense.",
                evidence=((_text(new), _text(old)),),
            )
            return

    def _replaced(
        self, ctx: CheckContext, unit: AlignedUnit, ref: list[Token], der: list[Token]
    ) -> Iterator[Finding]:
        """A modal or pronoun replaced by ones of other classes only ("wants" -> "could")."""
        for table, what in ((MODALS, "modality"), (PERSONS, "grammatical person")):
            old = [t for t in ref if t.norm in table]
            new = [t for t in der if t.norm in table]
            if not old or not new or {table[t.norm] for t in old} & {table[t.norm] for t in new}:
                continue
            k = der.index(new[0])
            shown = der[k : min(len(der), k + 3)]
            yield ctx.finding(
                self,
                unit,
                shown[0].start,
                shown[-1].end,
                f"The {what} changes: {quoted(_text(shown))} where the reference says "
                f"{quoted(_text(ref), 60)} ({quoted(new[0].text)} for {quoted(old[0].text)}); "
                "restore the reference's meaning.",
                evidence=((_text(shown), _text(ref)),),
            )
            return


def _text(toks: list[Token]) -> str:
    return " ".join(t.text for t in toks)


def _unquoted(
    ctx: CheckContext, unit: AlignedUnit, toks: list[Token], reference: bool
) -> list[Token]:
    """Tokens outside quotation marks (quotes are the quote check's)."""
    side = ctx.reference if reference else ctx.derivative
    start, end = side.span(unit.ref if reference else unit.deriv)
    spans = [(q.start, q.end) for q in quotes(side.document.text[start:end], start)]
    return [t for t in toks if not any(s <= t.start < e for s, e in spans)]
