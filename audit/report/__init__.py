"""Report formats, registered by name, and the files each one writes.

Every format is written from a run's parts (``audit.report.stream``): the audits are rendered as
they finish and merged at the end, so no report needs the whole run in memory. A format's module
is imported when it is first written (xlsxwriter, jinja2 and pyarrow load only for the formats
asked for).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from audit.errors import ConfigError
from audit.records import BatchResult

FILES: dict[str, tuple[str, ...]] = {
    "csv": ("findings.csv", "alignment.csv", "summary.csv"),
    "xlsx": ("audit.xlsx",),
    "html": ("audit.html",),
    "json": ("audit.json",),
    "parquet": ("findings.parquet", "alignment.parquet", "summary.parquet"),
}
"""Format name -> the report files it writes into ``--out``."""


def parse_formats(value: str) -> list[str]:
    """``csv,xlsx`` -> ["csv", "xlsx"]; unknown names are a ConfigError."""
    formats = [part.strip().lower() for part in value.split(",") if part.strip()]
    unknown = [f for f in formats if f not in FILES]
    if unknown or not formats:
        raise ConfigError(
            f"unknown report format {', '.join(unknown) or value!r}; use {', '.join(FILES)}"
        )
    return formats


def report_files(formats: Sequence[str]) -> list[str]:
    """The names of the files the formats write."""
    return [name for f in formats for name in FILES[f]]


def write_reports(batch: BatchResult, out: Path, formats: Sequence[str]) -> list[Path]:
    """Write every requested format of a batch held in memory into ``out``; returns the files.

    All files appear together at the end: an interrupted run leaves the previous reports as
    they were.
    """
    from audit.report.stream import write_batch

    return write_batch(batch, out, formats)
