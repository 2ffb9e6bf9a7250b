"""What a reviewer accepts: spellings (``--terms FILE``) and findings (``--ignore FILE``).

Terms: a CSV, one term a row: the reference term first, then each accepted variant, e.g.
``Chey Institute,Choi Institute``. A finding whose derivative span lies inside an accepted
variant, in a unit whose reference passage contains the term, is no finding: it works for any
check (names, numbers, mistranslations) because it looks only at spans.

Ignore: finding ids are stable across runs (see ``Finding.id``), so a reviewed report stays quiet
on the next run. The file is either plain text, one id a line (``#`` starts a comment, so
``43cb258bff0e  # headline dropped on purpose`` works), or a CSV with an ``id`` column, such as
a ``findings.csv`` cut down to the rows that were accepted. The same file may name links a
reviewer marked wrong (``link:<reference sentence>:<derivative sentence>`` digests, as the HTML
report saves them): the aligner leaves those sentences apart (``audit.align.unlink``).

Both files are read by ``read_review_file`` alone, whether named on the command line or in the
TOML config.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection, Sequence
from pathlib import Path

from audit.errors import ConfigError
from audit.records import Finding

Terms = tuple[tuple[str, tuple[str, ...]], ...]
HEADER_NAMES = {"term", "reference", "reference term"}
FINDING_ID = re.compile(r"^[0-9a-f]{12}$")
LINK_ID = re.compile(r"^link:[0-9a-f]{12}:[0-9a-f]{12}$")
"""A link a reviewer marked wrong (``audit.align.unlink``): the aligner leaves its pair apart."""
_MAX_CHARS = 5_000_000  # a terms or ignore file larger than this is refused


def read_review_file(path: Path, option: str, kind: str, save_as: str) -> str:
    """The text of a terms or ignore file (UTF-8, optional BOM), or a ConfigError naming it."""
    from audit.read.source import read_path  # bounded: a directory or /dev/zero is refused

    if not path.exists() and not path.is_symlink():
        raise ConfigError(f"{path}: {kind} file not found; check the {option} path")
    try:
        return read_path(path, _MAX_CHARS).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: {kind} file is not UTF-8; save it as UTF-8 {save_as}") from None


def load_terms(path: Path) -> Terms:
    """Read a terms CSV (UTF-8, optional header ``term,variants...``)."""
    text = read_review_file(path, "--terms", "terms", "CSV")
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


def load_ignore(path: Path) -> tuple[str, ...]:
    """The finding ids and wrong links listed in an ignore file."""
    text = read_review_file(path, "--ignore", "ignore", "text")
    first = text.lstrip().split("\n", 1)[0]
    if "," in first and "id" in [c.strip() for c in next(csv.reader([first]))]:
        return _ids_from_csv(path, text)
    return _ids_from_lines(path, text)


def _ids_from_lines(path: Path, text: str) -> tuple[str, ...]:
    ids = []
    for line, raw in enumerate(text.splitlines(), start=1):
        content = raw.split("#", 1)[0].strip()
        if content:
            ids.append(_checked(path, line, content.split()[0]))
    return tuple(ids)


def _ids_from_csv(path: Path, text: str) -> tuple[str, ...]:
    rows = csv.DictReader(text.lstrip().splitlines())
    return tuple(
        _checked(path, line, (row.get("id") or "").strip())
        for line, row in enumerate(rows, start=2)
        if (row.get("id") or "").strip()
    )


def _checked(path: Path, line: int, value: str) -> str:
    if not FINDING_ID.match(value) and not LINK_ID.match(value):
        raise ConfigError(
            f"{path}:{line}: {value!r} is not a finding id (12 hex digits, the `id` column "
            "of findings.csv) or a wrong link (link:<12 hex>:<12 hex>, saved by audit.html)"
        )
    return value


def drop_ignored(findings: Sequence[Finding], ids: Collection[str]) -> tuple[Finding, ...]:
    """The findings whose id is not in ``ids``."""
    if not ids:
        return tuple(findings)
    accepted = set(ids)
    return tuple(f for f in findings if f.id not in accepted)
