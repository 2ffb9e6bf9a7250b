"""Command-line options -> AuditConfig: the config file first, then what the command line gives.

Kept out of ``cli.py`` so the commands stay thin; every value is checked here, before any
document is read, so a bad option costs no audit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from audit.config import AuditConfig, load_config
from audit.gate import check_fail_under, parse_severity
from audit.ignore import load_ignore
from audit.read.text import check_encoding
from audit.report import parse_formats
from audit.terms import load_terms


@dataclass(frozen=True)
class CommandOptions:
    """The options shared by ``audit run`` and ``audit batch``; None means "not given"."""

    out: Path | None = None
    model: str | None = None
    format: str | None = None
    config: Path | None = None
    quiet: bool = False
    fail_under: float | None = None
    fail_on: str | None = None
    terms: Path | None = None
    ignore: Path | None = None
    encoding: str | None = None
    max_chars: int | None = None
    backend: str | None = None
    device: str | None = None
    cache: Path | None = None


def build_config(options: CommandOptions) -> AuditConfig:
    """The config file's options, overridden by those given on the command line, validated."""
    changes = {
        "model": options.model,
        "out": str(options.out) if options.out else None,
        "format": options.format,
        "quiet": options.quiet or None,
        "fail_under": options.fail_under,
        "fail_on": options.fail_on,
        "terms": load_terms(options.terms) if options.terms else None,
        "ignore": load_ignore(options.ignore) if options.ignore else None,
        "encoding": options.encoding,
        "max_chars": options.max_chars,
        "backend": options.backend,
        "device": options.device,
        "cache_dir": str(options.cache) if options.cache else None,
    }
    config = load_config(options.config).replace(**changes)
    parse_formats(config.format)
    parse_severity(config.fail_on)
    check_fail_under(config.fail_under)
    check_encoding(config.encoding)
    return config
