"""Accepted spellings (``--terms FILE``): a reference term and the variants a derivative may use.

The file is a CSV, one term a row: the reference term first, then each accepted variant, e.g.
``Chey Institute,Choi Institute``. A finding whose derivative span lies inside an accepted
variant, in a unit whose reference passage contains the term, is no finding: it works for any
check (names, numbers, mistranslations) because it looks only at spans.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from pathlib import Path

from audit.errors import ConfigError
from audit.records import Finding

Terms = tuple[tuple[str, tuple[str, ...]], ...]
HEADER_NAMES = {"term", "reference", "reference term"}


def load_terms(path: Path) -> Terms:
    """Read a terms CSV (UTF-8, optional header ``term,variants...``)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"{path}: terms file not found; check the --terms path") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: terms file is not UTF-8; save it as UTF-8 CSV") from None
    terms: list[tuple[str, tuple[str, ...]]] = []
    for line, row in enumerate(csv.reader(text.splitlines()), start=1):
        cells = [cell.strip() for cell in row if cell.strip()]
        if not cells or (line == 1 and cells[0].casefold() in HEADER_NAMES):
            continue
        if len(cells) < 2:
            raise ConfigError(
                f"{path}:{line}: {cells[0]!r} has no accepted variant; "
                "write the reference term, then each variant, separated by commas"
            )
        terms.append((cells[0], tuple(cells[1:])))
    return tuple(terms)


def _variant_spans(text: str, variants: Sequence[str]) -> list[tuple[int, int]]:
    """Where the variants occur in ``text`` as whole words (case-insensitive)."""
    spans = []
    for variant in variants:
        pattern = re.compile(rf"(?<!\w){re.escape(variant)}(?!\w)", re.IGNORECASE)
        spans += [(m.start(), m.end()) for m in pattern.finditer(text)]
    return spans


def is_accepted(finding: Finding, text: str, terms: Terms) -> bool:
    """True when the finding's span is (inside) an accepted variant of a term of its reference."""
    if finding.start is None or finding.end is None:
        return False
    reference = finding.reference_text.casefold()
    for term, variants in terms:
        if reference and term.casefold() not in reference:
            continue
        for start, end in _variant_spans(text, variants):
            if start <= finding.start and finding.end <= end:
                return True
    return False


def drop_accepted(findings: Sequence[Finding], text: str, terms: Terms) -> tuple[Finding, ...]:
    """The findings that are not accepted spellings; ``text`` is the derivative's full text."""
    if not terms:
        return tuple(findings)
    return tuple(f for f in findings if not is_accepted(f, text, terms))
