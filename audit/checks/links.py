"""Links across languages: URLs, e-mail addresses and handles (``@name``) of the derivative
that the original does not have are reported (changed when the same unit of the original has
one the derivative lacks: major; else added: major), those of the original the translation
lacks are dropped (minor)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from audit.checks.base import CheckContext
from audit.checks.entities import NameProblem
from audit.records import Severity

_LINK = re.compile(
    r"https?://[^\s<>\"“”]+|www\.[^\s<>\"“”]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<![\w@])@\w{2,}"
)


def links(text: str, offset: int = 0) -> list[tuple[str, int, int]]:
    """(normal form, start, end) of every URL, e-mail address and handle of a text."""
    out = []
    for match in _LINK.finditer(text):
        raw = match.group().rstrip(".,;:!?)»“”'\"")
        key = raw.casefold().removeprefix("https://").removeprefix("http://").rstrip("/")
        out.append((key, offset + match.start(), offset + match.start() + len(raw)))
    return out


def link_problems(ctx: CheckContext) -> Iterator[NameProblem]:
    """Links of the translation the original lacks, per unit (changed or added), and links of
    the original the translation lacks (dropped)."""
    ref_all = {key for key, _, _ in links(ctx.reference.document.text)}
    der_all = {key for key, _, _ in links(ctx.derivative.document.text)}
    for unit in ctx.units:
        if not unit.deriv:
            continue
        der = links(ctx.derivative.text_of(unit.deriv), ctx.derivative.span(unit.deriv)[0])
        ref = (
            links(ctx.reference.text_of(unit.ref), ctx.reference.span(unit.ref)[0])
            if unit.ref
            else []
        )
        lost = [r for r in ref if r[0] not in der_all]
        for key, start, end in der:
            if key in ref_all:
                continue
            other = lost.pop(0) if lost else None
            what = f"where the original has {other[0]}" if other else "which the original lacks"
            yield NameProblem(
                unit, start, end, Severity.MAJOR,
                f"The translation links {key}, {what}; give the original's address.",
                (other[1], other[2]) if other else None,
            )  # fmt: skip
        for key, start, end in lost:
            yield NameProblem(
                unit, *ctx.derivative.span(unit.deriv), Severity.MINOR,
                f"The original's {key} is missing from this passage; restore it.", (start, end),
            )  # fmt: skip
