"""Figures read from words: numbers, number words, vague quantities, dates, weekdays, months,
years and units, each as a canonical value.

"14" and "fourteen" are both ``n:14``, "Jan 30" and "30 January" ``date:1/30``, "2,000"
``n:2000``, "hundreds" ``n:~100``, "km" after a figure ``unit:km``. The word aligner links
equal values written differently; the number check compares the values of aligned units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from audit.words import Token

_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70})
_WORDS.update({"eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000})
_WORDS.update({"million": 10**6, "billion": 10**9, "trillion": 10**12, "dozen": 12})
ORDINALS = {
    w: i
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth".split(), start=1
    )
}
"""Ordinal words ("its first mission" is not "its second mission")."""
VAGUE = {"dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1000, "millions": 10**6}
"""Vague quantities: "dozens of tanks" and "hundreds of tanks" are different quantities."""
UNITS = {
    "km": "km",
    "kilometre": "km",
    "kilometer": "km",
    "mile": "mi",
    "metre": "m",
    "meter": "m",
    "kg": "kg",
    "kilogram": "kg",
    "tonne": "t",
    "ton": "t",
    "pound": "lb",
    "percent": "%",
    "per cent": "%",
    "dollar": "$",
    "euro": "eur",
    "yuan": "cny",
    "won": "krw",
    "celsius": "c",
    "centigrade": "c",
    "fahrenheit": "f",
    "hour": "h",
    "minute": "min",
    "day": "d",
    "week": "wk",
    "month": "mo",
    "year": "yr",
}
"""Units read after a figure ("14 km", "3 per cent"): a changed unit is a changed quantity."""
_AMBIGUOUS = {"one", "zero"}  # "one of the", "zero-sum": too often not a count
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_MONTH_NAMES = (
    "january february march april may june july august september october november december"
).split()
_DAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_RELATIVE_DAY = {"today", "yesterday", "tomorrow", "tonight"}
_DIGITS = re.compile(r"^\d+(?:[.,]\d+)*$")


@dataclass(frozen=True)
class Value:
    """A canonical value (``kind:value``) and the tokens it was read from."""

    key: str
    kind: str
    first: Token
    last: Token


def values(toks: list[Token]) -> list[Value]:
    """The numeric values of a token list, in order."""
    out: list[Value] = []
    for k, token in enumerate(toks):
        value = _value(token)
        if value is None:
            value = _unit(toks, k, out)
        if value is None or (value[0] == "month" and _bare_abbreviation(toks, k)):
            continue
        kind, key = value
        adjacent = out and out[-1].last is toks[k - 1] and token.start - toks[k - 1].end <= 2
        date = _date(out[-1], kind, key) if adjacent else None
        if date is not None:
            prev = out.pop()  # "Jan 30", "30 January"
            out.append(Value(f"date:{date}", "date", prev.first, token))
            continue
        if kind == "n" and adjacent and out[-1].kind == "n":
            prev = out.pop()  # "2 million", "twenty four"
            merged = _merge(prev.key.split(":", 1)[1], key)
            out.append(Value(f"n:{merged}", "n", prev.first, token))
            continue
        out.append(Value(f"{kind}:{key}", kind, token, token))
    return out


def _unit(toks: list[Token], k: int, found: list[Value]) -> tuple[str, str] | None:
    """A unit word right after a figure ("14 km", "30 degrees Celsius")."""
    unit = UNITS.get(toks[k].norm) or UNITS.get(toks[k].norm.rstrip("s"))
    if unit is None or not found or k == 0:
        return None
    near = found[-1].last is toks[k - 1] or (
        k > 1 and found[-1].last is toks[k - 2] and toks[k - 1].norm in ("degree", "degrees")
    )
    return ("unit", unit) if near else None


def _bare_abbreviation(toks: list[Token], k: int) -> bool:
    """A month abbreviation ("Jun") with no day number beside it: a name ("Park Jun")."""
    if toks[k].norm in _MONTH_NAMES:
        return False
    neighbours = toks[max(0, k - 1) : k] + toks[k + 1 : k + 2]
    return not any(t.text[:1].isdigit() for t in neighbours)


def _value(token: Token) -> tuple[str, str] | None:
    norm = token.norm
    if _DIGITS.match(token.text):
        number = token.text.replace(",", "")
        if len(token.text) == 4 and number[:2] in ("19", "20") and number.isdigit():
            return ("year", number)
        return ("n", number.rstrip("0").rstrip(".") if "." in number else number)
    if norm in _WORDS and norm not in _AMBIGUOUS:
        return ("n", str(_WORDS[norm]))
    if norm in ORDINALS:
        return ("ord", str(ORDINALS[norm]))
    if norm in VAGUE:
        return ("n", f"~{VAGUE[norm]}")
    if norm in _MONTH_NAMES and (norm != "may" or token.capitalised):
        return ("month", str(_MONTH_NAMES.index(norm) + 1))
    if norm in _MONTHS and norm != "may" and token.capitalised:
        return ("month", str(_MONTHS.index(norm) + 1))
    if norm in _DAYS:
        return ("day", norm)
    if norm in _RELATIVE_DAY:
        return ("day", "*")
    return None


def _date(prev: Value, kind: str, key: str) -> str | None:
    """'month/day' when a month and a day number stand side by side, else None."""
    pk, pv = prev.key.split(":", 1)
    if pk == "month" and kind == "n" and key.isdigit() and 1 <= int(key) <= 31:
        return f"{pv}/{key}"
    if pk == "n" and pv.isdigit() and 1 <= int(pv) <= 31 and kind == "month":
        return f"{key}/{pv}"
    return None


def _merge(left: str, right: str) -> str:
    try:
        a, b = float(left), float(right)
    except ValueError:
        return right
    total = a * b if b >= 100 and a < b else a + b
    return str(int(total)) if total == int(total) else str(total)
