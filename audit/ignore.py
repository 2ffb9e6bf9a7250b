"""Accepted findings (``--ignore FILE``): ids of findings a reviewer has accepted.

Finding ids are stable across runs (see ``Finding.id``), so a reviewed report stays quiet on the
next run. The file is either plain text, one id a line (``#`` starts a comment, so
``43cb258bff0e  # headline dropped on purpose`` works), or a CSV with an ``id`` column, such as
a ``findings.csv`` cut down to the rows that were accepted.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection, Sequence
from pathlib import Path

from audit.errors import ConfigError
from audit.records import Finding

FINDING_ID = re.compile(r"^[0-9a-f]{12}$")


def load_ignore(path: Path) -> tuple[str, ...]:
    """The finding ids listed in an ignore file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"{path}: ignore file not found; check the --ignore path") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: ignore file is not UTF-8; save it as UTF-8 text") from None
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
    if not FINDING_ID.match(value):
        raise ConfigError(
            f"{path}:{line}: {value!r} is not a finding id (12 hex digits, the `id` column "
            "of findings.csv)"
        )
    return value


def drop_ignored(findings: Sequence[Finding], ids: Collection[str]) -> tuple[Finding, ...]:
    """The findings whose id is not in ``ids``."""
    if not ids:
        return tuple(findings)
    accepted = set(ids)
    return tuple(f for f in findings if f.id not in accepted)
