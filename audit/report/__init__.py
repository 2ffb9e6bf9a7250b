"""Report writers, one module per format, registered by format name.

Each writer's module is imported when its format is first written (xlsxwriter and jinja2 load
only for the formats asked for).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from pathlib import Path

from audit.errors import ConfigError
from audit.records import BatchResult
from audit.report.files import all_or_nothing

Writer = Callable[[BatchResult, Path], list[Path]]

WRITERS: dict[str, str] = {
    "csv": "audit.report.csv:write_csv",
    "xlsx": "audit.report.xlsx:write_xlsx",
    "html": "audit.report.html:write_html",
    "json": "audit.report.json:write_json",
    "parquet": "audit.report.parquet:write_parquet",
}
"""Format name -> ``module:function`` of its writer."""


def writer(name: str) -> Writer:
    """The writer function of a format (its module imported now)."""
    module, function = WRITERS[name].split(":")
    found: Writer = getattr(importlib.import_module(module), function)
    return found


def parse_formats(value: str) -> list[str]:
    """``csv,xlsx`` -> ["csv", "xlsx"]; unknown names are a ConfigError."""
    formats = [part.strip().lower() for part in value.split(",") if part.strip()]
    unknown = [f for f in formats if f not in WRITERS]
    if unknown or not formats:
        raise ConfigError(
            f"unknown report format {', '.join(unknown) or value!r}; use {', '.join(WRITERS)}"
        )
    return formats


def write_reports(batch: BatchResult, out: Path, formats: Sequence[str]) -> list[Path]:
    """Write every requested format into ``out``; returns the files written.

    All files appear together at the end (``all_or_nothing``): an interrupted run leaves the
    previous reports as they were.
    """
    written: list[Path] = []
    with all_or_nothing():
        for name in formats:
            written += writer(name)(batch, out)
    return written
