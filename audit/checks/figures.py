"""Figures across languages: numbers written in digits, percentages, currency amounts and dates,
read from each side of a translation's aligned units in that side's own conventions.

A figure is a run of digits (any script's digits: ٣ is 3) with its separators, read as a value
in the conventions of the text's language: "1.000,5" is 1000.5 in German, "1,000.5" in English;
a single separator before exactly three digits is a thousands separator in the language's
convention ("1,000" English, "1.000" German) and a decimal one otherwise ("1,5" = "1.5"). A
scale word after it multiplies it ("1,5 Milliarden" = "1.5 billion" = "15亿"; a German
"Billion" is a thousand billions), so either the written number or the value may match. A
month name or a number before 月 is a month ("3. Februar" = "February 3" = "2月3日");
"3 p.m." is also 15 ("15 Uhr"). A currency sign or name beside a figure is its currency.

Only what digits say is compared: a number written in words on one side ("zwei Tage") is not
read, so a figure of the other side with no counterpart is *dropped* or *added* (minor), never
*changed*; a figure is *changed* (major) only when the unit holds an unmatched figure on both
sides, and a currency that differs beside equal amounts is changed too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

DECIMAL_COMMA = frozenset(
    "de fr es it nl pl pt ru tr da sv fi nb no cs sk sl hr ro hu bg uk el id".split()
)
"""Languages that write 1.000,5 (the others, English and the East Asian ones, 1,000.5)."""
SPACE_GROUPS = frozenset("fr pl ru sv fi nb no cs sk uk bg et lv lt".split())
"""Languages whose thousands are grouped by a space ("5 000")."""
_NUMBER = re.compile(
    r"(?<![0-9A-Za-z_.,])\d+(?:(?:[.,'\u00a0\u202f\u2009]| (?=\d{3}(?!\d)))\d+)*(?!\d)"
)
_SCALES = {
    "thousand": 1e3, "tausend": 1e3, "k": 1e3, "mille": 1e3, "mil": 1e3,
    "million": 1e6, "millions": 1e6, "mio": 1e6, "millionen": 1e6, "m": 1e6, "mn": 1e6,
    "millón": 1e6, "millones": 1e6, "milione": 1e6, "milioni": 1e6, "miljoen": 1e6,
    "billion": 1e9, "billions": 1e9, "bn": 1e9, "b": 1e9,
    "milliarde": 1e9, "milliarden": 1e9, "mrd": 1e9, "milliard": 1e9, "milliards": 1e9,
    "miliardo": 1e9, "miliardi": 1e9, "miljard": 1e9,
    "trillion": 1e12, "billionen": 1e12,
    "万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8, "千": 1e3, "百万": 1e6, "千万": 1e7, "만": 1e4,
    "억": 1e8, "천": 1e3,
}  # fmt: skip
"""Scale words after a figure (lower-case); the German and French "Billion"/"billion" of
10^12 are read per language in ``_scale``."""
_LONG_SCALE = frozenset("de fr es it nl pl da sv nb no fi cs sk pt ro hu".split())
_CURRENCIES = {
    "$": "usd", "us$": "usd", "usd": "usd", "dollar": "usd", "dollars": "usd", "us-dollar": "usd",
    "dólares": "usd", "dollaro": "usd", "dollari": "usd", "美元": "usd", "달러": "usd",
    "€": "eur", "eur": "eur", "euro": "eur", "euros": "eur", "欧元": "eur", "유로": "eur",
    "£": "gbp", "gbp": "gbp", "pfund": "gbp", "pound": "gbp", "pounds": "gbp", "英镑": "gbp",
    "¥": "jpy", "yen": "jpy", "円": "jpy", "日元": "jpy", "엔": "jpy",
    "yuan": "cny", "rmb": "cny", "元": "cny", "人民币": "cny", "renminbi": "cny",
    "₩": "krw", "won": "krw", "원": "krw", "₹": "inr", "rupee": "inr", "rupees": "inr",
    "₽": "rub", "rubel": "rub", "rouble": "rub", "ruble": "rub", "рублей": "rub",
}  # fmt: skip
_MONTHS = {
    # English, German, French, Spanish, Italian, Dutch, Portuguese (prefixes of four letters
    # or whole short names), each to its number
    **{m: k for k, m in enumerate("january february march april may june july august september "
                                  "october november december".split(), 1)},
    **{m: k for k, m in enumerate("januar februar märz april mai juni juli august september "
                                  "oktober november dezember".split(), 1)},
    **{m: k for k, m in enumerate("janvier février mars avril mai juin juillet août septembre "
                                  "octobre novembre décembre".split(), 1)},
    **{m: k for k, m in enumerate("enero febrero marzo abril mayo junio julio agosto septiembre "
                                  "octubre noviembre diciembre".split(), 1)},
    **{m: k for k, m in enumerate("gennaio febbraio marzo aprile maggio giugno luglio agosto "
                                  "settembre ottobre novembre dicembre".split(), 1)},
    **{m: k for k, m in enumerate("januari februari maart april mei juni juli augustus september "
                                  "oktober november december".split(), 1)},
    **{m: k for k, m in enumerate("janeiro fevereiro março abril maio junho julho agosto setembro "
                                  "outubro novembro dezembro".split(), 1)},
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12, "jänner": 1, "okt": 10, "dez": 12,
}  # fmt: skip
MONTH_LANGUAGES = frozenset("en de fr es it nl pt zh ja ko".split())
"""Languages whose months are read (names above; 月/월 after a number)."""
_MONTH_WORD = re.compile(r"[^\W\d_]+\.?", re.UNICODE)
_EAST_CURRENCY = re.compile(
    r"\s?(?:千万|百万|[万萬亿億千만억천])?\s?(美元|欧元|英镑|日元|人民币|元|円|원|달러|유로|엔)"
)
_PM = re.compile(r"\s*(?:p\.\s?m\.?|pm)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Figure:
    """A figure of a text: what it is (``kind``: "n" a number, "month"), its values (the
    number as written, times its scale, or 12 more after "p.m."), currency, and span."""

    kind: str
    values: frozenset[float]
    currency: str
    start: int
    end: int

    def matches(self, other: Figure) -> bool:
        """Same kind and a value in common (an amount also needs no conflicting currency)."""
        return self.kind == other.kind and bool(self.values & other.values)

    def same_currency(self, other: Figure) -> bool:
        return not self.currency or not other.currency or self.currency == other.currency


def shift(figure: Figure, offset: int) -> Figure:
    """The figure with its offsets moved by ``offset`` (from a passage into its document)."""
    return replace(figure, start=figure.start + offset, end=figure.end + offset)


def digits(text: str) -> str:
    """Any script's decimal digits as ASCII ("٣" -> "3"); other characters unchanged."""
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch
                   for ch in text)  # fmt: skip


def number_value(written: str, language: str) -> float | None:
    """The value of a number as written in a language's conventions (None if unreadable)."""
    text = written.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")
    text = text.replace("'", " ")
    seps = [ch for ch in text if ch in ".,"]
    decimal, group = (",", ".") if language in DECIMAL_COMMA else (".", ",")
    if len(set(seps)) == 2:  # both: the last is the decimal separator
        decimal = seps[-1]
        group = "," if decimal == "." else "."
    elif len(seps) == 1:
        tail = text.rsplit(seps[0], 1)[1]
        if not (len(tail) == 3 and seps[0] == group):
            decimal, group = seps[0], ""
    elif len(seps) > 1:
        decimal, group = "", seps[0]
    cleaned = text.replace(" ", "")
    if group:
        cleaned = cleaned.replace(group, "")
    if decimal:
        cleaned = cleaned.replace(decimal, ".")
    try:
        return float(cleaned)
    except ValueError:
        return None


_TIME = re.compile(
    r"(?<![0-9.,])(\d{1,2})\s?[:.]\s?(\d{2})(?!\d)(?=\s?(?:Uhr|h\b|heures?\b|[ap]\.?\s?m\.?|[AP]M\b|$|[^\d.,]))"
)


def _times(plain: str) -> list[Figure]:
    """Clock times ("1.30pm", "13:30 Uhr", "13: 30"): minutes of the day, and 12 hours later
    after "p.m."; a time with a dot needs a clock word after it ("3.5" is a number)."""
    out = []
    for match in _TIME.finditer(plain):
        after = plain[match.end() : match.end() + 8]
        clock = re.match(r"\s?(?:Uhr|h\b|heures?|[ap]\.?\s?m\.?|[AP]M)", after, re.IGNORECASE)
        if ":" not in match.group() and not clock:
            continue
        hour, minute = int(match.group(1)), int(match.group(2))
        values = {hour * 60.0 + minute}
        if hour < 12 and re.match(r"\s?p\.?\s?m", after, re.IGNORECASE):
            values.add((hour + 12) * 60.0 + minute)
        out.append(Figure("time", frozenset(values), "", match.start(), match.end()))
    return out


def figures(text: str, language: str) -> list[Figure]:
    """Every figure of a text (digits, with scale and currency), clock time and, where the
    language's months are read, every month (a name, or a number before 月/월)."""
    plain = digits(text)
    out = _times(plain)
    taken = [(f.start, f.end) for f in out]
    for match in _NUMBER.finditer(plain):
        if any(a <= match.start() < b for a, b in taken):
            continue
        written = match.group()
        if " " in written and language not in SPACE_GROUPS:
            written = written.split(" ")[0]
        end = match.start() + len(written)
        value = number_value(written, language)
        if value is None:
            continue
        after = plain[end : end + 32]
        if language in MONTH_LANGUAGES and re.match(r"\s?[月월]", after):
            out.append(Figure("month", frozenset({value}), "", match.start(), end))
            continue
        values = {value, *_scaled(value, after, language), *_afternoon(value, after)}
        currency = _currency(plain[max(0, match.start() - 6) : match.start()], after)
        out.append(Figure("n", frozenset(values), currency, match.start(), end))
    if language in MONTH_LANGUAGES:
        out += _month_names(text)
    return sorted(out, key=lambda f: f.start)


def _scaled(value: float, after: str, language: str) -> list[float]:
    """The value times the scale word right after it, if any (its written value stays one of
    its values, so an unread scale costs no match)."""
    match = re.match(r"\s?(千万|百万|[万萬亿億千만억천]|[^\W\d_]+)", after)
    if not match:
        return []
    word = match.group(1).lower()
    scale = _scale(word, language)
    return [value * scale] if scale else []


def _scale(word: str, language: str) -> float | None:
    if word in ("billion", "billions", "billionen") and language in _LONG_SCALE:
        return 1e12
    return _SCALES.get(word)


def _afternoon(value: float, after: str) -> list[float]:
    """An hour "3 p.m." is also 15 (a 24-hour clock)."""
    return [value + 12] if value < 12 and _PM.match(after) else []


def _currency(before: str, after: str) -> str:
    """The currency written right before a figure, or right after it (after its scale word)."""
    head = re.search(r"(US\$|[$€£¥₩₹₽])\s?$", before)
    if head:
        return _CURRENCIES[head.group(1).lower()]
    east = _EAST_CURRENCY.match(after)
    if east:
        return _CURRENCIES[east.group(1)]
    words = re.findall(r"\S+", after)[:2]
    for word in words:
        word = word.strip(".,;:!?()\"'“”„«»").lower()
        for key in (word, word[:2], word[:1]):
            if key in _CURRENCIES:
                return _CURRENCIES[key]
        if word.rstrip(".") not in _SCALES and word[:1] not in "千百万萬亿億만억천":
            break
    return ""


def _month_names(text: str) -> list[Figure]:
    """Capitalised month names (lower-case too in the languages that write them so) with a
    figure within a few characters ("May" alone is a verb as often as a month)."""
    out = []
    for match in _MONTH_WORD.finditer(text):
        word = match.group().rstrip(".").lower()
        if word not in _MONTHS:
            continue
        near = text[max(0, match.start() - 8) : match.end() + 8]
        if not any(ch.isdigit() for ch in near):
            continue
        out.append(Figure("month", frozenset({float(_MONTHS[word])}), "", *match.span()))
    return out


@dataclass(frozen=True)
class Comparison:
    """How the figures of a unit's two sides pair up."""

    changed: tuple[tuple[Figure, Figure], ...]
    """(derivative figure, reference figure) of the same kind, neither matched."""
    currency: tuple[tuple[Figure, Figure], ...]
    """Matched amounts whose currencies differ."""
    added: tuple[Figure, ...]
    dropped: tuple[Figure, ...]


def compare(
    ref: list[Figure], der: list[Figure], ref_near: list[Figure], der_near: list[Figure]
) -> Comparison:
    """Pair each derivative figure with a reference figure it matches; the others of the same
    kind on both sides are changed, the rest added or dropped. A figure matched by one of the
    neighbouring sentences (``*_near``: the figure moved across a sentence boundary) is neither."""
    ref_left, der_left, currency = list(ref), [], []
    for figure in der:
        match = next((r for r in ref_left if r.matches(figure)), None)
        if match is None:
            der_left.append(figure)
            continue
        ref_left.remove(match)
        if not figure.same_currency(match):
            currency.append((figure, match))
    der_left = [f for f in der_left if not any(f.matches(r) for r in ref_near)]
    ref_left = [r for r in ref_left if not any(r.matches(f) for f in der_near)]
    changed = []
    for figure in list(der_left):
        lost = next((r for r in ref_left if r.kind == figure.kind), None)
        if lost is not None:
            ref_left.remove(lost)
            der_left.remove(figure)
            changed.append((figure, lost))
    return Comparison(tuple(changed), tuple(currency), tuple(der_left), tuple(ref_left))
