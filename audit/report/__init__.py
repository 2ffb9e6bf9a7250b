"""Report writers, one module per format, registered by format name."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from audit.errors import ConfigError
from audit.records import BatchResult
from audit.report.csv import write_csv
from audit.report.files import all_or_nothing
from audit.report.html import write_html
from audit.report.json import write_json
from audit.report.parquet import write_parquet
from audit.report.xlsx import write_xlsx

Writer = Callable[[BatchResult, Path], list[Path]]

WRITERS: dict[str, Writer] = {
    "csv": write_csv,
    "xlsx": write_xlsx,
    "html": write_html,
    "json": write_json,
    "parquet": write_parquet,
}


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
            written += WRITERS[name](batch, out)
    return written
