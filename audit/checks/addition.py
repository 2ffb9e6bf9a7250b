"""Addition: derivative content with no source in the reference.

Two levels: whole derivative sentences with no reference counterpart, and clauses inside aligned
units whose content words the reference passage does not have. Stray fragments, duplicates and
site furniture are explained by their own checks and not also reported here.

In a translation the new facts of an unaligned passage are its anchors (figures, Latin-script
names) the original lacks, and a long clause added inside an aligned unit is found by its
length (``audit.checks.lengths``).
"""

from __future__ import annotations

from collections.abc import Iterator

from audit.align.anchors import anchors
from audit.align.quantities import values
from audit.checks.base import Check, CheckContext, Scope
from audit.checks.lengths import Gap, gaps
from audit.checks.omission import clause_major, reworded
from audit.checks.words import quoted, quotes, unmatched_runs
from audit.records import AlignedUnit, Category, Finding, Severity
from audit.words import Token, size, stem, word_count


def _unsourced(toks: list[Token], reference: set[str]) -> float:
    content = [t for t in toks if t.content]
    if not content:
        return 1.0
    return sum(stem(t.norm) not in reference for t in content) / len(content)


MIN_WORDS = 5
"""An unaligned passage of this many words always gets a finding (shorter ones only when
their words are not the article's)."""


def _words(ctx: CheckContext, unit: AlignedUnit) -> int:
    return word_count(ctx.derivative.text_of(unit.deriv))


def _fact(token: Token) -> bool:
    """A figure or a capitalised word other than a function word (a name, a month)."""
    return bool(values([token])) or (token.capitalised and token.content)


def _carried(ctx: CheckContext) -> Iterator[tuple[AlignedUnit, tuple[int, int]]]:
    """Derivative sentences of five words or more carried inside a longer aligned unit whose
    content words its word map leaves almost all unmatched (an added sentence the aligner
    kept with its neighbour)."""
    for unit, words in ctx.mapped_units():
        if len(unit.deriv) < 2:
            continue
        linked = words.linked_der()
        for index in unit.deriv:
            sentence = ctx.derivative.sentences[index]
            ids = [k for k, t in enumerate(words.der) if sentence.start <= t.start < sentence.end]
            content = [k for k in ids if words.der[k].content]
            if len(ids) < MIN_WORDS or not content:
                continue
            if sum(k in linked for k in content) < len(content) * ctx.config.checks.sourced_share:
                yield unit, (sentence.start, sentence.end)


class AdditionCheck(Check):
    name = "addition"
    category = Category.ADDITION
    scope = Scope.ANY
    description = "Derivative sentences or clauses with no source in the reference."
    default_severity = Severity.MAJOR
    yields_to = (
        Category.GARBLED,
        Category.BOILERPLATE,
        Category.DUPLICATE,
        Category.QUOTE,
        Category.NAME,
        Category.NUMBER,
        Category.UNTRANSLATED,
    )

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        if ctx.cross:
            yield from self._translation(ctx)
            return
        whole = ctx.reference_tokens()
        norms = {stem(t.norm) for t in whole}
        for unit in ctx.units:
            if unit.ref:
                continue
            share = _unsourced(ctx.deriv_tokens(unit), norms)
            if share >= ctx.config.checks.sourced_share or _words(ctx, unit) >= MIN_WORDS:
                yield self._sentence(ctx, unit, ctx.derivative.span(unit.deriv), share, norms)
        for unit, span in _carried(ctx):
            yield self._sentence(ctx, unit, span, 1.0, norms)
        text = ctx.derivative.document.text
        for unit in ctx.close_units():
            for run in unmatched_runs(
                ctx.deriv_tokens(unit), whole, ctx.config.checks.clause_words, text
            ):
                yield self._clause(ctx, unit, run, reworded(ctx, unit, run, reference=False))

    def _sentence(
        self,
        ctx: CheckContext,
        unit: AlignedUnit,
        span: tuple[int, int],
        share: float,
        norms: set[str],
    ) -> Finding:
        """A derivative passage with no counterpart: major when long, quoted or carrying a new
        fact."""
        start, end = span
        text = ctx.derivative.document.text[start:end]
        words = word_count(text)
        has_quote = bool(quotes(text))
        toks = [t for t in ctx.deriv_tokens(unit) if start <= t.start < end]
        new_facts = [t for t in toks if _fact(t) and stem(t.norm) not in norms]
        major = (
            words >= ctx.config.checks.major_addition_words
            or (has_quote and words >= MIN_WORDS)
            or bool(new_facts)
        )
        what = "quotation" if has_quote else "passage"
        why = (
            "its words are the article's, so it may reword a passage; check it says what the "
            "reference says"
            if share < ctx.config.checks.sourced_share
            else "check it is sourced or remove it"
        )
        return ctx.finding(
            self,
            unit,
            start,
            end,
            f"This {what} ({words} words) has no counterpart in the reference; {why}.",
            severity=Severity.MAJOR if major else Severity.MINOR,
        )

    def _clause(
        self, ctx: CheckContext, unit: AlignedUnit, run: list[Token], instead: str
    ) -> Finding:
        """Words of an aligned unit the reference has nowhere: major when plainly added and
        long, or reworded and called serious by the clause scorer."""
        text = ctx.derivative.document.text[run[0].start : run[-1].end]
        major = clause_major(ctx, unit, run, instead, dropped=False)
        return ctx.finding(
            self,
            unit,
            run[0].start,
            run[-1].end,
            f"{quoted(text, 90)} ({len(run)} words) is not in the reference passage; "
            + (
                f"it stands where the reference says {quoted(instead, 60)}: check it says the same."
                if instead
                else "check it is sourced or remove it."
            ),
            severity=Severity.MAJOR if major else Severity.MINOR,
        )

    def _translation(self, ctx: CheckContext) -> Iterator[Finding]:
        """A translation's passages with no counterpart, and units much longer than typical."""
        known = set(anchors(ctx.reference.document.text))
        for unit in ctx.units:
            if unit.ref:
                continue
            text = ctx.derivative.text_of(unit.deriv)
            words = size(text)
            new = [a for a in _facts(text, ctx.languages.derivative) if a not in known]
            if words < MIN_WORDS and not new:
                continue
            major = words >= ctx.config.checks.major_addition_words or bool(new)
            facts = f"; it names {', '.join(new[:3])}, which the original does not" if new else ""
            yield ctx.finding(
                self,
                unit,
                *ctx.derivative.span(unit.deriv),
                f"This passage ({words} words) has no counterpart in the original{facts}; check "
                "it is sourced or remove it.",
                severity=Severity.MAJOR if major else Severity.MINOR,
            )
        for gap in gaps(ctx, shorter=False):
            yield self._surplus(ctx, gap)

    def _surplus(self, ctx: CheckContext, gap: Gap) -> Finding:
        major = gap.words >= ctx.config.checks.major_clause_words
        return ctx.finding(
            self,
            gap.unit,
            *ctx.derivative.span(gap.unit.deriv),
            f"This passage is {gap.percent}% of the length the translation's passages have "
            f"of their originals: about {gap.words} words have no counterpart; check what was "
            "added.",
            severity=Severity.MAJOR if major else Severity.MINOR,
        )


def _facts(text: str, language: str) -> list[str]:
    """The anchors of a translated passage that are facts: its figures, and its capitalised
    words other than the first (none in a language that capitalises every noun)."""
    from audit.checks.entities import CAPITAL_NOUNS

    found = anchors(text)
    figures = [a for a in found if a.isdigit()]
    if language in CAPITAL_NOUNS:
        return figures
    first = next(iter(anchors(text.split(" ", 1)[0])), None)
    return figures + [a for a in found if not a.isdigit() and a != first]
