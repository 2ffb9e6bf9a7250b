"""The one place where every setting and option is checked: type and range.

Each frozen options class (``Settings``, ``AlignConfig``, ``CheckConfig``, ``ReadOptions`` and
the command line's ``RunOptions``) calls ``check`` from ``__post_init__`` with its table of
rules, so a bad value is refused the same way whether it came from the command line, the TOML
file or the Python API, before any document is read. A whole number is accepted where a number
is expected (and stored as a float), a TOML list where a tuple is expected.
"""

from __future__ import annotations

import codecs
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from audit.errors import ConfigError

# Options that have a command-line flag: the message names it too.
FLAGS = {
    "model": "--model",
    "cross_model": "--cross-model",
    "backend": "--backend",
    "device": "--device",
    "encoding": "--encoding",
    "max_chars": "--max-chars",
    "out": "--out",
    "format": "--format",
    "quiet": "--quiet",
    "fail_under": "--fail-under",
    "fail_on": "--fail-on",
    "cache_dir": "--cache",
    "resume": "--resume",
    "ter_max_words": "--ter-max-words",
}
_REVIEW_ID = re.compile(r"^(?:[0-9a-f]{12}|link:[0-9a-f]{12}:[0-9a-f]{12})$")
"""A finding id, or a link a reviewer marked wrong (``audit.align.unlink``)."""


def _same(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class Rule:
    """What a value must be (``expected``, as the message says it), and a test of it."""

    expected: str
    ok: Callable[[Any], bool]
    coerce: Callable[[Any], Any] = _same


def check(options: object, rules: Mapping[str, Rule], table: str = "") -> None:
    """Check (and normalise) every field of a frozen options object; ConfigError if one is bad.

    Called from ``__post_init__``; every field must have a rule (a test makes sure).
    """
    for f in fields(options):  # type: ignore[arg-type]
        rule = rules.get(f.name)
        if rule is None:  # a programming error: a new field needs its rule here
            raise TypeError(f"{type(options).__name__}.{f.name} has no rule in {__name__}")
        value = rule.coerce(getattr(options, f.name))
        if not rule.ok(value):
            raise ConfigError(message(f.name, value, rule.expected, table))
        object.__setattr__(options, f.name, value)


def given(value: Any, kind: type, name: str) -> Any:
    """``value`` when it is a ``kind`` (None: a default one); else a ConfigError (the API)."""
    if value is None:
        return kind()
    if not isinstance(value, kind):
        raise ConfigError(
            f"{name} is a {type(value).__name__}, not audit.{kind.__name__}; "
            f"build one with audit.{kind.__name__}(...) or load_config(path)"
        )
    return value


def message(name: str, value: Any, expected: str, table: str = "") -> str:
    """``[align] link_posterior = 'x' is not valid; give a number from 0 to 1``."""
    where = f"[{table}] " if table else ""
    flag = f" ({FLAGS[name]})" if name in FLAGS and not table else ""
    return f"{where}{name}{flag} = {value!r:.60} is not valid; give {expected}"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _as_float(value: Any) -> Any:
    return float(value) if _is_number(value) else value


def number(lo: float | None = None, hi: float | None = None) -> Rule:
    """A finite number (int or float), within ``lo`` to ``hi`` where given."""
    if lo is not None and hi is not None:
        expected = f"a number from {lo:g} to {hi:g}"
    elif lo is not None:
        expected = f"a number of at least {lo:g}"
    else:
        expected = "a number"
    return Rule(
        expected,
        lambda v: _is_number(v) and (lo is None or v >= lo) and (hi is None or v <= hi),
        _as_float,
    )


def whole(lo: int) -> Rule:
    """A whole number of at least ``lo``."""
    return Rule(
        f"a whole number of at least {lo}",
        lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= lo,
    )


def numbers(count: int | None = None) -> Rule:
    """A list of finite numbers (``count`` of them where given), stored as a tuple of floats."""
    expected = f"a list of {count} numbers" if count else "a list of numbers"

    def coerce(value: Any) -> Any:
        if isinstance(value, list | tuple) and all(_is_number(v) for v in value):
            return tuple(float(v) for v in value)
        return value

    return Rule(
        expected,
        lambda v: isinstance(v, tuple) and all(_is_number(x) for x in v)
        and (count is None or len(v) == count),
        coerce,
    )  # fmt: skip


def choice(*names: str) -> Rule:
    """One of ``names``."""
    return Rule(f"one of {', '.join(names)}", lambda v: isinstance(v, str) and v in names)


def optional(rule: Rule) -> Rule:
    """Nothing (None), or what ``rule`` accepts."""
    return Rule(
        rule.expected,
        lambda v: v is None or rule.ok(v),
        lambda v: None if v is None else rule.coerce(v),
    )


def _strings(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _is_codec(value: Any) -> bool:
    try:
        codecs.lookup(value)
    except (LookupError, TypeError):
        return False
    return True


def _known_checks(value: Any) -> bool:
    if not isinstance(value, tuple):
        return False
    if not value:
        return True
    from audit.checks import CHECKS  # imported here: only a list of checks pays for it

    return all(isinstance(v, str) and v in CHECKS for v in value)


def _severities(value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    if value:
        from audit.checks import _overrides as parse_overrides

        parse_overrides(value)  # its own ConfigError names a bad check or level
    return True


def _terms(value: Any) -> bool:
    return isinstance(value, tuple) and all(
        isinstance(t, tuple) and len(t) == 2 and isinstance(t[0], str)
        and isinstance(t[1], tuple) and all(isinstance(v, str) for v in t[1])
        for t in value
    )  # fmt: skip


def _path(value: Any) -> Any:
    return Path(value) if isinstance(value, str) else value


FLAG = Rule("true or false", lambda v: isinstance(v, bool))
TEXT = Rule("a non-empty string", lambda v: isinstance(v, str) and bool(v.strip()))
FOLDER = Rule("a folder path", lambda v: isinstance(v, Path) and bool(str(v)), _path)
CODEC = Rule("a Python codec name such as cp1252", _is_codec)
CHECK_NAMES = Rule("a list of check names (see `audit checks`)", _known_checks, _strings)
OVERRIDES = Rule("a table of check name = critical, major or minor", _severities)
TERMS = Rule("pairs of a term and its accepted variants (--terms)", _terms)
IDS = Rule(
    "a list of finding ids, 12 hex digits each, or wrong links, link:<12 hex>:<12 hex> (--ignore)",
    lambda v: isinstance(v, tuple) and all(isinstance(i, str) and _REVIEW_ID.match(i) for i in v),
    _strings,
)

SHARE, COSINE, WEIGHT = number(0, 1), number(-1, 1), number(0)
ALIGN = {
    "match_weights": numbers(3),
    "log_odds_weights": numbers(8),
    "emission_scale": number(0),
    "emission_offset": number(),
    **dict.fromkeys(("stay", "advance", "skip", "jump", "leave"), WEIGHT),
    **dict.fromkeys(("gap_stay", "gap_advance", "gap_skip", "gap_jump"), WEIGHT),
    "link_posterior": SHARE,
    "min_log_odds": number(),
    "sure_log_odds": number(),
    "relink_margin": number(0),
    "cover_share": SHARE,
    "cover_drop": number(0, 2),
    "length_cover": number(0),
    "gap_min_cosine": number(-1),
    "merge_gain": number(),
    "split_gain": number(),
    "split_min_cosine": COSINE,
    "max_span": whole(1),
    "keep_paragraphs": FLAG,
}
CHECKS = {
    "close_overlap": SHARE,
    **dict.fromkeys(("clause_words", "major_omission_words", "major_addition_words"), whole(1)),
    "major_clause_words": whole(1),
    "duplicate_ratio": number(0, 100),
    "duplicate_words": whole(0),
    "sourced_share": SHARE,
    "name_ratio": number(0, 100),
    "quote_exact": SHARE,
    "quote_related": SHARE,
    "max_flip_words": whole(1),
    "passage_chars": whole(1),
    "language_confidence": SHARE,
}
SETTINGS = {
    "model": TEXT,
    "cross_model": TEXT,
    "backend": choice("auto", "onnx", "torch"),
    "device": Rule(
        "cpu, cuda, cuda:N or mps",
        lambda v: isinstance(v, str) and re.fullmatch(r"cpu|mps|cuda(:\d+)?", v) is not None,
    ),
    "max_sentence_chars": whole(20),
    "align": Rule("an [align] table", lambda v: type(v).__name__ == "AlignConfig"),
    "cross_align": Rule("a [cross_align] table", lambda v: type(v).__name__ == "AlignConfig"),
    "checks": Rule("a [checks] table", lambda v: type(v).__name__ == "CheckConfig"),
    "severity_overrides": OVERRIDES,
    "disabled_checks": CHECK_NAMES,
    "ter_max_words": whole(0),
    "terms": TERMS,
    "ignore": IDS,
}
READ = {"encoding": optional(CODEC), "max_chars": whole(1)}
