"""Command-line options -> AuditConfig: the config file first, then what the command line gives.

Kept out of the commands so the commands stay thin; every value is checked here, before any
document is read, so a bad option costs no audit.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from audit.checks.accept import load_ignore, load_terms
from audit.cli.gates import check_fail_under, parse_severity
from audit.read.text import check_encoding
from audit.report import parse_formats
from audit.settings import AuditConfig, load_config


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


OutOption = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="Folder for the reports.", show_default="reports"),
]
ModelOption = Annotated[
    str | None,
    typer.Option("--model", "-m", help="sentence-transformers model name or local folder."),
]
FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="Comma-separated report formats: csv, xlsx, html, json, parquet.",
        show_default="csv",
    ),
]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="TOML file of options (see README).")
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar on stderr.")]
FailUnderOption = Annotated[
    float | None,
    typer.Option("--fail-under", help="Exit 1 if any derivative's fidelity is under this (0-100)."),
]
FailOnOption = Annotated[
    str | None,
    typer.Option(
        "--fail-on", help="Exit 1 if any finding is this severe or worse: critical, major or minor."
    ),
]
TermsOption = Annotated[
    Path | None,
    typer.Option(
        "--terms",
        help="CSV of reference term, accepted variants...: those spellings are no finding.",
    ),
]
IgnoreOption = Annotated[
    Path | None,
    typer.Option(
        "--ignore",
        help="File of accepted finding ids (one a line, or a CSV with an "
        "id column): left out of reports.",
    ),
]

EncodingOption = Annotated[
    str | None,
    typer.Option(
        "--encoding",
        help="Encoding of the input files when not UTF-8 (e.g. cp1252); UTF-16 is detected.",
    ),
]
MaxCharsOption = Annotated[
    int | None,
    typer.Option("--max-chars", min=1, help="Largest document accepted, in characters."),
]
BackendOption = Annotated[
    str | None,
    typer.Option(
        "--backend", help="Encoder: auto (ONNX, exported on first use; else torch), onnx, torch."
    ),
]
DeviceOption = Annotated[
    str | None, typer.Option("--device", help="cpu or cuda (GPU when available).")
]
CacheOption = Annotated[
    Path | None,
    typer.Option("--cache", help="Folder of an on-disk embedding cache shared by runs."),
]


EngineOption = Annotated[
    str,
    typer.Option(
        "--engine",
        help="Where the audits run: local (this machine) or ray (a running Ray cluster; "
        "the ray extra). Reports are the same.",
    ),
]
AddressOption = Annotated[
    str | None,
    typer.Option(
        "--address",
        help="Ray cluster HOST:PORT for --engine ray (default: RAY_ADDRESS or the local one).",
    ),
]


def command_options(parameters: dict[str, Any]) -> CommandOptions:
    """The shared options of a command, taken from its parameters by name (``locals()``)."""
    return CommandOptions(
        **{f.name: parameters[f.name] for f in dataclasses.fields(CommandOptions)}
    )
