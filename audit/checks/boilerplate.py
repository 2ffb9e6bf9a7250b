"""Boilerplate: site furniture with no source in the reference (bylines, "Leave a Comment",
"READ ALSO: ...", newsletter and channel prompts, photo credits, embedded-post residue).

Reported as minor and kept apart from real additions: the addition check yields to it, and the
omission check does not report furniture of the reference that a derivative leaves out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from audit.checks.base import Check, CheckContext, Scope
from audit.checks.words import quoted
from audit.records import Category, Finding, Severity

_AGENCIES = r"(?:Reuters|AP|AFP|Yonhap|Xinhua|Bloomberg|Kyodo|Bernama|dpa|ANI|PTI|TASS|ST)"
PATTERNS = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^\(?(?:reported|reporting|additional reporting|writing|written|editing|edited|compiled)"
        r" by\b",
        r"^by [A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3}$",
        r"^(?:leave a (?:comment|reply)|comments?|share this( article)?|print|advertisement)$",
        r"^(?:read (?:also|more)|see also|related|more on this|recommended)\s*:",
        r"\b(?:subscribe|sign up|newsletter|telegram channel|follow us|whatsapp channel)\b",
        r"^(?:photo|image|picture|file photo|video)(?: credit)?s?\s*:",
        r"\b(?:photo|image)\s*:\s*" + _AGENCIES + r"\b\.?$",
        r"^" + _AGENCIES + r"\.?$",
        r"^our (?:criteria|standards)\s*:",
        r"pic\.twitter\.com/\w+",
        r"^\W*\u2014\s*[\w .-]+\(@\w+\)",
        r"^[A-Z][\w-]+(?: [A-Z][\w-]+){0,3} \((?:\w+ )?"
        + _AGENCIES
        + r"(?:, ?"
        + _AGENCIES
        + r")*\)$",
    )
)


def is_boilerplate(text: str) -> bool:
    """Whether a sentence is site furniture (byline, prompt, credit, link, embed residue)."""
    text = " ".join(text.split())
    return any(p.search(text) for p in PATTERNS)


class BoilerplateCheck(Check):
    name = "boilerplate"
    category = Category.BOILERPLATE
    scope = Scope.ANY
    description = "Site furniture (bylines, READ ALSO, newsletter prompts, photo credits): minor."
    default_severity = Severity.MINOR
    yields_to = (Category.DUPLICATE,)  # a credit inside a repeated caption is the repeat's

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        reference = {" ".join(s.text.casefold().split()) for s in ctx.reference.sentences}
        for sentence in ctx.derivative.sentences:
            if not is_boilerplate(sentence.text):
                continue
            if " ".join(sentence.text.casefold().split()) in reference:
                continue  # the reference carries the same furniture
            yield ctx.finding(
                self,
                ctx.unit_of(sentence.index),
                sentence.start,
                sentence.end,
                f"Site furniture {quoted(sentence.text, 60)} is not article content; "
                "drop it from the comparison or the published text.",
            )
